"""Building blocks shared by the computations: per-council result frames and cohorts.

Every computation returns a frame indexed by council label with the columns
:data:`~cpanalysis.measures.registry.FRAME_COLUMNS`. The helpers here group
once over all councils (no per-council loops), so the national-scale
benchmark costs a few vectorised passes per measure.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from ..derive.episodes import SHORT_BREAK_LS, cla_at
from ..derive.facts import age_at
from ..quarters import Quarter
from .data import MeasureData, memoised

__all__ = [
    "cla_at_end", "council_frame", "count_frame", "grouped", "mean_frame", "percent_frame", "return_year_start",
    "unavailable", "year_start", "ytd_window",
]


def _index(data: MeasureData) -> pd.Index:
    return pd.Index(data.councils, name="council")


def grouped(data: MeasureData, frame: pd.DataFrame, mask: np.ndarray | pd.Series | None = None) -> pd.Series:
    """Rows per council (optionally of the rows where ``mask`` holds), 0 where none."""
    c = data.council_of(frame)
    if mask is not None:
        c = c[np.asarray(mask, dtype=bool)]
    vc = pd.Series(c, dtype=object).value_counts()
    return vc.reindex(_index(data), fill_value=0).astype("int64")


def _frame(data: MeasureData, numerator, denominator, value, spread=None, note: str = "") -> pd.DataFrame:
    idx = _index(data)
    out = pd.DataFrame(index=idx)
    out["numerator"] = pd.array(numerator, dtype="Int64") if numerator is not None else pd.array([pd.NA] * len(idx), dtype="Int64")
    out["denominator"] = (pd.array(denominator, dtype="Int64") if denominator is not None
                          else pd.array([pd.NA] * len(idx), dtype="Int64"))
    out["value"] = np.asarray(value, dtype=float)
    out["spread"] = np.asarray(spread, dtype=float) if spread is not None else np.nan
    out["available"] = True
    out["note"] = note
    return out


def count_frame(data: MeasureData, counts: pd.Series, shares: pd.Series | None = None, note: str = "") -> pd.DataFrame:
    """A count measure; ``shares`` is the denominator when it is also shown as a share."""
    idx = _index(data)
    n = counts.reindex(idx, fill_value=0).to_numpy(dtype=np.int64)
    den = shares.reindex(idx, fill_value=0).to_numpy(dtype=np.int64) if shares is not None else None
    return _frame(data, n, den, n.astype(float), note=note)


def percent_frame(data: MeasureData, num: pd.Series, den: pd.Series, note: str = "") -> pd.DataFrame:
    """A percentage (0-100); value missing where the denominator is 0."""
    idx = _index(data)
    n = num.reindex(idx, fill_value=0).to_numpy(dtype=np.int64)
    d = den.reindex(idx, fill_value=0).to_numpy(dtype=np.int64)
    with np.errstate(divide="ignore", invalid="ignore"):
        v = np.where(d > 0, 100.0 * n / np.where(d > 0, d, 1), np.nan)
    return _frame(data, n, d, v, note=note)


def mean_frame(data: MeasureData, councils: np.ndarray, values: np.ndarray, note: str = "") -> pd.DataFrame:
    """A mean of ``values`` per council (with the sample standard deviation)."""
    idx = _index(data)
    s = pd.Series(np.asarray(values, dtype=float)).groupby(pd.Series(councils, dtype=object))
    n = s.size().reindex(idx, fill_value=0).to_numpy(dtype=np.int64)
    m = s.mean().reindex(idx).to_numpy(dtype=float)
    sd = s.std(ddof=1).reindex(idx).to_numpy(dtype=float)
    return _frame(data, None, n, m, spread=sd, note=note)


def unavailable(data: MeasureData, why: str) -> pd.DataFrame:
    """Every council "not available" (published ``x``), with the reason."""
    out = _frame(data, None, None, np.full(len(data.councils), np.nan))
    out["available"] = False
    out["note"] = why
    return out


def year_start(quarter: Quarter) -> date:
    """1 April of the quarter's return year (start of a year-to-date window)."""
    return date(quarter.year, 4, 1)


def return_year_start(year: int) -> date:
    """1 April of return year ``year``."""
    return date(year, 4, 1)


def ytd_window(quarter: Quarter) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Year to date: 1 April to the quarter's last day, as timestamps."""
    return pd.Timestamp(year_start(quarter)), pd.Timestamp(quarter.end)


def rolling_start(quarter: Quarter) -> date:
    """First day of the 12 months ending on the quarter's last day."""
    return quarter.shift(-3).start


@memoised
def cla_at_end(data: MeasureData, when: date) -> pd.DataFrame:
    """The open episode of each child looked after at the end of ``when`` (one row a child).

    DfE definition via :func:`cpanalysis.derive.cla_at`: ``DECOM <= when``,
    ``DEC`` empty or after, legal status not V3/V4. Adds ``council`` and,
    when the header is present, ``age`` at ``when``.
    """
    ep = data.episodes
    keys = ["COUNCIL", "CHILD"] if "COUNCIL" in ep.columns else ["CHILD"]
    got = ep.loc[cla_at(ep, when)].drop_duplicates(keys, keep="last").copy()
    got["council"] = data.council_of(got)
    hdr = data.table("header")
    if hdr is not None:
        got = got.merge(data.children[keys + ["DOB"]], on=keys, how="left")
        got["age"] = age_at(pd.to_datetime(got["DOB"]), when)
    return got


def not_short_break(ep: pd.DataFrame) -> pd.Series:
    """Episodes that are not short breaks (legal status V3/V4)."""
    return ~ep["LS"].isin(SHORT_BREAK_LS)


def council_frame(measure_id: str):
    """A ``frame`` function reading ``measure_id`` from the council's CSV.

    The figure is taken as supplied (a percentage is recomputed from its
    numerator and denominator when both are given). No row for the quarter,
    or no CSV at all, gives "not available" (``x``).
    """

    def frame(data: MeasureData, quarter: Quarter) -> pd.DataFrame:
        cm = data.extra.get("council_measures")
        if cm is None:
            return unavailable(data, "council_measures.csv not supplied")
        rows = cm.loc[(cm["measure_id"] == measure_id) & (cm["quarter"] == quarter.label)]
        out = unavailable(data, f"no row for {measure_id} {quarter.label} in council_measures.csv")
        for council in out.index:
            sub = rows.loc[(rows["council"] == council) | (rows["council"] == "")] if data.multi_council else rows
            if sub.empty:
                continue
            r = sub.iloc[-1]
            num, den, val = r["numerator"], r["denominator"], r["value"]
            if pd.notna(num) and pd.notna(den) and den > 0:
                val = 100.0 * num / den
            elif pd.isna(val) and pd.notna(num):
                val = float(num)
            out.loc[council, ["numerator", "denominator"]] = [
                pd.NA if pd.isna(num) else int(num), pd.NA if pd.isna(den) else int(den)]
            out.loc[council, "value"] = float(val) if pd.notna(val) else np.nan
            out.loc[council, "available"] = True
            out.loc[council, "note"] = f"council input: {r['source']}" if r["source"] else "council input"
        return out

    frame.__name__ = f"council_{measure_id.replace('.', '_')}"
    frame.__doc__ = f"{measure_id} read from the council's council_measures.csv (not in the SSDA903)."
    return frame

"""Checks across rows and tables, all vectorised.

Each function takes the tables as read (before quarantine) and adds problems to
a :class:`~cpanalysis.validate.report.Report`. Rows are grouped by return year
(``YEAR``) and, when present, ``COUNCIL``: a key must be unique within one
council's return for one year, and an episode's CHILD must be in the Header of
the same council and year.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..load.tables import TABLES
from .report import Report

__all__ = [
    "check_children_known", "check_episodes", "check_keys", "check_other_tables", "check_upn",
    "check_year_dates", "group_codes", "year_start_end",
]


def year_start_end(years: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """1 April and 31 March (``datetime64[s]``) of each return year's start year."""
    y = np.asarray(years, dtype="int64")
    jan = (y - 1970).astype("datetime64[Y]")
    start = jan.astype("datetime64[M]") + np.timedelta64(3, "M")            # April of y
    end = (jan + np.timedelta64(1, "Y")).astype("datetime64[M]") + np.timedelta64(3, "M")
    return start.astype("datetime64[s]"), (end.astype("datetime64[D]") - np.timedelta64(1, "D")).astype("datetime64[s]")


def group_codes(frame: pd.DataFrame, child: bool = True) -> np.ndarray:
    """One int64 per row identifying (COUNCIL, YEAR[, CHILD]).

    Used to sort and compare rows without building strings.
    """
    year = frame["YEAR"].to_numpy().astype(np.int64)
    code = year - year.min() if len(year) else year
    if "COUNCIL" in frame:
        c = frame["COUNCIL"].cat.codes.to_numpy().astype(np.int64) if isinstance(
            frame["COUNCIL"].dtype, pd.CategoricalDtype) else pd.factorize(frame["COUNCIL"])[0]
        code = code + c * 64
    if child:
        ids, uniq = pd.factorize(frame["CHILD"], use_na_sentinel=True)
        code = code * (len(uniq) + 1) + (ids.astype(np.int64) + 1)
    return code


def check_keys(table: str, frame: pd.DataFrame, report: Report) -> None:
    """``KEY_DUPLICATE``: rows repeating the key of an earlier row in the same return."""
    spec = TABLES[table]
    key = ["YEAR", *spec.key] + (["COUNCIL"] if "COUNCIL" in frame else [])
    dup = frame.duplicated(key, keep="first").to_numpy()
    report.add_rows(table, frame, np.flatnonzero(dup), spec.key[-1], "KEY_DUPLICATE")


def check_children_known(table: str, frame: pd.DataFrame, header: pd.DataFrame,
                         report: Report) -> None:
    """``CHILD_NOT_IN_HEADER``: a child id with no Header row in the same return."""
    cols = ["YEAR", "CHILD"] + (["COUNCIL"] if "COUNCIL" in frame else [])
    known = pd.MultiIndex.from_frame(header[cols].astype({"YEAR": "int64"}))
    mine = pd.MultiIndex.from_frame(frame[cols].astype({"YEAR": "int64"}))
    bad = ~mine.isin(known) & frame["CHILD"].notna().to_numpy()
    report.add_rows(table, frame, np.flatnonzero(bad), "CHILD", "CHILD_NOT_IN_HEADER")


def check_year_dates(table: str, frame: pd.DataFrame, report: Report) -> None:
    """``DATE_AFTER_YEAR_END`` for the dates that must fall on or before 31 March."""
    cols = {"header": ("DOB",), "episodes": ("DECOM",), "reviews": ("REVIEW",),
            "missing": ("MIS_START",), "sw_episodes": ("SW_DECOM",),
            "placed_adoption": ("DATE_PLACED",)}.get(table, ())
    if not cols or frame.empty:
        return
    _, end = year_start_end(frame["YEAR"].to_numpy())
    for c in cols:
        v = frame[c].to_numpy()
        report.add_rows(table, frame, np.flatnonzero(v > end), c, "DATE_AFTER_YEAR_END")


def check_episodes(ep: pd.DataFrame, header: pd.DataFrame, report: Report) -> None:
    """Episode logic within one return: dates, REC/DEC, overlaps, open episodes, gaps.

    Rules: ``EPI_BEFORE_1991``, ``EPI_DEC_BEFORE_DECOM``, ``EPI_REC_WITHOUT_DEC``,
    ``EPI_ENDED_BEFORE_YEAR``, ``DEC_AFTER_YEAR_END``, ``EPI_DECOM_BEFORE_DOB``,
    ``EPI_DEC_WITHOUT_REC``, ``EPI_OVERLAP``, ``EPI_OPEN_NOT_LAST``, ``EPI_GAP``.
    """
    if ep.empty:
        return
    decom = ep["DECOM"].to_numpy()
    dec = ep["DEC"].to_numpy()
    has_dec = ~np.isnat(dec)
    start, end = year_start_end(ep["YEAR"].to_numpy())
    t = "episodes"
    report.add_rows(t, ep, np.flatnonzero(decom < np.datetime64("1991-10-14")), "DECOM", "EPI_BEFORE_1991")
    report.add_rows(t, ep, np.flatnonzero(has_dec & (dec < decom)), "DEC", "EPI_DEC_BEFORE_DECOM")
    has_rec = ep["REC"].notna().to_numpy()
    report.add_rows(t, ep, np.flatnonzero(has_rec & ~has_dec), "REC", "EPI_REC_WITHOUT_DEC")
    report.add_rows(t, ep, np.flatnonzero(~has_rec & has_dec), "REC", "EPI_DEC_WITHOUT_REC")
    report.add_rows(t, ep, np.flatnonzero(has_dec & (dec < start)), "DEC", "EPI_ENDED_BEFORE_YEAR")
    report.add_rows(t, ep, np.flatnonzero(has_dec & (dec > end)), "DEC", "DEC_AFTER_YEAR_END")
    # against the header's DOB (same council, year, child; first header row wins)
    cols = ["YEAR", "CHILD"] + (["COUNCIL"] if "COUNCIL" in ep else [])
    dob = header.drop_duplicates(cols)[cols + ["DOB"]]
    merged = ep[cols].merge(dob, on=cols, how="left", sort=False)
    report.add_rows(t, ep, np.flatnonzero(decom < merged["DOB"].to_numpy()), "DECOM", "EPI_DECOM_BEFORE_DOB")
    # sequence checks within each child's episodes in one return (exact key repeats left out:
    # they are reported as KEY_DUPLICATE)
    g = group_codes(ep)
    order = np.lexsort((decom.astype("int64"), g))
    dup = ep.duplicated(cols + ["DECOM"], keep="first").to_numpy()
    order = order[~dup[order]]
    gs, ds, es = g[order], decom[order], dec[order]
    same_next = np.zeros(len(order), dtype=bool)
    same_next[:-1] = gs[:-1] == gs[1:]
    nxt = np.empty_like(ds)
    nxt[:-1] = ds[1:]
    nxt[-1] = np.datetime64("NaT")
    hd = ~np.isnat(es)
    report.add_rows(t, ep, order[same_next & hd & (es > nxt)], "DEC", "EPI_OVERLAP")
    report.add_rows(t, ep, order[same_next & ~hd], "DEC", "EPI_OPEN_NOT_LAST")
    report.add_rows(t, ep, order[same_next & hd & (es < nxt)], "DEC", "EPI_GAP")


def check_other_tables(tables: dict[str, pd.DataFrame], report: Report) -> None:
    """Date order in Missing, SWEpisodes and PlacedAdoption; OC3 DIED with activity filled."""
    pairs = (("missing", "MIS_START", "MIS_END", "MIS_END_BEFORE_START"),
             ("sw_episodes", "SW_DECOM", "SW_DEC", "SW_DEC_BEFORE_DECOM"),
             ("placed_adoption", "DATE_PLACED", "DATE_PLACED_CEASED", "PA_CEASED_BEFORE_PLACED"))
    for t, a, b, rule in pairs:
        df = tables.get(t)
        if df is not None and not df.empty:
            report.add_rows(t, df, np.flatnonzero((df[b] < df[a]).to_numpy()), b, rule)
    oc3 = tables.get("oc3")
    if oc3 is not None and not oc3.empty:
        died = (oc3["IN_TOUCH"] == "DIED").fillna(False).to_numpy(dtype=bool)
        filled = (oc3["ACTIV"].notna() | oc3["ACCOM"].notna()).to_numpy()
        bad = np.flatnonzero(died & filled)
        vals = (oc3["ACTIV"].fillna("").astype(str) + " / " + oc3["ACCOM"].fillna("").astype(str)).iloc[bad]
        report.add_rows("oc3", oc3, bad, "ACTIV/ACCOM", "OC3_DIED_FILLED", values=vals)


_UPN = r"^(?:[A-Z]\d{12}|[A-Z]\d{11}[A-Z]|UN(?:[1-9]|10))$"


def check_upn(header: pd.DataFrame, report: Report) -> None:
    """``UPN_FORMAT``: a UPN that is neither a letter and 12 digits nor an 'UN' reason code."""
    upn = header["UPN"]
    ok = (upn.isna() | upn.str.fullmatch(_UPN).fillna(False)).to_numpy(dtype=bool)
    report.add_rows("header", header, np.flatnonzero(~ok), "UPN", "UPN_FORMAT")

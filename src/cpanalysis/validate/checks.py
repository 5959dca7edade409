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
import pyarrow as pa
import pyarrow.compute as pc

from ..derive.keys import zero_length_duplicates
from ..load.tables import TABLES
from .report import Report

__all__ = [
    "HeaderIndex", "check_children_known", "check_episodes", "check_keys", "check_other_tables", "check_upn",
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


def _council_codes(frame: pd.DataFrame, categories: pd.Index | None = None) -> np.ndarray:
    """int64 council code per row (0 without ``COUNCIL``), aligned on ``categories`` when given."""
    if "COUNCIL" not in frame:
        return np.zeros(len(frame), dtype=np.int64)
    col = frame["COUNCIL"]
    if not isinstance(col.dtype, pd.CategoricalDtype):
        col = col.astype("category")
    codes = col.cat.codes.to_numpy().astype(np.int64)
    if categories is not None and not col.cat.categories.equals(categories):
        remap = categories.get_indexer(col.cat.categories)
        codes = np.where(codes >= 0, remap[np.maximum(codes, 0)], -1)
    return codes


def check_keys(table: str, frame: pd.DataFrame, report: Report) -> None:
    """``KEY_DUPLICATE``: rows repeating the key of an earlier row in the same return.

    Same result as ``frame.duplicated(YEAR, COUNCIL, *key)``, on integer codes.
    In Episodes, a zero-length episode (DEC == DECOM) beside the episode that
    continues from the same day (same CHILD and DECOM) is not a key duplicate
    to quarantine: it is reported as ``KEY_DUPLICATE_ZERO_LENGTH`` (a warning),
    left out of the key comparison so the continuing episode is kept whatever
    the row order, and dropped by derive as a logged repair
    (``ZERO_LENGTH_DUPLICATE_DROPPED``).
    """
    if frame.empty:
        return
    if table == "episodes":
        zl = zero_length_duplicates(frame)
        if zl.any():
            report.add_rows(table, frame, np.flatnonzero(zl), "DEC", "KEY_DUPLICATE_ZERO_LENGTH")
            rest = np.flatnonzero(~zl)
            dup = np.zeros(len(frame), dtype=bool)
            dup[rest] = _duplicated(table, frame.iloc[rest])
            report.add_rows(table, frame, np.flatnonzero(dup), TABLES[table].key[-1], "KEY_DUPLICATE")
            return
    dup = _duplicated(table, frame)
    report.add_rows(table, frame, np.flatnonzero(dup), TABLES[table].key[-1], "KEY_DUPLICATE")


def _duplicated(table: str, frame: pd.DataFrame) -> np.ndarray:
    """Whether each row repeats the (YEAR, COUNCIL, *key) of an earlier row (the first is kept)."""
    spec = TABLES[table]
    if frame.empty:
        return np.zeros(0, dtype=bool)
    parts = [frame["YEAR"].to_numpy().astype(np.int64), _council_codes(frame)]
    for c in spec.key:
        v = frame[c]
        if pd.api.types.is_datetime64_any_dtype(v.dtype):
            d = v.to_numpy()
            x = d.astype("datetime64[D]").astype(np.int64)     # dates are whole days
            parts.append(np.where(np.isnat(d), x[~np.isnat(d)].min(initial=0) - 1, x))
        else:
            parts.append(pd.factorize(v, use_na_sentinel=False)[0].astype(np.int64))
    # one mixed-radix int64 key when the parts' ranges fit (they do for real returns), else lexsort
    lows = [int(x.min()) for x in parts]
    spans = [int(x.max()) - lo + 1 for x, lo in zip(parts, lows)]
    if float(np.prod(np.array(spans, dtype=np.float64))) < 2.0 ** 62:
        key = np.zeros(len(frame), dtype=np.int64)
        for x, lo, span in zip(parts, lows, spans):
            key = key * span + (x - lo)
        order = np.argsort(key, kind="stable")
        ks = key[order]
        same_prev = np.zeros(len(frame), dtype=bool)
        same_prev[1:] = ks[1:] == ks[:-1]
    else:
        order = np.lexsort(parts[::-1])
        stacked = np.stack([p[order] for p in parts])
        same_prev = np.zeros(len(frame), dtype=bool)
        same_prev[1:] = (stacked[:, 1:] == stacked[:, :-1]).all(axis=0)
    dup = np.zeros(len(frame), dtype=bool)
    dup[order] = same_prev          # stable sorts: the first row of each key is kept
    return dup


class HeaderIndex:
    """The (COUNCIL, YEAR, CHILD) keys of a Header table, as sorted integers, built once.

    CHILD becomes its position among the Header's distinct ids (found by
    arrow's ``index_in``), so keys of other tables are comparable with
    ``np.searchsorted`` instead of string joins.
    """

    def __init__(self, header: pd.DataFrame) -> None:
        self.vocab = pc.unique(pa.array(header["CHILD"].array).cast(pa.string()))
        self.cats = header["COUNCIL"].astype("category").cat.categories if "COUNCIL" in header else None
        self.n = len(self.vocab) + 1
        self.keys = np.sort(self.key(header)[0])

    def key(self, df: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        """Integer key per row and the CHILD position (-1: not a Header id)."""
        ids = _child_ids(df["CHILD"], self.vocab)
        base = _council_codes(df, self.cats) * 4096 + (df["YEAR"].to_numpy().astype(np.int64) + 1024)
        return base * self.n + ids, ids

    def known(self, df: pd.DataFrame) -> np.ndarray:
        """Whether each row's (COUNCIL, YEAR, CHILD) has a Header row."""
        k, ids = self.key(df)
        if self.keys.size == 0:
            return np.zeros(len(df), dtype=bool)
        pos = np.minimum(np.searchsorted(self.keys, k), self.keys.size - 1)
        return (ids >= 0) & (self.keys[pos] == k)


def check_children_known(table: str, frame: pd.DataFrame, header: pd.DataFrame,
                         report: Report, index: HeaderIndex | None = None) -> None:
    """``CHILD_NOT_IN_HEADER``: a child id with no Header row in the same return.

    Compares integer (COUNCIL, YEAR, CHILD) keys (:class:`HeaderIndex`; pass
    one to reuse it across tables).
    """
    if frame.empty:
        return
    index = index if index is not None else HeaderIndex(header)
    bad = ~index.known(frame) & frame["CHILD"].notna().to_numpy()
    report.add_rows(table, frame, np.flatnonzero(bad), "CHILD", "CHILD_NOT_IN_HEADER")


def _child_ids(values: pd.Series, vocab: pa.Array) -> np.ndarray:
    got = pc.index_in(pa.array(values.array).cast(pa.string()), value_set=vocab)
    return pc.fill_null(got, -1).to_numpy(zero_copy_only=False).astype(np.int64)


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
    # they are reported as KEY_DUPLICATE; a zero-length row beside the episode continuing from
    # the same day is left out too, as derive drops it)
    g = group_codes(ep)
    order = np.lexsort((decom.astype("int64"), g))
    dup = zero_length_duplicates(ep)
    rest = np.flatnonzero(~dup)
    dup[rest] = ep.iloc[rest].duplicated(cols + ["DECOM"], keep="first").to_numpy()
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
    # Short breaks (V3/V4) are separate stays with gaps between them by nature: a gap from one
    # short break to the next is not reported (it would bury the real gaps in noise).
    short = ep["LS"].isin(["V3", "V4"]).to_numpy(dtype=bool)[order]
    both_short = np.zeros(len(order), dtype=bool)
    both_short[:-1] = short[:-1] & short[1:]
    report.add_rows(t, ep, order[same_next & hd & (es < nxt) & ~both_short], "DEC", "EPI_GAP")


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

"""Episodes stitched across return years, with logged repair rules; who is looked after at a date.

Each return year's episodes table lists every episode open at any time in that
year, so an episode that spans 31 March appears in two files: open (no DEC) in
the earlier one and, usually, closed in the later one. Real returns also hold
overlapping and open episodes. :func:`stitch_episodes` applies these rules, in
this order, and logs every repair it makes (rule ids in the ``repairs`` log):

0. ``ZERO_LENGTH_DUPLICATE_DROPPED`` - within one return, a zero-length
   episode (DEC == DECOM) that has the same CHILD and DECOM as an episode
   continuing from that day (later or no DEC) is dropped: the continuing
   episode is the real one (:func:`~cpanalysis.derive.keys.zero_length_duplicates`).
   Validation reports each such row (``KEY_DUPLICATE_ZERO_LENGTH``) and keeps
   it for this repair; keeping the zero-length row instead would make a false
   gap, a false "ceased", a new period of care and lost moves. Listed row by
   row.
1. ``SAME_EPISODE_LATER_YEAR`` - an episode is identified by (council, CHILD,
   DECOM); where several return years (or duplicate rows) hold it, the row from
   the latest return year wins (it carries the latest DEC and REC). Counted,
   not listed row by row (most are ordinary episodes spanning 31 March).
2. ``OPEN_SUPERSEDED`` - an episode with no DEC that is followed by a later
   episode of the same child is closed on the later episode's DECOM; REC
   becomes ``X1`` when the later episode does not start a new period (RNE not
   S), otherwise it is left blank.
3. ``OVERLAP_TRUNCATED`` - an episode whose DEC is after the next episode's
   DECOM ends on that DECOM.
4. ``OPEN_DROPPED_FROM_LATER_RETURN`` - an episode still open in its latest
   return year although a later return year of the same council was read and
   the child has no later episode: it ended during or at the end of the last
   return that holds it; it is closed on that return's 31 March (REC blank).
5. ``REC_WITHOUT_DEC_CLEARED`` - an open episode's REC is cleared (REC describes
   how an episode ended).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from .keys import child_key, zero_length_duplicates

__all__ = ["REPAIR_COLUMNS", "SHORT_BREAK_LS", "cla_at", "stitch_episodes"]

#: Legal statuses for short breaks (respite), excluded from almost all statistics.
SHORT_BREAK_LS = frozenset({"V3", "V4"})

#: Columns of the repairs log.
REPAIR_COLUMNS = ("rule", "COUNCIL", "CHILD", "DECOM", "YEAR", "column", "old", "new")


def _log(repairs: list | None, rule: str, df: pd.DataFrame, mask: np.ndarray, column: str,
         old, new) -> None:
    if repairs is None or not mask.any():
        return
    sub = df.loc[mask]
    def text(v):
        if isinstance(v, pd.Series):
            if pd.api.types.is_datetime64_any_dtype(v.dtype):
                return v.dt.strftime("%d/%m/%Y").fillna("").to_numpy(dtype=object)
            return v.astype("string").fillna("").to_numpy(dtype=object)
        return v
    repairs.append(pd.DataFrame({
        "rule": rule,
        "COUNCIL": sub["COUNCIL"].astype(str).to_numpy(dtype=object) if "COUNCIL" in sub else "",
        "CHILD": sub["CHILD"].to_numpy(dtype=object),
        "DECOM": sub["DECOM"].to_numpy(),
        "YEAR": sub["YEAR"].to_numpy(),
        "column": column,
        "old": text(old[mask] if isinstance(old, pd.Series) else old),
        "new": text(new[mask] if isinstance(new, pd.Series) else new),
    }))


def stitch_episodes(episodes: pd.DataFrame, repairs: list | None = None,
                    counts: dict | None = None) -> pd.DataFrame:
    """One row per episode across return years, repaired (see the module docstring).

    Parameters
    ----------
    episodes : pandas.DataFrame
        Accepted episodes from every return year, with ``YEAR``.
    repairs : list, optional
        Receives one DataFrame per repair rule applied (:data:`REPAIR_COLUMNS`).
    counts : dict, optional
        Receives rule id -> number of episodes affected.

    Returns
    -------
    pandas.DataFrame
        Sorted by child then ``DECOM``; ``DEC`` never after the next ``DECOM``.
    """
    counts = counts if counts is not None else {}
    if episodes.empty:
        counts["ZERO_LENGTH_DUPLICATE_DROPPED"] = 0
        return episodes.reset_index(drop=True)
    # 0. a zero-length row beside the episode that continues from the same day
    zl = zero_length_duplicates(episodes)
    counts["ZERO_LENGTH_DUPLICATE_DROPPED"] = int(zl.sum())
    if zl.any():
        _log(repairs, "ZERO_LENGTH_DUPLICATE_DROPPED", episodes, zl, "DEC", episodes["DEC"],
             "row dropped (same-day episode continues)")
        episodes = episodes.loc[~zl]
    key = child_key(episodes)
    order = np.lexsort((episodes["YEAR"].to_numpy(), episodes["DECOM"].to_numpy().astype("int64"), key))
    ep = episodes.iloc[order].reset_index(drop=True)
    k = key[order]
    decom_i = ep["DECOM"].to_numpy().astype("int64")
    last_copy = np.ones(len(ep), dtype=bool)
    last_copy[:-1] = ~((k[:-1] == k[1:]) & (decom_i[:-1] == decom_i[1:]))
    counts["SAME_EPISODE_LATER_YEAR"] = int((~last_copy).sum())
    ep = ep.loc[last_copy].reset_index(drop=True)
    k = k[last_copy]
    n = len(ep)
    same_next = np.zeros(n, dtype=bool)
    same_next[:-1] = k[:-1] == k[1:]
    decom = ep["DECOM"].to_numpy()
    dec = ep["DEC"].to_numpy().copy()
    nxt = np.full(n, np.datetime64("NaT"), dtype=decom.dtype)
    nxt[:-1] = decom[1:]
    next_rne = np.full(n, None, dtype=object)
    next_rne[:-1] = ep["RNE"].to_numpy(dtype=object, na_value=None)[1:]
    rec = ep["REC"].copy()
    old_dec = ep["DEC"].copy()
    old_rec = ep["REC"].copy()
    # 2. open but superseded
    open_sup = same_next & np.isnat(dec)
    dec[open_sup] = nxt[open_sup]
    x1 = open_sup & (next_rne != "S")
    rec = rec.mask(pd.Series(x1), "X1")
    rec = rec.mask(pd.Series(open_sup & ~x1), None)
    # 3. overlaps
    overlap = same_next & ~np.isnat(dec) & (dec > nxt)
    dec[overlap] = nxt[overlap]
    # 4. open, child absent from a later return of the same council
    still_open = ~same_next & np.isnat(dec)
    if "COUNCIL" in ep.columns:
        latest = ep.groupby("COUNCIL", observed=True)["YEAR"].transform("max").to_numpy()
    else:
        latest = np.full(n, ep["YEAR"].max())
    year = ep["YEAR"].to_numpy().astype(np.int64)
    dropped = still_open & (year < latest)
    ye = ((year + 1 - 1970).astype("datetime64[Y]").astype("datetime64[M]") + np.timedelta64(2, "M")
          ).astype("datetime64[D]") + np.timedelta64(30, "D")   # 31 March of year + 1
    dec[dropped] = ye[dropped].astype(dec.dtype)
    rec = rec.mask(pd.Series(dropped), None)
    # 5. REC on an episode still open
    cleared = np.isnat(dec) & rec.notna().to_numpy()
    rec = rec.mask(pd.Series(cleared), None)
    ep["DEC"] = dec
    ep["REC"] = rec
    for rule, mask, col, old, new in (
        ("OPEN_SUPERSEDED", open_sup, "DEC", old_dec, ep["DEC"]),
        ("OVERLAP_TRUNCATED", overlap, "DEC", old_dec, ep["DEC"]),
        ("OPEN_DROPPED_FROM_LATER_RETURN", dropped, "DEC", old_dec, ep["DEC"]),
        ("REC_WITHOUT_DEC_CLEARED", cleared, "REC", old_rec, ep["REC"]),
    ):
        counts[rule] = int(mask.sum())
        _log(repairs, rule, ep, mask, col, old, new)
    return ep


def cla_at(episodes: pd.DataFrame, when: date | pd.Timestamp) -> pd.Series:
    """Which episodes make a child looked after at the end of ``when``.

    DfE definition (SSDA903 guidance, "children looked after at 31 March"): an
    episode with ``DECOM <= when`` and (``DEC`` empty or ``DEC > when``),
    excluding short breaks (legal status V3 or V4).

    Parameters
    ----------
    episodes : pandas.DataFrame
        Stitched episodes with ``DECOM``, ``DEC`` and ``LS``.
    when : date
        The snapshot date.

    Returns
    -------
    pandas.Series of bool
        True for each episode open at ``when`` that is not a short break.
    """
    t = pd.Timestamp(when)
    open_ = (episodes["DECOM"] <= t) & (episodes["DEC"].isna() | (episodes["DEC"] > t))
    return open_ & ~episodes["LS"].isin(SHORT_BREAK_LS)

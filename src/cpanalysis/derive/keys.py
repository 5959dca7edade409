"""Child keys: one integer per child (and council), for fast vectorised grouping."""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["child_key", "group_bounds", "key_columns", "zero_length_duplicates"]


def key_columns(frame: pd.DataFrame) -> list[str]:
    """``["COUNCIL", "CHILD"]`` when the frame holds several councils, else ``["CHILD"]``."""
    return ["COUNCIL", "CHILD"] if "COUNCIL" in frame.columns else ["CHILD"]


def child_key(frame: pd.DataFrame) -> np.ndarray:
    """An int64 per row, equal for rows of the same child (same council)."""
    ids, uniq = pd.factorize(frame["CHILD"])
    key = ids.astype(np.int64)
    if "COUNCIL" in frame.columns:
        c, _ = pd.factorize(frame["COUNCIL"])
        key = c.astype(np.int64) * (len(uniq) + 1) + key
    return key


def group_bounds(ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First and last positions of each run of equal values in a sorted array.

    Unlike ``groupby().first()``, positional: a missing value in the last row
    (an open episode) is kept, not skipped.
    """
    n = len(ids)
    if n == 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    brk = np.flatnonzero(ids[1:] != ids[:-1])
    first = np.concatenate([[0], brk + 1]).astype(np.int64)
    last = np.concatenate([brk, [n - 1]]).astype(np.int64)
    return first, last


def zero_length_duplicates(episodes: pd.DataFrame) -> np.ndarray:
    """Zero-length episodes (DEC == DECOM) repeating the start of a continuing episode.

    A case system often writes a same-day episode (started and ended on one
    day) beside the episode that really continues from that day: both have the
    same CHILD and DECOM in one return. The continuing one (DEC later than
    DECOM, or open) is the real episode; the zero-length row is the one to
    drop. Rows are grouped by return year (``YEAR``) and council when present.

    Returns
    -------
    numpy.ndarray of bool
        True for each zero-length row whose (YEAR, COUNCIL, CHILD, DECOM) also
        holds a continuing episode.

    Examples
    --------
    >>> d = pd.to_datetime
    >>> ep = pd.DataFrame({"YEAR": 2023, "CHILD": ["1", "1", "2", "2"],
    ...                    "DECOM": d(["2023-05-01"] * 4), "DEC": d(["2023-05-01", None, "2023-05-01", "2023-05-01"])})
    >>> zero_length_duplicates(ep).tolist()
    [True, False, False, False]
    """
    n = len(episodes)
    if n == 0:
        return np.zeros(0, dtype=bool)
    decom = episodes["DECOM"].to_numpy()
    dec = episodes["DEC"].to_numpy()
    zero = ~np.isnat(dec) & (dec == decom)
    if not zero.any():
        return zero
    # only rows sharing a DECOM and a CHILD with some zero-length row can be in such a group
    zi = np.flatnonzero(zero)
    days = decom.astype("datetime64[D]").astype(np.int64)
    cand = np.flatnonzero(np.isin(days, np.unique(days[zi])))
    child = episodes["CHILD"]
    cand = cand[child.iloc[cand].isin(child.iloc[zi].unique()).to_numpy(dtype=bool)]
    sub = episodes.iloc[cand]
    cont = ~np.isnat(decom[cand]) & (np.isnat(dec[cand]) | (dec[cand] > decom[cand]))
    cols = [c for c in ("YEAR", "COUNCIL") if c in episodes.columns] + ["CHILD", "DECOM"]
    g = sub.groupby(cols, sort=False, observed=True, dropna=False).ngroup().to_numpy()
    has_cont = np.bincount(g, weights=cont.astype(np.float64), minlength=int(g.max()) + 1) > 0
    out = np.zeros(n, dtype=bool)
    out[cand] = zero[cand] & has_cont[g]
    return out

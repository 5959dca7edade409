"""Child keys: one integer per child (and council), for fast vectorised grouping."""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["child_key", "group_bounds", "key_columns"]


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

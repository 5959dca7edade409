"""Child keys: one integer per child (and council), for fast vectorised grouping."""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["child_key", "key_columns"]


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

"""Formatting and writing: ``dd/mm/YYYY`` dates and byte-stable CSV files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["format_dates", "write_csv"]

_LO = int(np.datetime64("1900-01-01", "D").astype(np.int64))
_HI = int(np.datetime64("2100-01-01", "D").astype(np.int64))
_TABLE: np.ndarray | None = None


def _table() -> np.ndarray:
    global _TABLE
    if _TABLE is None:
        iso = np.datetime_as_string(np.arange(_LO, _HI).astype("datetime64[D]"), unit="D")
        s = pd.Series(iso)
        _TABLE = (s.str[8:10] + "/" + s.str[5:7] + "/" + s.str[0:4]).to_numpy(dtype=object)
    return _TABLE


def format_dates(days: np.ndarray, missing: np.ndarray | None = None) -> np.ndarray:
    """Day numbers (days since 1970-01-01) as ``dd/mm/YYYY`` strings.

    Parameters
    ----------
    days : numpy.ndarray
        Integer day numbers.
    missing : numpy.ndarray of bool, optional
        Where true, the result is the empty string.
    """
    out = _table()[np.asarray(days, dtype=np.int64) - _LO]
    if missing is not None:
        out = np.where(missing, "", out).astype(object)
    return out


def write_csv(table: pd.DataFrame, path: Path) -> Path:
    """Write ``table`` as UTF-8 CSV with ``\\n`` line endings and no index."""
    path.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
    return path

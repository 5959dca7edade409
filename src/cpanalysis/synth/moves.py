"""Counting placement moves and days in care per child over date windows."""

from __future__ import annotations

import numpy as np

from .histories import Episodes, Periods

__all__ = ["count_in_window", "days_in_care", "move_days"]

_BIG = np.int64(1) << 32


def move_days(ep: Episodes) -> tuple[np.ndarray, np.ndarray]:
    """``(child, day)`` of every placement move (RNE P or B), sorted.

    This is the generator's own rule, used to make outcomes depend on moves;
    the analysis has its own, documented, counting rule.
    """
    m = np.isin(ep.rne, ("P", "B"))
    key = np.sort(ep.child[m].astype(np.int64) * _BIG + ep.decom[m])
    return key // _BIG, key % _BIG


def count_in_window(events: tuple[np.ndarray, np.ndarray], child: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Number of events for each ``child`` with ``lo <= day <= hi``."""
    ec, ed = events
    key = ec * _BIG + ed
    c = child.astype(np.int64) * _BIG
    return np.searchsorted(key, c + hi, side="right") - np.searchsorted(key, c + lo, side="left")


def days_in_care(periods: Periods, n_children: int, lo: int, hi: int) -> np.ndarray:
    """Days each child spent in care between days ``lo`` and ``hi`` inclusive."""
    overlap = np.minimum(periods.end, hi + 1) - np.maximum(periods.start, lo)
    out = np.zeros(n_children, dtype=np.int64)
    np.add.at(out, periods.child, np.clip(overlap, 0, None))
    return out

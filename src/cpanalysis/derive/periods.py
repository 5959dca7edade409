"""Periods of care: unbroken runs of episodes.

A new period of care starts at an episode with RNE ``S`` (DfE: "started to be
looked after"). Our rule adds two safety nets, both counted in the build log:
a child's first episode always starts a period, and so does an episode that
starts after the previous one ended (a gap), whatever its RNE
(``PERIOD_START_WITHOUT_S``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .episodes import SHORT_BREAK_LS
from .keys import child_key, group_bounds, key_columns

__all__ = ["assign_periods", "periods_table"]


def assign_periods(ep: pd.DataFrame, counts: dict | None = None) -> pd.DataFrame:
    """Add ``period_id`` (unique across the data) and ``period_start`` (bool) to stitched episodes.

    Parameters
    ----------
    ep : pandas.DataFrame
        From :func:`~cpanalysis.derive.episodes.stitch_episodes` (sorted by child, DECOM).
    counts : dict, optional
        Receives ``PERIOD_START_WITHOUT_S``.
    """
    k = child_key(ep)
    n = len(ep)
    first = np.ones(n, dtype=bool)
    first[1:] = k[1:] != k[:-1]
    decom = ep["DECOM"].to_numpy()
    prev_dec = np.full(n, np.datetime64("NaT"), dtype=decom.dtype)
    prev_dec[1:] = ep["DEC"].to_numpy()[:-1]
    gap = ~first & ~np.isnat(prev_dec) & (decom > prev_dec)
    is_s = (ep["RNE"] == "S").fillna(False).to_numpy(dtype=bool)
    start = first | is_s | gap
    if counts is not None:
        counts["PERIOD_START_WITHOUT_S"] = int((start & ~is_s).sum())
    out = ep.copy()
    out["period_start"] = start
    out["period_id"] = np.cumsum(start).astype(np.int64)
    return out


def periods_table(ep: pd.DataFrame) -> pd.DataFrame:
    """One row per period of care.

    Columns: child key, ``period_id``, ``start``, ``end`` (DEC of the last
    episode; missing while open), ``rec`` (how it ended), ``first_rne``,
    ``n_episodes``, ``n_placements`` (when placements are assigned),
    ``short_breaks_only`` (every episode V3/V4).
    """
    keys = key_columns(ep)
    first, last = group_bounds(ep["period_id"].to_numpy())
    out = ep.iloc[first][keys + ["period_id"]].reset_index(drop=True)
    out["start"] = ep["DECOM"].to_numpy()[first]
    out["end"] = ep["DEC"].to_numpy()[last]
    out["rec"] = ep["REC"].iloc[last].to_numpy()
    out["first_rne"] = ep["RNE"].iloc[first].to_numpy()
    out["n_episodes"] = (last - first + 1).astype(np.int64)
    sb = ep["LS"].isin(SHORT_BREAK_LS).to_numpy(dtype=np.int64)
    csum = np.concatenate([[0], np.cumsum(sb)])
    out["short_breaks_only"] = (csum[last + 1] - csum[first]) == out["n_episodes"].to_numpy()
    if "is_new_placement" in ep.columns:
        c = np.concatenate([[0], np.cumsum(ep["is_new_placement"].to_numpy(dtype=np.int64))])
        out["n_placements"] = c[last + 1] - c[first]
    return out

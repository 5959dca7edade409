"""Episodes stitched across return years, and who is looked after at a date.

Each return year's episodes table lists every episode open at any time in that
year, so an episode that spans 31 March appears in two files: open (no DEC) in
the earlier one and, usually, closed in the later one.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

__all__ = ["SHORT_BREAK_LS", "cla_at", "stitch_episodes"]

#: Legal statuses for short breaks (respite), excluded from almost all statistics.
SHORT_BREAK_LS = frozenset({"V3", "V4"})


def stitch_episodes(episodes: pd.DataFrame) -> pd.DataFrame:
    """One row per episode across return years.

    Rule: an episode is identified by ``(CHILD, DECOM)``; where it appears in
    several return years the row from the latest year wins (it carries the
    latest DEC and REC).

    Parameters
    ----------
    episodes : pandas.DataFrame
        Episodes from :func:`cpanalysis.load.read_returns`, with ``YEAR``.

    Returns
    -------
    pandas.DataFrame
        Sorted by ``CHILD`` then ``DECOM``.
    """
    out = (
        episodes.sort_values(["CHILD", "DECOM", "YEAR"], kind="stable")
        .drop_duplicates(["CHILD", "DECOM"], keep="last")
        .reset_index(drop=True)
    )
    return out


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

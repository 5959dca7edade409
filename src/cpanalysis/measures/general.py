"""General measures (scorecard section "General"): how many cared for children."""

from __future__ import annotations

import pandas as pd

from ..derive.episodes import cla_at
from ..quarters import Quarter
from .data import MeasureData
from .registry import Measure, Result, register

__all__ = ["G1", "cared_for_children", "cared_for_children_by_quarter", "g1"]


def cared_for_children(episodes: pd.DataFrame, quarter: Quarter) -> int:
    """Number of cared for children at the end of a quarter (scorecard G1).

    Definition (DfE SSDA903 "children looked after at 31 March", applied at
    each quarter end): the number of distinct children with an episode open at
    the end of the quarter's last day, that is ``DECOM <= end`` and (``DEC``
    empty or ``DEC > end``), excluding episodes whose legal status is a short
    break (V3, V4).

    Checked by ``tests/measures/test_general.py`` against a hand-counted
    fixture.

    Parameters
    ----------
    episodes : pandas.DataFrame
        Episodes stitched across return years.
    quarter : Quarter
        The quarter whose last day is the snapshot date.

    Returns
    -------
    int
    """
    open_ = cla_at(episodes, quarter.end)
    return int(episodes.loc[open_, "CHILD"].nunique())


def cared_for_children_by_quarter(episodes: pd.DataFrame, quarters: list[Quarter]) -> pd.DataFrame:
    """G1 for several quarters, oldest first.

    Returns
    -------
    pandas.DataFrame
        Columns ``quarter`` (label), ``quarter_end`` (date) and ``children``.
    """
    return pd.DataFrame(
        {
            "quarter": [q.label for q in quarters],
            "quarter_end": [q.end for q in quarters],
            "children": [cared_for_children(episodes, q) for q in quarters],
        }
    )


def g1(data: MeasureData, quarter: Quarter) -> Result:
    """Scorecard G1 from the council's data (see :func:`cared_for_children`)."""
    return Result.count(cared_for_children(data.episodes, quarter))


G1 = register(
    Measure(
        id="G1",
        title="Number of cared for children",
        pledge="General",
        definition=(
            "Children looked after at the end of the quarter: an episode of care that started "
            "on or before the last day of the quarter and had not ended by then. Children "
            "on short breaks only (legal status V3 or V4) are not counted."
        ),
        source="DfE SSDA903 guidance, children looked after at 31 March, applied at quarter end",
        period="snapshot",
        polarity="neutral",
        unit="count",
        data="SSDA903 episodes",
        compute=g1,
    )
)

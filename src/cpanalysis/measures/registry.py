"""The measure registry: one declarative entry per scorecard measure.

Every measure's definition lives in exactly one place, its :class:`Measure`
entry, which the scorecard, the CLI and the methodology page all read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

__all__ = ["MEASURES", "Measure", "get", "register"]

Period = Literal["snapshot", "year_to_date", "rolling_12_months", "return_year"]
Polarity = Literal["higher_is_better", "lower_is_better", "neutral"]
Unit = Literal["count", "percent", "rate_per_10000", "days", "mean"]


@dataclass(frozen=True)
class Measure:
    """A scorecard measure.

    Attributes
    ----------
    id : str
        Scorecard id, e.g. ``"G1"`` or ``"P3.7"``.
    title : str
        Title in the council's words.
    pledge : str
        Pledge or section it reports under.
    definition : str
        Plain-English definition: who is counted, when, what is excluded.
    source : str
        Where the definition comes from (DfE guidance, council scorecard).
    period : str
        ``snapshot`` at quarter end, ``year_to_date``, ``rolling_12_months`` or
        ``return_year``.
    polarity : str
        Whether higher is better.
    unit : str
        What the value counts.
    data : str
        Input it is computed from (e.g. ``"SSDA903 episodes"``).
    compute : callable
        The function that computes it; its docstring repeats the definition.
    """

    id: str
    title: str
    pledge: str
    definition: str
    source: str
    period: Period
    polarity: Polarity
    unit: Unit
    data: str
    compute: Callable[..., object]


MEASURES: dict[str, Measure] = {}


def register(measure: Measure) -> Measure:
    """Add a measure to :data:`MEASURES`; ids must be unique."""
    if measure.id in MEASURES:
        raise ValueError(f"measure {measure.id} registered twice")
    MEASURES[measure.id] = measure
    return measure


def get(measure_id: str) -> Measure:
    """The registered measure with this id."""
    return MEASURES[measure_id]

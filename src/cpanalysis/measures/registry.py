"""The measure registry: one declarative entry per scorecard measure.

Every measure's definition lives in exactly one place, its :class:`Measure`
entry, which the scorecard, the CLI and the methodology page all read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

__all__ = ["MEASURES", "Measure", "Result", "get", "register"]

@dataclass(frozen=True)
class Result:
    """A measure's value for one quarter, before protection.

    Attributes
    ----------
    numerator : int or None
        The count (for a count measure, the value itself; for a percentage,
        the children meeting the condition; for a mean, ``None``).
    denominator : int or None
        The children the percentage or mean is taken over.
    value : float or None
        The value in the measure's unit (a percentage is 0-100). ``None`` when
        not available.
    available : bool
        False when the input the measure needs is absent: published as ``x``.
    note : str
        Why it is not available, or a caveat to print beside it.
    """

    numerator: int | None = None
    denominator: int | None = None
    value: float | None = None
    available: bool = True
    note: str = ""

    @classmethod
    def count(cls, n: int) -> "Result":
        """A count measure's result."""
        return cls(numerator=int(n), value=float(n))

    @classmethod
    def percent(cls, numerator: int, denominator: int) -> "Result":
        """A percentage; ``value`` is ``None`` when the denominator is 0."""
        value = 100.0 * numerator / denominator if denominator else None
        return cls(numerator=int(numerator), denominator=int(denominator), value=value)

    @classmethod
    def mean(cls, values: "Sequence[float]") -> "Result":
        """A mean over ``len(values)`` children (days, scores)."""
        vals = [float(v) for v in values]
        return cls(denominator=len(vals), value=sum(vals) / len(vals) if vals else None)

    @classmethod
    def not_available(cls, why: str) -> "Result":
        """The input is absent: shown as ``x``, never a made-up value."""
        return cls(available=False, note=why)


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

"""The measure registry: one declarative entry per scorecard measure.

Every measure's definition lives in exactly one place, its :class:`Measure`
entry, which the scorecard, the CLI and the methodology page all read. That
includes how DfE publishes it by council (``dfe``, a
:class:`cpanalysis.measures.dfe.DfeFigure`), from which
:data:`cpanalysis.benchmarks.mapping.BENCHMARKS` is built.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import pandas as pd

from .dfe import DfeFigure

if TYPE_CHECKING:  # pragma: no cover
    from ..quarters import Quarter
    from .data import MeasureData

__all__ = ["FRAME_COLUMNS", "MEASURES", "Measure", "Result", "get", "register"]

#: Columns of a per-council result frame (:meth:`Measure.results`).
FRAME_COLUMNS = ("numerator", "denominator", "value", "spread", "available", "note")

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
    spread : float or None
        For a mean, the sample standard deviation (used for the direction of
        travel, Welch 1947); otherwise ``None``.
    """

    numerator: int | None = None
    denominator: int | None = None
    value: float | None = None
    available: bool = True
    note: str = ""
    spread: float | None = None

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
        n = len(vals)
        m = sum(vals) / n if vals else None
        sd = math.sqrt(sum((v - m) ** 2 for v in vals) / (n - 1)) if n > 1 and m is not None else None
        return cls(denominator=n, value=m, spread=sd)

    @classmethod
    def from_row(cls, row: "pd.Series") -> "Result":
        """One council's row of a result frame (:data:`FRAME_COLUMNS`)."""
        def num(v: object) -> int | None:
            return None if v is None or pd.isna(v) else int(v)  # type: ignore[arg-type]

        def flt(v: object) -> float | None:
            return None if v is None or pd.isna(v) else float(v)  # type: ignore[arg-type]

        return cls(numerator=num(row["numerator"]), denominator=num(row["denominator"]),
                   value=flt(row["value"]), available=bool(row["available"]),
                   note=str(row["note"]) if isinstance(row["note"], str) else "",
                   spread=flt(row["spread"]))

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
        ``compute(data, quarter) -> Result`` for a single-council dataset. For
        an entry given only ``frame``, it is derived from it.
    frame : callable, optional
        ``frame(data, quarter) -> pandas.DataFrame``: the measure for every
        council in ``data`` at once, indexed by council label, with
        :data:`FRAME_COLUMNS` (see :mod:`cpanalysis.measures._frames`).
    numerator, denominator : str
        Who is counted above and below the line, in words.
    share_of : str
        For a count measure, what its denominator is when it is also shown as
        a share (e.g. "cared for children at quarter end"); empty otherwise.
    decimals : int
        Places shown in the published value.
    dfe : DfeFigure or None
        How DfE publishes this measure by council, or None when it does not
        (the scorecard then says "no national figure published").
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
    compute: Callable[..., Result] | None = None
    frame: Callable[..., pd.DataFrame] | None = None
    numerator: str = ""
    denominator: str = ""
    share_of: str = ""
    decimals: int = 1
    dfe: DfeFigure | None = None

    def __post_init__(self) -> None:
        if self.compute is None and self.frame is None:
            raise ValueError(f"measure {self.id} needs compute or frame")
        given = self.compute if self.compute is not None else self._compute_from_frame
        object.__setattr__(self, "_given_compute", given)
        # ``compute`` keeps its documented signature; it is worked out once per data and quarter.
        object.__setattr__(self, "compute", self._compute_once)

    def _compute_once(self, data: "MeasureData", quarter: "Quarter") -> Result:
        return data.memo(("compute", self.id, quarter), lambda: self._given_compute(data, quarter))

    def _frame_once(self, data: "MeasureData", quarter: "Quarter") -> pd.DataFrame:
        return data.memo(("frame", self.id, quarter), lambda: self.frame(data, quarter))  # type: ignore[misc]

    def _compute_from_frame(self, data: "MeasureData", quarter: "Quarter") -> Result:
        frame = self._frame_once(data, quarter)
        if len(frame) != 1:
            raise ValueError(f"{self.id}: compute() is for one council; use results() for {len(frame)}")
        return Result.from_row(frame.iloc[0])

    def results(self, data: "MeasureData", quarter: "Quarter") -> pd.DataFrame:
        """The measure for every council in ``data``: a frame indexed by council (a copy: callers may change it)."""
        if self.frame is not None:
            return self._frame_once(data, quarter).copy()
        res = self.compute(data, quarter)  # type: ignore[misc]
        return pd.DataFrame([{"numerator": res.numerator, "denominator": res.denominator,
                              "value": res.value, "spread": res.spread,
                              "available": res.available, "note": res.note}],
                            index=pd.Index(data.councils[:1], name="council"))


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

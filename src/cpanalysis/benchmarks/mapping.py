"""Which DfE published figure benchmarks which of our measures.

One :class:`Benchmark` per measure DfE publishes by council, built from the
measures' own registry entries: each scorecard measure
(:data:`cpanalysis.measures.MEASURES`) and each Virtual School headline
outcome measure (:data:`cpanalysis.virtual_school.outcomes.MEASURES`,
prefixed ``VS.``) says in its ``dfe`` field
(:class:`cpanalysis.measures.dfe.DfeFigure`) the DfE file (``table``), the
DfE indicator column (``indicator``), the breakdown row(s) (the file's filter
values joined with `` | ``, as the importer stores them), how the numerator
and denominator are found, the comparator's unit and a note wherever DfE's
definition differs from ours. The polarity is the measure's own. This module
adds only the DfE figures that are no measure of ours (``DfE.`` ids: children
missing from placement).

The value compared is DfE's **published** figure (as LAIT uses it) whenever
one row gives it. When our definition needs several rows (``rows`` with more
than one breakdown, or ``base_minus``), the value is computed from the
published counts: ``100 * sum(rows) / (total - sum(base_minus))``; any
suppressed part makes the computed value a ``c``.

Measures DfE does not publish by council (in-house / external fostering,
adoption timeliness A1/A2/A10, advocacy, reviews, PEPs, health passports and
the rest) have ``dfe=None``: their comparators stay "x" (not available), and
the scorecard says "no national figure published".

:data:`BENCHMARKS` lists the scorecard measures in the order they are
registered, then the ``DfE.`` figures, then the Virtual School's measures.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from ..measures import MEASURES
from ..measures.dfe import MISSING, DfeFigure
from ..virtual_school.outcomes import MEASURES as VS_MEASURES

__all__ = ["BENCHMARKS", "Benchmark", "benchmark", "polarity_of", "vs_polarity"]


@dataclass(frozen=True)
class Benchmark(DfeFigure):
    """How one of our measures is benchmarked against DfE's published data.

    The measure's :class:`cpanalysis.measures.dfe.DfeFigure` (its fields, and
    :attr:`~cpanalysis.measures.dfe.DfeFigure.computed`) with the measure it belongs to.

    Attributes
    ----------
    measure_id : str
        Registry id (``P3.19``) or ``VS.<key>`` for a Virtual School measure.
    own_polarity : str
        Polarity of a DfE figure that is not one of our measures (``DfE.`` ids).
    """

    measure_id: str = field(kw_only=True)
    own_polarity: str = field(default="", kw_only=True)

    @classmethod
    def of(cls, measure_id: str, dfe: DfeFigure, own_polarity: str = "") -> "Benchmark":
        """The benchmark of a measure (or ``DfE.`` figure) from its DfE figure."""
        return cls(**{f.name: getattr(dfe, f.name) for f in fields(DfeFigure)}, measure_id=measure_id,
                   own_polarity=own_polarity)

    @property
    def polarity(self) -> str:
        """``higher_is_better``, ``lower_is_better`` or ``neutral``, as our registry says."""
        return self.own_polarity or polarity_of(self.measure_id)


def vs_polarity(key: str) -> str:
    """Polarity of a Virtual School measure (its ``higher_is_better`` flag)."""
    return "higher_is_better" if VS_MEASURES[key].higher_is_better else "lower_is_better"


def polarity_of(measure_id: str) -> str:
    """The polarity our registry gives a measure (``VS.`` ids: the Virtual School's)."""
    if measure_id.startswith("VS."):
        return vs_polarity(measure_id[3:])
    return MEASURES[measure_id].polarity


#: DfE figures that are no measure of ours (the scorecard's P4.8 counts children missing 5+ times).
_DFE_ONLY: tuple[Benchmark, ...] = (
    Benchmark.of("DfE.missing", DfeFigure(
        MISSING, "number", ("Percentage of children who had a missing incident during the year",), "percent",
        "children who had a missing incident in the year", "children looked after during the year",
        "Not a scorecard measure: the scorecard's P4.8 counts children missing 5 or more times, which DfE does "
        "not publish. The council-level file ends with the 2024 release."), own_polarity="lower_is_better"),
    Benchmark.of("DfE.missing_2plus", DfeFigure(
        MISSING, "number", ("Children who went missing more than once during the year",), "percent",
        "children who went missing more than once in the year", "children looked after during the year",
        "Not a scorecard measure (P4.8 is 5+ times). Worked out from the published counts.", from_counts=True),
        own_polarity="lower_is_better"),
)

#: Every benchmark, by our measure id: built from the registries' ``dfe`` entries and :data:`_DFE_ONLY`.
BENCHMARKS: dict[str, Benchmark] = {b.measure_id: b for b in (
    *(Benchmark.of(m.id, m.dfe) for m in MEASURES.values() if m.dfe is not None),
    *_DFE_ONLY,
    *(Benchmark.of(f"VS.{m.key}", m.dfe) for m in VS_MEASURES.values() if m.dfe is not None),
)}


def benchmark(measure_id: str) -> Benchmark | None:
    """The benchmark of one measure, or None when DfE publishes nothing comparable by council."""
    return BENCHMARKS.get(measure_id)

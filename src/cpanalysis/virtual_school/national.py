"""National comparators: a versioned data file, every figure with its source and year.

The figures live in ``national.toml`` beside this module. A figure is looked
up by measure (a key of :data:`cpanalysis.virtual_school.outcomes.MEASURES`),
group (``"cla"``: children looked after continuously for 12 months, DfE's
outcomes cohort; ``"all"``: all pupils in England) and academic year. There is
no fallback to another year: a missing figure is "not available" (GSS ``x``).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from .years import academic_year_label

__all__ = ["NationalFigure", "national_figure", "national_figures", "NATIONAL_VERSION"]

GROUPS = {"cla": "children in care nationally", "all": "all pupils nationally"}


@dataclass(frozen=True)
class NationalFigure:
    """One published national figure."""

    measure: str
    group: str
    year: str
    value: float
    unit: str
    source: str

    @property
    def proportion(self) -> float:
        """The value as a proportion (percent figures only)."""
        return self.value / 100.0


@lru_cache(maxsize=1)
def _load() -> tuple[str, tuple[NationalFigure, ...]]:
    text = files("cpanalysis.virtual_school").joinpath("national.toml").read_text(encoding="utf-8")
    doc = tomllib.loads(text)
    figs = tuple(NationalFigure(f["measure"], f["group"], f["year"], float(f["value"]), f["unit"], f["source"])
                 for f in doc["figure"])
    return str(doc["version"]), figs


NATIONAL_VERSION = _load()[0]


def national_figures() -> tuple[NationalFigure, ...]:
    """Every figure in ``national.toml``."""
    return _load()[1]


def national_figure(measure: str, group: str, year: int) -> NationalFigure | None:
    """The figure for ``measure``, ``group`` and academic year ``year``, or None."""
    label = academic_year_label(year)
    for f in national_figures():
        if f.measure == measure and f.group == group and f.year == label:
            return f
    return None

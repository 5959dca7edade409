"""A Virtual School question asked with parameters, not code.

"How did our KS2 children with 3+ placement moves do compared with the rest,
and is that a real difference?" is a :class:`Question` built by :func:`ask`
from the investigation notebook's plain parameters (academic year or pooled
years, key stage, outcome, grouping and its bands, cohort), and answered by
:func:`answer_section` with the briefing's own tools: protected band table,
trend test (exact Cochran-Armitage when small), last-minus-first difference
with a Newcombe interval, a plain sentence, and a chart drawn from the table's
published numbers (:func:`cpanalysis.virtual_school.sections.band_section`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..errors import InputError
from ..present import Fragment
from ..protect.bands import Band
from ..protect.policy import DisclosurePolicy
from .analysis import BandAnalysis, band_analysis, band_list, band_words
from .cohorts import DEFINITIONS
from .data import VirtualSchoolData
from .grouping import parse_bands, resolve_grouping
from .outcomes import BREAKDOWNS, MEASURES, stage_frame
from .years import parse_academic_years, years_label

__all__ = ["STAGES", "Question", "answer", "answer_section", "ask", "outcomes_for", "pooled_frame"]

#: Key stages an investigation can be about, in words.
STAGES = {"EYFS": "Reception pupils (early years foundation stage)", "KS1": "Key stage 1 pupils (year 2)",
          "KS2": "Key stage 2 pupils (year 6)", "KS4": "Key stage 4 pupils (year 11)"}


def outcomes_for(stage: str) -> list[str]:
    """Outcomes that can be asked of a key stage's pupils: its own, the whole-school ones, and post-16 after KS4."""
    own = {stage} | ({"post16"} if stage == "KS4" else set())
    return [k for k, m in MEASURES.items() if m.stage in own or m.stage == "school"]


@dataclass(frozen=True)
class Question:
    """An investigation, checked and in the project's terms.

    Attributes
    ----------
    years : tuple of int
        Academic years (start years), pooled when more than one.
    stage : str
        ``EYFS``, ``KS1``, ``KS2`` or ``KS4``: whose outcomes.
    outcome : str
        A key of :data:`~cpanalysis.virtual_school.outcomes.MEASURES`.
    by : str
        A key of :data:`~cpanalysis.virtual_school.outcomes.BREAKDOWNS`
        (``placement_moves``, ``placements``, ...).
    bands : tuple of Band or None
        Bands of a count; None for a coded breakdown (one band per category).
    definition : str
        Cohort definition (``dfe`` or ``on_roll``).
    """

    years: tuple[int, ...]
    stage: str
    outcome: str
    by: str
    bands: tuple[Band, ...] | None
    definition: str = "dfe"

    @property
    def span(self) -> str:
        """The years as labelled everywhere: ``"2023-24"`` or ``"2021-22 to 2023-24 pooled"``."""
        return years_label(list(self.years))

    @property
    def text(self) -> str:
        """The question in words, as the page heads the answer."""
        m = MEASURES[self.outcome]
        who = STAGES[self.stage]
        if self.bands is not None and len(self.bands) == 2 and self.bands[-1].high is None:
            first, last = (band_words(b, self.by) for b in self.bands)
            group = f"with {last} compared with the rest (pupils with {first})"
        elif self.bands is not None:
            group = f"by {BREAKDOWNS[self.by].label} ({band_list(self.bands)})"
        else:
            group = f"by {BREAKDOWNS[self.by].label}"
        return f"{who} {group}: {m.label}, {self.span}. Is there a real difference?"


def ask(data: VirtualSchoolData, *, academic_year: str | int, key_stage: str, outcome: str,
        grouping: str, bands: str = "", definition: str = "dfe") -> Question:
    """Check an investigation's parameters and turn them into a :class:`Question`.

    Parameters
    ----------
    data : VirtualSchoolData
    academic_year : str or int
        ``"2023-24"``, a pooled span ``"2021-22 to 2023-24"``, or empty for the
        latest year in the data (:func:`~cpanalysis.virtual_school.years.parse_academic_years`).
    key_stage : {"EYFS", "KS1", "KS2", "KS4"}
    outcome : str
        A key of :data:`~cpanalysis.virtual_school.outcomes.MEASURES` that the
        key stage's pupils have (:func:`outcomes_for`).
    grouping : str
        ``"moves"`` (placement moves), ``"placements"``, or another key of
        :data:`~cpanalysis.virtual_school.outcomes.BREAKDOWNS`.
    bands : str
        ``"1,2,3-4,5+"``, ``"3+ vs the rest"``, or empty for the grouping's
        default (:func:`~cpanalysis.virtual_school.grouping.parse_bands`).
    definition : {"dfe", "on_roll"}

    Raises
    ------
    InputError
        Naming the parameter that is wrong and what it may be.

    Examples
    --------
    The question of the tests, on any data with 2023-24 in it::

        q = ask(data, academic_year="2023-24", key_stage="KS2", outcome="ks2_rwm",
                grouping="moves", bands="3+ vs the rest")
    """
    stage = str(key_stage).strip().upper()
    if stage not in STAGES:
        raise InputError(f"key_stage must be one of {', '.join(STAGES)}, not {key_stage!r}")
    if outcome not in MEASURES:
        raise InputError(f"outcome must be one of {', '.join(MEASURES)}, not {outcome!r}")
    if outcome not in outcomes_for(stage):
        raise InputError(f"outcome {outcome!r} is not measured for {stage} pupils; choose one of "
                         f"{', '.join(outcomes_for(stage))}")
    if definition not in DEFINITIONS:
        raise InputError(f"definition must be one of {', '.join(DEFINITIONS)}, not {definition!r}")
    by = resolve_grouping(grouping)
    parsed = parse_bands(bands, by)
    years = parse_academic_years(academic_year, data.academic_years)
    return Question(tuple(years), stage, outcome, by, parsed, definition)


def pooled_frame(data: VirtualSchoolData, years: list[int] | tuple[int, ...], stage: str,
                 definition: str) -> pd.DataFrame:
    """The pupils of ``stage`` in each of ``years``, one row per pupil per year, pooled."""
    return pd.concat([stage_frame(data, y, stage, definition) for y in years], ignore_index=True)


def answer(data: VirtualSchoolData, question: Question, *, policy: DisclosurePolicy) -> BandAnalysis:
    """The comparison behind :func:`answer_section` (table, values, intervals, sentence), for checking."""
    f = pooled_frame(data, question.years, question.stage, question.definition)
    return band_analysis(f, question.outcome, question.by, policy=policy, bands=question.bands)


def answer_section(data: VirtualSchoolData, question: Question, *, policy: DisclosurePolicy) -> Fragment:
    """The answer as a page section: the question, chart, sentence, method, table, notes.

    Built by :func:`cpanalysis.virtual_school.sections.band_section`, the
    briefing's own section, so the investigation and the briefing protect and
    word their answers the same way.
    """
    from .sections import _h, band_section

    body = band_section(data, list(question.years), question.outcome, question.by, stage=question.stage,
                        definition=question.definition, policy=policy, bands=question.bands)
    return Fragment(_h(3, question.text) + body.html)

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
from ..present import Fragment, Table
from ..protect.bands import Band
from ..protect.policy import DisclosurePolicy
from .analysis import BandAnalysis, band_analysis, band_list, band_words
from .cohorts import DEFINITIONS
from .data import VirtualSchoolData
from .national import NationalFigures
from .grouping import parse_bands, resolve_grouping
from .outcomes import BREAKDOWNS, MEASURES, stage_frame
from .years import (
    academic_year_label, join_years, no_assessment_note, no_assessment_years, parse_academic_years, years_label,
)

__all__ = ["CHARACTERISTICS", "STAGES", "Question", "answer", "answer_section", "ask", "breakdown_section",
           "caseworker_section", "coverage_note", "key_stage_section", "not_comparable", "outcomes_for",
           "pooled_frame", "question_section", "suggestions", "trend_section", "unassessed", "without_results"]

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


def unassessed(question: Question) -> list[int]:
    """The question's years in which its outcome had no assessment at all (COVID-19: 2019-20, 2020-21)."""
    m = MEASURES[question.outcome]
    none_held = no_assessment_years(m.stage, m.key)
    return [y for y in question.years if y in none_held]


def not_comparable(question: Question, years: list[int] | tuple[int, ...] | None = None) -> list[int]:
    """The years (default: the question's) whose results exist but are not comparable with other years.

    Key stage 4 in 2019-20 and 2020-21: no exams were held (COVID-19) and
    grades were awarded by schools (:data:`~cpanalysis.virtual_school.years.NO_ASSESSMENT`).
    """
    m = MEASURES[question.outcome]
    none_held = no_assessment_years(m.stage, m.key)
    return [y for y in (question.years if years is None else years)
            if y not in none_held and no_assessment_note(m.stage, [y], m.key)]


def without_results(data: VirtualSchoolData, question: Question) -> list[int]:
    """The question's years in which no pupil of its key stage has a result for its outcome."""
    key = question.outcome
    return [y for y in question.years
            if not stage_frame(data, y, question.stage, question.definition).get(key, pd.Series(dtype=float))
            .notna().any()]


def coverage_note(data: VirtualSchoolData, question: Question) -> str:
    """Why some of the question's years have no results, or results not comparable with other years.

    Three reasons, each said as such and never as hidden to protect children:
    no assessment was held (COVID-19, :func:`unassessed`); results were awarded
    without exams (:func:`not_comparable`); or the Virtual School extract has
    no results for a year in which there was an assessment (``x``). Empty when
    every year had its usual assessment and results.
    """
    m = MEASURES[question.outcome]
    empty = without_results(data, question)
    gone = [y for y in unassessed(question) if y in empty]
    missing = [y for y in empty if y not in gone]
    parts = [no_assessment_note(m.stage, gone, m.key) if gone else "",
             no_assessment_note(m.stage, not_comparable(question), m.key) if not_comparable(question) else "",
             f"The Virtual School extract has no results for {m.label} in {join_years(missing)} (x)."
             if missing else ""]
    return " ".join(p for p in parts if p)


def suggestions(data: VirtualSchoolData, question: Question) -> str:
    """What to change when the answer is "too few pupils to compare", as parameter values.

    Pool more years (the latest three, or every year, in the data up to the
    question's last) and, for a split such as ``"3+ vs the rest"``, split one
    lower. Only parameter values are suggested; nothing is counted or shown.
    """
    last = max(question.years)
    upto = [y for y in data.academic_years if y <= last]
    tips = []
    for span in (upto[-3:], upto):
        if len(span) > len(question.years) and span[0] < min(question.years):
            tips.append(f'academic_year = "{academic_year_label(span[0])} to {academic_year_label(span[-1])}"')
            break
    b = question.bands
    if b is not None and len(b) == 2 and b[-1].high is None and b[-1].low - 1 > b[0].low:
        tips.append(f'bands = "{b[-1].low - 1}+ vs the rest"')
    if not tips:
        return ""
    return ("Too few pupils to answer as asked. To try again, change " + " or ".join(tips)
            + " in the parameters cell and run all cells; the answer is protected the same way.")


def question_section(data: VirtualSchoolData, question: Question) -> Fragment:
    """Whose outcomes the question is about, over which academic years, and the years in the data.

    Years are labelled as the parameter writes them (``"2023-24"``); years
    of the question without an assessment, without comparable results or
    without results in the extract are named with the reason (:func:`coverage_note`).
    """
    from .sections import _COHORT_WORDS, _p

    have = ", ".join(academic_year_label(y) for y in data.academic_years)
    who = f"{STAGES[question.stage].lower()}, {question.span}; {_COHORT_WORDS[question.definition]}"
    parts = [_p(f"The pupils: {who}."),
             _p(f"Academic years in the Virtual School data: {have}.", "small")]
    note = coverage_note(data, question)
    if note:
        parts.append(_p(note, "small"))
    return Fragment("".join(parts))


def answer_section(data: VirtualSchoolData, question: Question, *, policy: DisclosurePolicy) -> Fragment:
    """The answer as a page section: the question, chart, sentence, method, table, notes.

    Built by :func:`cpanalysis.virtual_school.sections.band_section`, the
    briefing's own section, so the investigation and the briefing protect and
    word their answers the same way. When too few pupils can be compared, the
    parameters to change are suggested (:func:`suggestions`). When no year
    asked about has results (no assessment, or none in the extract), the
    answer says so and why (:func:`coverage_note`), not that pupils are too
    few; years with results that are not comparable are named.
    """
    from .sections import _h, _p, band_section

    head = _h(3, question.text)
    if len(without_results(data, question)) == len(question.years):
        return Fragment(head + _p(f"{coverage_note(data, question)} There are no results to compare for "
                                  f"{question.span}."))
    body = band_section(data, list(question.years), question.outcome, question.by, stage=question.stage,
                        definition=question.definition, policy=policy, bands=question.bands)
    html = head + body.html
    m = MEASURES[question.outcome]
    gone = set(unassessed(question))
    missing = [y for y in without_results(data, question) if y not in gone]
    extra = [no_assessment_note(m.stage, not_comparable(question), m.key) if not_comparable(question) else "",
             f"The Virtual School extract has no results for {m.label} in {join_years(missing)} (x)."
             if missing else ""]
    extra = [e for e in extra if e]
    if extra:  # band_section names the years without an assessment; these are the other reasons
        html += _p(" ".join(extra), "small")
    if answer(data, question, policy=policy).comparison is None:
        tip = suggestions(data, question)
        html += _p(tip) if tip else ""
    return Fragment(html)


#: Characteristics the outcome can be broken down by, besides :data:`~cpanalysis.virtual_school.outcomes.BREAKDOWNS`.
CHARACTERISTICS = ("SEN", "PHASE", "OFSTED_GRADE", "SCHOOL_LA")


def breakdown_section(data: VirtualSchoolData, question: Question, breakdown: str, *,
                      policy: DisclosurePolicy) -> Fragment:
    """The question's outcome by a characteristic, over its years (pooled), as a protected table.

    Counts go through :func:`cpanalysis.virtual_school.analysis.rate_table`
    (:func:`cpanalysis.protect.suppress`): counts from 1 to
    ``policy.threshold - 1`` and 0% or 100% of a group smaller than
    ``policy.small_group`` ("0 of 6 EHC-plan pupils") are hidden, with
    whatever would give them back. Years without an assessment, without
    comparable results or without results in the extract are named with the
    reason (:func:`coverage_note`), never counted as hidden.

    Parameters
    ----------
    data : VirtualSchoolData
    question : Question
        From :func:`ask`.
    breakdown : str
        ``SEN``, ``PHASE``, ``OFSTED_GRADE``, ``SCHOOL_LA`` or a key of
        :data:`~cpanalysis.virtual_school.outcomes.BREAKDOWNS`.
    policy : DisclosurePolicy

    Raises
    ------
    InputError
        When ``breakdown`` is none of these.
    """
    from .analysis import rate_table
    from .sections import _BY_NAMES, _COHORT_WORDS, _by_column, _key, _p

    if breakdown not in CHARACTERISTICS and breakdown not in BREAKDOWNS:
        raise InputError(f"breakdown must be one of {', '.join(CHARACTERISTICS + tuple(BREAKDOWNS))}, "
                         f"not {breakdown!r}")
    m = MEASURES[question.outcome]
    note = coverage_note(data, question)
    if len(without_results(data, question)) == len(question.years):
        return Fragment(_p(f"{note} There are no results to break down for {question.span}."))
    f = _by_column(pooled_frame(data, question.years, question.stage, question.definition), breakdown)
    if breakdown == "SCHOOL_LA" and f["SCHOOL_LA"].isna().all():
        return Fragment(_p("School location (in or out of borough): not available (x); the Virtual School "
                           "extract has no school local authority."))
    rt = rate_table(f, m, breakdown, policy=policy)
    name = _BY_NAMES.get(breakdown) or BREAKDOWNS[breakdown].label
    disp = rt.display.rename(columns={"Group": name[:1].upper() + name[1:]})
    label = m.label[:1].upper() + m.label[1:]
    cap = (f"{label} by {name.lower()}, {STAGES[question.stage].lower()}, {question.span}: "
           f"{_COHORT_WORDS[question.definition]}")
    return Fragment(Table(disp, caption=cap).to_html() + (_p(note, "small") if note else "") + _key(policy))


def trend_section(data: VirtualSchoolData, question: Question, *, policy: DisclosurePolicy) -> Fragment:
    """The question's outcome for its pupils in every academic year in the data up to its last year.

    Years without an assessment are ``x`` with the reason
    (:func:`cpanalysis.virtual_school.sections.trend_section`); years whose
    results are not comparable with the others (:func:`not_comparable`) are
    named too.
    """
    from . import sections

    years = [y for y in data.academic_years if y <= max(question.years)]
    body = sections.trend_section(data, question.outcome, years, definition=question.definition, policy=policy,
                                  stage=question.stage)
    graded = not_comparable(question, years)
    if not graded:
        return body
    m = MEASURES[question.outcome]
    return Fragment(body.html + sections._p(no_assessment_note(m.stage, graded, m.key), "small"))


def key_stage_section(data: VirtualSchoolData, question: Question, *, policy: DisclosurePolicy,
                      national: NationalFigures | None = None) -> Fragment:
    """The key stage's outcomes with national figures, for the question's latest year (labelled).

    ``national`` is the run's national figures
    (:func:`cpanalysis.virtual_school.national.national_for_run`: DfE's outcomes release when the settings
    name a benchmarks folder); without it the shipped figures are used, as in the briefing.

    Left out, with a sentence saying why, when the question's outcome is the
    inner one of a nested pair (all three subjects within reading, writing or
    maths; grade 5 within grade 4) and the key stage's counts would give back,
    by subtraction from this page's own figures for the outcome in that year
    (trend, band and breakdown tables), a number of pupils from 1 to
    ``policy.threshold - 1`` (the rule of
    :func:`cpanalysis.virtual_school.sections._nested_inner_hidden`, which
    the briefing's self-evaluation table follows).
    """
    from . import sections

    year = max(question.years)
    label = academic_year_label(year)
    lead = sections._p(f"The latest academic year asked about: {label}.", "small")
    if question.outcome in sections._nested_inner_hidden(data, year, question.definition, policy):
        m = MEASURES[question.outcome]
        return Fragment(lead + sections._p(
            f"The key stage's other results for {label} are not shown on this page: with this page's figures "
            f"for {m.label} they would give back a number of pupils from 1 to {policy.threshold - 1} (c)."))
    return Fragment(lead + sections.key_stage_section(data, year, question.stage, definition=question.definition,
                                                      policy=policy, national=national).html)


def caseworker_section(data: VirtualSchoolData, question: Question, term: str, *, publish: bool) -> Fragment:
    """The caseworker view for the question's latest year (NOT FOR PUBLICATION; see
    :func:`cpanalysis.virtual_school.sections.caseworker_section`)."""
    from . import sections

    return sections.caseworker_section(data, max(question.years), term, publish=publish)

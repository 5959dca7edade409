"""Briefing sections: words, protected tables and charts, one call per notebook cell.

Each function returns a :class:`cpanalysis.present.Fragment` (HTML) so the
annual briefing (``notebooks/virtual_school_annual.ipynb``) and the
investigation notebook hold no logic. Every table goes through
:mod:`cpanalysis.virtual_school.analysis` (suppression, intervals), every
chart plots only published values, and no section ever names a child: the
caseworker view lives in :func:`caseworker_section`, which refuses to render
unless the caller says the page is not for publication.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..errors import DisclosureError, InputError
from ..present import Fragment, Table
from ..protect.ledger import protect_table
from ..protect.policy import DisclosurePolicy
from ..protect.bands import Band
from .analysis import (
    CONFIDENTIAL, NESTED, BandAnalysis, _nested_hidden, band_analysis, national_table, rate_table, rate_table_key,
    status_table, trend_table, verdict_words,
)
from .caseworker import children_at_risk
from .charts import band_chart, funnel, trend_chart
from .cohorts import KEY_STAGE_YEAR, cohort
from .data import VirtualSchoolData
from .national import NO_FIGURE, NationalFigures, toml_figures
from .outcomes import BREAKDOWNS, MEASURES, frame_key, pupil_keys, pupils_key, stage_frame
from .years import (
    academic_year_label, briefing_years, join_years, no_assessment_note, no_assessment_years, parse_academic_year,
    years_label,
)

__all__ = [
    "BENCHMARK_MEASURES", "SCHEMA_DOC", "STAGE_MEASURES", "about_the_figures", "benchmark_section", "annual_years", "attendance_section", "band_section",
    "caseworker_section", "cohort_section", "exclusions_section", "for_year", "introduction", "key_stage_section",
    "no_extract_note", "no_extract_section", "no_year_yet_section", "pep_section", "placement_section", "post16_section", "rate_section",
    "schools_section", "self_evaluation_section", "titled", "trend_note", "trend_section",
]

SOURCE = "Virtual School extract and SSDA903 returns; cpanalysis"

STAGE_MEASURES = {
    "EYFS": ["gld"],
    "KS1": ["ks1_read", "ks1_writ", "ks1_mat", "ks1_rwm"],
    "KS2": ["ks2_read", "ks2_writ", "ks2_mat", "ks2_rwm"],
    "KS4": ["basics4", "basics5", "att8", "p8"],
}
STAGE_NAMES = {"EYFS": "Early years foundation stage (Reception)", "KS1": "Key stage 1 (year 2)",
               "KS2": "Key stage 2 (year 6)", "KS4": "Key stage 4 (year 11)"}
_COHORT_WORDS = {
    "dfe": "pupils looked after continuously for 12 months at 31 March (the DfE cohort)",
    "on_roll": "every pupil on the Virtual School roll during the year",
}
_BY_NAMES = {"SEN": "Special educational needs", "PHASE": "School phase", "OFSTED_GRADE": "Ofsted grade",
             "SCHOOL_LA": "School location"}
_OFSTED = {"1": "Outstanding", "2": "Good", "3": "Requires improvement", "4": "Inadequate"}


def _esc(text: str) -> str:
    return html.escape(text)


def _p(text: str, cls: str | None = None) -> str:
    c = f' class="{cls}"' if cls else ""
    return f"<p{c}>{_esc(text)}</p>"


def _h(level: int, text: str) -> str:
    return f"<h{level}>{_esc(text)}</h{level}>"


def _key(policy: DisclosurePolicy) -> str:
    return _p(f"c: a number from 1 to {policy.threshold - 1}, or one that would reveal such a number, not shown to "
              "protect children's privacy; x: not available; z: not applicable. Percentages are of the pupils "
              "in the row; intervals are 95% confidence intervals.", "small")


#: Where a council reads how to supply the extract.
SCHEMA_DOC = "docs/virtual-school-schema.md"


def no_extract_section() -> Fragment:
    """What the page says when no Virtual School extract was supplied: why it is empty and how to fill it.

    The extract is optional (a council's SSDA903 data often comes without one);
    the page is still published, with this notice as its only content after
    the title: every section (:func:`titled` and the section functions) is
    left out rather than repeating that it is not available.
    """
    return Fragment(
        '<div class="notice" role="note"><strong>No Virtual School extract was supplied</strong>'
        + _p("This briefing therefore has no figures this time on the education of cared for children.")
        + _p("To add them, put the extract's files (pupils.csv and results.csv, with peps.csv and "
             "destinations.csv where kept) in a folder called virtual_school inside the raw-data folder, beside "
             "the return-year folders (with several councils, inside each council's folder), or name the folder "
             f"in the council's settings file (virtual_school under [inputs]), as described in {SCHEMA_DOC}, and "
             "run the briefing again.") + "</div>")


def no_extract_note() -> Fragment:
    """What a section shows when no extract was supplied: nothing (the page's start says why once)."""
    return Fragment("")


def titled(heading: str, section: Fragment, intro: str | None = None) -> Fragment:
    """A section under its ``<h2>`` heading (and an optional paragraph), or nothing when the section is empty.

    The annual briefing's headings are given here rather than in markdown
    cells, so that a page without an extract (every section empty) prints no
    heading over nothing.
    """
    if not section.html:
        return Fragment("")
    return Fragment(_h(2, heading) + (_p(intro) if intro else "") + section.html)


def no_year_yet_section(quarter: str, first: int | None) -> Fragment:
    """What the page says when the extract holds no academic year that had ended by the quarter's end."""
    when = (f"its first year, {academic_year_label(first)}, ends on 31 August {first + 1}"
            if first is not None else "it holds no academic year")
    return Fragment(
        '<div class="notice" role="note"><strong>No academic year to report yet</strong>'
        + _p(f"The Virtual School extract holds no academic year that had ended by the end of {html.escape(quarter)}: "
             f"{when}. The annual briefing reports a whole academic year, so it has no figures this time; "
             "it will have once a year in the extract has ended.") + "</div>")


def for_year(data: VirtualSchoolData | None, year: int, quarter: str) -> tuple[VirtualSchoolData | None, Fragment | None]:
    """The extract to report ``year`` from, or (None, the notice why not) when it holds no year that had ended.

    The sections given None print nothing, so the page is the notice alone
    (as it is without an extract, :func:`no_extract_section`).
    """
    if data is None or year in data.academic_years:
        return data, None
    return None, no_year_yet_section(quarter, min(data.academic_years) if data.academic_years else None)


def introduction(data: VirtualSchoolData | None, *, policy: DisclosurePolicy,
                 notice: Fragment | None = None) -> Fragment:
    """The briefing's opening paragraph: whose education it reports, and how numbers are protected.

    With no extract (``data`` None) it is ``notice`` (:func:`for_year`) or
    :func:`no_extract_section`: what is missing and how to supply it, in place
    of a description of figures the page does not have.
    """
    if data is None:
        return notice if notice is not None else no_extract_section()
    return Fragment(_p(
        "This briefing reports on the education of the children the council looks after (cared for children), "
        "for the corporate parenting committee. Attainment is reported, as DfE does, for pupils looked after "
        "continuously for 12 months at 31 March; attendance, exclusions and PEPs also cover the rest of the "
        f"Virtual School roll where stated. Numbers from 1 to {policy.threshold - 1}, and numbers that would "
        "reveal them, are not shown (marked c) so that no child can be identified. Cohorts are small: read "
        "every percentage with its confidence interval."))


def annual_years(quarter: str, data: VirtualSchoolData | None, pool_years: int) -> tuple[int, list[int], list[int]]:
    """The annual briefing's years: reported, all up to it, pooled (:func:`~cpanalysis.virtual_school.years.briefing_years`).

    Without an extract the year reported is the latest academic year ended
    by the quarter's end, so the page is still titled by the year it would cover.
    """
    try:
        return briefing_years(quarter, data.academic_years if data is not None else None, pool_years)
    except InputError:
        if data is None:
            raise
        return briefing_years(quarter, None, pool_years)  # no year of the extract has ended: see for_year


def _needs_extract(fn: Callable[..., Fragment]) -> Callable[..., Fragment]:
    """A section given ``data=None`` (no extract supplied) returns :func:`no_extract_note` (nothing)."""
    @functools.wraps(fn)
    def section(data: VirtualSchoolData | None, *args: Any, **kwargs: Any) -> Fragment:
        if data is None:
            return no_extract_note()
        return fn(data, *args, **kwargs)
    return section


def _frame(data: VirtualSchoolData, year: int, stage: str, definition: str) -> pd.DataFrame:
    return stage_frame(data, year, stage, definition)


def _by_column(frame: pd.DataFrame, by: str | None) -> pd.DataFrame:
    if by == "OFSTED_GRADE":
        frame = frame.assign(OFSTED_GRADE=frame["OFSTED_GRADE"].map(_OFSTED).fillna("not known"))
    if by == "SEN":
        frame = frame.assign(SEN=frame["SEN"].map({"none": "no SEN", "SEN support": "SEN support",
                                                   "EHCP": "EHC plan"}))
    return frame


@_needs_extract
def rate_section(data: VirtualSchoolData | None, year: int, measure: str, by: str | None = None, *,
                 definition: str = "dfe", policy: DisclosurePolicy) -> Fragment:
    """One measure for one academic year, by a characteristic, as a protected table."""
    m = MEASURES[measure]
    f = _frame(data, year, m.stage, definition)
    if by == "SCHOOL_LA" and f["SCHOOL_LA"].isna().all():
        return Fragment(_p(f"{m.label[:1].upper() + m.label[1:]} by school location (in or out of borough): "
                           "not available (x); the Virtual School extract has no school local authority."))
    f = _by_column(f, by)
    rt = rate_table(f, m, by, policy=policy)
    name = _BY_NAMES.get(by, BREAKDOWNS[by].label if by in BREAKDOWNS else "Group") if by else "Group"
    disp = rt.display.rename(columns={"Group": name})
    cap = (f"{m.label[:1].upper() + m.label[1:]}, {academic_year_label(year)}"
           + (f", by {name.lower()}" if by else "") + f": {_COHORT_WORDS[definition]}")
    return Fragment(Table(disp, caption=cap).to_html())


@_needs_extract
def cohort_section(data: VirtualSchoolData | None, year: int, *, policy: DisclosurePolicy) -> Fragment:
    """Pupils in each assessment year group in the DfE cohort, protected.

    Only the DfE cohort is given per year group: the key stage tables print
    the same cohort as their number of pupils, so a roll per year group beside
    it would give back, by subtraction, the pupils in care for less time.

    Because each year group's cohort is printed again in its key stage
    table, no printed year group can serve as a secondary suppression here
    (:func:`cpanalysis.protect.suppress` with those groups ``known``): a small
    year group is hidden (``c``), and the total of the four is hidden too
    unless other hidden year groups already leave it uncertain, so that the
    total minus the year groups printed elsewhere gives nothing back.
    """
    on_roll = cohort(data, year, "on_roll")
    column = "In care 12 months at 31 March (DfE cohort)"
    keys = pupil_keys(on_roll, year)
    groups = {STAGE_NAMES[stage]: frozenset(keys[(on_roll["nc"] == KEY_STAGE_YEAR[stage]).to_numpy()
                                                 & on_roll["period_start"].notna().to_numpy()])
              for stage in ("EYFS", "KS1", "KS2", "KS4")}
    counts = {name: len(group) for name, group in groups.items()}
    everyone = "All four year groups"
    members = {(name, column): group for name, group in groups.items()}
    members[(everyone, column)] = frozenset().union(*groups.values())
    table = protect_table(f"pupils in assessment year groups, {year}", pd.DataFrame({column: list(counts.values())},
                                                                                     index=list(counts)),
                          members, policy=policy, total_label=everyone,
                          known=[(name, column) for name, n in counts.items() if n >= policy.threshold])
    printed = table.published()[column]
    pub = pd.DataFrame({"Year group": list(printed.index), column: [str(v) for v in printed]})
    total = len(on_roll)
    words = _p(f"In {academic_year_label(year)} the Virtual School supported {total:,} pupils from nursery to "
               "year 13 while they were in care. Attainment is reported for the DfE cohort (looked after "
               "continuously for 12 months at 31 March), the group national figures describe; the rest "
               "of the roll is counted in attendance, exclusions and PEPs when the on-roll view is chosen.")
    if policy.is_small(total):
        words = _p("The Virtual School roll this year is too small to describe without identifying children.")
    cap = f"Pupils in assessment year groups, {academic_year_label(year)}"
    return Fragment(words + Table(pub, caption=cap).to_html() + _key(policy))


@_needs_extract
def key_stage_section(data: VirtualSchoolData | None, year: int, stage: str, *, definition: str = "dfe",
                      policy: DisclosurePolicy, national: NationalFigures | None = None) -> Fragment:
    """A key stage's outcomes with national comparison (funnel limits), KS2 status table, trend.

    ``national`` is the run's national figures
    (:func:`cpanalysis.virtual_school.national.national_for_run`; default
    ``national.toml``'s); each England column names its year and release.
    """
    national = national if national is not None else toml_figures()
    if stage not in STAGE_MEASURES:
        raise ValueError(f"stage must be one of {', '.join(STAGE_MEASURES)}")
    f = _frame(data, year, stage, definition)
    parts = [_h(3, STAGE_NAMES[stage])]
    measures = STAGE_MEASURES[stage]
    have = [k for k in measures if f[k].notna().any()]
    if not have:
        if year in no_assessment_years(stage):
            parts.append(_p(no_assessment_note(stage, [year])))
        else:
            parts.append(_p(f"The Virtual School extract has no {stage} results for {academic_year_label(year)} "
                            "(or no pupils in the cohort)."))
        return Fragment("".join(parts))
    caveat = no_assessment_note(stage, [year])
    if stage == "KS4" and "p8" not in have:
        caveat = " ".join(filter(None, [caveat, no_assessment_note(stage, [year], "p8")]))
    if caveat:
        parts.append(_p(caveat, "small"))
    nat = national_table({stage: f}, have, year, policy=policy, national=national)
    cap = f"{STAGE_NAMES[stage]} outcomes, {academic_year_label(year)}, with national figures: {_COHORT_WORDS[definition]}"
    parts.append(Table(nat, caption=cap).to_html())
    if nat.attrs.get("mixed_sources"):
        parts.append(_p("England figures: " + "; ".join(nat.attrs["sources"]) + ".", "small"))
    if stage == "KS2":
        _, pub, pct = status_table(f, "KS2", policy=policy)
        parts.append(Table(pub, caption=f"Key stage 2 pupils by result and subject (number), "
                                        f"{academic_year_label(year)}").to_html())
        parts.append(Table(pct, caption=f"Key stage 2 pupils by result and subject (percentage of the year "
                                        f"group), {academic_year_label(year)}").to_html())
        parts.append(_p("Pupils who did not take a test stay in the year group: DfE counts them as not "
                        "meeting the expected standard.", "small"))
    head = have[-1] if stage in ("KS1", "KS2") else have[0]
    m = MEASURES[head]
    rt = rate_table(f, m, policy=policy)
    cla = national.figure(head, "cla", year)
    d = rt.display.iloc[0]
    verdict = nat.loc[nat["Measure"].str.lower() == m.label.lower(),
                      "Compared with children in care in England"].iloc[0]
    # The chart plots the council's value: only when the table publishes it (the national table also hides
    # an inner measure, e.g. all three subjects, that the subjects' counts would give back).
    if (m.kind == "proportion" and cla is not None and d["Percentage"] != CONFIDENTIAL
            and verdict not in (CONFIDENTIAL, NO_FIGURE)):
        x = int(rt.counts.values.loc["Total", "with"])
        n = int(rt.counts.values.loc["Total", "Total"])
        parts.append(funnel(x, n, cla.proportion, label=m.label, comparator="children in care in England",
                            title=f"{m.label[:1].upper() + m.label[1:]}: {verdict}",
                            source=f"{SOURCE}; national: {cla.label}", verdict=verdict).to_html())
    parts.append(_p("A single pupil is worth 100/n percentage points: in a year group of 20, a single pupil moves the "
                    "percentage by 5 points, so year-to-year changes are often chance.", "small"))
    return Fragment("".join(parts) + _key(policy))


@_needs_extract
def trend_section(data: VirtualSchoolData | None, measure: str, years: list[int], *, definition: str = "dfe",
                  policy: DisclosurePolicy, stage: str | None = None) -> Fragment:
    """A measure over academic years: protected table and a line chart of published values.

    Years without an assessment (COVID-19, :data:`~cpanalysis.virtual_school.years.NO_ASSESSMENT`)
    are shown as ``x`` and said in a sentence, not counted among years hidden to protect children.
    ``stage`` chooses the pupils (default: the measure's own, e.g. attendance
    of every school-age pupil; ``"KS2"`` for year 6 pupils only).
    """
    m = MEASURES[measure]
    st = stage or m.stage
    frames = {y: _frame(data, y, st, definition) for y in years}
    t = trend_table(frames, m, policy=policy)
    label = m.label
    shown = t.drop(columns=["value", "status"])
    who = f" ({STAGE_NAMES[st].lower()} pupils)" if st != m.stage and st in STAGE_NAMES else ""
    cap = f"{label[:1].upper() + label[1:]} by academic year{who}: {_COHORT_WORDS[definition]}"
    pct = m.kind == "proportion" or m.key == "attendance"
    chart = trend_chart(t, label=label, title=f"{label[:1].upper() + label[1:]} by academic year{who}",
                        source=SOURCE, percent=pct)
    note = trend_note(t, m.stage, m.key)
    return Fragment((chart.to_html() if chart else "") + Table(shown, caption=cap).to_html()
                    + (_p(note, "small") if note else ""))


def trend_note(trend: pd.DataFrame, stage: str, measure: str | None = None) -> str:
    """Why years of a trend table have no figure, in sentences (no assessment, no results, hidden)."""
    years = {status: [parse_academic_year(y) for y in trend.loc[trend["status"] == status, "Academic year"]]
             for status in ("no assessment", "no results", "hidden")}
    out = []
    if years["no assessment"]:
        out.append(no_assessment_note(stage, years["no assessment"], measure))
    if years["no results"]:
        out.append(f"The Virtual School extract has no results for {join_years(years['no results'])} (x).")
    if years["hidden"]:
        out.append(f"Not shown to protect children's privacy: {join_years(years['hidden'])} (c).")
    return " ".join(out)


def _verdict(ba: BandAnalysis) -> str:
    return verdict_words(ba.comparison)


@_needs_extract
def band_section(data: VirtualSchoolData | None, years: list[int], measure: str, by: str = "placements", *,
                 stage: str | None = None, definition: str = "dfe", policy: DisclosurePolicy,
                 bands: Sequence[Band] | None = None, method_note: bool = True) -> Fragment:
    """An outcome across ordered bands (trend test, effect with interval, plain sentence, chart).

    Pupils of several academic years may be pooled (``years``) when one year is
    too small to compare; the words say so. The chart's points and whiskers
    are the table's published percentages and intervals
    (:class:`~cpanalysis.virtual_school.analysis.BandAnalysis`). Years without
    an assessment are named with the reason; when no year had one, the section
    says so rather than "too few pupils".

    Parameters
    ----------
    data : VirtualSchoolData
    years : list of int
        Academic years (start years) to pool.
    measure : str
        A key of :data:`~cpanalysis.virtual_school.outcomes.MEASURES`.
    by : str
        A key of :data:`~cpanalysis.virtual_school.outcomes.BREAKDOWNS`.
    stage : str, optional
        The pupils compared (default: the measure's stage).
    definition : {"dfe", "on_roll"}
    policy : DisclosurePolicy
    bands : sequence of Band, optional
        Ordered bands of a count (:func:`cpanalysis.virtual_school.grouping.parse_bands`).
    method_note : bool
        Whether to end with the method in a sentence (:data:`BAND_METHOD`); the
        annual briefing says it once, under :func:`about_the_figures`, instead.
    """
    m = MEASURES[measure]
    st = stage or m.stage
    frames = [_frame(data, y, st, definition) for y in years]
    f = pd.concat(frames, ignore_index=True)
    span = years_label(years)
    words = BREAKDOWNS[by].label
    none_held = no_assessment_years(m.stage, m.key)
    missing = [y for y, g in zip(years, frames) if y in none_held and not g[m.key].notna().any()]
    note = no_assessment_note(m.stage, missing, m.key) if missing else ""
    if missing and len(missing) == len(years):
        return Fragment(_p(f"{note} There are no results to compare for {span}."))
    ba = band_analysis(f, m, by, policy=policy, bands=bands)
    parts = []
    if ba.comparison is not None:
        label = m.label[:1].upper() + m.label[1:]
        chart = band_chart(ba, title=f"{label} by {words}: {_verdict(ba)}",
                           subtitle=f"{label} by {words}, {span}", source=SOURCE)
        if chart is not None:
            parts.append(chart.to_html())
        parts.append(_p(ba.sentence))
        tr = ba.comparison.trend
        test = {"exact": "exact Cochran-Armitage", "asymptotic": "Cochran-Armitage",
                "ols": "least-squares"}.get(tr.method, tr.method)
        if method_note:
            parts.append(_p(f"Method: bands merged until each can be published; {test} trend test across the "
                            "ordered bands (with two bands, the test of their difference); the difference between "
                            "the last and first band with its 95% confidence interval (Newcombe for percentages, "
                            "Welch for averages). The chart shows the table's percentages and intervals.", "small"))
        if ba.merged_note:
            parts.append(_p(ba.merged_note, "small"))
        cap = f"{label} by {words}, {span}: {_COHORT_WORDS[definition]}"
        parts.append(Table(ba.display, caption=cap).to_html())
    else:
        parts.append(_p(ba.sentence))
    if note:
        parts.append(_p(note, "small"))
    return Fragment("".join(parts))


@_needs_extract
def placement_section(data: VirtualSchoolData | None, years: list[int], *, definition: str = "dfe",
                      policy: DisclosurePolicy) -> Fragment:
    """KS4 outcomes by number of placements: grade 4+ in English and maths and Attainment 8."""
    intro = _p("National evidence: each extra placement change after age 11 is associated with about a third "
               "of a GCSE grade lower (Sebba et al. 2015). Placements are stays with a new carer in the two "
               "academic years to the end of year 11; one placement means no move.")
    a = band_section(data, years, "basics4", "placements", definition=definition, policy=policy, method_note=False)
    b = band_section(data, years, "att8", "placements", definition=definition, policy=policy, method_note=False)
    return Fragment(intro + a.html + b.html)


@_needs_extract
def attendance_section(data: VirtualSchoolData | None, year: int, years: list[int], *, definition: str = "dfe",
                       policy: DisclosurePolicy) -> Fragment:
    """Attendance and persistent absence by phase, trend, and by placements."""
    parts = [rate_section(data, year, "attendance", "PHASE", definition=definition, policy=policy).html,
             rate_section(data, year, "persistent_absence", "PHASE", definition=definition,
                          policy=policy).html,
             trend_section(data, "persistent_absence", years, definition=definition, policy=policy).html,
             band_section(data, [year], "persistent_absence", "placements", definition=definition,
                          policy=policy, method_note=False).html]
    return Fragment("".join(parts) + _key(policy))


@_needs_extract
def exclusions_section(data: VirtualSchoolData | None, year: int, *, definition: str = "dfe",
                       policy: DisclosurePolicy) -> Fragment:
    """Suspensions and permanent exclusions by SEN status."""
    parts = [rate_section(data, year, "suspended", "SEN", definition=definition, policy=policy).html,
             rate_section(data, year, "permanent_exclusion", None, definition=definition,
                          policy=policy).html]
    return Fragment("".join(parts) + _key(policy))


@_needs_extract
def pep_section(data: VirtualSchoolData | None, year: int, years: list[int], *, definition: str = "on_roll",
                policy: DisclosurePolicy) -> Fragment:
    """PEP completion on time and quality (good or outstanding), with trend."""
    parts = [_p("PEP measures cover every pupil of school age with a PEP recorded in the year: "
                "completion means every PEP in the year was completed on time; quality is the rating of "
                "the latest PEP."),
             rate_section(data, year, "pep_on_time", "PHASE", definition=definition, policy=policy).html,
             rate_section(data, year, "pep_good", "PHASE", definition=definition, policy=policy).html,
             trend_section(data, "pep_good", years, definition=definition, policy=policy).html]
    return Fragment("".join(parts) + _key(policy))


@_needs_extract
def post16_section(data: VirtualSchoolData | None, year: int, *, definition: str = "dfe", policy: DisclosurePolicy) -> Fragment:
    """Destinations in the autumn after year 11, protected, and NEET."""
    f = _frame(data, year, "post16", definition)
    d = f["destination"].dropna()
    if d.empty:
        return Fragment(_p(f"No post-16 destinations recorded for {academic_year_label(year)}."))
    order = ["sixth form", "FE college", "apprenticeship", "employment with training",
             "employment without training", "NEET", "not known"]
    counts = pd.DataFrame({"Pupils": [int((d == k).sum()) for k in order]}, index=order)
    counts = counts.loc[(counts["Pupils"] > 0) | counts.index.isin(["NEET"])]
    keys = pupil_keys(f)
    members = {(k, "Pupils"): frozenset(keys[(f["destination"] == k).to_numpy()]) for k in counts.index}
    members[("Total", "Pupils")] = frozenset().union(*members.values())
    table = protect_table(f"destinations after year 11, {frame_key(f)}", counts, members, policy=policy,
                          cost={k: 2.0 if k[0] == "Total" else 1.0 for k in members},
                          labels={k: f"destination: {k[0]}" for k in members if k[0] != "Total"})
    pub = table.published()[["Pupils"]].reset_index(names="Destination")
    pub.loc[pub["Destination"] == "Total", "Destination"] = "All year 11 leavers"
    cap = f"Destinations in the autumn after year 11, {academic_year_label(year)} leavers: {_COHORT_WORDS[definition]}"
    unknown = int(counts["Pupils"].get("not known", 0))
    if policy.is_small(unknown):
        # The NEET rate is taken over leavers with a known destination: its base beside all leavers
        # would give back the few whose destination is not known.
        neet = Fragment(_p("The NEET percentage is not shown this year: its base leaves out the leavers whose "
                           f"destination is not known, who number fewer than {policy.threshold}.", "small"))
    else:
        neet = rate_section(data, year, "neet", None, definition=definition, policy=policy)
    return Fragment(Table(pub, caption=cap).to_html() + neet.html + _key(policy))


@_needs_extract
def schools_section(data: VirtualSchoolData | None, year: int, *, definition: str = "on_roll",
                    policy: DisclosurePolicy) -> Fragment:
    """Pupils by school phase and Ofsted grade; in- and out-of-borough schools when the extract says."""
    f = _by_column(_frame(data, year, "school", definition), "OFSTED_GRADE")
    grid = pd.crosstab(f["PHASE"], f["OFSTED_GRADE"])
    grid = grid[[c for c in ("Outstanding", "Good", "Requires improvement", "Inadequate", "not known")
                 if c in grid.columns]]
    cap = f"Pupils of school age by school phase and Ofsted grade, {academic_year_label(year)}: {_COHORT_WORDS[definition]}"
    # The table's grand total is the school-age roll, which the attendance table prints: it cannot stand
    # as a secondary suppression (found by the run's audit, synth --children 60: special schools = 3), so
    # it is ``known``. When no other pattern protects the two-way table, the pupils are shown by grade
    # alone, with the roll as its total.
    keys = pupil_keys(f)
    phase, grade = f["PHASE"].to_numpy(), f["OFSTED_GRADE"].to_numpy()
    cells = {(r, c): frozenset(keys[(phase == r) & (grade == c)]) for r in grid.index for c in grid.columns}
    cells |= {(r, "Total"): frozenset(keys[phase == r]) for r in grid.index}
    cells |= {("Total", c): frozenset(keys[grade == c]) for c in grid.columns}
    cells[("Total", "Total")] = frozenset(keys[np.isin(phase, grid.index) & np.isin(grade, grid.columns)])
    try:
        pub = protect_table(f"pupils by school phase and Ofsted grade, {frame_key(f)}", grid, cells, policy=policy,
                            known=[("Total", "Total")]).published().reset_index(names="Phase")
    except DisclosureError:
        try:
            by_grade = protect_table(f"pupils by Ofsted grade, {frame_key(f)}", grid.sum(axis=0).to_frame("Pupils"),
                                     {(c, "Pupils"): cells[("Total", c)] for c in grid.columns}
                                     | {("Total", "Pupils"): cells[("Total", "Total")]},
                                     policy=policy, known=[("Total", "Pupils")])
        except DisclosureError:
            return Fragment(_p(f"Too few pupils of school age in {academic_year_label(year)} to show them by "
                               "their school's Ofsted grade without identifying children.") + _key(policy))
        pub = by_grade.published()[["Pupils"]].reset_index(names="Ofsted grade of the school")
        cap = (f"Pupils of school age by their school's Ofsted grade, {academic_year_label(year)}: "
               f"{_COHORT_WORDS[definition]} (not by school phase: some phases have too few pupils)")
    pub.columns = [str(c) for c in pub.columns]
    where = rate_section(data, year, "attendance", "SCHOOL_LA", definition=definition, policy=policy)
    return Fragment(Table(pub, caption=cap).to_html() + where.html + _key(policy))


_AREAS = [
    ("Early years", "gld"), ("Key stage 1", "ks1_rwm"), ("Key stage 2", "ks2_rwm"), ("Key stage 4", "basics4"),
    ("Post-16", "neet"), ("Attendance", "persistent_absence"), ("Exclusions", "suspended"),
    ("PEPs", "pep_good"),
]


def _nested_inner_hidden(data: VirtualSchoolData, year: int, definition: str, policy: DisclosurePolicy) -> set[str]:
    """Inner measures (all three subjects, ...) whose count the key stage tables' counts would give back.

    The key stage sections publish each subject's "met" count; a table that
    also prints the all-three percentage of the same pupils would give, by
    subtraction, the pupils who met one subject but not all three
    (:data:`~cpanalysis.virtual_school.analysis.NESTED`). The same rule as the
    national table's: hidden when the gap is 1 to ``policy.threshold - 1``.
    """
    shown: dict[str, int] = {}
    for outer, inner in NESTED:
        for key in (outer, inner):
            if key in shown:
                continue
            m = MEASURES[key]
            t = rate_table(_frame(data, year, m.stage, definition), m, policy=policy)
            if t.display.iloc[0]["Percentage"] not in (CONFIDENTIAL, "z"):
                shown[key] = int(t.counts.values.loc["Total", "with"])
    return _nested_hidden(shown, policy)


@_needs_extract
def self_evaluation_section(data: VirtualSchoolData | None, year: int, *, definition: str = "dfe",
                            policy: DisclosurePolicy, national: NationalFigures | None = None) -> Fragment:
    """The evidence for the self-evaluation, one row per area: this year, last year, national.

    The judgement itself (green, amber, red) is the Virtual School head's; this
    table gives the protected figures it rests on. ``national``: the run's
    national figures (default ``national.toml``'s), named by year and release
    below the table.
    """
    national = national if national is not None else toml_figures()
    rows, used = [], []
    hidden_now = _nested_inner_hidden(data, year, definition, policy)
    try:
        hidden_before = _nested_inner_hidden(data, year - 1, definition, policy)
    except (KeyError, ValueError, IndexError):
        hidden_before = set()
    for area, key in _AREAS:
        m = MEASURES[key]
        d_def = "on_roll" if key.startswith("pep") else definition
        now = _self_evaluation_row(data, year, key, d_def, policy, hidden_now)
        try:
            before = rate_table(_frame(data, year - 1, m.stage, d_def), m, policy=policy).display.iloc[0]
            last = CONFIDENTIAL if key in hidden_before else before["Percentage"]
        except (KeyError, ValueError, IndexError):
            last = "x"
        cla = national.figure(key, "cla", year)
        if cla is not None:
            used.append(cla.label)
        rows.append({"Area": area, "Measure": m.label, "Pupils this year": now["Pupils"], "This year %": now["Percentage"],
                     "Last year %": last,
                     "England: children in care": cla.formatted() if cla else NO_FIGURE})
    cap = f"Evidence for the self-evaluation by area, {academic_year_label(year)} (with {academic_year_label(year - 1)})"
    words = _p("The self-evaluation grades are the Virtual School head teacher's judgement; the table gives the "
               "protected figures behind them. Percentages move by 100/n points per pupil, so compare them "
               "with their intervals in the sections below before reading a change as real.")
    labels = list(dict.fromkeys(used))
    note = _p(("England figures for children in care: " + "; ".join(labels) + ". " if labels else "")
              + f"Where DfE has published no England figure for {academic_year_label(year)}, the table says so.",
              "small")
    return Fragment(words + Table(pd.DataFrame(rows), caption=cap).to_html() + note + _key(policy))


def _self_evaluation_row(data: VirtualSchoolData, year: int, key: str, definition: str, policy: DisclosurePolicy,
                         hidden: set[str]) -> pd.Series:
    """A measure's protected row for a year as the self-evaluation table prints it (pupils, percentage)."""
    m = MEASURES[key]
    now = rate_table(_frame(data, year, m.stage, definition), m, policy=policy).display.iloc[0].copy()
    if key in hidden:
        now["Percentage"] = CONFIDENTIAL
    return now


#: Virtual School measures charted against England and the statistical neighbours over DfE's years.
BENCHMARK_MEASURES = ("ks2_rwm", "basics4", "persistent_absence")


@_needs_extract
def benchmark_section(data: VirtualSchoolData | None, year: int, *, council: str, policy: DisclosurePolicy,
                      la_code: str | None, inputs: Any, national: NationalFigures | None = None,
                      synthetic: bool = False, definition: str = "dfe") -> Fragment:
    """Key measures against England and the statistical neighbours' mean over DfE's published years.

    One chart per measure of :data:`BENCHMARK_MEASURES`
    (:func:`cpanalysis.present.benchmark_trends.benchmark_trends`): the council's figure as DfE
    published it, England's for children in care and the mean of its ten statistical neighbours,
    for every year in the DfE downloads named in the settings, with this year's own figure marked
    as the self-evaluation table prints it (hidden stays hidden). Without DfE downloads, England's
    figures for children in care from the run's national figures (``national.toml``, typed in).
    """
    from ..present.benchmark_trends import OwnFigure, benchmark_trends, store_for_run

    hidden = _nested_inner_hidden(data, year, definition, policy)
    own = {f"VS.{key}": OwnFigure.for_year(
               f"VS.{key}", academic_year_label(year),
               str(_self_evaluation_row(data, year, key, definition, policy, hidden)["Percentage"]))
           for key in BENCHMARK_MEASURES}
    store = store_for_run(la_code, inputs)
    if store is not None and la_code:
        _register_published_figures(store, str(la_code), definition)
    typed = None
    if store is None:
        national = national if national is not None else toml_figures()
        typed = pd.DataFrame([{"measure": f"VS.{f.measure}", "area": "England", "kind": "england", "value": f.value,
                               "unit": "percent" if f.unit == "%" or f.unit == "percent" else "mean",
                               "year": f.year, "source": f.source}
                              for f in national.figures if f.group == "cla" and f.measure in BENCHMARK_MEASURES],
                             columns=["measure", "area", "kind", "value", "unit", "year", "source"])
    return benchmark_trends([f"VS.{k}" for k in BENCHMARK_MEASURES], own, council=council, store=store,
                            la_code=la_code if store is not None else None, comparators=typed, synthetic=synthetic,
                            own_source="the Virtual School extract")


def _register_published_figures(store: Any, la_code: str, definition: str) -> None:
    """DfE's published figures of the council, as a reader holds them, for the page being protected.

    DfE publishes each council's key stage 2, key stage 4 and absence figures for
    its children in care (the figures :func:`benchmark_section` charts). Where a
    year's published percentage is the one a table of the page works out from
    the same pupils (within half a percentage point: the whole number the page
    prints DfE's figure to), a reader knows that count from DfE
    whatever the page hides: it is registered with the page's ledger as printed
    and not hideable (:mod:`cpanalysis.protect.ledger`), so that a gap between it
    and a nested group the page prints (met reading but not all three subjects)
    is closed by hiding the page's own figure.
    """
    from ..benchmarks.compare import series
    from ..protect.ledger import active_ledger

    ledger = active_ledger()
    if ledger is None:
        return
    for key in BENCHMARK_MEASURES:
        m = MEASURES[key]
        try:
            published = series(store, la_code, f"VS.{key}")
        except (KeyError, ValueError, LookupError):
            continue
        for r in published.itertuples(index=False):
            value = r.council
            if value is None or pd.isna(value):
                continue
            try:
                year = parse_academic_year(str(r.year))
            except (ValueError, InputError):
                continue
            table = rate_table_key(key, None, pupils_key(m.stage, definition, year))
            with_ = ledger.cells.get((table, "Total", "with"))
            base = ledger.cells.get((table, "Total", "Total"))
            if with_ is None or base is None or not base.members:
                continue
            ours = 100 * len(with_.members) / len(base.members)
            if abs(ours - float(value)) <= 0.5 + 1e-9:  # the same figure, to the whole number it is printed to
                ledger.register(f"DfE's published figure, {table}", {("council", "with"): with_.members}, {},
                                hideable=False, labels={("council", "with"): key})


def about_the_figures(data: VirtualSchoolData | None, national: NationalFigures | None = None) -> Fragment:
    """The page's one description of its methods: intervals, comparisons with England, where England's figures come from.

    Table cells say only "similar to", "higher than" or "lower than" children
    in care in England; this says once what those words mean and how they are
    decided (funnel-plot limits for percentages, the council's interval for
    averages), and which releases the England figures come from. Nothing
    when no extract was supplied (the page has no figures to describe).

    Parameters
    ----------
    data : VirtualSchoolData or None
    national : NationalFigures, optional
        The run's national figures (default ``national.toml``'s).
    """
    if data is None:
        return Fragment("")
    national = national if national is not None else toml_figures()
    intervals = _p(
        "Percentages are of the pupils in each group. Each comes with a 95% confidence interval (Wilson score "
        "method): with groups this small, the range the underlying rate probably lies in. Averages (such as "
        "Attainment 8) come with a 95% interval from Student's t distribution.")
    compare = _p(
        "Compared with children in care in England: a percentage is set against funnel-plot control limits around "
        "England's figure for children in care (the method of the Office for Health Improvement and Disparities, "
        "which allows for how many pupils there are). \u201cSimilar to\u201d means inside the 95% limits, "
        "\u201chigher than\u201d or \u201clower than\u201d outside them, and \u201cmuch higher\u201d or "
        "\u201cmuch lower\u201d outside the 99.8% limits. For an average, \u201csimilar to\u201d means "
        "England's figure lies inside the council's 95% interval; otherwise it is higher or lower. "
        f"\u201c{NO_FIGURE[:1].upper() + NO_FIGURE[1:]}\u201d means the Department for Education (DfE) has "
        "published no England figure for that measure and year.")
    if national.from_dfe_files:
        where = ("England's figures for children in care are read from DfE's release \u201cOutcomes for children "
                 "in need, including children looked after by local authorities in England\u201d, as downloaded "
                 "for this run, each labelled with its academic year and release; DfE counts pupils looked after "
                 "continuously for 12 months at 31 March, as the tables here do. Figures for all pupils come from "
                 "DfE's national headlines, named in each table.")
    else:
        where = ("England's figures are typed in from DfE's publications, each labelled with its academic year "
                 "and release; DfE counts pupils looked after continuously for 12 months at 31 March, as the "
                 "tables here do.")
    where = getattr(national, "synthetic_words", "") or where  # the demo's synthetic DfE-format figures say so
    bands = _p(
        "Outcomes by number of placements: bands are merged until each is large enough to publish. A trend test "
        "asks whether outcomes rise or fall across the ordered bands more than chance would explain (the "
        "Cochran-Armitage test for percentages, exact when the numbers are small; a least-squares trend for "
        "averages; with two bands, the test of their difference). The gap between the last and first band is "
        "given with its 95% confidence interval (Newcombe's method for percentages, Welch's for averages). "
        "Each chart shows its table's percentages and intervals.")
    return Fragment(intervals + compare + bands + _p(where))


def caseworker_section(data: VirtualSchoolData, year: int, term: str = "summer", *, publish: bool) -> Fragment:
    """The caseworker view: named children at risk. Refuses to render on a publishable page.

    Parameters
    ----------
    publish : bool
        Whether the page is for publication; must be False (the investigation
        notebook's metadata says ``{"cpanalysis": {"publish": false}}``).

    Raises
    ------
    cpanalysis.errors.DisclosureError
        When ``publish`` is true.
    """
    from ..errors import DisclosureError

    if publish:
        raise DisclosureError("the caseworker view names children and may not be put on a publishable page")
    t = children_at_risk(data, year, term)
    cap = (f"NOT FOR PUBLICATION. Children on the roll in the {term} term of {academic_year_label(year)} with "
           "attendance below 90%, no PEP this term, or a grade 3 in English or maths")
    return Fragment('<div class="notice" role="note"><strong>Not for publication</strong> This list names '
                    "children. Share it only with the Virtual School team.</div>"
                    + Table(t, caption=cap).to_html())

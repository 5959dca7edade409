"""The health and wellbeing briefing: health checks, SDQ, substance misuse, missing from care.

OC2 measures (:mod:`cpanalysis.measures.health`) cover children looked after
continuously for the 12 months to 31 March and are recorded once a year, so a
quarter shows the latest return year that has ended (for 2024-25 Q1-Q3 that
is 2023-24). Each section returns words, a chart and a table as one
:class:`~cpanalysis.present.page.Fragment`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import html

import pandas as pd

from ..protect.policy import DisclosurePolicy
from ..measures.data import MeasureData
from ..measures.deep_dives import MISSING_ONCE, MISSING_QUARTERS, missing_from_care
from ..measures.health import oc2_cohort, oc2_year
from ..measures.registry import MEASURES, Result
from ..measures.comparisons import load_comparators
from ..quarters import Quarter
from .funnel import (
    Point,
    comparator_years,
    comparison_areas,
    comparison_key,
    comparison_rows,
    comparison_table,
    funnel_plot,
    hide_nested,
    measure_points,
    pct,
    proportion_words,
    trend_chart,
)
from .page import Fragment, hidden_meaning
from .tables import Table

if TYPE_CHECKING:  # pragma: no cover
    from ..measures.publication import QuarterPublication

__all__ = [
    "CHECKS", "about_section", "health_checks_section", "missing_section", "oc2_note", "sdq_section",
    "substance_misuse_section",
]

SOURCE = "SSDA903 OC2 (children looked after for 12 months), cpanalysis measures"

#: Health checks: measure id -> words.
CHECKS = {
    "P4.9": "annual health assessment up to date",
    "P4.10": "immunisations up to date",
    "P4.11": "teeth checked by a dentist",
}


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def oc2_note(quarter: Quarter) -> Fragment:
    """Which return year the health figures are for, in words."""
    y = oc2_year(quarter)
    return Fragment(
        f"<p>Health figures come from the annual return on children looked after continuously for 12 months "
        f"at 31 March. The latest complete year at the end of {_esc(quarter.label)} is the year to 31 March "
        f"{y + 1} ({y}-{(y + 1) % 100:02d}); earlier years are shown for comparison.</p>"
    )


def _comparisons(latest: dict[str, Point], council: str, caption: str,
                 comparators: pd.DataFrame | None) -> tuple[pd.DataFrame, str]:
    comparators = load_comparators() if comparators is None else comparators
    rows = comparison_rows(latest, comparators)
    parts = [comparison_table(rows, caption, council).to_html()]
    for name, p in latest.items():
        c = comparators.loc[(comparators["measure"] == p.measure) & (comparators["area"] == "England")]
        if c.empty or p.status not in ("shown", "low_reliability") or not p.result.denominator:
            continue  # a rounded value is never plotted by its counts
        verdict = rows.loc[rows["id"] == p.measure, "verdict_england"].iloc[0]
        cap = name[:1].upper() + name[1:]
        parts.append(funnel_plot(
            int(p.result.numerator), int(p.result.denominator), float(c["value"].iloc[0]) / 100,
            comparator="England", label=f"{council}, {p.label}", who="children looked after for 12 months",
            title=f"{cap}: {verdict}",
            subtitle=f"{cap} ({p.period}), compared with England ({c['year'].iloc[0]}) for a group of this size",
            source=f"{SOURCE}; England: {c['source'].iloc[0]}", verdict=verdict).to_html())
    return rows, "".join(parts)


def _verdicts(row: pd.Series) -> str:
    out = []
    for col in ("england", "region", "neighbours"):
        v = row.get(f"verdict_{col}", "x")
        if v not in ("x", "z", "c", "", "no comparison"):
            out.append(f"{v} ({row[col]})")
    return ("; " + "; ".join(out)) if out else ""


def _sentences(items: list[tuple[str, Point]], rows: pd.DataFrame, policy: DisclosurePolicy) -> str:
    lis = []
    for i, (what, p) in enumerate(items):
        extra = _verdicts(rows.iloc[i]) if p.published else ""
        lis.append(f"<li>{_esc(what[:1].upper() + what[1:])}: {_esc(proportion_words(p, policy))}{_esc(extra)}.</li>")
    return "<ul>" + "".join(lis) + "</ul>"


def _title(what: str, p: Point) -> str:
    if p.published and p.result.value is not None:
        return f"{pct(float(p.result.value), 0)} {what}, {p.label}"
    return f"{what[:1].upper() + what[1:]}, {p.label}: not shown"


def health_checks_section(data: MeasureData, quarter: Quarter, *, council: str, policy: DisclosurePolicy,
                          n_years: int = 5, comparators: pd.DataFrame | None = None,
                          publication: "QuarterPublication | None" = None) -> Fragment:
    """Health assessments, immunisations and dental checks (P4.9-P4.11), and development checks of under 5s (P4.12)."""
    pts = {mid: measure_points(data, mid, quarter, policy=policy, n_years=n_years, publication=publication)
           for mid in (*CHECKS, "P4.12")}
    latest = {f"children with {w}": pts[mid][-1] for mid, w in CHECKS.items()}
    latest["children under 5 with development checks up to date"] = pts["P4.12"][-1]
    rows, comp_html = _comparisons(latest, council, f"Health checks, {pts['P4.9'][-1].label}: {council} and comparators",
                                   comparators)
    words = _sentences(list(latest.items()), rows, policy)
    chart = trend_chart({w[:1].upper() + w[1:]: pts[mid] for mid, w in CHECKS.items()} |
                        {"Development checks (under 5)": pts["P4.12"]},
                        title=_title("had an up to date annual health assessment", pts["P4.9"][-1]),
                        subtitle="Percentage of children looked after for 12 months with each health check, "
                                 "by year to 31 March", source=SOURCE)
    first = pts["P4.9"]
    checks = Table(pd.DataFrame({
        "Year": [p.label for p in first],
        "Children looked after for 12 months": [p.base(policy) for p in first],
        **{f"{w[:1].upper() + w[1:]} (%)": [p.cell() for p in pts[mid]] for mid, w in CHECKS.items()},
    }), caption="Health assessments, immunisations and dental checks of children looked after for 12 months, by year")
    dev = pts["P4.12"]
    under5 = Table(pd.DataFrame({
        "Year": [p.label for p in dev],
        "Children under 5 looked after for 12 months": [p.base(policy) for p in dev],
        "Development checks up to date (%)": [p.cell() for p in dev],
    }), caption="Development checks of children under 5 looked after for 12 months, by year")
    return Fragment(words + (chart.to_html() if chart else "") + checks.to_html() + under5.to_html() + comp_html)


def _completion(data: MeasureData, quarter: Quarter, labels: list[str]) -> list[Result]:
    """Children aged 4-16 in the OC2 cohort, and how many have an SDQ score, for each year shown."""
    out = []
    for lbl in labels:
        q = Quarter(int(lbl[:4]), 4)
        c = oc2_cohort(data, q)
        if c is None:
            out.append(Result.not_available("no OC2 return"))
            continue
        c = c.loc[c["age"].between(4, 16)]
        scored = int(pd.to_numeric(c["SDQ_SCORE"], errors="coerce").notna().sum())
        out.append(Result.percent(scored, len(c)))
    return out


def sdq_section(data: MeasureData, quarter: Quarter, *, council: str, policy: DisclosurePolicy, n_years: int = 5,
                comparators: pd.DataFrame | None = None, publication: "QuarterPublication | None" = None) -> Fragment:
    """Strengths and Difficulties Questionnaire: average score (P4.13), % 17+ (P4.6a) and 20+ (P4.6), aged 4-16.

    17+ and 20+ are shares of the same children, so when the children scoring
    17-19 number 1 to ``threshold - 1`` the 20+ figure is hidden as well
    (:func:`.funnel.hide_nested`).
    """
    from ..protect.proportion import proportion

    mean = measure_points(data, "P4.13", quarter, policy=policy, n_years=n_years, publication=publication)
    s17 = measure_points(data, "P4.6a", quarter, policy=policy, n_years=n_years, publication=publication)
    s20 = measure_points(data, "P4.6", quarter, policy=policy, n_years=n_years, publication=publication)
    for k in range(len(s17)):
        s17[k], s20[k] = hide_nested(s17[k], s20[k], policy)
    labels = [p.label for p in mean]
    done = _completion(data, quarter, labels)
    done_cells = []
    for r in done:
        if not r.available:
            done_cells.append(("x", "x"))
        elif r.denominator == 0:
            done_cells.append(("0", "z"))
        else:
            base = f"{r.denominator:,}" if r.denominator >= policy.threshold else "c"
            done_cells.append((base, proportion(int(r.numerator), int(r.denominator), policy=policy).for_table(1)))
    m = mean[-1]
    if m.published:
        lead = (f"The average SDQ score of children aged 4-16 ({m.period}) was {m.display}, from "
                f"{m.result.denominator:,} children with a score. A score of 17 or more is a cause for concern; "
                "20 or more is the council's scorecard measure.")
    else:
        lead = f"The average SDQ score ({m.period}) is {'not available (x)' if m.status == 'not_available' else 'not shown (c)'}."
    latest = {"children aged 4-16 with an SDQ score of 17 or more": s17[-1],
              "children aged 4-16 with an SDQ score of 20 or more": s20[-1]}
    rows, comp_html = _comparisons(latest, council, f"SDQ scores, {labels[-1]}: {council} and comparators", comparators)
    words = f"<p>{_esc(lead)}</p>" + _sentences(list(latest.items()), rows, policy)
    chart = trend_chart({"Score 17 or more": s17, "Score 20 or more": s20},
                        title=_title("of children aged 4-16 scored 17 or more", s17[-1]),
                        subtitle="Percentage of children aged 4-16 with an SDQ score of 17 or more and of 20 or more, "
                                 "by year to 31 March", source=SOURCE)
    table = Table(pd.DataFrame({
        "Year": labels,
        "Children aged 4-16 looked after for 12 months": [d[0] for d in done_cells],
        "With an SDQ score (%)": [d[1] for d in done_cells],
        "Children with a score": [p.base(policy) for p in mean],
        "Average score": [p.cell() for p in mean],
        "Score 17 or more (%)": [p.cell() for p in s17],
        "Score 20 or more (%)": [p.cell() for p in s20],
    }), caption="Strengths and Difficulties Questionnaire (SDQ) scores of children aged 4-16 looked after for "
                "12 months, by year")
    note = ("<p class=\"small\">The SDQ is a short questionnaire completed by carers; scores run from 0 to 40 and a "
            "higher score means more difficulties. Averages and percentages are of children with a score. Where "
            f"the children scoring 17 to 19 would number from 1 to {policy.threshold - 1}, the 20 or more figure is also "
            "shown as c.</p>")
    return Fragment(words + (chart.to_html() if chart else "") + table.to_html() + note + comp_html)


def substance_misuse_section(data: MeasureData, quarter: Quarter, *, council: str, policy: DisclosurePolicy,
                             n_years: int = 5, comparators: pd.DataFrame | None = None,
                             publication: "QuarterPublication | None" = None) -> Fragment:
    """Children looked after for 12 months identified as having a substance misuse problem (P4.14), over time."""
    pts = measure_points(data, "P4.14", quarter, policy=policy, n_years=n_years, publication=publication)
    latest = {"children identified as having a substance misuse problem": pts[-1]}
    rows, comp_html = _comparisons(latest, council, f"Substance misuse, {pts[-1].label}: {council} and comparators",
                                   comparators)
    chart = trend_chart({"Substance misuse": pts},
                        title=_title("of children were identified as having a substance misuse problem", pts[-1]),
                        subtitle="Percentage of children looked after for 12 months identified as having a substance "
                                 "misuse problem, by year to 31 March", source=SOURCE)
    table = Table(pd.DataFrame({
        "Year": [p.label for p in pts],
        "Children looked after for 12 months": [p.base(policy) for p in pts],
        "Substance misuse problem identified (%)": [p.cell() for p in pts],
    }), caption="Children looked after for 12 months identified as having a substance misuse problem, by year")
    return Fragment(_sentences(list(latest.items()), rows, policy) + (chart.to_html() if chart else "")
                    + table.to_html() + comp_html)


def missing_section(data: MeasureData, quarter: Quarter, *, policy: DisclosurePolicy,
                    n_quarters: int = MISSING_QUARTERS,
                    publication: "QuarterPublication | None" = None) -> Fragment:
    """Cared for children missing from care: at least once, and 5 or more times in a month (P4.8), by quarter.

    Both come from the run's protected publication: P4.8 as the scorecard
    printed it, and the children missing at least once as the publication's
    deep dive protected them beside it
    (:func:`cpanalysis.measures.deep_dives.missing_from_care`: where the gap
    between the two is small, the count missing at least once is hidden, not
    the scorecard's measure).
    """
    p48 = measure_points(data, "P4.8", quarter, policy=policy, n_quarters=n_quarters, publication=publication)
    quarters = quarter.previous(n_quarters)
    dive = (publication.deep_dive("missing_from_care", data) if publication is not None and n_quarters == MISSING_QUARTERS
            else missing_from_care(data, quarter, policy, n_quarters=n_quarters))
    cells = dive.tables[MISSING_ONCE].set_index("quarter")
    counts = dive.private[MISSING_ONCE].set_index("quarter")["children"]
    once_pts = []
    for q, p in zip(quarters, p48):
        n = counts.get(q.label)
        res = Result.not_available("outside the data") if n is None or pd.isna(n) else Result.count(int(n))
        once_pts.append((Point("missing", p.label, p.period, res, str(cells.at[q.label, "children"]),
                               str(cells.at[q.label, "status"])), p))
    last_once, last5 = once_pts[-1]
    bits = []
    if last_once.published:
        bits.append(f"{last_once.display} cared for children were reported missing at least once in {quarter.label}")
    if last5.published:
        bits.append(f"{last5.display} went missing 5 or more times in one month" if last5.display != "0"
                    else "none went missing 5 or more times in one month")
    elif last5.status in ("primary", "secondary"):
        bits.append("the number who went missing 5 or more times in one month is not shown (c)")
    lead = ("; ".join(bits) + ".") if bits else f"Missing figures for {quarter.label} cannot be shown."
    lead = lead[:1].upper() + lead[1:]
    chart = trend_chart({"Missing at least once": [o for o, _ in once_pts],
                         "Missing 5 or more times in a month": [f for _, f in once_pts]},
                        title=f"Cared for children reported missing, {quarters[0].label} to {quarter.label}",
                        subtitle="Number of cared for children reported missing from care in each quarter",
                        source="SSDA903 missing episodes, cpanalysis measure P4.8", unit="count", y_label="Children")
    table = Table(pd.DataFrame({
        "Quarter": [o.label for o, _ in once_pts],
        "Children missing at least once": [o.cell() for o, _ in once_pts],
        "Children missing 5 or more times in one month": [f.cell() for _, f in once_pts],
    }), caption=f"Cared for children reported missing from care, by quarter, {quarters[0].label} to {quarter.label}")
    note = ("<p class=\"small\">Missing means an incident recorded as missing; time away without authorisation is "
            "not counted. A child is counted once in a quarter however often they went missing.</p>")
    return Fragment(f"<p>{_esc(lead)}</p>" + (chart.to_html() if chart else "") + table.to_html() + note)


def about_section(quarter: Quarter, *, policy: DisclosurePolicy, comparators: pd.DataFrame | None = None) -> Fragment:
    """Definitions of the measures used, the symbols, the comparison words, and the comparators' years and sources."""
    ids = ["P4.9", "P4.10", "P4.11", "P4.12", "P4.13", "P4.6a", "P4.6", "P4.14", "P4.8"]
    defs = pd.DataFrame({"Ref": ids, "Measure": [MEASURES[i].title for i in ids],
                         "Definition": [MEASURES[i].definition for i in ids]})
    table = Table(defs, caption="Definitions of the health and wellbeing measures in this briefing")
    return Fragment(
        f"<p>c means {_esc(hidden_meaning(policy))}; a percentage or average that would reveal a small number is "
        "hidden too. x means not available, z not applicable, u low reliability (a group of fewer than "
        f"{policy.reliability_limit} children, where one child moves the percentage a lot).</p>"
        + comparison_key(comparison_areas(ids, comparators)) + "<p>" + _esc(comparator_years(ids, comparators)) + "</p>"
        + table.to_html()
    )

"""The care leavers briefing: in touch, education and work, accommodation, staying put.

Every section reads the OC3 measures from the registry (:mod:`cpanalysis.measures.adulthood`)
over the return years in the data (:func:`.funnel.measure_points`), protects
them as the scorecard does, and returns words, a chart and a table as one
:class:`~cpanalysis.present.page.Fragment` for a notebook cell to display.

OC3 is annual: it records each care leaver around their 17th, 18th, 19th,
20th and 21st birthdays in the return year. A value for a past year covers
the birthdays from 1 April to 31 March; the current year's value is year to
date (birthdays from 1 April to the quarter end). Age groups 17-18 and 19-21
are DfE's. Percentages are of all care leavers in the group except those who
died, "not known" included (DfE's presentation).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import html

import pandas as pd

from ..protect.policy import DisclosurePolicy
from ..measures.data import MeasureData
from ..measures.registry import MEASURES
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
    hide_remainder,
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
    "BANDS", "about_section", "accommodation_section", "eet_section", "in_touch_section", "period_note",
    "staying_put_section",
]

SOURCE = "SSDA903 OC3 (care leavers), cpanalysis measures"

#: Age group -> measure ids: in touch, EET, NEET, suitable accommodation.
BANDS = {
    "17-18": {"in_touch": "P5.9", "eet": "P2.12a", "neet": "P2.12", "suitable": "P5.2a"},
    "19-21": {"in_touch": "P5.10", "eet": "P2.15a", "neet": "P2.15", "suitable": "P5.2"},
}

_MONTH = ("", "January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


def _esc(text: str) -> str:
    return html.escape(text, quote=False)


def _latest_words(quarter: Quarter) -> str:
    if quarter.q == 4:
        return f"in the year to 31 March {quarter.year + 1}"
    return f"from 1 April to {quarter.end.day} {_MONTH[quarter.end.month]} {quarter.end.year}"


def period_note(quarter: Quarter) -> Fragment:
    """What period the briefing's figures cover, in words."""
    latest = _latest_words(quarter)
    return Fragment(
        f"<p>The latest figures are for care leavers whose birthday fell {_esc(latest)} "
        f"({_esc(quarter.return_year)} so far). Earlier years are full return years (1 April to 31 March). "
        "Figures for part of a year cover fewer birthdays than a full year, so they are based on fewer "
        "young people and move more from one year to the next.</p>"
    )


def _band_rows(points: dict[str, dict[str, list[Point]]], columns: dict[str, str], policy: DisclosurePolicy) -> pd.DataFrame:
    """Long table: one row per age group and period; the group's size, then each column's value."""
    rows = []
    for band, series in points.items():
        first = next(iter(series.values()))
        for k, p in enumerate(first):
            row = {"Year": p.label, "Birthdays between": p.period, "Age group": band,
                   "Care leavers in the age group": p.base(policy)}
            for key, header in columns.items():
                row[header] = series[key][k].cell()
            rows.append(row)
    return pd.DataFrame(rows)


def _points(data: MeasureData, quarter: Quarter, key: str, policy: DisclosurePolicy, n_years: int,
            publication: "QuarterPublication | None" = None) -> dict[str, list[Point]]:
    return {band: measure_points(data, ids[key], quarter, policy=policy, n_years=n_years, publication=publication)
            for band, ids in BANDS.items()}


def _sentence(band: str, what: str, p: Point, policy: DisclosurePolicy, verdicts: list[str]) -> str:
    """E.g. "Care leavers aged 19-21 in touch with the council: 94.1% (95% confidence interval ...); similar to England (92%; ...)"."""
    text = f"Care leavers aged {band} {what}: {proportion_words(p, policy, 'young person')}"
    if p.published and verdicts:
        text += "; " + "; ".join(verdicts)
    return text + "."


def _verdicts(row: pd.Series) -> list[str]:
    out = []
    for col in ("england", "region", "neighbours"):
        v = row.get(f"verdict_{col}", "x")
        if v not in ("x", "z", "c", "", "no comparison"):
            out.append(f"{v} ({row[col]})")
    return out


def _comparisons(latest: dict[str, Point], council: str, caption: str, comparators: pd.DataFrame | None,
                 who: dict[str, str]) -> tuple[pd.DataFrame, str]:
    """The comparison table and a funnel chart for each measure with an England comparator."""
    comparators = load_comparators() if comparators is None else comparators
    rows = comparison_rows(latest, comparators)
    parts = [comparison_table(rows, caption, council).to_html()]
    for name, p in latest.items():
        c = comparators.loc[(comparators["measure"] == p.measure) & (comparators["area"] == "England")]
        if c.empty or p.status not in ("shown", "low_reliability") or not p.result.denominator:
            continue  # a rounded value is never plotted by its counts
        base = float(c["value"].iloc[0]) / 100
        verdict = rows.loc[rows["id"] == p.measure, "verdict_england"].iloc[0]
        chart = funnel_plot(
            int(p.result.numerator), int(p.result.denominator), base, comparator="England",
            label=f"{council}, {p.label}", who=who[p.measure],
            title=f"{name[:1].upper() + name[1:]}: {verdict}",
            subtitle=f"{name[:1].upper() + name[1:]} ({p.period}), compared with England "
                     f"({c['year'].iloc[0]}) for a group of this size",
            source=f"{SOURCE}; England: {c['source'].iloc[0]}", verdict=verdict)
        parts.append(chart.to_html())
    return rows, "".join(parts)


def _one_measure_section(data: MeasureData, quarter: Quarter, key: str, words: tuple[str, str, str], column: str, *,
                         council: str, policy: DisclosurePolicy, n_years: int, comparators: pd.DataFrame | None,
                         note: str = "", publication: "QuarterPublication | None" = None) -> Fragment:
    """One care-leaver measure (``key`` of :data:`BANDS`) by age group: sentences, chart, table, comparators.

    ``words`` is (short, in a sentence, describing the group): e.g. ("in touch",
    "in touch with the council", "the council is in touch with").
    """
    short, sentence, group = words
    pts = _points(data, quarter, key, policy, n_years, publication)
    latest = {f"{short}, care leavers aged {b}": s[-1] for b, s in pts.items()}
    rows, comp_html = _comparisons(latest, council, f"Care leavers {short}, {pts['19-21'][-1].label}: "
                                   f"{council} and comparators", comparators,
                                   {ids[key]: f"care leavers aged {b}" for b, ids in BANDS.items()})
    sentences = [
        _sentence(b, sentence, s[-1], policy, _verdicts(rows.iloc[i]))
        for i, (b, s) in enumerate(pts.items())
    ]
    chart = trend_chart({f"Aged {b}": s for b, s in pts.items()},
                        title=_trend_title(short[:1].upper() + short[1:], pts),
                        subtitle=f"Percentage of care leavers {group}, by age group and year",
                        source=SOURCE)
    table = Table(_band_rows({b: {"v": s} for b, s in pts.items()}, {"v": column}, policy),
                  caption=f"Care leavers {group}, by age group and year")
    return _fragment(sentences, chart, table, comp_html, note)


def in_touch_section(data: MeasureData, quarter: Quarter, *, council: str, policy: DisclosurePolicy, n_years: int = 5,
                     comparators: pd.DataFrame | None = None, publication: "QuarterPublication | None" = None) -> Fragment:
    """Care leavers the council is in touch with, by age group (P5.9, P5.10), over time and against comparators."""
    return _one_measure_section(data, quarter, "in_touch",
                                ("in touch", "in touch with the council", "the council is in touch with"), "In touch (%)",
                                council=council, policy=policy, n_years=n_years, comparators=comparators,
                                publication=publication)


def eet_section(data: MeasureData, quarter: Quarter, *, council: str, policy: DisclosurePolicy, n_years: int = 5,
                comparators: pd.DataFrame | None = None, publication: "QuarterPublication | None" = None) -> Fragment:
    """Care leavers in education, employment or training (EET) and not (NEET), by age group, over time.

    EET and NEET do not add up to the whole group (activity not known, or not
    in touch); when that remainder is 1 to ``threshold - 1`` the smaller of
    the two is hidden as well (:func:`.funnel.hide_remainder`).
    """
    eet = _points(data, quarter, "eet", policy, n_years, publication)
    neet = _points(data, quarter, "neet", policy, n_years, publication)
    for b in BANDS:
        for k in range(len(eet[b])):
            eet[b][k], neet[b][k] = hide_remainder([eet[b][k], neet[b][k]], policy)
    latest = {}
    for b in BANDS:
        latest[f"EET, care leavers aged {b}"] = eet[b][-1]
        latest[f"NEET, care leavers aged {b}"] = neet[b][-1]
    who = {ids[k]: f"care leavers aged {b}" for b, ids in BANDS.items() for k in ("eet", "neet")}
    rows, comp_html = _comparisons(latest, council, f"Care leavers in education, employment or training (EET) and "
                                   f"not (NEET), {eet['19-21'][-1].label}: {council} and comparators",
                                   comparators, who)
    sentences = []
    for i, b in enumerate(BANDS):
        sentences.append(_sentence(b, "in education, employment or training (EET)", eet[b][-1], policy,
                                   _verdicts(rows.iloc[2 * i])))
        sentences.append(_sentence(b, "not in education, employment or training (NEET)", neet[b][-1],
                                   policy, _verdicts(rows.iloc[2 * i + 1])))
    chart = trend_chart({**{f"EET, aged {b}": eet[b] for b in BANDS}, **{f"NEET, aged {b}": neet[b] for b in BANDS}},
                        title=_trend_title("In education, employment or training", eet),
                        subtitle="Percentage of care leavers in education, employment or training (EET) and not "
                                 "(NEET), by age group and year", source=SOURCE)
    table = Table(_band_rows({b: {"e": eet[b], "n": neet[b]} for b in BANDS},
                             {"e": "In education, employment or training (%)", "n": "NEET (%)"}, policy),
                  caption="Care leavers in education, employment or training (EET) and not (NEET), by age group and year")
    note = ("<p class=\"small\">The rest of each group were not in touch or their activity is not known. Where "
            "that would leave a number from 1 to " f"{policy.threshold - 1} to be worked out by subtraction, the smaller "
            "of EET and NEET is also shown as c.</p>")
    return _fragment(sentences, chart, table, comp_html, note)


def accommodation_section(data: MeasureData, quarter: Quarter, *, council: str, policy: DisclosurePolicy,
                          n_years: int = 5, comparators: pd.DataFrame | None = None,
                          publication: "QuarterPublication | None" = None) -> Fragment:
    """Care leavers in suitable accommodation, by age group (P5.2a, P5.2), over time and against comparators."""
    note = ("<p class=\"small\">Not known counts as not suitable, as in DfE's tables. Custody, emergency "
            "accommodation and homelessness are never recorded as suitable.</p>")
    return _one_measure_section(data, quarter, "suitable", ("in suitable accommodation",) * 3,
                                "In suitable accommodation (%)", council=council, policy=policy,
                                n_years=n_years, comparators=comparators, note=note, publication=publication)


def staying_put_section(data: MeasureData, quarter: Quarter, *, policy: DisclosurePolicy, n_years: int = 5,
                        publication: "QuarterPublication | None" = None) -> Fragment:
    """Care leavers aged 18-21 staying put with their former foster carers (P5.6), over time."""
    pts = measure_points(data, "P5.6", quarter, policy=policy, n_years=n_years, publication=publication)
    shares = [_share(p, policy) for p in pts]
    last, last_share = pts[-1], shares[-1]
    if last.published:
        lead = (f"{last.display} care leavers aged 18-21 were staying put with their former foster carers "
                f"({last.period}), {last_share} of care leavers of that age.")
        if quarter.q != 4:
            lead += (" This year's figure covers part of the year only, so it is lower than a full year's "
                     "would be: compare it with earlier years with care.")
    elif last.status == "primary":
        lead = (f"The number of care leavers aged 18-21 staying put with their former foster carers "
                f"({last.period}) is from 1 to {policy.threshold - 1}, so it is not shown (c).")
    else:
        lead = f"The number staying put ({last.period}) is not available (x)."
    chart = trend_chart({"Staying put": pts}, title=_count_title(pts),
                        subtitle="Number of care leavers aged 18-21 staying put with their former foster carers, by year "
                                 "(the latest year to date)",
                        source=SOURCE, unit="count", y_label="Care leavers")
    table = Table(pd.DataFrame({
        "Year": [p.label for p in pts],
        "Birthdays between": [p.period for p in pts],
        "Number staying put": [p.cell() for p in pts],
        "Share of care leavers aged 18-21 (%)": shares,
    }), caption="Care leavers aged 18-21 staying put with their former foster carers, by year")
    return Fragment(f"<p>{_esc(lead)}</p>" + (chart.to_html() if chart else "") + table.to_html())


def _share(p: Point, policy: DisclosurePolicy) -> str:
    from ..protect.proportion import proportion

    num, den = p.result.numerator, p.result.denominator
    if not p.result.available or num is None or den is None:
        return "x"
    if den == 0:
        return "z"
    if not p.published:
        return "c"
    return proportion(int(num), int(den), policy=policy).for_table(1)


def about_section(quarter: Quarter, *, policy: DisclosurePolicy, comparators: pd.DataFrame | None = None) -> Fragment:
    """Definitions of the measures used, the symbols, the comparison words, and the comparators' years and sources."""
    ids = [i for ids in BANDS.values() for i in ids.values()] + ["P5.6"]
    defs = pd.DataFrame({"Ref": ids, "Measure": [MEASURES[i].title for i in ids],
                         "Definition": [MEASURES[i].definition for i in ids]})
    table = Table(defs, caption="Definitions of the care leaver measures in this briefing")
    return Fragment(
        f"<p>c means {_esc(hidden_meaning(policy))}; a percentage that would reveal a small number is hidden too. "
        "x means not available (no OC3 return for the year), z not applicable, u low reliability (a group of "
        f"fewer than {policy.reliability_limit} young people, where one young person moves the percentage a lot).</p>"
        + comparison_key(comparison_areas(ids, comparators))
        + "<p>The comparator figures are for a full year; the latest local figure may cover part of a year. "
        + _esc(comparator_years(ids, comparators)) + "</p>"
        + table.to_html()
    )


def _trend_title(what: str, pts: dict[str, list[Point]]) -> str:
    """A headline for a trend chart: the latest published values by age group."""
    bits = [f"{pct(float(s[-1].result.value), 0)} aged {b}" for b, s in pts.items() if s[-1].published]
    if not bits:
        return f"{what}: the latest figures cannot be shown"
    return f"{what}, {pts[next(iter(pts))][-1].label}: " + " and ".join(bits)


def _count_title(pts: list[Point]) -> str:
    last = pts[-1]
    if last.published:
        return f"{last.display} care leavers staying put, {last.label}"
    return f"Care leavers staying put, {last.label}: not shown"


def _fragment(sentences: list[str], chart, table: Table, comp_html: str, note: str = "") -> Fragment:
    items = "".join(f"<li>{_esc(s)}</li>" for s in sentences)
    return Fragment(f"<ul>{items}</ul>" + (chart.to_html() if chart else "") + table.to_html() + note + comp_html)

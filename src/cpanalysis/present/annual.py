"""The committee's annual report: the year April to March by pledge (``seeds/000_*``).

Every figure comes from the protected year-end scorecards of
:func:`cpanalysis.measures.annual.year_end_scorecards` (one fourth-quarter
scorecard per financial year, oldest first, the last being the year
reported); this module only chooses what to say about them and never
computes a figure of its own. A value hidden at a year end (``c``) stays
hidden in every table and is left out of every chart; a value shown as a
range ("99% or more") is printed as it is and not plotted.

Commentary is drafted only where a measure changed over the year by more
than chance variation would usually produce (the scorecard's direction of
travel, from the previous year end to this one: "improving", "worsening",
or "higher"/"lower" for a measure that is for information). An analyst
replaces the drafts through the scorecard's commentary CSV
(:func:`cpanalysis.present.scorecard.read_commentary`, columns ``quarter``,
``id``, ``text``), with rows whose ``quarter`` is the return year (e.g.
``2024-25``): an ``id`` naming a pledge (``P3``, ``G`` for the general
measures, or the pledge's full name) replaces the whole drafted commentary of
that pledge; an ``id`` naming a measure (``P3.7``) replaces that measure's
draft sentence, or adds the analyst's words about a measure with no draft.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

import pandas as pd

from ..measures.annual import CHANGE_COLUMN
from .page import Fragment
from .tables import Table

if TYPE_CHECKING:
    from .charts import Chart

__all__ = [
    "KEY_MEASURES", "draft_sentences", "pledge_commentary", "pledge_key", "pledge_section", "pledge_sections",
    "plotted_range", "plotted_value", "summary", "trend_chart", "trend_table", "year_end_table",
]

#: Measures drawn as a five-year trend chart where at least two year ends publish a figure, in scorecard order.
KEY_MEASURES: tuple[str, ...] = (
    "G1", "G3", "P1.2", "P1.3", "P2.12a", "P2.15a", "P3.4", "P3.7", "P3.13", "P3.19", "P3.20",
    "P4.9", "P4.13", "P5.2", "P5.10",
)

_MOVED = ("improving", "worsening", "higher", "lower")
_CHANGE_WORDS = {
    "improving": "Improving",
    "worsening": "Worsening",
    "higher": "Higher (for information)",
    "lower": "Lower (for information)",
    "no meaningful change": "No meaningful change",
}
_POLARITY = {"higher_is_better": "Higher", "lower_is_better": "Lower", "neutral": "Neither: for information"}
_COMPARATORS = (("england", "England"), ("region", "Region"),
                ("statistical_neighbours", "Statistical neighbours' average"))
_NO_FIGURE = {"", "x", "z", "c"}
_UNIT_LABEL = {"percent": "Percentage", "count": "Number", "rate_per_10000": "Rate per 10,000",
               "days": "Average days", "mean": "Average"}
_SYMBOL_WORDS = {"c": "c (hidden)", "x": "x (not available)", "z": "z (not applicable)"}
_NUMBER = re.compile(r"^(\d[\d,]*(?:\.\d+)?)(%?)(?: days)?(?: u)?$")
_RANGE = re.compile(r"^(?:(about) )?(\d+(?:\.\d+)?)%(?: or (more|less))?(?: u)?$")


def _current(cards: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The year reported: the last (newest) card."""
    if not cards:
        raise ValueError("no year-end scorecards")
    return list(cards.values())[-1]


def _year(card: pd.DataFrame) -> str:
    return str(card.attrs.get("return_year", ""))


def _previous_year(card: pd.DataFrame) -> str:
    """The return year before the card's (``2023-24`` for ``2024-25``)."""
    year = _year(card)
    m = re.match(r"^(\d{4})-\d{2}$", year)
    return f"{int(m.group(1)) - 1}-{int(m.group(1)) % 100:02d}" if m else "the year before"


def _pledges(card: pd.DataFrame) -> list[str]:
    return list(dict.fromkeys(card["pledge"]))


def pledge_key(card: pd.DataFrame, pledge: str) -> str:
    """The short key an analyst's commentary row uses for a pledge: ``P3`` for P3.x measures, ``G`` for G1...

    Taken from the ids of the pledge's measures (the part before the dot,
    else the letters).
    """
    ids = card.loc[card["pledge"] == pledge, "id"].astype(str)
    keys = {i.split(".")[0] if "." in i else re.sub(r"\d+$", "", i) for i in ids}
    return next(iter(keys)) if len(keys) == 1 else str(pledge)


def _change(row: pd.Series) -> str:
    return str(row.get(CHANGE_COLUMN, "x"))


def _comparator_columns(card: pd.DataFrame) -> list[tuple[str, str]]:
    """Comparator columns the scorecard holds a figure in for some measure (the others say nothing)."""
    cols = []
    for col, head in _COMPARATORS:
        if col in card.columns and not card[col].astype(str).str.strip().isin(_NO_FIGURE).all():
            if col == "region" and card.attrs.get("region_name"):
                head = f"Region ({card.attrs['region_name']})"
            cols.append((col, head))
    return cols


def year_end_table(cards: Mapping[str, pd.DataFrame], pledge: str) -> Table:
    """One pledge's measures at this year end against last year end, the change in words and the comparators.

    Columns: Ref, Measure, this year end and last year end (the values of
    each year's fourth-quarter scorecard, as published then), "Change over
    the year" in words, England, region and statistical neighbours' average
    where the scorecard has them, and "Better if".
    """
    card = _current(cards)
    rows = card[card["pledge"] == pledge]
    year, before = _year(card), _previous_year(card)
    frame = pd.DataFrame({
        "Ref": rows["id"].astype(str),
        "Measure": rows["title"].astype(str),
        f"Year end {year}": rows["this_quarter"].astype(str),
        f"Year end {before}": rows["same_quarter_last_year"].astype(str),
        "Change over the year": [_CHANGE_WORDS.get(_change(r), _change(r)) for _, r in rows.iterrows()],
    })
    for col, head in _comparator_columns(card):
        frame[head] = rows[col].fillna("").astype(str).to_numpy()
    frame["Better if"] = rows["polarity"].map(lambda p: _POLARITY.get(p, str(p))).to_numpy()
    return Table(frame.reset_index(drop=True),
                 caption=f"{pledge}: measures at the {year} year end against the {before} year end")


def trend_table(cards: Mapping[str, pd.DataFrame], pledge: str) -> Table | None:
    """One pledge's measures at each year end, as each year's fourth-quarter scorecard published them.

    A hidden value stays ``c``; a measure not available in any year is left
    out. None when no measure of the pledge has a figure in any year.
    """
    card = _current(cards)
    ids = [str(i) for i in card.loc[card["pledge"] == pledge, "id"]]
    cells: dict[str, dict[str, str]] = {}
    for year, c in cards.items():
        shown = dict(zip(c["id"].astype(str), c["this_quarter"].astype(str)))
        cells[year] = {i: shown.get(i, "x") for i in ids}
    keep = [i for i in ids if any(cells[y][i] != "x" for y in cards)]
    if not keep:
        return None
    titles = dict(zip(card["id"].astype(str), card["title"].astype(str)))
    frame = pd.DataFrame({"Ref": keep, "Measure": [titles[i] for i in keep]})
    for year in cards:
        frame[year] = [cells[year][i] for i in keep]
    years = list(cards)
    span = f"{years[0]} to {years[-1]}" if len(years) > 1 else years[0]
    return Table(frame, caption=f"{pledge}: year-end values, {span} (c = hidden; x = not available)")


def plotted_value(display: str) -> float | None:
    """The number a published cell shows (``"23.7%"``, ``"557"``, ``"53.3% u"``), or None.

    None for a hidden or unavailable value (``c``, ``x``, ``z``) and for a
    range ("99% or more"): those are never plotted as a point.
    """
    m = _NUMBER.match(str(display).strip())
    return float(m.group(1).replace(",", "")) if m else None


def plotted_range(display: str) -> tuple[float, float] | None:
    """The band a percentage published as a range covers (``"95% or more"`` is 95 to 100), or None.

    ``"about 99%"`` (a rounded value) is drawn at its rounded value, (99, 99).
    """
    m = _RANGE.match(str(display).strip())
    if not m or not (m.group(1) or m.group(3)):
        return None
    v = float(m.group(2))
    return (v, v) if m.group(1) else (v, 100.0) if m.group(3) == "more" else (0.0, v)


def _trend_png(years: list[str], shown: list[str], y_label: str) -> bytes:
    """The trend drawn on a fixed axis of every year end: exact values joined by a line, a range as a
    bar over the band it covers, ``c`` and ``x`` written at the foot of a year with no figure."""
    import matplotlib.pyplot as plt

    from .charts import _STYLE, render_png

    xs = list(range(len(years)))
    values = [plotted_value(v) for v in shown]
    ranges = [plotted_range(v) for v in shown]
    top = max([v for v in values if v is not None] + [r[1] for r in ranges if r] + [1.0]) * 1.15
    with plt.style.context(_STYLE):
        fig, ax = plt.subplots(figsize=(8, 4))
        (line,) = ax.plot(xs, [float("nan") if v is None else v for v in values], marker="o")
        for x, r, v, text in zip(xs, ranges, values, shown):
            if r is not None:
                ax.plot([x, x], list(r), linewidth=6, alpha=0.5, solid_capstyle="butt", color=line.get_color())
                ax.annotate(text, (x, r[1]), textcoords="offset points", xytext=(0, 4), ha="center", fontsize=10)
            elif v is None:
                ax.annotate(text.split(" ")[0], (x, 0), textcoords="offset points", xytext=(0, 6), ha="center",
                            fontsize=12, color=line.get_color())
        ax.set_xticks(xs, years)
        ax.set_xlim(-0.5, len(years) - 0.5)
        ax.set_ylim(bottom=0, top=top)
        ax.set_ylabel(y_label)
        ax.tick_params(axis="x", labelrotation=0, labelsize=10)
        fig.tight_layout()
        return render_png(fig)


def trend_chart(cards: Mapping[str, pd.DataFrame], measure_id: str) -> Chart | None:
    """A five-year line chart of one measure's year-end values, or None when fewer than two are exact.

    Only published figures are drawn: exact values as points joined by a
    line, a percentage published as a range as a bar over its band; a year
    whose value is hidden (``c``) or not available (``x``) has no point, only
    its symbol. The alternative text lists every year's value as printed in
    the trend table.
    """
    from .charts import Chart

    card = _current(cards)
    row = card.loc[card["id"] == measure_id]
    if row.empty:
        return None
    row = row.iloc[0]
    shown = [str(c.loc[c["id"] == measure_id, "this_quarter"].iloc[0]) if (c["id"] == measure_id).any() else "x"
             for c in cards.values()]
    years = list(cards)
    if sum(plotted_value(v) is not None for v in shown) < 2:
        return None
    words = "; ".join(f"{y}: {_SYMBOL_WORDS.get(v, v)}" for y, v in zip(years, shown))
    latest = shown[-1]
    title = (f"{row['title']}: {latest} at the {years[-1]} year end"
             if plotted_value(latest) is not None or plotted_range(latest) is not None
             else f"{row['title']} at each year end, {years[0]} to {years[-1]}")
    return Chart(
        title=title,
        subtitle=f"Year-end value ({measure_id}) in each financial year's fourth-quarter scorecard",
        source="Council SSDA903 returns; cpanalysis scorecard, protected as published at each year end",
        alt=f"Line chart of {row['title']} at each year end. {words}.",
        png=_trend_png(years, shown, _UNIT_LABEL.get(str(row["unit"]), "Value")),
    )


def draft_sentences(card: pd.DataFrame, pledge: str) -> dict[str, str]:
    """A plain-English draft sentence for each measure of the pledge that changed meaningfully over the year.

    A measure whose change over the year is "no meaningful change", or
    cannot be judged (``c``, ``x``, ``z``), gets no sentence. Only published
    values from the card are used.
    """
    out: dict[str, str] = {}
    year = _year(card)
    for _, row in card[card["pledge"] == pledge].iterrows():
        change = _change(row)
        if change not in _MOVED:
            continue
        sentence = (f"{row['title']} ({row['id']}) was {row['this_quarter']} at the {year} year end against "
                    f"{row['same_quarter_last_year']} a year earlier.")
        if change in ("improving", "worsening"):
            sentence += (f" This is {change}: the change over the year is larger than chance variation alone "
                         "would usually produce (95% level).")
        else:
            sentence += (f" It is {change}, by more than chance variation alone would usually produce (95% "
                         "level); this measure is for information, neither higher nor lower is better.")
        england = str(row.get("england", "") or "")
        if plotted_value(england) is not None:
            sentence += f" The latest figure for England is {england}."
        out[str(row["id"])] = sentence
    return out


def pledge_commentary(card: pd.DataFrame, pledge: str, overrides: Mapping[str, str] | None = None) -> Fragment:
    """The pledge's commentary: the analyst's words where given, else drafts marked as such.

    Parameters
    ----------
    card : pandas.DataFrame
        The year reported (the last of the year-end scorecards).
    pledge : str
        The pledge, as in the card's ``pledge`` column.
    overrides : mapping, optional
        The analyst's commentary by id (:func:`cpanalysis.present.scorecard.read_commentary`
        read for the return year): a pledge key (:func:`pledge_key`, or the
        pledge's name) replaces the whole drafted commentary; a measure id
        replaces that measure's draft or adds to it.
    """
    overrides = dict(overrides or {})
    own = overrides.get(pledge_key(card, pledge)) or overrides.get(pledge)
    if own:
        return Fragment(f'<div class="commentary"><p>{html.escape(own)}</p></div>')
    drafts = draft_sentences(card, pledge)
    items = []
    for mid in card.loc[card["pledge"] == pledge, "id"].astype(str):
        if overrides.get(mid):
            items.append(f"<li>{html.escape(overrides[mid])}</li>")
        elif mid in drafts:
            items.append(f'<li><span class="small">Draft: </span>{html.escape(drafts[mid])}</li>')
    none = ("<p>No measure under this pledge changed over the year by more than chance variation would usually "
            "produce.</p>" if not drafts else "")
    if not items:
        return Fragment(f'<div class="commentary">{none}</div>')
    intro = ("" if not drafts.keys() - overrides.keys() else
             '<p class="small">Sentences marked draft were written automatically from the figures; '
             "replace them with the service's own account of the year.</p>")
    return Fragment(f'<div class="commentary">{intro}<ul>{"".join(items)}</ul>{none}</div>')


def pledge_section(cards: Mapping[str, pd.DataFrame], pledge: str,
                   overrides: Mapping[str, str] | None = None) -> Fragment:
    """One pledge: commentary, the year-end table, five-year trend charts of its key measures and the trend table."""
    card = _current(cards)
    esc = html.escape
    key = pledge_key(card, pledge)
    anchor = re.sub(r"[^a-z0-9]+", "-", f"pledge {key}".lower()).strip("-")
    parts = [f'<section class="pledge" aria-labelledby="{anchor}"><h2 id="{anchor}">{esc(pledge)}</h2>',
             "<h3>What changed over the year</h3>", pledge_commentary(card, pledge, overrides).html,
             "<h3>This year end against last year end</h3>", year_end_table(cards, pledge).to_html()]
    ids = card.loc[card["pledge"] == pledge, "id"].astype(str).tolist()
    charts = [c for c in (trend_chart(cards, i) for i in KEY_MEASURES if i in ids) if c is not None]
    trend = trend_table(cards, pledge) if len(cards) > 1 else None
    if charts or trend is not None:
        parts.append("<h3>Trends over the last five years</h3>" if len(cards) >= 5 else
                     "<h3>Trends over the years in the data</h3>")
        parts += [c.to_html() for c in charts]
        if trend is not None:
            parts.append(trend.to_html())
    parts.append("</section>")
    return Fragment("".join(parts))


def pledge_sections(cards: Mapping[str, pd.DataFrame], overrides: Mapping[str, str] | None = None) -> Fragment:
    """Every pledge's section (:func:`pledge_section`), in scorecard order."""
    card = _current(cards)
    return Fragment("".join(pledge_section(cards, p, overrides).html for p in _pledges(card)))


def summary(cards: Mapping[str, pd.DataFrame]) -> Fragment:
    """The year in short: what the report covers and which measures changed meaningfully over the year.

    Names the measures that improved, worsened, or (for information) rose or
    fell by more than chance variation would usually produce; says nothing
    of the rest beyond that their change was within chance or could not be
    judged. No count of measures is printed.
    """
    esc = html.escape
    card = _current(cards)
    year, before = _year(card), _previous_year(card)
    years = list(cards)
    m = re.match(r"^(\d{4})-\d{2}$", year)
    span = f"1 April {m.group(1)} to 31 March {int(m.group(1)) + 1}" if m else year
    trend = (f"Trends show the year ends from {years[0]} to {year}." if len(years) > 1
             else "There is no earlier year end in the data, so there are no trends yet.")
    parts = [f"<p>This report covers the year {esc(span)} ({esc(year)}), pledge by pledge. Each measure is shown "
             f"as the scorecard published it at the end of the year (its fourth quarter), against the year end "
             f"before ({esc(before)}) and, where DfE publishes the measure by council, against England and the "
             f"region. {esc(trend)}</p>"]
    groups = (("Improved over the year", ("improving",)), ("Worsened over the year", ("worsening",)),
              ("Changed over the year, for information (neither higher nor lower is better)", ("higher", "lower")))
    listed = False
    for head, changes in groups:
        rows = card[card.get(CHANGE_COLUMN, pd.Series("", index=card.index)).isin(changes)]
        if rows.empty:
            continue
        listed = True
        items = "".join(f"<li>{esc(str(r['title']))} ({esc(str(r['id']))}): {esc(str(r['this_quarter']))}, "
                        f"against {esc(str(r['same_quarter_last_year']))} a year earlier"
                        + (f" ({esc(str(r[CHANGE_COLUMN]))})" if r[CHANGE_COLUMN] in ("higher", "lower") else "")
                        + "</li>" for _, r in rows.iterrows())
        parts.append(f"<p><strong>{esc(head)}</strong></p><ul>{items}</ul>")
    parts.append("<p>" + ("Every other measure" if listed else "Every measure") + " either changed by no more than "
                 "chance variation would usually produce, or has a figure that is hidden to protect children's "
                 "privacy or not available, so its change cannot be judged.</p>")
    return Fragment('<div class="summary">' + "".join(parts) + "</div>")

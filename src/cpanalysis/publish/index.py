"""The quarter's index page: headline figures and a link to every published briefing.

The page says which quarter it covers and the date the figures run to (the
quarter's last day: never the day of the run, so the same inputs make the
same bytes), carries the synthetic-data notice when the figures come from
``cpanalysis synth``, shows six to eight headline figures from the
protected scorecard with their direction of travel in words, and links each
briefing with one line on what it covers. Each briefing links back to it
(:data:`cpanalysis.publish.render.BRIEFINGS`, the navigation on every page).

Headline figures are taken only where the scorecard publishes them (status
``shown``, ``zero``, ``low_reliability`` or ``rounded``): a value shown as
``c`` on the scorecard is never on the index, and neither is a previous
quarter's value or a direction of travel that the scorecard hides.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..protect.policy import DisclosurePolicy
from ..quarters import Quarter
from .render import BRIEFINGS, TEMPLATE_DIR

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["DESCRIPTIONS", "HEADLINE_MEASURES", "INDEX_NAME", "Headline", "headlines", "page_title", "write_index"]

#: File name of the index page in ``outputs/<quarter>/``.
INDEX_NAME = "index.html"

#: One line on what each briefing covers, by file name without ``.html``.
DESCRIPTIONS: dict[str, str] = {
    "scorecard": "Every measure of the corporate parenting scorecard by pledge: this quarter and last, "
                 "direction of travel, target, comparators and commentary on the exceptions.",
    "annual_report": "The committee's annual report for the year April to March, by pledge: each measure at "
                     "the year end against last year and comparators, five-year trends and commentary.",
    "placement_stability": "Placement moves this quarter, short- and long-term stability over two years, "
                           "out-of-borough placements and children placed with parents.",
    "care_leavers": "Care leavers in touch, in education, employment or training and in suitable "
                    "accommodation, over time and against comparators; staying put.",
    "health": "Health assessments, dental checks, immunisations, development checks, emotional "
              "wellbeing (SDQ), substance misuse and children missing from care.",
    "virtual_school_annual": "The Virtual School's annual report: attainment by key stage against national "
                             "figures, attendance, exclusions, personal education plans and post-16.",
    "methodology": "How each measure is defined, how children's privacy is protected, and this "
                   "quarter's data checks.",
}

#: Scorecard measures offered as headlines, most wanted first; the first eight the scorecard publishes are shown.
HEADLINE_MEASURES: tuple[str, ...] = (
    "G1", "G2", "G3", "P3.7", "P3.19", "P3.20", "P5.2", "P2.15a", "P3.4a", "P4.9", "P5.10", "P5.9",
)

#: Fewest and most headline figures the index shows (fewer only when the scorecard publishes fewer).
MAX_HEADLINES = 8

_PUBLISHED = frozenset({"shown", "zero", "low_reliability", "rounded"})
_TITLE = re.compile(r"<title>(.*?)</title>", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class Headline:
    """One headline figure, as published on the scorecard.

    Attributes
    ----------
    measure : str
        The scorecard's measure id, e.g. ``G1``.
    title : str
        What is measured, in the scorecard's words.
    value : str
        This quarter's value as the scorecard shows it (without the ``u`` flag).
    change : str
        The direction of travel in words, with last quarter's value where the
        scorecard shows it.
    """

    measure: str
    title: str
    value: str
    change: str


def _change(direction: str, previous: str, previous_label: str) -> str:
    """Direction of travel in words (methods: :func:`cpanalysis.measures.scorecard.direction_of_travel`)."""
    was = f" ({previous} in {previous_label})"
    words = {
        "improving": f"Improving since last quarter{was}",
        "worsening": f"Worse than last quarter{was}",
        "higher": f"Higher than last quarter{was}",
        "lower": f"Lower than last quarter{was}",
        "no meaningful change": f"No meaningful change since last quarter{was}",
        "c": "Change since last quarter not shown, to protect children's privacy",
        "x": "No figure for last quarter to compare with",
    }
    return words.get(direction, "Nothing to compare with last quarter")


def headlines(card, previous_label: str, *, limit: int = MAX_HEADLINES) -> list[Headline]:  # noqa: ANN001 - a DataFrame
    """Headline figures from a protected scorecard (:func:`cpanalysis.measures.scorecard.scorecard`).

    Takes the measures of :data:`HEADLINE_MEASURES` in order, keeping only
    those whose status is published, up to ``limit``. Last quarter's value is
    quoted only when the direction of travel is published (both quarters
    shown); otherwise the words say why there is no comparison.

    Parameters
    ----------
    card : pandas.DataFrame
        One council's scorecard (a ``council`` column, if any, must be filtered first).
    previous_label : str
        Last quarter's label, e.g. ``2024-25 Q2``.
    """
    rows = {str(r["id"]): r for _, r in card.iterrows()}
    out: list[Headline] = []
    for mid in HEADLINE_MEASURES:
        r = rows.get(mid)
        if r is None or r["status"] not in _PUBLISHED:
            continue
        value = str(r["this_quarter"]).removesuffix(" u")
        if r["status"] == "low_reliability":
            value += " (low reliability: fewer than 20 children)"
        direction = str(r["direction"])
        comparable = direction in {"improving", "worsening", "higher", "lower", "no meaningful change"}
        previous = str(r["previous_quarter"]).removesuffix(" u") if comparable else ""
        out.append(Headline(mid, str(r["title"]), value, _change(direction, previous, previous_label)))
        if len(out) == limit:
            break
    return out


def scorecard_headlines(card: pd.DataFrame, quarter: Quarter, council: str | None = None) -> list[Headline]:
    """Headline figures of one quarter from its protected scorecard (the run's :class:`~cpanalysis.measures.publication.QuarterPublication`)."""
    if "council" in card.columns:
        card = card[card["council"] == council] if council in set(card["council"]) else card.iloc[0:0]
    return headlines(card, quarter.shift(-1).label)


def page_title(page: Path) -> str:
    """The text of a page's ``<title>`` (the file name when it has none)."""
    m = _TITLE.search(page.read_text(encoding="utf-8"))
    return html.unescape(" ".join(m.group(1).split())) if m else page.stem


def _day(d) -> str:  # noqa: ANN001 - a date
    return f"{d.day} {d:%B %Y}"


def write_index(folder: Path, council: str, quarter: Quarter, policy: DisclosurePolicy, *,
                synthetic: bool = False, figures: Sequence[Headline] = ()) -> Path:
    """Write ``index.html`` in ``folder``: headline figures and a link to every other ``*.html`` there.

    Briefings of :data:`~cpanalysis.publish.render.BRIEFINGS` come first in
    their reading order, each with its line from :data:`DESCRIPTIONS`; any
    other page follows by name. The page uses the briefings' stylesheet, has one
    ``<h1>``, a ``<main>`` landmark and ``lang="en"``, and loads nothing from
    anywhere. It depends only on its arguments and the pages in ``folder``.

    Parameters
    ----------
    folder : pathlib.Path
        The quarter's set of pages.
    council : str
        The council's name.
    quarter : Quarter
        The quarter.
    policy : DisclosurePolicy
        The run's policy (the page says which counts are hidden).
    synthetic : bool
        The figures come from synthetic data: the page says so at the top.
    figures : sequence of Headline
        Headline figures (:func:`scorecard_headlines`); none, no headline section.

    Returns
    -------
    pathlib.Path
        The index page.
    """
    esc = html.escape
    folder = Path(folder)
    order = {name: i for i, (name, _) in enumerate(BRIEFINGS)}
    pages = sorted((p for p in folder.glob("*.html") if p.name != INDEX_NAME),
                   key=lambda p: (order.get(p.stem, len(order)), p.name))
    css = (TEMPLATE_DIR / "cpanalysis" / "briefing.css").read_text(encoding="utf-8")
    heading = f"Briefings for {council}, {quarter.label}"
    parts = [f"<h1>{esc(heading)}</h1>"]
    if synthetic:
        parts.append(
            '<div class="notice" role="note"><strong>Synthetic data</strong>'
            "These figures were made from synthetic data generated by cpanalysis for a "
            "fictional council. They describe no real child and no real council.</div>")
    parts.append(
        f"<p>The corporate parenting committee's briefings on the children {esc(council)} looks after "
        f"(cared for children) and its care leavers, for the quarter {_day(quarter.start)} to "
        f"{_day(quarter.end)}. Figures are as at {_day(quarter.end)}, the last day of the quarter.</p>")
    if figures:
        parts.append("<h2>Headlines</h2>")
        parts.append(
            "<p>A change is called improving or worse only when it is larger than chance variation would "
            "usually produce. Every figure is explained in the scorecard.</p>")
        items = "\n".join(
            f'<li><span class="headline-label">{esc(h.title)}</span>'
            f'<span class="headline-value">{esc(h.value)}</span>'
            f'<span class="headline-change">{esc(h.change)}</span></li>' for h in figures)
        parts.append(f'<ul class="headlines">\n{items}\n</ul>')
    parts.append("<h2>Briefings</h2>")
    if pages:
        items = "\n".join(
            f'<li><a href="{esc(p.name)}">{esc(page_title(p))}</a>'
            + (f"<br>{esc(DESCRIPTIONS[p.stem])}" if p.stem in DESCRIPTIONS else "") + "</li>"
            for p in pages)
        parts.append(f'<ul class="briefing-list">\n{items}\n</ul>')
    else:
        parts.append("<p>No briefings were published for this quarter.</p>")
    parts.append(
        "<p>Every table in the briefings can be downloaded as CSV, from under the table, and all of them "
        "together as an Excel workbook, from the foot of each briefing.</p>")
    parts.append(
        f"<p>Counts from 1 to {policy.threshold - 1} are shown as c, and so is anything that would let one "
        "be worked out, to protect children's privacy.</p>")
    text = (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(heading)}</title>\n<style>\n{css}</style>\n</head>\n<body>\n"
        '<a class="skip-link" href="#content">Skip to main content</a>\n'
        '<main id="content">\n' + "\n".join(parts) + "\n</main>\n</body>\n</html>\n"
    )
    out = folder / INDEX_NAME
    out.write_text(text, encoding="utf-8")
    return out

"""The methodology and data-quality page: definitions, disclosure rules, validation summary.

Every definition comes straight from the measure registry, and every data-quality
figure from the build's ``manifest.json``, so the page cannot drift from the code.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

import pandas as pd

from ..protect.policy import DisclosurePolicy
from ..measures.registry import MEASURES, Measure
from ..protect import suppress
from ..protect.render import count_cell
from .page import Fragment
from .tables import Table

__all__ = ["data_quality", "disclosure_rules", "measure_definitions"]

_PERIODS = {
    "snapshot": "At the quarter end",
    "year_to_date": "Year to date",
    "rolling_12_months": "Rolling 12 months",
    "return_year": "Return year",
}
_POLARITY = {"higher_is_better": "Higher", "lower_is_better": "Lower", "neutral": "Neither: for information"}


def measure_definitions(measures: Mapping[str, Measure] | None = None) -> Fragment:
    """A table of every registered measure: id, title, definition, period, polarity, source.

    Parameters
    ----------
    measures : mapping, optional
        Measures to list; defaults to the whole registry.
    """
    registry = MEASURES if measures is None else measures
    rows = [
        {
            "Measure": m.id,
            "Title": m.title,
            "Definition": m.definition,
            "Period": _PERIODS.get(m.period, m.period),
            "Better if": _POLARITY.get(m.polarity, m.polarity),
            "Data": m.data,
            "Source of definition": m.source,
        }
        for m in sorted(registry.values(), key=lambda m: _sort_key(m.id))
    ]
    table = Table(pd.DataFrame(rows), caption=f"Definitions of the {len(rows)} measures in this briefing pack")
    return Fragment(table.to_html())


def _sort_key(measure_id: str) -> tuple:
    parts = []
    for piece in measure_id.replace(".", " ").split():
        head = piece.rstrip("0123456789")
        tail = piece[len(head):]
        parts.append((head, int(tail) if tail else -1))
    return tuple(parts)


def disclosure_rules(policy: DisclosurePolicy) -> Fragment:
    """The disclosure-control rules applied to every published figure, in plain words."""
    small = f"1 to {policy.threshold - 1}"
    items = [
        f"Counts from {small} are not shown; they are marked c (confidential). A true zero is shown as 0.",
        f"A percentage is not shown when the number of children it counts, the number it is taken over, "
        f"or the difference between them is from {small}: for groups of up to 100 children a whole-number "
        "percentage would reveal the count.",
        "When a table has totals, further cells are hidden where needed so that no hidden count can be "
        "worked out by subtraction; every table is checked by an interval attack (linear programming over "
        "everything published) before it is released.",
        "0% or 100% of a small group is treated like a small count, because it says something about every "
        "child in the group.",
        "Percentages come with a 95% confidence interval (Wilson score method) and the number of percentage "
        "points one child represents. Percentages of fewer than 20 children are marked u (low reliability).",
        "x means the figure is not available; z means it does not apply.",
        "No child's identifier, date of birth or postcode appears in any briefing, and every page is "
        "checked for them before it is published.",
    ]
    body = "".join(f"<li>{html.escape(i)}</li>" for i in items)
    return Fragment(f"<ul>{body}</ul>")


#: The episode repairs (:mod:`cpanalysis.derive.episodes`, :mod:`cpanalysis.derive.periods`) in plain words.
REPAIR_WORDS = {
    "ZERO_LENGTH_DUPLICATE_DROPPED": "A same-day episode of no length beside the continuing one was removed",
    "SAME_EPISODE_LATER_YEAR": "An episode in more than one year's return: the latest return's version was used",
    "OPEN_SUPERSEDED": "An episode left open although a later one began: ended when the next began",
    "OVERLAP_TRUNCATED": "An episode that overlapped the next: ended when the next began",
    "OPEN_DROPPED_FROM_LATER_RETURN": "An episode open in one return but missing from the next: ended on 31 March",
    "REC_WITHOUT_DEC_CLEARED": "A reason for leaving recorded on an episode that had not ended: reason removed",
    "PERIOD_START_WITHOUT_S": "A new period of care not marked as a new start in the return: counted as one",
}


def data_quality(manifest: Mapping[str, Any], *, policy: DisclosurePolicy) -> Fragment:
    """Rows read, accepted and quarantined per table, and the repairs made, from a build manifest.

    Small counts (1 to ``threshold - 1``) are shown as ``c`` like any other
    count, and the rows table is protected with its totals by
    :func:`cpanalysis.protect.suppress`, so a hidden count cannot be worked out
    by subtraction.

    Parameters
    ----------
    manifest : mapping
        The build's ``manifest.json`` (see :func:`cpanalysis.derive.build.build`).
    policy : DisclosurePolicy
        The run's disclosure policy.
    """
    rows = manifest["rows"]
    # Rows read = accepted + quarantined: protected as a table with its totals, so a small
    # number quarantined cannot be had back as read minus accepted (audited interval attack).
    counts = pd.DataFrame(
        {
            "Rows accepted": [rows["accepted"][t] for t in sorted(rows["read"])],
            "Rows quarantined": [rows["quarantined"][t] for t in sorted(rows["read"])],
        },
        index=pd.Index(sorted(rows["read"]), name="Table"),
    )
    published = suppress(counts, policy=policy, margins="add").published().astype(str)
    published = published.rename(columns={"Total": "Rows read"}, index={"Total": "All tables"})
    table = published[["Rows read", "Rows accepted", "Rows quarantined"]].reset_index(names="Table")
    repairs = pd.DataFrame(
        [{"Repair": REPAIR_WORDS.get(k, k.replace("_", " ").capitalize()), "Episodes": count_cell(v, policy=policy)}
         for k, v in manifest["repairs"].items()]
    )
    years = manifest.get("return_years", [])
    intro = (
        "<p>Input: SSDA903 returns"
        + (f" for the return years {html.escape(years[0])} to {html.escape(years[-1])}" if len(years) > 1
           else f" for the return year {html.escape(years[0])}" if years else "")
        + ". Every row read is either accepted or quarantined (set aside with a reason in the "
        "validation report); none is dropped silently.</p>"
    )
    parts = [
        intro,
        Table(table, caption="Rows read, accepted and quarantined, by SSDA903 table").to_html(),
        Table(repairs, caption="Repairs made when stitching episodes across return years").to_html(),
    ]
    return Fragment("".join(parts))


#: How a scorecard value was published, in words, by status (:mod:`cpanalysis.measures.disclosure`).
_SHOWN_AS = {
    "rounded": "Shown as a range (for example \"99% or more\") instead of the exact figure",
    # One row for both kinds of hidden value: saying which c is a small number would tell a reader more
    # than the c does (two hidden parts known to be small each narrow one another).
    "hidden": "Hidden (c): a small number, or one that would let a small number be worked out",
    "not_available": "Not available (x): the data needed were not supplied",
}


def disclosure_summary(data: object, quarter: object, *, policy: DisclosurePolicy) -> Fragment:
    """Which scorecard measures were shown as a range, hidden (and why) or not available this quarter.

    The measures are named by their reference rather than counted, so that
    the page itself says nothing a reader could mistake for a count of
    children. Every other measure is shown as it is.

    Parameters
    ----------
    data : MeasureData
        The quarter's data.
    quarter : Quarter
        The quarter.
    policy : DisclosurePolicy
        The run's disclosure policy.
    """
    from ..measures.scorecard import measure_table

    table = measure_table(data, quarter, policy=policy)
    rows = []
    kind = table["status"].replace({"primary": "hidden", "secondary": "hidden"})
    for status, words in _SHOWN_AS.items():
        ids = table.loc[kind == status, "id"].tolist()
        rows.append({"How the measure was published": words,
                     "Measures (scorecard references)": ", ".join(ids) if ids else "none"})
    intro = ("<p>Every other measure in the scorecard is shown exactly as calculated. A measure is shown as a "
             "range, or hidden, only when its exact figure would identify children; the reason is the same for "
             "every page that shows it.</p>")
    return Fragment(intro + Table(pd.DataFrame(rows), caption=f"How the scorecard's measures were published, "
                                                               f"{html.escape(str(quarter.label))}").to_html())

"""The scorecard briefing: the table by pledge, what changed, and drafted commentary.

Every figure comes from :func:`cpanalysis.measures.scorecard.scorecard`, which
has already protected it (``c``, ``x``, ``z``); this module only chooses what to
say about it. Commentary is drafted for each *exception*:

* a direction of travel that is "improving" or "worsening" (statistically
  meaningful at 95%, never any change at all);
* a value outside the funnel-plot limits around a comparator (PHE method);
* a red RAG rating against the council's target.

An analyst replaces a draft by adding a row to a commentary CSV (columns
``quarter``, ``id``, ``text``); the briefing then prints their words and no
longer labels the sentence a draft.
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from ..errors import InputError
from ..measures.scorecard import scorecard_html
from .page import Fragment
from .tables import wrap_table

__all__ = ["commentary_section", "comparators_note", "draft_commentary", "exceptions", "pledge_tables",
           "read_commentary"]

_COMPARATORS = {
    "funnel_england": "England",
    "funnel_region": "the region",
    "funnel_north_west": "the North West",
    "funnel_statistical_neighbours": "the statistical neighbours' average",
}


def _is_exceptional_funnel(verdict: object) -> bool:
    return isinstance(verdict, str) and ("higher than" in verdict or "lower than" in verdict)


def exceptions(card: pd.DataFrame) -> pd.DataFrame:
    """The scorecard rows worth the committee's attention, in scorecard order.

    A row is an exception when its direction of travel is improving or
    worsening, when it lies outside funnel limits around any comparator, or
    when its RAG rating is Red.
    """
    moved = card["direction"].isin(["improving", "worsening"])
    funnel = pd.Series(False, index=card.index)
    for col in _COMPARATORS:
        if col in card.columns:
            funnel |= card[col].map(_is_exceptional_funnel)
    red = card["rag"].eq("Red")
    return card[moved | funnel | red]


def draft_commentary(row: pd.Series) -> str:
    """A plain-English draft sentence for one exception row.

    Uses only published (already protected) values from the row.
    """
    title = row["title"]
    share = row.get("share", "")
    value = f"{row['this_quarter']} ({share})" if isinstance(share, str) and share else row["this_quarter"]
    parts = [f"{title} ({row['id']}) was {value} this quarter"]
    if row["previous_quarter"] == row["this_quarter"] and row["previous_quarter"] not in ("x", "c", "z", ""):
        parts.append(", the same as last quarter")
        if row.get("period") == "return_year":
            parts.append(" (a figure for the whole return year, updated once a year)")
    elif row["previous_quarter"] not in ("x", "c", "z", ""):
        parts.append(f" against {row['previous_quarter']} last quarter")
    sentence = "".join(parts) + "."
    if row["direction"] in ("improving", "worsening"):
        sentence += (
            f" This is {row['direction']}: the change is larger than chance variation alone would "
            "usually produce (95% level)."
        )
    for col, area in _COMPARATORS.items():
        verdict = row.get(col, "")
        if _is_exceptional_funnel(verdict):
            value_col = col.removeprefix("funnel_")
            sentence += f" It is {verdict}; the figure for {area} is {row.get(value_col, '')}."
    if row["rag"] == "Red":
        sentence += f" It misses the council's target of {row['target']}."
    return sentence


def read_commentary(path: str | Path | None, quarter_label: str) -> dict[str, str]:
    """The analyst's own commentary for a quarter, by measure id.

    Parameters
    ----------
    path : str or pathlib.Path or None
        CSV with columns ``quarter`` (e.g. ``2024-25 Q3``), ``id`` and ``text``.
        A missing file means no overrides.
    quarter_label : str
        The quarter whose rows to take.

    Raises
    ------
    InputError
        If the file lacks one of the three columns.
    """
    if path is None or not Path(path).is_file():
        return {}
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = {"quarter", "id", "text"} - set(frame.columns)
    if missing:
        raise InputError(f"{path}: column {', '.join(sorted(missing))} missing (need quarter, id, text)")
    rows = frame[frame["quarter"].str.strip() == quarter_label]
    return {r.id.strip(): r.text.strip() for r in rows.itertuples() if r.text.strip()}


def commentary_section(card: pd.DataFrame, overrides: dict[str, str] | None = None) -> Fragment:
    """The measures that stand out this quarter: one paragraph per exception.

    Parameters
    ----------
    card : pandas.DataFrame
        The protected scorecard for the quarter.
    overrides : dict, optional
        Analyst's commentary by measure id (:func:`read_commentary`); these
        replace the drafts.
    """
    overrides = overrides or {}
    rows = exceptions(card)
    if rows.empty:
        return Fragment(
            "<p>No measure changed by more than chance variation would usually produce since last "
            "quarter, none lies outside the funnel limits around its comparators, and none is rated "
            "Red against a target.</p>"
        )
    items = []
    for _, row in rows.iterrows():
        text = overrides.get(row["id"])
        label = "" if text else '<span class="small">Draft: </span>'
        items.append(f"<li>{label}{html.escape(text or draft_commentary(row))}</li>")
    # The number of exceptions is not said: the gate rightly reads "3 measures" as a small count.
    intro = (
        "<p>These measures stand out this quarter. Sentences marked draft were written "
        "automatically from the figures; replace them with the service's own account.</p>"
    )
    return Fragment(intro + "<ul>" + "".join(items) + "</ul>")


def pledge_tables(card: pd.DataFrame) -> Fragment:
    """The scorecard as one accessible table per pledge, each under its own ``<h2>``."""
    parts = []
    for pledge, rows in card.groupby("pledge", sort=False):
        parts.append(f"<h2>{html.escape(str(pledge))}</h2>")
        caption = f"{pledge}: measures for {card.attrs.get('quarter', '')}"
        parts.append(wrap_table(scorecard_html(rows.drop(columns="pledge"), caption=caption)))
    return Fragment("".join(parts))


def comparators_note(card: pd.DataFrame, comparators: pd.DataFrame) -> Fragment:
    """Where the scorecard's comparators come from: years, releases and the council's statistical neighbours."""
    sources = sorted({f"{r.year} ({r.source})" for r in comparators.itertuples()})
    src = "; ".join(sources) if sources else "none held"
    if comparators.attrs.get("la_code"):
        names = comparators.attrs.get("neighbour_names") or []
        words = (f"<p>Comparators are DfE's published figures for {html.escape(str(comparators.attrs.get('area_name', '')))}"
                 f" (DfE code {html.escape(str(comparators.attrs['la_code']))}): England, "
                 f"{html.escape(str(card.attrs.get('region_name') or 'its region'))}, and the average of its ten "
                 "statistical neighbours in DfE's latest groupings"
                 + (f" ({html.escape(', '.join(names))})" if names else "")
                 + ", with the council's rank and quartile band among all councils in the same published year. "
                 "DfE's years end on 31 March (or are academic years for school outcomes), so they are compared "
                 f"with this quarter as the latest published figures. Sources: {html.escape(src)}.</p>")
    else:
        words = ("<p>Comparators are real England and North West figures typed in from DfE's published releases "
                 f"({html.escape(src)}). This demonstration council has no statistical neighbours, rank or "
                 "quartile band: a council that names its DfE code and its DfE downloads in its settings gets "
                 "them for every measure DfE publishes.</p>")
    return Fragment(words)

"""The placement stability briefing: moves this quarter, stability over time, where children live.

Answers the corporate parenting board's questions (seeds: "107 placement moves
for 91 individuals in a quarter", "a geographic map of out-of-borough
placements", placed with parents as a risk). Every figure comes protected from
:mod:`cpanalysis.measures.deep_dives` or :func:`cpanalysis.present.funnel.measure_points`;
this module only lays it out: tables with captions, charts of published values
with alt text that says what they show.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from collections.abc import Mapping
from pathlib import Path

import html

import pandas as pd

from ..protect.policy import DisclosurePolicy
from ..measures.data import MeasureData
from ..measures.deep_dives import out_of_borough, placed_with_parents_over_time, placement_moves
from ..quarters import Quarter
from .boroughs import Boundaries, out_of_borough_chart, read_boundaries
from .charts import line_chart
from .funnel import measure_points, trend_chart
from .page import Fragment
from .tables import Table

if TYPE_CHECKING:  # pragma: no cover
    from ..measures.publication import QuarterPublication

__all__ = [
    "REASONS",
    "moves_section",
    "out_of_borough_section",
    "placed_with_parents_section",
    "stability_over_time_section",
]

#: SSDA903 REASON_PLACE_CHANGE codes in words (DfE SSDA903 guidance).
REASONS = {
    "ALLEG": "Allegation (section 47 enquiry)",
    "APPRR": "Approval of carer removed",
    "CARPL": "Change to or carrying out of the care plan",
    "CHILD": "Child's wishes",
    "CLOSE": "Provider closed or carer resigned",
    "CREQB": "Carer asked, because of the child's behaviour",
    "CREQO": "Carer asked, for other reasons",
    "CUSTOD": "Custody arrangement",
    "LAREQ": "Council's decision (resources or finance)",
    "OTHER": "Other",
    "PLACE": "Change in the status of the placement only",
    "STAND": "Concerns about standards of care",
    "not recorded": "Not recorded",
}

_SOURCE = "SSDA903 episodes; cpanalysis deep dive"


def _esc(text: object) -> str:
    return html.escape(str(text))


def _one_column(frame: pd.DataFrame, label: str, column: str, rename: dict[str, str] | None = None) -> pd.DataFrame:
    """A published one-way table (value column plus its repeated ``Total``) as label and value."""
    values = frame[column].astype(str)
    index = [rename.get(i, i) if rename else i for i in frame.index.astype(str)]
    return pd.DataFrame({label: index, column.capitalize(): list(values)})


def moves_section(data: MeasureData, quarter: Quarter, *, policy: DisclosurePolicy,
                  publication: "QuarterPublication | None" = None) -> Fragment:
    """Placement moves in the quarter: the headline, then who moved, why, from where to where, how far.

    A move is a change of carer under the documented placement counting rule
    (:class:`cpanalysis.derive.PlacementRule`). Counts from 1 to
    ``threshold - 1`` are ``c``, and so are cells that would give them back
    from the totals (audited by :func:`cpanalysis.protect.suppress`).
    """
    dd = publication.deep_dive("placement_moves", data) if publication is not None else placement_moves(
        data, quarter, policy)
    moves, children, per = dd.summary["moves"], dd.summary["children"], dd.summary["moves per child"]
    if "c" not in (moves, children):
        head = (f"<p>{_esc(moves)} placement moves for {_esc(children)} children in {_esc(quarter.label)}: "
                f"{_esc(per)} moves for each child who moved.</p>")
    elif children != "c":
        head = f"<p>{_esc(children)} children moved placement in {_esc(quarter.label)}.</p>"
    else:
        head = (f"<p>Placement moves in {_esc(quarter.label)} were too few to show without risking "
                "identifying children (fewer than " + str(policy.threshold) + ").</p>")
    parts = [head, f"<ul>{''.join(f'<li>{_esc(c)}</li>' for c in dd.caveats)}</ul>"]
    tables = dd.tables
    if "children by number of moves" in tables:
        parts.append(Table(_one_column(tables["children by number of moves"], "Moves in the quarter", "children"),
                           caption=f"Children who moved in {quarter.label}, by how many times they moved").to_html())
    if "moves by reason" in tables:
        parts.append(Table(_one_column(tables["moves by reason"], "Reason for the move", "moves", REASONS),
                           caption=f"Placement moves in {quarter.label}, by the reason recorded").to_html())
    if "moves from placement type to placement type" in tables:
        ft = tables["moves from placement type to placement type"].astype(str)
        ft = ft.reset_index()
        ft.columns = ["Moved from (rows) to (columns)"] + [str(c) for c in ft.columns[1:]]
        parts.append(Table(ft, caption=f"Placement moves in {quarter.label}, from the type of placement left "
                                       "(rows) to the type moved to (columns)").to_html())
    if "new placement's distance from home" in tables:
        parts.append(Table(_one_column(tables["new placement's distance from home"], "Distance from home", "moves"),
                           caption=f"Placement moves in {quarter.label}, by the straight-line distance of the "
                                   "new placement from the child's home").to_html())
    return Fragment("".join(parts))


def stability_over_time_section(data: MeasureData, quarter: Quarter, *, policy: DisclosurePolicy,
                                n_quarters: int = 8, publication: "QuarterPublication | None" = None) -> Fragment:
    """DfE short- and long-term placement stability (P3.19, P3.20) over the last quarters, chart and table."""
    ids = {"P3.19": "3 or more placements in 12 months", "P3.20": "Same placement for 2 years (long-term)"}
    series = {name: measure_points(data, mid, quarter, policy=policy, n_quarters=n_quarters, publication=publication)
              for mid, name in ids.items()}
    short, long_ = series[ids["P3.19"]][-1], series[ids["P3.20"]][-1]
    bits = []
    if short.published:
        bits.append(f"{short.display} of cared for children had 3 or more placements in the 12 months to "
                    f"the end of {quarter.label}")
    if long_.published:
        bits.append(f"{long_.display} of those in care 2.5 years or more had been in the same placement for "
                    "2 years")
    title = ("; ".join(bits) if bits else f"Placement stability to {quarter.label}")
    chart = trend_chart(series, title=title[:1].upper() + title[1:],
                        subtitle="Short-term and long-term placement stability at each quarter end (DfE definitions)",
                        source="SSDA903 episodes; cpanalysis measures P3.19 and P3.20")
    rows = pd.DataFrame({"Quarter": [p.label for p in series[ids["P3.19"]]],
                         **{name: [p.cell() for p in pts] for name, pts in series.items()}})
    table = Table(rows, caption=f"Placement stability at each quarter end, {rows['Quarter'].iloc[0]} to "
                                f"{rows['Quarter'].iloc[-1]} (percentages)")
    words = ("<p>Short-term stability: the percentage of children in care at the quarter end who had 3 or more "
             "placements in the previous 12 months (lower is better). Long-term stability: of children under 16 "
             "in care for 2.5 years or more, the percentage who have lived in the same placement for 2 years or "
             "are placed for adoption (higher is better).</p>")
    return Fragment(words + (chart.to_html() if chart else "") + table.to_html())


def out_of_borough_section(data: MeasureData, quarter: Quarter, *, council: str, policy: DisclosurePolicy,
                           boundaries: Path | str | Boundaries | None = None,
                           publication: "QuarterPublication | None" = None) -> Fragment:
    """Children placed out of borough at the quarter end: a map or ranked chart of receiving councils, and its table.

    Every count is the protected one of
    :func:`cpanalysis.measures.deep_dives.out_of_borough` (councils receiving
    1 to ``threshold - 1`` children grouped as "other councils", the column
    protected with its total); the chart draws only published counts
    (:mod:`cpanalysis.present.boroughs`).

    Parameters
    ----------
    data : MeasureData
        One council's data, with its postcode lookup.
    quarter : Quarter
        The briefing's quarter.
    council : str
        The council's name.
    policy : DisclosurePolicy
        The run's disclosure policy.
    boundaries : path-like or Boundaries, optional
        The council's boundary file (GeoJSON, the settings' ``boundaries``;
        in a notebook ``inputs.get("boundaries")``). With it the chart is a
        map of council boundaries, receiving councils shaded by the number
        of children and the home council outlined; without it (or when the
        file holds none of the receiving councils) a ranked bar chart.

    Raises
    ------
    cpanalysis.errors.InputError
        A boundary file that cannot be read as council boundaries.
    """
    dd = publication.deep_dive("out_of_borough", data) if publication is not None else out_of_borough(
        data, quarter, policy)
    table = dd.tables.get("by receiving council")
    if table is None:
        return Fragment(f"<p>Not available: {_esc(' '.join(dd.caveats))}</p>")
    head = (f"<p>At the end of {_esc(quarter.label)}, {_esc(dd.summary['placed out of borough'])} cared for children "
            f"lived in a placement outside {_esc(council)}: placements in "
            f"{_esc(dd.summary['receiving councils'])} councils other than {_esc(council)}.</p>")
    bounds = read_boundaries(boundaries) if isinstance(boundaries, (str, Path)) and str(boundaries) else (
        boundaries if isinstance(boundaries, Boundaries) else None)
    receiving = pd.to_numeric(pd.Series([dd.summary.get("receiving councils")]), errors="coerce").iloc[0]
    chart, note = out_of_borough_chart(table, council, policy=policy,
                                       home_code=next(iter(data.home_council.values()), None),
                                       receiving=None if pd.isna(receiving) else int(receiving), boundaries=bounds)
    shown = pd.DataFrame({"Receiving council": table["council_name"], "Children": table["children"].astype(str)})
    # The deep dive's caveats speak of centroids (no longer drawn) and of "1-4" (whatever the threshold):
    # say instead what the table and chart do, at the run's threshold.
    caveats = [c for c in dd.caveats if not c.startswith(("Centroids", "Councils receiving"))]
    caveats.append(f"Councils receiving fewer than {policy.threshold} children are grouped together as \"other "
                   "councils\", so that no small number is shown; where that group's total would let a small "
                   "number be worked out, another council's number is hidden too.")
    items = "".join(f"<li>{_esc(c)}</li>" for c in caveats + ([note] if note else []))
    return Fragment(head + (chart.to_html() if chart else "") + Table(
        shown, caption=f"Cared for children placed out of borough at the end of {quarter.label}, by receiving council"
    ).to_html() + (f"<ul>{items}</ul>" if items else ""))


def placed_with_parents_section(data: MeasureData, quarter: Quarter, *, policy: DisclosurePolicy,
                                n_quarters: int = 8, board_remarks: Mapping[str, str] | None = None,
                                publication: "QuarterPublication | None" = None) -> Fragment:
    """Children placed with parents (P3.9) at each quarter end, number and share, chart and table.

    ``board_remarks`` are the council's own remarks by measure id (settings file,
    ``[board.remarks]``); a remark for P3.9 is printed under the introduction.
    """
    frame = placed_with_parents_over_time(data, quarter.previous(n_quarters), policy, publication)
    counts = pd.to_numeric(frame["children"].astype(str).str.replace(",", ""), errors="coerce")
    plotted = frame.assign(n=counts)[counts.notna()]
    latest = frame.iloc[-1]
    title = (f"{latest['children']} children placed with their parents at the end of {latest['quarter']}"
             if str(latest["children"]) not in ("c", "x") else f"Children placed with parents to {latest['quarter']}")
    parts = ["<p>Children living with their parents while still in the council's care (placement type P1), "
             "under a care order.</p>"]
    remark = (board_remarks or {}).get("P3.9")
    if remark:
        parts.append(f'<p class="board-remark">{_esc(remark)}</p>')
    if not plotted.empty:
        points = "; ".join(f"{q}: {int(n):,}" for q, n in zip(plotted["quarter"], plotted["n"]))
        chart = line_chart(plotted.assign(label=plotted["quarter"].str.replace(" ", "\n", regex=False)),
                           "label", "n", title=title,
                           subtitle="Cared for children placed with parents at each quarter end (scorecard P3.9)",
                           source="SSDA903 episodes; cpanalysis measure P3.9",
                           alt=f"Line chart of the number of cared for children placed with parents at each "
                               f"quarter end. {points}.", y_label="Children")
        parts.append(chart.to_html())
    table = pd.DataFrame({"Quarter": frame["quarter"], "Children placed with parents": frame["children"].astype(str),
                          "Share of cared for children": frame["share"].astype(str)})
    parts.append(Table(table, caption="Cared for children placed with parents at each quarter end").to_html())
    return Fragment("".join(parts))

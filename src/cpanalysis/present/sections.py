"""Briefing sections: a measure's words, protected table and chart, ready to display.

A notebook cell calls one function here and displays what it returns, so the
notebook holds no logic of its own.
"""

from __future__ import annotations

import html
from datetime import date

import pandas as pd

from ..protect.policy import DisclosurePolicy
from ..measures.general import G1, cared_for_children_by_quarter
from ..protect.render import count_cell
from ..quarters import Quarter
from .charts import line_chart
from .page import Fragment, hidden_meaning
from .tables import Table

__all__ = ["cared_for_children_section"]


def cared_for_children_section(
    episodes: pd.DataFrame,
    quarter: Quarter,
    *,
    first_year: int,
    policy: DisclosurePolicy,
    n_quarters: int = 8,
) -> Fragment:
    """Scorecard G1 over the last ``n_quarters`` quarters: sentence, table, chart.

    Counts from 1 to ``threshold - 1`` are shown as ``c`` and left off the chart;
    quarters before the first return year in the data are shown as ``x`` (not
    available), never as 0.

    Parameters
    ----------
    episodes : pandas.DataFrame
        Stitched episodes.
    quarter : Quarter
        The latest quarter shown.
    first_year : int
        Start year of the first return year in the data; earlier quarters are
        not available.
    policy : DisclosurePolicy
        The run's disclosure policy.
    n_quarters : int
        How many quarters to show.
    """
    series = cared_for_children_by_quarter(episodes, quarter.previous(n_quarters))
    covered = series["quarter_end"] >= date(first_year, 4, 1)
    shown = covered & series["children"].map(lambda n: count_cell(int(n), policy=policy) != "c")
    display = [
        int(n) if ok else ("c" if cov else "x")
        for n, ok, cov in zip(series["children"], shown, covered)
    ]
    table = Table(
        pd.DataFrame({"Quarter": series["quarter"], "Cared for children at quarter end": display}),
        caption=f"Number of cared for children at the end of each quarter, "
        f"{series['quarter'].iloc[0]} to {series['quarter'].iloc[-1]}",
    )
    latest, first = series.iloc[-1], series.iloc[0]
    if shown.iloc[-1] and shown.iloc[0]:
        change = int(latest["children"]) - int(first["children"])
        direction = "more" if change > 0 else "fewer"
        trend = (
            f"{abs(change):,} {direction} than at the end of {first['quarter']}"
            if change
            else f"the same as at the end of {first['quarter']}"
        )
        headline = f"{int(latest['children']):,} cared for children at the end of {latest['quarter']}, {trend}"
    else:
        headline = f"Cared for children at the end of each quarter to {latest['quarter']}"
    plotted = series[shown]
    points = "; ".join(f"{q}: {int(n):,}" for q, n in zip(plotted["quarter"], plotted["children"]))
    chart = line_chart(
        plotted.assign(label=plotted["quarter"].str.replace(" ", "\n", regex=False)),
        "label",
        "children",
        title=headline,
        subtitle="Number of cared for children at the end of each quarter (scorecard G1)",
        source="SSDA903 episodes; cpanalysis measure G1",
        alt=f"Line chart of the number of cared for children at the end of each quarter. {points}.",
        y_label="Children",
    )
    words = (
        f"<p>{headline}.</p>"
        f'<p class="small">Definition: {G1.definition} In the table, c means {html.escape(hidden_meaning(policy))}; '
        "x means not available (before the first return year in the data).</p>"
    )
    return Fragment(words + chart.to_html() + table.to_html())

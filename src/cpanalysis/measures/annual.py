"""The year-end scorecards behind the committee's annual report.

The annual report (``seeds/000_*``: the year April to March, by pledge) is
built from the same protected model as the quarterly pages: each year end is
the scorecard of that year's fourth quarter (:func:`scorecard` for
``Quarter(year, 4)``), exactly as it was (or would have been) published at
the time, with its own protection. A value hidden at one year end stays
hidden in every later report: it is never recomputed, filled in or
interpolated.

The year end reported gets one more column, ``change_over_year``: the
direction of travel from the previous year end to this one, by the
scorecard's own test (:func:`cpanalysis.measures.scorecard.direction_of_travel`:
Newcombe interval for percentages, exact Poisson test for counts, Welch for
averages, all at 95%), on the figures a reader holds (a rounded value is
worked with as printed). As on the scorecard it is ``c`` when either value is
hidden, ``x`` when either is not available, ``z`` when there is nothing to
compare. Checked by ``tests/present/test_annual.py`` on the hand-built
council of ``tests/measures/fixture_measures.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from ..errors import InputError
from ..protect.policy import DisclosurePolicy
from ..quarters import Quarter
from .comparisons import load_targets
from .data import MeasureData
from .disclosure import HIDDEN, PUBLISHED
from .publication import publication_for
from .scorecard import _all_results, _as_published, _measures, direction_of_travel, published_values, scorecard

__all__ = ["CHANGE_COLUMN", "TREND_YEARS", "annual_for", "change_over_year", "year_end_of", "year_end_scorecards",
           "year_ends"]

#: Number of financial years in the annual report's trends.
TREND_YEARS = 5

#: Column of the reported year end's scorecard holding the direction of travel over the year.
CHANGE_COLUMN = "change_over_year"


def year_end_of(quarter: Quarter) -> Quarter:
    """The latest year end (a fourth quarter, to 31 March) on or before ``quarter``.

    ``2024-25 Q4`` is its own year end; ``2024-25 Q3`` gives ``2023-24 Q4``,
    the last complete year it follows.
    """
    return quarter if quarter.q == 4 else Quarter(quarter.year - 1, 4)


def year_ends(data: MeasureData, quarter: Quarter, *, years: int = TREND_YEARS) -> list[Quarter]:
    """The year ends of the last ``years`` financial years to :func:`year_end_of` ``quarter``, oldest first.

    Only year ends the data cover are given (a council with three years of
    returns has a three-year trend).
    """
    last = year_end_of(quarter)
    return [q for q in (Quarter(last.year - k, 4) for k in range(years - 1, -1, -1)) if data.covers(q)]


def change_over_year(data: MeasureData, year_end: Quarter, *, policy: DisclosurePolicy,
                     ids: list[str] | None = None) -> dict[str, str]:
    """The direction of travel of every measure from the previous year end to ``year_end``, by measure id.

    The scorecard's rule (module docstring): computed only when both year
    ends publish the measure, on the published figures; ``c``, ``x`` or
    ``z`` otherwise. Single-council data only.
    """
    measures = _measures(ids)
    before_q = Quarter(year_end.year - 1, 4)
    now_res = _all_results(data, year_end, measures)
    now_pub = published_values(data, year_end, measures, now_res, policy)
    if not data.covers(before_q):
        return {m.id: "x" for m in measures}
    before_res = _all_results(data, before_q, measures)
    before_pub = published_values(data, before_q, measures, before_res, policy)
    out: dict[str, str] = {}
    for m in measures:
        council = now_res[m.id].index[0]
        (_, status), (_, bstatus) = now_pub[(m.id, council)], before_pub[(m.id, council)]
        if status in HIDDEN or bstatus in HIDDEN:
            out[m.id] = "c"
        elif status not in PUBLISHED or bstatus not in PUBLISHED:
            out[m.id] = "x" if "not_available" in (status, bstatus) else "z"
        else:
            now = _as_published(now_res[m.id].loc[council], status, policy)
            before = _as_published(before_res[m.id].loc[council], bstatus, policy)
            out[m.id] = direction_of_travel(m, now, before)
    return out


def year_end_scorecards(data: MeasureData, quarter: Quarter, *, policy: DisclosurePolicy,
                        comparators: pd.DataFrame | None = None, targets: Mapping[str, Mapping] | None = None,
                        years: int = TREND_YEARS, ids: list[str] | None = None,
                        current: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """The protected scorecard of each year end of the annual report, oldest first.

    Parameters
    ----------
    data : MeasureData
        One council's data (the annual report is one council's).
    quarter : Quarter
        The run's quarter; the report is for :func:`year_end_of` it (the
        quarter itself at Q4).
    policy : DisclosurePolicy
        The run's disclosure policy, passed to every scorecard.
    comparators, targets
        As for :func:`cpanalysis.measures.scorecard.scorecard`.
    years : int
        How many financial years the trends cover (:data:`TREND_YEARS`).
    ids : list of str, optional
        Only these measures (all by default).
    current : pandas.DataFrame, optional
        The year end's scorecard when the run has protected it already (the
        run's :class:`~cpanalysis.measures.publication.QuarterPublication`
        card, made with the same policy, comparators and targets): used as it
        is, so the annual report prints exactly what the quarter's scorecard
        page prints. Ignored unless its ``quarter`` is the year end.

    Returns
    -------
    dict of str to pandas.DataFrame
        Return year label (``"2024-25"``) to that year's fourth-quarter
        scorecard, oldest first; the last is the year reported and has the
        :data:`CHANGE_COLUMN` column (:func:`change_over_year`). Each frame's
        ``attrs`` carry ``year_end`` (``"2024-25 Q4"``) and ``return_year``.

    Raises
    ------
    InputError
        When the data hold several councils, or cover no year end up to ``quarter``.
    """
    if data.multi_council:
        raise InputError("the annual report is for one council's data, not several councils' at once")
    ends = year_ends(data, quarter, years=years)
    if not ends:
        raise InputError(f"no complete year (to 31 March) in the data up to {quarter.label}")
    cards: dict[str, pd.DataFrame] = {}
    for q in ends:
        if current is not None and q == ends[-1] and current.attrs.get("quarter") == q.label and ids is None:
            card = current.copy()
            card.attrs = dict(current.attrs)
        else:
            card = scorecard(data, q, ids=ids, policy=policy, targets=targets, comparators=comparators)
        card.attrs.update(year_end=q.label, return_year=q.return_year)
        cards[q.return_year] = card
    last = ends[-1]
    change = change_over_year(data, last, policy=policy, ids=ids)
    current = cards[last.return_year]
    current[CHANGE_COLUMN] = current["id"].map(change)
    return cards


def annual_for(publication_file: str | Path | None, *, processed_dir: str | Path, quarter: str,
               policy: DisclosurePolicy, council: str, la_code: str | None,
               inputs: Mapping[str, object] | None, years: int = TREND_YEARS,
               ) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """What the annual report notebook renders from: the year-end scorecards and their comparators.

    The year end's scorecard is the run's protected publication when the run
    is the year end's (:func:`cpanalysis.measures.publication.publication_for`;
    built here when run by hand), with the run's data, comparators and
    targets (``inputs["targets"]``); the earlier year ends are protected
    the same way (:func:`year_end_scorecards`).

    Parameters
    ----------
    publication_file : path or None
        The run's saved publication (empty when run by hand).
    processed_dir, council, la_code, inputs
        The notebook's parameters, as for the quarterly scorecard.
    quarter : str
        The run's quarter; the report is for :func:`year_end_of` it.
    policy : DisclosurePolicy
        The run's disclosure policy.
    years : int
        How many financial years the trends cover.

    Returns
    -------
    (dict of str to pandas.DataFrame, pandas.DataFrame)
        The year-end scorecards (:func:`year_end_scorecards`) and the comparators.
    """
    year_end = year_end_of(Quarter.parse(quarter))
    publication, data = publication_for(publication_file, processed_dir=processed_dir, quarter=year_end.label,
                                        policy=policy, council=council, la_code=la_code, inputs=inputs)
    targets_file = (inputs or {}).get("targets")
    targets = load_targets(Path(str(targets_file)) if targets_file not in (None, "") else None)
    cards = year_end_scorecards(data, year_end, policy=policy, comparators=publication.comparators,
                                targets=targets, years=years, current=publication.card)
    return cards, publication.comparators

"""Each scorecard measure over the last eight quarters, as each quarter's scorecard published it.

A trend point is never worked out afresh: it is the ``this_quarter`` cell of
that quarter's own protected scorecard
(:func:`cpanalysis.measures.scorecard.published_values`, the values
:func:`~cpanalysis.measures.scorecard.scorecard` prints, with the same policy
and measures as the published one). So a hidden value
stays ``c``, a rounded one stays "about 99%" or "95% or more", and a
low-reliability one keeps its ``u``. The numeric value beside it is read back
from the printed text (:func:`published_number`), never from the counts, so a
chart drawn from it shows nothing the page does not print.

**As it was published.** A quarter that was published already (an earlier
run's saved publication, ``held``: :mod:`cpanalysis.measures.publication`)
is repeated exactly as it was printed then, so a revision of the data never
turns an earlier ``c`` into a number. Given the page's own scorecard
(``card``), this quarter, the previous quarter and the same quarter last year
are taken from its "This quarter", "Previous quarter" and "Same quarter last
year" columns (which the run already repeats as published), so the sparkline
and the table beside it always agree. Other quarters are their scorecard as
worked out today.

Hidden (``c``), not available (``x``) and not applicable (``z``) values have
no number (NaN): a chart draws them as gaps, never as zero.

**Annual measures** (period ``return_year``: the OC2 health measures, whose
figure for a quarter is that of the latest return year ended by the quarter
end, :func:`cpanalysis.measures.health.oc2_year`) repeat the same year's
figure in four quarters' scorecards. They give one point per return year,
labelled with the year (``2023-24``), taken from the *latest* scorecard in
the window that reports that year: for the year still being reported, that
is this quarter's own scorecard, so the trend's last point is always the
value printed in the "This quarter" column.

Cost: a quarter's cells are its protected values alone
(:func:`cpanalysis.measures.scorecard.published_values`, which the scorecard
prints in its "This quarter" column), without the previous-quarter columns,
directions and comparisons a whole scorecard adds; every measure's result is
kept on the data object (:mod:`cpanalysis._memo`) and so are each quarter's
cells, so a second call costs almost nothing. On the demo council (about 550
children, eight return years) the eight-quarter trends cost 3.0 s after the
quarter's own scorecard (2.3 s), and the pages' points (the same quarters and
two earlier year ends) 2.6 s more; a whole scorecard per quarter cost 5.8 s and
4.5 s. Nothing cheaper is used on purpose: taking the values from anything but
the scorecard's own protection could let a trend show what a quarter's
scorecard hides. Checked by ``tests/measures/test_trends.py``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..protect.policy import DisclosurePolicy
from ..quarters import Quarter
from .data import MeasureData
from .health import oc2_year
from .scorecard import _flag, _measures, published_values

if TYPE_CHECKING:  # pragma: no cover
    from .publication import QuarterPublication

__all__ = ["TREND_COLUMNS", "annual_label", "published_number", "scorecard_trends", "trend_quarters", "trends_for"]

#: Columns of :func:`scorecard_trends` (with ``council`` first for multi-council data).
TREND_COLUMNS = ("id", "quarter", "point", "shown", "status", "value", "annual", "source")

#: ``status`` of a value repeated from an earlier publication that differs from today's working.
AS_PUBLISHED = "as_published"

# "61.2%", "61.2% u", "1,234", "about 99%", "95% or more", "5% or less", "14.1"
_NUMBER = re.compile(r"^(?:about\s+)?(-?\d[\d,]*(?:\.\d+)?)%?(?:\s+days)?(?:\s+or\s+(?:more|less))?(?:\s+u)?$")


def published_number(shown: object) -> float:
    """The number a published cell prints, or NaN for a symbol (``c``, ``x``, ``z``) or an empty cell.

    Parameters
    ----------
    shown : object
        A scorecard cell as printed: ``"61.2%"``, ``"61.2% u"``, ``"1,234"``,
        ``"about 99%"``, ``"95% or more"``, ``"0"``, ``"c"``.

    Returns
    -------
    float
        The printed figure (a rounded percentage is its printed percentage,
        "95% or more" is 95), NaN when nothing numeric is printed.

    Examples
    --------
    >>> published_number("about 99%"), published_number("1,234"), published_number("43.8% u")
    (99.0, 1234.0, 43.8)
    >>> published_number("412 days")
    412.0
    >>> import math; math.isnan(published_number("c"))
    True
    """
    if not isinstance(shown, str):
        return float("nan")
    m = _NUMBER.match(shown.strip())
    return float(m.group(1).replace(",", "")) if m else float("nan")


def annual_label(quarter: Quarter) -> str:
    """The return year an annual (``return_year``) measure reports in ``quarter``'s scorecard, e.g. ``2023-24``."""
    return Quarter(oc2_year(quarter), 4).return_year


def trend_quarters(data: MeasureData, quarter: Quarter, quarters: int = 8) -> list[Quarter]:
    """The last ``quarters`` quarters to ``quarter``, oldest first, dropping those before the data start."""
    return [q for q in quarter.previous(quarters) if data.covers(q)]


def _published_cells(data: MeasureData, quarter: Quarter, policy: DisclosurePolicy,
                     ids: list[str] | None) -> pd.DataFrame:
    """``this_quarter`` and ``status`` of every measure in ``quarter``'s scorecard (kept on ``data``)."""
    # Comparators change no council's own value (they only fill the comparison columns), so the
    # cells are the quarter's protected values alone: published_values, which scorecard() prints in
    # its "This quarter" column, without the previous quarters and comparisons a scorecard adds.
    key = ("scorecard_trends.cells", quarter, policy, tuple(ids or ()))

    def compute() -> pd.DataFrame:
        measures = _measures(ids)
        res = {m.id: m.results(data, quarter) for m in measures}
        shown = published_values(data, quarter, measures, res, policy)
        rows = [{"council": council, "id": m.id, "period": m.period, "this_quarter": _flag(*shown[(m.id, council)]),
                 "status": shown[(m.id, council)][1]} for m in measures for council in res[m.id].index]
        cells = pd.DataFrame(rows, columns=list(_CELL_COLUMNS))
        return cells if data.multi_council else cells.drop(columns="council")

    return data.memo(key, compute).copy()


#: The columns of a scorecard a trend point is made from.
_CELL_COLUMNS = ("council", "id", "period", "this_quarter", "status")


def _points(cells: pd.DataFrame, q: Quarter, order: int, source: str) -> pd.DataFrame:
    """One quarter's cells as trend points (an annual measure's point is its return year)."""
    annual = cells["period"].eq("return_year")
    return cells.assign(quarter=q.label, point=np.where(annual, annual_label(q), q.label),
                        annual=annual, source=source, _order=order, _row=range(len(cells)))


def _card_of(held: object) -> pd.DataFrame:
    """A held publication's scorecard (a :class:`~cpanalysis.measures.publication.QuarterPublication` or a card)."""
    return getattr(held, "card", held)  # type: ignore[return-value]


def _cells_from(card: pd.DataFrame, column: str, today: pd.DataFrame) -> pd.DataFrame:
    """``today``'s cells with ``shown`` (and ``status`` where it differs) as ``column`` of ``card`` prints them."""
    key = [c for c in ("council", "id") if c in card.columns and c in today.columns]
    printed = {tuple(r[:-1]): str(r[-1]) for r in card[key + [column]].itertuples(index=False)}
    out = today.copy()
    for i, r in zip(out.index, out[key + ["this_quarter", "status"]].itertuples(index=False)):
        was = printed.get(tuple(r[:-2]))
        if was is not None and was != str(r[-2]):
            out.at[i, "this_quarter"] = was
            out.at[i, "status"] = AS_PUBLISHED
    return out


def scorecard_trends(data: MeasureData, quarter: Quarter, *, policy: DisclosurePolicy, quarters: int = 8,
                     ids: list[str] | None = None, card: pd.DataFrame | None = None,
                     held: Mapping[str, object] | None = None,
                     at: Sequence[Quarter] | None = None) -> pd.DataFrame:
    """Every scorecard measure's published values over the last ``quarters`` quarters: a tidy frame.

    Method in the module docstring: each point is the "This quarter" cell of
    that quarter's protected scorecard, as it was published where it was;
    annual measures give one point per return year.

    Parameters
    ----------
    data : MeasureData
        The council's tables.
    quarter : Quarter
        The latest quarter (the page's).
    policy : DisclosurePolicy
        The run's disclosure policy, as given to the page's scorecard.
    quarters : int, default 8
        How many quarters back, this one included. Quarters before the data
        start are left out (fewer points).
    ids : list of str, optional
        The measures of the page's scorecard, when it is not all of them
        (protection across measures depends on the set).
    card : pandas.DataFrame, optional
        The page's own scorecard (``publication.card``): this quarter, the
        previous one and the same quarter last year are taken from its
        columns, so the trend agrees with the table.
    held : mapping, optional
        Earlier quarters as they were published, by label (``"2024-25 Q1"``):
        a :class:`~cpanalysis.measures.publication.QuarterPublication` or its
        card. Their "This quarter" column is repeated as printed.
    at : sequence of Quarter, optional
        The quarters to take instead of the last ``quarters`` (for the pages'
        points: :func:`cpanalysis.measures.publication.page_quarters`); those
        after ``quarter`` or before the data start are left out.

    Returns
    -------
    pandas.DataFrame
        One row per measure and point, in scorecard order then time order:
        ``id``; ``quarter`` (label of the scorecard the value comes from,
        "2024-25 Q3"); ``point`` (what the point stands for: the quarter's
        label, or for an annual measure its return year, "2023-24");
        ``shown`` (as published, "61.2%", "c", "about 99%"); ``status`` (the
        scorecard's, or ``as_published`` for a value repeated from an
        earlier publication that today's data would print otherwise);
        ``value`` (the printed number, NaN when hidden, not available or not
        applicable); ``annual`` (bool); ``source`` (``page``: the page's own
        card, ``held``: an earlier publication, ``scorecard``: worked out
        today). ``council`` comes first for multi-council data. ``attrs``:
        ``quarter``, ``quarters`` (labels, oldest first), ``policy``.

    Examples
    --------
    >>> trends = scorecard_trends(data, Quarter.parse("2024-25 Q3"), policy=policy)  # doctest: +SKIP
    >>> trends.loc[trends["id"] == "G1", ["point", "shown"]]  # doctest: +SKIP
    """
    if not isinstance(policy, DisclosurePolicy):
        raise TypeError(f"policy must be a DisclosurePolicy, not {type(policy).__name__}")
    if at is None:
        qs = trend_quarters(data, quarter, quarters)
    else:
        qs = sorted({q for q in at if data.covers(q) and (q.year, q.q) <= (quarter.year, quarter.q)},
                    key=lambda q: (q.year, q.q))
    held = dict(held or {})
    from_page = {quarter.label: "this_quarter", quarter.shift(-1).label: "previous_quarter",
                 quarter.shift(-4).label: "same_quarter_last_year"} if card is not None else {}
    frames = []
    for order, q in enumerate(qs):
        # This quarter's scorecard is the page's own card: read, not made again.
        if card is not None and q.label == quarter.label and set(_CELL_COLUMNS) - {"council"} <= set(card.columns):
            cells = card[[c for c in _CELL_COLUMNS if c in card.columns]]
            cells = (cells[cells["id"].isin(ids)] if ids else cells).reset_index(drop=True)
            frames.append(_points(cells, q, order, "page"))
            continue
        cells = _published_cells(data, q, policy, ids)
        source = "scorecard"
        if q.label in held:
            cells, source = _cells_from(_card_of(held[q.label]), "this_quarter", cells), "held"
        if q.label in from_page and card is not None and from_page[q.label] in card.columns:
            cells, source = _cells_from(card, from_page[q.label], cells), "page"
        frames.append(_points(cells, q, order, source))
    if not frames:
        cols = (["council"] if data.multi_council else []) + list(TREND_COLUMNS)
        out = pd.DataFrame(columns=cols)
    else:
        long = pd.concat(frames, ignore_index=True).rename(columns={"this_quarter": "shown"})
        group = [c for c in ("council", "id", "point") if c in long.columns]
        # An annual measure's year: the latest scorecard that reports it (this quarter's for the current year).
        long = long.sort_values("_order").drop_duplicates(group, keep="last")
        # Scorecard order (as the latest scorecard lists the measures), then time.
        first_row = long.loc[long["_order"] == long["_order"].max()].set_index(
            [c for c in ("council", "id") if c in long.columns])["_row"]
        key = [c for c in ("council", "id") if c in long.columns]
        long["_pos"] = [first_row.get(tuple(r) if len(key) > 1 else r[0], np.inf)
                        for r in long[key].itertuples(index=False)]
        long = long.sort_values(["_pos", "_order"], kind="stable")
        long["value"] = long["shown"].map(published_number)
        cols = [c for c in ("council",) if c in long.columns] + list(TREND_COLUMNS)
        out = long[cols].reset_index(drop=True)
        out["annual"] = out["annual"].astype(bool)
        out["value"] = out["value"].astype(float)
    out.attrs.update(quarter=quarter.label, quarters=[q.label for q in qs], policy=policy)
    return out


def trends_for(publication: QuarterPublication, data: MeasureData, *, held: Mapping[str, object] | None = None,
               quarters: int = 8) -> pd.DataFrame:
    """The trends a scorecard page shows: the run's own (``publication.extras["trends"]``) or worked out now.

    Parameters
    ----------
    publication : QuarterPublication
        The quarter's protected figures (:func:`cpanalysis.measures.publication.publication_for`).
    data : MeasureData
        The run's data (the second value :func:`~cpanalysis.measures.publication.publication_for` returns).
    held : mapping, optional
        Earlier quarters as published (see :func:`scorecard_trends`).
    quarters : int, default 8
        How many quarters back, this one included.

    Returns
    -------
    pandas.DataFrame
        :func:`scorecard_trends` of the publication's quarter, policy and card.
    """
    kept = publication.extras.get("trends") if isinstance(publication.extras, dict) else None
    if isinstance(kept, pd.DataFrame):
        return kept
    return scorecard_trends(data, publication.quarter, policy=publication.policy, quarters=quarters,
                            card=publication.card, held=held)

"""Deep dives the Corporate Parenting Executive Board asked for (seeds/002, February 2025).

Each returns protected tables ready to publish (counts 1-4 hidden, with
secondary suppression audited by :func:`cpanalysis.protect.suppress` where a
table has totals) plus the unprotected counts for the analyst's eyes only
(``private``). Single-council data only.

* :func:`placement_moves` - "107 placement moves for 91 individuals in a quarter":
  moves, children, moves per child, reasons, from which placement type to
  which, distance of the new placement from home.
* :func:`out_of_borough` - placements by receiving council, with the centroid
  of the council's postcodes, for a map (never an individual postcode).
* :func:`missing_from_care` - children missing at least once in each quarter,
  beside the scorecard's P4.8 (missing 5 or more times in a month).
* :func:`reviews_overdue` - "3.14% of children in care for over one month have
  not had a review in the last six months".
* :func:`placed_with_parents_over_time` - P3.9 as a series.
* :func:`permanence_and_education` - do SGO and adoption placements go with
  better education outcomes? (honest caveats: see its docstring).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..protect.policy import DisclosurePolicy
from ..protect import suppress
from ..protect.effect import newcombe_difference
from ..protect.proportion import proportion
from ..protect.render import CONFIDENTIAL, count_cell
from ..quarters import Quarter
from . import _frames
from .data import MeasureData
from .good_parent import review_status
from .permanence import ADOPTED_REC, SGO_REC, distance_miles, moves_in, placement_council, placement_group

if TYPE_CHECKING:  # pragma: no cover
    from .publication import QuarterPublication

__all__ = ["BROAD_TYPES", "DeepDive", "MISSING_ONCE", "MISSING_QUARTERS", "Printed", "from_to_table", "missing_from_care", "out_of_borough", "permanence_and_education", "placed_with_parents_over_time",
           "placement_moves", "reviews_overdue"]


@dataclass
class DeepDive:
    """A deep dive's result.

    Attributes
    ----------
    summary : dict of str to str
        Headline figures, already protected (``c`` where needed).
    tables : dict of str to pandas.DataFrame
        Published tables (protected).
    caveats : list of str
        What the reader must know.
    private : dict of str to pandas.DataFrame
        Unprotected counts, for the analyst only; never publish.
    choices : dict of str to str
        How each table was made publishable before any cell was hidden (categories
        merged, a broader grouping), by table name, for the run log.
    """

    summary: dict[str, str]
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    caveats: list[str] = field(default_factory=list)
    private: dict[str, pd.DataFrame] = field(default_factory=dict)
    choices: dict[str, str] = field(default_factory=dict)

    def hidden_cells(self) -> dict[str, int]:
        """How many cells of each published table are hidden (``c``), by table name."""
        return {name: int((t.astype(str) == CONFIDENTIAL).to_numpy().sum()) for name, t in self.tables.items()}


#: How the run's scorecard printed a measure at a point: ``printed(measure_id, quarter_label)`` gives
#: ``(cell, status)`` or None (:meth:`cpanalysis.measures.publication.QuarterPublication.printed`).
Printed = Callable[[str, str], "tuple[str, str] | None"]

#: Scorecard statuses whose cell is the exact count (a reader has it).
_EXACT = frozenset({"shown", "zero", "low_reliability", "as_published"})


def printed_exactly(printed: Printed | None, measure_id: str, quarter: Quarter) -> bool:
    """Whether the run's scorecard prints ``measure_id`` for ``quarter`` as an exact figure (not ``c``, not rounded)."""
    got = printed(measure_id, quarter.label) if printed is not None else None
    return got is not None and got[1] in _EXACT and got[0].split()[0] not in (CONFIDENTIAL, "x", "z")


def _one_way(counts: pd.Series, name: str, policy: DisclosurePolicy, *, total_known: bool = False) -> pd.DataFrame:
    """A one-column count table with a total, suppressed and audited.

    ``total_known``: the total is printed elsewhere (the scorecard), so it is
    never hidden as a secondary suppression (:func:`cpanalysis.protect.suppress`, ``known``).
    """
    t = counts.rename(name).to_frame()
    if t.empty:
        return t
    return suppress(t, policy=policy, margins="add", known=[("Total", name)] if total_known else ()).published()


def merge_small(counts: pd.Series, label: str, policy: DisclosurePolicy) -> pd.Series:
    """Categories with fewer than ``policy.threshold`` in them merged into one named group, placed last.

    The gentler tool official statistics use before hiding (issue 11): two or
    more small categories become one group ("other reasons, each fewer than
    5") whose count may well be publishable, instead of each being hidden. A
    single small category is left as it is (merging it would only rename it);
    the table is then protected as usual (:func:`cpanalysis.protect.suppress`),
    which hides the group too when it is itself small.

    Examples
    --------
    >>> from cpanalysis.protect.policy import DisclosurePolicy
    >>> merge_small(pd.Series({"a": 19, "b": 2, "c": 3, "d": 45}), "other", DisclosurePolicy(threshold=5)).to_dict()
    {'a': 19, 'd': 45, 'other': 5}
    """
    small = counts[(counts > 0) & (counts < policy.threshold)]
    if len(small) < 2:
        return counts
    return pd.concat([counts.drop(small.index), pd.Series({label: int(small.sum())})])


def moves_disclosure(moves_per_child: pd.Series, *, policy: DisclosurePolicy) -> tuple[bool, bool]:
    """(hide the number of moves, hide the children-by-number-of-moves split) for one quarter.

    With M moves by C children, C1 of them moving once and C2 more than once,
    M and C are published on the scorecard (P3.7a, P3.7) and C1, C2 by the
    split. Let ``e = M - C`` (moves beyond each child's first) and
    ``w = policy.width``. Then C2 is from 1 to ``e`` and the children who moved
    three times or more from 0 to ``e / 2``: both ranges are at least ``w``
    wide only when ``e >= 2w``, so the number of moves is hidden when
    ``1 <= e < 2w`` (as the scorecard hides P3.7a, :mod:`cpanalysis.measures.linked`).
    When the number of moves is published, ``b = e - C2`` (moves beyond the
    second) puts the children who moved three times or more between 1 and
    ``b``; the split is hidden when ``1 <= b <= w`` (a range narrower than
    ``w``). 0 is safe: nobody.

    Examples
    --------
    >>> from cpanalysis.protect.policy import DisclosurePolicy
    >>> p = DisclosurePolicy(threshold=5)
    >>> # 20 children once, 6 twice, 1 three times: e = 8 (< 10), so the moves are hidden.
    >>> moves_disclosure(pd.Series([1] * 20 + [2] * 6 + [3]), policy=p)
    (True, False)
    >>> # 20 once, 10 twice, 1 three times: e = 12, b = 12 - 11 = 1: the split is hidden.
    >>> moves_disclosure(pd.Series([1] * 20 + [2] * 10 + [3]), policy=p)
    (False, True)
    >>> moves_disclosure(pd.Series([1] * 20 + [2] * 12), policy=p)   # e = 12, b = 0
    (False, False)
    """
    width = policy.width
    extra = int(moves_per_child.sum()) - len(moves_per_child)
    beyond_second = extra - int((moves_per_child > 1).sum())
    hide_moves = 1 <= extra < 2 * width
    return hide_moves, (not hide_moves) and 1 <= beyond_second <= width


#: Broader placement types for the table of moves from type to type (scorecard groups in each).
BROAD_TYPES = {
    "In-house foster care": "Any foster care",
    "External foster care": "Any foster care",
    "Connected carers (family and friends)": "Any foster care",
    "Residential": "Any residential",
    "Residential school": "Any residential",
    "Placed for adoption": "Placed for adoption",
    "Placed with parents": "Placed with parents",
    "Independent living": "Other placements",
    "Custody": "Other placements",
    "Other": "Other placements",
}
#: The broad type small types are merged into.
OTHER_TYPES = "Other placements"
_BROAD_PARTS = {
    "any foster care": "in-house, external, or family and friends",
    "any residential": "children's homes, supported accommodation, residential schools",
    "other placements": "independent living, custody and any other",
}


def _moves_shown(table: pd.DataFrame) -> int:
    """Moves in the published inner cells of a protected from-to table (margins left out)."""
    inner = table.iloc[:-1, :-1]
    return int(sum(int(v) for v in inner.to_numpy().ravel() if v != CONFIDENTIAL))


def _merge_small_types(types: pd.Series, policy: DisclosurePolicy) -> pd.Series:
    """Broad types with fewer than twice the threshold's moves merged into "Other placements"."""
    counts = types.value_counts()
    small = [t for t, n in counts.items() if n < 2 * policy.threshold and t != OTHER_TYPES]
    return types.where(~types.isin(small), OTHER_TYPES) if small else types


def from_to_table(frm: pd.Series, to: pd.Series, policy: DisclosurePolicy, *,
                  total_known: bool = False) -> tuple[pd.DataFrame, str]:
    """The protected table of moves from one placement type to another, with the grouping that hides least.

    Method: the table is protected (:func:`cpanalysis.protect.suppress`, with
    row and column totals) three ways: by the scorecard's placement groups
    (``fine``); by the broader types of :data:`BROAD_TYPES` (``broad``); and
    by those broader types with any type of fewer than twice the threshold's
    moves, as left or as moved to, merged into "Other placements"
    (``merged``). The one that leaves the most moves in published cells is
    published (the finer on a tie); a coarser grouping only when it keeps at
    least two types on each side. Only one is ever published: a coarser
    table is sums of a finer one's cells, so two together could give back
    hidden cells. This is the official-statistics practice of redesigning a
    table, merging small categories before hiding cells (GSS, *Disclosure
    control guidance for tables produced from administrative sources*, 2014),
    applied to both axes at once.

    Parameters
    ----------
    frm, to : pandas.Series
        The placement group left and moved to, one value per move.
    policy : DisclosurePolicy
        The run's disclosure policy.
    total_known : bool, default False
        The number of moves is printed elsewhere (the scorecard's P3.7a): the
        grand total is never hidden to protect a route.

    Returns
    -------
    (pandas.DataFrame, str)
        The published table (counts and ``c``, with a ``Total`` row and column)
        and the grouping used: ``fine``, ``broad`` or ``merged``.

    Examples
    --------
    >>> p = DisclosurePolicy(threshold=5)
    >>> frm = pd.Series(["In-house foster care"] * 6 + ["External foster care"] * 6 + ["Residential"] * 8
    ...                 + ["Placed with parents"] * 2)
    >>> to = pd.Series(["External foster care"] * 3 + ["Connected carers (family and friends)"] * 3
    ...                + ["In-house foster care"] * 6 + ["Residential"] * 8 + ["Residential school"] * 2)
    >>> table, grouping = from_to_table(frm, to, p)
    >>> grouping, table.to_dict("index")["Any foster care"], table.to_dict("index")["Other placements"]
    ('merged', {'Any foster care': 12, 'Any residential': 0, 'Total': 12}, \
{'Any foster care': 0, 'Any residential': 10, 'Total': 10})
    """
    def protected(f: pd.Series, t: pd.Series) -> pd.DataFrame:
        counts = pd.crosstab(pd.Series(list(f), name="from"), pd.Series(list(t), name="to"))
        # The totals (moves from each type, moves to each type) are what the board reads first:
        # hiding them costs more than hiding a single route.
        totals = {(r, "Total") for r in counts.index} | {("Total", c) for c in counts.columns} | {("Total", "Total")}
        return suppress(counts, policy=policy, margins="add", cost=dict.fromkeys(totals, 1.0),
                        known=[("Total", "Total")] if total_known else ()).published()

    def broad(types: pd.Series) -> pd.Series:
        return pd.Series(list(types)).map(BROAD_TYPES).fillna(OTHER_TYPES)

    broad_frm, broad_to = broad(frm), broad(to)
    candidates = [(protected(frm, to), "fine"), (protected(broad_frm, broad_to), "broad"),
                  (protected(_merge_small_types(broad_frm, policy), _merge_small_types(broad_to, policy)), "merged")]
    # A grouping that leaves one type on either side says nothing a total does not, and a single
    # cell holding every move is "all n of n": only the finer table may be that shape.
    usable = [i for i, (table, _) in enumerate(candidates) if i == 0 or min(table.shape) >= 3]
    best = max(usable, key=lambda i: (_moves_shown(candidates[i][0]), -i))
    return candidates[best]


def placement_moves(data: MeasureData, quarter: Quarter, policy: DisclosurePolicy,
                    printed: Printed | None = None) -> DeepDive:
    """Placement moves in a quarter: how many, for how many children, why, from where to where, how far.

    Moves are derive's ``is_move`` (change of carer; temporary placements and
    adoption by the foster carer excluded). "From" is the placement group of
    the episode before the move, "to" that of the move's episode
    (:data:`cpanalysis.measures.permanence.PLACEMENT_GROUPS`). ``printed``: the
    run's scorecard cells; where it prints the number of moves (P3.7a) or of
    children who moved (P3.7), the tables' totals are known and never hidden.
    """
    moves_known = printed_exactly(printed, "P3.7a", quarter)
    children_known = printed_exactly(printed, "P3.7", quarter)
    mv = moves_in(data, quarter.start, quarter.end)
    ep = data.episodes
    pos = ep.index.get_indexer(mv.index)
    before = ep.iloc[np.clip(pos - 1, 0, None)]
    frm = placement_group(before["PLACE"], before["PLACE_PROVIDER"])
    to = placement_group(mv["PLACE"], mv["PLACE_PROVIDER"])
    n_moves = len(mv)
    n_children = int(mv["CHILD"].nunique())
    per_child = mv.groupby("CHILD").size()
    # The number of moves is a second, weighted margin of the children-by-moves table: moves minus
    # children (the extra moves) bounds the children who moved more than once. Bands are "once" and
    # "more than once" (finer bands would be pinned by it), and when the extra moves are 1 to
    # threshold - 1 the number of moves is hidden (as P3.7a is: cpanalysis.measures.linked).
    moves_hidden, split_hidden = moves_disclosure(per_child, policy=policy)
    summary = {"moves": "c" if moves_hidden else count_cell(n_moves, policy=policy),
               "children": count_cell(n_children, policy=policy),
               "moves per child": (f"{n_moves / n_children:.2f}"
                                   if n_children >= policy.threshold and n_moves >= policy.threshold and not moves_hidden
                                   else ("c" if n_children else "z"))}
    bands = pd.cut(per_child, [0, 1, np.inf], labels=["moved once", "moved more than once"]).value_counts().sort_index()
    reasons = mv["REASON_PLACE_CHANGE"].fillna("not recorded").value_counts().sort_index()
    tables = {} if split_hidden else {"children by number of moves": _one_way(bands, "children", policy,
                                                                              total_known=children_known)}
    caveats = [
        "A move is a change of carer; respite and hospital stays and the return from them, and adoption by the "
        "child's foster carer, are not moves.",
        f"Counts from 1 to {policy.threshold - 1} are hidden (c), and so are other cells where needed to stop "
        "them being worked out.",
    ]
    if split_hidden:
        caveats.append("How many children moved once and how many more than once is not shown this quarter: with "
                       "the number of moves it would show how many moved three times or more, which is fewer than "
                       + str(policy.threshold) + ".")
    if moves_hidden:  # every breakdown of moves would add up to the hidden number of moves
        caveats.append("The number of moves, and the tables of moves by reason, type of placement and distance, "
                       "are not shown this quarter: with the number of children who moved they would show how "
                       "many children moved more than once, which is fewer than " + str(policy.threshold) + ".")
        return DeepDive(summary, tables, caveats=caveats,
                        private={"moves per child": per_child.value_counts().sort_index().to_frame("children")})
    other = f"Reasons with fewer than {policy.threshold} moves each"
    merged_reasons = merge_small(reasons, other, policy)
    tables["moves by reason"] = _one_way(merged_reasons, "moves", policy, total_known=moves_known)
    choices = {"moves by reason": (f"{len(reasons) - len(merged_reasons) + 1} reasons merged into one named group"
                                   if other in merged_reasons.index else "no reasons merged")}
    if n_moves:
        table, grouping = from_to_table(frm, to, policy, total_known=moves_known)
        tables["moves from placement type to placement type"] = table
        choices["moves from placement type to placement type"] = {
            "fine": "the scorecard's placement groups", "broad": "broader placement types",
            "merged": "broader placement types, small ones merged"}[grouping]
        if grouping != "fine":
            merged = (f"; a type with fewer than {2 * policy.threshold} moves is counted in other placements"
                      if grouping == "merged" else "")
            caveats.append("In the table of moves from one type of placement to another, types are grouped more "
                           "broadly this quarter, because the finer table would have hidden more of the moves: "
                           + ", ".join(f"{k} ({v})" for k, v in _BROAD_PARTS.items()) + merged + ".")
    d = distance_miles(data, mv)
    if d is not None:
        dist = pd.cut(d, [-0.1, 5, 10, 20, np.inf], labels=["under 5 miles", "5-10 miles", "10-20 miles", "over 20 miles"])
        dist = dist.cat.add_categories("not known").fillna("not known").value_counts().sort_index()
        tables["new placement's distance from home"] = _one_way(dist, "moves", policy, total_known=moves_known)
    return DeepDive(summary, tables, caveats=caveats,
                    private={"moves per child": per_child.value_counts().sort_index().to_frame("children")},
                    choices=choices)


def out_of_borough(data: MeasureData, quarter: Quarter, policy: DisclosurePolicy,
                   printed: Printed | None = None) -> DeepDive:
    """Cared for children at the quarter end by the council their placement is in, for a map.

    Each receiving council is placed at the centroid (mean easting/northing)
    of its postcodes in the lookup, never at a child's postcode (the table
    keeps it; the page draws real boundaries or a ranked chart). Councils
    with fewer than ``policy.threshold`` children are merged into "other
    councils" so the page shows no small count, and the column is protected with its total by
    :func:`cpanalysis.protect.suppress` (audited), so "other councils" cannot
    be recovered by subtraction when it is itself from 1 to 4. The total is the
    scorecard's P3.4a: where the run's scorecard prints it (``printed``), it is
    never the cell hidden to protect "other councils".
    """
    cla = _frames.cla_at_end(data, quarter.end)
    pc = data.extra.get("postcodes")
    code = placement_council(data, cla)
    if code is None or pc is None:
        return DeepDive({"status": "x"}, caveats=["No postcode lookup supplied: the map is not available."])
    home = next(iter(data.home_council.values()))
    counts = code.loc[code.notna() & code.ne(home)].value_counts()
    names = pc.drop_duplicates("council_code").set_index("council_code")["council_name"]
    cent = pc.groupby("council_code")[["easting", "northing"]].mean()
    other_label = f"other councils (each fewer than {policy.threshold})"
    big = counts[counts >= policy.threshold].sort_index().sort_values(ascending=False, kind="stable")  # ties by code
    other = int(counts[counts < policy.threshold].sum())
    # Protect the column with its total: when "other councils" is small, the published total
    # would give it back by subtraction, so secondary suppression hides another cell too.
    column = pd.concat([big, pd.Series({other_label: other})]) if other else big
    if column.empty:
        published = pd.Series(dtype=object)
        total = count_cell(0, policy=policy)
    else:
        pub = _one_way(column, "children", policy, total_known=printed_exactly(printed, "P3.4a", quarter))
        published = pub["children"].drop("Total")
        total = str(pub.loc["Total", "children"])
    table = pd.DataFrame({"council_code": [c if c != other_label else "" for c in published.index],
                          "council_name": [names.get(c, c) for c in published.index],
                          "children": published.to_numpy().astype(object),
                          "easting": [cent["easting"].get(c, np.nan) for c in published.index],
                          "northing": [cent["northing"].get(c, np.nan) for c in published.index]})
    table[["easting", "northing"]] = table[["easting", "northing"]].astype(float).round(-2)
    summary = {"placed out of borough": total,
               "receiving councils": f"{len(counts)}",
               "not known": count_cell(int(code.isna().sum()), policy=policy)}
    return DeepDive(summary, {"by receiving council": table}, caveats=[
        f"Councils receiving fewer than {policy.threshold} children each are grouped together as "
        "\"other councils\", so that no small number is shown.",
    ])


#: Column of :func:`missing_from_care`'s table: children missing at least once in the quarter.
MISSING_ONCE = "children missing at least once"
#: Quarters :func:`missing_from_care` covers when the run protects it (the health page's eight).
MISSING_QUARTERS = 8


def missing_from_care(data: MeasureData, quarter: Quarter, policy: DisclosurePolicy,
                      printed: Printed | None = None, *, n_quarters: int = MISSING_QUARTERS) -> DeepDive:
    """Children reported missing at least once in each of the last ``n_quarters`` quarters, protected beside P4.8.

    The children who went missing 5 or more times in one month (the scorecard's
    P4.8) are part of those missing at least once (:func:`cpanalysis.measures.health.missing_once`).
    Primary suppression hides a count from 1 to ``threshold - 1``. Where both
    are printed and the children missing at least once but never 5 times in a
    month number 1 to ``threshold - 1``, the count of children missing at
    least once is hidden (secondary suppression): P4.8 is a headline measure,
    printed by the scorecard and its trend (``printed``), so hiding it here
    would protect nothing. Without ``printed`` (a page built by hand), P4.8 is
    taken as printed whenever its own rule shows it.

    Returns
    -------
    DeepDive
        ``tables["children missing at least once"]``: one row per quarter,
        ``quarter``, ``children`` (the printed cell) and ``status`` (``shown``,
        ``zero``, ``primary``, ``secondary``, ``not_available``);
        ``private["children missing at least once"]`` the unprotected counts.
    """
    from .disclosure import PUBLISHED, publish
    from .health import missing_once
    from .registry import MEASURES

    p48 = MEASURES["P4.8"]
    rows, counts = [], []
    for q in quarter.previous(n_quarters):
        n = missing_once(data, q) if data.covers(q) else None
        counts.append({"quarter": q.label, "children": n})
        if n is None:
            rows.append({"quarter": q.label, "children": "x", "status": "not_available"})
            continue
        status = "zero" if n == 0 else "primary" if policy.is_small(n) else "shown"
        if status == "shown":
            row = p48.results(data, q).iloc[0]
            if printed is not None:
                known = printed_exactly(printed, "P4.8", q)
            else:
                known = publish(p48, row["numerator"], row["denominator"], row["value"], bool(row["available"]),
                                policy=policy)[1] in PUBLISHED
            p = 0 if row["numerator"] is None or pd.isna(row["numerator"]) else int(row["numerator"])
            if known and policy.is_small(n - p):
                status = "secondary"
        rows.append({"quarter": q.label, "children": count_cell(n, policy=policy) if status != "secondary"
                     else CONFIDENTIAL, "status": status})
    return DeepDive({}, {MISSING_ONCE: pd.DataFrame(rows)}, private={MISSING_ONCE: pd.DataFrame(counts)},
                    caveats=["A child is counted once in a quarter however often they went missing."])


def reviews_overdue(data: MeasureData, quarter: Quarter, policy: DisclosurePolicy) -> DeepDive:
    """Children in care over a month at the quarter end whose review is overdue (:func:`review_status`)."""
    if data.table("reviews") is None:
        return DeepDive({"status": "x"}, caveats=["No reviews table in the data."])
    st = review_status(data, quarter.end)
    st = st.loc[st["days_in_care"] > 30]
    n, k = len(st), int(st["overdue"].sum())
    p = proportion(k, n, policy=policy) if n else None
    bands = pd.cut(st.loc[st["overdue"], "days_overdue"], [0, 30, 90, np.inf],
                   labels=["up to 30 days", "31-90 days", "over 90 days"]).value_counts().sort_index()
    first = (st["overdue"] & (st["n_reviews"] == 0)).sum()
    return DeepDive({"children in care over a month": count_cell(n, policy=policy),
                     "review overdue": p.for_sentence(1) if p else "z",
                     "overdue for their first review": count_cell(int(first), policy=policy)},
                    {"overdue by how long": _one_way(bands, "children", policy)},
                    caveats=["Due dates follow regulation 33: first review within 20 working days, second within "
                             "3 months, then every 6 months. Bank holidays are not counted out."])


def placed_with_parents_over_time(data: MeasureData, quarters: list[Quarter], policy: DisclosurePolicy,
                                  publication: "QuarterPublication | None" = None) -> pd.DataFrame:
    """P3.9 (children placed with parents) and its share of cared for children, quarter by quarter.

    Each quarter's value is the scorecard's: with the run's ``publication``, as
    that quarter's scorecard printed it
    (:meth:`~cpanalysis.measures.publication.QuarterPublication.printed`); without
    it, worked out as the scorecard does (:func:`cpanalysis.measures.scorecard.published_values`):
    protected on its own and with the placement groups it sits beside inside the
    children in care (the ``within`` link of :mod:`cpanalysis.measures.linked`).
    Either way this table hides it exactly when the scorecard does.
    """
    from .disclosure import PUBLISHED, share_display
    from .linked import LINKS
    from .registry import MEASURES
    from .scorecard import published_values

    m = MEASURES["P3.9"]
    ids = next((link.ids for link in LINKS if link.kind == "within" and m.id in link.ids), (m.id,))
    measures = [MEASURES[i] for i in ids]
    rows = []
    for q in quarters:
        if not data.covers(q):
            rows.append({"quarter": q.label, "children": "x", "share": "x"})
            continue
        printed = publication.printed(m.id, q.label) if publication is not None else None
        if printed is not None:
            r = m.results(data, q).iloc[0]
            disp, status = printed
            if status == "as_published":  # repeated from an earlier briefing: no share beside it
                rows.append({"quarter": q.label, "children": disp, "share": "c" if disp != "x" else "x"})
                continue
        else:
            res = {i: MEASURES[i].results(data, q) for i in ids}
            council = res[m.id].index[0]
            disp, status = published_values(data, q, measures, res, policy)[(m.id, council)]
            r = res[m.id].loc[council]
        rows.append({"quarter": q.label, "children": disp,
                     "share": share_display(m, r["numerator"], r["denominator"], policy=policy)
                     if status in PUBLISHED else disp})
    return pd.DataFrame(rows)


def permanence_and_education(data: MeasureData, *, key_stage: str = "KS2", measure: str = "RWM_EXP",
                             policy: DisclosurePolicy) -> DeepDive:
    """Do children who left care through an SGO or adoption have better results? What the data can say.

    Compares, in the Virtual School extract, the share meeting ``measure`` at
    ``key_stage`` (``Y``; ``D`` disapplied results are left out) of children
    whose care later ended by special guardianship or adoption (REC E11,
    E12, E43-E48) with that of other children in care, with a Newcombe (1998)
    interval for the difference.

    Caveats, written into the result: the Virtual School extract holds
    children *while in care*, so results after the order (the question the
    board asked) are not in it - that needs previously looked after
    children's data from schools; the groups differ in age at entry, needs and
    time in care, so a difference is not an effect of permanence; and the
    numbers are small.
    """
    res = data.table("vs_results")
    if res is None:
        return DeepDive({"status": "x"}, caveats=["No Virtual School extract in the data."])
    r = res.loc[(res["KEY_STAGE"] == key_stage) & (res["MEASURE"] == measure) & res["VALUE"].isin(["Y", "N"])]
    per = data.periods
    perm = set(per.loc[per["rec"].isin(SGO_REC | ADOPTED_REC).fillna(False), "CHILD"])
    r = r.assign(group=np.where(r["CHILD"].isin(perm), "left care by SGO or adoption", "other children in care"),
                 met=r["VALUE"].eq("Y"))
    g = r.groupby("group")["met"].agg(["sum", "size"])
    caveats = [
        "The Virtual School extract covers children while they are in care: results after an SGO or adoption "
        "order are not in it, so this cannot show whether permanence improved education.",
        "Children who leave care by SGO or adoption differ from others (younger at entry, different needs), so a "
        "difference here is not an effect of the order.",
        "Small numbers: one child changes a percentage by many points; groups under 5 are not shown.",
    ]
    rows, summary = [], {}
    for name, (k, n) in g.iterrows():
        p = proportion(int(k), int(n), policy=policy)
        rows.append({"group": name, "children": count_cell(int(n), policy=policy), "met": p.for_table(0)})
    if len(g) == 2 and (g["size"] >= policy.threshold).all():
        (k1, n1), (k2, n2) = g.loc["left care by SGO or adoption"], g.loc["other children in care"]
        p1, p2 = proportion(int(k1), int(n1), policy=policy), proportion(int(k2), int(n2), policy=policy)
        if not (p1.suppressed or p2.suppressed):
            e = newcombe_difference(int(k1), int(n1), int(k2), int(n2))
            sig = e.lower > 0 or e.upper < 0
            summary["difference"] = (f"{100 * e.estimate:+.0f} percentage points (95% CI {100 * e.lower:+.0f} to "
                                     f"{100 * e.upper:+.0f}); "
                                     + ("statistically significant" if sig else
                                        "not statistically significant: the data are consistent with anything "
                                        "in that range, including no difference"))
    summary.setdefault("difference", "not shown (a group is too small to publish)")
    return DeepDive(summary, {f"{key_stage} {measure}": pd.DataFrame(rows)}, caveats=caveats)

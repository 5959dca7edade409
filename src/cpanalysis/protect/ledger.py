"""One disclosure model for a page of tables about the same children: :class:`Ledger`.

Each table of a page is protected on its own by :func:`cpanalysis.protect.suppress`
(primary and secondary suppression, proved by the interval attack of its own
sums). Tables about the same children are also tied to each other: the same
pupils counted in two tables, one group nested in another (pupils meeting the
expected standard in reading, and in reading, writing and maths), a base of
one table that leaves out a few pupils of another's. A reader holding the
whole page can combine them. The ledger is the model of the whole page:

* every printed count is registered once with **which children it counts**
  (:meth:`Ledger.register`, a set of pupil keys per cell) and whether it is
  printed or hidden;
* :meth:`Ledger.exposures` reads the page as a whole, as a reader would, for
  two things no single table's sums show: a count one table hides that
  another prints (the same children); and the gap between two printed groups,
  one inside the other, of 1 to ``threshold - 1`` children, where a reader can
  know the nesting (anything inside a population; an outcome inside the same
  outcome of a larger group; an outcome inside another by definition,
  ``nested``). This is exact set arithmetic on the registered children, not a
  linear programme: what the tables' sums give within each table is proved by
  ``suppress``'s interval attack, and the run's independent audit
  (:mod:`cpanalysis.audit`) attacks every page together with linear and
  integer programming. Counts printed outside the page that a reader holds
  (DfE's published figures of the council) are registered too, as printed and
  never hideable;
* :meth:`Ledger.repair` hides, for each exposed count, the cheaper of the two
  groups (``cost``: a table's detail before its totals, a breakdown before a
  headline; the inner group on a tie) in every table that prints it. The
  page's tables are then protected again with those cells hidden
  (``suppress(hide=...)``), each taking as ``known`` what the rest of the page
  prints, until nothing is exposed and every table knows what the others
  print (:func:`protect_page`).

A table's own sums are protected as :func:`cpanalysis.protect.suppress`
protects them: a hidden count keeps an interval at least the policy's
protection width (:attr:`DisclosurePolicy.width`) wide.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from .policy import DisclosurePolicy

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .suppression import SuppressedTable

__all__ = ["POPULATION", "Cell", "Exposure", "Ledger", "active_ledger", "protect_page", "protect_table"]

#: The label of a cell that counts a population (the base of a percentage), not an outcome.
POPULATION = "population"

T = TypeVar("T")

#: The ledger tables register with while a page is built (:func:`protect_page`); None otherwise.
_ACTIVE: contextvars.ContextVar["Ledger | None"] = contextvars.ContextVar("cpanalysis_ledger", default=None)


@dataclass(frozen=True)
class Cell:
    """One printed cell of a table and the children it counts.

    Attributes
    ----------
    table : str
        The table's key (stable from one build of the page to the next).
    row, column : str
        The cell's labels in its table.
    members : frozenset of str
        Keys of the children counted (e.g. ``"2023:C0012"``: a pupil in an academic year).
    hidden : bool
        Printed as ``c``.
    cost : float
        What hiding it costs the reader (a headline more than a detail).
    hideable : bool
        Whether the table can hide it (a table that merges groups until it hides nothing cannot).
    label : str
        What kind of group it counts: :data:`POPULATION` (pupils of a year
        group, phase, characteristic: the base of a percentage), or the
        outcome counted (a measure's key, ``"ks2_read"``), which
        :meth:`Ledger.exposures` uses to tell the nestings a reader knows.
    """

    table: str
    row: str
    column: str
    members: frozenset[str]
    hidden: bool
    cost: float = 0.0
    hideable: bool = True
    label: str = POPULATION

    @property
    def where(self) -> tuple[str, str, str]:
        """(table, row, column)."""
        return (self.table, self.row, self.column)


@dataclass(frozen=True)
class Exposure:
    """A count a reader of the whole page can pin down.

    Attributes
    ----------
    what : str
        The hidden cell, or the gap between two nested printed groups, in words.
    value : int
        Its true value, which a reader works out exactly.
    cells : tuple of Cell
        The cells it is about (the hidden cell and its printed copy; or the outer and inner group).
    """

    what: str
    value: int
    cells: tuple[Cell, ...]

    def __str__(self) -> str:
        return f"{self.what}: {self.value}, worked out exactly"


@dataclass
class Ledger:
    """The printed cells of a page, with the children each counts (module docstring).

    Parameters
    ----------
    policy : DisclosurePolicy
        The run's disclosure policy.
    hide : mapping of str to set of (row, column), optional
        Cells each table must hide (chosen by :meth:`repair` on an earlier build of the page).
    seen : mapping of frozenset to set of str, optional
        The groups the page printed on its earlier build, with the tables that
        printed them (:meth:`printed_groups`): a table built before the table
        that prints a group knows it from there.
    nested : set of (str, str), optional
        Outcomes a reader knows to lie inside others, by label (``("ks2_read",
        "ks2_rwm")``: meeting the standard in all three subjects is meeting it in reading).
    """

    policy: DisclosurePolicy
    hide: dict[str, set[tuple[str, str]]] = field(default_factory=dict)
    seen: dict[frozenset[str], set[str]] = field(default_factory=dict)
    nested: frozenset[tuple[str, str]] = frozenset()
    cells: dict[tuple[str, str, str], Cell] = field(default_factory=dict)
    made: dict[tuple, Any] = field(default_factory=dict, repr=False)
    asked: dict[str, tuple[frozenset[tuple[str, str]], dict[tuple[str, str], frozenset[str]]]] = field(
        default_factory=dict, repr=False)

    def settled(self) -> bool:
        """Whether building the page again would give the same tables.

        True when every table took as ``known`` exactly the cells whose children
        another table of this build prints (what the next build would give it;
        the cells the table was given as known are left out of both).
        """
        printed = self.printed_groups()
        for table, (asked, members) in self.asked.items():
            others = {group for group, tables in printed.items() if tables - {table}}
            if frozenset(cell for cell, group in members.items() if group in others) != asked:
                return False
        return True

    def printed_copies(self) -> dict[frozenset[str], list[Cell]]:
        """Each group of children the page prints as a count, with every printed cell that counts it
        (in the order of their tables, rows and columns)."""
        out: dict[frozenset[str], list[Cell]] = {}
        for c in sorted(self.cells.values(), key=lambda c: c.where):
            if not c.hidden:
                out.setdefault(c.members, []).append(c)
        return out

    def printed_groups(self) -> dict[frozenset[str], set[str]]:
        """Each group of children the page prints as a count, with the tables that print it."""
        return {group: {c.table for c in cells} for group, cells in self.printed_copies().items()}

    def hidden_for(self, table: str) -> set[tuple[str, str]]:
        """The cells ``table`` must hide for the page's sake (give them to ``suppress(hide=...)``)."""
        return set(self.hide.get(table, set()))

    def register(self, table: str, cells: Mapping[tuple[str, str], frozenset[str]],
                 hidden: Mapping[tuple[str, str], bool], *, cost: Mapping[tuple[str, str], float] | None = None,
                 hideable: bool = True, labels: Mapping[tuple[str, str], str] | None = None) -> None:
        """Record a table's printed cells: which children each counts, and whether it is hidden.

        A table registered again under the same key (the same table printed in
        two sections) replaces the first registration: it is the same table.
        """
        for old in [k for k in self.cells if k[0] == table]:
            del self.cells[old]
        for (row, column), members in cells.items():
            self.cells[(table, str(row), str(column))] = Cell(
                table, str(row), str(column), frozenset(members), bool(hidden.get((row, column), False)),
                float((cost or {}).get((row, column), 0.0)), hideable,
                str((labels or {}).get((row, column), POPULATION)))

    # -- the attack ------------------------------------------------------------------------------

    def printed_elsewhere(self, table: str) -> set[frozenset[str]]:
        """The groups of children other tables of the page print (this build, and the build before it)."""
        return {c.members for c in self.cells.values() if not c.hidden and c.table != table} | {
            members for members, tables in self.seen.items() if tables - {table}}

    def exposures(self) -> list[Exposure]:
        """Every count a reader of the whole page can work out that must not be known, in a stable order.

        Two ways, between tables (each table's own sums are proved by
        :func:`cpanalysis.protect.suppress`): a hidden count whose children
        another table prints as one of its counts (a small one is disclosed;
        a larger one, hidden to protect a small one, protects nothing); and the gap between two
        printed groups, one inside the other (``A`` contains ``B``: ``A - B``
        children), of 1 to ``threshold - 1`` children, where a reader knows
        the one lies inside the other: anything inside a population (pupils
        meeting a standard among the year group; a percentage's base inside
        the year group), an outcome inside the same outcome of a larger group,
        or an outcome inside another that contains it by definition
        (``nested``). Two outcomes that happen to nest (every pupil who met
        maths also met writing) tell a reader nothing.
        """
        cells = sorted(self.cells.values(), key=lambda c: c.where)
        first = {group: copies[0] for group, copies in self.printed_copies().items()}
        out = []
        for h in cells:
            value = len(h.members)
            # A hidden count another table prints: small, it is disclosed; larger, it was hidden to
            # protect a small one of its table and protects nothing.
            if h.hidden and value >= 1 and h.members in first:
                copy = first[h.members]
                out.append(Exposure(f"{h.table}, {h.row}, {h.column} (hidden) is printed as {copy.table}, "
                                    f"{copy.row}, {copy.column}", value, (h, copy)))
        groups = sorted(first.values(), key=lambda c: (len(c.members), c.where))
        gaps: set[frozenset[str]] = set()
        for i, inner in enumerate(groups):
            for outer in groups[i + 1:]:
                gap = len(outer.members) - len(inner.members)
                if gap >= self.policy.threshold:
                    break  # sorted by size: every later group is larger still
                if gap < 1 or not self._known_nesting(outer, inner) or not inner.members < outer.members:
                    continue
                rest = outer.members - inner.members
                if rest in gaps:
                    continue
                gaps.add(rest)
                out.append(Exposure(f"{outer.table}, {outer.row}, {outer.column} less {inner.table}, {inner.row}, "
                                    f"{inner.column}", gap, (outer, inner)))
        return out

    def _known_nesting(self, outer: Cell, inner: Cell) -> bool:
        return (outer.label == POPULATION or outer.label == inner.label
                or (outer.label, inner.label) in self.nested)

    # -- the repair ------------------------------------------------------------------------------

    def repair(self, exposed: list[Exposure], before: frozenset[str] = frozenset()) -> bool:
        """Choose more cells to hide for the exposed counts; False when none can be hidden.

        A small hidden count printed by another table: every printed copy is
        hidden. A larger one (hidden to protect a small count of its table):
        built again, the table knows the copy and hides another cell instead
        (:func:`protect_table`); only when it is still exposed after that
        (``before``: the exposures of the build before) are its copies hidden.
        A gap between nested printed groups: the inner or the outer group is
        hidden, in every table that prints it, whichever costs the reader less
        (the sum of its copies' ``cost``; the inner on a tie), so that the gap
        is no longer the difference of two printed counts.
        """
        copies = self.printed_copies()
        changed = False
        for e in exposed:
            if e.cells[0].hidden and e.value >= self.policy.threshold and e.what not in before:
                continue
            options = [e.cells[1].members] if e.cells[0].hidden else [e.cells[1].members, e.cells[0].members]
            if any(all((c.row, c.column) in self.hide.get(c.table, set()) for c in copies.get(group, []))
                   for group in options):
                continue  # already repaired by an earlier choice this round
            costs = []
            for group in options:
                cells = [c for c in copies.get(group, []) if (c.row, c.column) not in self.hide.get(c.table, set())]
                if cells and all(c.hideable for c in cells):
                    costs.append((sum(c.cost for c in cells), len(costs), cells))
            if not costs:
                continue
            for c in min(costs, key=lambda t: t[:2])[2]:
                self.hide.setdefault(c.table, set()).add((c.row, c.column))
            changed = True
        return changed


def active_ledger() -> Ledger | None:
    """The ledger of the page being built (:func:`protect_page`), or None outside one."""
    return _ACTIVE.get()


@contextmanager
def _building(ledger: Ledger) -> Iterator[None]:
    token = _ACTIVE.set(ledger)
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def protect_page(build: Callable[[], T], policy: DisclosurePolicy, *, nested: frozenset[tuple[str, str]] = frozenset(),
                 rounds: int = 12) -> tuple[T, Ledger]:
    """Build a page with its tables protected together (module docstring).

    ``build`` makes the whole page; every table it makes registers with the
    active ledger (:func:`active_ledger`) and hides the cells the ledger asks
    (:meth:`Ledger.hidden_for`). When the page as a whole exposes a count,
    :meth:`Ledger.repair` chooses more cells to hide and the page is built
    again, until nothing is exposed.

    ``nested``: outcomes a reader knows to lie inside others (:class:`Ledger`).

    Returns
    -------
    (object, Ledger)
        What ``build`` returned for the last build, and its ledger (``ledger.hide``:
        the cells hidden for the page's sake; ``ledger.exposures()`` is empty unless
        no cell could protect a count, which the run's audit then refuses).
    """
    hide: dict[str, set[tuple[str, str]]] = {}
    seen: dict[frozenset[str], set[str]] = {}
    before: frozenset[str] = frozenset()
    made: dict[tuple, Any] = {}  # tables already protected, by their counts and options: a page is built several times
    for _ in range(rounds):
        ledger = Ledger(policy, {k: set(v) for k, v in hide.items()}, seen, nested, made=made)
        with _building(ledger):
            page = build()
        exposed = ledger.exposures()
        printed = ledger.printed_groups()
        changed = ledger.repair(exposed, before) if exposed else False
        if not changed and (printed == seen or ledger.settled()) and {e.what for e in exposed} <= before:
            return page, ledger
        hide, seen, before = ledger.hide, printed, frozenset(e.what for e in exposed)
    return page, ledger


def protect_table(key: str, counts: "pd.DataFrame", members: Mapping[tuple[str, str], frozenset[str]], *,
                  policy: DisclosurePolicy, cost: Mapping[tuple[str, str], float] | None = None,
                  labels: Mapping[tuple[str, str], str] | None = None, whole_rows: bool = False,
                  **options: Any) -> "SuppressedTable":
    """:func:`cpanalysis.protect.suppress` a table of the page being built, and register it with the page's ledger.

    Outside :func:`protect_page` this is ``suppress(counts, policy=policy, cost=cost, **options)``.
    Inside, the table also hides the cells the page needs hidden
    (:meth:`Ledger.hidden_for`), takes as ``known`` every cell whose children
    another table of the page prints (hiding it would protect nothing), and
    registers its printed cells with the children each counts.

    Parameters
    ----------
    key : str
        The table's key on the page (the same table made twice has the same key).
    counts : pandas.DataFrame
        The counts, as for ``suppress``.
    members : mapping of (row, column) to frozenset of str
        The children each printed count counts, by (row, column) of the
        protected table, margins included; a cell not listed is not printed.
    policy : DisclosurePolicy
        The run's disclosure policy.
    cost : mapping of (row, column) to float, optional
        What hiding each cell costs the reader, for ``suppress`` and the ledger's repair.
    labels : mapping of (row, column) to str, optional
        The outcome each cell counts (default :data:`POPULATION`), see :class:`Cell`.
    whole_rows : bool, default False
        A cell the page needs hidden hides its whole row but the row's total
        (a subject's met, not met and did not take): the page knows bounds on
        a hidden count (met at least the pupils meeting all three subjects)
        that the table's own sums do not, and a row with one hidden part
        beside printed ones would keep it within them.
    **options
        Other arguments of ``suppress`` (``margins``, ``known``, ``total_label``, ...).
    """
    from ..errors import DisclosureError
    from .suppression import suppress

    ledger = active_ledger()
    if ledger is None:
        return suppress(counts, policy=policy, cost=cost, **options)
    elsewhere = ledger.printed_elsewhere(key)
    given = list(options.pop("known", ()))
    auto = sorted(cell for cell, group in members.items() if group in elsewhere and cell not in given)
    ledger.asked[key] = (frozenset(auto), {cell: group for cell, group in members.items() if cell not in given})
    known = given + auto
    hide = ledger.hidden_for(key)
    if whole_rows:
        hide |= {(row, column) for row, _ in hide for column in counts.columns}
    hide = sorted(hide)
    memo = (key, counts.to_json(orient="split"), tuple(hide), tuple(map(tuple, known)),
            tuple(sorted((cost or {}).items())), tuple(sorted((k, repr(v)) for k, v in options.items())))
    table = ledger.made.get(memo)
    if table is None:
        try:
            table = suppress(counts, policy=policy, cost=cost, hide=hide, known=known, **options)
        except DisclosureError:
            # Every cell that could protect a small one is printed elsewhere: protect the table on its own;
            # the cell it hides is printed elsewhere too, which the page's attack finds and has hidden there.
            table = suppress(counts, policy=policy, cost=cost, hide=hide, known=given, **options)
        ledger.made[memo] = table
    hidden = table.hidden
    ledger.register(key, members, {k: bool(hidden.loc[k[0], k[1]]) for k in members}, cost=cost, labels=labels)
    return table

"""Primary and secondary cell suppression of count tables.

Method
------
1. **Primary suppression** (DfE practice, DOMAIN.md section 6): every cell,
   totals included, with a count from 1 to ``threshold - 1`` is hidden.
2. **Attribute disclosure**: when a published line (row, column or group) of
   fewer than ``small_group`` children falls entirely in one cell, the zeros
   beside it say "none of them"; those zeros are hidden as primary cells
   ("0 of 6 passed" is as disclosive as "6 of 6 failed"). Zeros in an
   empty row or column (published total 0) are left shown: they are known.
3. **Secondary suppression**, a deterministic heuristic in the spirit of
   tau-Argus's "hypercube"/modular methods (Hundepool et al. 2012, section
   4.4; Repsilber 2002): while some published equation has exactly one
   hidden cell, hide one more cell of it, chosen by (a) how many new exposed
   lines it creates, (b) whether it is large enough to give the protection
   range, (c) its size, (d) its position (row-major; a table with column
   groups and no row groups is solved as its transpose, so that column
   groups mirror row groups exactly). Then the interval attack
   (:mod:`cpanalysis.protect.audit`) runs; for every cell it can still pin
   down, another cell of that cell's lines is hidden, and so on. Finally a
   greedy clean-up releases secondary cells one at a time, largest first,
   whenever the attack shows they are not needed; it works block by block
   (connected components of hidden cells) on one warm-started LP model per
   block, with sparse witnesses, so it runs on large tables too. The result
   is 1-minimal: publishing any single secondary cell would expose a cell.
4. :func:`suppress` refuses (``DisclosureError``) to return a table that
   fails the audit.

Cells a reader has from another table (``known``: a total printed elsewhere)
are never chosen in step 3, since hiding them protects nothing, and the
attack counts them as published. ``cost`` ranks the cells step 3 may hide:
among cells that would protect a small one, the cheapest goes first, so a
caller can keep the cells a committee follows in view and hide those of
little use (with no costs, the choice is as described above).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cpanalysis.errors import DisclosureError, InputError

from .audit import AuditReport, _blocks, attack_report, block_bounds
from .equations import Equation, Margins, TableLayout, build_layout
from .policy import DEFAULT_POLICY, DisclosurePolicy
from .render import CONFIDENTIAL

__all__ = ["STATUSES", "SuppressedTable", "suppress"]

STATUSES = ("shown", "zero", "primary", "secondary")
_MAX_ROUNDS = 200


@dataclass(frozen=True)
class SuppressedTable:
    """A count table with the true values and a status per cell.

    Attributes
    ----------
    values : pandas.DataFrame
        True counts of every cell, margins and subtotals included.
    status : pandas.DataFrame
        ``"shown"``, ``"zero"`` (a true zero, shown as 0), ``"primary"`` or
        ``"secondary"`` (both hidden, shown as ``c``).
    policy : DisclosurePolicy
        The disclosure policy the table was protected under (its
        ``threshold`` and ``protection`` are read from it).
    equations : tuple of Equation
        The published sums the audit attacks.
    report : AuditReport
        The audit the table passed (``exact=False``: bounds are the widest
        witnessed, enough to prove protection; call :func:`audit` for the
        exact intervals).
    """

    values: pd.DataFrame
    status: pd.DataFrame
    policy: DisclosurePolicy
    equations: tuple[Equation, ...]
    report: AuditReport

    @property
    def threshold(self) -> int:
        """The primary threshold used (``policy.threshold``)."""
        return self.policy.threshold

    @property
    def protection(self) -> int:
        """The protection width every primary cell kept (``policy.width``)."""
        return self.policy.width

    @property
    def hidden(self) -> pd.DataFrame:
        """True where a cell is not published."""
        return self.status.isin(["primary", "secondary"])

    @property
    def n_primary(self) -> int:
        """Number of primary suppressions."""
        return int((self.status == "primary").to_numpy().sum())

    @property
    def n_secondary(self) -> int:
        """Number of secondary suppressions."""
        return int((self.status == "secondary").to_numpy().sum())

    def published(self) -> pd.DataFrame:
        """The table as published: counts, with ``c`` for hidden cells."""
        out = self.values.astype(object)
        return out.mask(self.hidden, CONFIDENTIAL)

    def percentages(self, axis: str = "rows", *, decimals: int = 0) -> pd.DataFrame:
        """Percentages of each row's (or column's) total, hidden where needed.

        A percentage is hidden (``c``) whenever its numerator or its
        denominator is hidden (DOMAIN.md section 6); percentages round half
        away from zero (DfE ``round_five_up``). The table must have margins.

        Parameters
        ----------
        axis : {"rows", "columns"}
            Percent of the row total (last column) or column total (last row).
        decimals : int
            Decimal places.
        """
        from .rounding import round_half_away

        vals = self.values.to_numpy(dtype=float)
        hid = self.hidden.to_numpy()
        if axis == "rows":
            den, den_hidden = vals[:, -1:], hid[:, -1:]
        elif axis == "columns":
            den, den_hidden = vals[-1:, :], hid[-1:, :]
        else:
            raise ValueError("axis must be 'rows' or 'columns'")
        out = np.empty(vals.shape, dtype=object)
        for (r, c), v in np.ndenumerate(vals):
            d = den[r, 0] if axis == "rows" else den[0, c]
            dh = den_hidden[r, 0] if axis == "rows" else den_hidden[0, c]
            if hid[r, c] or dh:
                out[r, c] = CONFIDENTIAL
            elif d == 0:
                out[r, c] = "z"
            else:
                out[r, c] = round_half_away(100.0 * v / d, decimals)
        return pd.DataFrame(out, index=self.values.index, columns=self.values.columns)

    def to_string(self) -> str:
        """Plain-text rendering of :meth:`published`."""
        return self.published().to_string()


class _State:
    """Book-keeping for the secondary-suppression heuristic."""

    def __init__(self, values: np.ndarray, equations: Sequence[Equation], hidden: np.ndarray,
                 blocked: np.ndarray | None = None, cost: np.ndarray | None = None) -> None:
        self.values = values
        # Cells a reader knows from elsewhere: hiding them protects nothing, so they are never chosen.
        self.blocked = np.zeros(values.size, dtype=bool) if blocked is None else blocked
        # What hiding a cell costs the reader (0: nothing said): cheaper cells are hidden first.
        self.cost = np.zeros(values.size) if cost is None else cost
        self.equations = equations
        self.hidden = hidden.copy()
        self.cell_eqs: list[list[int]] = [[] for _ in range(values.size)]
        for k, eq in enumerate(equations):
            for m in eq.members:
                self.cell_eqs[m].append(k)
        self.count = np.array([int(self.hidden[list(eq.members)].sum()) for eq in equations], dtype=np.int64)

    def set(self, cell: int, flag: bool) -> None:
        if self.hidden[cell] == flag:
            return
        self.hidden[cell] = flag
        for k in self.cell_eqs[cell]:
            self.count[k] += 1 if flag else -1

    def best(self, k: int, need: float) -> int | None:
        """Deterministic choice of the next cell to hide in equation ``k``."""
        best_key: tuple[float, ...] | None = None
        best_cell = None
        for c in self.equations[k].members:
            if self.hidden[c] or self.blocked[c]:
                continue
            v = int(self.values[c])
            others = [j for j in self.cell_eqs[c] if j != k]
            exposure = sum(1 for j in others if self.count[j] == 0) - sum(1 for j in others if self.count[j] == 1)
            key = (1 if v == 0 else 0, float(self.cost[c]), exposure, 0 if v >= need else 1, v, c)
            if best_key is None or key < best_key:
                best_key, best_cell = key, c
        return best_cell

    def widen(self, cell: int, need: float) -> int | None:
        """Next cell to hide for an exposed ``cell``: search its lines first,
        then lines reached through hidden cells (breadth first)."""
        seen_eqs: set[int] = set()
        frontier = [cell]
        seen_cells = {cell}
        while frontier:
            eqs = sorted({k for c in frontier for k in self.cell_eqs[c]} - seen_eqs, key=lambda k: (int(self.count[k]), k))
            for k in eqs:
                choice = self.best(k, need)
                if choice is not None:
                    return choice
            seen_eqs.update(eqs)
            nxt = []
            for k in eqs:
                for c in self.equations[k].members:
                    if self.hidden[c] and c not in seen_cells:
                        seen_cells.add(c)
                        nxt.append(c)
            frontier = nxt
        return None

    def close_lines(self, need: np.ndarray) -> list[int]:
        """Hide cells until no equation has exactly one hidden cell."""
        added: list[int] = []
        while True:
            single = np.flatnonzero(self.count == 1)
            if single.size == 0:
                return added
            k = int(single[0])
            lone = next(c for c in self.equations[k].members if self.hidden[c])
            cell = self.best(k, need[lone])
            if cell is None:  # a line of one cell, or every other cell of it known elsewhere
                raise DisclosureError("a hidden cell is the only unknown of a published sum; cannot protect it")
            self.set(cell, True)
            added.append(cell)


def _primary(values: np.ndarray, equations: Sequence[Equation], policy: DisclosurePolicy) -> np.ndarray:
    small_group = policy.small_group
    primary = (values >= 1) & (values < policy.threshold)
    # A zero inside a line whose published total is 0 is known anyway (an empty
    # row or column), so hiding it protects nothing.
    structural = np.zeros(values.size, dtype=bool)
    for eq in equations:
        if values[eq.total] == 0:
            structural[list(eq.parts)] = True
    for eq in equations:
        n = values[eq.total]
        parts = values[list(eq.parts)]
        if 1 <= n < small_group and len(parts) > 1 and (parts == n).any():
            zeros = [p for p, v in zip(eq.parts, parts) if v == 0 and not structural[p]]
            primary[zeros] = True
    return primary


def _release(state: _State, primary: np.ndarray, required: np.ndarray) -> None:
    """Publish again every secondary cell the interval attack shows is not needed.

    Greedy clean-up, block by block (connected components of hidden cells, so
    one block's LPs never see another's cells): secondary cells are tried
    largest first; a cell is released when no published sum is left with a
    single hidden cell and every remaining hidden cell of its block still has
    its required width. The block's LP model is built once: releasing a cell
    fixes its variable at the true value, witnesses (feasible tables) that
    agree with every released cell keep proving protection, and only cells
    they no longer cover get new LPs.
    """
    blocks, _ = _blocks(state.values.astype(float), state.hidden, state.equations)
    for cells, lp in blocks:
        local = {int(c): i for i, c in enumerate(cells)}
        need = required[cells]
        candidates = sorted((int(c) for c in cells if not primary[c]), key=lambda c: (-int(state.values[c]), c))
        for cell in candidates:
            if any(state.count[k] <= 2 for k in state.cell_eqs[cell]):
                continue
            j = local[cell]
            state.set(cell, False)
            lp.fix(j)
            # Cells sharing a sum with the released one are checked first: they
            # are the likeliest to be exposed.
            near = lp.neighbours(j)
            order = np.concatenate([np.flatnonzero(near), np.flatnonzero(~near)])
            _, _, ok = block_bounds(lp, need, ~lp.fixed, exact=False, stop_on_failure=True, order=order, sparse=True)
            if ok.all():
                lp.forget_invalid()
            else:
                lp.fix(j, False)
                state.set(cell, True)


def _pattern(layout: TableLayout, policy: DisclosurePolicy, prune: bool, known: np.ndarray | None = None,
             cost: np.ndarray | None = None, forced: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Primary and secondary suppression of one layout: flat status per cell, as published and as attacked.

    ``known`` cells (a reader has them from another table) are never chosen as
    secondary suppressions and count as published in the attack; a known cell
    that is itself small is still printed as ``c`` here (status ``primary`` in
    the first array, ``shown`` in the second). ``cost`` orders the choice of
    secondary cells (cheapest first). ``forced`` cells are hidden whatever
    their size (status ``secondary``: another table's protection needs them)
    and never released. Raises ``DisclosureError`` when the
    heuristic cannot protect the table. Ties are broken in row-major order
    (cells) and in the layout's order of equations, so the pattern depends on
    the table's orientation.
    """
    values = layout.values
    eqs = layout.equations
    protection = policy.width
    forced = np.zeros(values.size, dtype=bool) if forced is None else forced
    known = np.zeros(values.size, dtype=bool) if known is None else known & ~forced
    # A sum of one part prints the same number twice (a one-column table's row totals): knowing one is
    # knowing the other.
    copies = [(eq.total, eq.parts[0]) for eq in eqs if len(eq.parts) == 1]
    while copies:
        spread = [(a, b) for a, b in copies if known[a] != known[b]]
        if not spread:
            break
        for a, b in spread:
            known[a] = known[b] = True
    small = _primary(values, eqs, policy)
    primary = small & ~known
    need = np.where(primary, protection - np.minimum(values, protection - 1), 1.0)
    state = _State(values, eqs, primary | forced, blocked=known, cost=cost)
    state.close_lines(need)
    status = np.where(values == 0, "zero", "shown").astype(object)

    def current_status() -> np.ndarray:
        s = status.copy()
        s[state.hidden] = "secondary"
        s[primary] = "primary"
        return s.astype(str)

    index_of = {key: i for i, key in enumerate((r, c) for r in layout.frame.index for c in layout.frame.columns)}
    pending = state.hidden.copy()
    for _ in range(_MAX_ROUNDS):
        report = attack_report(layout.frame, current_status(), eqs, protection, exact=False, check=pending)
        if report.ok:
            break
        before = state.hidden.copy()
        failing = [index_of[(r, c)] for r, c in zip(report.failures["row"], report.failures["column"])]
        for cell in failing:
            choice = state.widen(cell, need[cell])
            if choice is not None:
                state.set(choice, True)
        state.close_lines(need)
        if (state.hidden == before).all():
            break
        pending = state.hidden & ~before
        pending[failing] = True
    if not report.ok:
        raise DisclosureError(f"could not protect the table: {len(report.failures)} cells remain exposed")

    if prune:
        _release(state, primary | forced, np.where(primary, float(protection), 1.0))
    attacked = current_status()
    shown = attacked.astype(object)
    shown[small & known] = "primary"
    return shown.astype(str), attacked


def _cell_options(frame: pd.DataFrame, known: Iterable[tuple[object, object]],
                  cost: Mapping[tuple[object, object], float] | None, hide: Iterable[tuple[object, object]] = (),
                  transposed: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``known``, ``cost`` and ``hide`` as flat arrays over ``frame`` (labels as (row, column) of the untransposed table)."""
    index_of = {key: i for i, key in enumerate((r, c) for r in frame.index for c in frame.columns)}

    def at(key: tuple[object, object]) -> int:
        r, c = key
        flat = index_of.get((c, r) if transposed else (r, c))
        if flat is None:
            raise InputError(f"suppress: no cell ({r!r}, {c!r}) in the table")
        return flat

    blocked = np.zeros(frame.size, dtype=bool)
    for key in known:
        blocked[at(key)] = True
    weights = np.zeros(frame.size)
    for key, w in (cost or {}).items():
        weights[at(key)] = float(w)
    forced = np.zeros(frame.size, dtype=bool)
    for key in hide:
        forced[at(key)] = True
    return blocked, weights, forced


def suppress(
    counts: pd.DataFrame,
    *,
    policy: DisclosurePolicy = DEFAULT_POLICY,
    margins: Margins = "add",
    row_groups: Mapping[str, Sequence[object]] | None = None,
    col_groups: Mapping[str, Sequence[object]] | None = None,
    total_label: str = "Total",
    prune: bool | None = None,
    known: Iterable[tuple[object, object]] = (),
    cost: Mapping[tuple[object, object], float] | None = None,
    hide: Iterable[tuple[object, object]] = (),
) -> SuppressedTable:
    """Suppress a count table so that no small count can be recovered.

    Implements DfE/GSS small-number suppression (primary: counts 1 to
    ``threshold - 1``; DOMAIN.md section 6), attribute-disclosure protection
    for 0%/100% of a small group, a deterministic secondary-suppression
    heuristic (Hundepool et al. 2012, *Statistical Disclosure Control*,
    section 4.4), and the tau-Argus interval attack as an audit
    (:func:`cpanalysis.protect.audit`), which it must pass.

    Parameters
    ----------
    counts : pandas.DataFrame
        Counts, rows and columns are categories.
    policy : DisclosurePolicy, default DEFAULT_POLICY
        The run's disclosure policy: counts from 1 to ``policy.threshold - 1``
        are primary suppressions; the intruder's interval for each primary
        cell must be at least ``policy.width`` wide; a line (row, column or
        group) with a total from 1 to ``policy.small_group - 1`` that falls
        wholly in one cell has its zeros hidden (attribute disclosure; 1
        switches this off). The default (DfE's rules) is for interactive
        use: code in this package always passes the run's policy.
    margins : {"add", "present", "none"}
        Add totals, use the last row/column as totals, or publish none.
    row_groups : mapping, optional
        Row hierarchy: subtotal rows (after the leaf rows, before the total
        row), each the sum of the listed rows.
    col_groups : mapping, optional
        Column hierarchy: subtotal columns (after the leaf columns, before
        the total column), each the sum of the listed columns. Both
        hierarchies may be given; a cell at a group row and a group column
        is then the sum over both, and every published sum (see
        :func:`~cpanalysis.protect.equations.build_layout`) is attacked.
    total_label : str
        Label of added totals.
    prune : bool, optional
        Release secondary cells, largest first, that the interval attack
        shows are not needed (default: on, whatever the table's size; False
        keeps the heuristic's pattern as it stands).
    known : iterable of (row, column), optional
        Cells a reader knows from another published table (a total printed
        elsewhere, a year group printed in its own key stage table). They are
        never hidden as secondary suppressions, since hiding them would
        protect nothing, and the attack counts them as published. A known cell
        that is itself small is still printed here as ``c``: that it is
        published elsewhere is the other table's problem. Labels are those of
        the full table (``total_label`` for margins).
    cost : mapping of (row, column) to float, optional
        What hiding a cell costs the reader (default 0 for every cell): among
        the cells that would protect a small one, the cheapest is hidden
        first, so headline cells (totals, the measures a committee follows)
        can be given a higher cost than cells of little use.
    hide : iterable of (row, column), optional
        Cells to hide whatever their size, because the protection of the
        whole publication needs them hidden (a cell that, beside another
        table, would give a small count back:
        :class:`cpanalysis.protect.ledger.Ledger`). They are hidden as
        secondary suppressions and protected like any other hidden cell.

    Returns
    -------
    SuppressedTable

    Raises
    ------
    cpanalysis.errors.InputError
        Negative, fractional or non-numeric counts, totals that do not add
        up, or a group that names an unknown row or column, lists one twice,
        or has the label of a row, column or total.
    cpanalysis.errors.DisclosureError
        If no protected pattern is found (never returns an unprotected table).

    Notes
    -----
    The secondary heuristic breaks ties by position (row-major), so its
    pattern is not in general the transpose of the pattern for the
    transposed table. A table with column groups and no row groups is
    therefore solved as its transpose with the groups on the rows: column
    groups give exactly the mirror image of the same hierarchy on rows. The
    returned equations and the proof of protection are those of the table as
    given.

    Examples
    --------
    >>> import pandas as pd
    >>> t = suppress(pd.DataFrame({"a": [2, 9], "b": [8, 7]}, index=["x", "y"]))
    >>> t.published().loc["x", "a"]
    'c'
    """
    if not isinstance(policy, DisclosurePolicy):
        raise TypeError(f"policy must be a DisclosurePolicy, not {type(policy).__name__}")
    layout = build_layout(
        counts, margins=margins, row_groups=row_groups, col_groups=col_groups, total_label=total_label
    )
    frame = layout.frame
    prune = prune is None or prune
    if col_groups and not row_groups:
        mirror = build_layout(counts.T, margins=margins, row_groups=col_groups, total_label=total_label)
        final, attacked = _pattern(mirror, policy, prune,
                                   *_cell_options(mirror.frame, known, cost, hide, transposed=True))
        final = final.reshape(mirror.frame.shape).T.ravel()
        attacked = attacked.reshape(mirror.frame.shape).T.ravel()
    else:
        final, attacked = _pattern(layout, policy, prune, *_cell_options(frame, known, cost, hide))
    # Proof of protection (witnessed bounds); audit(table) gives exact intervals.
    report = attack_report(frame, attacked, layout.equations, policy.width, exact=False)
    if not report.ok:  # pragma: no cover - the heuristic guarantees this
        raise DisclosureError("suppression failed its audit; refusing to return the table")
    return SuppressedTable(
        values=frame,
        status=pd.DataFrame(final.reshape(frame.shape), index=frame.index, columns=frame.columns),
        policy=policy,
        equations=layout.equations,
        report=report,
    )

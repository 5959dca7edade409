"""The interval attack: how well is each hidden cell protected?

Method
------
An intruder knows every published cell and every published sum
(:class:`~cpanalysis.protect.equations.Equation`) and that counts are
non-negative. For each hidden cell the attack solves two linear programmes,
minimise and maximise the cell subject to those equations with every hidden
cell in ``[0, inf)``, using :func:`scipy.optimize.linprog` with
``method="highs"``. This is the "interval attack" / "audit" of tau-Argus
(Hundepool et al. 2012, *Statistical Disclosure Control*, Wiley, section 4.3;
de Wolf, tau-Argus manual) and of R ``sdcTable``. For tables with margins and
nested subtotals on one axis the constraint matrix is totally unimodular, so
the linear bounds are the integer bounds; with groups on both axes (or
overlapping groups) it need not be, and the linear bounds are then outer
bounds of the integer ones (``docs/statistics.md``).

Protection rule (documented in ``docs/statistics.md``)
--------------------------------------------------------
* a **primary** (sensitive) cell is protected when its feasible interval has
  width ``upper - lower >= protection`` (the run's
  :attr:`DisclosurePolicy.width <cpanalysis.protect.policy.DisclosurePolicy.width>`,
  which is the threshold, 5, unless the policy sets ``protection``). Because
  ``lower >= 0``, an interval of width 5 always reaches 5 or more, so the cell
  is never pinned to a value below the threshold;
* every other hidden cell must not be recoverable: width ``>= 1``.

Speed: hidden cells are split into independent blocks (connected through
equations), equations with no hidden cell are dropped, each block's sparse
constraint matrix is handed to HiGHS once and every min/max LP only changes
the objective (warm-started primal simplex through scipy's bundled highspy
core; :func:`scipy.optimize.linprog` with ``method="highs"`` when that core
is absent). Every solution is remembered as a witness, so a cell whose
interval is already witnessed wide enough (or whose bound is already known to
be attained) needs no LP.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import linprog
from scipy.sparse import csc_array, csr_array, hstack

from .equations import Equation

try:  # HiGHS as bundled with scipy (>= 1.15); linprog(method="highs") otherwise.
    from scipy.optimize._highspy import _core as _highs_core
except ImportError:  # pragma: no cover - older scipy
    _highs_core = None

__all__ = ["AuditReport", "attack_report", "audit", "interval_attack"]

_TOL = 1e-7
_WITNESS_TOL = 1e-6


@dataclass(frozen=True)
class AuditReport:
    """Result of an interval attack on a suppressed table.

    Attributes
    ----------
    intervals : pandas.DataFrame
        One row per hidden cell: ``row``, ``column``, ``value`` (true),
        ``status``, ``lower``, ``upper``, ``width``, ``required`` and
        ``protected``. ``upper`` is ``inf`` when nothing bounds the cell.
    exact : bool
        True when every bound was solved for; False when the bounds are only
        the widest values witnessed (enough to prove protection).
    """

    intervals: pd.DataFrame
    exact: bool

    @property
    def ok(self) -> bool:
        """True when every hidden cell keeps its required protection."""
        return bool(self.intervals["protected"].all())

    @property
    def failures(self) -> pd.DataFrame:
        """Hidden cells that an intruder can pin down too closely."""
        return self.intervals.loc[~self.intervals["protected"]]

    def __bool__(self) -> bool:  # pragma: no cover - convenience
        return self.ok


def _components(n: int, rows: list[np.ndarray]) -> list[np.ndarray]:
    """Connected blocks of hidden cells (union-find over equations).

    Two hidden cells are in one block when a chain of published sums, each
    with at least one hidden cell, links them (the connected components of
    the bipartite graph of hidden cells and the sums containing them). Blocks
    are returned in order of their first cell.
    """
    parent = np.arange(n)

    def find(a: int) -> int:
        root = a
        while parent[root] != root:
            root = int(parent[root])
        while parent[a] != root:
            parent[a], a = root, int(parent[a])
        return root

    for cols in rows:
        first = find(int(cols[0]))
        for c in cols[1:]:
            other = find(int(c))
            if other != first:
                parent[other] = first
    roots = np.array([find(i) for i in range(n)], dtype=np.int64)
    _, first_of, inverse = np.unique(roots, return_index=True, return_inverse=True)
    order = np.argsort(first_of, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size)
    labels = rank[inverse]
    return [np.flatnonzero(labels == k) for k in range(order.size)]


def _reduced_system(
    values: np.ndarray, hidden: np.ndarray, equations: Sequence[Equation]
) -> tuple[np.ndarray, list[np.ndarray], list[np.ndarray], list[float]]:
    """Published sums rewritten over hidden cells only: ``sum(coef * x) = rhs``.

    Returns the hidden cells' flat indices and, per equation with a hidden
    cell, the hidden cells' local indices, their coefficients (+1 for the
    total, -1 for parts) and the right-hand side from the published cells.
    """
    hid = np.flatnonzero(hidden)
    local = -np.ones(values.size, dtype=np.int64)
    local[hid] = np.arange(hid.size)
    eq_cols: list[np.ndarray] = []
    eq_coef: list[np.ndarray] = []
    eq_rhs: list[float] = []
    for eq in equations:
        members = np.array(eq.members)
        mask = hidden[members]
        if not mask.any():
            continue
        coef = np.ones(members.size)
        coef[1:] = -1.0
        eq_cols.append(local[members[mask]])
        eq_coef.append(coef[mask])
        eq_rhs.append(float(-(coef[~mask] * values[members[~mask]]).sum()))
    return hid, eq_cols, eq_coef, eq_rhs


class _Model:
    """One LP ``min c @ x, A x = b, lo <= x <= hi`` kept between solves.

    With scipy's bundled highspy core the HiGHS object persists, so a change
    of costs or bounds restarts primal simplex from the last optimal basis;
    otherwise each solve is a fresh :func:`scipy.optimize.linprog` call
    (``method="highs"``).
    """

    def __init__(self, a_eq: csc_array, b_eq: np.ndarray, lo: np.ndarray, hi: np.ndarray, backend: str) -> None:
        self.a_eq = a_eq
        self.b_eq = b_eq
        self.lo = lo.astype(float)
        self.hi = hi.astype(float)
        self.c = np.zeros(a_eq.shape[1])
        self.start: object | None = None
        self.highs: object | None = None
        if backend != "linprog" and _highs_core is not None:
            try:
                self.highs = self._make_highs()
            except (AttributeError, TypeError, ValueError, RuntimeError):  # pragma: no cover - API drift
                if backend == "highspy":
                    raise
        elif backend == "highspy":  # pragma: no cover - older scipy
            raise RuntimeError("scipy's bundled highspy core is not available")

    def _make_highs(self) -> object:
        h = _highs_core
        highs = h._Highs()
        highs.setOptionValue("output_flag", False)
        highs.setOptionValue("presolve", "off")
        # After a change of objective the old basis is still primal feasible:
        # primal simplex continues from it.
        highs.setOptionValue("simplex_strategy", 4)
        lp = h.HighsLp()
        m, n = self.a_eq.shape
        lp.num_col_ = n
        lp.num_row_ = m
        lp.col_cost_ = self.c.copy()
        lp.col_lower_ = self.lo.copy()
        lp.col_upper_ = np.where(np.isinf(self.hi), h.kHighsInf, self.hi)
        lp.row_lower_ = self.b_eq.copy()
        lp.row_upper_ = self.b_eq.copy()
        lp.a_matrix_.format_ = h.MatrixFormat.kColwise
        lp.a_matrix_.num_col_ = n
        lp.a_matrix_.num_row_ = m
        lp.a_matrix_.start_ = self.a_eq.indptr.astype(np.int32)
        lp.a_matrix_.index_ = self.a_eq.indices.astype(np.int32)
        lp.a_matrix_.value_ = self.a_eq.data.astype(float)
        if highs.passModel(lp) == h.HighsStatus.kError:
            raise RuntimeError("HiGHS rejected the model")
        self.all = np.arange(n, dtype=np.int32)
        return highs

    def set_bounds(self, j: int, lo: float, hi: float) -> None:
        self.lo[j], self.hi[j] = lo, hi
        if self.highs is not None:
            self.highs.changeColBounds(int(j), float(lo), _highs_core.kHighsInf if np.isinf(hi) else float(hi))

    def set_costs(self, c: np.ndarray) -> None:
        self.c = np.asarray(c, dtype=float)
        if self.highs is not None:
            self.highs.changeColsCost(self.c.size, self.all, self.c)

    def set_cost(self, j: int, value: float) -> None:
        self.c[j] = value
        if self.highs is not None:
            self.highs.changeColCost(int(j), float(value))

    def save_basis(self) -> None:
        """Remember the current basis as the start of every later solve."""
        self.start = self.highs.getBasis() if self.highs is not None else None

    def solve(self) -> np.ndarray | None:
        """Optimal ``x``, or None when the objective is unbounded below."""
        if self.highs is not None:
            h = _highs_core
            if self.start is not None:
                self.highs.setBasis(self.start)
            self.highs.run()
            status = self.highs.getModelStatus()
            if status == h.HighsModelStatus.kOptimal:
                return np.asarray(self.highs.getSolution().col_value, dtype=float)
            if status == h.HighsModelStatus.kUnbounded:
                return None
            # Anything else (should not happen: the true table is feasible):
            # solve this one afresh through linprog.
            self.highs.clearSolver()
        res = linprog(self.c, A_eq=self.a_eq, b_eq=self.b_eq, bounds=np.column_stack([self.lo, self.hi]), method="highs")
        if res.status == 3:
            return None
        if res.status != 0:  # pragma: no cover - the true table is feasible
            raise RuntimeError(f"interval attack LP failed: {res.message}")
        return np.asarray(res.x, dtype=float)


class BlockLP:
    """The interval-attack LPs of one block of hidden cells.

    The feasible set is ``{x : A x = b, x >= 0}`` with ``x[j] = x_true[j]``
    for cells marked :meth:`fix`-ed (published again, e.g. while testing
    whether a secondary cell can be released). The constraint matrix is built
    once (sparse); each min/max LP only changes the objective, so HiGHS's
    primal simplex restarts from the previous optimal basis (a handful of
    pivots per LP). HiGHS is used through the ``highspy`` core bundled with
    scipy when present, else through :func:`scipy.optimize.linprog`
    (``method="highs"``); both are the same solver.

    Every solution found is kept as a *witness*: a table consistent with
    everything published, so the widest witnessed values are inner bounds of
    each cell's interval (a proof of protection without further LPs).
    :meth:`move` finds *sparse* witnesses (the cheapest change of the true
    table that moves one cell by a given amount), which stay valid when an
    unrelated cell is published.

    Parameters
    ----------
    a_eq : scipy.sparse array or array, shape (m, n)
        Coefficients of the published sums over the block's hidden cells.
    b_eq : numpy.ndarray, shape (m,)
        Right-hand sides (published values moved across).
    x_true : numpy.ndarray, shape (n,)
        True values (a feasible point).
    backend : {"auto", "highspy", "linprog"}
        Which interface to HiGHS to use.
    """

    def __init__(self, a_eq: object, b_eq: np.ndarray, x_true: np.ndarray, *, backend: str = "auto") -> None:
        if backend not in ("auto", "highspy", "linprog"):
            raise ValueError(f"backend must be 'auto', 'highspy' or 'linprog', not {backend!r}")
        self.a_eq = csc_array(a_eq)
        self.b_eq = np.asarray(b_eq, dtype=float)
        self.x_true = np.asarray(x_true, dtype=float)
        self.n = self.x_true.size
        self.fixed = np.zeros(self.n, dtype=bool)
        self.n_solves = 0
        self._backend = backend
        self._rows = csr_array(self.a_eq)
        self._pool = np.empty((8, self.n))
        self._k = 0
        self._plain = _Model(self.a_eq, self.b_eq, np.zeros(self.n), np.full(self.n, np.inf), backend)
        self._moves: _Model | None = None
        self.backend = "highspy" if self._plain.highs is not None else "linprog"

    # -- fixing cells ---------------------------------------------------
    def fix(self, j: int, flag: bool = True) -> None:
        """Publish (``flag=True``) or hide again local cell ``j``."""
        if self.fixed[j] == flag:
            return
        self.fixed[j] = flag
        v = self.x_true[j]
        self._plain.set_bounds(j, v if flag else 0.0, v if flag else np.inf)
        if self._moves is not None:
            self._moves.set_bounds(j, 0.0, 0.0 if flag else np.inf)
            self._moves.set_bounds(self.n + j, 0.0, 0.0 if flag else v)

    def forget_invalid(self) -> None:
        """Drop witnesses that no longer agree with the fixed cells."""
        kept = self._pool[: self._k][self._valid()]
        self._k = kept.shape[0]
        self._pool[: self._k] = kept

    # -- witnesses ------------------------------------------------------
    def _valid(self) -> np.ndarray:
        pool = self._pool[: self._k]
        if not self.fixed.any():
            return np.ones(self._k, dtype=bool)
        return (np.abs(pool[:, self.fixed] - self.x_true[self.fixed]) <= _WITNESS_TOL).all(axis=1)

    def _remember(self, x: np.ndarray) -> None:
        if self._k == self._pool.shape[0]:
            self._pool = np.concatenate([self._pool, np.empty_like(self._pool)])
        self._pool[self._k] = x
        self._k += 1

    def last_witness(self) -> np.ndarray:
        """The most recent witness."""
        return self._pool[self._k - 1]

    def witnessed(self) -> tuple[np.ndarray, np.ndarray]:
        """Smallest and largest value of each cell over valid witnesses."""
        pool = self._pool[: self._k][self._valid()]
        if pool.shape[0] == 0:
            return self.x_true.copy(), self.x_true.copy()
        return np.minimum(self.x_true, pool.min(axis=0)), np.maximum(self.x_true, pool.max(axis=0))

    def neighbours(self, j: int) -> np.ndarray:
        """Cells sharing a published sum with local cell ``j`` (boolean mask)."""
        col = self.a_eq.indices[self.a_eq.indptr[j] : self.a_eq.indptr[j + 1]]
        out = np.zeros(self.n, dtype=bool)
        for k in col:
            out[self._rows.indices[self._rows.indptr[k] : self._rows.indptr[k + 1]]] = True
        return out

    def trivial_upper(self) -> np.ndarray:
        """Upper bound of each cell from single sums whose unknowns share a sign."""
        ub = np.full(self.n, np.inf)
        rows = self._rows
        free = ~self.fixed
        for k in range(rows.shape[0]):
            cols = rows.indices[rows.indptr[k] : rows.indptr[k + 1]]
            coef = rows.data[rows.indptr[k] : rows.indptr[k + 1]]
            keep = free[cols]
            if not keep.any():
                continue
            sign = coef[keep]
            if (sign > 0).all() or (sign < 0).all():
                rhs = self.b_eq[k] - float((coef[~keep] * self.x_true[cols[~keep]]).sum())
                bound = rhs if sign[0] > 0 else -rhs
                ub[cols[keep]] = np.minimum(ub[cols[keep]], bound)
        return ub

    # -- solving ----------------------------------------------------------
    def solve(self, c: np.ndarray) -> tuple[float, np.ndarray | None]:
        """Minimise ``c @ x`` over the block; ``(-inf, None)`` when unbounded."""
        self.n_solves += 1
        c = np.asarray(c, dtype=float)
        self._plain.set_costs(c)
        x = self._plain.solve()
        if x is None:
            return -np.inf, None
        x = np.clip(x, 0.0, None)
        self._remember(x)
        return float(c @ x), x

    def move(self, i: int, up: bool, amount: float) -> float:
        """Witness moving cell ``i`` up (or down) by up to ``amount``.

        Solves ``min sum|x - x_true| - K * shift`` with ``x = x_true + p - m``
        (``p, m >= 0``, ``m <= x_true``, fixed cells ``p = m = 0``) and the
        shift ``p[i]`` (or ``m[i]``) capped at ``amount`` (the other of the
        two held at 0); ``K`` exceeds the
        cost of any cycle of changes, so the shift is as large as the cap
        allows while the rest of the table changes as little as possible.
        The witness is remembered; returns the shift achieved. (A witness is
        only an inner bound: :meth:`solve` gives the exact bound.)
        """
        n = self.n
        if self._moves is None:
            a_move = csc_array(hstack([self.a_eq, -self.a_eq]))
            hi = np.concatenate([np.where(self.fixed, 0.0, np.inf), np.where(self.fixed, 0.0, self.x_true)])
            self._moves = _Model(a_move, np.zeros(self.a_eq.shape[0]), np.zeros(2 * n), hi, self._backend)
            self._moves.set_costs(np.ones(2 * n))
            # Every move starts from the basis of "change nothing", so it
            # pivots only along the changes it needs.
            self._moves.solve()
            self._moves.save_basis()
        model = self._moves
        j, other = (i, n + i) if up else (n + i, i)
        old_hi, other_hi = model.hi[j], model.hi[other]
        model.set_bounds(j, 0.0, min(old_hi, float(amount)))
        model.set_bounds(other, 0.0, 0.0)  # p[i] and m[i] must not cancel out
        model.set_cost(j, -float(2 * n + 2))
        self.n_solves += 1
        z = model.solve()
        model.set_cost(j, 1.0)
        model.set_bounds(j, 0.0, old_hi)
        model.set_bounds(other, 0.0, other_hi)
        if z is None:  # pragma: no cover - the shift is capped, so bounded
            return 0.0
        x = np.clip(self.x_true + z[:n] - z[n:], 0.0, None)
        self._remember(x)
        return float(abs(x[i] - self.x_true[i]))


def _blocks(
    values: np.ndarray, hidden: np.ndarray, equations: Sequence[Equation], *, backend: str = "auto"
) -> tuple[list[tuple[np.ndarray, BlockLP]], np.ndarray]:
    """One :class:`BlockLP` per connected block of hidden cells.

    Returns ``(cells, lp)`` pairs (``cells``: flat indices of the block's
    hidden cells) and the hidden cells in no published sum (unbounded above,
    lower bound 0).
    """
    hid, eq_cols, eq_coef, eq_rhs = _reduced_system(values, hidden, equations)
    in_eq = np.zeros(hid.size, dtype=bool)
    cell_rows: list[list[int]] = [[] for _ in range(hid.size)]
    for k, cols in enumerate(eq_cols):
        in_eq[cols] = True
        for c in cols:
            cell_rows[int(c)].append(k)
    out = []
    for block in _components(hid.size, eq_cols) if eq_cols else []:
        if not in_eq[block].any():
            continue
        rows = sorted({k for c in block for k in cell_rows[int(c)]})
        pos = np.full(hid.size, -1, dtype=np.int64)
        pos[block] = np.arange(block.size)
        ri = np.concatenate([np.full(eq_cols[k].size, i) for i, k in enumerate(rows)])
        ci = np.concatenate([pos[eq_cols[k]] for k in rows])
        data = np.concatenate([eq_coef[k] for k in rows])
        a_eq = csc_array((data, (ri, ci)), shape=(len(rows), block.size))
        b_eq = np.array([eq_rhs[k] for k in rows])
        out.append((hid[block], BlockLP(a_eq, b_eq, values[hid[block]].astype(float), backend=backend)))
    return out, hid[~in_eq]


def block_bounds(
    lp: BlockLP,
    need: np.ndarray,
    todo: np.ndarray,
    *,
    exact: bool,
    stop_on_failure: bool = False,
    order: np.ndarray | None = None,
    sparse: bool = False,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Interval of each cell of one block: solved, or witnessed wide enough.

    Parameters
    ----------
    lp : BlockLP
    need : numpy.ndarray
        Width each cell needs (used when ``exact`` is False).
    todo : numpy.ndarray of bool
        Cells to bound; the others get their witnessed values.
    exact : bool
        Solve both bounds of every ``todo`` cell (the exact interval attack)
        or stop once a cell's witnessed width reaches ``need``.
    stop_on_failure : bool
        Return as soon as one cell is proved exposed (only with ``exact``
        False; cells not reached then count as protected only if their
        witnessed width already suffices).
    order : numpy.ndarray, optional
        Order in which cells are solved for (default: by position).
    sparse : bool
        With ``exact`` False, look for sparse witnesses first
        (:meth:`BlockLP.move`): they survive the publication of unrelated
        cells, so repeated checks of one block need few LPs.

    Returns
    -------
    lower, upper : numpy.ndarray
    protected : numpy.ndarray of bool
        ``upper - lower >= need``, where a witnessed interval counts as proof.
    """
    seen_lo, seen_hi = lp.witnessed()
    ub_cache: list[np.ndarray] = []
    todo = todo & ~lp.fixed
    lo = np.full(lp.n, np.nan)
    hi = np.full(lp.n, np.nan)

    def record(x: np.ndarray | None) -> None:
        if x is not None:
            np.minimum(seen_lo, x, out=seen_lo)
            np.maximum(seen_hi, x, out=seen_hi)

    def wide(i: int) -> bool:
        return bool(seen_hi[i] - seen_lo[i] >= need[i] - _TOL)

    open_cells = todo.copy() if exact else todo & (seen_hi - seen_lo < need - _TOL)
    if int(open_cells.sum()) > 8 and not (sparse and not exact):
        # Two aggregate LPs push many cells to their bounds at once.
        for sign in (1.0, -1.0):
            record(lp.solve(np.where(open_cells, sign, 0.0))[1])
    for i in np.flatnonzero(todo) if order is None else [int(i) for i in order if todo[i]]:
        if not exact and wide(i):
            continue
        if sparse and not exact:
            for up in (True, False):
                lp.move(i, up, float(need[i]))
                record(lp.last_witness())
                if wide(i):
                    break
            if wide(i):
                continue
        if not ub_cache:
            ub_cache.append(lp.trivial_upper())
        ub = ub_cache[0]
        if seen_hi[i] >= ub[i] - _TOL:
            hi[i] = ub[i]
        else:
            c = np.zeros(lp.n)
            c[i] = -1.0
            fun, x = lp.solve(c)
            hi[i] = -fun if x is not None else np.inf
            record(x)
        if not exact and wide(i):
            continue
        if seen_lo[i] <= _TOL:
            lo[i] = 0.0
        else:
            c = np.zeros(lp.n)
            c[i] = 1.0
            fun, x = lp.solve(c)
            lo[i] = fun
            record(x)
        if not exact and not wide(i) and stop_on_failure:
            break
    lower = np.where(np.isnan(lo), seen_lo, lo)
    upper = np.where(np.isnan(hi), seen_hi, hi)
    protected = (upper - lower >= need - _TOL) | ~todo
    return lower, upper, protected


def interval_attack(
    values: np.ndarray,
    hidden: np.ndarray,
    equations: Sequence[Equation],
    required: np.ndarray | None = None,
    *,
    exact: bool = True,
    check: np.ndarray | None = None,
    backend: str = "auto",
) -> tuple[np.ndarray, np.ndarray]:
    """Feasible interval of every hidden cell given what is published.

    Implements the interval attack of tau-Argus / sdcTable (Hundepool et al.
    2012, section 4.3): two LPs per hidden cell, solved with HiGHS, one
    sparse constraint matrix per connected block of hidden cells (cells in
    different blocks share no published sum, so their LPs are independent).

    Parameters
    ----------
    values : numpy.ndarray
        True value of every cell (flat).
    hidden : numpy.ndarray of bool
        Which cells are not published.
    equations : sequence of Equation
        Published sums ``total = sum(parts)``.
    required : numpy.ndarray, optional
        Width each cell needs. Only used when ``exact`` is False: cells whose
        witnessed interval is already this wide are not solved for.
    exact : bool
        Solve every bound (True) or stop once each cell is proved protected
        or proved exposed (False).
    check : numpy.ndarray of bool, optional
        Only these hidden cells need bounds (others get witnessed values).
        Hiding more cells only widens intervals, so cells already proved
        protected need not be checked again.
    backend : {"auto", "highspy", "linprog"}
        Interface to HiGHS (see :class:`BlockLP`); the bounds do not depend
        on it.

    Returns
    -------
    lower, upper : numpy.ndarray
        Bounds per cell (NaN for published cells; ``inf`` when unbounded).
    """
    values = np.asarray(values, dtype=float)
    hidden = np.asarray(hidden, dtype=bool)
    lower = np.full(values.size, np.nan)
    upper = np.full(values.size, np.nan)
    if not hidden.any():
        return lower, upper
    required = np.ones(values.size) if required is None else np.asarray(required, dtype=float)
    todo_all = hidden if check is None else hidden & np.asarray(check, dtype=bool)
    blocks, loose = _blocks(values, hidden, equations, backend=backend)
    lower[loose] = 0.0
    upper[loose] = np.inf
    for cells, lp in blocks:
        todo = todo_all[cells]
        if not todo.any():
            lower[cells] = upper[cells] = values[cells]
            continue
        lo, hi, _ = block_bounds(lp, required[cells], todo, exact=exact)
        lower[cells] = np.round(lo, 6)
        upper[cells] = np.where(np.isinf(hi), np.inf, np.round(hi, 6))
    return lower, upper


def attack_report(
    frame: pd.DataFrame,
    status: np.ndarray,
    equations: Sequence[Equation],
    protection: float,
    *,
    exact: bool = True,
    check: np.ndarray | None = None,
) -> AuditReport:
    """Run :func:`interval_attack` on a full table and tabulate the result.

    Parameters
    ----------
    frame : pandas.DataFrame
        True values of every published or hidden cell.
    status : numpy.ndarray of str
        Flat status per cell (``"primary"``, ``"secondary"`` hidden).
    equations : sequence of Equation
    protection : float
        Width a primary cell's interval needs.
    exact, check
        See :func:`interval_attack`. Unchecked cells are reported protected.
    """
    values = frame.to_numpy(dtype=np.int64).ravel()
    status = np.asarray(status)
    hidden = np.isin(status, ("primary", "secondary"))
    required = np.where(status == "primary", float(protection), 1.0)
    lower, upper = interval_attack(values, hidden, equations, required, exact=exact, check=check)
    ncol = frame.shape[1]
    hid = np.flatnonzero(hidden)
    width = upper[hid] - lower[hid]
    table = pd.DataFrame(
        {
            "row": [frame.index[i // ncol] for i in hid],
            "column": [frame.columns[i % ncol] for i in hid],
            "value": values[hid],
            "status": status[hid],
            "lower": lower[hid],
            "upper": upper[hid],
            "width": width,
            "required": required[hid],
            "protected": (width >= required[hid] - _TOL) | (False if check is None else ~np.asarray(check)[hid]),
        }
    )
    return AuditReport(intervals=table, exact=exact)


def audit(table: object, *, exact: bool = True) -> AuditReport:
    """Interval attack on a suppressed table: can any hidden cell be recovered?

    Method: for every hidden cell, the minimum and maximum over all
    non-negative tables consistent with every published cell and sum, by
    linear programming (:func:`scipy.optimize.linprog`, ``method="highs"``).
    This is the audit of tau-Argus and R ``sdcTable`` (Hundepool et al. 2012,
    *Statistical Disclosure Control*, section 4.3; DOMAIN.md section 6).

    Parameters
    ----------
    table : SuppressedTable
        The output of :func:`cpanalysis.protect.suppress` (or anything with
        ``values``, ``status``, ``equations`` and ``protection``). The width
        required of each primary cell is the table's ``protection``: the
        ``width`` of the policy it was suppressed under.
    exact : bool, default True
        Solve every bound. With False the bounds are the widest witnessed,
        which is enough to prove protection and much faster.

    Returns
    -------
    AuditReport
        ``report.ok`` is True when every primary cell's interval is at least
        ``protection`` wide and no hidden cell is recoverable.

    Examples
    --------
    >>> import pandas as pd
    >>> from cpanalysis.protect import suppress, audit
    >>> t = suppress(pd.DataFrame({"a": [2, 9], "b": [8, 7]}, index=["x", "y"]))
    >>> audit(t).ok
    True
    """
    frame = getattr(table, "values")
    status = getattr(table, "status").to_numpy(dtype=object).ravel().astype(str)
    return attack_report(frame, status, getattr(table, "equations"), getattr(table, "protection"), exact=exact)

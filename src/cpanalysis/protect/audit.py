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
nested subtotals the constraint matrix is totally unimodular, so the linear
bounds are the integer bounds.

Protection rule (documented in ``docs/statistics.md``)
--------------------------------------------------------
* a **primary** (sensitive) cell is protected when its feasible interval has
  width ``upper - lower >= protection`` (default: the threshold, 5). Because
  ``lower >= 0``, an interval of width 5 always reaches 5 or more, so the cell
  is never pinned to a value below the threshold;
* every other hidden cell must not be recoverable: width ``>= 1``.

Speed: hidden cells are split into independent blocks (connected through
equations), equations with no hidden cell are dropped, and every vertex the
solver returns is remembered, so a cell whose interval is already witnessed
wide enough (or whose bound is already known to be attained) needs no LP.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import linprog
from scipy.sparse import csr_array

from .equations import Equation

__all__ = ["AuditReport", "attack_report", "audit", "interval_attack"]

_TOL = 1e-7


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
    """Connected blocks of hidden cells (union-find over equations)."""
    parent = list(range(n))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for cols in rows:
        first = find(int(cols[0]))
        for c in cols[1:]:
            other = find(int(c))
            if other != first:
                parent[other] = first
    roots = np.array([find(i) for i in range(n)])
    return [np.flatnonzero(roots == r) for r in sorted(set(roots.tolist()), key=lambda r: int(np.argmax(roots == r)))]


def interval_attack(
    values: np.ndarray,
    hidden: np.ndarray,
    equations: Sequence[Equation],
    required: np.ndarray | None = None,
    *,
    exact: bool = True,
    check: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Feasible interval of every hidden cell given what is published.

    Implements the interval attack of tau-Argus / sdcTable (Hundepool et al.
    2012, section 4.3) with :func:`scipy.optimize.linprog` (HiGHS).

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

    Returns
    -------
    lower, upper : numpy.ndarray
        Bounds per cell (NaN for published cells; ``inf`` when unbounded).
    """
    values = np.asarray(values, dtype=float)
    hidden = np.asarray(hidden, dtype=bool)
    n_all = values.size
    lower = np.full(n_all, np.nan)
    upper = np.full(n_all, np.nan)
    hid = np.flatnonzero(hidden)
    if hid.size == 0:
        return lower, upper
    if required is None:
        required = np.ones(n_all)
    local = -np.ones(n_all, dtype=np.int64)
    local[hid] = np.arange(hid.size)

    # Reduced system over hidden cells: sum(coef * x) = rhs.
    eq_cols: list[np.ndarray] = []
    eq_coef: list[np.ndarray] = []
    eq_rhs: list[float] = []
    for eq in equations:
        members = np.array(eq.members)
        coef = np.ones(members.size)
        coef[1:] = -1.0
        mask = hidden[members]
        if not mask.any():
            continue
        eq_cols.append(local[members[mask]])
        eq_coef.append(coef[mask])
        eq_rhs.append(float(-(coef[~mask] * values[members[~mask]]).sum()))

    # Trivial upper bound from one equation whose hidden coefficients share a sign.
    ub = np.full(hid.size, np.inf)
    for cols, coef, rhs in zip(eq_cols, eq_coef, eq_rhs):
        if (coef > 0).all() or (coef < 0).all():
            bound = rhs if coef[0] > 0 else -rhs
            ub[cols] = np.minimum(ub[cols], bound)

    x_true = values[hid]
    lo = np.full(hid.size, np.nan)
    hi = np.full(hid.size, np.nan)
    need = np.asarray(required, dtype=float)[hid]
    unconstrained = np.ones(hid.size, dtype=bool)
    for cols in eq_cols:
        unconstrained[cols] = False
    lo[unconstrained] = 0.0
    hi[unconstrained] = np.inf

    cell_rows: list[list[int]] = [[] for _ in range(hid.size)]
    for k, cols in enumerate(eq_cols):
        for c in cols:
            cell_rows[int(c)].append(k)

    todo = np.ones(hid.size, dtype=bool) if check is None else np.asarray(check, dtype=bool)[hid]
    for block in _components(hid.size, eq_cols) if eq_cols else []:
        if unconstrained[block].all() or not todo[block].any():
            continue
        rows = sorted({k for c in block for k in cell_rows[int(c)]})
        pos = {int(c): i for i, c in enumerate(block)}
        data, ri, ci = [], [], []
        for i, k in enumerate(rows):
            for c, a in zip(eq_cols[k], eq_coef[k]):
                ri.append(i)
                ci.append(pos[int(c)])
                data.append(a)
        a_eq = csr_array((data, (ri, ci)), shape=(len(rows), block.size))
        b_eq = np.array([eq_rhs[k] for k in rows])
        seen_lo = x_true[block].copy()
        seen_hi = x_true[block].copy()
        b_ub = ub[block]
        lo_b = np.full(block.size, np.nan)
        hi_b = np.full(block.size, np.nan)

        def solve(c: np.ndarray) -> tuple[float, np.ndarray | None]:
            res = linprog(c, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs", options={"presolve": False})
            if res.status == 3:
                return -np.inf, None
            if res.status != 0:
                raise RuntimeError(f"interval attack LP failed: {res.message}")
            return float(res.fun), np.asarray(res.x)

        def record(x: np.ndarray | None) -> None:
            if x is not None:
                np.minimum(seen_lo, x, out=seen_lo)
                np.maximum(seen_hi, x, out=seen_hi)

        if int(todo[block].sum()) > 8:
            for sign in (-1.0, 1.0):
                _, x = solve(np.full(block.size, sign))
                record(x)
        for i in range(block.size):
            if not todo[block[i]]:
                continue
            if not exact and seen_hi[i] - seen_lo[i] >= need[block[i]] - _TOL:
                continue
            if seen_hi[i] >= b_ub[i] - _TOL:
                hi_b[i] = b_ub[i]
            else:
                c = np.zeros(block.size)
                c[i] = -1.0
                fun, x = solve(c)
                hi_b[i] = -fun if x is not None else np.inf
                record(x)
            if not exact and seen_hi[i] - seen_lo[i] >= need[block[i]] - _TOL:
                continue
            if seen_lo[i] <= _TOL:
                lo_b[i] = 0.0
            else:
                c = np.zeros(block.size)
                c[i] = 1.0
                fun, x = solve(c)
                lo_b[i] = fun
                record(x)
        lo[block] = np.where(np.isnan(lo_b), seen_lo, lo_b)
        hi[block] = np.where(np.isnan(hi_b), seen_hi, hi_b)
    lower[hid] = np.round(lo, 6)
    upper[hid] = np.where(np.isinf(hi), np.inf, np.round(hi, 6))
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
        ``values``, ``status``, ``equations`` and ``protection``).
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

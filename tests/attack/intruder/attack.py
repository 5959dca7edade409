"""The interval attack: minimise and maximise every count over everything published."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse import lil_matrix

from .model import Model

__all__ = ["Finding", "attack", "components"]

SMALL = range(1, 5)


@dataclass(frozen=True)
class Finding:
    """A count the intruder pins down: its feasible integer range [lo, hi] and how."""

    name: str
    where: str
    lo: int
    hi: int
    how: str

    @property
    def exact(self) -> bool:
        return self.lo == self.hi

    def __str__(self) -> str:
        rng = f"= {self.lo}" if self.exact else f"in {self.lo}..{self.hi}"
        return f"{self.where}: {rng} ({self.how})"


def components(model: Model) -> list[tuple[list[str], list[int]]]:
    """Variables split into groups that share no constraint, with each group's constraints."""
    parent = {v: v for v in model.vars}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for c in model.constraints:
        ks = list(c.coefs)
        for k in ks[1:]:
            a, b = find(ks[0]), find(k)
            if a != b:
                parent[a] = b
    groups: dict[str, list[str]] = {}
    for v in model.vars:
        groups.setdefault(find(v), []).append(v)
    cons: dict[str, list[int]] = {}
    for i, c in enumerate(model.constraints):
        cons.setdefault(find(next(iter(c.coefs))), []).append(i)
    return [(vs, cons.get(root, [])) for root, vs in groups.items()]


def _is_small_risk(lo: int, hi: int, protection: int) -> bool:
    """A range lying within 1..4, or narrower than the protection width and holding a value 1..4."""
    if hi < lo:
        return False
    holds_small = any(lo <= s <= hi for s in SMALL)
    return holds_small and ((lo >= 1 and hi <= 4) or (hi - lo) < protection)


def attack(model: Model, *, protection: int = 5, cap: float = 1e6) -> tuple[list[Finding], list[str]]:
    """Bound every unpublished or hidden count; return findings and infeasible groups.

    Each variable of a group is minimised and maximised with HiGHS over the group's
    constraints (integers relaxed); where an LP bound is fractional, or the LP range
    is a risk, the bound is confirmed with an integer program (``milp``).
    """
    findings: list[Finding] = []
    problems: list[str] = []
    for vs, idx in components(model):
        targets = [v for v in vs if model.vars[v].published is None or model.vars[v].published[0] != model.vars[v].published[1]]
        for v in vs:  # a count printed as 1-4 is itself a finding
            p = model.vars[v].published
            if p is not None and p[0] == p[1] and 1 <= p[0] <= 4:
                findings.append(Finding(v, model.vars[v].where, int(p[0]), int(p[0]), "printed as it is"))
        if not targets or not idx:
            continue
        col = {v: j for j, v in enumerate(vs)}
        A = lil_matrix((len(idx), len(vs)))
        lo = np.empty(len(idx))
        hi = np.empty(len(idx))
        for r, i in enumerate(idx):
            c = model.constraints[i]
            for k, a in c.coefs.items():
                A[r, col[k]] = a
            lo[r], hi[r] = c.lo, c.hi
        A = A.tocsr()
        a_ub = np.vstack if False else None
        # linprog wants A_ub x <= b_ub and A_eq x = b_eq
        eq = lo == hi
        ub_rows, ub_b = [], []
        fin_hi = np.isfinite(hi) & ~eq
        fin_lo = np.isfinite(lo) & ~eq
        from scipy.sparse import vstack

        parts = []
        if fin_hi.any():
            parts.append(A[fin_hi])
            ub_b.append(hi[fin_hi])
        if fin_lo.any():
            parts.append(-A[fin_lo])
            ub_b.append(-lo[fin_lo])
        A_ub = vstack(parts).tocsr() if parts else None
        b_ub = np.concatenate(ub_b) if ub_b else None
        A_eq = A[eq] if eq.any() else None
        b_eq = lo[eq] if eq.any() else None
        bounds = [(0, cap)] * len(vs)
        cons = LinearConstraint(A, lo, hi)
        integ = np.ones(len(vs))
        first = linprog(np.zeros(len(vs)), A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=b_eq, bounds=bounds, method="highs")
        if first.status != 0:
            problems.append(f"{len(vs)} counts from {model.vars[vs[0]].where!r}: {first.message}")
            continue
        for v in targets:
            c = np.zeros(len(vs))
            c[col[v]] = 1.0
            ends = []
            for sign in (1.0, -1.0):
                r = linprog(sign * c, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=b_eq, bounds=bounds, method="highs")
                ends.append(sign * r.fun if r.status == 0 else (0 if sign > 0 else cap))
            lp_lo, lp_hi = ends
            ilo, ihi = math.ceil(lp_lo - 1e-7), math.floor(lp_hi + 1e-7)
            fractional = abs(lp_lo - round(lp_lo)) > 1e-7 or abs(lp_hi - round(lp_hi)) > 1e-7
            if ihi >= cap - 1 or not (ilo <= 4 and ihi >= 1):
                continue
            if fractional or _is_small_risk(ilo, ihi, protection):
                got = []
                for sign in (1.0, -1.0):
                    r = milp(sign * c, constraints=cons, integrality=integ, bounds=Bounds(0, cap))
                    got.append(round(sign * r.fun) if r.status == 0 else None)
                if None in got:
                    continue
                ilo, ihi = got
            if _is_small_risk(ilo, ihi, protection):
                var = model.vars[v]
                how = "; ".join(sorted({model.constraints[i].why for i in idx if v in model.constraints[i].coefs}))
                findings.append(Finding(v, var.where, ilo, ihi, how))
    return findings, problems

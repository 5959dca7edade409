"""The interval attack: minimise and maximise every count over everything published."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse import lil_matrix, vstack

from .model import Model

__all__ = ["Finding", "attack", "components", "is_risk"]


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
    for child, src in model.positive_if:
        a, b = find(child), find(src)
        if a != b:
            parent[a] = b
    groups: dict[str, list[str]] = {}
    for v in model.vars:
        groups.setdefault(find(v), []).append(v)
    cons: dict[str, list[int]] = {}
    for i, c in enumerate(model.constraints):
        cons.setdefault(find(next(iter(c.coefs))), []).append(i)
    return [(vs, cons.get(root, [])) for root, vs in groups.items()]


def is_risk(lo: int, hi: int, *, threshold: int, protection: int) -> bool:
    """Whether a count's feasible range ``[lo, hi]`` discloses it.

    It does when the range lies within ``1 .. threshold - 1`` (the count is known
    to be small), or is narrower than ``protection`` and holds a small value.
    """
    small = range(1, threshold)
    if hi < lo or not any(lo <= s <= hi for s in small):
        return False
    return (lo >= 1 and hi <= threshold - 1) or (hi - lo) < protection


class _Group:
    """One group's constraints as HiGHS sees them; integer bounds of any variable on demand."""

    def __init__(self, model: Model, vs: list[str], idx: list[int], cap: float, small_max: int) -> None:
        #: largest small count (threshold - 1): a range reaching above it needs no integer check
        self.small_max = small_max
        # counts printed exactly are substituted, so the programs only carry the unknowns
        fixed: dict[str, float] = {}
        for i in idx:
            c = model.constraints[i]
            if len(c.coefs) == 1 and c.lo == c.hi:
                (k, a), = c.coefs.items()
                fixed[k] = c.lo / a
        self.fixed = fixed
        vs = [v for v in vs if v not in fixed] or vs[:1]
        self.vs, self.cap = vs, cap
        self.col = {v: j for j, v in enumerate(vs)}
        self.contradiction: str | None = None
        rows = []
        for i in idx:
            c = model.constraints[i]
            shift = sum(a * fixed[k] for k, a in c.coefs.items() if k in fixed and k not in self.col)
            rest = {k: a for k, a in c.coefs.items() if k in self.col}
            if not rest:
                if not (c.lo - 1e-6 <= shift <= c.hi + 1e-6):
                    self.contradiction = f"printed figures break: {c.why}"
                continue
            rows.append((rest, c.lo - shift, c.hi - shift))
        A = lil_matrix((max(len(rows), 1), len(vs)))
        lo = np.zeros(max(len(rows), 1))
        hi = np.zeros(max(len(rows), 1))
        for r, (rest, a_lo, a_hi) in enumerate(rows):
            for k, a in rest.items():
                A[r, self.col[k]] = a
            lo[r], hi[r] = a_lo, a_hi
        A = A.tocsr()
        eq = lo == hi
        parts, rhs = [], []
        if (np.isfinite(hi) & ~eq).any():
            parts.append(A[np.isfinite(hi) & ~eq])
            rhs.append(hi[np.isfinite(hi) & ~eq])
        if (np.isfinite(lo) & ~eq).any():
            parts.append(-A[np.isfinite(lo) & ~eq])
            rhs.append(-lo[np.isfinite(lo) & ~eq])
        self.lp = dict(
            A_ub=vstack(parts).tocsr() if parts else None,
            b_ub=np.concatenate(rhs) if rhs else None,
            A_eq=A[eq] if eq.any() else None,
            b_eq=lo[eq] if eq.any() else None,
            bounds=[(0, cap)] * len(vs),
            method="highs",
        )
        self.ip = dict(constraints=LinearConstraint(A, lo, hi), integrality=np.ones(len(vs)), bounds=Bounds(0, cap))
        self.cache: dict[str, tuple[int, int]] = {}
        # Every LP solution is a feasible point: the least and greatest value seen of each count
        # (witnesses) are inner bounds of its range, enough to clear it without solving for it.
        self.seen_lo = np.full(len(vs), np.inf)
        self.seen_hi = np.full(len(vs), -np.inf)

    def _witness(self, x: np.ndarray | None) -> None:
        if x is not None:
            np.minimum(self.seen_lo, x, out=self.seen_lo)
            np.maximum(self.seen_hi, x, out=self.seen_hi)

    def cleared(self, v: str, protection: int) -> bool:
        """Whether feasible points already seen show v's range is wide and reaches above the small counts."""
        if v in self.fixed or v not in self.col:
            return False
        j = self.col[v]
        lo, hi = self.seen_lo[j], self.seen_hi[j]
        # Only whole-number points count, as the LP bounds do in :meth:`int_bounds` (fractional ones go to MILP).
        if not (np.isfinite(lo) and np.isfinite(hi)) or abs(lo - round(lo)) > 1e-7 or abs(hi - round(hi)) > 1e-7:
            return False
        return bool(round(hi) - round(lo) >= protection and round(hi) > self.small_max)

    def feasible(self) -> str | None:
        if self.contradiction:
            return self.contradiction
        r = linprog(np.zeros(len(self.vs)), **self.lp)
        self._witness(r.x if r.status == 0 else None)
        return None if r.status == 0 else r.message

    def lp_bounds(self, v: str) -> tuple[float, float]:
        """LP minimum and maximum of v; the maximum is not sought when the minimum is above the small counts."""
        c = np.zeros(len(self.vs))
        c[self.col[v]] = 1.0
        r = linprog(c, **self.lp)
        self._witness(r.x if r.status == 0 else None)
        lo = r.fun if r.status == 0 else 0.0
        if lo > self.small_max + 1e-7:
            return lo, self.cap
        r = linprog(-c, **self.lp)
        self._witness(r.x if r.status == 0 else None)
        return lo, (-r.fun if r.status == 0 else self.cap)

    def int_bounds(self, v: str, *, confirm: bool) -> tuple[int, int]:
        """Integer range of v: the LP range rounded inwards, confirmed by MILP when asked or fractional."""
        if v in self.cache:
            return self.cache[v]
        if v in self.fixed:
            return round(self.fixed[v]), round(self.fixed[v])
        lo, hi = self.lp_bounds(v)
        ilo, ihi = math.ceil(lo - 1e-7), math.floor(hi + 1e-7)
        fractional = abs(lo - round(lo)) > 1e-7 or abs(hi - round(hi)) > 1e-7
        if (confirm or fractional) and ihi < self.cap - 1 and ilo <= self.small_max and ihi >= 1:
            c = np.zeros(len(self.vs))
            c[self.col[v]] = 1.0
            got = []
            for sign in (1.0, -1.0):
                r = milp(sign * c, **self.ip)
                got.append(round(sign * r.fun) if r.status == 0 else None)
            if None not in got:
                ilo, ihi = got
        self.cache[v] = (ilo, ihi)
        return ilo, ihi


def _contradicted_assumptions(model: Model, cap: float, threshold: int) -> set[str]:
    """Reasons of the assumptions that some group's published figures contradict."""
    out: set[str] = set()
    for vs, idx in components(model):
        whys = {model.constraints[i].why for i in idx if model.constraints[i].assumption}
        if not whys or _Group(model, vs, idx, cap, threshold - 1).feasible() is None:
            continue
        hard = [i for i in idx if not model.constraints[i].assumption]
        if _Group(model, vs, hard, cap, threshold - 1).feasible() is None:
            out |= whys
    return out


def attack(model: Model, *, threshold: int, protection: int, cap: float = 1e6) -> tuple[list[Finding], list[str]]:
    """Bound every hidden or implied count of children; return findings and contradictions.

    Each variable of a group is minimised and maximised with HiGHS over the group's
    constraints (integers relaxed); where an LP bound is fractional, or the range is a
    risk, the bounds are confirmed with an integer program (``milp``). A count that is
    at least one whenever another is (children who moved 3 or more times, whenever moves
    exceed twice the children who moved more than once) takes 1 as its lower bound then.
    """
    contradicted = _contradicted_assumptions(model, cap, threshold)
    model.dropped = sorted(contradicted)
    if contradicted:
        model = model.without(contradicted)
    findings: list[Finding] = []
    problems: list[str] = []
    positive = dict(model.positive_if)
    for vs, idx in components(model):
        for v in vs:  # a count printed as 1-4 is itself a finding
            p = model.vars[v].published
            if model.vars[v].children and p is not None and p[0] == p[1] and 1 <= p[0] <= threshold - 1:
                findings.append(Finding(v, model.vars[v].where, int(p[0]), int(p[0]), "printed as it is"))
        if not idx:
            continue
        g = _Group(model, vs, idx, cap, threshold - 1)
        bad = g.feasible()
        if bad is not None:
            problems.append(f"{len(vs)} counts around {model.vars[vs[0]].where!r} contradict each other: {bad}")
            continue
        for v in vs:
            var = model.vars[v]
            if not var.children or (var.published is not None and var.published[0] == var.published[1]):
                continue
            if v not in positive and g.cleared(v, protection):
                continue
            lo, hi = g.int_bounds(v, confirm=False)
            if v in positive and lo == 0:
                slo, _ = g.int_bounds(positive[v], confirm=True)
                lo = 1 if slo >= 1 else 0
            if hi >= cap - 1 or not is_risk(lo, hi, threshold=threshold, protection=protection):
                continue
            g.cache.pop(v, None)
            lo, hi = g.int_bounds(v, confirm=True)
            if v in positive and lo == 0:
                lo = 1 if g.int_bounds(positive[v], confirm=True)[0] >= 1 else 0
            if is_risk(lo, hi, threshold=threshold, protection=protection):
                how = "; ".join(sorted({model.constraints[i].why for i in idx if v in model.constraints[i].coefs}))
                if v in positive:
                    how += f"; at least one whenever {model.vars[positive[v]].where} is"
                findings.append(Finding(v, var.where, lo, hi, how))
    return findings, problems

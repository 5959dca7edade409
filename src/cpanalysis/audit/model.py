"""Integer variables (counts of children) and the linear constraints a reader can justify."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Constraint", "Model", "Var"]


@dataclass
class Var:
    """A count a reader reasons about: ``where`` says where it is printed (or how it is implied)."""

    name: str
    where: str
    hidden: bool = False  # printed as c somewhere
    implied: bool = False  # never printed: a numerator behind a percentage, a remainder, an increment
    published: tuple[float, float] | None = None  # what a page prints for it, as an interval
    printed_at: list[str] = field(default_factory=list)
    children: bool = True  # a count of children (not of moves, rows or reviews)


@dataclass
class Constraint:
    """lo <= sum(coef * var) <= hi, with the reason a reader can give."""

    coefs: dict[str, float]
    lo: float
    hi: float
    why: str
    #: what the page's words say of the data rather than what holds by definition; dropped
    #: (everywhere) when the published figures contradict it
    assumption: bool = False


class Model:
    """Variables by name, constraints in order; every variable is an integer >= 0."""

    def __init__(self) -> None:
        self.vars: dict[str, Var] = {}
        self.constraints: list[Constraint] = []
        #: (child, source): child >= 1 whenever source >= 1 (and child <= source by a constraint)
        self.positive_if: list[tuple[str, str]] = []
        #: assumptions the published figures contradict (filled by the attack)
        self.dropped: list[str] = []

    def without(self, whys: set[str]) -> "Model":
        """The same model without the assumptions given (by their reason)."""
        m = Model()
        m.vars, m.positive_if, m.dropped = self.vars, self.positive_if, sorted(whys)
        m.constraints = [c for c in self.constraints if not (c.assumption and c.why in whys)]
        return m

    def var(self, name: str, where: str = "", **flags) -> str:
        v = self.vars.get(name)
        if v is None:
            v = self.vars[name] = Var(name, where or name)
        for k, val in flags.items():
            if val:
                setattr(v, k, val)
        return name

    def printed(self, name: str, where: str, lo: float, hi: float) -> None:
        """A page prints this count (exactly, or rounded to [lo, hi])."""
        v = self.vars[self.var(name, where)]
        v.printed_at.append(where)
        if v.published is None or (hi - lo) < (v.published[1] - v.published[0]):
            v.published = (lo, hi)
        self.add({name: 1.0}, lo, hi, f"printed: {where}")

    def add(self, coefs: dict[str, float], lo: float, hi: float, why: str, *, assumption: bool = False) -> None:
        merged: dict[str, float] = {}
        for k, c in coefs.items():
            self.var(k)
            merged[k] = merged.get(k, 0.0) + c
        merged = {k: c for k, c in merged.items() if c != 0}
        if merged:
            self.constraints.append(Constraint(merged, lo, hi, why, assumption))

    def equal(self, a: str, b: str, why: str) -> None:
        if a != b:
            self.add({a: 1.0, b: -1.0}, 0, 0, why)

    def sum_is(self, parts: list[str], whole: str, why: str) -> None:
        coefs = {p: 1.0 for p in parts}
        coefs[whole] = coefs.get(whole, 0.0) - 1.0
        self.add(coefs, 0, 0, why)

    def share(self, num: str, base: str, lo: float, hi: float, why: str) -> None:
        """num / base printed as a percentage in [lo, hi] (shares 0-1): lo*base <= num <= hi*base."""
        self.add({num: 1.0, base: -lo}, 0, float("inf"), why)
        self.add({num: 1.0, base: -hi}, float("-inf"), 0, why)
        self.add({base: 1.0, num: -1.0}, 0, float("inf"), why)

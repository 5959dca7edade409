"""What a reader knows from one printed cell."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Printed", "read"]


@dataclass(frozen=True)
class Printed:
    """kind: ``count`` (lo == hi unless rounded), ``pct`` (a percentage interval, in
    0-1 shares), ``hidden`` (c: withheld), ``none`` (x, z, blank, text: no information),
    ``number`` (a decimal that is not a count: averages, rates)."""

    kind: str
    lo: float = 0.0
    hi: float = 0.0
    text: str = ""

    @property
    def exact(self) -> bool:
        return self.kind == "count" and self.lo == self.hi


#: Rounding steps a rounded percentage may be printed at (percentage points), as the methodology page says.
_STEPS = (1, 5, 10)

_PCT = re.compile(r"^(about\s+)?(-?\d+(?:\.(\d+))?)\s*%(\s*u)?(\s+or (?:more|less))?$")
_INT = re.compile(r"^(about\s+)?(\d{1,3}(?:,\d{3})+|\d+)(\s*u)?$")
_DEC = re.compile(r"^-?\d+\.\d+(\s*u)?$")


def read(text: str) -> Printed:
    """Parse a printed cell: 'c', '1,186', '93.6%', 'about 95%', 'about 110', '47.1% u'."""
    s = text.strip()
    if s.lower() == "c":
        return Printed("hidden", text=s)
    m = _PCT.match(s)
    if m:
        value = float(m.group(2))
        decimals = len(m.group(3) or "")
        half = 0.5 * 10 ** -decimals
        lo, hi = value - half, value + half
        if m.group(1):
            # "about 95%": rounded to 1, 5 or 10 points (the step is not printed), and an end
            # bucket may stand for everything beyond it: read it as widely as any step allows
            half = 5.0 if value % 10 == 0 else 2.5 if value % 5 == 0 else 0.5
            lo, hi = value - half, value + half
            if value + 2 * half >= 100:
                hi = 100.0
            if value - 2 * half <= 0:
                lo = 0.0
        if m.group(5):
            # "99% or more" is the top bucket of a rounding step (1, 5 or 10 points: everything
            # rounding to 99 or above, 98.5% up) or a band (everything from the edge up: "80% or
            # more" of a year-to-date group). Read it as the widest of the meanings the words can
            # have, and no wider: a band edge is itself a bound.
            more = "more" in m.group(5)
            edge = value if more else 100 - value
            halves = [step / 2 for step in _STEPS if edge == 100 - step]
            slack = max(halves, default=0.0)
            lo, hi = (value - slack, 100.0) if more else (0.0, value + slack)
        return Printed("pct", max(0.0, lo) / 100, min(100.0, hi) / 100, s)
    m = _INT.match(s)
    if m:
        value = int(m.group(2).replace(",", ""))
        if m.group(1):  # "about 110": a group's size rounded to 10
            return Printed("count", max(0, value - 5), value + 5, s)
        return Printed("count", value, value, s)
    if _DEC.match(s):
        return Printed("number", float(s.split()[0]), float(s.split()[0]), s)
    return Printed("none", text=s)

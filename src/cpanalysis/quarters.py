"""Return years and financial quarters.

A return year runs 1 April to 31 March and is written ``2024-25``. Quarters are
financial: Q1 April-June, Q2 July-September, Q3 October-December, Q4
January-March, written ``2024-25 Q3`` (``2024-25-Q3`` is accepted on the command
line, where spaces are awkward).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .errors import InputError

__all__ = ["Quarter", "return_year_of"]

_QUARTER_RE = re.compile(r"^\s*(\d{4})-(\d{2})[\s_-]*Q([1-4])\s*$", re.IGNORECASE)
_END = {1: (0, 6, 30), 2: (0, 9, 30), 3: (0, 12, 31), 4: (1, 3, 31)}
_START = {1: (0, 4, 1), 2: (0, 7, 1), 3: (0, 10, 1), 4: (1, 1, 1)}


@dataclass(frozen=True, order=True)
class Quarter:
    """A financial quarter of a return year.

    Parameters
    ----------
    year : int
        The calendar year in which the return year starts (2024 for 2024-25).
    q : int
        Quarter number, 1-4.
    """

    year: int
    q: int

    @classmethod
    def parse(cls, text: str) -> "Quarter":
        """Read ``"2024-25 Q3"`` or ``"2024-25-Q3"``.

        Raises
        ------
        InputError
            If the text is not a quarter, or the two years do not follow on.
        """
        m = _QUARTER_RE.match(str(text))
        if not m:
            raise InputError(
                f"quarter {text!r} is not of the form '2024-25 Q3' (return year, then Q1-Q4)"
            )
        start, end2, q = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if (start + 1) % 100 != end2:
            raise InputError(f"quarter {text!r}: {start} is not followed by {end2:02d}")
        return cls(start, q)

    @property
    def return_year(self) -> str:
        """The return year label, e.g. ``"2024-25"``."""
        return f"{self.year}-{(self.year + 1) % 100:02d}"

    @property
    def label(self) -> str:
        """Display label, e.g. ``"2024-25 Q3"``."""
        return f"{self.return_year} Q{self.q}"

    @property
    def slug(self) -> str:
        """File-system label, e.g. ``"2024-25-Q3"``."""
        return f"{self.return_year}-Q{self.q}"

    @property
    def start(self) -> date:
        """First day of the quarter."""
        dy, m, d = _START[self.q]
        return date(self.year + dy, m, d)

    @property
    def end(self) -> date:
        """Last day of the quarter (the snapshot date)."""
        dy, m, d = _END[self.q]
        return date(self.year + dy, m, d)

    def shift(self, n: int) -> "Quarter":
        """The quarter ``n`` quarters later (earlier if negative)."""
        idx = self.year * 4 + (self.q - 1) + n
        return Quarter(idx // 4, idx % 4 + 1)

    def previous(self, n: int = 8) -> list["Quarter"]:
        """The last ``n`` quarters ending with this one, oldest first."""
        return [self.shift(-k) for k in range(n - 1, -1, -1)]

    def __str__(self) -> str:
        return self.label


def return_year_of(d: date) -> int:
    """The starting calendar year of the return year containing ``d``."""
    return d.year if d.month >= 4 else d.year - 1

"""What an intruder does with published figures: turn a printed percentage and base into counts.

Only published strings go in (``"46.2%"``, ``"106"``); the helpers return every
count consistent with them, as an intruder would list them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from cpanalysis.protect.rounding import round_half_away


def counts_for(percentage: str, base: int | str) -> set[int]:
    """Every k in 0..n whose percentage k/n prints as ``percentage`` (rounded half away from zero)."""
    n = int(str(base).replace(",", ""))
    m = re.fullmatch(r"\s*(\d+(?:\.(\d+))?)%(?:\s*u)?\s*", percentage)
    if m is None:
        raise ValueError(f"not a published percentage: {percentage!r}")
    decimals = len(m.group(2) or "")
    value = float(m.group(1))
    return {k for k in range(n + 1) if abs(round_half_away(100 * k / n, decimals) - value) < 1e-9}


def differences(a: Iterable[int], b: Iterable[int]) -> set[int]:
    """Every a - b for a in ``a`` and b in ``b``."""
    return {x - y for x in a for y in b}


def pinned_small(values: set[int], threshold: int = 5) -> bool:
    """Whether the values an intruder is left with lie wholly in 1..threshold-1 (a small count disclosed)."""
    return bool(values) and all(1 <= v < threshold for v in values)


def tables(page: str) -> dict[str, list[list[str]]]:
    """Every table in an HTML page or fragment, by caption: rows of cell texts (header row first)."""
    from html.parser import HTMLParser

    class _P(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.out: dict[str, list[list[str]]] = {}
            self.caption: str | None = None
            self.rows: list[list[str]] = []
            self.row: list[str] | None = None
            self.text: str | None = None
            self.in_caption = False

        def handle_starttag(self, tag, attrs):
            if tag == "table":
                self.caption, self.rows = "", []
            elif tag == "caption":
                self.in_caption = True
            elif tag == "tr":
                self.row = []
            elif tag in ("td", "th"):
                self.text = ""

        def handle_endtag(self, tag):
            if tag == "caption":
                self.in_caption = False
            elif tag in ("td", "th") and self.row is not None and self.text is not None:
                self.row.append(self.text.strip())
                self.text = None
            elif tag == "tr" and self.row is not None:
                self.rows.append(self.row)
                self.row = None
            elif tag == "table" and self.caption is not None:
                self.out[self.caption.strip()] = self.rows

        def handle_data(self, data):
            if self.in_caption and self.caption is not None:
                self.caption += data
            elif self.text is not None:
                self.text += data

    p = _P()
    p.feed(page)
    return p.out


def table(page: str, caption_start: str) -> list[list[str]]:
    """The one table whose caption starts with ``caption_start``."""
    found = [rows for cap, rows in tables(page).items() if cap.startswith(caption_start)]
    if len(found) != 1:
        raise LookupError(f"{len(found)} tables start {caption_start!r}")
    return found[0]

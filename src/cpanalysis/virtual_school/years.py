"""Academic years (1 September to 31 August) and school terms.

An academic year is named by its start year (``2024`` is ``"2024-25"``), the
same convention as return years (:mod:`cpanalysis.quarters`). Results of an
academic year are final once it has ended on 31 August; the Virtual School
annual report covers the latest complete one.
"""

from __future__ import annotations

import re
from datetime import date

from ..errors import InputError
from ..quarters import Quarter

__all__ = ["TERMS", "academic_year_label", "latest_complete_academic_year", "parse_academic_year",
           "term_bounds", "year_end_31_march"]

#: School terms, our own fixed dates (DOMAIN.md has none): autumn 1 September to
#: 31 December, spring 1 January to 31 March, summer 1 April to 31 August. Real
#: term dates vary by school and by Easter; the PEP checks only need a term to
#: be a fixed, documented window.
TERMS = ("autumn", "spring", "summer")


def academic_year_label(year: int) -> str:
    """``2024`` -> ``"2024-25"``."""
    return f"{year}-{(year + 1) % 100:02d}"


def parse_academic_year(text: str | int) -> int:
    """``"2024-25"``, ``"2024/25"``, ``"2024"`` or ``2024`` -> ``2024``.

    Raises
    ------
    InputError
        When the text is not an academic year.
    """
    if isinstance(text, int):
        return text
    m = re.fullmatch(r"\s*(\d{4})(?:\s*[-/]\s*(\d{2}|\d{4}))?\s*", str(text))
    if not m:
        raise InputError(f"{text!r} is not an academic year such as '2024-25'")
    start = int(m.group(1))
    if m.group(2) and int(m.group(2)) % 100 != (start + 1) % 100:
        raise InputError(f"{text!r}: the second year must follow the first")
    return start


def latest_complete_academic_year(quarter: Quarter | str, available: list[int] | None = None) -> int:
    """The latest academic year that had ended (31 August) by the end of ``quarter``.

    Parameters
    ----------
    quarter : Quarter or str
        e.g. ``"2025-26 Q3"`` (ends 31 December 2025): the answer is 2024 (2024-25).
    available : list of int, optional
        Academic years present in the data; the answer is the latest of these
        not after the calendar answer.

    Raises
    ------
    InputError
        When no available academic year had ended by then.

    Examples
    --------
    >>> latest_complete_academic_year("2025-26 Q3")
    2024
    >>> latest_complete_academic_year("2025-26 Q1")
    2023
    """
    q = Quarter.parse(quarter) if isinstance(quarter, str) else quarter
    end = q.end
    year = end.year - 1 if end >= date(end.year, 8, 31) else end.year - 2
    if available is not None:
        done = [y for y in available if y <= year]
        if not done:
            raise InputError(f"no academic year in the Virtual School data had ended by {q.label}")
        year = max(done)
    return year


def year_end_31_march(year: int) -> date:
    """31 March of academic year ``year`` (the DfE cohort date for its results)."""
    return date(year + 1, 3, 31)


def term_bounds(year: int, term: str) -> tuple[date, date]:
    """First and last day of a term of academic year ``year`` (see :data:`TERMS`)."""
    if term == "autumn":
        return date(year, 9, 1), date(year, 12, 31)
    if term == "spring":
        return date(year + 1, 1, 1), date(year + 1, 3, 31)
    if term == "summer":
        return date(year + 1, 4, 1), date(year + 1, 8, 31)
    raise InputError(f"term must be one of {', '.join(TERMS)}, not {term!r}")

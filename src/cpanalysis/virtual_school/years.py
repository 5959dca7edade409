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

__all__ = ["NO_ASSESSMENT", "TERMS", "academic_year_label", "briefing_years", "join_years", "latest_complete_academic_year",
           "no_assessment_note", "no_assessment_years", "parse_academic_year", "parse_academic_years",
           "term_bounds", "year_end_31_march", "years_label"]

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


def parse_academic_years(text: str | int, available: list[int] | None = None) -> list[int]:
    """One academic year or a span of pooled years, as start years, oldest first.

    ``"2023-24"`` -> ``[2023]``; ``"2021-22 to 2023-24"`` -> ``[2021, 2022, 2023]``;
    empty text -> the latest of ``available``.

    Parameters
    ----------
    text : str or int
        An academic year as :func:`parse_academic_year` reads it, or two joined
        by ``" to "``.
    available : list of int, optional
        Academic years in the data; required for empty text, and every year
        asked for must be among them.

    Raises
    ------
    InputError
        When the text is not a year or span, the span runs backwards, or a year
        is not in ``available``.

    Examples
    --------
    >>> parse_academic_years("2021-22 to 2023-24")
    [2021, 2022, 2023]
    """
    if isinstance(text, int):
        years = [text]
    elif not str(text).strip():
        if not available:
            raise InputError("no academic year given and none in the data")
        years = [max(available)]
    else:
        parts = re.split(r"\s+to\s+", str(text).strip())
        if len(parts) > 2:
            raise InputError(f"{text!r}: give one academic year ('2023-24') or a span ('2021-22 to 2023-24')")
        first, last = parse_academic_year(parts[0]), parse_academic_year(parts[-1])
        if last < first:
            raise InputError(f"{text!r}: the span must run from the earlier year to the later")
        years = list(range(first, last + 1))
    if available is not None:
        missing = [y for y in years if y not in available]
        if missing:
            have = ", ".join(academic_year_label(y) for y in sorted(available)) or "none"
            raise InputError(f"academic year {', '.join(academic_year_label(y) for y in missing)} is not in "
                             f"the Virtual School data (years in the data: {have})")
    return years


def years_label(years: list[int]) -> str:
    """``[2023]`` -> ``"2023-24"``; ``[2021, 2022, 2023]`` -> ``"2021-22 to 2023-24 pooled"``."""
    if len(years) == 1:
        return academic_year_label(years[0])
    return f"{academic_year_label(years[0])} to {academic_year_label(years[-1])} pooled"


def join_years(years: list[int]) -> str:
    """``[2019, 2020]`` -> ``"2019-20 and 2020-21"`` (labels joined in words)."""
    labels = [academic_year_label(y) for y in sorted(years)]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


#: Academic years with no assessment, by key stage (and Progress 8, which has its own gaps),
#: with the reason. Sources: DfE "Key stage 2 attainment" and "Key stage 4 performance"
#: releases (no tests or exams in 2019-20 and 2020-21, COVID-19); Progress 8 not calculated
#: for 2019-20 and 2020-21 (no exams) nor for 2024-25 and 2025-26 (their pupils had no key
#: stage 2 tests); key stage 1 assessment optional from 2023-24.
NO_ASSESSMENT: dict[str, dict[int, str]] = {
    "EYFS": {2019: "covid", 2020: "covid"},
    "KS1": {2019: "covid", 2020: "covid", **{y: "optional" for y in range(2023, 2100)}},
    "KS2": {2019: "covid", 2020: "covid"},
    "KS4": {2019: "covid-grades", 2020: "covid-grades"},
    "p8": {2019: "covid", 2020: "covid", 2024: "no-baseline", 2025: "no-baseline"},
}

_REASONS = {
    "covid": "no assessments were held in {years} (COVID-19)",
    "covid-grades": ("no exams were held in {years} (COVID-19): grades were awarded by schools (centre- and "
                     "teacher-assessed) and are not comparable with other years"),
    "optional": ("key stage 1 assessments have been optional since 2023-24, so results for {years} may be "
                 "missing or incomplete"),
    "no-baseline": ("Progress 8 was not calculated for {years}: these pupils had no key stage 2 tests "
                    "(COVID-19)"),
}


def no_assessment_note(stage: str, years: list[int], measure: str | None = None) -> str:
    """Why some of ``years`` have no (or no comparable) results for a key stage, in a sentence.

    Empty when every year had its usual assessment.

    Examples
    --------
    >>> no_assessment_note("KS2", [2018, 2019, 2020, 2021])
    'No assessments were held in 2019-20 and 2020-21 (COVID-19).'
    """
    table = NO_ASSESSMENT.get(measure or "", NO_ASSESSMENT.get(stage, {}))
    by_reason: dict[str, list[int]] = {}
    for y in years:
        if y in table:
            by_reason.setdefault(table[y], []).append(y)
    out = []
    for reason, ys in by_reason.items():
        text = _REASONS[reason].format(years=join_years(ys))
        out.append(text[:1].upper() + text[1:] + ".")
    return " ".join(out)


def no_assessment_years(stage: str, measure: str | None = None) -> set[int]:
    """Academic years in which no assessment of ``stage`` (or ``measure``) was held at all."""
    table = NO_ASSESSMENT.get(measure or "", NO_ASSESSMENT.get(stage, {}))
    return {y for y, r in table.items() if r != "covid-grades"}


def briefing_years(quarter: Quarter | str, available: list[int] | None, pool_years: int) -> tuple[int, list[int], list[int]]:
    """The annual briefing's academic years: the one reported, all up to it, and those pooled.

    Parameters
    ----------
    quarter : Quarter or str
        The run's quarter.
    available : list of int or None
        Academic years in the extract; None when no extract was supplied (the
        calendar answer of :func:`latest_complete_academic_year` is used).
    pool_years : int
        How many years, ending with the one reported, to pool for comparisons
        too small in one year.

    Returns
    -------
    (int, list of int, list of int)
        The year reported, every available year up to it, the pooled years.

    Examples
    --------
    >>> briefing_years("2025-26 Q3", [2021, 2022, 2023, 2024], 3)
    (2024, [2021, 2022, 2023, 2024], [2022, 2023, 2024])
    """
    if pool_years < 1:
        raise InputError(f"pool_years must be at least 1, not {pool_years}")
    year = latest_complete_academic_year(quarter, available)
    years = [y for y in (available if available is not None else [year]) if y <= year]
    return year, years, years[-pool_years:]

"""Parse SSDA903 ``dd/mm/YYYY`` dates, column at a time, with arrow.

The fast path is :func:`pyarrow.compute.strptime` on every value that looks
exactly like ``dd/mm/YYYY``; arrow rolls impossible days over (31/02 becomes
02/03), so the parsed day is compared with the written one. The few values
left are handled one by one:

* ``ZZ/mm/YYYY`` (unknown day) - the 15th is assumed; ``ZZ/ZZ/YYYY`` - 1 July is
  assumed. Warning ``DATE_UNKNOWN_PART``. (Our choice: the middle of the
  unknown span keeps the expected error smallest.)
* ``d/m/YYYY`` (no leading zeros) - read silently.
* ``YYYY-mm-dd``, ``dd/mm/YYYY 00:00[:00]``, ``dd-mm-YYYY`` - what a spreadsheet
  writes back; unambiguous, read as written. Warning ``DATE_REFORMATTED``.
* a whole number from 1 to 80000 - a spreadsheet serial day number (day 1 is
  01/01/1900 in Excel's 1900 system). Warning ``DATE_EXCEL_SERIAL``.
* ``dd/mm/yy`` (two-digit year, as some case systems and other projects'
  generators write) - read with a pivot: ``yy`` up to the current year's two
  digits plus one is 20yy, above it 19yy (in 2026: ``27`` is 2027, ``28`` is
  1928). Warning ``DATE_TWO_DIGIT_YEAR``. Day and month are still checked.
* anything else, including impossible dates - error ``DATE_INVALID``; the
  value becomes missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["DateIssues", "century_year", "parse_date_column", "parse_date_text"]

_FAST = r"^\d{2}/\d{2}/\d{4}$"
_DMY = re.compile(r"^(ZZ|\d{1,2})/(ZZ|\d{1,2})/(\d{4})$", re.IGNORECASE)
_DMY_TIME = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})[ T]0?0:00(:00)?$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})([ T]00:00(:00)?)?$")
_DASH = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$")
_SERIAL = re.compile(r"^\d{1,5}$")
_DMY2 = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2})$")
_EXCEL_EPOCH = date(1899, 12, 30)


@dataclass
class DateIssues:
    """Problems found while parsing one column.

    Attributes
    ----------
    positions : numpy.ndarray
        Row positions.
    values : numpy.ndarray
        The text as written.
    rules : numpy.ndarray
        Rule id per position (``DATE_INVALID``, ``DATE_UNKNOWN_PART``, ...).
    """

    positions: np.ndarray
    values: np.ndarray
    rules: np.ndarray


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def century_year(yy: int, today: date | None = None) -> int:
    """Four-digit year of a two-digit one: 20yy up to this year's two digits plus one, else 19yy.

    Examples
    --------
    >>> century_year(27, date(2026, 1, 1)), century_year(28, date(2026, 1, 1))
    (2027, 1928)
    """
    pivot = ((today or date.today()).year + 1) % 100
    return 2000 + yy if yy <= pivot else 1900 + yy


def parse_date_text(text: str) -> tuple[date | None, str | None]:
    """Parse one date written any way the module docstring allows.

    Returns
    -------
    tuple
        ``(date or None, rule id or None)``; the rule id names the warning or
        error raised (``None`` for a clean ``dd/mm/YYYY``).

    Examples
    --------
    >>> parse_date_text("ZZ/03/2021")
    (datetime.date(2021, 3, 15), 'DATE_UNKNOWN_PART')
    >>> parse_date_text("31/02/2021")
    (None, 'DATE_INVALID')
    """
    s = text.strip()
    m = _DMY.match(s)
    if m:
        d, mo, y = m.group(1).upper(), m.group(2).upper(), int(m.group(3))
        if d == "ZZ" and mo == "ZZ":
            return date(y, 7, 1), "DATE_UNKNOWN_PART"
        if mo == "ZZ":
            return None, "DATE_INVALID"
        if d == "ZZ":
            got = _safe_date(y, int(mo), 15)
            return (got, "DATE_UNKNOWN_PART") if got else (None, "DATE_INVALID")
        got = _safe_date(y, int(mo), int(d))
        return (got, None) if got else (None, "DATE_INVALID")
    for rx, order in ((_ISO, (1, 2, 3)), (_DMY_TIME, (3, 2, 1)), (_DASH, (3, 2, 1))):
        m = rx.match(s)
        if m:
            got = _safe_date(int(m.group(order[0])), int(m.group(order[1])), int(m.group(order[2])))
            return (got, "DATE_REFORMATTED") if got else (None, "DATE_INVALID")
    m = _DMY2.match(s)
    if m:
        got = _safe_date(century_year(int(m.group(3))), int(m.group(2)), int(m.group(1)))
        return (got, "DATE_TWO_DIGIT_YEAR") if got else (None, "DATE_INVALID")
    if _SERIAL.match(s) and 1 <= int(s) <= 80000:
        return _EXCEL_EPOCH + timedelta(days=int(s)), "DATE_EXCEL_SERIAL"
    return None, "DATE_INVALID"


def parse_date_column(values: pa.ChunkedArray | pa.Array) -> tuple[pd.Series, DateIssues]:
    """Parse a column of date text.

    Parameters
    ----------
    values : pyarrow array of string
        The column as read (blank cells null).

    Returns
    -------
    tuple
        ``(dates, issues)``: a ``datetime64[s]`` Series (missing where blank or
        invalid) and the :class:`DateIssues` found.
    """
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks() if values.num_chunks != 1 else values.chunk(0)
    values = values.cast(pa.string())
    fast = pc.fill_null(pc.match_substring_regex(values, _FAST), False)
    parsed = pc.strptime(values, format="%d/%m/%Y", unit="s", error_is_null=True)
    day_written = pc.cast(pc.utf8_slice_codeunits(pc.if_else(fast, values, "00"), 0, 2), pa.int64())
    good = pc.and_(fast, pc.fill_null(pc.equal(pc.day(parsed), day_written), False))
    result = pc.if_else(good, parsed, pa.scalar(None, pa.timestamp("s")))
    out = result.to_numpy(zero_copy_only=False).astype("datetime64[s]")
    todo = np.flatnonzero(~np.asarray(good.to_numpy(zero_copy_only=False)) &
                          ~np.asarray(pc.is_null(values).to_numpy(zero_copy_only=False)))
    pos, vals, rules = [], [], []
    if todo.size:
        texts = values.take(pa.array(todo)).to_pylist()
        for p, t in zip(todo.tolist(), texts):
            if t is None or not t.strip():
                continue
            got, rule = parse_date_text(t)
            if got is not None:
                out[p] = np.datetime64(got, "s")
            if rule is not None:
                pos.append(p)
                vals.append(t)
                rules.append(rule)
    issues = DateIssues(np.asarray(pos, dtype=np.int64), np.asarray(vals, dtype=object),
                        np.asarray(rules, dtype=object))
    return pd.Series(out), issues

"""Neutralise CSV cells a spreadsheet would run as a formula (CSV injection).

A cell written to a CSV file that starts with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return is taken by Excel, LibreOffice and Google Sheets as a
formula (``=cmd|' /C calc'!A0`` runs a program). Following OWASP's advice such
a text cell is written with a single quote in front (``'=cmd|...``), which a
spreadsheet shows as text. Numbers are left alone, including negative numbers
written as text (``-3``, ``-2.5``): only text that is not a number is changed.

Every writer of a CSV that holds values from the input (the validation report,
protected tables and their audits) passes its frame through
:func:`neutralise_frame` just before writing.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

__all__ = ["TRIGGERS", "neutralise", "neutralise_frame"]

#: First characters that make a spreadsheet read a cell as a formula.
TRIGGERS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def neutralise(value: object) -> object:
    """One cell, safe to write: text starting with a formula character gets a leading quote.

    Parameters
    ----------
    value : object
        A cell value; only ``str`` values are ever changed.

    Returns
    -------
    object
        ``value`` unchanged, or ``"'" + value`` for text that a spreadsheet
        would run as a formula.

    Examples
    --------
    >>> neutralise("=cmd|' /C calc'!A0")
    "'=cmd|' /C calc'!A0"
    >>> neutralise("-3"), neutralise(-3), neutralise("@SUM(A1)"), neutralise("E11")
    ('-3', -3, "'@SUM(A1)", 'E11')
    """
    if isinstance(value, str) and value.startswith(TRIGGERS) and not _NUMBER.match(value.strip()):
        return "'" + value
    return value


def neutralise_frame(frame: pd.DataFrame, index: bool = False) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells (and column names) are safe to write as CSV.

    Numeric columns are returned as they are; in text (object, string or
    categorical) columns each cell goes through :func:`neutralise` (a
    categorical column holding a formula-like category is written as text).

    Parameters
    ----------
    frame : pandas.DataFrame
        The table about to be written.
    index : bool, default False
        Also neutralise the index labels (for tables written with their index).

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> df = pd.DataFrame({"value": ["=1+1", "-2", "ok"], "n": [-1, 2, 3]})
    >>> neutralise_frame(df).values.tolist()
    [["'=1+1", -1], ['-2', 2], ['ok', 3]]
    """
    out = frame.copy()
    for c in out.columns:
        col = out[c]
        if isinstance(col.dtype, pd.CategoricalDtype):      # categories are text too: write them safely
            if not any(isinstance(v, str) and v.startswith(TRIGGERS) for v in col.cat.categories):
                continue
            col = out[c] = col.astype(object)
        if col.dtype == object or pd.api.types.is_string_dtype(col.dtype):
            vals = col.to_numpy(dtype=object)
            hit = np.fromiter((isinstance(v, str) and v.startswith(TRIGGERS) for v in vals), bool, len(vals))
            if hit.any():
                vals = vals.copy()
                vals[hit] = [neutralise(v) for v in vals[hit]]
                out[c] = pd.Series(vals, index=out.index, dtype=col.dtype if col.dtype != object else object)
    if not isinstance(out.columns, pd.MultiIndex):
        out.columns = [neutralise(c) for c in out.columns]
    if index and not isinstance(out.index, pd.MultiIndex):
        out.index = out.index.map(neutralise)
    return out

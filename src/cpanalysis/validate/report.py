"""The validation report: one row per problem, and the rows each table loses.

Columns, in order: ``file, row, CHILD, column, value, rule, severity, message``.
``row`` is the line number in the file (the header is line 1; for XML, the
position of the ``<CHILD>`` element); ``CHILD`` is the child id of the row
(blank for problems with a whole file). Problems are collected as vectorised
blocks (positions into a table frame) so a two-million-row return with many
problems stays fast; the report file keeps every row, the printed summary caps
examples.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .catalogue import ERROR, RULES

__all__ = ["REPORT_COLUMNS", "Report", "summary_text"]

#: Columns of the validation report, in order.
REPORT_COLUMNS: tuple[str, ...] = ("file", "row", "CHILD", "column", "value", "rule", "severity", "message")


def _as_text(values: pd.Series) -> np.ndarray:
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        out = values.dt.strftime("%d/%m/%Y")
    else:
        out = values.astype("string")
    return out.fillna("").to_numpy(dtype=object)


class Report:
    """Collects problems; knows which table rows are quarantined.

    Examples
    --------
    >>> r = Report()
    >>> r.add_file("episodes.csv", 7, "", "", "ROW_WRONG_FIELD_COUNT")
    >>> r.frame()[["row", "rule", "severity"]].values.tolist()
    [[7, 'ROW_WRONG_FIELD_COUNT', 'error']]
    """

    def __init__(self) -> None:
        self._parts: list[pd.DataFrame] = []
        self._errors: dict[str, list[np.ndarray]] = {}
        self._unread: dict[str, int] = {}

    def add_rows(
        self,
        table: str,
        frame: pd.DataFrame,
        positions: np.ndarray | Sequence[int],
        column: str,
        rule: str,
        values: pd.Series | np.ndarray | None = None,
        message: str | None = None,
    ) -> None:
        """Record one rule failing on some rows of a table frame.

        Parameters
        ----------
        table : str
            Canonical table name (errors quarantine rows of this table).
        frame : pandas.DataFrame
            The table, with ``SOURCE_FILE`` and ``SOURCE_ROW`` columns.
        positions : array of int
            Positions (``iloc``) of the failing rows.
        column : str
            The column at fault.
        rule : str
            A rule id from :data:`cpanalysis.validate.catalogue.RULES`.
        values : Series or array, optional
            The offending values as written; defaults to ``frame[column]``.
        message : str, optional
            Overrides the rule's message.
        """
        pos = np.asarray(positions, dtype=np.int64)
        if pos.size == 0:
            return
        r = RULES[rule]
        if values is None:
            vals = _as_text(frame[column].iloc[pos]) if column in frame else np.full(pos.size, "")
        elif isinstance(values, pd.Series):
            vals = _as_text(values)
        else:
            vals = np.asarray(values, dtype=object)
        part = pd.DataFrame({
            "file": frame["SOURCE_FILE"].iloc[pos].astype(str).to_numpy(dtype=object),
            "row": frame["SOURCE_ROW"].iloc[pos].to_numpy(dtype=np.int64),
            "CHILD": _as_text(frame["CHILD"].iloc[pos]) if "CHILD" in frame else "",
            "column": column,
            "value": vals,
            "rule": rule,
            "severity": r.severity,
            "message": message or r.message,
        })
        self._parts.append(part)
        if r.severity == ERROR:
            self._errors.setdefault(table, []).append(pos)

    def add_file(self, file: str, row: int, column: str, value: str, rule: str,
                 message: str | None = None, table: str | None = None, child: str = "") -> None:
        """Record a problem that is not tied to a row kept in a frame.

        With ``table`` and an error rule, the row counts as read but not
        accepted (a line that could not be read at all). ``child`` is the
        CHILD id of that line, where one could be made out.
        """
        r = RULES[rule]
        if table and r.severity == ERROR:
            self._unread[table] = self._unread.get(table, 0) + 1
        self._parts.append(pd.DataFrame({
            "file": [file], "row": [int(row)], "CHILD": [child], "column": [column], "value": [value],
            "rule": [rule], "severity": [r.severity], "message": [message or r.message],
        }))

    def extend(self, other: "Report") -> None:
        """Append every problem of ``other``."""
        self._parts.extend(other._parts)
        for t, n in other._unread.items():
            self._unread[t] = self._unread.get(t, 0) + n
        for t, v in other._errors.items():
            self._errors.setdefault(t, []).extend(v)

    def shift(self, offsets: dict[str, int]) -> None:
        """Add ``offsets[table]`` to the stored error positions of each table.

        Used when a table read on its own is appended after other rows.
        """
        for t, off in offsets.items():
            if t in self._errors and off:
                self._errors[t] = [p + off for p in self._errors[t]]

    def error_positions(self, table: str) -> np.ndarray:
        """Sorted unique positions of rows of ``table`` with at least one error."""
        parts = self._errors.get(table)
        if not parts:
            return np.empty(0, dtype=np.int64)
        return np.unique(np.concatenate(parts))

    def unread_rows(self, table: str) -> int:
        """Lines of ``table`` that could not be read (counted as quarantined)."""
        return self._unread.get(table, 0)

    def frame(self) -> pd.DataFrame:
        """All problems as one frame, in :data:`REPORT_COLUMNS` order."""
        if not self._parts:
            return pd.DataFrame({c: pd.Series(dtype=np.int64 if c == "row" else object)
                                 for c in REPORT_COLUMNS})
        out = pd.concat(self._parts, ignore_index=True)
        return out.loc[:, list(REPORT_COLUMNS)]

    def __len__(self) -> int:
        return sum(len(p) for p in self._parts)


def summary_text(report: pd.DataFrame, counts: pd.DataFrame, examples: int = 3) -> str:
    """The printed summary: rows per table, then problems per rule with a few examples.

    Parameters
    ----------
    report : pandas.DataFrame
        The full report (:meth:`Report.frame`).
    counts : pandas.DataFrame
        One row per table with ``table, read, accepted, quarantined``.
    examples : int
        Examples shown per rule (the report file keeps every row).
    """
    lines = ["Rows per table (read = accepted + quarantined):"]
    for rec in counts.itertuples(index=False):
        lines.append(f"  {rec.table:<16} read {rec.read:>9,}  accepted {rec.accepted:>9,}  "
                     f"quarantined {rec.quarantined:>7,}")
    if report.empty:
        lines.append("No problems found.")
        return "\n".join(lines)
    n_err = int((report["severity"] == ERROR).sum())
    lines.append(f"Problems: {n_err:,} errors, {len(report) - n_err:,} warnings.")
    grouped = report.groupby(["severity", "rule"], sort=True, observed=True)
    for (sev, rule), g in grouped:
        lines.append(f"  {sev:<7} {rule:<24} {len(g):>8,}  {RULES[rule].message}")
        for rec in g.head(examples).itertuples(index=False):
            child = f", CHILD {rec.CHILD}" if rec.CHILD else ""
            lines.append(f"           e.g. {rec.file} row {rec.row}{child}, {rec.column}={rec.value!r}")
    return "\n".join(lines)

"""Read one CSV table as text with pyarrow, then parse its dates.

Every column is read as a string (CHILD ids keep their leading zeros, codes stay
codes); blank cells are missing. Problems that make a file unusable raise
:class:`~cpanalysis.errors.InputError` (exit code 2): an empty file, a missing
required column, bytes that are not text. Problems with single rows go to the
validation report: a line with the wrong number of fields (for example a
truncated last line) is left out and reported; a file in Windows-1252 rather
than UTF-8 is read and reported once; a UTF-8 byte-order mark is ignored.
"""

from __future__ import annotations

import csv as _csv
import io
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from ..errors import InputError
from ..validate.report import Report
from .dates import parse_date_column
from .tables import TABLES

__all__ = ["frame_from_arrow", "read_csv_arrow", "read_csv_many", "read_csv_table", "table_to_frame"]

_BOM = b"\xef\xbb\xbf"


def _header_names(data: bytes, encoding: str) -> list[str]:
    end = data.find(b"\n")
    first = data[: end if end >= 0 else len(data)].decode(encoding, errors="replace")
    return next(_csv.reader([first.rstrip("\r")]), [])


def _decode_check(data: bytes, label: str) -> str:
    """Return the encoding to read with ('utf8' or 'cp1252'), or raise InputError."""
    if not data.strip():
        raise InputError(f"{label}: file is empty (expected a header row)")
    if b"\x00" in data[:65536]:
        raise InputError(f"{label}: not text (holds NUL bytes; save it as CSV UTF-8)")
    try:
        data.decode("utf-8")
        return "utf8"
    except UnicodeDecodeError:
        pass
    try:
        data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise InputError(f"{label}: not text (neither UTF-8 nor Windows-1252; byte {exc.start})") from None
    return "cp1252"


def _line_numbers(data: bytes, n_rows: int, bad_texts: list[str], encoding: str) -> tuple[np.ndarray, list[int]]:
    """Exact line numbers of the rows kept and of the rows skipped (slow path)."""
    text = data.decode("utf-8" if encoding == "utf8" else "cp1252")
    lines = text.split("\n")
    kept: list[int] = []
    skipped: list[int] = []
    bad = [b.rstrip("\r") for b in bad_texts]
    j = 0
    for no, line in enumerate(lines[1:], start=2):
        if not line.strip("\r"):
            continue
        if j < len(bad) and line.rstrip("\r") == bad[j]:
            skipped.append(no)
            j += 1
        else:
            kept.append(no)
    return np.asarray(kept[:n_rows], dtype=np.int64), skipped


def frame_from_arrow(table: pa.Table) -> pd.DataFrame:
    """Arrow table of strings to a pandas frame of ``str`` columns."""
    return table.to_pandas(split_blocks=True, self_destruct=True)


def read_csv_table(
    path: Path,
    table: str | None,
    report: Report | None = None,
    label: str | None = None,
) -> pd.DataFrame:
    """Read one table file into a typed frame (see :func:`read_csv_arrow`).

    Returns
    -------
    pandas.DataFrame
        The table's columns (text, dates as ``datetime64[s]``), plus
        ``SOURCE_FILE`` (categorical) and ``SOURCE_ROW`` (line number).
    """
    label = label or str(path)
    report = report if report is not None else Report()
    tbl, rows, expected, dates = read_csv_arrow(path, table, report, label)
    return table_to_frame(tbl, table, expected, dates, rows, label, report)


def read_csv_arrow(
    path: Path,
    table: str | None,
    report: Report | None = None,
    label: str | None = None,
) -> tuple[pa.Table, np.ndarray, tuple[str, ...], tuple[str, ...]]:
    """Read one table file.

    Parameters
    ----------
    path : pathlib.Path
        The CSV file.
    table : str or None
        Canonical SSDA903 table name (a key of :data:`~cpanalysis.load.tables.TABLES`),
        or ``None`` for a table of our own (Virtual School): then only ``CHILD``
        is required and columns named ``DOB`` or containing ``DATE`` are dates.
    report : Report, optional
        Where problems go.
    label : str, optional
        The file name used in messages and the report (default: the path).

    Returns
    -------
    tuple
        ``(arrow table of text, line numbers, expected columns, date columns)``.

    Raises
    ------
    InputError
        Missing or empty file, not text, or a required column absent.
    """
    path = Path(path)
    label = label or str(path)
    report = report if report is not None else Report()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{label}: file missing") from None
    except OSError as exc:
        raise InputError(f"{label}: cannot be read ({exc.strerror})") from None
    if data.startswith(_BOM):
        data = data[len(_BOM):]
    encoding = _decode_check(data, label)
    if encoding == "cp1252":
        report.add_file(label, 0, "", "", "FILE_ENCODING")
    names = _header_names(data, "utf-8" if encoding == "utf8" else "cp1252")
    clean, expected, dates = _columns(names, table, label)
    bad_rows: list[str] = []

    def _invalid(row: pacsv.InvalidRow) -> str:
        bad_rows.append(row.text)
        return "skip"

    tbl = _parse(data, encoding, clean, expected, table, _invalid, label, skip_rows=1)
    _report_extra(clean, expected, table, report, label)
    n = tbl.num_rows
    if bad_rows or b"\n\n" in data or b"\n\r\n" in data:
        rows, skipped = _line_numbers(data, n, bad_rows, encoding)
        for no, text in zip(skipped, bad_rows):
            report.add_file(label, no, "", text[:80], "ROW_WRONG_FIELD_COUNT", table=table)
    else:
        rows = np.arange(2, n + 2, dtype=np.int64)
    if n == 0:
        report.add_file(label, 1, "", "", "FILE_NO_ROWS")
    return tbl, rows, (expected if table is not None else tuple(clean)), dates


def _columns(names: list[str], table: str | None, label: str) -> tuple[list[str], tuple[str, ...], tuple[str, ...]]:
    """Cleaned header names, expected columns and date columns; InputError if a column is missing."""
    clean = [n.strip().lstrip("\ufeff").upper() for n in names]
    if table is not None:
        spec = TABLES[table]
        expected, dates = spec.columns, spec.dates
    else:
        expected = ("CHILD",)
        dates = tuple(c for c in clean if c == "DOB" or "DATE" in c)
    missing = [c for c in expected if c not in clean]
    if missing:
        raise InputError(f"{label}: column {', '.join(missing)} missing "
                         f"(found: {', '.join(clean) or 'no header'})")
    return clean, expected, dates


def _parse(data: bytes, encoding: str, clean: list[str], expected: tuple[str, ...], table: str | None,
           invalid, label: str, skip_rows: int, block_size: int | None = None) -> pa.Table:
    opts = dict(encoding=encoding, column_names=clean, skip_rows=skip_rows)
    if block_size:
        opts["block_size"] = block_size
    try:
        return pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(**opts),
            parse_options=pacsv.ParseOptions(invalid_row_handler=invalid),
            convert_options=pacsv.ConvertOptions(
                column_types={c: pa.string() for c in clean},
                strings_can_be_null=True, quoted_strings_can_be_null=True,
                include_columns=list(dict.fromkeys(c for c in clean if c in expected or table is None)),
            ),
        )
    except pa.ArrowInvalid as exc:
        raise InputError(f"{label}: not a readable CSV file ({str(exc).splitlines()[0]})") from None


def _report_extra(clean: list[str], expected: tuple[str, ...], table: str | None, report: Report,
                  label: str) -> None:
    if table is not None:
        for extra in dict.fromkeys(c for c in clean if c not in expected):
            report.add_file(label, 1, extra, extra, "FILE_EXTRA_COLUMN")


def read_csv_many(
    items: list[tuple[Path, str]],
    table: str | None,
    report: Report,
) -> list[tuple[pa.Table, np.ndarray, tuple[str, ...], tuple[str, ...]]]:
    """Read many files of one table; the same result, file by file, as :func:`read_csv_arrow`.

    A national build reads thousands of small files; parsing each on its own
    costs more than the parse. Files that are plain (UTF-8, a header like the
    others', at least one row, no quote characters, no blank lines, ending in
    a newline) are joined and parsed by arrow in one call, then sliced back
    into files (zero-copy); line numbers are then 2, 3, ... as in the file.
    Any other file - or the whole group if arrow meets a malformed line - is
    read on its own by :func:`read_csv_arrow`, which reports what it finds.

    Parameters
    ----------
    items : list of (path, label)
        The files, in order.
    table : str or None
        As for :func:`read_csv_arrow`.
    report : Report

    Returns
    -------
    list
        One ``(arrow table, line numbers, expected columns, date columns)`` per file, in order.
    """
    out: list = [None] * len(items)
    groups: dict[tuple[str, ...], list[tuple[int, bytes, int]]] = {}
    meta: dict[tuple[str, ...], tuple] = {}
    for i, (path, label) in enumerate(items):
        try:
            data = Path(path).read_bytes()
        except OSError:
            out[i] = read_csv_arrow(path, table, report, label)   # raises the usual InputError
            continue
        if data.startswith(_BOM):
            data = data[len(_BOM):]
        nl = data.find(b"\n")
        body = data[nl + 1:] if nl >= 0 else b""
        plain = (nl >= 0 and body.endswith(b"\n") and b'"' not in data and b"\n\n" not in data
                 and b"\n\r\n" not in data and b"\x00" not in data[:65536] and body.strip() != b"")
        if plain:
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                plain = False
        if not plain:
            out[i] = read_csv_arrow(path, table, report, label)
            continue
        clean, expected, dates = _columns(_header_names(data, "utf-8"), table, label)
        key = tuple(clean)
        meta[key] = (clean, expected, dates)
        groups.setdefault(key, []).append((i, body, body.count(b"\n")))
    for key, members in groups.items():
        clean, expected, dates = meta[key]
        bad: list[str] = []

        def _invalid(row: pacsv.InvalidRow) -> str:
            bad.append(row.text)
            return "skip"

        tbl = _parse(b"".join(m[1] for m in members), "utf8", clean, expected, table, _invalid,
                     "several files", skip_rows=0, block_size=1 << 24)
        counts = np.array([m[2] for m in members], dtype=np.int64)
        if bad or tbl.num_rows != counts.sum():
            for i, _, _ in members:
                out[i] = read_csv_arrow(items[i][0], table, report, items[i][1])
            continue
        offsets = np.concatenate([[0], np.cumsum(counts)])
        for (i, _, n), off in zip(members, offsets[:-1]):
            _report_extra(clean, expected, table, report, items[i][1])
            out[i] = (tbl.slice(int(off), int(n)), np.arange(2, n + 2, dtype=np.int64),
                      expected if table is not None else tuple(clean), dates)
    return out


def table_to_frame(
    tbl: pa.Table,
    table: str | None,
    expected: tuple[str, ...],
    dates: tuple[str, ...],
    rows: np.ndarray,
    label: str | list[str],
    report: Report,
    file_codes: np.ndarray | None = None,
) -> pd.DataFrame:
    """Arrow table of text to the typed frame every reader returns.

    Parses ``dates`` (problems to ``report``), orders columns as ``expected``
    and adds ``SOURCE_FILE`` and ``SOURCE_ROW``.
    """
    n = tbl.num_rows
    parsed = {}
    date_issues = {}
    for c in dates:
        if c in tbl.column_names:
            parsed[c], date_issues[c] = parse_date_column(tbl.column(c))
    keep = [c for c in tbl.column_names if c not in parsed]
    df = frame_from_arrow(tbl.select(keep))
    if len(df.index) != n:  # no columns selected: keep the row count
        df = pd.DataFrame(index=pd.RangeIndex(n))
    for c, s in parsed.items():
        df[c] = s.to_numpy()
    cols = [c for c in expected if c in df.columns]
    cols += [c for c in df.columns if c not in cols]
    df = df.loc[:, cols]
    labels = [label] if isinstance(label, str) else list(label)
    codes = np.zeros(n, dtype=np.int32) if file_codes is None else file_codes
    df["SOURCE_FILE"] = pd.Categorical.from_codes(codes, categories=labels)
    df["SOURCE_ROW"] = np.asarray(rows, dtype=np.int64)
    for c, iss in date_issues.items():
        for rule in dict.fromkeys(iss.rules.tolist()):
            m = iss.rules == rule
            report.add_rows(table or "", df, iss.positions[m], c, rule, values=iss.values[m])
    return df

"""Read one CSV table as text with pyarrow, then parse its dates.

Every column is read as a string (CHILD ids keep their leading zeros, codes stay
codes); blank cells are missing. Problems that make a file unusable raise
:class:`~cpanalysis.errors.InputError` (exit code 2): an empty file, a missing
required column, bytes that are not text (a NUL byte in the first 64 KiB).
Problems with single lines go to the validation report and nothing is lost
silently: the rows of a file are counted from its bytes (one record per
non-empty physical line after the header: an SSDA903 value never holds a line
break) and every line is either read or reported, so rows read = rows accepted
+ rows quarantined. A line is left out and reported, with its line number,
column and CHILD, when it has the wrong number of fields (for example a
truncated last line, ``ROW_WRONG_FIELD_COUNT``), opens a quote it does not
close (``ROW_UNCLOSED_QUOTE``: arrow would read on into the following lines) or
holds a NUL byte (``ROW_NUL_BYTE``). A column named twice is reported
(``FILE_DUPLICATE_COLUMN``); the first copy is read and rows where the copies
differ are quarantined (``ROW_DUPLICATE_COLUMN_DIFFERS``). Bare carriage
returns (old Mac line ends) are read as line ends and reported once
(``FILE_LINE_ENDINGS``); a file in Windows-1252 rather than UTF-8 is read and
reported once; a UTF-8 byte-order mark is ignored.
"""

from __future__ import annotations

import csv as _csv
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from ..errors import InputError
from ..validate.report import Report
from .dates import parse_date_column
from .tables import TABLES

__all__ = ["frame_from_arrow", "read_csv_arrow", "read_csv_many", "read_csv_table", "table_to_frame"]

_BOM = b"\xef\xbb\xbf"
_LONE_CR = re.compile(rb"\r(?!\n)")
#: Separates a repeated column's name from its copy number in the arrow table ("DEC#2").
_DUP = "#"


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
    data = _line_ends(data, label, report)
    encoding = _decode_check(data, label)
    if encoding == "cp1252":
        report.add_file(label, 0, "", "", "FILE_ENCODING")
    names = _header_names(data, "utf-8" if encoding == "utf8" else "cp1252")
    clean, expected, dates = _columns(names, table, label)
    tbl, rows = _read_rows(data, encoding, clean, expected, table, label, report)
    tbl = _mark_duplicates(tbl)
    _report_extra(clean, expected, table, report, label)
    if tbl.num_rows == 0:
        report.add_file(label, 1, "", "", "FILE_NO_ROWS")
    return tbl, rows, _expected(clean, expected, table), dates


def _expected(clean: list[str], expected: tuple[str, ...], table: str | None) -> tuple[str, ...]:
    """Columns in output order: the table's own, or every column of a table of ours (copies left out)."""
    return expected if table is not None else tuple(c for c in clean if _DUP not in c)


def _line_ends(data: bytes, label: str, report: Report) -> bytes:
    """Bare carriage returns (old Mac line ends) to newlines, reported once (``FILE_LINE_ENDINGS``)."""
    if b"\r" in data and _LONE_CR.search(data):
        report.add_file(label, 0, "", "", "FILE_LINE_ENDINGS")
        return _LONE_CR.sub(b"\n", data)
    return data


def _physical_rows(data: bytes) -> int | None:
    """Records after the header, counted from the bytes: one per non-empty line.

    Returns ``None`` when an empty line lies between records (the caller then
    numbers lines one by one); empty lines at the end are not records.
    """
    body = data[data.find(b"\n") + 1:] if b"\n" in data else b""
    body = body.rstrip(b"\r\n")
    if not body:
        return 0
    if b"\n\n" in body or b"\n\r\n" in body or body.startswith((b"\n", b"\r\n")):
        return None
    return body.count(b"\n") + 1


def _read_rows(data: bytes, encoding: str, clean: list[str], expected: tuple[str, ...], table: str | None,
               label: str, report: Report) -> tuple[pa.Table, np.ndarray]:
    """Parse the records after the header; every physical line is read or reported.

    Fast path: arrow parses the whole file and its row count equals the
    records counted from the bytes (:func:`_physical_rows`). Otherwise (a line
    arrow could not split, a quote that swallowed lines, a NUL byte, empty
    lines) each line is screened on its own (:func:`_screen_lines`), the bad
    ones reported, and arrow parses the good ones.
    """
    expect = _physical_rows(data)
    if expect is not None and b"\x00" not in data:
        bad: list[str] = []

        def _invalid(row: pacsv.InvalidRow) -> str:
            bad.append(row.text)
            return "skip"

        try:
            tbl = _parse(data, encoding, clean, expected, table, _invalid, label, skip_rows=1)
        except InputError:
            tbl = None
        if tbl is not None and not bad and tbl.num_rows == expect:
            return tbl, np.arange(2, expect + 2, dtype=np.int64)
    body, rows = _screen_lines(data, encoding, clean, table, label, report)

    def _unexpected(row: pacsv.InvalidRow) -> str:
        raise InputError(f"{label}: line could not be read after screening ({row.text[:40]!r})")

    tbl = _parse(body, "utf8", clean, expected, table, _unexpected, label, skip_rows=0)
    if tbl.num_rows != rows.size:
        raise InputError(f"{label}: {rows.size:,} lines screened but {tbl.num_rows:,} rows parsed")
    return tbl, rows


def _screen_lines(data: bytes, encoding: str, names: list[str], table: str | None, label: str,
                  report: Report) -> tuple[bytes, np.ndarray]:
    """Check every line after the header on its own; report the bad ones.

    Returns
    -------
    tuple
        ``(the good lines as UTF-8 CSV without header, their line numbers)``.
    """
    text = data.decode("utf-8" if encoding == "utf8" else "cp1252")
    child_at = names.index("CHILD") if "CHILD" in names else None
    keep: list[str] = []
    numbers: list[int] = []
    for no, line in enumerate(text.split("\n")[1:], start=2):
        s = line.rstrip("\r")
        if not s:
            continue
        rule, column, fields, value = _line_problem(s, names)
        if rule is None:
            keep.append(s)
            numbers.append(no)
            continue
        child = fields[child_at].strip().strip('"') if child_at is not None and child_at < len(fields) else ""
        report.add_file(label, no, column, _printable(value[:80]), rule, table=table, child=_printable(child))
    body = ("\n".join(keep) + "\n").encode("utf-8") if keep else b""
    return body, np.asarray(numbers, dtype=np.int64)


def _printable(text: str) -> str:
    """``text`` with NUL bytes shown as ``\\x00`` (for the report)."""
    return text.replace("\x00", "\\x00")


def _field_name(names: list[str], i: int) -> str:
    return names[i].split(_DUP)[0] if i < len(names) else f"(field {i + 1})"


def _line_problem(line: str, names: list[str]) -> tuple[str | None, str, list[str], str]:
    """The rule one line breaks (or ``None``), the column at fault, the line's fields and the value to report.

    The value is the field at fault (NUL byte, unclosed quote) or the whole
    line (wrong number of fields).
    """
    if '"' not in line and "\x00" not in line:
        fields = line.split(",")
    else:
        naive = line.split(",")
        if "\x00" in line:
            at = next(i for i, f in enumerate(naive) if "\x00" in f)
            return "ROW_NUL_BYTE", _field_name(names, at), naive, naive[at]
        try:
            fields = next(_csv.reader([line], strict=True))
        except _csv.Error:
            at = next((i for i, f in enumerate(naive) if f.count('"') % 2), 0)
            return "ROW_UNCLOSED_QUOTE", _field_name(names, at), naive, naive[at]
    if len(fields) != len(names):
        return "ROW_WRONG_FIELD_COUNT", _field_name(names, min(len(fields), len(names))), fields, line
    return None, "", fields, ""


def _columns(names: list[str], table: str | None, label: str) -> tuple[list[str], tuple[str, ...], tuple[str, ...]]:
    """Cleaned header names, expected columns and date columns; InputError if a column is missing.

    A name that repeats an earlier one becomes ``NAME#2`` (``#3``, ...), so
    both copies are read and can be compared (:func:`_mark_duplicates`).
    """
    clean: list[str] = []
    for n in names:
        c = n.strip().lstrip("\ufeff").upper()
        k = clean.count(c) + sum(1 for x in clean if x.startswith(c + _DUP))
        clean.append(c if k == 0 else f"{c}{_DUP}{k + 1}")
    if table is not None:
        spec = TABLES[table]
        expected, dates = spec.columns, spec.dates
    else:
        expected = ("CHILD",)
        dates = tuple(c for c in clean if _DUP not in c and (c == "DOB" or "DATE" in c))
    missing = [c for c in expected if c not in clean]
    if missing:
        raise InputError(f"{label}: column {', '.join(missing)} missing "
                         f"(found: {', '.join(clean) or 'no header'})")
    return clean, expected, dates


def _mark_duplicates(tbl: pa.Table) -> pa.Table:
    """Replace each repeated column's copy by the text ``"first | copy"`` where the two differ (else null).

    :func:`table_to_frame` reports and drops these columns; rows of other
    files (without the copy) get null there when tables are concatenated.
    """
    for i, name in enumerate(tbl.column_names):
        if _DUP not in name:
            continue
        a, b = tbl.column(name.split(_DUP)[0]), tbl.column(name)
        same = pc.or_kleene(pc.fill_null(pc.equal(a, b), False), pc.and_(pc.is_null(a), pc.is_null(b)))
        text = pc.binary_join_element_wise(pc.fill_null(a, ""), pc.fill_null(b, ""), " | ")
        tbl = tbl.set_column(i, name, pc.if_else(same, pa.scalar(None, pa.string()), text))
    return tbl


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
                include_columns=list(dict.fromkeys(
                    c for c in clean if c in expected or table is None or c.split(_DUP)[0] in expected)),
            ),
        )
    except pa.ArrowInvalid as exc:
        raise InputError(f"{label}: not a readable CSV file ({str(exc).splitlines()[0]})") from None


def _report_extra(clean: list[str], expected: tuple[str, ...], table: str | None, report: Report,
                  label: str) -> None:
    """Report columns named twice (read ones only) and, for SSDA903 tables, columns not in the table."""
    for name in clean:
        base = name.split(_DUP)[0]
        if _DUP in name and (table is None or base in expected):
            report.add_file(label, 1, base, base, "FILE_DUPLICATE_COLUMN")
    if table is not None:
        for extra in dict.fromkeys(c.split(_DUP)[0] for c in clean):
            if extra not in expected:
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
                 and b"\n\r\n" not in data and b"\x00" not in data and body.strip() != b""
                 and data.count(b"\r") == data.count(b"\r\n"))
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
        tbl = _mark_duplicates(tbl)
        counts = np.array([m[2] for m in members], dtype=np.int64)
        if bad or tbl.num_rows != counts.sum():
            for i, _, _ in members:
                out[i] = read_csv_arrow(items[i][0], table, report, items[i][1])
            continue
        offsets = np.concatenate([[0], np.cumsum(counts)])
        for (i, _, n), off in zip(members, offsets[:-1]):
            _report_extra(clean, expected, table, report, items[i][1])
            out[i] = (tbl.slice(int(off), int(n)), np.arange(2, n + 2, dtype=np.int64),
                      _expected(clean, expected, table), dates)
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
    copies = {c: tbl.column(c) for c in tbl.column_names if _DUP in c}
    tbl = tbl.drop_columns(list(copies)) if copies else tbl
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
    for c, differs in copies.items():
        pos = np.flatnonzero(pc.is_valid(differs).to_numpy(zero_copy_only=False))
        report.add_rows(table or "", df, pos, c.split(_DUP)[0], "ROW_DUPLICATE_COLUMN_DIFFERS",
                        values=np.asarray(differs.take(pa.array(pos)).to_pylist(), dtype=object))
    for c, iss in date_issues.items():
        for rule in dict.fromkeys(iss.rules.tolist()):
            m = iss.rules == rule
            report.add_rows(table or "", df, iss.positions[m], c, rule, values=iss.values[m])
    return df

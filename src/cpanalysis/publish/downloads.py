"""Every published table as data to take away: a CSV per table, a workbook per quarter.

The files are read back out of the final, gate-checked HTML pages, so a
download can never differ from the page it comes from: the same cells, the
same protection, the same symbols (GSS / DfE Explore Education Statistics):

- ``c`` hidden to protect children's privacy;
- ``z`` not applicable;
- ``x`` not available;
- ``u`` low reliability;
- ``k`` rounds to zero (but is not zero).

Each CSV is tidy: one header row of the page's column headers, one row per
table row, nothing else (the caption is in the workbook, and a "Group"
column holds a row-group heading where a table has one). Whole numbers
lose their thousands separators so that they read as numbers; every other
cell keeps the text of the page. Text starting with ``=``, ``+``, ``-`` or
``@`` is prefixed with ``'`` in CSV (and stored as text, never a formula,
in the workbook), so no spreadsheet runs it (CSV injection, OWASP).

The workbook (openpyxl) has a contents sheet, a notes sheet (symbols and
where the definitions are) and one sheet per table, each starting with the
table's caption in A1, following the Analysis Function's guidance on
releasing statistics in spreadsheets. Percentages are numbers there, shown
with the page's number of decimals. Files are byte-identical for the same
pages (no timestamps).

:func:`downloads_as_html` turns CSV and workbook files back into one HTML
page of tables, so that the publication gate can check the downloads with
the very rules it applies to the pages.
"""

from __future__ import annotations

import csv
import html
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

__all__ = [
    "SYMBOLS",
    "PageTable",
    "csv_name",
    "downloads_as_html",
    "read_tables",
    "text_rows",
    "workbook_available",
    "workbook_name",
    "write_downloads",
    "write_workbook",
]

#: The symbols used in place of a number, and what each means (GSS; DfE's files).
SYMBOLS: tuple[tuple[str, str], ...] = (
    ("c", "hidden to protect children's privacy"),
    ("z", "not applicable"),
    ("x", "not available"),
    ("u", "low reliability"),
    ("k", "rounds to zero, but is not zero"),
)

_INT = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)$")
_DEC = re.compile(r"^-?\d+\.(\d+)$")
_PCT = re.compile(r"^(-?\d+(?:\.(\d+))?)%$")
_RISKY = ("=", "+", "-", "@", "\t", "\r")
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def csv_name(page: str, n: int) -> str:
    """File name of the CSV of table ``n`` (1-based, in page order) of the page ``page``.

    The number has two digits at least (``scorecard-table-01.csv``): the
    publication gate reads a lone ``1`` to ``4`` in text as a small count,
    and the names are written in the workbook's contents.
    """
    return f"{page}-table-{n:02d}.csv"


def workbook_available() -> bool:
    """Whether the workbook can be written (openpyxl is installed).

    Without it a run publishes the CSV files only, and the pages' links to
    the workbook are dropped (:func:`cpanalysis.publish.render.drop_dead_links`).
    """
    import importlib.util

    return importlib.util.find_spec("openpyxl") is not None


def workbook_name(quarter_slug: str) -> str:
    """File name of the quarter's workbook, e.g. ``tables-2024-25-Q3.xlsx``."""
    return f"tables-{quarter_slug}.xlsx"


@dataclass
class PageTable:
    """One published table, as text.

    Attributes
    ----------
    caption : str
        The table's caption.
    header : list of str
        Column headers (several header rows joined with " - ").
    rows : list of list of str
        Body rows, each as long as ``header``.
    """

    caption: str
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)


class _Tables(HTMLParser):
    """Collects every ``<table>``: caption, rows of (text, is header cell, colspan)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[dict] = []
        self._t: dict | None = None
        self._cell: list[str] | None = None
        self._caption: list[str] | None = None
        self._section = "body"
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table":
            self._t = {"caption": "", "rows": []}
            self.tables.append(self._t)
        elif self._t is None:
            return
        elif tag == "caption":
            self._caption = []
        elif tag in ("thead", "tbody", "tfoot"):
            self._section = "head" if tag == "thead" else "body"
        elif tag == "tr":
            self._t["rows"].append({"head": self._section == "head", "cells": []})
        elif tag in ("td", "th") and self._t["rows"]:
            self._cell = []
            span = a.get("colspan") or "1"
            self._t["rows"][-1]["cells"].append(
                {"th": tag == "th", "span": int(span) if span.isdigit() else 1, "text": self._cell})
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._t = None
        elif tag == "caption" and self._caption is not None and self._t is not None:
            self._t["caption"] = " ".join("".join(self._caption).split())
            self._caption = None
        elif tag in ("td", "th"):
            self._cell = None
        elif tag == "thead":
            self._section = "body"

    def handle_data(self, data: str) -> None:
        if self._caption is not None:
            self._caption.append(data)
        elif self._cell is not None:
            self._cell.append(data)


def read_tables(page_html: str) -> list[PageTable]:
    """Every table of a page, in page order, as text (header rows joined, row groups as a column).

    A row whose single cell spans every column is a row-group heading: its
    text fills a "Group" column put first. A table without a ``<thead>``
    takes its first row as the header when that row is all header cells.
    """
    parser = _Tables()
    parser.feed(page_html)
    parser.close()
    found = []
    for t in parser.tables:
        rows = [{"head": r["head"], "cells": [(" ".join("".join(c["text"]).split()), c["th"], c["span"])
                                              for c in r["cells"]]} for r in t["rows"] if r["cells"]]
        if rows and not any(r["head"] for r in rows) and all(th for _, th, _ in rows[0]["cells"]):
            rows[0]["head"] = True
        width = max((sum(s for _, _, s in r["cells"]) for r in rows), default=0)
        header: list[str] = [""] * width
        body: list[list[str]] = []
        groups: list[str] = []
        group = ""
        for r in rows:
            cells = r["cells"]
            if not r["head"] and len(cells) == 1 and cells[0][2] == width and width > 1:
                group = cells[0][0]
                continue
            expanded = [text for text, _, span in cells for _ in range(span)]
            expanded += [""] * (width - len(expanded))
            if r["head"]:
                header = [h if not e or e == h else (f"{h} - {e}" if h else e) for h, e in zip(header, expanded)]
            else:
                body.append(expanded)
                groups.append(group)
        if any(groups):
            header = ["Group", *header]
            body = [[g, *row] for g, row in zip(groups, body)]
        found.append(PageTable(t["caption"], header, body))
    return found


def _csv_cell(text: str) -> str:
    """A cell for CSV: whole numbers without separators, risky text prefixed with ``'``."""
    if _INT.match(text):
        return text.replace(",", "")
    if _DEC.match(text):
        return text
    if text.startswith(_RISKY):
        return "'" + text
    return text


def _csv_text(table: PageTable) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([_csv_cell(h) for h in table.header])
    for row in table.rows:
        writer.writerow([_csv_cell(c) for c in row])
    return buf.getvalue()


def write_downloads(html_path: Path, out_dir: Path) -> list[Path]:
    """Write a CSV of every table of one published page into ``out_dir``.

    Files are named by :func:`csv_name` (the page's file name and the
    table's number in page order), which is where the page's links point.

    Returns
    -------
    list of pathlib.Path
        The CSV files, in page order.
    """
    html_path, out_dir = Path(html_path), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for n, table in enumerate(read_tables(html_path.read_text(encoding="utf-8")), start=1):
        out = out_dir / csv_name(html_path.stem, n)
        out.write_text(_csv_text(table), encoding="utf-8", newline="")
        written.append(out)
    return written


def _page_title(page_html: str, default: str) -> str:
    m = re.search(r"<title>(.*?)</title>", page_html, re.IGNORECASE | re.DOTALL)
    return html.unescape(" ".join(m.group(1).split())) if m else default


def _put(cell, text: str) -> None:  # noqa: ANN001 - an openpyxl cell
    """Write a page cell into a workbook cell: numbers as numbers, the rest as text (never a formula)."""
    if _INT.match(text):
        cell.value = int(text.replace(",", ""))
        cell.number_format = "#,##0" if "," in text else "0"
    elif m := _DEC.match(text):
        cell.value = float(text)
        cell.number_format = "0." + "0" * len(m.group(1))
    elif m := _PCT.match(text):
        decimals = len(m.group(2) or "")
        cell.value = round(float(m.group(1)) / 100, decimals + 2)
        cell.number_format = "0" + ("." + "0" * decimals if decimals else "") + "%"
    else:
        cell.value = text
        cell.data_type = "s"


def write_workbook(html_paths: Sequence[Path], out_path: Path) -> Path:
    """Write one workbook holding every table of ``html_paths``: contents, notes, a sheet per table.

    Each table's sheet is named ``<page>-<nn>`` (cut to Excel's 31 characters),
    with the caption in A1, a line on symbols in A2 and the table from A3
    (header row frozen). Pages are taken in the order given.

    Returns
    -------
    pathlib.Path
        ``out_path``.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    bold = Font(bold=True)
    title_font = Font(bold=True, size=14)
    wb = Workbook()
    contents = wb.active
    contents.title = "Contents"
    notes = wb.create_sheet("Notes")
    listed: list[tuple[str, str, str, str]] = []
    for path in map(Path, html_paths):
        text = path.read_text(encoding="utf-8")
        title = _page_title(text, path.stem)
        for n, table in enumerate(read_tables(text), start=1):
            number = f"{n:02d}"
            name = f"{path.stem[:31 - len(number) - 1]}-{number}"
            ws = wb.create_sheet(name)
            ws["A1"] = table.caption or f"Table {n} of {title}"
            ws["A1"].font = title_font
            ws["A2"] = (f"From the briefing '{title}' ({path.name}). Symbols (c, z, x, u, k) are explained "
                        "in the Notes sheet. Also available as " + csv_name(path.stem, n) + ".")
            ws["A2"].data_type = "s"
            for j, h in enumerate(table.header, start=1):
                c = ws.cell(row=3, column=j)
                _put(c, h)
                c.font = bold
            for i, row in enumerate(table.rows, start=4):
                for j, v in enumerate(row, start=1):
                    _put(ws.cell(row=i, column=j), v)
            ws.freeze_panes = "B4" if table.header else None
            for j, h in enumerate(table.header, start=1):
                longest = max([len(h)] + [len(r[j - 1]) for r in table.rows if j - 1 < len(r)])
                ws.column_dimensions[ws.cell(row=3, column=j).column_letter].width = min(60, max(8, longest + 2))
            listed.append((name, table.caption, title, csv_name(path.stem, n)))
    contents["A1"] = "Tables in this workbook"
    contents["A1"].font = title_font
    contents["A2"] = "Each table is on its own sheet; the Notes sheet explains the symbols."
    for j, h in enumerate(("Sheet", "Table", "Briefing", "CSV file"), start=1):
        contents.cell(row=3, column=j, value=h).font = bold
    for i, row in enumerate(listed, start=4):
        for j, v in enumerate(row, start=1):
            _put(contents.cell(row=i, column=j), v)
    for col, width in zip("ABCD", (28, 80, 36, 36)):
        contents.column_dimensions[col].width = width
    notes["A1"] = "Notes"
    notes["A1"].font = title_font
    notes["A2"] = ("Every table is exactly as published in the briefings, with the same protection of "
                   "children's privacy. Definitions of the measures are in the methodology briefing "
                   "(and its sheets here, where it was published).")
    notes["A3"] = "Symbol"
    notes["B3"] = "Meaning"
    notes["A3"].font = notes["B3"].font = bold
    for i, (symbol, meaning) in enumerate(SYMBOLS, start=4):
        _put(notes.cell(row=i, column=1), symbol)
        _put(notes.cell(row=i, column=2), meaning)
    notes.column_dimensions["A"].width = 10
    notes.column_dimensions["B"].width = 60
    for ws in wb.worksheets:
        ws.sheet_properties.pageSetUpPr = None
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    wb.save(buf)
    out_path.write_bytes(_without_timestamps(buf.getvalue()))
    return out_path


def _without_timestamps(xlsx: bytes) -> bytes:
    """The same workbook with fixed zip times and document dates: same tables, same bytes."""
    src = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>2000-01-01T00:00:00Z", data)
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, data)
    return out.getvalue()


def text_rows(path: Path) -> dict[str, list[list[str]]]:
    """A CSV or workbook file back as rows of text, keyed by table (the file, or each sheet).

    Numbers are written as the page writes them (percentages with ``%`` and
    the page's decimals); the ``'`` put before risky CSV text is taken off,
    so the text is the page's text again.
    """
    path = Path(path)
    if path.suffix.lower() == ".csv":
        with path.open(encoding="utf-8", newline="") as f:
            rows = [[_uncsv(c) for c in row] for row in csv.reader(f)]
        return {path.name: rows}
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    try:
        return {ws.title: [[_unxl(c) for c in row] for row in ws.iter_rows()] for ws in wb.worksheets}
    finally:
        wb.close()


def _uncsv(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].startswith(_RISKY) else text


def _unxl(cell) -> str:  # noqa: ANN001 - an openpyxl cell
    v = cell.value
    if v is None:
        return ""
    fmt = getattr(cell, "number_format", "General") or "General"
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, (int, float)):
        if fmt.endswith("%"):
            decimals = len(fmt.split(".")[1]) - 1 if "." in fmt else 0
            return f"{v * 100:.{decimals}f}%"
        if "." in fmt:
            return f"{v:.{len(fmt.split('.')[1])}f}"
        return f"{v:,}" if "," in fmt else str(int(v)) if float(v).is_integer() else str(v)
    return str(v)


def downloads_as_html(paths: Iterable[Path]) -> str:
    """CSV and workbook files as one HTML page of tables, for the publication gate.

    Each CSV becomes a table captioned with its file name, its first row the
    column headers and its first column the row headers, as on the page.
    Each workbook sheet becomes a table captioned with cell A1 and introduced
    by A2, its header row the third. The gate's ``check_html`` reads it like
    any page.
    """
    esc = html.escape
    parts = []
    for path in map(Path, paths):
        for name, rows in text_rows(path).items():
            if path.suffix.lower() == ".csv":
                caption, intro, header, body = f"{path.name}", "", rows[:1], rows[1:]
            else:
                caption = rows[0][0] if rows and rows[0] else name
                intro = rows[1][0] if len(rows) > 1 and rows[1] else ""
                header, body = rows[2:3], rows[3:]
                caption = f"{caption} (sheet {name} of {path.name})"
            parts.append(f"<p>{esc(intro)}</p>" if intro else "")
            parts.append(f"<table>\n<caption>{esc(caption)}</caption>")
            if header:
                parts.append("<thead><tr>" + "".join(f'<th scope="col">{esc(h)}</th>' for h in header[0])
                             + "</tr></thead>")
            parts.append("<tbody>")
            for row in body:
                cells = [f'<th scope="row">{esc(c)}</th>' if j == 0 else f"<td>{esc(c)}</td>"
                         for j, c in enumerate(row)]
                parts.append("<tr>" + "".join(cells) + "</tr>")
            parts.append("</tbody></table>")
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Downloads</title>\n"
            "</head>\n<body>\n<main>\n<h1>Downloads</h1>\n" + "\n".join(p for p in parts if p)
            + "\n</main>\n</body>\n</html>\n")

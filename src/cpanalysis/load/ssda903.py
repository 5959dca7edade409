"""Read SSDA903 returns (CSV or XML, any layout :mod:`.layout` knows) into typed frames.

Every table of every return year read is concatenated into one frame with a
``YEAR`` column (start year of the return year), ``SOURCE_FILE`` and
``SOURCE_ROW`` (for the validation report) and, when the raw folder holds
several councils, ``COUNCIL``. Problems met while reading go to a
:class:`~cpanalysis.validate.report.Report`; nothing is dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError
from ..validate.report import Report
import pyarrow as pa

from .csv import read_csv_many, read_csv_table, table_to_frame
from .layout import Layout, discover
from .tables import TABLES
from .xml import read_xml_return

__all__ = ["COLUMNS", "Return903", "find_return_years", "read_returns", "read_table"]

#: DfE column names per table (the ones this reader requires).
COLUMNS: dict[str, tuple[str, ...]] = {t: s.columns for t, s in TABLES.items()}

#: Tables every return year must have.
REQUIRED_TABLES: tuple[str, ...] = ("header", "episodes")


@dataclass
class Return903:
    """The tables of one or more return years, typed.

    Attributes
    ----------
    tables : dict of str to pandas.DataFrame
        Table name (``"header"``, ``"episodes"``, ``"reviews"``, ...; Virtual
        School tables as ``"vs_<file stem>"``) to its rows from every return
        year read, with ``YEAR`` (start year of the return year; missing for
        Virtual School tables), ``SOURCE_FILE`` and ``SOURCE_ROW``.
    years : list of int
        Return years read, oldest first.
    files : list of pathlib.Path
        Every file read, for hashing into the run log.
    report : Report
        Problems met while reading.
    layout : str
        The layout found (``"folder-per-year"``, ``"year-prefixed"``, ``"flat"``, ...).
    ignored : list of str
        Files seen but not read.
    """

    tables: dict[str, pd.DataFrame]
    years: list[int]
    files: list[Path] = field(default_factory=list)
    report: Report = field(default_factory=Report)
    layout: str = ""
    ignored: list[str] = field(default_factory=list)


def find_return_years(raw: Path) -> list[tuple[int, Path]]:
    """List the return years found under ``raw`` with the folder holding each.

    Raises
    ------
    InputError
        If ``raw`` does not exist or holds no SSDA903 file.
    """
    lay = discover(raw)
    seen: dict[int, Path] = {}
    for f in lay.files:
        if f.year is not None:
            seen.setdefault(f.year, f.path.parent)
    return sorted(seen.items())


def read_table(path: Path, table: str, report: Report | None = None) -> pd.DataFrame:
    """Read one SSDA903 CSV table (see :func:`cpanalysis.load.csv.read_csv_table`)."""
    return read_csv_table(path, table, report, Path(path).name)


def _infer_year(episodes: pd.DataFrame, label: str) -> int:
    decom = episodes["DECOM"].dropna() if "DECOM" in episodes else pd.Series(dtype="datetime64[s]")
    if decom.empty:
        raise InputError(f"{label}: cannot infer the return year (no episode start dates); "
                         "give it with --year")
    last = decom.max()
    return int(last.year if last.month >= 4 else last.year - 1)


def read_returns(
    raw: Path,
    tables: tuple[str, ...] | None = None,
    year: int | None = None,
    report: Report | None = None,
) -> Return903:
    """Read every return year under ``raw``.

    Parameters
    ----------
    raw : pathlib.Path
        Raw-data folder in any layout :func:`cpanalysis.load.layout.discover` knows.
    tables : tuple of str, optional
        Which tables to keep (default: every table found). Header and episodes
        must be present for every return year.
    year : int, optional
        Start year of the return year for a flat single-year folder (otherwise
        inferred from the latest DECOM).
    report : Report, optional
        Where reading problems go (default: a new one, kept on the result).

    Returns
    -------
    Return903

    Raises
    ------
    InputError
        Missing folder or required file, unusable file.
    """
    report = report if report is not None else Report()
    lay: Layout = discover(raw, year)
    multi = lay.kind.startswith("council")
    councils = sorted({f.council for f in lay.files})
    # CSV: arrow tables per file, concatenated per table, typed once
    arrow: dict[str, list] = {}
    pending: dict[str, list] = {}
    xml: list[tuple[dict[str, pd.DataFrame], Report, int | None, str]] = []
    present: dict[tuple[str, int | None], set[str]] = {}
    files: list[Path] = []
    labels: list[str] = []
    for f in lay.files:
        if tables is not None and f.table != "xml" and f.table not in tables:
            continue
        files.append(f.path)
        if f.table == "xml":
            sub = Report()
            got = read_xml_return(f.path, sub, f.label)
            xml.append((got, sub, f.year, f.council))
            for t in got:
                present.setdefault((f.council, f.year), set()).add(t)
            continue
        labels.append(f.label)
        pending.setdefault(f.table, []).append((len(labels) - 1, f))
        if not f.table.startswith("vs_"):
            present.setdefault((f.council, f.year), set()).add(f.table)
    # CSV files of one table are parsed together where they are plain (read_csv_many)
    for t, members in pending.items():
        got = read_csv_many([(f.path, f.label) for _, f in members], None if t.startswith("vs_") else t,
                            report)
        arrow[t] = [(*g, li, f) for g, (li, f) in zip(got, members)]
    for (council, y), have in present.items():
        for t in REQUIRED_TABLES:
            if t not in have and (tables is None or t in tables):
                where = f"{council}/" if council else ""
                yl = f"{y}-{(y + 1) % 100:02d}" if y is not None and y >= 0 else "the return"
                raise InputError(f"{raw}: {where}{yl}: {t} file missing (the {t} table is required)")
    out: dict[str, pd.DataFrame] = {}
    for t, parts in arrow.items():
        sizes = np.array([p[0].num_rows for p in parts], dtype=np.int64)
        tbl = pa.concat_tables([p[0] for p in parts], promote_options="default")
        rows = np.concatenate([p[1] for p in parts]) if parts else np.empty(0, np.int64)
        expected = parts[0][2]
        dates = tuple(dict.fromkeys(d for p in parts for d in p[3]))
        codes = np.repeat(np.array([p[4] for p in parts], dtype=np.int32), sizes)
        df = table_to_frame(tbl, None if t.startswith("vs_") else t, expected, dates, rows,
                            labels, report, file_codes=codes)
        df["SOURCE_FILE"] = df["SOURCE_FILE"].cat.remove_unused_categories()
        if multi:
            cc = np.repeat(np.array([councils.index(p[5].council) for p in parts], dtype=np.int32), sizes)
            df.insert(0, "COUNCIL", pd.Categorical.from_codes(cc, categories=councils))
        if not t.startswith("vs_"):
            yy = np.repeat(np.array([p[5].year if p[5].year is not None else -1 for p in parts],
                                    dtype=np.int16), sizes)
            df.insert(0, "YEAR", yy)
        out[t] = df
    for got, sub, y, council in xml:
        offsets = {}
        for t, df in got.items():
            if tables is not None and t not in tables:
                continue
            if multi:
                df.insert(0, "COUNCIL", pd.Categorical([council] * len(df), categories=councils))
            df.insert(0, "YEAR", np.int16(y if y is not None else -1))
            offsets[t] = len(out[t]) if t in out else 0
            out[t] = pd.concat([out[t], df], ignore_index=True) if t in out else df
            for c in ("SOURCE_FILE", "COUNCIL"):
                if c in out[t] and not isinstance(out[t][c].dtype, pd.CategoricalDtype):
                    out[t][c] = out[t][c].astype("category")
        sub.shift(offsets)
        report.extend(sub)
    if lay.kind == "flat" and year is None:
        y = _infer_year(out.get("episodes", pd.DataFrame()), str(raw))
        for t, df in out.items():
            if "YEAR" in df:
                df["YEAR"] = np.int16(y)
    for name in lay.ignored:
        report.add_file(name, 0, "", "", "FILE_IGNORED")
    years = sorted({int(y) for t, df in out.items() if "YEAR" in df for y in df["YEAR"].unique()})
    return Return903(tables=out, years=years, files=files, report=report,
                     layout=lay.kind, ignored=lay.ignored)

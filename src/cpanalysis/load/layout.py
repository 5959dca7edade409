"""Find the SSDA903 and Virtual School files under a raw-data folder.

Three layouts are understood (file names matched without regard to case; table
names through :data:`~cpanalysis.load.tables.ALIASES`):

``folder per year`` (canonical; what ``cpanalysis synth`` writes)::

    raw/2023-24/header.csv, raw/2023-24/episodes.csv, ...
    raw/virtual_school/*.csv                   (optional)

    or, for several councils, raw/<council>/2023-24/... with
    raw/<council>/virtual_school/*.csv

``year-prefixed files`` in one folder (data-to-insight's cs-demand-model)::

    raw/2017-episodes.csv, raw/2017-header.csv, ...

  The four digits are the year in which the return year *starts*: in the peer
  files ``2017-episodes.csv`` holds episodes starting up to 31/03/2018 and
  ending from 02/04/2017, i.e. the 2017-18 return.

``flat`` single return year (the DfE validator's test data)::

    raw/header.csv, raw/episodes.csv, ...

  The return year is given (``year=``, ``--year``) or inferred: the return year
  containing the latest episode start (DECOM) in ``episodes``.

A folder with CSV tables and an XML return reads the CSVs and ignores the XML
(they are usually the same return twice); a folder with only an XML file
(root ``<EXPSSDA903>``) reads it. Files that are not a known table are
listed as ignored.

A folder that looks like a return year (its name holds a year such as
``2024`` or ``24-25``) but is not named ``YYYY-YY`` with consecutive years
(``24-25``, ``2024-2025``, ``2024-26``) is refused with an
:class:`~cpanalysis.errors.InputError` naming it and the expected form rather
than skipped: its return would otherwise be left out without a word. A folder
that cannot be listed (no permission) is refused the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from .tables import canonical_table

__all__ = ["Layout", "SourceFile", "discover", "parse_year"]

_YEAR_DIR = re.compile(r"^(\d{4})[-_/]?(\d{2})$")
#: A name that holds a year (1900-2099 standing alone) or a short ``yy-yy`` span.
_YEARISH = re.compile(r"(?<!\d)(?:(?:19|20)\d{2}|\d{2}[-_ ]\d{2})(?!\d)")
_PREFIXED = re.compile(r"^(\d{4})(?:-(\d{2}))?[-_](.+)$")
VS_FOLDER = "virtual_school"
#: Stem of the postcode lookup a raw folder may hold (read by the build, never listed as ignored).
POSTCODE_LOOKUP = "postcodes"


@dataclass(frozen=True)
class SourceFile:
    """One input file.

    Attributes
    ----------
    table : str
        Canonical table name, ``"xml"`` for a whole XML return, or ``vs_<name>``
        for a Virtual School table.
    year : int or None
        Start year of the return year (``None`` for Virtual School tables and
        for a flat folder whose year is still to be inferred).
    path : pathlib.Path
    label : str
        Path relative to the raw folder, used in the report.
    council : str
        Council folder name, ``""`` for a single council.
    """

    table: str
    year: int | None
    path: Path
    label: str
    council: str = ""


@dataclass
class Layout:
    """What :func:`discover` found."""

    kind: str
    files: list[SourceFile]
    ignored: list[str] = field(default_factory=list)
    year_inferred: bool = False


def parse_year(text: str) -> int:
    """``"2023-24"`` or ``"2023"`` to 2023 (the start year).

    Raises
    ------
    InputError
        If the text is not a return year.
    """
    m = re.match(r"^\s*(\d{4})(?:[-/](\d{2}))?\s*$", str(text))
    if not m or (m.group(2) and (int(m.group(1)) + 1) % 100 != int(m.group(2))):
        raise InputError(f"return year {text!r} is not of the form '2023-24'")
    return int(m.group(1))


def _year_dir(name: str) -> int | None:
    m = _YEAR_DIR.match(name)
    if m and (int(m.group(1)) + 1) % 100 == int(m.group(2)):
        return int(m.group(1))
    return None


def _rel(p: Path, root: Path) -> str:
    return p.relative_to(root).as_posix()


def _listing(folder: Path, root: Path) -> list[Path]:
    """The sorted entries of ``folder``; InputError naming it if it cannot be listed."""
    try:
        return sorted(folder.iterdir())
    except OSError as exc:
        name = _rel(folder, root) if folder != root else str(folder)
        raise InputError(f"{name}: folder cannot be read ({exc.strerror or exc})") from None


def _check_year_name(p: Path, root: Path) -> None:
    """Refuse a folder named like a return year but not ``YYYY-YY`` with consecutive years.

    Raises
    ------
    InputError
        Naming the folder, the expected form and the name it probably means.
    """
    m = _YEARISH.search(p.name)
    if m is None or p.name.lower() == VS_FOLDER:
        return
    digits = re.findall(r"\d+", m.group(0))[0]
    start = int(digits) if len(digits) == 4 else 2000 + int(digits)
    raise InputError(f"{_rel(p, root)}: folder looks like a return year but is not named YYYY-YY with "
                     f"consecutive years (e.g. {start}-{(start + 1) % 100:02d}); rename it so its "
                     "files are read")


def _is_xml_return(p: Path) -> bool:
    try:
        with p.open("rb") as fh:
            head = fh.read(4096)
    except OSError:
        return False
    return b"<EXPSSDA903" in head


def _scan_folder(folder: Path, root: Path, year: int | None, council: str,
                 out: list[SourceFile], ignored: list[str]) -> None:
    csvs, xmls = [], []
    for p in _listing(folder, root):
        if not p.is_file():
            continue
        suffix = p.suffix.lower()
        if suffix == ".csv":
            t = canonical_table(p.stem)
            if t is None and p.stem.lower() == POSTCODE_LOOKUP:
                continue  # read by the build (derive.geography), not an SSDA903 table
            if t is None:
                ignored.append(_rel(p, root))
            else:
                csvs.append(SourceFile(t, year, p, _rel(p, root), council))
        elif suffix == ".xml" and _is_xml_return(p):
            xmls.append(SourceFile("xml", year, p, _rel(p, root), council))
        elif suffix in (".xml", ".txt", ".xlsx", ".xls"):
            ignored.append(_rel(p, root))
    if csvs:
        out.extend(csvs)
        ignored.extend(x.label for x in xmls)
    elif xmls:
        out.append(xmls[0])
        ignored.extend(x.label for x in xmls[1:])


def _scan_vs(folder: Path, root: Path, council: str, out: list[SourceFile]) -> None:
    for p in _listing(folder, root):
        if p.is_file() and p.suffix.lower() == ".csv":
            name = re.sub(r"[^a-z0-9]+", "_", p.stem.lower()).strip("_")
            out.append(SourceFile(f"vs_{name}", None, p, _rel(p, root), council))


def _scan_council(folder: Path, root: Path, council: str,
                  out: list[SourceFile], ignored: list[str]) -> bool:
    found = False
    for p in _listing(folder, root):
        if p.is_dir():
            y = _year_dir(p.name)
            if y is not None:
                _scan_folder(p, root, y, council, out, ignored)
                found = True
            elif p.name.lower() == VS_FOLDER:
                _scan_vs(p, root, council, out)
            else:
                _check_year_name(p, root)
    return found


def discover(raw: Path, year: int | None = None) -> Layout:
    """List the input files under ``raw``.

    Parameters
    ----------
    raw : pathlib.Path
        The raw-data folder.
    year : int, optional
        Start year of the return year, for a flat single-year folder.

    Returns
    -------
    Layout

    Raises
    ------
    InputError
        If ``raw`` is missing or holds no SSDA903 file in any known layout, a
        folder cannot be listed, or a folder is named like a return year but
        not ``YYYY-YY`` with consecutive years.
    """
    raw = Path(raw)
    if not raw.is_dir():
        raise InputError(f"{raw}: no such folder")
    files: list[SourceFile] = []
    ignored: list[str] = []
    if _scan_council(raw, raw, "", files, ignored):
        return Layout("folder-per-year", files, ignored)
    councils = False
    for p in _listing(raw, raw):
        if p.is_dir() and p.name.lower() != VS_FOLDER:
            councils |= _scan_council(p, raw, p.name, files, ignored)
    if councils:
        return Layout("council/folder-per-year", files, ignored)
    files, ignored = [], []
    prefixed: list[SourceFile] = []
    for p in _listing(raw, raw):
        m = _PREFIXED.match(p.stem)
        if p.is_file() and p.suffix.lower() == ".csv" and m:
            t = canonical_table(m.group(3))
            if t is not None and (m.group(2) is None or (int(m.group(1)) + 1) % 100 == int(m.group(2))):
                prefixed.append(SourceFile(t, int(m.group(1)), p, p.name))
    if prefixed:
        names = {f.path.name for f in prefixed}
        ignored = [p.name for p in _listing(raw, raw) if p.is_file() and p.name not in names
                   and p.name.lower() != f"{POSTCODE_LOOKUP}.csv"]
        vs = raw / VS_FOLDER
        if vs.is_dir():
            _scan_vs(vs, raw, "", prefixed)
        return Layout("year-prefixed", prefixed, ignored)
    _scan_folder(raw, raw, year, "", files, ignored)
    if not files:
        raise InputError(f"{raw}: no SSDA903 files found (expected a folder per return year "
                         "such as '2024-25/', files like '2024-episodes.csv', or episodes.csv)")
    vs = raw / VS_FOLDER
    if vs.is_dir():
        _scan_vs(vs, raw, "", files)
    return Layout("flat", files, ignored, year_inferred=year is None)

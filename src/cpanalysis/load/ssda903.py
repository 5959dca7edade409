"""Read SSDA903 CSV returns: one folder per return year.

Layout expected (what ``cpanalysis synth`` writes and what most case systems
export)::

    raw/
      2023-24/header.csv
      2023-24/episodes.csv
      2024-25/header.csv
      2024-25/episodes.csv

File names are matched without regard to case. Dates are ``dd/mm/YYYY``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import InputError

__all__ = ["COLUMNS", "Return903", "find_return_years", "read_returns", "read_table"]

#: DfE column names per table (the ones this reader requires).
COLUMNS: dict[str, tuple[str, ...]] = {
    "header": ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"),
    "episodes": (
        "CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
        "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN",
    ),
}

#: Columns holding ``dd/mm/YYYY`` dates.
DATE_COLUMNS: dict[str, tuple[str, ...]] = {
    "header": ("DOB", "MC_DOB"),
    "episodes": ("DECOM", "DEC"),
}

_YEAR_DIR = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass
class Return903:
    """The tables of one or more return years, typed.

    Attributes
    ----------
    tables : dict of str to pandas.DataFrame
        Table name (``"header"``, ``"episodes"``) to its rows from every return
        year read, with a ``YEAR`` column (start year of the return year) and a
        ``SOURCE_ROW`` column (file name and 1-based line number).
    years : list of int
        Return years read, oldest first.
    files : list of pathlib.Path
        Every file read, for hashing into the run log.
    """

    tables: dict[str, pd.DataFrame]
    years: list[int]
    files: list[Path] = field(default_factory=list)


def find_return_years(raw: Path) -> list[tuple[int, Path]]:
    """List the return-year folders (``2023-24`` and so on) under ``raw``.

    Raises
    ------
    InputError
        If ``raw`` does not exist or holds no return-year folder.
    """
    raw = Path(raw)
    if not raw.is_dir():
        raise InputError(f"{raw}: no such folder")
    found = []
    for p in sorted(raw.iterdir()):
        m = _YEAR_DIR.match(p.name)
        if p.is_dir() and m and (int(m.group(1)) + 1) % 100 == int(m.group(2)):
            found.append((int(m.group(1)), p))
    if not found:
        raise InputError(f"{raw}: no return-year folder such as '2024-25' found")
    return found


def _find_file(folder: Path, table: str) -> Path:
    for p in folder.iterdir():
        if p.is_file() and p.name.lower() == f"{table}.csv":
            return p
    raise InputError(f"{folder / (table + '.csv')}: file missing (the {table} table is required)")


def read_table(path: Path, table: str) -> pd.DataFrame:
    """Read one SSDA903 CSV table as text, parse its dates, check its columns.

    Parameters
    ----------
    path : pathlib.Path
        The CSV file.
    table : str
        Table name, a key of :data:`COLUMNS`.

    Returns
    -------
    pandas.DataFrame
        Every column as string (empty cells missing) except the date columns,
        which are ``datetime64``; plus ``SOURCE_ROW`` (the file's line number).

    Raises
    ------
    InputError
        If the file is not readable text or lacks a required column.
    """
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""],
                         encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except pd.errors.EmptyDataError:
        raise InputError(f"{path}: file is empty (expected a header row)") from None
    df.columns = [c.strip().upper() for c in df.columns]
    missing = [c for c in COLUMNS[table] if c not in df.columns]
    if missing:
        raise InputError(f"{path}: column {', '.join(missing)} missing")
    for col in DATE_COLUMNS[table]:
        parsed = pd.to_datetime(df[col], format="%d/%m/%Y", errors="coerce")
        bad = df[col].notna() & parsed.isna()
        if bad.any():
            i = int(bad.to_numpy().nonzero()[0][0])
            raise InputError(
                f"{path}: row {i + 2}, column {col}: {df[col].iloc[i]!r} is not a dd/mm/YYYY date"
            )
        df[col] = parsed
    df["SOURCE_ROW"] = [f"{path.name}:{i + 2}" for i in range(len(df))]
    return df


def read_returns(raw: Path, tables: tuple[str, ...] = ("header", "episodes")) -> Return903:
    """Read every return-year folder under ``raw``.

    Parameters
    ----------
    raw : pathlib.Path
        Folder holding one sub-folder per return year.
    tables : tuple of str
        Which tables to read; each must be present in every year.

    Returns
    -------
    Return903
    """
    years = find_return_years(raw)
    out: dict[str, list[pd.DataFrame]] = {t: [] for t in tables}
    files: list[Path] = []
    for year, folder in years:
        for t in tables:
            path = _find_file(folder, t)
            df = read_table(path, t)
            df.insert(0, "YEAR", year)
            out[t].append(df)
            files.append(path)
    return Return903(
        tables={t: pd.concat(v, ignore_index=True) for t, v in out.items()},
        years=[y for y, _ in years],
        files=files,
    )

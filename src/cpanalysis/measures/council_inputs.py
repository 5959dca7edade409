"""Inputs the council supplies that are not in the SSDA903: reading and checking them.

The readers here depend on nothing else in the measure stage, so
:class:`~cpanalysis.measures.data.MeasureData` can use them; the measures
read a council figure through :func:`cpanalysis.measures._frames.council_frame`.

Three documented CSV files (``docs/measures.md``, "Council inputs"):

``council_measures.csv``
    One row per measure and quarter for the scorecard measures the 903 cannot
    give (advocacy, PEPs, health assessment timeliness, stability meetings,
    ...). Columns: ``measure_id`` (e.g. ``P1.1``), ``quarter`` (``2024-25 Q3``
    or ``2024-25-Q3``), ``numerator``, ``denominator``, ``value``, ``source``
    (the system or team the figure comes from), and optionally ``council``
    (when one file holds several councils). For a count give ``numerator``
    (``value`` may repeat it); for a percentage give ``numerator`` and
    ``denominator`` (``value`` is then computed, so it cannot disagree); for an
    average give ``value`` and the number of children as ``denominator``.
    A measure with no row for the quarter is published as ``x`` (not
    available), never as 0.

``population.csv``
    0-17 population for G2: ``council_code``, ``council_name``, ``year`` (of
    the mid-year estimate), ``population_0_17``, ``source``. A copy ships with
    the package (``cpanalysis/measures/population.csv``); edit it or pass your
    own.

``postcodes.csv``
    Postcode lookup: ``postcode``, ``easting``, ``northing``,
    ``council_code`` and optionally ``council_name`` (the ONS Postcode
    Directory columns ``pcds``, ``oseast1m``, ``osnrth1m``, ``laua`` are
    accepted too).
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError
from ..quarters import Quarter

__all__ = ["COUNCIL_MEASURE_COLUMNS", "read_council_measures", "read_population"]

#: Required columns of ``council_measures.csv``.
COUNCIL_MEASURE_COLUMNS = ("measure_id", "quarter", "numerator", "denominator", "value", "source")


def _read_csv(path: Path, required: tuple[str, ...], what: str) -> pd.DataFrame:
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: {what} not found")
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read {what}: {exc}") from None
    df.columns = [c.strip() for c in df.columns]
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise InputError(f"{path}: {what} lacks column(s) {', '.join(missing)}")
    return df


def _numbers(df: pd.DataFrame, col: str, path: Path) -> pd.Series:
    raw = df[col].str.strip()
    out = pd.to_numeric(raw.replace("", np.nan), errors="coerce")
    bad = out.isna() & raw.ne("")
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0]) + 2
        raise InputError(f"{path}: row {row}: {col} {df[col].iloc[row - 2]!r} is not a number")
    return out


def read_council_measures(path: Path | str) -> pd.DataFrame:
    """Read ``council_measures.csv`` (see the module docstring).

    Raises
    ------
    InputError
        Missing file or column, a quarter that is not a quarter, or a number
        that is not a number.
    """
    path = Path(path)
    df = _read_csv(path, COUNCIL_MEASURE_COLUMNS, "council measures CSV")
    out = pd.DataFrame({"measure_id": df["measure_id"].str.strip()})
    out["quarter"] = [Quarter.parse(q).label for q in df["quarter"]]
    for col in ("numerator", "denominator", "value"):
        out[col] = _numbers(df, col, path)
    out["source"] = df["source"].str.strip()
    out["council"] = df["council"].str.strip() if "council" in df.columns else ""
    return out


def read_population(path: Path | str | None = None) -> pd.DataFrame:
    """Read the 0-17 population file (default: the copy shipped with the package)."""
    if path is None:
        with files("cpanalysis.measures").joinpath("population.csv").open("rb") as fh:
            df = pd.read_csv(fh, dtype=str, keep_default_na=False, comment="#")
        p = Path("population.csv")
    else:
        p = Path(path)
        df = _read_csv(p, (), "population CSV")
        df = df.loc[~df.iloc[:, 0].str.startswith("#")]
    need = ("council_code", "year", "population_0_17", "source")
    missing = [c for c in need if c not in df.columns]
    if missing:
        raise InputError(f"{p}: population CSV lacks column(s) {', '.join(missing)}")
    out = df[[c for c in ("council_code", "council_name", "year", "population_0_17", "source") if c in df]].copy()
    out["year"] = _numbers(df, "year", p).astype("int64")
    out["population_0_17"] = _numbers(df, "population_0_17", p)
    return out.reset_index(drop=True)

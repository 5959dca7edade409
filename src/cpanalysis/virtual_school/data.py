"""The Virtual School extract joined to the children's care histories.

The extract (``virtual_school/*.csv``; schema in ``docs/virtual-school-schema.md``)
has one row per child per academic year in ``pupils``, termly ``peps``, tidy
``results`` (one row per child, key stage and measure) and post-16
``destinations``. Care histories (periods of care, placements) come from the
SSDA903 returns, stitched by :mod:`cpanalysis.derive`, so that cohorts follow
DfE's definition and placement counts follow the project's counting rule.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from .._memo import Memo
from ..errors import InputError

__all__ = ["EXTRACT_FILE", "EXTRACT_TABLES", "INPUT_KEY", "VirtualSchoolData", "extract_path", "has_extract",
           "load_if_supplied", "load_virtual_school", "nc_year_number", "prepare"]

#: Where the Virtual School extract is looked for, relative to the raw-data folder
#: (``docs/virtual-school-schema.md``; with several councils, ``<council>/virtual_school/``).
EXTRACT_FILE = "virtual_school/pupils.csv"

_INT_COLUMNS = ("DAYS_IN_CARE", "SESSIONS_POSSIBLE", "SESSIONS_ATTENDED", "SUSPENSIONS",
                "PERMANENT_EXCLUSION", "SCHOOL_MOVES", "PLACEMENT_MOVES")
_PUPIL_COLUMNS = ("CHILD", "ACADEMIC_YEAR", "NC_YEAR", "SCHOOL_URN", "PHASE", "OFSTED_GRADE", "SEN")


@dataclass(frozen=True)
class VirtualSchoolData(Memo):
    """Everything the Virtual School analysis reads, typed.

    Attributes
    ----------
    pupils : pandas.DataFrame
        One row per child per academic year: ``CHILD``, ``year`` (start year,
        int), ``nc`` (national curriculum year as a number: Reception 0, nursery
        -2/-1), ``PHASE``, ``OFSTED_GRADE``, ``SEN``, ``SCHOOL_URN``,
        ``SCHOOL_LA`` (missing when the extract has no such column), whole-number
        columns for sessions, suspensions, exclusions and moves.
    peps : pandas.DataFrame
        ``CHILD``, ``year``, ``PEP_DATE`` (datetime), ``COMPLETED_IN_TIME``, ``QUALITY``.
    results : pandas.DataFrame
        ``CHILD``, ``year``, ``KEY_STAGE``, ``MEASURE``, ``VALUE`` (text).
    destinations : pandas.DataFrame
        ``CHILD``, ``year`` (the year 11 year), ``DESTINATION``.
    periods, placements : pandas.DataFrame
        From :func:`cpanalysis.derive.periods_table` / :func:`~cpanalysis.derive.placements_table`.
    episodes : pandas.DataFrame
        Stitched episodes with periods and placements.
    children : pandas.DataFrame
        One row per child: ``CHILD`` and ``DOB`` (from the SSDA903 header).

    Answers computed from the tables are kept (:class:`cpanalysis._memo.Memo`):
    :func:`cpanalysis.virtual_school.outcomes.pupil_frame` per academic year
    and cohort definition.
    """

    pupils: pd.DataFrame
    peps: pd.DataFrame
    results: pd.DataFrame
    destinations: pd.DataFrame
    periods: pd.DataFrame
    placements: pd.DataFrame
    episodes: pd.DataFrame
    children: pd.DataFrame

    @property
    def academic_years(self) -> list[int]:
        """Academic years (start years) in the extract, oldest first."""
        return sorted(int(y) for y in self.pupils["year"].unique())


def nc_year_number(values: pd.Series) -> pd.Series:
    """National curriculum year codes as numbers: ``"R"`` 0, ``"N1"`` -2, ``"N2"`` -1, ``"6"`` 6."""
    s = values.astype("str").str.strip().str.upper()
    out = pd.to_numeric(s, errors="coerce")
    out = out.mask(s == "R", 0).mask(s == "N1", -2).mask(s == "N2", -1)
    return out.astype("Int64")


def _year(col: pd.Series) -> pd.Series:
    return pd.to_numeric(col.astype("str").str[:4], errors="coerce").astype("Int64")


def _ints(df: pd.DataFrame, cols: tuple[str, ...]) -> pd.DataFrame:
    out = df.copy()
    for c in cols:
        if c in out.columns:
            out[c] = pd.to_numeric(out[c], errors="coerce").astype("Int64")
    return out


def _strip(df: pd.DataFrame) -> pd.DataFrame:
    return df.drop(columns=[c for c in ("SOURCE_FILE", "SOURCE_ROW", "COUNCIL", "YEAR") if c in df.columns])


def _school_location(school_la: pd.Series, episodes: pd.DataFrame) -> pd.Series:
    """``In borough`` / ``Out of borough`` from the school's council code and the home council.

    The home council is the one derive found for the children's home postcodes
    (``home_council`` on built episodes, :func:`cpanalysis.derive.geography.home_councils`);
    without it, or without a school council, the location is missing (shown as
    not available). Council codes themselves are never published.
    """
    home = episodes["home_council"].dropna() if "home_council" in episodes.columns else pd.Series(dtype=object)
    if home.empty:
        return pd.Series(pd.NA, index=school_la.index, dtype="str")
    code = str(home.mode().iloc[0])
    known = school_la.notna()
    out = pd.Series(pd.NA, index=school_la.index, dtype="str")
    out[known] = (school_la[known].astype(str) == code).map({True: "In borough", False: "Out of borough"})
    return out


def prepare(tables: dict[str, pd.DataFrame]) -> VirtualSchoolData:
    """Type the raw tables (``vs_pupils``, ``vs_peps``, ``vs_results``,
    ``vs_destinations``, stitched ``episodes`` with periods and placements,
    ``header``) into :class:`VirtualSchoolData`.

    Raises
    ------
    InputError
        When the Virtual School extract or a required column is missing.
    """
    missing = [t for t in ("vs_pupils", "vs_results") if t not in tables]
    if missing:
        raise InputError(f"Virtual School extract missing: {', '.join(m[3:] + '.csv' for m in missing)}")
    pupils = _strip(tables["vs_pupils"])
    absent = [c for c in _PUPIL_COLUMNS if c not in pupils.columns]
    if absent:
        raise InputError(f"Virtual School pupils.csv lacks columns: {', '.join(absent)}")
    pupils = _ints(pupils, _INT_COLUMNS)
    pupils["year"] = _year(pupils["ACADEMIC_YEAR"])
    pupils["nc"] = nc_year_number(pupils["NC_YEAR"])
    if "SCHOOL_LA" not in pupils.columns:
        pupils["SCHOOL_LA"] = pd.Series(pd.NA, index=pupils.index, dtype="str")
    pupils["SCHOOL_LA"] = _school_location(pupils["SCHOOL_LA"], tables["episodes"])
    results = _strip(tables["vs_results"]).assign(year=lambda d: _year(d["ACADEMIC_YEAR"]))
    peps = _strip(tables.get("vs_peps", pd.DataFrame(columns=["CHILD", "ACADEMIC_YEAR", "PEP_DATE",
                                                              "COMPLETED_IN_TIME", "QUALITY"])))
    peps = peps.assign(year=_year(peps["ACADEMIC_YEAR"]), PEP_DATE=pd.to_datetime(peps["PEP_DATE"]))
    dest = _strip(tables.get("vs_destinations", pd.DataFrame(columns=["CHILD", "ACADEMIC_YEAR", "DESTINATION"])))
    dest = dest.assign(year=_year(dest["ACADEMIC_YEAR"]))
    episodes = tables["episodes"]
    from ..derive import periods_table, placements_table

    periods = periods_table(episodes)
    placements = placements_table(episodes)
    header = tables["header"]
    order = "YEAR" if "YEAR" in header.columns else "CHILD"
    children = (header.sort_values(order, kind="stable").drop_duplicates("CHILD", keep="last")
                [["CHILD", "DOB"]].reset_index(drop=True))
    return VirtualSchoolData(pupils=pupils.reset_index(drop=True), peps=peps.reset_index(drop=True),
                             results=results.reset_index(drop=True), destinations=dest.reset_index(drop=True),
                             periods=periods, placements=placements, episodes=episodes, children=children)


#: The extract's tables that a named pupils file is read with, from the same folder.
EXTRACT_TABLES = ("pupils", "results", "peps", "destinations")

#: The settings' key (``[inputs]``) and the run's parameter key that names the extract.
INPUT_KEY = "virtual_school"


def extract_path(inputs: Mapping[str, Any] | None) -> Path | None:
    """The extract named in the run's inputs (``inputs["virtual_school"]``), or None when none is named.

    A council's settings may name the extract (``[inputs] virtual_school = ...``,
    :data:`cpanalysis.settings.INPUT_KEYS`): a folder holding the extract's
    CSV files, or its ``pupils.csv`` (by any name; the other tables are read
    from beside it). Without it the extract is looked for in the raw-data
    folder (:data:`EXTRACT_FILE`).

    Raises
    ------
    InputError
        When a path is named but does not exist: the council asked for an
        extract, so a briefing without it would be wrong, not merely shorter.
    """
    named = (inputs or {}).get(INPUT_KEY)
    if named is None or not str(named).strip():
        return None
    path = Path(named)
    if not path.exists():
        raise InputError(f"Virtual School extract named in the settings ([inputs] {INPUT_KEY}) not found: {path}")
    return path


def _named_files(path: Path) -> dict[str, Path]:
    """The extract's CSV files by table (``vs_pupils``...), from a named folder or pupils file."""
    if path.is_file():
        files = {"vs_pupils": path}
        for name in EXTRACT_TABLES[1:]:
            found = [q for q in sorted(path.parent.iterdir()) if q.is_file() and q.name.lower() == f"{name}.csv"]
            if found:
                files[f"vs_{name}"] = found[0]
        return files
    files = {}  # every CSV in the folder, named as the loader names them (cpanalysis.load.layout)
    for q in sorted(path.iterdir()):
        if q.is_file() and q.suffix.lower() == ".csv":
            files["vs_" + re.sub(r"[^a-z0-9]+", "_", q.stem.lower()).strip("_")] = q
    if "vs_pupils" not in files:
        raise InputError(f"Virtual School extract folder named in the settings ([inputs] {INPUT_KEY}) has no "
                         f"pupils.csv: {path}")
    return files


def _read_named(path: Path) -> dict[str, pd.DataFrame]:
    from ..load.csv import read_csv_table

    return {t: read_csv_table(f, None, label=f.name) for t, f in _named_files(path).items()}


def _care_tables(raw_dir: str | Path, processed_dir: str | Path | None) -> dict[str, pd.DataFrame]:
    """Stitched episodes and the header (``children`` of a build), with whatever extract tables they hold."""
    from ..derive import assign_periods, assign_placements, read_processed, stitch_episodes

    if processed_dir is not None and (Path(processed_dir) / "manifest.json").is_file():
        tables = dict(read_processed(Path(processed_dir)))
        tables["header"] = tables["children"]
        return tables
    from ..load import read_returns

    ret = read_returns(Path(raw_dir))
    tables = dict(ret.tables)
    tables["episodes"] = assign_placements(assign_periods(stitch_episodes(ret.tables["episodes"])))
    return tables


def load_virtual_school(raw_dir: str | Path, processed_dir: str | Path | None = None, *,
                        extract: str | Path | None = None) -> VirtualSchoolData:
    """Read the Virtual School extract and the SSDA903 returns it joins to.

    When ``processed_dir`` holds a build (``cpanalysis build``), its validated,
    stitched tables are used; otherwise the returns under ``raw_dir`` are read
    and stitched in memory (:func:`cpanalysis.derive.stitch_episodes`,
    periods and placements under the default counting rule).

    Parameters
    ----------
    raw_dir : path-like
        Raw-data folder holding return-year folders and ``virtual_school/``.
    processed_dir : path-like, optional
        A build folder.
    extract : path-like, optional
        The extract named in the council's settings (:func:`extract_path`):
        a folder of its CSV files or its pupils file. It replaces any extract
        in the raw-data folder or the build.

    Returns
    -------
    VirtualSchoolData

    Raises
    ------
    InputError
        When there is no extract (see :func:`load_if_supplied` for a briefing
        that goes on without one), or it lacks a table or column.
    """
    tables = _care_tables(raw_dir, processed_dir)
    if extract is not None:
        tables = {k: v for k, v in tables.items() if not k.startswith("vs_")}
        tables.update(_read_named(Path(extract)))
    elif "vs_pupils" not in tables and processed_dir is not None and (Path(processed_dir) / "manifest.json").is_file():
        # A build made before the extract was added: read the extract from the raw folder.
        from ..load import read_returns

        got = read_returns(Path(raw_dir))
        tables.update({k: v for k, v in got.tables.items() if k.startswith("vs_")})
    if "vs_pupils" not in tables:
        raise InputError(f"{raw_dir}: no Virtual School extract ({EXTRACT_FILE}) found")
    return prepare(tables)


def has_extract(raw_dir: str | Path, processed_dir: str | Path | None = None, *,
                inputs: Mapping[str, Any] | None = None) -> bool:
    """Whether a Virtual School extract was supplied (many councils' data has none).

    True when the run's inputs name one (:func:`extract_path`), the build in
    ``processed_dir`` holds the extract's pupils table, or the raw-data folder
    has ``virtual_school/pupils.csv`` (:data:`EXTRACT_FILE`; in any council
    folder, file names matched without regard to case, as the loader does,
    :func:`cpanalysis.load.layout.discover`).

    Parameters
    ----------
    raw_dir : path-like
    processed_dir : path-like, optional
    inputs : mapping, optional
        The run's inputs (notebook parameter ``inputs``); key ``virtual_school``.

    Raises
    ------
    InputError
        When ``raw_dir`` is not a raw-data folder at all (no SSDA903 returns),
        or the inputs name an extract that does not exist.
    """
    if extract_path(inputs) is not None:
        return True
    if processed_dir is not None and (Path(processed_dir) / "vs_pupils.parquet").is_file():
        return True
    from ..load.layout import discover

    return any(f.table == "vs_pupils" for f in discover(Path(raw_dir)).files)


def load_if_supplied(raw_dir: str | Path, processed_dir: str | Path | None = None, *,
                     inputs: Mapping[str, Any] | None = None) -> VirtualSchoolData | None:
    """:func:`load_virtual_school`, or None when no extract was supplied (:func:`has_extract`).

    The annual briefing passes the None on to its sections, which then say that
    no extract was supplied and how to supply one
    (:func:`cpanalysis.virtual_school.sections.no_extract_section`).

    Parameters
    ----------
    raw_dir, processed_dir : path-like
    inputs : mapping, optional
        The run's inputs (the notebooks' ``inputs`` parameter); an extract
        named under ``virtual_school`` is honoured (:func:`extract_path`).
    """
    if not has_extract(raw_dir, processed_dir, inputs=inputs):
        return None
    return load_virtual_school(raw_dir, processed_dir, extract=extract_path(inputs))

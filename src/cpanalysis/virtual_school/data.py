"""The Virtual School extract joined to the children's care histories.

The extract (``virtual_school/*.csv``; schema in ``docs/virtual-school-schema.md``)
has one row per child per academic year in ``pupils``, termly ``peps``, tidy
``results`` (one row per child, key stage and measure) and post-16
``destinations``. Care histories (periods of care, placements) come from the
SSDA903 returns, stitched by :mod:`cpanalysis.derive`, so that cohorts follow
DfE's definition and placement counts follow the project's counting rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .._memo import Memo
from ..errors import InputError

__all__ = ["EXTRACT_FILE", "VirtualSchoolData", "has_extract", "load_if_supplied", "load_virtual_school", "nc_year_number",
           "prepare"]

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


def load_virtual_school(raw_dir: str | Path, processed_dir: str | Path | None = None) -> VirtualSchoolData:
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

    Returns
    -------
    VirtualSchoolData
    """
    from ..derive import assign_periods, assign_placements, read_processed, stitch_episodes

    if processed_dir is not None and (Path(processed_dir) / "manifest.json").is_file():
        got = read_processed(Path(processed_dir))
        if "vs_pupils" in got:
            tables = dict(got)
            tables["header"] = got["children"]
            return prepare(tables)
    from ..load import read_returns

    ret = read_returns(Path(raw_dir))
    tables = dict(ret.tables)
    if "vs_pupils" not in tables:
        raise InputError(f"{raw_dir}: no Virtual School extract (virtual_school/pupils.csv) found")
    tables["episodes"] = assign_placements(assign_periods(stitch_episodes(ret.tables["episodes"])))
    return prepare(tables)




def has_extract(raw_dir: str | Path, processed_dir: str | Path | None = None) -> bool:
    """Whether a Virtual School extract was supplied (many councils' data has none).

    True when the build in ``processed_dir`` holds the extract's pupils table,
    or the raw-data folder has ``virtual_school/pupils.csv`` (:data:`EXTRACT_FILE`;
    in any council folder, file names matched without regard to case, as the
    loader does, :func:`cpanalysis.load.layout.discover`).

    Parameters
    ----------
    raw_dir : path-like
    processed_dir : path-like, optional

    Raises
    ------
    InputError
        When ``raw_dir`` is not a raw-data folder at all (no SSDA903 returns).
    """
    if processed_dir is not None and (Path(processed_dir) / "vs_pupils.parquet").is_file():
        return True
    from ..load.layout import discover

    return any(f.table == "vs_pupils" for f in discover(Path(raw_dir)).files)


def load_if_supplied(raw_dir: str | Path, processed_dir: str | Path | None = None) -> VirtualSchoolData | None:
    """:func:`load_virtual_school`, or None when no extract was supplied (:func:`has_extract`).

    The annual briefing passes the None on to its sections, which then say that
    no extract was supplied and how to supply one
    (:func:`cpanalysis.virtual_school.sections.no_extract_section`).
    """
    if not has_extract(raw_dir, processed_dir):
        return None
    return load_virtual_school(raw_dir, processed_dir)

"""What a measure is computed from: the council's tables, stitched and typed.

:class:`MeasureData` holds one council's tables, or several councils' at once
(a ``COUNCIL`` column, as the national-scale benchmark data has). Every
computation groups by council once, so a measure for 150 councils costs
about as much as for one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from .._memo import Memo, memoised
from ..derive.build import read_manifest, read_processed
from ..derive.episodes import stitch_episodes
from ..derive.geography import home_councils, read_postcode_lookup
from ..derive.periods import assign_periods, periods_table
from ..derive.placements import assign_placements, placements_table
from ..errors import InputError
from ..load import Return903
from ..quarters import Quarter
from .council_inputs import read_council_measures, read_population

__all__ = ["MeasureData", "SINGLE", "memoised"]

#: Council label used when the data hold one council without a ``COUNCIL`` column.
SINGLE = ""


@dataclass
class MeasureData(Memo):
    """The tables measures read, for one council or several.

    Answers computed from the tables are kept (:meth:`memo`, :func:`memoised`).

    Attributes
    ----------
    tables : dict of str to pandas.DataFrame
        SSDA903 tables by canonical name (``"header"`` or ``"children"``,
        ``"episodes"``, ``"oc2"``, ...) with every return year read, plus any
        derived tables (``periods``, ``placements``) and the Virtual School
        extract (``vs_*``). A table that is absent makes the measures that
        need it "not available".
    years : list of int
        Start years of the return years in the data, oldest first.
    extra : dict of str to pandas.DataFrame
        Inputs that are not from the 903: ``council_measures`` (the council's
        CSV for non-903 measures, :mod:`cpanalysis.measures.council_inputs`),
        ``population`` (0-17 population for G2), ``postcodes`` (postcode to
        easting, northing and council lookup).
    council_code : str, optional
        The council's code (e.g. ``E06000049``) for a single-council dataset;
        used to find its population and to tell out-of-borough placements.
        Inferred from the home postcodes when a postcode lookup is given.
    """

    tables: dict[str, pd.DataFrame]
    years: list[int]
    extra: dict[str, pd.DataFrame] = field(default_factory=dict)
    council_code: str | None = None

    # -- construction -----------------------------------------------------
    @classmethod
    def from_returns(cls, returns: Return903, **extra: pd.DataFrame) -> "MeasureData":
        """Build from :func:`cpanalysis.load.read_returns` output."""
        return cls(tables=dict(returns.tables), years=list(returns.years), extra=dict(extra))

    @classmethod
    def from_processed(
        cls,
        processed: Path | str,
        *,
        council_measures: Path | str | None = None,
        population: Path | str | None = None,
        postcodes: Path | str | None = None,
        council_code: str | None = None,
    ) -> "MeasureData":
        """Build from a ``cpanalysis build`` folder (:func:`cpanalysis.derive.read_processed`).

        Parameters
        ----------
        processed : path
            The processed folder.
        council_measures : path, optional
            The council's CSV of non-903 measures (default:
            ``processed/council_measures.csv`` when it exists).
        population : path, optional
            0-17 population CSV for G2 (default: the shipped, editable
            ``cpanalysis/measures/population.csv``).
        postcodes : path, optional
            Postcode lookup CSV (``postcode, easting, northing,
            council_code[, council_name]``); default ``processed/postcodes.csv``
            or ``processed/postcodes.parquet`` when present.
        council_code : str, optional
            The council's code when the data hold one council.

        Raises
        ------
        InputError
            No build in the folder, or an input file that cannot be read.
        """
        processed = Path(processed)
        tables = read_processed(processed)
        try:
            years = [int(y[:4]) for y in read_manifest(processed).get("return_years", [])]
        except (ValueError, KeyError, OSError):
            years = []
        if not years and "episodes" in tables and "YEAR" in tables["episodes"]:
            years = sorted(int(y) for y in tables["episodes"]["YEAR"].unique())
        extra: dict[str, pd.DataFrame] = {}
        cm = Path(council_measures) if council_measures else processed / "council_measures.csv"
        if council_measures or cm.is_file():
            extra["council_measures"] = read_council_measures(cm)
        extra["population"] = read_population(population)
        pc = Path(postcodes) if postcodes else None
        if pc is None:
            for cand in (processed / "postcodes.parquet", processed / "postcodes.csv"):
                if cand.is_file():
                    pc = cand
                    break
        if "postcodes" in tables and pc is None:
            extra["postcodes"] = tables.pop("postcodes")
        elif pc is not None:
            extra["postcodes"] = read_postcode_lookup(pc)
        return cls(tables=tables, years=years, extra=extra, council_code=council_code)

    # -- tables -------------------------------------------------------------
    def table(self, name: str) -> pd.DataFrame | None:
        """A table by name, or ``None`` when the input does not have it."""
        if name == "header" and "header" not in self.tables:
            return self.tables.get("children")
        return self.tables.get(name)

    @cached_property
    def episodes(self) -> pd.DataFrame:
        """Episodes stitched across return years, with periods and placements.

        From a build these are read as written (derive's rule); from raw
        returns they are stitched with :func:`stitch_episodes` and given
        periods and placements with derive's default placement rule.
        """
        ep = self.tables["episodes"]
        if "placement_id" not in ep.columns:
            ep = assign_placements(assign_periods(stitch_episodes(ep)))
        return ep

    @cached_property
    def periods(self) -> pd.DataFrame:
        """Periods of care (derive's ``periods`` table)."""
        p = self.tables.get("periods")
        return p if p is not None else periods_table(self.episodes)

    @cached_property
    def placements(self) -> pd.DataFrame:
        """Placements (derive's ``placements`` table)."""
        p = self.tables.get("placements")
        return p if p is not None else placements_table(self.episodes)

    @cached_property
    def children(self) -> pd.DataFrame:
        """One row per child with ``DOB`` (latest header row)."""
        hdr = self.table("header")
        if hdr is None:
            raise InputError("the data have no header table (children's dates of birth)")
        keys = ["COUNCIL", "CHILD"] if "COUNCIL" in hdr.columns else ["CHILD"]
        if "YEAR" in hdr.columns:
            hdr = hdr.sort_values("YEAR", kind="stable")
        return hdr.drop_duplicates(keys, keep="last").reset_index(drop=True)

    # -- councils -----------------------------------------------------------
    @property
    def multi_council(self) -> bool:
        """True when the tables carry a ``COUNCIL`` column."""
        return "COUNCIL" in self.tables.get("episodes", pd.DataFrame()).columns

    @cached_property
    def councils(self) -> list[str]:
        """Council labels, sorted (one :data:`SINGLE` label for single-council data)."""
        if self.multi_council:
            return sorted(str(c) for c in self.episodes["COUNCIL"].unique())
        return [SINGLE]

    def council_of(self, frame: pd.DataFrame) -> np.ndarray:
        """The council label of every row of ``frame``."""
        if "COUNCIL" in frame.columns:
            return frame["COUNCIL"].astype(str).to_numpy(dtype=object)
        return np.full(len(frame), SINGLE, dtype=object)

    @cached_property
    def home_council(self) -> dict[str, str | None]:
        """Council code per council label (:func:`cpanalysis.derive.geography.home_councils`):
        :attr:`council_code` when given, a label that is itself a council code,
        else the council most home postcodes fall in."""
        return home_councils(self.episodes, self.extra.get("postcodes"), self.council_code)

    # -- coverage -------------------------------------------------------------
    @property
    def first_day(self) -> date | None:
        """1 April of the first return year in the data."""
        return date(self.years[0], 4, 1) if self.years else None

    @property
    def last_day(self) -> date | None:
        """31 March closing the last return year in the data."""
        return date(self.years[-1] + 1, 3, 31) if self.years else None

    def covers(self, quarter: Quarter) -> bool:
        """True when the quarter lies inside the return years of the data."""
        return bool(self.years) and self.first_day <= quarter.start and quarter.end <= self.last_day

    def check_quarter(self, quarter: Quarter) -> None:
        """Raise :class:`InputError` when the quarter is outside the data."""
        if not self.covers(quarter):
            span = (f"{Quarter(self.years[0], 1).label} to {Quarter(self.years[-1], 4).label}"
                    if self.years else "no return years")
            raise InputError(f"quarter {quarter.label} is outside the data ({span})")

    def window_covered(self, start: date) -> bool:
        """True when a window starting on ``start`` begins inside the data."""
        return self.first_day is not None and start >= self.first_day

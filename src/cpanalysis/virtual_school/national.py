"""National comparators for the Virtual School: England's figures, each with its year and release.

Two sources, one shape (:class:`NationalFigure`):

* **DfE's outcomes release** ("Outcomes for children in need, including
  children looked after by local authorities in England"), read from a
  council's folder of DfE downloads (the run's ``inputs["benchmarks"]``) by
  :func:`dfe_figures`: England's row (``geographic_level`` National) of
  ``ks2_la``, ``ks4_la``, ``absence_la`` and the exclusions file, social care
  group "CLA 12 months at 31 March", in the DfE column each Virtual School
  measure is mapped to (:data:`cpanalysis.benchmarks.mapping.BENCHMARKS`,
  ``VS.<key>``). The value is DfE's published figure as printed (percentages
  to DfE's own decimals, averages to one decimal), never recomputed from the
  rounded counts. Where a folder holds two releases of a file, each year's
  figure comes from the latest release that covers it. A release is named
  by its reporting year, the end of the latest academic year it covers (the
  release whose latest year is 2024/25 is "Outcomes for children in need
  2025"), so a figure is labelled "England 2023-24 (DfE, Outcomes for
  children in need 2025)".
* **``national.toml``** beside this module: figures typed in with their
  source and academic year (DfE's all-pupil headlines, which the LA-level
  outcome files do not carry, and the outcomes release's England figures for
  recent years, so a run without a folder still has them).

The demo's folder holds synthetic files in the outcomes release's format
(:mod:`cpanalysis.synth.published`): their figures are labelled "synthetic
DfE-format data for the demo, not published figures", and no typed-in
figure for children in care is mixed with them (:attr:`NationalFigures.synthetic`).

:func:`national_for_run` gives a run its figures: DfE's where the run has a
folder, each figure the folder does not have from ``national.toml``. A figure
is looked up by measure (a key of :data:`cpanalysis.virtual_school.outcomes.MEASURES`),
group (``"cla"``: children looked after continuously for 12 months at
31 March, DfE's outcomes cohort; ``"all"``: all pupils in England) and
academic year. There is no fallback to another year: a missing figure is
"no national figure published".

The attendance rate is not taken from DfE: DfE's is the share of all
possible sessions attended, ours the average of pupils' attendance, which
weighs each pupil equally.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import pandas as pd

from .years import academic_year_label

__all__ = [
    "DFE_MEASURES", "GROUPS", "NATIONAL_VERSION", "NO_FIGURE", "NationalFigure", "NationalFigures", "dfe_figures",
    "national_figure", "national_figures", "national_for_run", "release_name", "toml_figures",
]

GROUPS = {"cla": "children in care nationally", "all": "all pupils nationally"}

#: What a table cell says where no national figure is published for the measure and year.
NO_FIGURE = "no national figure published"

#: Virtual School measures whose England figure for children in care is read from DfE's outcomes release
#: (the ``VS.<key>`` entries of :data:`cpanalysis.benchmarks.mapping.BENCHMARKS`, attendance excepted).
DFE_MEASURES = ("ks2_read", "ks2_writ", "ks2_mat", "ks2_rwm", "basics4", "basics5", "att8", "p8",
                "persistent_absence", "suspended", "permanent_exclusion")

_OUTCOME_TABLES = ("ks2_la", "ks4_la", "absence_la", "permanent_exclusions_and_suspensions_la")
_SHORT_RELEASE = "DfE, Outcomes for children in need"


@dataclass(frozen=True)
class NationalFigure:
    """One published national figure.

    Attributes
    ----------
    measure : str
        A key of :data:`cpanalysis.virtual_school.outcomes.MEASURES`.
    group : str
        ``"cla"`` or ``"all"`` (:data:`GROUPS`).
    year : str
        Academic year, ``"2023-24"``.
    value : float
        As published: a percentage (0-100) or an average.
    unit : str
        ``"percent"`` or ``"points"``.
    source : str
        The release, e.g. ``"DfE, Outcomes for children in need 2025"``.
    """

    measure: str
    group: str
    year: str
    value: float
    unit: str
    source: str

    @property
    def proportion(self) -> float:
        """The value as a proportion (percent figures only)."""
        return self.value / 100.0

    @property
    def label(self) -> str:
        """``"England 2023-24 (DfE, Outcomes for children in need 2025)"``."""
        return f"England {self.year} ({self.source})"

    def formatted(self) -> str:
        """The value as a table prints it: ``"34%"``, ``"18.2"``."""
        return f"{self.value:g}%" if self.unit == "percent" else f"{self.value:g}"


@dataclass(frozen=True)
class NationalFigures:
    """A run's national figures and where they came from.

    Attributes
    ----------
    figures : tuple of NationalFigure
    from_dfe_files : bool
        True when the children-in-care figures were read from DfE's files in
        the run's benchmarks folder (else they are ``national.toml``'s).
    synthetic : bool
        True when those files are the demo's synthetic DfE-format files
        (:mod:`cpanalysis.synth.published`): then no typed-in figure for
        children in care is added (they would cite DfE's real releases beside
        made-up ones), and every figure's source is the synthetic label.
    """

    figures: tuple[NationalFigure, ...]
    from_dfe_files: bool = False
    synthetic: bool = False

    @property
    def synthetic_words(self) -> str:
        """Where the figures come from, in words, for the demo's synthetic DfE-format files; else ``""``."""
        if not self.synthetic:
            return ""
        return ("England's figures for children in care are synthetic: they come from files in the format of "
                "DfE's release \u201cOutcomes for children in need, including children looked after by local "
                "authorities in England\u201d made up for this demonstration, with England the sum of fictional "
                "councils; they are not DfE's published figures, and each is labelled so. Figures for all pupils "
                "are DfE's real national headlines, named in each table.")

    def figure(self, measure: str, group: str, year: int) -> NationalFigure | None:
        """The figure for ``measure``, ``group`` and academic year ``year`` (start year), or None."""
        label = academic_year_label(year)
        for f in self.figures:
            if f.measure == measure and f.group == group and f.year == label:
                return f
        return None

    def sources(self) -> list[str]:
        """Each release or publication the figures come from, once, in order of first use."""
        return list(dict.fromkeys(f.source for f in self.figures))


def _toml_doc() -> dict:
    text = files("cpanalysis.virtual_school").joinpath("national.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@lru_cache(maxsize=1)
def _load() -> tuple[str, tuple[NationalFigure, ...]]:
    doc = _toml_doc()
    figs = [NationalFigure(f["measure"], f["group"], f["year"], float(f["value"]), f["unit"], f["source"])
            for f in doc.get("figure", [])]
    for rel in doc.get("release", []):
        figs += [NationalFigure(m, rel["group"], y, float(v), u, rel["source"]) for m, y, v, u in rel["figures"]]
    return str(doc["version"]), tuple(figs)


NATIONAL_VERSION = _load()[0]


def national_figures() -> tuple[NationalFigure, ...]:
    """Every figure in ``national.toml``."""
    return _load()[1]


def toml_figures() -> NationalFigures:
    """``national.toml``'s figures as a run's set (no folder of DfE downloads)."""
    return NationalFigures(national_figures(), from_dfe_files=False)


def national_figure(measure: str, group: str, year: int) -> NationalFigure | None:
    """The ``national.toml`` figure for ``measure``, ``group`` and academic year ``year``, or None."""
    return toml_figures().figure(measure, group, year)


def release_name(latest_year: str) -> str:
    """The outcomes release whose latest academic year is ``latest_year``: ``"2024-25"`` ->
    ``"DfE, Outcomes for children in need 2025"`` (DfE names it by reporting year)."""
    start = int(str(latest_year)[:4])
    return f"{_SHORT_RELEASE} {start + 1}"


def _release_latest(release: str, fallback: str) -> str:
    """The latest academic year of a release named like the importer names it ("..., 2024/25 release")."""
    m = re.search(r"([0-9]{4})/([0-9]{2}) release", release)
    return f"{m.group(1)}-{m.group(2)}" if m else fallback


def _outcome_rows(path: Path) -> pd.DataFrame:
    """The tidy rows (:data:`cpanalysis.benchmarks.read.COLUMNS`) of DfE's outcome files under ``path``.

    ``path`` is a folder of downloads (searched at any depth) or a store
    written by ``cpanalysis benchmarks import``. Adds ``latest``: the latest
    academic year of the file the row came from (its release).
    """
    from ..benchmarks.read import read_file, table_name

    if path.is_file():
        from ..benchmarks.store import load

        f = load(path).figures
        f = f.loc[f["table"].astype(str).isin(_OUTCOME_TABLES)]
        # a store keeps only the years no later release covers, so the release's own name says its latest year
        latest = {r: _release_latest(str(r), str(g.max())) for r, g in f.groupby("release", observed=True)["year"]}
        return f.assign(latest=f["release"].astype(str).map(latest))
    frames = []
    for p in sorted(path.rglob("*.csv*")):
        if table_name(p) in _OUTCOME_TABLES:
            t = read_file(p)
            frames.append(t.assign(latest=str(t["year"].max())))
    if not frames:
        return pd.DataFrame()
    return pd.concat(frames, ignore_index=True)


@lru_cache(maxsize=8)
def _dfe_cached(path: str) -> tuple[tuple[NationalFigure, ...], frozenset[tuple[str, str]]]:
    """(figures, (measure, year) pairs DfE's rows mark as not published)."""
    from ..benchmarks.mapping import BENCHMARKS
    from ..benchmarks.read import SYNTHETIC_RELEASE

    rows = _outcome_rows(Path(path))
    if rows.empty:
        return (), frozenset()
    rows = rows.loc[rows["area_type"].astype(str) == "national"]
    out, withheld = [], set()
    for key in DFE_MEASURES:
        b = BENCHMARKS[f"VS.{key}"]
        sel = rows.loc[(rows["table"].astype(str) == b.table) & (rows["measure"] == b.indicator)
                       & rows["breakdown"].isin(b.rows)]
        # the latest release covering each year wins (a folder may hold several releases of a file)
        sel = sel.sort_values("latest").drop_duplicates(["year"], keep="last")
        for r in sel.sort_values("year").itertuples(index=False):
            if pd.isna(r.value):   # x (not published that year, e.g. no KS2 tests in 2019/20 and 2020/21)
                withheld.add((key, str(r.year)))
                continue
            unit = "percent" if b.unit == "percent" else "points"
            made_up = str(r.release) == SYNTHETIC_RELEASE
            source = SYNTHETIC_RELEASE if made_up else release_name(r.latest)
            out.append(NationalFigure(key, "cla", str(r.year), float(r.value), unit, source))
    return tuple(out), frozenset(withheld)


def dfe_figures(folder: Path | str) -> tuple[NationalFigure, ...]:
    """England's figures for children in care from DfE's outcomes release in ``folder`` (module docstring).

    Parameters
    ----------
    folder : path
        A folder of DfE downloads (the outcome files at any depth) or a store
        written by ``cpanalysis benchmarks import``.

    Returns
    -------
    tuple of NationalFigure
        Group ``"cla"``; one per measure of :data:`DFE_MEASURES` and academic
        year DfE published (years marked ``x`` have none). Empty when the
        folder has no outcome files.
    """
    return _dfe_cached(str(Path(folder).resolve()))[0]


def national_for_run(inputs: Mapping[str, object] | None) -> NationalFigures:
    """The national figures of a run: DfE's outcomes release when ``inputs["benchmarks"]`` names a folder
    (or store) holding it, each figure it lacks (all pupils, early years) from ``national.toml``; else
    ``national.toml`` alone."""
    folder = (inputs or {}).get("benchmarks")
    toml = national_figures()
    if not folder:
        return NationalFigures(toml, from_dfe_files=False)
    dfe, withheld = _dfe_cached(str(Path(folder).resolve()))
    if not dfe:
        return NationalFigures(toml, from_dfe_files=False)
    # DfE's figure wins over a typed-in one for the same year; a year DfE's files mark x (not published)
    # gets no typed-in figure either.
    from ..benchmarks.read import SYNTHETIC_RELEASE

    synthetic = any(f.source == SYNTHETIC_RELEASE for f in dfe)
    taken = {(f.measure, f.year) for f in dfe} | set(withheld)
    rest = tuple(f for f in toml if f.group != "cla" or (not synthetic and (f.measure, f.year) not in taken))
    return NationalFigures(dfe + rest, from_dfe_files=True, synthetic=synthetic)

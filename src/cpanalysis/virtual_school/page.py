"""The Virtual School annual briefing, protected once by the run: :class:`VirtualSchoolPage`.

A quarterly run builds every page's protected figures before any notebook
starts (:mod:`cpanalysis.measures.publication`). For the year-end run that
includes the Virtual School's annual page: :func:`build_page` makes each of
its sections (the protected tables, charts and sentences of
:mod:`cpanalysis.virtual_school.sections`) once, with the run's policy, and the
run keeps the result with the quarter's publication
(``QuarterPublication.extras["virtual_school"]``). The notebook
(``notebooks/virtual_school_annual.ipynb``) then only lays the sections out
under their headings (:meth:`VirtualSchoolPage.section`); run by hand, without
a run, it builds the page itself (:func:`page_for`).

Every section is made from the same extract, year and policy in one place, so
the tables protected with each other's printed figures in mind (a year
group's cohort ``known`` in the roll table, the nested key stage measures,
the destinations beside the NEET rate) are made together, and the run's
audit (:mod:`cpanalysis.audit`) proves the page with the quarter's other pages.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..present.page import Fragment, is_synthetic, symbols_key
from ..protect.ledger import protect_page
from ..protect.policy import DisclosurePolicy
from . import sections as vs
from .analysis import NESTED
from .data import load_if_supplied
from .national import national_for_run
from .years import academic_year_label

__all__ = ["POOL_YEARS", "SECTIONS", "VirtualSchoolPage", "build_page", "page_for"]

#: Academic years pooled for the key stage 4 comparison by number of placements (one year is too few pupils).
POOL_YEARS = 3

#: A table cell printed ``c`` (:meth:`VirtualSchoolPage.hidden_cells`).
_HIDDEN_CELL = re.compile(r"<td[^>]*>\s*c\s*</td>")

#: The page's sections, in page order (:meth:`VirtualSchoolPage.section`).
SECTIONS = ("introduction", "cohort", "self_evaluation", "EYFS", "KS1", "KS2", "KS4", "placements",
            "attendance", "exclusions", "pep", "post16", "schools", "benchmark", "about", "key")


@dataclass
class VirtualSchoolPage:
    """The Virtual School annual briefing's protected sections for one quarter's run.

    Attributes
    ----------
    quarter : str
        The run's quarter (``"2024-25 Q4"``).
    policy : DisclosurePolicy
        The policy every section was protected under.
    pool_years : int
        Years pooled for the comparison by number of placements.
    year : int
        The academic year reported (its first calendar year: 2023 is 2023/24).
    years, pooled : list of int
        The years of the trends, and the years pooled.
    extract : bool
        Whether an extract with the year was supplied (else every section but
        the introduction, which says why, is empty).
    sections : dict of str to Fragment
        Each section of :data:`SECTIONS`, protected.
    seconds : float
        Time taken to build it.
    hidden_for_page : dict of str to list of (str, str)
        Cells hidden, by table, because the page's tables together would give
        a small count back (:func:`cpanalysis.protect.ledger.protect_page`).
    exposed : list of str
        Counts the page's model still finds exposed (none unless no cell could
        protect them; the run's audit then refuses the page).
    """

    quarter: str
    policy: DisclosurePolicy
    pool_years: int
    year: int
    years: list[int]
    pooled: list[int]
    extract: bool
    sections: dict[str, Fragment] = field(default_factory=dict)
    seconds: float = 0.0
    hidden_for_page: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    exposed: list[str] = field(default_factory=list)

    @property
    def year_label(self) -> str:
        """The academic year reported, as the page titles it ("2023/24")."""
        return academic_year_label(self.year)

    def section(self, name: str) -> Fragment:
        """One protected section of the page (a name of :data:`SECTIONS`)."""
        if name not in self.sections:
            raise KeyError(f"no Virtual School section called {name!r}; known: {', '.join(SECTIONS)}")
        return self.sections[name]

    def hidden_cells(self) -> dict[str, int]:
        """How many table cells each section hides (``c``), for the run log."""
        return {name: len(_HIDDEN_CELL.findall(f.html)) for name, f in self.sections.items() if f.html}


def build_page(quarter: str, *, raw_dir: Path | str, processed_dir: Path | str, policy: DisclosurePolicy,
               council: str, la_code: str | None, inputs: Mapping[str, Any] | None,
               pool_years: int = POOL_YEARS) -> VirtualSchoolPage:
    """Make every section of the Virtual School annual briefing once, protected under ``policy``.

    Parameters
    ----------
    quarter : str
        The run's quarter (the page reports the latest academic year ended by its end).
    raw_dir, processed_dir : path
        The run's folders (the extract is read from them, or from ``inputs["virtual_school"]``).
    policy : DisclosurePolicy
        The run's disclosure policy.
    council : str
        The council's name.
    la_code : str or None
        The council's DfE LA code (the benchmark charts, when ``inputs`` names DfE's downloads).
    inputs : mapping
        The run's optional inputs.
    pool_years : int
        Years pooled for the key stage 4 comparison by number of placements.
    """
    started = time.perf_counter()
    inputs = dict(inputs or {})
    data = load_if_supplied(raw_dir, processed_dir, inputs=inputs)
    national = national_for_run(inputs)
    year, years, pooled = vs.annual_years(quarter, data, pool_years)
    data, notice = vs.for_year(data, year, quarter)

    def make() -> dict[str, Fragment]:
        return {
            "introduction": vs.introduction(data, policy=policy, notice=notice),
            "cohort": vs.cohort_section(data, year, policy=policy),
            "self_evaluation": vs.self_evaluation_section(data, year, policy=policy, national=national),
            **{stage: vs.key_stage_section(data, year, stage, policy=policy, national=national)
               for stage in ("EYFS", "KS1", "KS2", "KS4")},
            "placements": vs.placement_section(data, pooled, policy=policy),
            "attendance": vs.attendance_section(data, year, years, policy=policy),
            "exclusions": vs.exclusions_section(data, year, policy=policy),
            "pep": vs.pep_section(data, year, years, policy=policy),
            "post16": vs.post16_section(data, year, policy=policy),
            "schools": vs.schools_section(data, year, policy=policy),
            "benchmark": vs.benchmark_section(data, year, council=council, policy=policy, la_code=la_code,
                                              inputs=inputs, national=national, synthetic=is_synthetic(raw_dir)),
            "about": vs.about_the_figures(data, national),
            "key": symbols_key(policy) if data is not None else Fragment(""),
        }

    # Every table of the page registers the pupils it counts; where the tables together would give a
    # small count back, more cells are hidden and the page is made again (cpanalysis.protect.ledger).
    made, ledger = protect_page(make, policy, nested=frozenset(NESTED))
    hidden_for_page = {table: sorted(cells) for table, cells in sorted(ledger.hide.items())}
    return VirtualSchoolPage(quarter, policy, pool_years, year, years, pooled, data is not None,
                             {name: made[name] for name in SECTIONS}, round(time.perf_counter() - started, 2),
                             hidden_for_page, [str(e) for e in ledger.exposures()])


def page_for(publication_file: str | Path | None, quarter: str, *, raw_dir: Path | str,
             processed_dir: Path | str, policy: DisclosurePolicy, council: str, la_code: str | None,
             inputs: Mapping[str, Any] | None, pool_years: int = POOL_YEARS) -> VirtualSchoolPage:
    """What the notebook lays out: the page the run protected, or (run by hand) one built now.

    ``publication_file`` is the run's saved publication
    (:func:`cpanalysis.measures.publication.load_publication`); its page is used
    when it is of the same quarter, policy and pooled years as the notebook's
    parameters. Otherwise (no file, run by hand, other parameters) the page is built here.
    """
    from ..measures.publication import load_publication

    kept = None
    if publication_file and Path(publication_file).is_file():
        kept = load_publication(publication_file).extras.get("virtual_school")
    if (isinstance(kept, VirtualSchoolPage) and kept.quarter == quarter and kept.policy == policy
            and kept.pool_years == pool_years):
        return kept
    return build_page(quarter, raw_dir=raw_dir, processed_dir=processed_dir, policy=policy, council=council,
                      la_code=la_code, inputs=inputs, pool_years=pool_years)

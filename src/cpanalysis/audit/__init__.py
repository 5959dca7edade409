"""Audit stage: an intruder reads every page of the publication together and works out hidden counts.

The last step of a run before anything is published. It is written
independently of the protection code: it imports nothing from the rest of
``cpanalysis`` (a test keeps it so) and sees only the HTML a reader sees, this
quarter's pages together with the earlier quarters' pages a reader already
holds (:func:`held_quarters`). A protection that one table, page or quarter
undoes through another is found here, whatever section made it.

* :mod:`.pages` reads tables (caption, headers, cells) and number sentences out of HTML;
* :mod:`.numbers` turns a printed cell (``c``, ``1,186``, ``93.6%``, ``about 95%``) into
  what a reader knows about it;
* :mod:`.reader` turns the pages of one or more quarters into integer variables and
  linear constraints a reader can justify (totals, parts of a whole, the same figure
  printed twice, year to date across quarters, percentages of their bases);
* :mod:`.attack` minimises and maximises every variable with HiGHS (LP, then MILP where the
  LP bounds are fractional) and reports the counts below the threshold it pins down.

Method: the interval attack of tau-Argus (Hundepool et al. 2012, *Statistical
Disclosure Control*, Wiley, section 4.3) over every equation a reader can
write from the pages, with integer confirmation (``scipy.optimize.milp``).

Not modelled (a reader could try them; they are left for later): averages and rates
(days to adoption, SDQ and Attainment 8 averages: a year-to-date average over a few added
children is an attribute disclosure, not a count), confidence intervals (they add little
to a printed percentage whose base is printed), sentences beyond counts stated in words
(:func:`.reader.small_counts_in_words`), and the CSV and Excel downloads (they are written
from the pages' own tables, cell for cell, :mod:`cpanalysis.publish.downloads`).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field

from .attack import Finding, attack
from .model import Model
from .reader import read_folder, read_pages, read_publication

__all__ = ["AuditReport", "Finding", "Model", "attack", "audit_pages", "held_quarters", "read_folder",
           "read_pages", "read_publication"]


@dataclass
class AuditReport:
    """What the audit of a publication found.

    Attributes
    ----------
    quarters : list of str
        The quarters read together (``2024-25-Q3`` style), this one last.
    pages : int
        Pages read.
    findings : list of Finding
        Counts from 1 to ``threshold - 1`` a reader can work out: empty when the publication is safe.
    problems : list of str
        Groups of printed figures that contradict each other as the reader understands them
        (the reader misread a page, or the pages disagree); reported, not refused.
    figures : dict
        Counts of children the reader found: ``printed`` (exactly), ``rounded`` (printed as a
        range or rounded percentage), ``hidden`` (printed as c) and ``implied`` (never
        printed: the count behind a percentage, a remainder, a quarter's increment).
    seconds : float
        Time taken.
    """

    quarters: list[str]
    pages: int
    findings: list[Finding] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    figures: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def safe(self) -> bool:
        """True when no small count can be worked out."""
        return not self.findings

    def to_dict(self) -> dict[str, object]:
        """The report for the run log (findings name where a figure is printed; they hold no value)."""
        return {"quarters": self.quarters, "pages": self.pages, "figures": self.figures,
                "findings": [f"{f.where} ({f.how})" for f in self.findings],
                "problems": len(self.problems), "seconds": round(self.seconds, 2)}


def _figures(model: Model) -> dict[str, int]:
    counts = {"printed": 0, "rounded": 0, "hidden": 0, "implied": 0}
    for v in model.vars.values():
        if not v.children:
            continue
        if v.published is not None:
            counts["printed" if v.published[0] == v.published[1] else "rounded"] += 1
        elif v.hidden:
            counts["hidden"] += 1
        else:
            counts["implied"] += 1
    return counts


def audit_pages(pages: Mapping[tuple[str, str], str], *, threshold: int, protection: int) -> AuditReport:
    """Attack ``pages`` together, as one reader holding all of them.

    Parameters
    ----------
    pages : mapping
        ``(quarter, page file name) -> HTML``, quarter written ``2024-25-Q3``.
    threshold : int
        Smallest count that may be published (the run's policy).
    protection : int
        Width every hidden count's feasible range must keep (the run's policy).

    Returns
    -------
    AuditReport
    """
    started = time.perf_counter()
    model = read_pages(dict(pages))
    figures = _figures(model)
    found, problems = attack(model, threshold=threshold, protection=protection)
    quarters = sorted({q for q, _ in pages})
    return AuditReport(quarters, len(pages), found, problems, figures, time.perf_counter() - started)


def held_quarters(quarter: str, available: list[str]) -> list[str]:
    """The earlier quarters a reader of ``quarter`` holds that the audit reads with it.

    The previous quarter (its figures are repeated as "previous quarter" and
    its year-to-date cohorts grow into this quarter's), every earlier quarter of
    the same financial year (year to date), and the same quarter a year
    earlier ("same quarter last year"); only those in ``available``.

    Parameters
    ----------
    quarter : str
        This quarter, ``2024-25-Q3`` style.
    available : list of str
        The quarters whose published pages are held.
    """
    year, q = int(quarter[:4]), int(quarter[-1])

    def slug(y: int, n: int) -> str:
        return f"{y}-{(y + 1) % 100:02d}-Q{n}"

    wanted = {slug(year, n) for n in range(1, q)} | {slug(year - 1, q)}
    wanted.add(slug(year, q - 1) if q > 1 else slug(year - 1, 4))
    return sorted(w for w in wanted if w in set(available))

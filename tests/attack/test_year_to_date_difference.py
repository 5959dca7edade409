"""Year-to-date figures in two quarters' briefings give one quarter's small counts by subtraction.

The module docstring of :mod:`cpanalysis.present.funnel` says a year-to-date
measure is "never [shown] for two quarters of one year, as the difference of
two year-to-date figures would show the children of a single quarter". But
each quarter's briefings are published (outputs/2024-25-Q2/ stays beside
outputs/2024-25-Q3/), and the Q3 scorecard's "Previous quarter" column prints
the Q2 year-to-date value of every YTD measure on the same page.

Attack with care_leavers.html of 2024-25 Q2 and of 2024-25 Q3 (base "Care
leavers in the age group" and the percentage), as printed by
:func:`cpanalysis.present.funnel.measure_points`:

* demo council, suitable accommodation aged 17-18 (P5.2a): Q3 86.8% of 106 -> 92,
  Q2 85.3% of 75 -> 64; birthdays in October-December: 31, of whom 28 suitable
  and **3 not in suitable accommodation** (true: 92-64, 106-75 -> 3);
* small council, care leavers aged 17-18: base 19 at Q3, 16 at Q2 -> **3 young
  people** with an October-December birthday; EET 63.2% of 19 -> 12 vs 68.8% of
  16 -> 11 -> **1 EET, 2 NEET**, in touch 100% both quarters -> all 3 in touch
  (true: 19-16, 12-11, 7-5);
* small council, suitable accommodation aged 19-21 (P5.2): 81.6% of 49 -> 40,
  84.4% of 32 -> 27 -> 17 young people, **4 not suitable** (true: 9-5).
"""

from __future__ import annotations

import re

import pytest

from attack.intruder import counts_for, differences, pinned_small
from cpanalysis.protect.policy import DisclosurePolicy
from cpanalysis.measures import MeasureData
from cpanalysis.present.funnel import measure_points
from cpanalysis.quarters import Quarter

POLICY = DisclosurePolicy(threshold=5)

#: Year-to-date OC3 measures on the care leavers page.
YTD = ["P5.9", "P5.10", "P2.12", "P2.12a", "P2.15", "P2.15a", "P5.2", "P5.2a"]


def _published(p) -> tuple[set[int], set[int], set[int]] | None:
    """(base, with, without) counts an intruder gets from one printed point, or None when hidden."""
    base = p.base(policy=POLICY)
    if base in ("c", "x", "z") or not p.published:
        return None
    if base.startswith("about "):
        # A rounded percentage of a group rounded to 10: every (n, k) the printed figures allow,
        # whatever step (1, 5 or 10 points) the percentage was rounded to.
        # "99% or more" / "5% or less" are bands open at one end (up to 1.5 steps of 10 wide).
        centre = int(base[6:].replace(",", ""))
        m = re.fullmatch(r"(?:about )?(\d+)%(?: or (more|less))?", p.display)
        pc, end = float(m.group(1)), m.group(2)
        lo, hi = (pc - 15, 100) if end == "more" else (0, pc + 15) if end == "less" else (pc - 5, pc + 5)
        pairs = {(n, k) for n in range(centre - 5, centre + 5) for k in range(n + 1) if lo <= 100 * k / n <= hi}
        return {n for n, _ in pairs}, {k for _, k in pairs}, {n - k for n, k in pairs}
    n = int(base.replace(",", ""))
    k = counts_for(p.display, n)
    return {n}, k, {n - x for x in k}


def quarter_disclosures(data: MeasureData, later: str, earlier: str) -> dict[str, dict[str, set[int]]]:
    out = {}
    for mid in YTD:
        a = _published(measure_points(data, mid, Quarter.parse(later), policy=POLICY)[-1])
        b = _published(measure_points(data, mid, Quarter.parse(earlier), policy=POLICY)[-1])
        if a is None or b is None:
            continue
        diffs = {name: differences(x, y) for name, x, y in zip(("base", "with", "without"), a, b)}
        small = {name: d for name, d in diffs.items() if pinned_small(d)}
        if small:
            out[mid] = small
    return out


PAIRS = [(f"{y}-Q{q + 1}", f"{y}-Q{q}") for y in ("2023-24", "2024-25") for q in (1, 2, 3)]


@pytest.mark.parametrize("council", ["demo", "small"])
def test_consecutive_year_to_date_figures_do_not_differ_by_a_small_count(request, council):
    data = MeasureData.from_processed(request.getfixturevalue(council).processed)
    found = {}
    for later, earlier in PAIRS:
        if data.covers(Quarter.parse(later)):
            found.update({(later, earlier, k): v for k, v in quarter_disclosures(data, later, earlier).items()})
    assert not found, f"{council}: later minus earlier year to date: {found}"

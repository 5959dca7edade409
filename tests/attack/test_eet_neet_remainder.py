"""The scorecard publishes both EET and NEET that the care leavers page hides one of.

Attack (published pages only, same quarter's outputs folder):

* care_leavers.html, table "Care leavers in education, employment or training
  (EET) and not (NEET), by age group and year": the base ("Care leavers in the
  age group") and one of EET/NEET shown, the other ``c`` because
  :func:`cpanalysis.present.funnel.hide_remainder` found that the rest of the
  group (not in touch or activity not known) is 1 to 4;
* scorecard.html, Priority 2 table: P2.12/P2.12a (17-18) and P2.15/P2.15a
  (19-21) print *both* percentages, and the "Previous quarter" column prints
  last quarter's pair too; :func:`cpanalysis.measures.scorecard.scorecard`
  applies no ``hide_remainder``.

base - EET - NEET = the young people not in touch or with activity not known,
which is also the complement of the suppressed "in touch" figure (P5.9/P5.10, ``c``).

Seen in the runs (true values confirmed from the processed data):

* demo council 2024-25 Q3, 17-18: base 106, EET 46.2% -> 49, NEET 50.9% -> 54, rest 3
  (P5.9 c: 103 of 106 in touch);
* demo council, scorecard "Previous quarter" (2024-25 Q2): 17-18 base 75 (Q2 care
  leavers page), 45.3% -> 34, 53.3% -> 40, rest 1; 19-21 base 80, 32.5% -> 26,
  63.8% -> 51, rest 3 (P5.10 c: 77 of 80);
* small council 2024-25 Q3, 19-21: base 49, EET 49.0% -> 24, NEET 46.9% -> 23, rest 2.
"""

from __future__ import annotations

import pytest

from attack.intruder import counts_for, differences, pinned_small
from cpanalysis.protect.policy import DisclosurePolicy
from cpanalysis.measures import MeasureData
from cpanalysis.measures.scorecard import scorecard
from cpanalysis.present.funnel import measure_points
from cpanalysis.quarters import Quarter

POLICY = DisclosurePolicy(threshold=5)

PAIRS = {"17-18": ("P2.12a", "P2.12"), "19-21": ("P2.15a", "P2.15")}


def _rest(card, base: str, eet_id: str, neet_id: str, column: str) -> set[int]:
    row = card.set_index("id")
    eet, neet = row.loc[eet_id, column], row.loc[neet_id, column]
    if "c" in (eet, neet) or base == "c":
        return set()
    n = int(base.replace(",", ""))
    return differences({n}, {a + b for a in counts_for(eet, n) for b in counts_for(neet, n)})


QUARTERS = [f"{y}-Q{q}" for y in ("2023-24", "2024-25") for q in (1, 2, 3, 4)]


def leaks(data: MeasureData) -> dict:
    """Every (quarter, column, age group) whose scorecard pair gives a 1-4 remainder with the printed base."""
    out = {}
    ids = [i for pair in PAIRS.values() for i in pair]
    for label in QUARTERS:
        q = Quarter.parse(label)
        if not data.covers(q):
            continue
        card = scorecard(data, q, ids=ids, policy=POLICY)
        for column, base_q in (("this_quarter", q), ("previous_quarter", q.shift(-1))):
            for band, (eet_id, neet_id) in PAIRS.items():
                # the base as the care leavers page of that quarter prints it ("Care leavers in the age group")
                base = measure_points(data, eet_id, base_q, policy=POLICY)[-1].base(policy=POLICY)
                rest = _rest(card, base, eet_id, neet_id, column)
                if pinned_small(rest):
                    out[(label, column, band)] = sorted(rest)
    return out


@pytest.mark.parametrize("council", ["demo", "small"])
def test_scorecard_does_not_reveal_the_eet_neet_remainder(request, council):
    data = MeasureData.from_processed(request.getfixturevalue(council).processed)
    # The care leavers page hides one of the pair in exactly these cases (hide_remainder); the scorecard does not.
    found = leaks(data)
    assert not found, f"{council}: base - EET - NEET, by (quarter, scorecard column, age group): {found}"

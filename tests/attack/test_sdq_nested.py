"""The scorecard publishes SDQ 17+ and 20+ that the health page hides one of.

:func:`cpanalysis.present.funnel.hide_nested` hides the SDQ 20+ figure on
health.html when the children scoring 17 to 19 number 1 to 4, but
:func:`cpanalysis.measures.scorecard.scorecard` prints both P4.6 (20+) and
P4.6a (17+) on scorecard.html, and health.html prints the base ("Children
with a score") in its SDQ table. 17+ minus 20+ = the children scoring 17-19.

Very small council (``cpanalysis synth --seed 10 --children 40``), 2024-25 Q3
(OC2 year 2023-24): health page SDQ 20+ ``c``; scorecard P4.6 27.8%, P4.6a
33.3%; base 18 -> 5 and 6 -> **1 child scored 17 to 19** (true: 6 - 5 = 1).
"""

from __future__ import annotations

import pytest

from attack.intruder import counts_for, differences, pinned_small, table
from cpanalysis.protect.policy import DisclosurePolicy
from cpanalysis.measures import MeasureData
from cpanalysis.measures.scorecard import scorecard
from cpanalysis.present import health
from cpanalysis.quarters import Quarter

POLICY = DisclosurePolicy(threshold=5)

Q = Quarter.parse("2024-25-Q3")


def test_scorecard_does_not_reveal_sdq_17_to_19(tiny):
    data = MeasureData.from_processed(tiny.processed)
    page = health.sdq_section(data, Q, council="Demo Borough", policy=POLICY).html
    rows = table(page, "Strengths and Difficulties Questionnaire (SDQ) scores")
    head, latest = rows[0], rows[-1]
    base = latest[head.index("Children with a score")]
    assert latest[head.index("Score 20 or more (%)")] == "c"       # the health page protects it ...
    card = scorecard(data, Q, ids=["P4.6", "P4.6a"], policy=POLICY).set_index("id")
    p20, p17 = card.loc["P4.6", "this_quarter"], card.loc["P4.6a", "this_quarter"]
    # ... so must the scorecard: with both shown, 17+ minus 20+ of the base gives back the 17-19s.
    shown = [p for p in (p20, p17) if p != "c"]
    if len(shown) == 2:
        between = differences(counts_for(p17, base), counts_for(p20, base))
        assert not pinned_small(between), f"SDQ 17-19: {sorted(between)} children (base {base}, {p17} and {p20})"
    assert p20 == "c"                                              # the inner (20+) is the one hidden

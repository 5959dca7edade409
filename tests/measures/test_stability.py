"""DfE placement stability definitions on the edge cases of ``fixture_measures.py``.

Short-term (12 months to 31/12/2024), placements per child looked after then,
counted by hand: A 3 (U4 open on 01/01/24, U6, K2); B 1 (respite T1 01/10-05/10
and the return to the same U4 carer start no placement); C 1 (adopted by her
foster carer: A5 with RNE T is the same placement); D 3 (U6, U4, U6); G 1;
K 1; Q 2 (U4, then A6 with new carers). E (short breaks only, V3) and F
(entered 01/02/24 and left 01/09/24) are not looked after at 31/12/24, so are
in no denominator.

Long-term (under 16, in care since 30/06/2022 or earlier): C stable (same
carer since 01/03/21 despite the move to A5), D not (current carer since
20/10... 01/12/24), Q stable (adoptive placement from 01/09/24 plus the U4
placement before it from 01/06/21).
"""

from cpanalysis.measures.permanence import long_term_stability, short_term_stability
from cpanalysis.quarters import Quarter
from fixture_measures import data

END = Quarter.parse("2024-25 Q3").end


def test_short_term_placement_counts_by_hand():
    st = short_term_stability(data(), END).set_index("CHILD")["placements"].to_dict()
    assert st == {"A": 3, "B": 1, "C": 1, "D": 3, "G": 1, "K": 1, "Q": 2}


def test_temporary_placement_and_return_are_not_moves():
    ep = data().episodes
    b = ep.loc[ep["CHILD"] == "B"]
    assert not b["is_move"].any() and b["placement_id"].nunique() == 1


def test_adoption_by_foster_carer_is_not_a_move():
    ep = data().episodes
    c = ep.loc[ep["CHILD"] == "C"]
    assert not c["is_move"].any()


def test_short_breaks_and_leavers_are_outside_the_denominator():
    st = short_term_stability(data(), END)
    assert "E" not in set(st["CHILD"]) and "F" not in set(st["CHILD"])


def test_long_term_stability_by_hand():
    lt = long_term_stability(data(), END).set_index("CHILD")["stable"].to_dict()
    assert lt == {"C": True, "D": False, "Q": True}

"""Flow measures (:mod:`cpanalysis.measures.flows`) against the hand-built council in ``fixture_flows.py``.

Oracle: the hand counts written beside the fixture's rows (DfE starters and
ceasers counting rules, SSDA903 REC, LS, PLACE, REVIEW_CODE and OC3 ACCOM codes).
"""

import pandas as pd
import pytest

from cpanalysis.measures import MEASURES, MeasureData, get
from cpanalysis.measures.flows import LEAVING_REASONS, ceased_in, g5a_frame, g6a_frame, leaving_reason
from cpanalysis.quarters import Quarter
from fixture_flows import EXPECTED, EXPECTED_Q2, EXPECTED_YTD, data

Q3 = Quarter.parse("2024-25 Q3")
Q2 = Quarter.parse("2024-25 Q2")
REASON_IDS = ("P3.21", "P3.22", "P3.23", "P3.24", "P3.26", "P3.27")


@pytest.fixture(scope="module")
def fx():
    return data()


@pytest.mark.parametrize("mid", sorted(EXPECTED))
def test_flow_measure_matches_hand_count(fx, mid):
    r = get(mid).compute(fx, Q3)
    assert r.available, r.note
    assert (r.numerator, r.denominator) == EXPECTED[mid]


@pytest.mark.parametrize("mid", sorted(EXPECTED_Q2))
def test_flow_measure_matches_hand_count_q2(fx, mid):
    r = get(mid).compute(fx, Q2)
    assert (r.numerator, r.denominator) == EXPECTED_Q2[mid]


def test_reasons_add_up_to_the_children_who_left(fx):
    total = get("G6").compute(fx, Q3).numerator
    assert sum(get(m).compute(fx, Q3).numerator for m in REASON_IDS) == total
    assert all(get(m).compute(fx, Q3).denominator == total for m in REASON_IDS)


def test_year_to_date_leavers_match_the_ceased_denominator(fx):
    # The year to date is the denominator of P3.11 and P3.13 (permanence.ceased_ytd): one rule for "ceased".
    assert int(g6a_frame(fx, Q3)["numerator"].iloc[0]) == EXPECTED_YTD["G6a"] == get("P3.11").compute(fx, Q3).denominator
    assert int(g5a_frame(fx, Q3)["numerator"].iloc[0]) == EXPECTED_YTD["G5a"]


def test_year_to_date_entries_and_leavers_are_not_published_beside_the_quarter():
    # G6 (quarter) beside a year-to-date G6a would give, by subtraction, the children who left twice.
    assert "G5a" not in MEASURES and "G6a" not in MEASURES


def test_child_leaving_twice_counts_once_by_last_reason(fx):
    c = ceased_in(fx, Q3.start, Q3.end)
    l9 = c.loc[c["CHILD"] == "L9"]
    assert len(l9) == 1 and l9["rec"].iloc[0] == "E8" and l9["reason"].iloc[0] == "Other reason"


def test_percent_values(fx):
    assert get("P1.3a").compute(fx, Q3).value == pytest.approx(400 / 7)
    assert get("P5.11").compute(fx, Q3).value == pytest.approx(40.0)


@pytest.mark.parametrize("rec, reason", [
    ("E4A", "Returned home to family"), ("E4B", "Returned home to family"), ("E13", "Returned home to family"),
    ("E11", "Adopted"), ("E12", "Adopted"),
    ("E43", "Special guardianship order"), ("E44", "Special guardianship order"),
    ("E45", "Special guardianship order"), ("E48", "Special guardianship order"),
    ("E41", "Child arrangements (residence) order"),
    ("E5", "Moved to independent living or adult life"), ("E6", "Moved to independent living or adult life"),
    ("E7", "Moved to independent living or adult life"), ("E17", "Moved to independent living or adult life"),
    ("E2", "Other reason"), ("E3", "Other reason"), ("E8", "Other reason"), ("E9", "Other reason"),
    ("E14", "Other reason"), ("E15", "Other reason"), ("E16", "Other reason"), ("X1", "Other reason"),
    (None, "Other reason"),
])
def test_leaving_reason_groups(rec, reason):
    assert leaving_reason(pd.Series([rec], dtype=object))[0] == reason


def test_reason_groups_do_not_overlap():
    seen = [c for codes in LEAVING_REASONS.values() for c in codes]
    assert len(seen) == len(set(seen))


def test_measures_need_their_tables():
    t = data().tables
    for name, mid in (("reviews", "P1.3a"), ("oc3", "P5.11"), ("uasc", "G7")):
        d = MeasureData(tables={k: v for k, v in t.items() if k != name}, years=[2023, 2024])
        r = get(mid).compute(d, Q3)
        assert not r.available and r.value is None


def test_registered_under_the_seeds_pledges():
    for mid in ("G5", "G6", "G7"):
        assert MEASURES[mid].pledge == "General"
    assert MEASURES["P1.3a"].pledge.startswith("Priority 1")
    for mid in (*REASON_IDS, "P3.25", "P3.28"):
        assert MEASURES[mid].pledge.startswith("Priority 3")
    assert MEASURES["P5.11"].pledge.startswith("Priority 5")

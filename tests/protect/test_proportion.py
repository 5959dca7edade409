"""Proportions. Sources: Wilson (1927) as implemented in PHEindicatormethods
``phe_proportion`` (worked values in DOMAIN.md section 7); normal quantiles from
standard tables (1.959964, 3.090232)."""

import pytest

from cpanalysis.protect.policy import DisclosurePolicy
from cpanalysis.protect.proportion import proportion, wilson_interval, z_for


@pytest.mark.parametrize(
    ("k", "n", "lower", "upper"),
    [(8, 21, 0.207510, 0.591213), (1, 100, 0.001767, 0.054486), (65, 100, 0.552544, 0.736358)],
)
def test_wilson_matches_phe_indicator_methods(k: int, n: int, lower: float, upper: float) -> None:
    lo, hi = wilson_interval(k, n)
    assert lo == pytest.approx(lower, abs=5e-7)
    assert hi == pytest.approx(upper, abs=5e-7)


def test_z_values_from_normal_tables() -> None:
    assert z_for(0.95) == pytest.approx(1.959964, abs=1e-6)
    assert z_for(0.998) == pytest.approx(3.090232, abs=1e-6)


def test_998_interval_is_wider_and_contains_95() -> None:
    lo95, hi95 = wilson_interval(8, 21, 0.95)
    lo998, hi998 = wilson_interval(8, 21, 0.998)
    assert lo998 < lo95 and hi998 > hi95


def test_zero_and_all_stay_in_unit_interval() -> None:
    # Wilson (1927): 0/n has lower limit exactly 0 and n/n upper limit exactly 1.
    assert wilson_interval(0, 10)[0] == 0.0
    assert wilson_interval(10, 10)[1] == pytest.approx(1.0)


def test_sentence_and_table_rendering() -> None:
    # Issue 4 worked example: "8 of 21 (38%, 95% CI 21% to 59%)".
    p = proportion(8, 21)
    assert p.for_sentence() == "8 of 21 (38%, 95% CI 21% to 59%)"
    assert p.for_table() == "38%"
    assert p.percentage_points_per_child == pytest.approx(100 / 21)
    assert p.one_child_note == "one child = 4.8 percentage points"
    assert p.status == "shown"


def test_998_sentence_names_level() -> None:
    assert "99.8% CI" in proportion(8, 21, confidence=0.998).for_sentence()


def test_low_reliability_flag() -> None:
    p = proportion(6, 12, policy=DisclosurePolicy(reliability_limit=20))
    assert p.low_reliability and p.status == "low_reliability"
    assert p.for_table() == "50% u"
    assert not proportion(6, 30).low_reliability


@pytest.mark.parametrize(("k", "n"), [(3, 21), (19, 21), (2, 4), (0, 3)])
def test_percentage_of_hidden_count_is_hidden(k: int, n: int) -> None:
    # DOMAIN.md section 6: a percentage is suppressed when its numerator or
    # denominator is (and n - k reveals k).
    p = proportion(k, n)
    assert p.suppressed and p.for_table() == "c" and p.status == "primary"


def test_rounds_half_away_from_zero() -> None:
    # 1 of 8 = 12.5% -> 13% (banker's rounding would give 12%); 5/40 likewise.
    assert proportion(5, 40).for_table() == "13%"


def test_rejects_impossible_counts() -> None:
    with pytest.raises(ValueError):
        proportion(5, 4)


def test_all_or_none_of_a_small_group_is_hidden():
    """DOMAIN.md section 6, attribute disclosure: "0 of 6 passed" tells the reader
    something about each of the six; 0% or 100% of fewer than 10 is hidden."""
    assert proportion(0, 6).suppressed and proportion(6, 6).suppressed
    assert proportion(0, 9).for_table() == "c" and proportion(9, 9).for_sentence() == "a suppressed number (c)"
    assert not proportion(0, 10).suppressed and not proportion(10, 10).suppressed
    assert not proportion(0, 6, policy=DisclosurePolicy(small_group=5)).suppressed

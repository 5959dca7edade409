"""Effect sizes. Sources: Newcombe (1998) Table II example (a), 56/70 - 48/80,
method 10: 0.0524 to 0.3339; Woolf (1955) formula worked by hand; Welch interval
against scipy.stats.ttest_ind(equal_var=False)."""

import math

import pytest
from scipy import stats

from cpanalysis.protect.effect import mean_interval, newcombe_difference, odds_ratio, welch_difference


def test_newcombe_method_10_published_example() -> None:
    e = newcombe_difference(56, 70, 48, 80)
    assert e.estimate == pytest.approx(0.2)
    assert e.lower == pytest.approx(0.0524, abs=5e-5)
    assert e.upper == pytest.approx(0.3339, abs=5e-5)


def test_newcombe_second_published_example() -> None:
    # Newcombe (1998) Table II example (b): 9/10 - 3/10, method 10: 0.1705 to 0.8090.
    e = newcombe_difference(9, 10, 3, 10)
    assert e.lower == pytest.approx(0.1705, abs=5e-5)
    assert e.upper == pytest.approx(0.8090, abs=5e-5)


def test_woolf_odds_ratio_by_hand() -> None:
    # 10/5 vs 5/10: OR = 4, SE(log OR) = sqrt(1/10+1/5+1/5+1/10) = sqrt(0.6).
    e = odds_ratio(10, 5, 5, 10)
    assert e.estimate == pytest.approx(4.0)
    assert e.lower == pytest.approx(4 * math.exp(-1.959964 * math.sqrt(0.6)), rel=1e-6)
    assert e.upper == pytest.approx(4 * math.exp(1.959964 * math.sqrt(0.6)), rel=1e-6)


def test_zero_cell_uses_haldane_correction() -> None:
    # 0/6 vs 5/5: (0.5 * 5.5) / (6.5 * 5.5) = 0.5 / 6.5.
    e = odds_ratio(0, 6, 5, 5)
    assert e.estimate == pytest.approx((0.5 * 5.5) / (6.5 * 5.5))
    assert "Haldane" in e.method


def test_welch_matches_scipy() -> None:
    a, b = [52, 48, 61, 39, 55], [40, 35, 47, 30, 38, 44]
    ci = stats.ttest_ind(a, b, equal_var=False).confidence_interval()
    e = welch_difference(a, b)
    assert (e.lower, e.upper) == pytest.approx((ci.low, ci.high))


def test_mean_interval_by_hand() -> None:
    # Values 1..5: mean 3, sd sqrt(2.5), t(0.975, 4) = 2.776445.
    e = mean_interval([1, 2, 3, 4, 5])
    half = 2.776445 * math.sqrt(2.5) / math.sqrt(5)
    assert (e.lower, e.upper) == pytest.approx((3 - half, 3 + half), abs=1e-5)

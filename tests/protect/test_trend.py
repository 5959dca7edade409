"""Cochran-Armitage / linear-by-linear trend test.

Sources: hand enumeration (below); an independent brute-force enumeration of
every table with the observed margins; Agresti (2013) section 3.4.6,
M^2 = (N - 1) r^2 for the asymptotic statistic."""

import itertools
import math

import numpy as np
import pytest

from cpanalysis.protect.trend import cochran_armitage, mean_trend


def test_exact_p_by_hand() -> None:
    # Bands of 2, 2, 2 children with 0, 1, 2 successes; scores 0, 1, 2.
    # S = 3 successes among N = 6: C(6, 3) = 20 equally likely arrangements.
    # T = sum(score * x); E[T] = 3/6 * (0*2 + 1*2 + 2*2) = 3; observed T = 5.
    # Tables with |T - 3| >= 2 and their weights C(2,x1)C(2,x2)C(2,x3):
    #   (0,1,2): T = 5, weight 1*2*1 = 2
    #   (2,1,0): T = 1, weight 1*2*1 = 2
    # every other table has T in {2, 3, 4}. p = (2 + 2) / 20 = 0.2.
    res = cochran_armitage([0, 1, 2], [2, 2, 2], method="exact")
    assert res.p_value == pytest.approx(0.2, abs=1e-12)
    assert res.method == "exact"


def _brute_force_p(x: list[int], n: list[int]) -> float:
    """Independent: list every table with the same margins."""
    total = sum(x)
    scores = range(len(n))
    t_obs = sum(s * v for s, v in zip(scores, x))
    expected = total * sum(s * m for s, m in zip(scores, n)) / sum(n)
    hit = 0
    for table in itertools.product(*(range(m + 1) for m in n)):
        if sum(table) != total:
            continue
        t = sum(s * v for s, v in zip(scores, table))
        if abs(t - expected) >= abs(t_obs - expected) - 1e-9:
            hit += math.prod(math.comb(m, v) for m, v in zip(n, table))
    return hit / math.comb(sum(n), total)


@pytest.mark.parametrize(
    ("x", "n"), [([1, 3, 5, 6], [8, 7, 6, 6]), ([6, 4, 2, 0], [7, 6, 5, 4]), ([3, 3, 3], [5, 6, 7]), ([0, 0, 4], [4, 5, 6])]
)
def test_exact_matches_brute_force_enumeration(x: list[int], n: list[int]) -> None:
    assert cochran_armitage(x, n, method="exact").p_value == pytest.approx(_brute_force_p(x, n), rel=1e-12)


def test_asymptotic_equals_linear_by_linear_m2() -> None:
    # Agresti (2013) 3.4.6: M^2 = (N - 1) r^2, r the correlation of score and outcome.
    x, n = [10, 14, 20, 25], [40, 38, 41, 39]
    score = np.repeat(np.arange(4), n)
    outcome = np.concatenate([[1] * a + [0] * (m - a) for a, m in zip(x, n)])
    r = np.corrcoef(score, outcome)[0, 1]
    res = cochran_armitage(x, n, method="asymptotic")
    assert res.z**2 == pytest.approx((sum(n) - 1) * r**2, rel=1e-10)
    assert res.z > 0


def test_auto_uses_exact_when_expected_counts_are_small() -> None:
    assert cochran_armitage([1, 3, 5], [6, 6, 6]).method == "exact"
    assert cochran_armitage([10, 14, 20, 25], [40, 38, 41, 39]).method == "asymptotic"


def test_no_variation_gives_p_one() -> None:
    assert cochran_armitage([0, 0, 0], [5, 5, 5]).p_value == 1.0


def test_mean_trend_detects_a_slope() -> None:
    # Outcome falls by exactly 2 points a band with no noise around the band means
    # except a symmetric +/-1: slope is exactly -2 by least squares.
    band = [0, 0, 1, 1, 2, 2, 3, 3]
    values = [41, 39, 39, 37, 37, 35, 35, 33]
    res = mean_trend(values, band)
    assert res.statistic == pytest.approx(-2.0)
    assert res.p_value < 0.01

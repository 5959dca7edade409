"""Outcomes by band. Sources: merging worked by hand; DOMAIN.md section 7 wording
("not statistically significant ... consistent with anything from no difference
to a large gap", never "no difference")."""

import numpy as np
import pytest

from cpanalysis.protect.policy import DEFAULT_POLICY
from cpanalysis.protect.bands import DEFAULT_BANDS, Band, compare_by_band, format_p, merge_bands


def test_merge_by_hand() -> None:
    # Bands 1, 2, 3-4, 5+ with 12, 3, 8, 2 children: "2" (3) is smallest-but-one,
    # "5+" (2) is smallest -> merges with its only neighbour 3-4 -> 3+ (10);
    # then "2" (3) merges with the smaller neighbour 1 (12) vs 3+ (10) -> 3+: 2+ (13).
    merged = merge_bands([12, 3, 8, 2], policy=DEFAULT_POLICY)
    assert [b.label for b in merged] == ["1", "2+"]


def test_publishable_bands_are_left_alone() -> None:
    assert merge_bands([12, 10, 8, 7], policy=DEFAULT_POLICY) == list(DEFAULT_BANDS)


def test_small_successes_force_a_merge() -> None:
    # 2 of 10 succeed in band "2": numerator below 5 -> merge.
    merged = merge_bands([20, 10, 15, 12], [10, 2, 7, 6], policy=DEFAULT_POLICY)
    assert "2" not in [b.label for b in merged]


def test_all_or_nothing_in_small_band_forces_merge() -> None:
    # 0 of 6 in 5+ is attribute-disclosive (6 < 10).
    merged = merge_bands([20, 10, 15, 6], [10, 5, 7, 0], policy=DEFAULT_POLICY)
    assert merged[-1].label != "5+"


def test_format_p() -> None:
    assert format_p(0.0712) == "p = 0.07"
    assert format_p(0.075) == "p = 0.08"  # half away from zero
    assert format_p(0.0034) == "p = 0.003"
    assert format_p(0.0004) == "p < 0.001"


def test_not_significant_sentence_never_claims_no_difference() -> None:
    placements = [1] * 12 + [2] * 12 + [3] * 12 + [6] * 12
    outcome = [1] * 7 + [0] * 5 + [1] * 6 + [0] * 6 + [1] * 6 + [0] * 6 + [1] * 5 + [0] * 7
    res = compare_by_band(placements, outcome)
    assert res.trend.p_value > 0.05
    assert "not statistically significant" in res.sentence
    assert "consistent with anything from no difference" in res.sentence
    assert "there is no difference" not in res.sentence.lower()
    assert "no difference between" not in res.sentence.lower()
    assert list(res.table["band"]) == ["1", "2", "3-4", "5+"]
    assert res.table["n"].tolist() == [12, 12, 12, 12]
    # Last minus first: 5/12 - 7/12 = -1/6 (Newcombe interval straddles 0).
    assert res.difference.estimate == pytest.approx(-1 / 6)
    assert res.difference.lower < 0 < res.difference.upper


def test_significant_trend_sentence() -> None:
    placements = [1] * 20 + [2] * 20 + [4] * 20 + [7] * 20
    outcome = [1] * 15 + [0] * 5 + [1] * 13 + [0] * 7 + [1] * 8 + [0] * 12 + [1] * 5 + [0] * 15
    res = compare_by_band(placements, outcome)
    assert res.trend.p_value < 0.001
    assert "lower than in the 1 band" in res.sentence
    # Odds ratio of band 1 against itself is 1.
    assert res.table["odds_ratio"].iloc[0] == pytest.approx(1.0)


def test_continuous_outcome_gets_means_and_trend() -> None:
    rng = np.random.default_rng(7)
    placements = np.repeat([1, 2, 3, 5], 15)
    a8 = 45 - 3 * np.repeat([0, 1, 2, 3], 15) + rng.normal(0, 1, 60)
    res = compare_by_band(placements, a8)
    assert res.kind == "mean" and res.trend.method == "ols"
    assert res.trend.statistic == pytest.approx(-3, abs=0.5)
    assert {"mean", "lower", "upper"} <= set(res.table.columns)


def test_too_few_children_is_an_error() -> None:
    with pytest.raises(ValueError):
        compare_by_band([1, 2, 3, 5], [1, 0, 1, 0])


def test_custom_band_label() -> None:
    assert Band(3, 4).label == "3-4" and Band(5, None).label == "5+" and Band(2, 2).label == "2"

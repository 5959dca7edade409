"""Tables and comparisons on hand-built cohorts, answers worked by hand."""

import pandas as pd

from cpanalysis.protect.policy import DisclosurePolicy
from cpanalysis.protect.proportion import wilson_interval
from cpanalysis.protect.bands import BandComparison
from cpanalysis.protect.effect import Estimate
from cpanalysis.protect.trend import TrendResult
from cpanalysis.virtual_school.analysis import (
    band_analysis, comparison_sentence, evidence, format_interval, format_percent, rate_table, verdict_words,
)

POLICY = DisclosurePolicy(threshold=5)


def test_percent_and_interval_formats():
    assert format_percent(8, 21, policy=POLICY) == "38%"
    assert format_percent(5, 250, policy=POLICY) == "2.0%"  # "2%" of 250 could also be 4 pupils
    # Wilson 8/21 = 20.75% to 59.12% (DOMAIN.md section 7), rounded outwards.
    assert format_interval(*wilson_interval(8, 21), 21, policy=POLICY) == "20% to 60%"
    # A limit that prints like 4/21 (19%) moves one step outwards.
    assert format_interval(0.195, 0.50, 21, policy=POLICY) == "18% to 50%"


def test_rate_table_hides_a_small_group_and_its_complement():
    # 12 pupils without SEN (6 with grade 4+), 3 with an EHC plan (1 with grade 4+).
    f = pd.DataFrame({"SEN": ["none"] * 12 + ["EHCP"] * 3, "basics4": [1] * 6 + [0] * 6 + [1, 0, 0]})
    d = rate_table(f, "basics4", "SEN", policy=POLICY).display.set_index("Group")
    assert d.loc["EHCP"].tolist() == ["c"] * 4
    assert d.loc["none"].tolist() == ["c"] * 4  # else 15 - 12 gives the 3 away
    assert d.loc["All pupils"].tolist() == [15, 7, "47%", "24% to 70%"]


def test_outcomes_by_placements_trend_effect_and_sentence():
    # Placements 1: 8 of 12 achieve; 2: 5 of 10; 3-4: 5 of 10; 5+: 0 of 8.
    # 5+ (0 of 8: "none of them") merges into 3-4 -> 3+ = 5 of 18; band 1 (4 who did
    # not achieve) merges into 2 -> 1-2 = 13 of 22.
    rows = [(1, 1)] * 8 + [(1, 0)] * 4 + [(2, 1)] * 5 + [(2, 0)] * 5 + [(3, 1)] * 5 + [(4, 0)] * 5 + [(5, 0)] * 8
    f = pd.DataFrame(rows, columns=["placements", "basics4"])
    ba = band_analysis(f, "basics4", "placements", policy=POLICY)
    assert ba.display.to_dict("records") == [
        {"Band": "1-2 placements", "Pupils": 22, "Number": 13, "Percentage": "59%",
         "95% confidence interval": "38% to 77%"},
        {"Band": "3+ placements", "Pupils": 18, "Number": 5, "Percentage": "28%",
         "95% confidence interval": "12% to 51%"},
    ]
    tr, diff = ba.comparison.trend, ba.comparison.difference
    assert tr.method == "asymptotic" and round(tr.p_value, 4) == 0.0505
    assert round(diff.estimate, 4) == round(5 / 18 - 13 / 22, 4) == -0.3131
    assert (round(diff.lower, 3), round(diff.upper, 3)) == (-0.547, -0.005)
    # The interval (-54.7 to -0.5 points) excludes no difference while p = 0.0505 is above 0.05:
    # both are stated as they are, the disagreement is named, and nothing contradicts itself.
    s = ba.sentence
    assert s.startswith("For children with 3+ placements, the percentage was 31.3 percentage points lower than "
                        "for children with 1-2 placements.")
    assert "The two checks of this gap disagree" in s
    assert "does not find it statistically significant at the 5% level (p = 0.051)" in s  # not "p = 0.05"
    assert "the 95% confidence interval of the gap, -54.7 to -0.5 percentage points, does not include no " \
           "difference" in s  # one decimal: "-55 to -1" or "-55 to 0" would misstate the upper limit
    assert "weak evidence of a real gap" in s and "anywhere from 0.5 to 54.7 percentage points" in s
    # The old, self-contradicting wording is gone.
    assert "is not statistically significant" not in s and "consistent with anything from a gap of" not in s
    assert evidence(ba.comparison) == "mixed"
    assert verdict_words(ba.comparison) == "borderline: the test and the interval disagree"


def _comparison(p: float, lower: float, upper: float, estimate: float, bands: int = 2) -> BandComparison:
    """A comparison with a given p-value and difference (the sentence reads nothing else but the band count)."""
    table = pd.DataFrame({"band": [str(i + 1) for i in range(bands)]})
    trend = TrendResult(statistic=0.0, z=0.0, p_value=p, method="asymptotic")
    diff = Estimate(estimate=estimate, lower=lower, upper=upper, confidence=0.95, method="Newcombe (1998) method 10")
    return BandComparison(table, trend, diff, "proportion", "")


def test_sentence_when_test_and_interval_agree():
    # Significant, interval excludes 0: the gap, its interval, the test.
    s = comparison_sentence(_comparison(0.012, -0.52, -0.08, -0.30), "1-2 placements", "3+ placements")
    assert s == ("For children with 3+ placements, the percentage was 30 percentage points lower than for children "
                 "with 1-2 placements (95% CI -52 to -8 percentage points). This is statistically significant "
                 "(Cochran-Armitage test, p = 0.01): chance alone is an unlikely explanation, though with groups "
                 "this small the size of the gap is uncertain.")
    # Not significant, interval includes 0: "anything from no difference to ...", never "no difference".
    s = comparison_sentence(_comparison(0.07, -0.45, 0.04, -0.21), "1-2 placements", "3+ placements")
    assert s.startswith("The difference between children with 3+ placements and children with 1-2 placements is "
                        "not statistically significant (Cochran-Armitage test, p = 0.07): the data are consistent "
                        "with anything from no difference to a gap of 45 percentage points (95% CI -45 to 4 ")
    assert "not evidence that outcomes are the same" in s


def test_sentence_when_significant_test_meets_an_interval_through_zero():
    # p below 0.05 but the interval includes 0 (possible with different methods, or a trend across
    # several bands against the first-to-last gap): not called significant without saying so.
    comp = _comparison(0.03, -0.41, 0.02, -0.20, bands=3)
    s = comparison_sentence(comp, "one placement", "3+ placements")
    assert evidence(comp) == "mixed"
    assert "The two checks of this gap disagree" in s
    assert ("the Cochran-Armitage trend test across the ordered bands finds it statistically significant at the 5% "
            "level (p = 0.03), while the 95% confidence interval of the gap, -41 to 2 percentage points, includes "
            "no difference") in s
    assert "This is statistically significant" not in s


def test_too_few_to_compare_says_so():
    f = pd.DataFrame({"placements": [1] * 6 + [2] * 3, "basics4": [1, 0, 1, 0, 1, 0, 1, 0, 1]})
    ba = band_analysis(f, "basics4", policy=POLICY)
    assert ba.comparison is None and ba.display.empty
    assert ba.sentence.startswith("Too few pupils to compare")

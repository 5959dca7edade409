"""Tables and comparisons on hand-built cohorts, answers worked by hand."""

import pandas as pd

from cpanalysis.protect.policy import DisclosurePolicy
from cpanalysis.protect.proportion import wilson_interval
from cpanalysis.virtual_school.analysis import band_analysis, format_interval, format_percent, rate_table

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
    assert ba.sentence.startswith("The difference between children with 3+ placements and children with 1-2 "
                                  "placements is not statistically significant (Cochran-Armitage test, p = 0.05)")
    assert "95% CI -55 to -1 percentage points" in ba.sentence
    assert "not evidence that outcomes are the same" in ba.sentence


def test_too_few_to_compare_says_so():
    f = pd.DataFrame({"placements": [1] * 6 + [2] * 3, "basics4": [1, 0, 1, 0, 1, 0, 1, 0, 1]})
    ba = band_analysis(f, "basics4", policy=POLICY)
    assert ba.comparison is None and ba.display.empty
    assert ba.sentence.startswith("Too few pupils to compare")

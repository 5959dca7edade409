"""A Virtual School question asked with parameters (grouping, bands, years), answers counted by hand.

The notebook run itself is in ``test_notebooks.py``; here the pieces it calls.
"""

import math

import pandas as pd
import pytest

from cpanalysis.errors import InputError
from cpanalysis.protect.policy import DisclosurePolicy
from cpanalysis.protect.proportion import wilson_interval
from cpanalysis.virtual_school.analysis import band_analysis, format_interval, rate_table
from cpanalysis.virtual_school.grouping import parse_bands, resolve_grouping
from cpanalysis.virtual_school.years import no_assessment_note, parse_academic_years, years_label

POLICY = DisclosurePolicy(threshold=5)


def test_groupings_and_bands_from_text():
    assert resolve_grouping("moves") == "placement_moves" and resolve_grouping("placements") == "placements"
    assert [b.label for b in parse_bands("3+ vs the rest", "placement_moves")] == ["0-2", "3+"]
    assert [b.label for b in parse_bands("3+ versus rest", "placements")] == ["1-2", "3+"]
    assert [b.label for b in parse_bands("1,2,3+", "placements")] == ["1", "2", "3+"]
    assert [b.label for b in parse_bands("", "placement_moves")] == ["0", "1", "2", "3+"]
    with pytest.raises(InputError, match="must start at 0 placement moves"):
        parse_bands("1,2,3+", "placement_moves")  # moves start at none: no pupil may be left out
    with pytest.raises(InputError, match="last band must be open"):
        parse_bands("1,2,3-4", "placements")
    with pytest.raises(InputError, match="is everyone"):
        parse_bands("1+ vs the rest", "placements")
    with pytest.raises(InputError, match="grouping must be"):
        resolve_grouping("carers")


def test_years_as_the_parameter_writes_them():
    assert parse_academic_years("2023-24") == [2023]
    assert parse_academic_years("2021-22 to 2023-24") == [2021, 2022, 2023]
    assert years_label([2023]) == "2023-24" and years_label([2021, 2022, 2023]) == "2021-22 to 2023-24 pooled"
    with pytest.raises(InputError, match=r"academic year 2017-18 is not in the Virtual School data \(years in "
                                         r"the data: 2021-22, 2022-23\)"):
        parse_academic_years("2017-18", [2021, 2022])
    assert no_assessment_note("KS2", [2019, 2020, 2021]) == ("No assessments were held in 2019-20 and 2020-21 "
                                                              "(COVID-19).")


def _moves_cohort() -> pd.DataFrame:
    """36 KS2 pupils, counted by hand.

    ============  ======  =====================
    moves         pupils  met the standard
    ============  ======  =====================
    0             12      9
    1             8       5
    2             4       2
    3             6       3
    5             6       2
    ============  ======  =====================

    "3+ vs the rest": 0-2 moves 16 of 24 (66.7%), 3+ moves 5 of 12 (41.7%).
    Pearson chi-square 36 * (16*7 - 8*5)^2 / (24*12*21*15) = 2.0571; the
    Cochran-Armitage Z^2 is (N - 1)/N of it = 2.0 exactly, so p = erfc(1) = 0.1573.
    """
    rows = ([(0, 1)] * 9 + [(0, 0)] * 3 + [(1, 1)] * 5 + [(1, 0)] * 3 + [(2, 1)] * 2 + [(2, 0)] * 2
            + [(3, 1)] * 3 + [(3, 0)] * 3 + [(5, 1)] * 2 + [(5, 0)] * 4)
    return pd.DataFrame(rows, columns=["placement_moves", "ks2_rwm"]).astype(float)


def test_three_plus_moves_against_the_rest_counted_by_hand():
    ba = band_analysis(_moves_cohort(), "ks2_rwm", "placement_moves", policy=POLICY,
                       bands=parse_bands("3+ vs the rest", "placement_moves"))
    assert ba.display[["Band", "Pupils", "Number", "Percentage"]].to_dict("records") == [
        {"Band": "0-2 placement moves", "Pupils": 24, "Number": 16, "Percentage": "67%"},
        {"Band": "3+ placement moves", "Pupils": 12, "Number": 5, "Percentage": "42%"},
    ]
    assert ba.display["95% confidence interval"].tolist() == [
        format_interval(*wilson_interval(16, 24), 24, policy=POLICY),
        format_interval(*wilson_interval(5, 12), 12, policy=POLICY)]
    # The chart draws these numbers: its whiskers are the table's interval, its points the table's percentages.
    assert [f"{lo:g}% to {hi:g}%" for lo, hi in ba.intervals] == ba.display["95% confidence interval"].tolist()
    assert ba.values == [67.0, 42.0]
    tr = ba.comparison.trend
    assert tr.method == "asymptotic" and tr.z ** 2 == pytest.approx(2.0)
    assert tr.p_value == pytest.approx(math.erfc(1.0))
    assert ba.comparison.difference.estimate == pytest.approx(5 / 12 - 16 / 24)
    assert ba.sentence.startswith("The difference between children with 3+ placement moves and children with 0-2 "
                                  "placement moves is not statistically significant (Cochran-Armitage test, "
                                  "p = 0.16): the data are consistent with anything from no difference to a gap of")


def _ehcp_cohort() -> pd.DataFrame:
    """34 KS2 pupils: 20 with no SEN (10 met the standard), 14 with an EHC plan (none did)."""
    return pd.DataFrame({"SEN": ["no SEN"] * 20 + ["EHC plan"] * 14,
                         "sen_code": [0.0] * 20 + [2.0] * 14,
                         "ks2_rwm": [1.0] * 10 + [0.0] * 10 + [0.0] * 14})


def test_none_of_a_small_group_follows_the_policy():
    # "0 of 14 EHC-plan pupils": 0% of a group smaller than policy.small_group is hidden
    # (attribute disclosure), with the complement that would give it back.
    strict = DisclosurePolicy(threshold=5, small_group=15)
    d = rate_table(_ehcp_cohort(), "ks2_rwm", "SEN", policy=strict).display.set_index("Group")
    assert d.loc["EHC plan", "Number"] == "c" and d.loc["EHC plan", "Percentage"] == "c"
    assert d.loc["All pupils"].tolist()[:3] == [34, 10, "29%"]
    assert "c" in d.loc["no SEN"].tolist()  # else 10 - 10 gives the EHC plan's 0 back
    # Under DfE's usual 10, a group of 14 is large enough for its 0% to be published.
    d = rate_table(_ehcp_cohort(), "ks2_rwm", "SEN", policy=POLICY).display.set_index("Group")
    assert d.loc["EHC plan", ["Pupils", "Number", "Percentage"]].tolist() == [14, 0, "0%"]
    # The band comparison obeys the same rule: with small_group 15 the EHC plan band cannot stand alone.
    # With small_group 15 it has nothing to merge with (no pupil has SEN support), so nothing is compared.
    ba = band_analysis(_ehcp_cohort(), "ks2_rwm", "sen_code", policy=strict)
    assert ba.comparison is None and ba.display.empty and ba.sentence.startswith("Too few pupils to compare")
    ba = band_analysis(_ehcp_cohort(), "ks2_rwm", "sen_code", policy=POLICY)
    assert ba.display[["Pupils", "Number", "Percentage"]].values.tolist() == [[20, 10, "50%"], [14, 0, "0%"]]

"""Cohorts, outcomes and the caseworker view on the hand-built cohort (tests/virtual_school/hand.py)."""

import pytest

from cpanalysis.errors import DisclosureError
from cpanalysis.virtual_school import cohort, latest_complete_academic_year, parse_academic_year, pupil_frame
from cpanalysis.virtual_school.caseworker import children_at_risk
from cpanalysis.virtual_school.sections import caseworker_section
from vs_hand import data


@pytest.fixture(scope="module")
def vs():
    return data()


def test_dfe_cohort_is_in_care_12_months_at_31_march(vs):
    assert cohort(vs, 2023, "dfe")["CHILD"].tolist() == ["C01", "C02"]
    assert cohort(vs, 2023, "on_roll")["CHILD"].tolist() == ["C01", "C02", "C03", "C04"]


def test_outcomes_worked_by_hand(vs):
    f = pupil_frame(vs, 2023, "on_roll").set_index("CHILD")
    assert f.loc["C01", "attendance"] == pytest.approx(300 / 320)
    assert f.loc["C03", "persistent_absence"] == 1.0  # 80%: absent 20% of sessions
    assert f.loc["C01", "persistent_absence"] == 0.0
    assert f["placements"].tolist() == [1, 3, 1, 1]  # C02: start + moves in Oct 2022 and Nov 2023
    assert f.loc["C01", "years_in_care"] == pytest.approx(1542 / 365.25)  # 10 Jan 2020 to 31 Mar 2024
    assert f.loc["C01", "basics4"] == 1.0 and f.loc["C01", "basics5"] == 0.0  # English 5, maths 4
    assert f.loc["C03", "basics4"] == 0.0 and f.loc["C03", "att8"] == 20.0
    assert f.loc["C02", "ks2_mat_status"] == "did not take" and f.loc["C02", "ks2_mat"] == 0.0
    assert f.loc["C02", "ks2_read"] == 1.0 and f.loc["C02", "ks2_rwm"] == 0.0
    assert f.loc["C03", "neet"] == 1.0 and f.loc["C01", "neet"] == 0.0
    assert f.loc["C01", "pep_on_time"] == 1.0 and f.loc["C02", "pep_on_time"] == 0.0  # one late PEP
    assert f.loc["C02", "pep_good"] == 0.0  # latest rated "requires improvement"


def test_caseworker_flags_worked_by_hand(vs):
    t = children_at_risk(vs, 2023, "summer")
    assert t["CHILD"].tolist() == ["C03"]
    row = t.iloc[0]
    assert (row["Attendance"], row["Attendance below 90%"], row["No PEP this term"], row["Grade 3/4 border"]) == (
        "80.0%", "yes", "yes", "yes")
    # Spring term: C01 (10 Feb) and C03 (20 Feb) had PEPs, C02 did not; C03 is still flagged for attendance.
    spring = children_at_risk(vs, 2023, "spring").set_index("CHILD")
    assert spring.index.tolist() == ["C02", "C03"]
    assert spring.loc["C02", "No PEP this term"] == "yes" and spring.loc["C03", "No PEP this term"] == ""


def test_caseworker_section_refuses_a_publishable_page(vs):
    with pytest.raises(DisclosureError):
        caseworker_section(vs, 2023, "summer", publish=True)
    html = caseworker_section(vs, 2023, "summer", publish=False).html
    assert "C03" in html and "Not for publication" in html


def test_academic_years():
    assert latest_complete_academic_year("2025-26 Q3") == 2024
    assert latest_complete_academic_year("2025-26 Q1") == 2023  # 30 June 2025: 2024-25 not over
    assert latest_complete_academic_year("2025-26 Q3", [2021, 2022, 2023]) == 2023
    assert parse_academic_year("2024-25") == 2024 and parse_academic_year("2024/2025") == 2024

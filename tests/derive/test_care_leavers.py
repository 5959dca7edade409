"""Care-leaver eligibility and exclusions, hand-counted (``care_leaver_eligible``).

DfE / Children (Leaving Care) Act 2000: eligible after 13 weeks (91 days) looked
after since the 14th birthday with at least one day on or after the 16th;
excluded when the last time in care ended by adoption (E11/E12), death (E2),
transfer to another council (E3), or a return home (E4A/E4B) six months or more
before both the date and the 18th birthday. Counted at 31/03/2024.

Birthdays: DOB 01/01/2007 -> 14th 01/01/2021, 16th 01/01/2023, 18th 01/01/2025.
"""

from __future__ import annotations

import pandas as pd
import pytest

from cpanalysis.derive import care_leaver_eligible

WHEN = "2024-03-31"
# 01/10/2022 -> 01/02/2023: Oct 31 + Nov 30 + Dec 31 + Jan 31 = 123 days, the last in 2023 (after 16)
SPELL = ("01/10/2022", "01/02/2023")


def frames(rows, dobs):
    """rows: (CHILD, DECOM, DEC, REC[, LS]); dobs: CHILD -> DOB."""
    ep = pd.DataFrame([r if len(r) == 5 else (*r, "C2") for r in rows],
                      columns=["CHILD", "DECOM", "DEC", "REC", "LS"])
    for c in ("DECOM", "DEC"):
        ep[c] = pd.to_datetime(ep[c], dayfirst=True).astype("datetime64[s]")
    kids = pd.DataFrame({"CHILD": list(dobs), "DOB": pd.to_datetime(list(dobs.values()), dayfirst=True)})
    return ep, kids


@pytest.fixture(scope="module")
def got():
    rows = [
        ("ADOPT", *SPELL, "E11"),
        ("DIED", *SPELL, "E2"),
        ("MOVED", *SPELL, "E3"),
        ("HOME6", *SPELL, "E4A"),        # home from 01/02/2023; six months on 01/08/2023 <= 31/03/2024
        # home from 01/02/2024: six months would be 01/08/2024, after both 31/03/2024 and the 18th
        # birthday (01/06/2024): not excluded. Days: 01/09/2023 -> 01/02/2024 = 30+31+30+31+31 = 153
        ("HOME2", "01/09/2023", "01/02/2024", "E4B"),
        # went home (E4A) but came back into care: the last leaving (E8) decides. Days: 123 +
        # 01/09/2023 -> 01/12/2023 (30+31+30 = 91) = 214
        ("BACK", *SPELL, "E4A"), ("BACK", "01/09/2023", "01/12/2023", "E8"),
        # adopted earlier, last left care by E8: not excluded (123 + 91 = 214 days)
        ("ADOPT_THEN", *SPELL, "E12"), ("ADOPT_THEN", "01/09/2023", "01/12/2023", "E8"),
        # still in care: 01/11/2023 -> 31/03/2024 = 30+31+31+29+30 = 151 days (2024 is a leap year)
        ("IN_CARE", "01/11/2023", None, None),
        # 91 days exactly: 01/10/2023 -> 31/12/2023 = 31+30+30 = 91; one day fewer is 90
        ("D91", "01/10/2023", "31/12/2023", "E8"),
        ("D90", "01/10/2023", "30/12/2023", "E8"),
        # E13 (with someone without parental responsibility): not a return home under the rule
        ("E13", *SPELL, "E13"),
        # short breaks only (V3): no days count
        ("RESPITE", *SPELL, "E8", "V3"),
    ]
    dobs = {r[0]: "01/01/2007" for r in rows}
    dobs["HOME2"] = "01/06/2006"       # 14th 01/06/2020, 16th 01/06/2022, 18th 01/06/2024
    # 16th birthday 01/01/2024: in care 01/06/2023 -> 01/01/2024 is 214 days but the last day in
    # care is 31/12/2023, before the 16th: not eligible; to 02/01/2024 (215 days) it is
    rows += [("NOT16", "01/06/2023", "01/01/2024", "E8"), ("JUST16", "01/06/2023", "02/01/2024", "E8")]
    dobs.update({"NOT16": "01/01/2008", "JUST16": "01/01/2008"})
    ep, kids = frames(rows, dobs)
    return care_leaver_eligible(ep, kids, WHEN).set_index("CHILD")


@pytest.mark.parametrize("child, days, excluded, eligible", [
    ("ADOPT", 123, "adopted", False),
    ("DIED", 123, "died", False),
    ("MOVED", 123, "transferred to another council", False),
    ("HOME6", 123, "returned home 6+ months", False),
    ("HOME2", 153, None, True),
    ("BACK", 214, None, True),
    ("ADOPT_THEN", 214, None, True),
    ("IN_CARE", 151, None, True),
    ("D91", 91, None, True),
    ("D90", 90, None, False),
    ("E13", 123, None, True),
    ("NOT16", 214, None, False),
    ("JUST16", 215, None, True),
])
def test_care_leaver(got, child, days, excluded, eligible):
    row = got.loc[child]
    assert row["days_after_14"] == days
    assert (None if pd.isna(row["excluded"]) else row["excluded"]) == excluded
    assert bool(row["eligible"]) is eligible


def test_eligible_by_time_kept_apart_from_exclusions(got):
    # the adopted, died, moved and home-6-months young people met the time condition
    assert got.loc[["ADOPT", "DIED", "MOVED", "HOME6"], "eligible_by_time"].all()
    assert got.loc["HOME6", "left_care"] == pd.Timestamp("2023-02-01")
    assert got.loc["HOME6", "reason_left"] == "E4A"
    assert pd.isna(got.loc["IN_CARE", "left_care"])
    assert "RESPITE" not in got.index


def test_home_six_months_counts_only_before_18():
    # HOME2 again, counted on 31/12/2024: home since 01/02/2024 but 18 on 01/06/2024, before
    # six months at home (01/08/2024): stays a care leaver
    ep, kids = frames([("HOME2", "01/09/2023", "01/02/2024", "E4B")], {"HOME2": "01/06/2006"})
    row = care_leaver_eligible(ep, kids, "2024-12-31").set_index("CHILD").loc["HOME2"]
    assert pd.isna(row["excluded"]) and bool(row["eligible"])
    # the same spell for a child with a later 18th birthday (DOB 01/01/2007): home on
    # 01/08/2024, before 31/12/2024 and 01/01/2025: excluded
    ep, kids = frames([("Y", "01/09/2023", "01/02/2024", "E4B")], {"Y": "01/01/2007"})
    row = care_leaver_eligible(ep, kids, "2024-12-31").set_index("CHILD").loc["Y"]
    assert row["excluded"] == "returned home 6+ months" and not row["eligible"]

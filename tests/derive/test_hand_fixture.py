"""Known answers for the hand-built fixture (tests/fixtures/hand, see its README).

Every expected value below was worked out by hand from the two episode files;
the reasoning is in the comments. Return years: 2022-23 (01/04/2022-31/03/2023)
and 2023-24 (01/04/2023-31/03/2024).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from cpanalysis.derive import (PlacementRule, age_at, build, care_leaver_eligible,
                               children_looked_after_at, continuously_looked_after_12m,
                               placement_counts, read_manifest, read_processed)

HAND = Path(__file__).parents[1] / "fixtures" / "hand"


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    processed = tmp_path_factory.mktemp("processed")
    build(HAND, processed, max_quarantine_share=None)  # the fixture quarantines rows on purpose
    return processed, read_processed(processed), read_manifest(processed)


def per_child(df, col, how="size"):
    g = df.groupby("CHILD")[col]
    return (g.size() if how == "size" else g.sum()).astype(int).to_dict()


def test_validation_rows(out):
    _, t, m = out
    r = t["validation_report"]
    got = sorted(zip(r["file"], r["row"].astype(int), r["rule"]))
    assert got == [
        ("2022-23/episodes.csv", 18, "EPI_GAP"),               # C12 ends 01/06/2022, back 01/09/2022
        # C13's gap between two short breaks (03/05 -> 01/08/2022) is not reported: short breaks are
        # separate stays by nature.
        ("2023-24/episodes.csv", 7, "EPI_OVERLAP"),            # C07 ends 20/06 after next starts 01/06/2023
        ("2023-24/episodes.csv", 11, "KEY_DUPLICATE"),         # C10 same episode twice
        ("2023-24/episodes.csv", 13, "EPI_DEC_BEFORE_DECOM"),  # C11 DEC 01/08 before DECOM 01/09/2023
    ]
    # 23 + 15 episode rows read; two errors quarantined
    assert m["rows"]["read"]["episodes"] == 38
    assert m["rows"]["accepted"]["episodes"] == 36
    assert m["rows"]["quarantined"]["episodes"] == 2


def test_repairs(out):
    _, t, m = out
    rep = m["repairs"]
    # present in both files: C01, C02 (U5), C03 (L), C06 (T), C12 (P), C14, C15
    assert rep["SAME_EPISODE_LATER_YEAR"] == 7
    assert rep["OPEN_SUPERSEDED"] == 1            # C08 U4 open in 2022-23, K2 from 01/05/2023
    assert rep["OVERLAP_TRUNCATED"] == 1          # C07
    assert rep["OPEN_DROPPED_FROM_LATER_RETURN"] == 1   # C09 open in 2022-23, absent from 2023-24
    assert rep["REC_WITHOUT_DEC_CLEARED"] == 0
    assert rep["PERIOD_START_WITHOUT_S"] == 2     # C12 after the gap (RNE P), C14 first episode P
    log = t["repairs"].set_index("rule")
    assert log.loc["OPEN_SUPERSEDED", ["CHILD", "old", "new"]].tolist() == ["C08", "", "01/05/2023"]
    assert log.loc["OVERLAP_TRUNCATED", ["CHILD", "old", "new"]].tolist() == ["C07", "20/06/2023", "01/06/2023"]
    assert log.loc["OPEN_DROPPED_FROM_LATER_RETURN", ["CHILD", "new"]].tolist() == ["C09", "31/03/2023"]


def test_stitched_histories(out):
    _, t, _ = out
    ep = t["episodes"]
    assert len(ep) == 29
    assert per_child(ep, "DECOM") == {
        "C01": 1, "C02": 3, "C03": 4, "C04": 2, "C05": 3, "C06": 2, "C07": 2, "C08": 2,
        "C09": 1, "C10": 1, "C11": 1, "C12": 2, "C13": 2, "C14": 1, "C15": 1, "C16": 1}
    c08 = ep[ep["CHILD"] == "C08"]
    assert c08["DEC"].tolist()[0] == pd.Timestamp("2023-05-01")
    assert c08["REC"].tolist()[0] == "X1"                  # next episode is P, not S
    c02 = ep[ep["CHILD"] == "C02"]
    assert c02["REC"].tolist() == ["X1", "X1", "E4A"]      # latest year's copy wins
    assert c02["DEC"].tolist()[-1] == pd.Timestamp("2023-06-01")
    assert ep.loc[ep["CHILD"] == "C09", "DEC"].tolist() == [pd.Timestamp("2023-03-31")]


def test_periods_placements_moves(out):
    _, t, _ = out
    ep, periods, placements = t["episodes"], t["periods"], t["placements"]
    assert len(periods) == 19
    assert len(placements) == 24
    assert int(ep["is_move"].sum()) == 5
    assert per_child(periods, "period_id") == {
        "C01": 1, "C02": 1, "C03": 1, "C04": 1, "C05": 2, "C06": 1, "C07": 1, "C08": 1,
        "C09": 1, "C10": 1, "C11": 1, "C12": 2, "C13": 2, "C14": 1, "C15": 1, "C16": 1}
    # C02: U4 -> K2 -> U5 (two P moves); C03: temporary T1 and its return, then L: one placement;
    # C04: adoption by own foster carer (A5, RNE U): one; C05: S, B move, new period S: three;
    # C06: T same carer: one; C07/C08: one P move each; C12: two periods, one placement each.
    assert per_child(placements, "placement_id") == {
        "C01": 1, "C02": 3, "C03": 1, "C04": 1, "C05": 3, "C06": 1, "C07": 2, "C08": 2,
        "C09": 1, "C10": 1, "C11": 1, "C12": 2, "C13": 2, "C14": 1, "C15": 1, "C16": 1}
    assert per_child(ep, "is_move", "sum") == {
        "C01": 0, "C02": 2, "C03": 0, "C04": 0, "C05": 1, "C06": 0, "C07": 1, "C08": 1,
        "C09": 0, "C10": 0, "C11": 0, "C12": 0, "C13": 0, "C14": 0, "C15": 0, "C16": 0}
    assert periods.loc[periods["CHILD"] == "C13", "short_breaks_only"].tolist() == [True, True]
    c02 = placements[placements["CHILD"] == "C02"]
    assert c02["end"].isna().tolist() == [False, False, False]
    assert c02["PLACE"].tolist() == ["U4", "K2", "U5"]


def test_counting_rule_is_a_parameter(out):
    _, t, _ = out
    from cpanalysis.derive import assign_placements
    ep = t["episodes"].drop(columns=["is_move", "is_new_placement", "placement_id"])
    # counting the return from C03's temporary placement as a move adds exactly one move
    alt = assign_placements(ep, PlacementRule(return_after_temporary_is_move=True))
    assert int(alt["is_move"].sum()) == 6
    assert alt.loc[alt["is_move"], "CHILD"].value_counts()["C03"] == 1


def test_placement_counts_in_year(out):
    _, t, _ = out
    pl = t["placements"]
    y23 = placement_counts(pl, "2023-04-01", "2024-03-31").set_index("CHILD")["placements"].to_dict()
    assert y23 == {"C01": 1, "C02": 1, "C03": 1, "C05": 1, "C06": 1, "C07": 2, "C08": 2, "C10": 1,
                   "C11": 1, "C12": 1, "C14": 1, "C15": 1}
    y22 = placement_counts(pl, "2022-04-01", "2023-03-31").set_index("CHILD")["placements"].to_dict()
    assert y22 == {"C01": 1, "C02": 3, "C03": 1, "C04": 1, "C05": 2, "C06": 1, "C08": 1, "C09": 1,
                   "C12": 2, "C13": 2, "C14": 1, "C15": 1, "C16": 1}


def test_looked_after_at_31_march(out):
    _, t, _ = out
    ep = t["episodes"]
    at23 = sorted(children_looked_after_at(ep, "2023-03-31")["CHILD"])
    assert at23 == ["C01", "C02", "C03", "C06", "C08", "C12", "C14", "C15"]
    at24 = sorted(children_looked_after_at(ep, "2024-03-31")["CHILD"])
    assert at24 == ["C01", "C03", "C05", "C06", "C07", "C08", "C10", "C12", "C14"]


def test_continuously_looked_after(out):
    _, t, _ = out
    got = sorted(continuously_looked_after_12m(t["periods"], "2024-03-31")["CHILD"])
    assert got == ["C01", "C03", "C06", "C08", "C12", "C14"]


def test_care_leaver_eligibility(out):
    _, t, _ = out
    cl = care_leaver_eligible(t["episodes"], t["children"], "2024-03-31").set_index("CHILD")
    assert sorted(cl.index[cl["eligible"]]) == ["C14", "C15"]
    # C14: 01/03/2022-31/03/2024 = 365 + 366 + 30 days; C15: 01/03/2022-01/06/2023 = 365 + 92
    assert cl.loc["C14", "days_after_14"] == 761
    assert cl.loc["C15", "days_after_14"] == 457
    # C16: 01/12/2022-15/02/2023 = 76 days, after the 16th birthday but short of 91
    assert (cl.loc["C16", "days_after_14"], bool(cl.loc["C16", "in_care_after_16"])) == (76, True)
    assert not cl.loc["C16", "eligible"]


def test_age_and_children(out):
    _, t, _ = out
    ch = t["children"].set_index("CHILD")
    assert len(ch) == 16
    assert ch.loc["C15", "SEX"] == "2"                     # latest header (2023-24) wins
    assert ch.loc["C04", "SEX"] == "1"                     # only in 2022-23
    assert age_at(ch.loc[["C15", "C16"], "DOB"], pd.Timestamp("2024-03-31")).tolist() == [17, 17]
    assert age_at(pd.Timestamp("2010-04-01"), pd.Timestamp("2024-03-31")) == 13

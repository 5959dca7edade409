"""Placement counting around temporary placements (T0-T4), hand-counted.

DfE rule (SSDA903 guidance; DOMAIN.md section 3): temporary placements are not
placements, and the return to the same placement after one is not a move; going
on to a different carer after one IS a placement change. "The same placement"
is DfE validator rule 383: the same PLACE and PL_POST as the episode before the
temporary stay.

Cases G07-G11 are in tests/fixtures/geo (built end to end); the small frames
below check single shapes directly. Every answer is counted by hand in the
comment next to it.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from cpanalysis.derive import (PlacementRule, assign_periods, assign_placements, build,
                               placement_counts, placements_table, read_processed, stitch_episodes)

GEO = Path(__file__).parents[1] / "fixtures" / "geo"


def episodes(rows):
    """Episodes of one child: (DECOM, RNE, PLACE, PL_POST, DEC); LS C2, return year 2023-24."""
    df = pd.DataFrame(rows, columns=["DECOM", "RNE", "PLACE", "PL_POST", "DEC"])
    df.insert(0, "CHILD", "X")
    df["DECOM"] = pd.to_datetime(df["DECOM"], dayfirst=True).astype("datetime64[s]")
    df["DEC"] = pd.to_datetime(df["DEC"], dayfirst=True).astype("datetime64[s]")
    df["LS"] = "C2"
    df["REC"] = ["X1" if pd.notna(d) else None for d in df["DEC"]]
    df["YEAR"] = 2023
    return df


def derive(df, rule=PlacementRule()):
    ep = assign_placements(assign_periods(stitch_episodes(df)), rule)
    return ep, placements_table(ep)


def test_return_to_same_placement_is_not_a_move():
    # A -> T1 -> A: the temporary stay and the return belong to placement A: 1 placement, 0 moves
    ep, pl = derive(episodes([
        ("01/04/2023", "S", "U4", "QA1 1AB", "10/06/2023"),
        ("10/06/2023", "P", "T1", "QC1 1AA", "15/06/2023"),
        ("15/06/2023", "P", "U4", "QA1 1AB", None),
    ]))
    assert ep["is_move"].tolist() == [False, False, False]
    assert ep["is_temporary"].tolist() == [False, True, False]
    assert len(pl) == 1 and pl["n_episodes"].tolist() == [3]


def test_temporary_then_different_carer_is_a_move():
    # A -> T1 -> B (different PL_POST): B is a change of carer: 2 placements, 1 move.
    # Before this fix the return after any temporary placement was never a move (0 moves).
    ep, pl = derive(episodes([
        ("01/04/2023", "S", "U4", "QA1 1AB", "10/06/2023"),
        ("10/06/2023", "P", "T1", "QC1 1AA", "15/06/2023"),
        ("15/06/2023", "P", "U4", "QB1 1AA", None),
    ]))
    assert ep["is_move"].tolist() == [False, False, True]
    # placement A holds the temporary stay and ends when B starts
    assert pl["PL_POST"].tolist() == ["QA1 1AB", "QB1 1AA"]
    assert pl["end"].tolist()[0] == pd.Timestamp("2023-06-15")
    assert pl["n_episodes"].tolist() == [2, 1]


def test_different_placement_type_at_same_postcode_is_a_move():
    # rule 383 compares PLACE too: U4 -> T1 -> K2 at the same postcode is a different placement
    ep, _ = derive(episodes([
        ("01/04/2023", "S", "U4", "QA1 1AB", "10/06/2023"),
        ("10/06/2023", "P", "T1", "QA1 1AB", "15/06/2023"),
        ("15/06/2023", "P", "K2", "QA1 1AB", None),
    ]))
    assert int(ep["is_move"].sum()) == 1


def test_consecutive_temporary_placements_then_return():
    # A -> T2 -> T3 -> A: still the return to A: 1 placement, 0 moves
    ep, pl = derive(episodes([
        ("01/04/2023", "S", "U4", "QA1 1AB", "01/08/2023"),
        ("01/08/2023", "P", "T2", "QC1 1AA", "04/08/2023"),
        ("04/08/2023", "P", "T3", "QB1 1AA", "08/08/2023"),
        ("08/08/2023", "P", "U4", "QA1 1AB", None),
    ]))
    assert int(ep["is_move"].sum()) == 0
    assert len(pl) == 1 and pl["n_episodes"].tolist() == [4]


def test_period_starting_with_temporary_placement():
    # S T1 -> P U4: the first real placement of the period, not a move: 1 placement, 0 moves;
    # the placement describes the carer (U4 at QA1 1AB) and starts when the period does
    ep, pl = derive(episodes([
        ("01/05/2023", "S", "T1", "QC1 1AA", "05/05/2023"),
        ("05/05/2023", "P", "U4", "QA1 1AB", None),
    ]))
    assert ep["is_move"].tolist() == [False, False]
    assert pl[["PLACE", "PL_POST"]].values.tolist() == [["U4", "QA1 1AB"]]
    assert pl["start"].tolist() == [pd.Timestamp("2023-05-01")]


def test_blank_postcodes_match_only_blank():
    # A (no PL_POST) -> T1 -> A (no PL_POST): same PLACE, both blank: the return, 0 moves
    ep, _ = derive(episodes([
        ("01/04/2023", "S", "U4", None, "10/06/2023"),
        ("10/06/2023", "P", "T1", None, "15/06/2023"),
        ("15/06/2023", "P", "U4", None, None),
    ]))
    assert int(ep["is_move"].sum()) == 0
    # A (no PL_POST) -> T1 -> A' with a postcode: cannot be shown to be the same: 1 move
    ep, _ = derive(episodes([
        ("01/04/2023", "S", "U4", None, "10/06/2023"),
        ("10/06/2023", "P", "T1", None, "15/06/2023"),
        ("15/06/2023", "P", "U4", "QA1 1AB", None),
    ]))
    assert int(ep["is_move"].sum()) == 1


def test_rule_parameters():
    rows = [("01/04/2023", "S", "U4", "QA1 1AB", "10/06/2023"),
            ("10/06/2023", "P", "T1", "QC1 1AA", "15/06/2023"),
            ("15/06/2023", "P", "U4", "QA1 1AB", None)]
    # counting every return as a move: A -> T1 -> A has 1 move
    ep, _ = derive(episodes(rows), PlacementRule(return_after_temporary_is_move=True))
    assert int(ep["is_move"].sum()) == 1
    # comparing PLACE only: A -> T1 -> B with the same PLACE (U4) at another postcode is a return
    rows[2] = ("15/06/2023", "P", "U4", "QB1 1AA", None)
    ep, _ = derive(episodes(rows), PlacementRule(same_carer_columns=("PLACE",)))
    assert int(ep["is_move"].sum()) == 0
    assert PlacementRule().as_dict()["same_carer_columns"] == ["PLACE", "PL_POST"]


@pytest.fixture(scope="module")
def geo(tmp_path_factory):
    processed = tmp_path_factory.mktemp("geo")
    build(GEO, processed)
    return read_processed(processed)


def test_fixture_moves_and_placements(geo):
    ep, pl = geo["episodes"], geo["placements"]
    moves = ep.groupby("CHILD")["is_move"].sum().astype(int).to_dict()
    # G07 A-T1-A: 0; G08 A-T1-B: 1; G09 A-T2-T3-A: 0; G10 starts with T1: 0;
    # G11 U4 -> T4 -> K2 (same postcode, other type): 1, then K2 -> U4 (P): 1 -> 2
    assert {k: moves[k] for k in ("G07", "G08", "G09", "G10", "G11")} == {
        "G07": 0, "G08": 1, "G09": 0, "G10": 0, "G11": 2}
    n_pl = pl.groupby("CHILD").size().to_dict()
    assert {k: n_pl[k] for k in ("G07", "G08", "G09", "G10", "G11")} == {
        "G07": 1, "G08": 2, "G09": 1, "G10": 1, "G11": 3}
    # G01-G06 one placement each; 6 + 1 + 2 + 1 + 1 + 3 = 14 placements, 3 moves in all
    assert len(pl) == 14 and int(ep["is_move"].sum()) == 3
    # placements in the year 2023-24: G11 had three (DfE short-term instability: 3 or more)
    y = placement_counts(pl, "2023-04-01", "2024-03-31").set_index("CHILD")["placements"]
    assert int(y["G11"]) == 3 and int(y["G08"]) == 2 and int(y["G09"]) == 1

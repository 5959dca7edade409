"""Duplicate CHILD + DECOM: a zero-length episode beside the episode continuing from that day.

Hand-built return (2023-24, 01/04/2023-31/03/2024), worked by hand:

- C1: a zero-length S episode on 01/05/2023 (DEC 01/05/2023) written *before* the
  continuing episode with the same DECOM (DEC 01/08/2023), then a move on 01/08/2023.
  The continuing episode is the real one: one period of care, two placements, no gap.
- C2: the same two rows in the other order (continuing first): same answer.
- C3: a true duplicate (two different, non-zero-length episodes, same DECOM): still a
  KEY_DUPLICATE error; the first row is kept.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cpanalysis.derive import build, read_manifest, read_processed
from cpanalysis.derive.episodes import stitch_episodes
from cpanalysis.load import read_returns
from cpanalysis.validate import validate_return

HEADER = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
EPIS = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
ROWS = (
    "C1,01/05/2023,S,C2,N1,U4,PR1,01/05/2023,X1,,,,\n"     # 2 zero-length (dropped by derive)
    "C1,01/05/2023,S,C2,N1,U4,PR1,01/08/2023,X1,,,,\n"     # 3 continuing: the real episode
    "C1,01/08/2023,P,C2,N1,U5,PR1,,,CARPL,,,\n"            # 4 a move
    "C2,01/06/2023,S,C2,N1,U4,PR1,01/09/2023,X1,,,,\n"     # 5 continuing first
    "C2,01/06/2023,S,C2,N1,U4,PR1,01/06/2023,X1,,,,\n"     # 6 zero-length second
    "C2,01/09/2023,P,C2,N1,K2,PR4,,,CARPL,,,\n"            # 7 a move
    "C3,01/06/2023,S,C2,N1,U4,PR1,01/08/2023,X1,,,,\n"     # 8 kept
    "C3,01/06/2023,S,C2,N1,U5,PR1,01/08/2023,X1,,,,\n"     # 9 KEY_DUPLICATE (quarantined)
    "C3,01/08/2023,P,C2,N1,U5,PR1,,,,,,\n"                 # 10
)


@pytest.fixture
def raw(tmp_path):
    y = tmp_path / "raw" / "2023-24"
    y.mkdir(parents=True)
    (y / "header.csv").write_text(HEADER + "".join(f"C{i},1,01/01/2012,WBRI,,,\n" for i in (1, 2, 3)))
    (y / "episodes.csv").write_text(EPIS + ROWS)
    return tmp_path / "raw"


def test_validation_keeps_continuing_episode(raw):
    v = validate_return(read_returns(raw))
    r = v.report
    got = sorted(zip(r["row"].astype(int), r["rule"], r["severity"]))
    assert got == [(2, "KEY_DUPLICATE_ZERO_LENGTH", "warning"),
                   (6, "KEY_DUPLICATE_ZERO_LENGTH", "warning"),
                   (9, "KEY_DUPLICATE", "error")]            # no EPI_GAP, no EPI_OVERLAP
    assert sorted(v.tables["episodes"]["SOURCE_ROW"]) == [2, 3, 4, 5, 6, 7, 8, 10]


def test_build_resolves_to_continuing_episode_as_a_logged_repair(raw, tmp_path):
    processed = tmp_path / "processed"
    m = build(raw, processed, max_quarantine_share=None)
    t = read_processed(processed)
    assert m["repairs"]["ZERO_LENGTH_DUPLICATE_DROPPED"] == 2
    rep = t["repairs"]
    z = rep[rep["rule"] == "ZERO_LENGTH_DUPLICATE_DROPPED"]
    assert sorted(zip(z["CHILD"], z["old"])) == [("C1", "01/05/2023"), ("C2", "01/06/2023")]
    ep = t["episodes"].sort_values(["CHILD", "DECOM"])
    c1 = ep[ep["CHILD"] == "C1"]
    assert c1["DEC"].dt.strftime("%d/%m/%Y").fillna("").tolist() == ["01/08/2023", ""]
    assert c1["PLACE"].tolist() == ["U4", "U5"]
    per = t["periods"]
    assert per.groupby("CHILD").size().to_dict() == {"C1": 1, "C2": 1, "C3": 1}   # no false new period
    assert m["repairs"].get("PERIOD_START_WITHOUT_S", 0) == 0
    pl = t["placements"]
    assert pl.groupby("CHILD").size().to_dict() == {"C1": 2, "C2": 2, "C3": 2}
    c3 = ep[ep["CHILD"] == "C3"]
    assert c3["PLACE"].tolist() == ["U4", "U5"]                                      # first row of the true duplicate


def test_stitch_drops_only_zero_length_rows_beside_a_continuing_episode():
    import pandas as pd
    d = pd.to_datetime
    ep = pd.DataFrame({"YEAR": 2023, "CHILD": ["A", "A", "B", "B"],
                       "DECOM": d(["2023-05-01", "2023-05-01", "2023-05-01", "2023-06-01"]),
                       "DEC": d(["2023-05-01", None, "2023-05-01", None]),
                       "RNE": ["S", "S", "S", "S"], "REC": ["X1", None, "E13", None], "LS": "C2"})
    repairs, counts = [], {}
    out = stitch_episodes(ep, repairs, counts)
    assert counts["ZERO_LENGTH_DUPLICATE_DROPPED"] == 1
    assert [(c, str(x.date()) if pd.notna(x) else "") for c, x in zip(out["CHILD"], out["DEC"])] == [
        ("A", ""), ("B", "2023-05-01"), ("B", "")]          # B's zero-length episode has no same-day twin

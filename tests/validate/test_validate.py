"""Validation: rules, quarantine, counts, year-specific code lists, peer defects, CLI exit codes."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import pandas as pd
import pytest

from cpanalysis.errors import InputError, ProblemsFound
from cpanalysis.load import read_returns
from cpanalysis.validate import REPORT_COLUMNS, validate_return
from cpanalysis.validate import cli
from cpanalysis.validate.codes import allowed, classify

#: Peer fixtures in the shared folder beside the repository (``../shared/peer-903``).
PEER = Path(__file__).resolve().parents[2].parent / "shared" / "peer-903"
needs_peer = pytest.mark.skipif(not PEER.is_dir(), reason=f"peer fixtures not found at {PEER}")
HEADER = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
EPIS = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def found(v, rule):
    r = v.report
    return sorted(r.loc[r["rule"] == rule, ["file", "row", "column", "value"]].values.tolist())


def test_code_lists_change_by_year():
    assert "K3" not in allowed("episodes", "PLACE", 2023)
    assert "K3" in allowed("episodes", "PLACE", 2024)
    assert {"H5", "P2", "Z1"} <= set(allowed("episodes", "PLACE", 2024))
    assert not {"H5", "P2", "Z1"} & set(allowed("episodes", "PLACE", 2025))
    assert {"Z11", "Z12", "Z13", "Z14"} <= set(allowed("episodes", "PLACE", 2025))
    assert allowed("header", "SEX", 2023) == ["1", "2"]
    assert allowed("header", "SEX", 2024) == ["F", "M", "U"]
    assert classify("episodes", "PLACE", "K3", 2023) == "CODE_NOT_YET_VALID"
    assert classify("episodes", "PLACE", "H5", 2025) == "CODE_WITHDRAWN"
    assert classify("episodes", "PLACE", "QQ", 2025) == "CODE_UNKNOWN"
    assert classify("episodes", "CIN", "N9", 2025) == "CODE_UNKNOWN_KEPT"


@pytest.fixture
def small(tmp_path):
    """Two return years with one deliberate defect per line (line numbers in comments)."""
    write(tmp_path / "2023-24" / "header.csv", HEADER
          + "1,1,01/01/2010,WBRI,A123456789012,,\n"      # 2 ok
          + "2,1,01/01/2011,WBRI,BAD,,\n"                 # 3 UPN_FORMAT (warning)
          + "2,2,01/01/2011,WBRI,,,\n"                    # 4 KEY_DUPLICATE (error)
          + "3,M,01/01/2012,WBRI,,,\n")                   # 5 SEX M not valid until 2024-25
    write(tmp_path / "2023-24" / "episodes.csv", EPIS
          + "1,01/05/2023,S,C2,N1,K3,PR1,10/06/2023,X1,,,,\n"   # 2 K3 not yet valid
          + "1,10/06/2023,P,C2,N1,U4,PR1,01/06/2023,E11,,,,\n"  # 3 DEC before DECOM
          + "2,01/05/2023,S,C2,N1,U4,PR1,,,,,,\n"               # 4 open, later episode -> open not last
          + "2,01/07/2023,P,C2,N1,U5,PR1,,,,,,\n"               # 5 ok
          + "9,01/07/2023,S,C2,N1,U5,PR1,,,,,,\n"               # 6 child not in header
          + "3,01/05/2023,S,C2,N1,U4,PR1,01/09/2023,X1,,,,\n"   # 7 overlaps next
          + "3,01/08/2023,P,C2,N1,U4,PR1,,,,,,\n")              # 8 ok
    write(tmp_path / "2024-25" / "header.csv", HEADER + "3,M,01/01/2012,WBRI,,,\n")
    write(tmp_path / "2024-25" / "episodes.csv", EPIS + "3,01/08/2023,P,C2,N1,K3,PR1,,,,,,\n")
    return tmp_path


def test_rules_rows_and_quarantine(small):
    v = validate_return(read_returns(small))
    assert list(v.report.columns) == list(REPORT_COLUMNS)
    h, e = "2023-24/header.csv", "2023-24/episodes.csv"
    assert found(v, "UPN_FORMAT") == [[h, 3, "UPN", "BAD"]]
    assert found(v, "KEY_DUPLICATE") == [[h, 4, "CHILD", "2"]]
    assert found(v, "CODE_NOT_YET_VALID") == [[e, 2, "PLACE", "K3"], [h, 5, "SEX", "M"]]
    assert found(v, "EPI_DEC_BEFORE_DECOM") == [[e, 3, "DEC", "01/06/2023"]]
    assert found(v, "EPI_OPEN_NOT_LAST") == [[e, 4, "DEC", ""]]
    assert found(v, "CHILD_NOT_IN_HEADER") == [[e, 6, "CHILD", "9"]]
    assert found(v, "EPI_OVERLAP") == [[e, 7, "DEC", "01/09/2023"]]
    c = v.counts.set_index("table")
    # header: 5 rows read; line 4 (duplicate) and line 5 (SEX M) quarantined in 2023-24
    assert c.loc["header"].tolist() == [5, 3, 2]
    # episodes: 8 read; lines 2, 3, 6 quarantined (errors); overlap/open are warnings
    assert c.loc["episodes"].tolist() == [8, 5, 3]
    assert (c["read"] == c["accepted"] + c["quarantined"]).all()
    assert sorted(v.tables["episodes"]["SOURCE_ROW"].tolist()) == [2, 4, 5, 7, 8]


def test_unknown_code_is_error(tmp_path):
    write(tmp_path / "2023-24" / "header.csv", HEADER + "1,1,01/01/2010,WBRI,,,\n")
    write(tmp_path / "2023-24" / "episodes.csv", EPIS + "1,01/05/2023,S,C2,N1,QQ,PR1,,,,,,\n")
    v = validate_return(read_returns(tmp_path))
    assert v.report[["row", "column", "value", "rule", "severity"]].values.tolist() == [
        [2, "PLACE", "QQ", "CODE_UNKNOWN", "error"]]


@needs_peer
def test_peer_validator_fake_defects_reported():
    v = validate_return(read_returns(PEER / "validator-fake"))
    r = v.report
    oc3 = r[r["file"] == "oc3.csv"]
    assert ((oc3["column"] == "ACCOM") & (oc3["value"] == "01")).any()
    assert (oc3["rule"] == "OC3_DIED_FILLED").sum() == 13       # grep -c DIED oc3.csv with ACTIV/ACCOM filled
    pa_ = r[(r["file"] == "placed_for_adoption.csv") & (r["column"] == "REASON_PLACED_CEASED")]
    assert set(pa_["value"]) == {"XXX"} and len(pa_) == 29
    sw = r[(r["file"] == "sw_episodes.csv") & (r["column"] == "SW_REASON")]
    assert sw["value"].tolist() == ["SWLAZY"]
    # README: about 72 episodes overlap the next or stay open while a later one exists, 53 gaps
    assert (r["rule"] == "EPI_OVERLAP").sum() + (r["rule"] == "EPI_OPEN_NOT_LAST").sum() == 72
    # The README's "about 53 gaps": 53 in the file, one of them between two short breaks (V3/V4),
    # which are separate stays by nature and not reported.
    assert (r["rule"] == "EPI_GAP").sum() == 52
    c = v.counts
    assert (c["read"] == c["accepted"] + c["quarantined"]).all()


@needs_peer
def test_peer_placed_for_adoption_errors_variant(tmp_path):
    src = PEER / "validator-fake"
    for f in ("header.csv", "episodes.csv"):
        shutil.copy(src / f, tmp_path / f)
    shutil.copy(src / "placed_for_adoption_errors.csv", tmp_path / "placed_for_adoption.csv")
    v = validate_return(read_returns(tmp_path))
    r = v.report
    assert (r.loc[r["column"] == "REASON_PLACED_CEASED", "value"] == "XXX").sum() == 30
    # the errors variant repeats child 988635 (lines 2 and 3) with different DATE_PLACED: not a key clash
    assert len(v.tables["placed_adoption"]) == 0


@needs_peer
def test_peer_multi_year_defects_reported():
    v = validate_return(read_returns(PEER / "multi-year-2017-2021"))
    r = v.report
    oc3 = r[r["file"].str.endswith("-oc3.csv")]
    assert ((oc3["column"] == "ACTIV") & (oc3["value"] == "P3") & (oc3["rule"] == "CODE_WITHDRAWN")).any()
    assert (oc3["rule"] == "OC3_DIED_FILLED").any()


def _args(*a):
    p = argparse.ArgumentParser()
    cli.add_parser(p.add_subparsers())
    return p.parse_args(["validate", *a])


@needs_peer
def test_cli_exit_codes(tmp_path, capsys):
    clean = tmp_path / "clean"
    write(clean / "2023-24" / "header.csv", HEADER + "1,1,01/01/2010,WBRI,,,\n")
    write(clean / "2023-24" / "episodes.csv", EPIS + "1,01/05/2023,S,C2,N1,U4,PR1,,,,,,\n")
    assert cli.run(_args(str(clean), "--report", str(tmp_path / "r0.csv"))) == 0
    assert "No problems found." in capsys.readouterr().out
    with pytest.raises(ProblemsFound):
        cli.run(_args(str(PEER / "validator-fake"), "--report", str(tmp_path / "r1.csv")))
    rep = pd.read_csv(tmp_path / "r1.csv")
    assert list(rep.columns) == list(REPORT_COLUMNS)
    with pytest.raises(InputError):
        cli.run(_args(str(tmp_path / "nowhere")))


def _schema_rows(report):
    return sorted(map(tuple, report.frame()[["file", "row", "column", "value", "rule"]].values.tolist()))


@pytest.mark.parametrize("which", ["small", "peer"])
def test_vectorised_schema_check_matches_pandera(which, small):
    """run_schema (vectorised, reads the pandera schemas) reports exactly what pandera does."""
    from cpanalysis.validate.report import Report
    from cpanalysis.validate.schemas import run_schema, run_schema_pandera

    raw = small if which == "small" else PEER / "validator-fake"
    if not raw.exists():
        pytest.skip("peer fixtures not available")
    ret = read_returns(raw)
    total = 0
    for t, df in ret.tables.items():
        if t.startswith("vs_"):
            continue
        fast, ref = Report(), Report()
        run_schema(t, df, fast)
        run_schema_pandera(t, df, ref)
        assert _schema_rows(fast) == _schema_rows(ref), t
        assert (fast.error_positions(t) == ref.error_positions(t)).all()
        total += len(ref)
    assert total > 0       # the inputs do hold schema failures, so the comparison is not empty

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


# --- code lists checked against DfE's validator (data-to-insight/csc-validator-be-903) ---

OC2 = ("CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,"
       "HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED\n")
SWEP = "CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON\n"
DFE_SW_REASONS = ["ABSENC", "CHCHAN", "FCONTA", "LEFTRL", "MANAGE", "ORGRST", "OTHERS", "PCCHAN", "SWDIED", "TSPROC"]


@pytest.mark.parametrize("year", [2023, 2024, 2025])
def test_sw_reason_is_dfe_list(year):
    """SW13STG1: the ten DfE reasons, and an unknown one is a warning, not a quarantine."""
    assert allowed("sw_episodes", "SW_REASON", year) == DFE_SW_REASONS
    assert classify("sw_episodes", "SW_REASON", "MGMTDEC", year) == "CODE_UNKNOWN_KEPT"


@pytest.mark.parametrize("year", [2017, 2023, 2024, 2025])
def test_accom_and_placed_ceased_are_dfe_lists(year):
    accom = set(allowed("oc3", "ACCOM", year))
    assert {"S2", "X2", "0", "B1", "Z2"} <= accom          # rule 133
    assert not {"S1", "X1"} & accom
    assert len(accom) == 31
    assert allowed("placed_adoption", "REASON_PLACED_CEASED", year) == ["RD1", "RD2", "RD3", "RD4"]   # rule 120
    assert classify("placed_adoption", "REASON_PLACED_CEASED", "E11", year) == "CODE_UNKNOWN"


def test_other_lists_match_dfe():
    """The remaining lists, as DfE's rules spell them (rule number in the message)."""
    dfe = {
        ("header", "ETHNIC"): (103, "WBRI WIRI WOTH WIRT WROM MWBC MWBA MWAS MOTH AIND APKN ABAN AOTH BCRB BAFR "
                                    "BOTH CHNE OOTH REFU NOBT"),
        ("episodes", "RNE"): (143, "S P L T U B"),
        ("episodes", "LS"): (144, "C1 C2 D1 E1 V2 V3 V4 J1 J2 J3 L1 L2 L3"),
        ("episodes", "CIN"): (145, "N1 N2 N3 N4 N5 N6 N7 N8"),
        ("episodes", "PLACE_PROVIDER"): (178, "PR0 PR1 PR2 PR3 PR4 PR5"),
        ("episodes", "REC"): (149, "E11 E12 E2 E3 E4A E4B E13 E41 E45 E46 E47 E48 E5 E6 E7 E8 E9 E14 E15 E16 "
                                   "E17 X1"),
        ("episodes", "REASON_PLACE_CHANGE"): (1009, "CARPL CLOSE ALLEG STAND APPRR CREQB CREQO CHILD LAREQ "
                                                   "PLACE CUSTOD OTHER"),
        ("reviews", "REVIEW_CODE"): (167, "PN0 PN1 PN2 PN3 PN4 PN5 PN6 PN7"),
        ("oc2", "SDQ_REASON"): (196, "SDQ1 SDQ2 SDQ3 SDQ4 SDQ5"),
        ("oc2", "CONVICTED"): (181, "0 1"),
        ("oc3", "IN_TOUCH"): (131, "YES NO DIED REFU NREQ RHOM"),
        ("oc3", "ACTIV"): (132, "F1 P1 F2 P2 F4 P4 F5 P5 G4 G5 G6 0"),
        ("ad1", "FOSTER_CARE"): (114, "0 1"),
        ("ad1", "NB_ADOPTR"): (175, "1 2"),
        ("ad1", "SEX_ADOPTR"): (176, "M1 F1 MM FF MF"),
        ("ad1", "LS_ADOPTR"): (177, "L0 L11 L12 L2 L3 L4"),
        ("prev_perm", "PREV_PERM"): (631, "P1 P2 P3 P4 Z1"),
        ("missing", "MISSING"): (1006, "M A"),
        ("placed_adoption", "REASON_PLACED_CEASED"): (120, "RD1 RD2 RD3 RD4"),
    }
    for (t, c), (rule, codes) in dfe.items():
        for year in (2022, 2023, 2024, 2025):
            assert allowed(t, c, year) == sorted(codes.split()), f"{t}.{c} {year} (DfE rule {rule})"
    place = {2022: "A3 A4 A5 A6 H5 K1 K2 P1 P2 P3 R1 R2 R3 R5 S1 T0 T1 T2 T3 T4 U1 U2 U3 U4 U5 U6 Z1",
             2024: "A3 A4 A5 A6 H5 K1 K2 K3 P1 P2 P3 R1 R2 R3 R5 S1 T0 T1 T2 T3 T4 U1 U2 U3 U4 U5 U6 Z1",
             2025: "A3 A4 A5 A6 K1 K2 K3 P1 P3 R1 R2 R3 R5 S1 T0 T1 T2 T3 T4 U1 U2 U3 U4 U5 U6 Z11 Z12 Z13 Z14"}
    for year, codes in place.items():                      # rule 146 in 2022_23, 2024_25, 2025_26
        assert allowed("episodes", "PLACE", year) == sorted(codes.split()), year


def test_dfe_codes_accepted_and_sdq_score_checked(tmp_path):
    """Valid DfE codes keep their rows; SDQ_SCORE must be a whole number 0-40 (rule 180)."""
    y = tmp_path / "2024-25"
    write(y / "header.csv", HEADER + "".join(f"{i},M,01/01/2008,WBRI,,,\n" for i in range(1, 8)))
    write(y / "episodes.csv", EPIS + "".join(f"{i},01/04/2023,S,C2,N1,U4,PR1,,,,,,\n" for i in range(1, 8)))
    write(y / "sw_episodes.csv", SWEP + "1,01/01/2008,SW1,01/05/2024,01/06/2024,MANAGE\n"
                                        "1,01/01/2008,SW2,01/06/2024,,NOTACODE\n")
    write(y / "oc3.csv", "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\n2,01/01/2008,YES,F1,S2\n"
                         "3,01/01/2008,YES,0,0\n4,01/01/2008,YES,F1,S1\n")
    write(y / "placed_adoption.csv", "CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED\n"
                                     "5,01/01/2008,01/05/2024,01/06/2024,RD1\n"
                                     "6,01/01/2008,01/05/2024,01/06/2024,E11\n")
    write(y / "oc2.csv", OC2 + "".join(f"{c},01/01/2008,{s},,0,1,1,1,1,0,,\n" for c, s in
                                       ((1, "14"), (2, "fourteen"), (3, "99"), (4, "40"), (5, "0"), (6, "39.5"))))
    v = validate_return(read_returns(tmp_path))
    r = v.report
    assert found(v, "CODE_UNKNOWN_KEPT") == [["2024-25/sw_episodes.csv", 3, "SW_REASON", "NOTACODE"]]
    assert len(v.tables["sw_episodes"]) == 2                # SW_REASON never quarantines
    assert found(v, "CODE_UNKNOWN") == [["2024-25/oc3.csv", 4, "ACCOM", "S1"],
                                        ["2024-25/placed_adoption.csv", 3, "REASON_PLACED_CEASED", "E11"]]
    assert sorted(v.tables["oc3"]["CHILD"]) == ["2", "3"]
    assert found(v, "NUMBER_INVALID") == [["2024-25/oc2.csv", 3, "SDQ_SCORE", "fourteen"],
                                          ["2024-25/oc2.csv", 4, "SDQ_SCORE", "99"],
                                          ["2024-25/oc2.csv", 7, "SDQ_SCORE", "39.5"]]
    assert sorted(v.tables["oc2"]["SDQ_SCORE"]) == ["0", "14", "40"]
    assert set(r["rule"]) <= {"CODE_UNKNOWN_KEPT", "CODE_UNKNOWN", "NUMBER_INVALID"}, r


def test_sdq_check_matches_pandera(tmp_path):
    from cpanalysis.validate.report import Report
    from cpanalysis.validate.schemas import run_schema, run_schema_pandera

    write(tmp_path / "2024-25" / "header.csv", HEADER + "1,M,01/01/2008,WBRI,,,\n")
    write(tmp_path / "2024-25" / "episodes.csv", EPIS + "1,01/04/2023,S,C2,N1,U4,PR1,,,,,,\n")
    write(tmp_path / "2024-25" / "oc2.csv", OC2 + "".join(f"1,01/01/2008,{s},,0,1,1,1,1,0,,\n"
                                                          for s in ("14", "fourteen", "99", "", "20.0", "-1")))
    df = read_returns(tmp_path).tables["oc2"]
    fast, ref = Report(), Report()
    run_schema("oc2", df, fast)
    run_schema_pandera("oc2", df, ref)
    assert _schema_rows(fast) == _schema_rows(ref)
    assert [r[1] for r in _schema_rows(fast)] == [3, 4, 7]


def test_cli_report_neutralises_formula_cells(tmp_path, capsys):
    """The validate command's one CSV output (the report) never holds a cell a spreadsheet would run."""
    import csv

    raw = tmp_path / "raw"
    write(raw / "2023-24" / "header.csv", HEADER + "@1,1,01/01/2010,WBRI,=HYPERLINK(\"x\"),,\n")
    write(raw / "2023-24" / "episodes.csv", EPIS + "@1,01/05/2023,S,C2,N1,=cmd|' /C calc'!A0,PR1,,,,,,\n"
                                                   "+C2,01/05/2023,S,C2,N1,-U4,PR1,,,,,,\n")
    rep = tmp_path / "report.csv"
    with pytest.raises(ProblemsFound):
        cli.run(_args(str(raw), "--report", str(rep)))
    with rep.open(newline="") as fh:
        cells = [c for row in csv.reader(fh) for c in row]
    assert "'=cmd|' /C calc'!A0" in cells and "'@1" in cells and "'-U4" in cells and "'+C2" in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_neutralise_frame_covers_categorical_columns():
    from cpanalysis._csvsafe import neutralise_frame

    df = pd.DataFrame({"c": pd.Categorical(["=1+1", "ok", "=1+1"]), "k": pd.Categorical(["a", "b", "a"]),
                       "n": [-1, 2, 3]})
    out = neutralise_frame(df)
    assert out["c"].tolist() == ["'=1+1", "ok", "'=1+1"]
    assert isinstance(out["k"].dtype, pd.CategoricalDtype)          # untouched when nothing to neutralise
    assert out["n"].tolist() == [-1, 2, 3]

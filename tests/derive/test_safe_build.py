"""Issue 12: a build that would publish wrong figures stops; duplicates resolve to the real episode."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from cpanalysis.cli import main
from cpanalysis.derive import build, read_processed
from cpanalysis.errors import ProblemsFound
from cpanalysis.load.dates import parse_date_text

HEADER = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
EPIS = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def council(root: Path, decs: list[str]) -> Path:
    """One return year (2023-24), one child per DEC given."""
    raw = root / "raw"
    n = len(decs)
    write(raw / "2023-24" / "header.csv", HEADER + "".join(f"{i},1,01/01/2010,WBRI,,0,\n" for i in range(n)))
    write(raw / "2023-24" / "episodes.csv", EPIS + "".join(
        f"{i},01/05/2023,S,C2,N1,U4,PR1,{d},{'E8' if d else ''},,,,\n" for i, d in enumerate(decs)))
    return raw


@pytest.mark.parametrize("text, expected", [("05/06/18", date(2018, 6, 5)), ("5/6/98", date(1998, 6, 5))])
def test_two_digit_years_read_with_a_warning(text, expected):
    assert parse_date_text(text) == (expected, "DATE_TWO_DIGIT_YEAR")


def test_two_digit_year_pivot_follows_today():
    nxt = (date.today().year + 1) % 100
    assert parse_date_text(f"01/01/{nxt:02d}")[0].year == 2000 + nxt
    assert parse_date_text(f"01/01/{(nxt + 1) % 100:02d}")[0].year in (1900 + (nxt + 1) % 100, 2000 + (nxt + 1) % 100)


def test_build_refuses_when_too_many_rows_quarantined(tmp_path):
    raw = council(tmp_path, ["31/02/2024", "31/13/2024", "02/02/2024"] + [""] * 7)   # 2 of 10 invalid
    with pytest.raises(ProblemsFound) as exc:
        build(raw, tmp_path / "out")
    msg = str(exc.value)
    assert "\n" not in msg
    assert "episodes" in msg and "20.0%" in msg and "2 of 10" in msg and "2.0%" in msg
    assert (tmp_path / "out" / "validation_report.csv").is_file()          # the reasons are written
    assert not (tmp_path / "out" / "manifest.json").exists()               # but no build to publish from
    m = build(raw, tmp_path / "out", max_quarantine_share=0.25)
    assert m["rows"]["quarantined"]["episodes"] == 2
    assert build(raw, tmp_path / "out2", max_quarantine_share=None)["max_quarantine_share"] is None


def test_build_cli_max_quarantined_and_accept(tmp_path, capsys):
    raw = council(tmp_path, ["31/02/2024"] + [""] * 9)
    assert main(["build", "--raw", str(raw), "--processed", str(tmp_path / "a")]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "--accept-quarantine" in err
    assert main(["build", "--raw", str(raw), "--processed", str(tmp_path / "b"), "--max-quarantined", "0.1"]) == 0
    assert main(["build", "--raw", str(raw), "--processed", str(tmp_path / "c"), "--accept-quarantine"]) == 0


def test_dd_mm_yy_generator_builds_with_warnings(tmp_path):
    raw = council(tmp_path, ["02/02/24"] * 10)
    m = build(raw, tmp_path / "out")
    assert m["rows"]["quarantined"]["episodes"] == 0
    rep = read_processed(tmp_path / "out")["validation_report"]
    assert set(rep["rule"]) == {"DATE_TWO_DIGIT_YEAR"}


@pytest.mark.parametrize("option", ["--report", "--processed"])
def test_output_path_that_is_a_file_is_one_line(tmp_path, capsys, option):
    raw = council(tmp_path, [""] * 3)
    blocker = write(tmp_path / "taken", "x")
    argv = (["validate", str(raw), "--report", str(blocker / "r.csv")] if option == "--report"
            else ["build", "--raw", str(raw), "--processed", str(blocker)])
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "taken" in err


def test_report_path_that_is_a_folder_is_one_line(tmp_path, capsys):
    raw = council(tmp_path, [""] * 3)
    (tmp_path / "dir").mkdir()
    assert main(["validate", str(raw), "--report", str(tmp_path / "dir")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "is a folder" in err

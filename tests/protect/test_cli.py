"""``cpanalysis protect``: hand-made CSV tables; bad tables raise InputError (exit 2)."""

import argparse
from pathlib import Path

import pandas as pd
import pytest

from cpanalysis.errors import InputError
from cpanalysis.protect.cli import add_parser, read_table, run


def _args(path: Path, *extra: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_parser(parser.add_subparsers())
    return parser.parse_args(["protect", str(path), *extra])


def test_protects_table_with_totals(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "t.csv"
    src.write_text("Band,Passed,Not passed,Total\n1,12,9,21\n2,3,8,11\n3+,6,10,16\nTotal,21,27,48\n")
    assert run(_args(src, "--out-dir", str(tmp_path / "out"))) == 0
    published = pd.read_csv(tmp_path / "out" / "t.published.csv", index_col=0, dtype=str)
    assert published.loc["2", "Passed"] == "c"  # 3 is below 5
    assert published.loc["Total", "Total"] == "48"
    audit = pd.read_csv(tmp_path / "out" / "t.audit.csv")
    assert audit["protected"].all() and len(audit) >= 4
    assert "audit passed" in capsys.readouterr().out


def test_adds_totals_when_absent(tmp_path: Path) -> None:
    src = tmp_path / "t.csv"
    src.write_text("Band,Passed,Not passed\n1,12,9\n2,3,8\n")
    assert read_table(src)[1] == "add"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Band,A,B\n1,-3,9\n", "negative"),
        ("Band,A,B\n1,x,9\n", "not a number"),
        ("Band,A,B,Total\n1,3,9,13\nTotal,3,9,13\n", "add up"),
    ],
)
def test_bad_tables_raise_input_error(tmp_path: Path, text: str, message: str) -> None:
    src = tmp_path / "bad.csv"
    src.write_text(text)
    with pytest.raises(InputError, match=message):
        run(_args(src))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        run(_args(tmp_path / "nope.csv"))


def _main(*argv: str) -> int:
    from cpanalysis.cli import main

    return main(["protect", *argv])


def _one_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "Traceback" not in err, err
    return err


def test_folder_is_one_line_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _main(str(tmp_path)) == 2
    assert "is a folder" in _one_line(capsys)


def test_negative_threshold_is_one_line_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "t.csv"
    src.write_text("Band,A,B\n1,12,9\n2,3,8\n")
    assert _main(str(src), "--threshold", "-3") == 2
    assert "threshold" in _one_line(capsys)


def test_out_dir_that_is_a_file_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "t.csv"
    src.write_text("Band,A,B\n1,12,9\n2,3,8\n")
    assert _main(str(src), "--out-dir", str(src)) == 2
    assert "--out-dir" in _one_line(capsys)


@pytest.mark.parametrize("cell", ["1e309", "inf", "-1e309", "1e20"])
def test_huge_or_infinite_cell_is_not_a_whole_number(tmp_path: Path, cell: str) -> None:
    src = tmp_path / "t.csv"
    src.write_text(f"Band,A,B\n1,12,9\n2,{cell},8\n")
    with pytest.raises(InputError, match=r"cell \(2, A\) is not a whole number: '" + cell.replace("+", r"\+") + "'"):
        read_table(src)


KS2 = ("Subject,Met,Not yet met,Did not take,Total\n"
       "Reading,12,6,3,21\nWriting,10,8,3,21\nMaths,11,7,3,21\nGPS,13,5,3,21\n")


def test_total_column_without_total_row_is_row_margins_only(tmp_path: Path) -> None:
    """The seed's KS2 table: four subjects by outcome, each row adding up to 21, no Total row."""
    src = tmp_path / "ks2.csv"
    src.write_text(KS2)
    assert read_table(src)[1] == "row_totals"
    assert run(_args(src)) == 0
    pub = pd.read_csv(tmp_path / "ks2.published.csv", index_col=0, dtype=str)
    assert list(pub.index) == ["Reading", "Writing", "Maths", "GPS"]        # no Total row added
    assert list(pub.columns) == ["Met", "Not yet met", "Did not take", "Total"]
    assert (pub["Total"] == "21").all()
    assert (pub["Did not take"] == "c").all()                                # 3 < 5
    assert pd.read_csv(tmp_path / "ks2.audit.csv")["protected"].all()


def test_total_row_without_total_column_is_column_margins_only(tmp_path: Path) -> None:
    src = tmp_path / "t.csv"
    src.write_text("Band,A,B\n1,12,3\n2,9,8\nTotal,21,11\n")
    assert read_table(src)[1] == "column_totals"
    assert run(_args(src)) == 0
    pub = pd.read_csv(tmp_path / "t.published.csv", index_col=0, dtype=str)
    assert list(pub.columns) == ["A", "B"] and list(pub.index) == ["1", "2", "Total"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (KS2.replace("Writing,10,8,3,21", "Writing,10,8,3,22"),
         "row Writing: the cells add up to 21, not to the Total column's 22"),
        ("Band,A,B\n1,12,3\n2,9,8\nTotal,21,12\n", "column B: the cells add up to 11, not to the Total row's 12"),
        ("Band,A,B,Total\n1,3,9,12\n2,3,8,11\nTotal,6,18,23\n", "column B: the cells add up to 17, not to the Total row's 18"),
    ],
)
def test_totals_that_do_not_add_up_name_row_and_column(tmp_path: Path, text: str, message: str) -> None:
    src = tmp_path / "bad.csv"
    src.write_text(text)
    with pytest.raises(InputError, match=message):
        read_table(src)


def test_written_csvs_neutralise_formula_cells(tmp_path: Path) -> None:
    src = tmp_path / "t.csv"
    src.write_text("Band,=cmd|' /C calc'!A0,B\n@SUM(A1),12,9\n-y,3,8\n+1x,20,20\n")
    assert run(_args(src)) == 0
    for name in ("t.published.csv", "t.audit.csv"):
        text = (tmp_path / name).read_text()
        cells = [c for line in text.splitlines() for c in line.split(",")]
        assert not [c for c in cells if c[:1] in "=+@" or (c.startswith("-") and not c[1:].replace(".", "").isdigit())], name
        assert "'=cmd|' /C calc'!A0" in text and "'@SUM(A1)" in text and "'-y" in text
    assert "'+1x" in (tmp_path / "t.published.csv").read_text()

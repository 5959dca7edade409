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

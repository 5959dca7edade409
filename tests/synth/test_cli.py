"""The ``synth`` sub-command's parser and runner."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from cpanalysis.synth import cli


def test_parser_defaults_and_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command")
    cli.add_parser(sub)
    args = parser.parse_args(["synth", "--out", str(tmp_path), "--children", "40", "--years", "2"])
    assert (args.seed, args.years, args.last_year, args.councils) == (1, 2, 2025, 1)
    assert cli.run(args) == 0
    assert (tmp_path / "2024-25" / "episodes.csv").is_file()
    assert (tmp_path / "SYNTHETIC.txt").is_file()
    assert "synthetic data" in capsys.readouterr().out


def test_out_is_required() -> None:
    parser = argparse.ArgumentParser()
    cli.add_parser(parser.add_subparsers(dest="command"))
    with pytest.raises(SystemExit):
        parser.parse_args(["synth"])

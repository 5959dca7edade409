"""Folders, file names, DfE column names, date format."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from cpanalysis.synth import generate, year_label

HEADER = ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"]
EPISODES = [
    "CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
    "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN",
]
DATE = re.compile(r"^\d{2}/\d{2}/\d{4}$")


def test_year_label() -> None:
    assert year_label(2024) == "2024-25"
    assert year_label(1999) == "1999-00"


def test_year_folders(demo: Path) -> None:
    years = sorted(p.name for p in demo.iterdir() if p.is_dir() and p.name[:2] == "20")
    assert (demo / "virtual_school" / "pupils.csv").is_file()
    assert years[0] == "2018-19" and years[-1] == "2025-26" and len(years) >= 8


def test_columns_and_dates(demo: Path) -> None:
    for d in sorted(p for p in demo.iterdir() if p.is_dir() and p.name[:2] == "20"):
        h = pd.read_csv(d / "header.csv", dtype=str, keep_default_na=False)
        e = pd.read_csv(d / "episodes.csv", dtype=str, keep_default_na=False)
        assert list(h.columns) == HEADER
        assert list(e.columns) == EPISODES
        assert e["DECOM"].str.match(DATE).all()
        assert (e["DEC"].str.match(DATE) | (e["DEC"] == "")).all()
        assert h["DOB"].str.match(DATE).all()
        assert h["CHILD"].is_unique
        assert set(e["CHILD"]) <= set(h["CHILD"])
        oc3 = pd.read_csv(d / "oc3.csv", dtype=str, keep_default_na=False)
        assert set(h["CHILD"]) == set(e["CHILD"]) | set(oc3["CHILD"])


def test_several_councils(tmp_path: Path) -> None:
    generate(tmp_path, seed=2, children=40, years=2, councils=3)
    for code in ("Z0000001", "Z0000002", "Z0000003"):
        assert (tmp_path / code / "2025-26" / "episodes.csv").is_file()
    assert (tmp_path / "postcodes.csv").is_file()


def test_postcodes_and_council_names_are_shaped_for_publication():
    """Postcodes look like UK postcodes but start with Q, V or X (no real one does);
    council names are words without digits (a digit in a name reads as a count)."""
    import re

    from cpanalysis.synth.geography import make_geography

    table = make_geography(150).postcodes
    assert table["postcode"].str.fullmatch(r"[QVX][A-Z]\d{1,2} \d[A-Z]{2}").all()
    names = table["council_name"].unique()
    assert "Demo Borough" in names and len(names) == len(table["council_code"].unique())
    assert not any(re.search(r"\d", n) for n in names)

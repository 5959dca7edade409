"""The demo (no settings file) compares Demo Borough with synthetic DfE-format figures, and says so.

One demo quarter is run into a temporary folder (synthetic data generated,
then the synthetic DfE-format files written from its processed data). Oracle:
the mapped scorecard measures (those with a DfE benchmark), whose England,
region, neighbour-mean and quartile cells must all be filled, and the pages'
own words, which must call the comparators synthetic and name no DfE release.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from cpanalysis.benchmarks.read import SYNTHETIC_RELEASE

PAGES = ("scorecard", "methodology", "placement_stability", "health", "virtual_school_annual")
REAL_RELEASES = ("DfE, Children looked after in England", "Children looked after in England including adoptions",
                 "Stability measures for children looked after", "ONS mid-year population estimates",
                 "DfE, Outcomes for children in need")  # (the methodology names DfE's definitions, not releases)
# mapped scorecard measures with a value at 31 March in the demo's synthetic data
MAPPED = ("G1", "G2", "G4", "P3.3", "P3.9", "P3.4", "P3.4a", "P3.11", "P3.13", "P3.19", "P3.20", "P2.12",
          "P2.12a", "P2.13", "P2.14", "P2.15", "P2.15a", "P5.2", "P5.2a", "P5.9", "P5.10", "P5.6", "P4.6a", "P4.9",
          "P4.10", "P4.11", "P4.12", "P4.13", "P4.14", "P5.8", "P2.3", "P2.4", "P2.5", "P2.6")
RANKED = tuple(m for m in MAPPED if m not in ("G1", "G2", "G4"))  # no polarity: "Not applicable", as LAIT


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo_run")
    args = [sys.executable, "-m", "cpanalysis", "run", "--quarter", "2024-25-Q3", "--outputs", str(root / "out"),
            "--private", str(root / "priv"), "--processed", str(root / "proc"), "--raw", str(root / "raw")]
    for page in PAGES:
        args += ["--only", page]
    done = subprocess.run(args, capture_output=True, text=True, cwd=root, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return root


def _card(out: Path) -> pd.DataFrame:
    frames = [pd.read_csv(p, dtype=str, keep_default_na=False) for p in sorted(out.glob("scorecard-table-*.csv"))]
    card = pd.concat([f for f in frames if "Ref" in f.columns], ignore_index=True).fillna("")
    return card.set_index("Ref")


def test_the_demo_writes_its_synthetic_dfe_folder(demo: Path) -> None:
    folder = demo / "proc" / "dfe-synthetic"
    assert (folder / "SYNTHETIC_DFE_FORMAT.txt").is_file()
    assert (folder / "synthetic_la_cla_placement_stability.csv").is_file()
    assert not any((demo / "raw").rglob("synthetic_*"))  # the raw folder holds the returns only


def test_scorecard_has_england_region_neighbours_rank_and_quartile(demo: Path) -> None:
    card = _card(demo / "out" / "2024-25-Q3")
    region = next(c for c in card.columns if c.startswith("Region ("))
    assert region == "Region (Northmoor)"  # the fictional region, not a real one
    neighbours = "Statistical neighbours' average"
    rank = next(c for c in card.columns if c.startswith("Rank among councils"))
    quartile = next(c for c in card.columns if c.startswith("Quartile band"))
    source = next(c for c in card.columns if c.startswith("Year and source"))

    def filled(v: str) -> bool:
        return bool(v) and v not in ("x", "c", "z") and not v.startswith("no national")

    for mid in MAPPED:
        row = card.loc[mid]
        for col in ("England", region, neighbours):
            assert filled(row[col]), (mid, col, row[col])
        assert row[source] == f"2023-24 ({SYNTHETIC_RELEASE})", mid
    for mid in RANKED:
        assert card.loc[mid, quartile] in ("A", "B", "C", "D"), mid
    ranked = [m for m in RANKED if re.fullmatch(r"[0-9]+ of [0-9]+", card.loc[m, rank])]
    assert ranked == list(RANKED)  # "16 of 34": among the councils whose figure is not suppressed


def test_pages_call_the_comparators_synthetic_and_cite_no_dfe_release(demo: Path) -> None:
    out = demo / "out" / "2024-25-Q3"
    for page in PAGES:
        text = (out / f"{page}.html").read_text(encoding="utf-8")
        for release in REAL_RELEASES:
            assert release not in text, (page, release)
        assert "North West" not in text, page
        assert "typed in" not in text, page
    score = (out / "scorecard.html").read_text(encoding="utf-8")
    assert "synthetic figures in DfE&#x27;s published format" in score or \
        "synthetic figures in DfE's published format" in score
    for page in ("placement_stability", "health"):
        text = (out / f"{page}.html").read_text(encoding="utf-8")
        assert "Synthetic comparators" in text, page
        assert f"Source: {SYNTHETIC_RELEASE} (2019-20 to 2023-24)" in text, page  # five years of trend
    method = (out / "methodology.html").read_text(encoding="utf-8")
    assert "Fictional statistical neighbours of Demo Borough" in method
    vs = (out / "virtual_school_annual.html").read_text(encoding="utf-8")
    assert f"England: children in care, 2023-24 ({SYNTHETIC_RELEASE})" in vs
    assert "England&#x27;s figures for children in care are synthetic" in vs or \
        "England's figures for children in care are synthetic" in vs


def test_one_config_run_for_two_quarters_gets_each_quarters_years(tmp_path: Path) -> None:
    """The API reuses a RunConfig: the second quarter's synthetic files are its own years, not the first's."""
    from cpanalysis.benchmarks.store import import_folder
    from cpanalysis.derive import build
    from cpanalysis.publish.run import RunConfig, _demo_benchmarks
    from cpanalysis.quarters import Quarter
    from cpanalysis.synth import generate

    raw, processed = tmp_path / "raw", tmp_path / "processed"
    generate(raw, seed=1, children=60)
    build(raw, processed)
    config = RunConfig(quarter="2024-25-Q3", raw_dir=raw, processed_dir=processed)
    _demo_benchmarks(config, Quarter.parse("2024-25-Q3"))
    assert config.la_code == "Z01" and config.inputs["benchmarks"] == processed / "dfe-synthetic"
    first = sorted(import_folder(config.inputs["benchmarks"]).figures["year"].unique())
    assert first == ["2019-20", "2020-21", "2021-22", "2022-23", "2023-24"]
    _demo_benchmarks(config, Quarter.parse("2021-22-Q2"))
    second = sorted(import_folder(config.inputs["benchmarks"]).figures["year"].unique())
    assert second == ["2018-19", "2019-20", "2020-21"]
    _demo_benchmarks(config, Quarter.parse("2018-19-Q4"))  # the data's first year: nothing before it
    assert config.la_code is None and "benchmarks" not in config.inputs
    council = RunConfig(quarter="2024-25-Q3", raw_dir=raw, processed_dir=processed, demo=False)
    _demo_benchmarks(council, Quarter.parse("2024-25-Q3"))  # never for a council's run
    assert council.la_code is None and "benchmarks" not in council.inputs

"""England's figures for children in care from DfE's real outcomes release (``../shared/dfe-published/outcomes``).

Oracle: the CSV rows themselves. Every expected figure below is read by hand
from England's row (``geographic_level`` National, ``social_care_group``
"CLA 12 months at 31 March") of the file named, with the arithmetic that gives
the published value from the row's own counts. DfE rounds national counts to
the nearest 10, so a percentage recomputed from the rounded counts can differ
from the published one in the last place (KS4 grade 4+ 2023-24: 1150 / 6410 =
17.94%, published 18.0%): the published value is the one used.

The files are Open Government Licence data and are never copied into the
repository; the tests are skipped when they are not beside it.
"""

from __future__ import annotations

import gzip
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from cpanalysis.protect.policy import DisclosurePolicy
from cpanalysis.protect.rounding import round_half_away
from cpanalysis.virtual_school import sections as vs
from cpanalysis.virtual_school.analysis import national_table
from cpanalysis.virtual_school.national import (
    NO_FIGURE, dfe_figures, national_for_run, release_name, toml_figures,
)

POLICY = DisclosurePolicy(threshold=5)
DFE = Path(__file__).resolve().parents[2] / ".." / "shared" / "dfe-published"
OUTCOMES = DFE / "outcomes"
RELEASE = "DfE, Outcomes for children in need 2025"   # latest academic year in the files: 2024/25


@pytest.fixture(scope="module")
def dfe() -> Path:
    if not (OUTCOMES / "ks2_la.csv.gz").is_file():
        pytest.skip(f"DfE published files not found at {OUTCOMES}")
    return DFE


@pytest.fixture(scope="module")
def run_figures(dfe):
    return national_for_run({"benchmarks": str(dfe)})


# (measure, academic start year, published value, the hand arithmetic from the row's counts)
HAND = [
    # ks2_la.csv.gz, time_period 202324: t_rwm_met_expected_standard 1040, t_rwm_eligible_pupils 3070,
    # pt_rwm_met_expected_standard 34.   100 * 1040 / 3070 = 33.88 -> 34
    ("ks2_rwm", 2023, 34.0, 100 * 1040 / 3070, 0),
    # ks2_la.csv.gz, time_period 202425: t_read_met_expected_standard 1600, t_read_eligible_pupils 3110,
    # pt_read_met_expected_standard 51.   100 * 1600 / 3110 = 51.45 -> 51
    ("ks2_read", 2024, 51.0, 100 * 1600 / 3110, 0),
    # ks4_la.csv.gz, time_period 202324: t_att8 116821.5, t_pupils 6410, avg_att8 18.2.
    # 116821.5 / 6410 = 18.225 -> 18.2
    ("att8", 2023, 18.2, 116821.5 / 6410, 1),
    # ks4_la.csv.gz, time_period 202324: t_p8score -6305.746, t_inp8calc 4810, avg_p8score -1.31.
    # -6305.746 / 4810 = -1.311 -> -1.31
    ("p8", 2023, -1.31, -6305.746 / 4810, 2),
    # absence_la.csv.gz, time_period 202324, phase_type_grouping Total: t_pupils_pa_10_exact 7210,
    # t_pupils 34660, pt_pupils_pa_10_exact 20.8.   100 * 7210 / 34660 = 20.80 -> 20.8
    ("persistent_absence", 2023, 20.8, 100 * 7210 / 34660, 1),
    # ks4_la.csv.gz, time_period 202122: t_l2basics_94 1330, t_pupils 6010, pt_l2basics_94 22.1.
    # 100 * 1330 / 6010 = 22.13 -> 22.1
    ("basics4", 2021, 22.1, 100 * 1330 / 6010, 1),
]


@pytest.mark.parametrize("measure,year,published,worked,places", HAND)
def test_england_figures_are_the_published_row(run_figures, measure, year, published, worked, places):
    assert round_half_away(worked, places) == published       # the row's own counts give the published value
    f = run_figures.figure(measure, "cla", year)
    assert f is not None and f.value == published
    assert f.source == RELEASE
    assert f.label == f"England {year}-{(year + 1) % 100:02d} ({RELEASE})"


def test_a_published_value_wins_over_one_worked_from_rounded_counts(run_figures):
    # ks4_la.csv.gz, 202324: t_l2basics_94 1150 of t_pupils 6410 = 17.94%, but DfE publishes 18.0 (it works the
    # percentage from unrounded counts; the national counts are rounded to 10).
    assert round_half_away(100 * 1150 / 6410, 1) == 17.9
    assert run_figures.figure("basics4", "cla", 2023).value == 18.0


def test_years_marked_x_have_no_figure(run_figures):
    # ks2_la.csv.gz 202021 and ks4_la.csv.gz avg_p8score 202425 are "x" in the files.
    assert run_figures.figure("ks2_rwm", "cla", 2020) is None
    assert run_figures.figure("p8", "cla", 2024) is None
    # absence_la.csv.gz 201920 is x too; national.toml has no figure for it either.
    assert run_figures.figure("persistent_absence", "cla", 2019) is None


def test_release_name_is_the_reporting_year():
    assert release_name("2024-25") == RELEASE
    assert release_name("2020-21") == "DfE, Outcomes for children in need 2021"


def test_measures_the_files_lack_come_from_national_toml_with_their_own_source(run_figures):
    allp = run_figures.figure("ks2_rwm", "all", 2023)           # all pupils: not in the LA-level files
    assert allp is not None and allp.value == 61
    assert allp.source == "DfE, Key stage 2 attainment: national headlines 2023/24"
    assert run_figures.from_dfe_files and not toml_figures().from_dfe_files
    # A figure in both: the release's revised value wins (Attainment 8, 2018-19: 19.1 typed from the 2019
    # publication, 19.0 in the 2025 release's ks4_la row 201819: 104665 / 5510 = 18.995 -> 19.0).
    assert round_half_away(104665 / 5510, 1) == 19.0
    assert toml_figures().figure("att8", "cla", 2018).value == 19.1
    assert run_figures.figure("att8", "cla", 2018).value == 19.0


def test_every_figure_typed_into_national_toml_from_the_release_matches_the_files(dfe):
    typed = [f for f in toml_figures().figures if f.source == RELEASE]
    assert len(typed) == 35
    read = {(f.measure, f.year): f.value for f in dfe_figures(dfe)}
    for f in typed:
        assert read[(f.measure, f.year)] == f.value, f


def test_national_toml_cites_no_seed_path_or_other_councils_report():
    for f in toml_figures().figures:
        assert f.source.startswith("DfE, "), f.source
        assert "seeds" not in f.source and "Cheshire" not in f.source and "Council" not in f.source, f.source
        assert not re.search(r"[A-Za-z_]/|\.(csv|toml|md|gz)\b", f.source), f.source   # no file path
    keys = [(f.measure, f.group, f.year) for f in toml_figures().figures]
    assert len(keys) == len(set(keys))                          # one figure per measure, group and year


def _copy_ks2(src: Path, dst: Path, keep_years: set[str] | None = None, change: dict | None = None) -> None:
    """A copy of ks2_la (outside the repository), optionally only some years and one cell changed."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    if keep_years is None and change is None:
        shutil.copy(src, dst)
        return
    raw = pd.read_csv(src, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    raw = raw.loc[raw["time_period"].isin(keep_years)]
    for (period, col), value in (change or {}).items():
        rows = ((raw["time_period"] == period) & (raw["geographic_level"] == "National")
                & (raw["social_care_group"] == "CLA 12 months at 31 March"))
        raw.loc[rows, col] = value
    with gzip.open(dst, "wt", encoding="utf-8", newline="") as fh:
        raw.to_csv(fh, index=False)


def test_the_latest_release_covering_a_year_wins(dfe, tmp_path):
    # An "older release" whose latest year is 2022/23 (so "Outcomes for children in need 2023"), with England's
    # KS2 reading, writing and maths for 2022-23 changed from 37 to 36 as a revision would.
    src = OUTCOMES / "ks2_la.csv.gz"
    _copy_ks2(src, tmp_path / "old" / "ks2_la.csv.gz", {"202223", "202122", "201819"},
              {("202223", "pt_rwm_met_expected_standard"): "36"})
    old_only = national_for_run({"benchmarks": str(tmp_path / "old")})
    assert old_only.figure("ks2_rwm", "cla", 2022).value == 36
    assert old_only.figure("ks2_rwm", "cla", 2022).source == "DfE, Outcomes for children in need 2023"
    _copy_ks2(src, tmp_path / "new" / "ks2_la.csv.gz")
    both = national_for_run({"benchmarks": str(tmp_path)})
    f = both.figure("ks2_rwm", "cla", 2022)
    assert (f.value, f.source) == (37, RELEASE)                # ks2_la 202223 row of the 2025 release: 37


def test_a_folder_without_the_outcome_files_falls_back_to_national_toml(tmp_path):
    (tmp_path / "empty").mkdir()
    figs = national_for_run({"benchmarks": str(tmp_path / "empty")})
    assert not figs.from_dfe_files and figs.figures == toml_figures().figures
    assert national_for_run({}).figures == toml_figures().figures


def _ks2(n: int, met: int) -> pd.DataFrame:
    return pd.DataFrame({"ks2_rwm": [1.0] * met + [0.0] * (n - met)})


def test_the_headline_table_labels_england_with_year_and_release_and_says_it_plainly(run_figures):
    # 15 of 25 (60%) against England's 34% (ks2_la 202324, 1040 / 3070): the PHE funnel limits around 0.34 for
    # n = 25 are 0.34 +/- 1.96 * sqrt(0.34 * 0.66 / 25) = 0.154 to 0.526 (95%) and 0.34 +/- 3.09 * 0.0947 =
    # 0.047 to 0.633 (99.8%): 0.60 lies between the 95% and 99.8% upper limits, so "higher than".
    nat = national_table({"KS2": _ks2(25, 15)}, ["ks2_rwm"], 2023, policy=POLICY, national=run_figures)
    cla_col = f"England: children in care, 2023-24 ({RELEASE})"
    all_col = "England: all pupils, 2023-24 (DfE, Key stage 2 attainment: national headlines 2023/24)"
    assert list(nat.columns) == ["Measure", "Pupils", "This council", "95% confidence interval", cla_col, all_col,
                                 "Compared with children in care in England"]
    row = nat.iloc[0]
    assert (row["This council"], row[cla_col], row[all_col]) == ("60%", "34%", "61%")
    assert row["Compared with children in care in England"] == "higher than children in care in England"
    # 9 of 25 (36%) lies inside the 95% limits (0.154 to 0.526): "similar to".
    nat = national_table({"KS2": _ks2(25, 9)}, ["ks2_rwm"], 2023, policy=POLICY, national=run_figures)
    assert nat.iloc[0]["Compared with children in care in England"] == "similar to children in care in England"


def test_an_average_is_compared_without_method_words(run_figures):
    # Attainment 8 of ten pupils, 25 to 34 (mean 29.5, Student t 95% interval 27.3 to 31.7), against England's
    # 18.2 (ks4_la 202324): outside, and above.
    frame = pd.DataFrame({"att8": [float(v) for v in range(25, 35)]})
    nat = national_table({"KS4": frame}, ["att8"], 2023, policy=POLICY, national=run_figures)
    cell = nat.iloc[0]["Compared with children in care in England"]
    assert cell == "higher than children in care in England"
    assert "interval" not in cell and "national figure" not in cell
    assert nat.iloc[0][f"England: children in care, 2023-24 ({RELEASE})"] == "18.2"


def test_a_measure_with_no_national_figure_says_so_never_a_bare_x(run_figures):
    # Progress 8 2024-25 is x in ks4_la (202425); all pupils' KS4 figures are not in the files nor typed in.
    frame = pd.DataFrame({"p8": [-1.0, -0.5, 0.0, 0.5, -2.0, -1.5]})
    nat = national_table({"KS4": frame}, ["p8"], 2024, policy=POLICY, national=run_figures)
    row = nat.iloc[0]
    assert row["England: children in care"] == NO_FIGURE and row["England: all pupils"] == NO_FIGURE
    assert row["Compared with children in care in England"] == NO_FIGURE
    assert "x" not in set(row.astype(str))


def test_without_a_folder_the_labels_are_national_tomls():
    nat = national_table({"KS2": _ks2(25, 9)}, ["ks2_rwm"], 2023, policy=POLICY, national=national_for_run({}))
    assert f"England: children in care, 2023-24 ({RELEASE})" in nat.columns     # typed from the same release
    nat = national_table({"KS2": _ks2(25, 9)}, ["ks2_rwm"], 2018, policy=POLICY, national=national_for_run({}))
    src = "DfE, Outcomes of children in need, including looked after children, 2018/19 (headline facts and figures)"
    assert f"England: children in care, 2018-19 ({src})" in nat.columns


def test_a_store_written_by_benchmarks_import_gives_the_same_figures(dfe, tmp_path):
    from cpanalysis.benchmarks.store import import_folder, save

    (tmp_path / "dl").mkdir()
    for name in ("ks2_la", "ks4_la"):
        (tmp_path / "dl" / f"{name}.csv.gz").symlink_to(OUTCOMES / f"{name}.csv.gz")
    save(import_folder(tmp_path / "dl"), tmp_path / "store.parquet")
    figs = national_for_run({"benchmarks": str(tmp_path / "store.parquet")})
    assert figs.from_dfe_files
    for measure, year, published, _, _ in HAND:
        if measure != "persistent_absence":                     # absence_la is not in this store
            f = figs.figure(measure, "cla", year)
            assert (f.value, f.source) == (published, RELEASE)
    assert figs.figure("att8", "cla", 2018).value == 19.0       # the release's, not national.toml's 19.1

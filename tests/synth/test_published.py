"""The demo's synthetic DfE-format files (cpanalysis.synth.published).

Oracle: the files' own council rows, summed by hand (England and a region are
the sums of their councils), the demo figures passed in (Demo Borough's rows),
DfE's suppression rule for council rows (a count of 1 to 4 is ``c``), and the
importer (:mod:`cpanalysis.benchmarks.store`), which must read every file and
label every figure synthetic.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cpanalysis.benchmarks.compare import compare
from cpanalysis.benchmarks.read import SYNTHETIC_RELEASE, TABLES
from cpanalysis.benchmarks.store import import_folder
from cpanalysis.synth.published import DEMO_LA_CODE, MARKER, SYNTHETIC_PREFIX, measure_ids, write_published

REAL = Path(__file__).resolve().parents[2] / ".." / "shared" / "dfe-published"


def _demo() -> dict[int, dict[str, tuple]]:
    """Demo Borough's figures for three years, as :func:`demo_figures` gives them (hand-made)."""
    out = {}
    for i, y in enumerate((2021, 2022, 2023)):
        cla = 540 + 10 * i
        out[y] = {
            "G1": (cla, None, float(cla)), "G2": (cla, 78_000, 10_000 * cla / 78_000),
            "G4": (18, cla, 18.0), "P3.3": (99, cla, 99.0), "P3.9": (57, cla, 57.0), "P2.10": (9, cla, 9.0),
            "P3.4": (137, cla, 100 * 137 / cla), "P3.4a": (250, cla, 250.0),
            "P3.11": (25, 200, 12.5), "P3.13": (25, 200, 12.5),
            "P3.19": (71, cla, 100 * 71 / cla), "P3.20": (103, 195, 100 * 103 / 195),
            "P2.12": (63, 130, 48.5), "P2.12a": (60, 130, 46.2), "P2.13": (9, 187, 4.8), "P2.14": (15, 243, 15.0),
            "P2.15": (96, 187, 51.3), "P2.15a": (81, 187, 43.3), "P5.2": (161, 187, 86.1), "P5.2a": (118, 130, 90.8),
            "P5.9": (123, 130, 94.6), "P5.10": (177, 187, 94.7), "P4.6a": (94, 258, 36.4),
            "P4.9": (375, 412, 91.0), "P4.10": (343, 412, 83.3), "P4.11": (338, 412, 82.0), "P4.12": (44, 51, 86.3),
            "P4.13": (None, 258, 14.1), "P4.14": (18, 412, 4.4), "P5.8": (12, 293, 12.0),
        }
    return out


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dfe_synthetic")
    write_published(out, _demo(), seed=1)
    return out


def _csv(folder: Path, table: str) -> pd.DataFrame:
    return pd.read_csv(folder / f"{SYNTHETIC_PREFIX}{table}.csv", dtype=str, keep_default_na=False)


def test_every_file_is_named_synthetic_and_a_marker_says_so(folder: Path) -> None:
    names = sorted(p.name for p in folder.iterdir())
    assert MARKER in names
    assert all(n.startswith(SYNTHETIC_PREFIX) for n in names if n != MARKER)
    assert "NOT PUBLISHED FIGURES" in (folder / MARKER).read_text()


def test_files_import_through_the_cli_with_nothing_unrecognised(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "store.parquet"
    done = subprocess.run([sys.executable, "-m", "cpanalysis", "benchmarks", "import", str(folder), "--out", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    store = import_folder(folder)
    s = store.summary
    assert set(s["status"]) == {"read", "skipped"}
    assert list(s.loc[s["status"] == "skipped", "file"]) == [MARKER]  # the marker only (documentation)
    tables = set(s["table"]) - {""}
    # every CLA table the benchmarks map, the population file and the neighbours
    for t in ("cla_number_and_rate_per_10k_children", "la_cla_placement_stability",
              "la_cla_on_31_march_by_characteristics", "la_children_who_ceased_during_the_year",
              "la_care_leavers_activity", "la_care_leavers_accommodation_suitability", "la_care_leavers_intouch",
              "la_care_leavers_stayput", "la_conviction_health_outcome_cla",
              "la_children_who_were_missing_or_away_from_placement_without_authorisation",
              "ons_mid-year_population_estimates", "statistical_neighbours"):
        assert t in tables, t
    assert tables - {"statistical_neighbours"} <= set(TABLES)
    checks = s.attrs["checks"]
    assert checks["duplicate figures"] == 0 and checks["unknown symbols"] == []
    assert checks["councils without neighbours"] == []
    assert sorted(store.figures["year"].unique()) == ["2021-22", "2022-23", "2023-24"]


def test_every_figure_and_label_says_synthetic(folder: Path) -> None:
    store = import_folder(folder)
    assert store.synthetic
    assert set(store.figures["release"].astype(str)) == {SYNTHETIC_RELEASE}
    frame = compare(store, DEMO_LA_CODE)
    assert len(frame) >= 30
    for col in ("england_label", "region_label", "neighbours_label", "rank_label"):
        assert frame[col].str.contains("synthetic DfE-format data for the demo, not published figures").all(), col
        assert not frame[col].str.contains("Children looked after in England").any()
    assert frame.loc[frame["id"] == "P3.19", "england_label"].iloc[0] == (
        "England 2023-24 (synthetic DfE-format data for the demo, not published figures)")


def test_england_and_region_are_the_sums_of_their_councils(folder: Path) -> None:
    """Worked by hand from the file: the national row is the sum of the council rows, so is each region's."""
    rate = _csv(folder, "cla_number_and_rate_per_10k_children")
    y = rate.loc[rate["time_period"] == "2024"]
    local = y.loc[y["geographic_level"] == "Local authority"]
    nat = y.loc[y["geographic_level"] == "National"].iloc[0]
    assert int(nat["children_count"]) == local["children_count"].astype(int).sum()
    assert int(nat["population_estimate"]) == local["population_estimate"].astype(int).sum()
    assert int(nat["rate_per_10000"]) == int(np.floor(10_000 * int(nat["children_count"])
                                                      / int(nat["population_estimate"]) + 0.5))
    for code, g in local.groupby("region_code"):
        reg = y.loc[(y["geographic_level"] == "Regional") & (y["region_code"] == code)].iloc[0]
        assert int(reg["children_count"]) == g["children_count"].astype(int).sum()

    # a group total (no council total is small enough to be suppressed) and its percentage
    stab = _csv(folder, "la_cla_placement_stability")
    s = stab.loc[(stab["time_period"] == "2023") & (stab["cla_group"] == "CLA on 31 March")]
    tot = s.loc[s["placement_stability"] == "Total children"]
    local_tot = tot.loc[tot["geographic_level"] == "Local authority", "children_count"]
    assert "c" not in set(local_tot)
    nat_tot = int(tot.loc[tot["geographic_level"] == "National", "children_count"].iloc[0])
    assert nat_tot == local_tot.astype(int).sum()
    three = s.loc[(s["placement_stability"] == "With 3 or more placements during the year")
                  & (s["geographic_level"] == "National")].iloc[0]
    assert int(three["children_percent"]) == int(np.floor(100 * int(three["children_count"]) / nat_tot + 0.5))

    health = _csv(folder, "la_conviction_health_outcome_cla")
    h = health.loc[(health["time_period"] == "2024") & (health["breakdown"] == "Total all ages")
                   & (health["characteristic"] == "Health assessments: Children looked after all ages")]
    assert int(h.loc[h["geographic_level"] == "National", "children_count"].iloc[0]) == \
        h.loc[h["geographic_level"] == "Local authority", "children_count"].astype(int).sum()


def test_demo_borough_rows_are_its_own_figures(folder: Path) -> None:
    demo = _demo()[2023]
    stab = _csv(folder, "la_cla_placement_stability")
    mine = stab.loc[(stab["old_la_code"] == DEMO_LA_CODE) & (stab["time_period"] == "2024")
                    & (stab["cla_group"] == "CLA on 31 March")].set_index("placement_stability")
    assert mine.loc["With 3 or more placements during the year", "children_count"] == str(demo["P3.19"][0])
    assert mine.loc["Total children", "children_count"] == str(demo["P3.19"][1])
    assert mine.loc["With 3 or more placements during the year", "children_percent"] == "13"  # 71 / 560
    rate = _csv(folder, "cla_number_and_rate_per_10k_children")
    row = rate.loc[(rate["old_la_code"] == DEMO_LA_CODE) & (rate["time_period"] == "2022")].iloc[0]
    assert (row["children_count"], row["population_estimate"]) == ("540", "78000")
    frame = compare(import_folder(folder), DEMO_LA_CODE).set_index("id")
    assert frame.loc["P4.9", "council"] == 91.0  # 375 / 412
    assert frame.loc["P4.13", "council"] == 14.1  # the SDQ average as given


def test_council_counts_of_one_to_four_are_suppressed_and_england_never(folder: Path) -> None:
    seen_c = 0
    for path in sorted(folder.glob(f"{SYNTHETIC_PREFIX}la_*.csv")):
        f = pd.read_csv(path, dtype=str, keep_default_na=False)
        count = next(c for c in ("children_count", "care_leaver_count", "number") if c in f.columns)
        local = f.loc[f["geographic_level"] == "Local authority", count]
        numeric = pd.to_numeric(local, errors="coerce")
        assert not numeric.between(1, 4).any(), path.name
        seen_c += int((local == "c").sum())
        national = f.loc[f["geographic_level"] != "Local authority", count]
        assert "c" not in set(national), path.name
    assert seen_c > 0  # the importer's symbol handling is exercised


def test_same_seed_same_bytes_other_seed_other_figures(folder: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    write_published(again, _demo(), seed=1)
    for p in sorted(folder.iterdir()):
        assert (again / p.name).read_bytes() == p.read_bytes(), p.name
    other = tmp_path / "other"
    write_published(other, _demo(), seed=2)
    name = f"{SYNTHETIC_PREFIX}la_cla_placement_stability.csv"
    assert (other / name).read_bytes() != (folder / name).read_bytes()


def test_councils_and_regions_are_fictional(folder: Path) -> None:
    rate = _csv(folder, "cla_number_and_rate_per_10k_children")
    local = rate.loc[rate["geographic_level"] == "Local authority"]
    assert local["old_la_code"].nunique() == 40
    assert local["old_la_code"].str.match(r"^Z[0-9]{2}$").all()  # DfE's codes are three digits
    assert local["new_la_code"].str.match(r"^Z[0-9]{7}$").all()  # DfE's are E06/E08/E09/E10
    assert not rate["region_code"].str.startswith("E1").any()
    lookup = REAL / "derived" / "la_lookup_2025.csv"
    if lookup.is_file():  # the real code list, when the shared DfE files are there
        real = pd.read_csv(lookup, dtype=str, keep_default_na=False)
        assert not set(local["old_la_code"]) & set(real["old_la_code"])
        assert not set(local["la_name"]) & set(real["la_name"])
        assert not set(rate["region_name"]) - {""} & set(real["region_name"])


def test_demo_figures_cover_every_measure_the_files_use() -> None:
    from cpanalysis.measures import MEASURES

    ids = measure_ids()
    assert {"G1", "G2", "P3.19", "P4.13", "P5.9"} <= set(ids)
    assert set(ids) <= set(MEASURES)


def test_synth_cli_writes_the_folder_beside_the_returns(tmp_path: Path) -> None:
    import argparse

    from cpanalysis.synth import cli

    parser = argparse.ArgumentParser()
    cli.add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["synth", "--out", str(tmp_path / "raw"), "--children", "80", "--years", "3",
                              "--dfe-format", str(tmp_path / "dfe")])
    assert cli.run(args) == 0
    store = import_folder(tmp_path / "dfe")
    assert store.synthetic
    assert sorted(store.figures["year"].unique()) == ["2023-24", "2024-25"]  # the years before the last, 2025-26
    mine = compare(store, DEMO_LA_CODE).set_index("id")
    assert mine.loc["G1", "council"] > 0  # Demo Borough's own count at 31 March 2025, from its returns


def _outcomes_demo() -> dict[int, dict[str, tuple[int, float | None]]]:
    row = {"ks2_read": (25, 0.56), "ks2_writ": (25, 0.6), "ks2_mat": (25, 0.48), "ks2_rwm": (25, 0.4),
           "basics4": (50, 0.18), "basics5": (50, 0.06), "att8": (50, 15.8), "p8": (40, -0.97),
           "persistent_absence": (290, 0.33), "attendance": (290, 0.9),
           "persistent_absence@State-funded primary": (120, 0.2), "attendance@State-funded primary": (120, 0.93),
           "persistent_absence@State-funded secondary": (170, 0.42),
           "attendance@State-funded secondary": (170, 0.88)}
    return {y: dict(row) for y in (2020, 2021, 2022, 2023)}


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from cpanalysis.synth.published import write_outcomes

    out = tmp_path_factory.mktemp("dfe_synthetic_outcomes")
    write_published(out, _demo(), seed=1)
    write_outcomes(out, _outcomes_demo(), seed=1)
    return out


def test_outcome_files_import_with_demo_borough_and_dfe_gaps(outcomes: Path) -> None:
    from cpanalysis.benchmarks.compare import series

    store = import_folder(outcomes)
    assert {"ks2_la", "ks4_la", "absence_la"} <= set(store.figures["table"].astype(str))
    frame = compare(store, DEMO_LA_CODE).set_index("id")
    assert frame.loc["VS.ks2_rwm", "council"] == 40.0  # 10 of 25
    assert frame.loc["VS.att8", "council"] == 15.8
    assert frame.loc["VS.p8", "council"] == -0.97
    assert frame.loc["P2.5", "council"] == 20.0  # primary persistent absence, 24 of 120
    assert frame.loc["VS.ks2_rwm", "neighbours_n"] > 0 and frame.loc["VS.ks2_rwm", "quartile"] in "ABCD"
    ks2 = series(store, DEMO_LA_CODE, "VS.ks2_rwm").set_index("year")
    assert ks2.loc["2020-21", "england_symbol"] == "x"  # no KS2 tests in 2020/21, as DfE's files
    assert ks2.loc["2021-22", "england"] > 0


def test_outcome_england_is_the_sum_of_councils(outcomes: Path) -> None:
    ks4 = _csv(outcomes, "ks4_la")
    y = ks4.loc[ks4["time_period"] == "202324"]
    local = y.loc[y["geographic_level"] == "Local authority"]
    nat = y.loc[y["geographic_level"] == "National"].iloc[0]
    assert int(nat["t_pupils"]) == local["t_pupils"].astype(int).sum()
    assert int(nat["t_att8"]) == local["t_att8"].astype(int).sum()
    assert float(nat["avg_att8"]) == np.floor(int(nat["t_att8"]) / int(nat["t_pupils"]) * 10 + 0.5) / 10
    absence = _csv(outcomes, "absence_la")
    a = absence.loc[(absence["time_period"] == "202324") & (absence["phase_type_grouping"] == "Total")]
    assert int(a.loc[a["geographic_level"] == "National", "t_sess_overall"].iloc[0]) == \
        a.loc[a["geographic_level"] == "Local authority", "t_sess_overall"].astype(int).sum()


def test_virtual_school_england_figures_are_synthetic_and_alone(outcomes: Path) -> None:
    from cpanalysis.virtual_school.national import national_for_run

    national = national_for_run({"benchmarks": str(outcomes)})
    assert national.synthetic and national.from_dfe_files
    cla = [f for f in national.figures if f.group == "cla"]
    assert cla and {f.source for f in cla} == {SYNTHETIC_RELEASE}  # no typed-in DfE figure mixed in
    assert "not DfE's published figures" in national.synthetic_words

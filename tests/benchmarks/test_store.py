"""The importer: symbols, the revision rule, unrecognised files, the store on disk.

Oracle: DfE's published CSV lines in ``../shared/dfe-published`` (quoted in
each test) and the folder's README ("31 March 2023 CLA is 83,840 (rate 71) in
the 2023 release but 83,750 (rate 70) in the 2025 release").
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from cpanalysis.benchmarks.read import parse_values
from cpanalysis.benchmarks.store import import_folder, load, summary_text
from cpanalysis.cli import main
from cpanalysis.errors import InputError

CLA = "cla_number_and_rate_per_10k_children.csv.gz"
ON31 = "Children looked after on 31 March each year"


def _one(f: pd.DataFrame, **kw) -> pd.Series:
    sel = f
    for k, v in kw.items():
        sel = sel.loc[sel[k].astype(str) == v]
    assert len(sel) == 1, sel
    return sel.iloc[0]


def test_symbols_are_never_zero():
    values, symbols = parse_values(pd.Series(["12", "c", "z", "x", "k", "low", "u", "1,234", " 7.5 ", "0", ""]))
    assert values.iloc[0] == 12 and values.iloc[7] == 1234 and values.iloc[8] == 7.5 and values.iloc[9] == 0
    assert all(math.isnan(v) for v in values.iloc[1:7]) and math.isnan(values.iloc[10])
    assert symbols.tolist() == ["", "c", "z", "x", "k", "low", "u", "", "", "", ""]


def test_symbols_from_the_files(store):
    f = store.figures
    # la_care_leavers_activity 2025: "...,344,Wirral,...,19 to 21 years,Total information not known,1,k"
    k = _one(f, table="la_care_leavers_activity", measure="care_leaver_percent", la_code="344", year="2024-25",
             breakdown="19 to 21 years | Total information not known")
    assert math.isnan(k["value"]) and k["symbol"] == "k"
    # la_cla_placement_stability 2025: Cumbria 909 (abolished) "...,Living with the same carer...,z,z"
    z = _one(f, table="la_cla_placement_stability", measure="children_percent", la_code="909", year="2024-25",
             breakdown="Children looked after continuously for at least 2.5 years on 31 March aged under 16 years | "
                       "Living with the same carer for at least 2 years")
    assert math.isnan(z["value"]) and z["symbol"] == "z"
    # ks2_la 2019/20: no tests (COVID), England "x"
    x = _one(f, table="ks2_la", measure="pt_rwm_met_expected_standard", area_type="national", year="2019-20",
             breakdown="CLA 12 months at 31 March")
    assert math.isnan(x["value"]) and x["symbol"] == "x"
    # a suppressed council count stays c (Trafford's P3.3 parts, 2025): at least one c among them
    assert (f.loc[(f["la_code"] == "358") & (f["year"] == "2024-25")]["symbol"].astype(str) == "c").any()


def test_latest_release_covering_a_year_wins(store):
    f = store.figures
    # 2023 release: "2023,...,National,...,Children looked after at 31 March each year,11886906,83840,71"
    # 2025 release revises 31 March 2023 to 83,750 (rate 70): the 2025 figure is kept, the 2023 one dropped.
    n = _one(f, table="cla_number_and_rate_per_10k_children", measure="children_count", area_type="national",
             year="2022-23", breakdown=ON31)
    assert n["value"] == 83750 and n["release"].endswith("2025 release")
    r = _one(f, table="cla_number_and_rate_per_10k_children", measure="rate_per_10000", area_type="national",
             year="2022-23", breakdown=ON31)
    assert r["value"] == 70
    # 31 March 2019 is only in the 2023 release (the 2025 release starts at 2021): kept from it
    old = _one(f, table="cla_number_and_rate_per_10k_children", measure="children_count", area_type="national",
               year="2018-19", breakdown=ON31)
    assert old["release"].endswith("2023 release")


def test_revision_rule_on_two_releases_alone(dfe, tmp_path):
    for rel in ("cla_2023_release", "cla_2025_release"):
        (tmp_path / rel).mkdir()
        (tmp_path / rel / CLA).symlink_to(dfe / rel / CLA)
    s = import_folder(tmp_path)
    eng = s.figures.loc[(s.figures["area_type"] == "national") & (s.figures["measure"] == "children_count")
                        & (s.figures["breakdown"] == ON31)].set_index("year")["value"]
    # years 2019-2020 from the 2023 release; 2021-2025 from the 2025 release (80,780 / 82,090 / 83,750 / 83,530 / 81,770)
    assert eng.loc[["2020-21", "2021-22", "2022-23", "2023-24", "2024-25"]].tolist() == [
        80780, 82090, 83750, 83530, 81770]
    assert len(eng) == 7 and eng.index.is_unique


def test_rate_uses_ons_population(store):
    f = store.figures
    # Trafford 31 March 2025: 353 children / ONS mid-2024 population (population_estimate) * 10,000 = 62 published
    r = _one(f, table="cla_number_and_rate_per_10k_children", measure="rate_per_10000", la_code="358",
             year="2024-25", breakdown=ON31)
    assert r["numerator"] == 353 and r["value"] == 62
    assert round(10000 * 353 / r["denominator"]) == 62
    pop = _one(f, table="ons_mid-year_population_estimates", measure="population_estimate", la_code="358",
               year="2024-25")
    assert pop["value"] == r["denominator"]


def test_areas_and_neighbours(store):
    a = store.areas.set_index("la_code")
    assert int(a["current"].sum()) == 153
    # Camden's DfE LA rows (and LAIT) put it in Inner London, not London as a whole
    assert a.loc["202", "region_code"] == "E13000001" and a.loc["358", "region_name"] == "North West"
    assert not a.loc["909", "current"]  # Cumbria: placeholder z rows only
    sn = store.neighbours
    trafford = sn.loc[(sn["model"] == "2025") & (sn["la_code"] == "358")].sort_values("rank")
    assert trafford["neighbour_la_code"].tolist() == ["919", "356", "825", "931", "936", "305", "895", "873",
                                                      "916", "334"]


def test_summary_names_every_file(store):
    text = summary_text(store)
    assert "skipped  README.md" in text
    assert "read     cla_2025_release/la_cla_placement_stability.csv.gz" in text
    assert "symbols: c " in text and "councils: 153 current" in text


def test_unrecognised_file_is_one_line_exit_2(dfe, tmp_path, capsys):
    (tmp_path / "mystery.csv").write_text("a,b\n1,2\n")
    with pytest.raises(InputError, match="mystery.csv: not a DfE file this importer knows"):
        import_folder(tmp_path)
    # a known name with the wrong columns names the columns it expected
    (tmp_path / "mystery.csv").unlink()
    (tmp_path / "la_cla_placement_stability.csv").write_text("time_period,geographic_level\n2025,National\n")
    with pytest.raises(InputError, match="expected columns time_period, geographic_level, region_code"):
        import_folder(tmp_path)
    assert main(["benchmarks", "import", str(tmp_path), "--out", str(tmp_path / "b.parquet")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "la_cla_placement_stability.csv" in err[0] and "Traceback" not in err[0]


def test_store_round_trip_and_cli(dfe, tmp_path, capsys):
    folder = tmp_path / "dl"
    folder.mkdir()
    for name in ("la_cla_placement_stability.csv.gz", CLA):
        (folder / name).symlink_to(dfe / "cla_2025_release" / name)
    (folder / "sn_model_2025_wide.csv").symlink_to(dfe / "statistical_neighbours" / "sn_model_2025_wide.csv")
    out = tmp_path / "b.parquet"
    assert main(["benchmarks", "import", str(folder), "--out", str(out)]) == 0
    assert "wrote" in capsys.readouterr().out
    summary = pd.read_csv(tmp_path / "b.summary.csv")
    assert summary.set_index("file").loc["la_cla_placement_stability.csv.gz", "kept"] == 10020
    back = load(out)
    first = import_folder(folder)
    pd.testing.assert_frame_equal(back.figures.astype(str), first.figures.astype(str))
    assert len(back.neighbours) == 1530
    # without a lookup the region still comes from the LA rows (Outer London for Barnet 302)
    assert back.areas.set_index("la_code").loc["302", "region_name"] == "Outer London"
    assert main(["benchmarks", "compare", str(out), "--la", "358", "--format", "csv"]) == 0
    csv_out = capsys.readouterr().out
    assert csv_out.startswith("id,") and "\nP3.19," in csv_out


def test_checks_in_the_summary(store, tmp_path):
    assert "checks: 0 duplicate figures; cell text that is not a number or a GSS symbol: none; " \
           "current councils without statistical neighbours: none" in summary_text(store)
    # a hand-made file in DfE's layout with an odd cell ("n/a") and the same row twice
    head = ("time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,"
            "old_la_code,la_name,new_la_code,cla_group,placement_stability,children_count,children_percent\n")
    row = "2025,Reporting year,Local authority,E92000001,England,E12000002,North West,358,Trafford,E08000009,"
    (tmp_path / "la_cla_placement_stability.csv").write_text(
        head + row + "CLA on 31 March,Total children,353,n/a\n" + row + "CLA on 31 March,Total children,353,n/a\n")
    text = summary_text(import_folder(tmp_path))
    assert "checks: 2 duplicate figures" in text     # the count row and the percentage row, each once more
    assert "not a number or a GSS symbol: n/a" in text
    assert "current councils without statistical neighbours: 358" in text

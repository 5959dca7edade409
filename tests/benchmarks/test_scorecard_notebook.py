"""The scorecard notebook run for a real LA code with DfE's downloads named, through papermill.

The council data are the hand-counted G1 fixture (``tests/g1_fixture.py``);
the comparators are Trafford's (358) from ``../shared/dfe-published``: P3.19
England 10%, North West 9%, neighbours' average 11%, rank 5 of 151, band A
(worked by hand in ``test_compare.py``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cpanalysis.publish.run import RunConfig, run_quarter
from g1_fixture import write_fixture

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


@pytest.fixture(scope="module")
def page(dfe, tmp_path_factory):
    root = tmp_path_factory.mktemp("bench-briefing")
    raw = write_fixture(root / "raw")
    out = run_quarter(RunConfig(
        quarter="2024-25-Q3", raw_dir=raw, processed_dir=root / "processed", notebooks_dir=NOTEBOOKS,
        outputs_dir=root / "out", private_dir=root / "private", notebooks=["scorecard"],
        la_code="358", inputs={"benchmarks": dfe}))
    return (out / "scorecard.html").read_text(encoding="utf-8")


def _row(html: str, ref: str) -> list[str]:
    m = re.search(rf'<tr><th scope="row">{re.escape(ref)}</th>(.*?)</tr>', html, re.S)
    assert m, ref
    return re.findall(r"<td[^>]*>([^<]*)</td>", m.group(1))


def test_scorecard_shows_dfe_comparators_for_the_council(page):
    cells = _row(page, "P3.19")
    assert "10%" in cells and "9%" in cells and "11%" in cells and "5 of 151" in cells and "A" in cells
    assert "2024-25 (DfE, Children looked after in England 2025)" in cells
    assert "no national figure published" in _row(page, "P1.1")
    assert "Region (North West)" in page
    assert "Hertfordshire" in page and "DfE code 358" in page

"""The Virtual School page is protected once by the run, and the notebook lays out what the run made.

A small synthetic council (seed 1, 120 children, 4 years) reported for 2025-26 Q3 (academic year
2024-25). The page the run keeps with the quarter's publication is what the notebook prints: a section
changed in the saved publication shows on the page, and a notebook run by hand (no publication, or
one of another policy) builds its own, the same section for section.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pandas as pd
import pytest

from cpanalysis.measures.publication import QuarterPublication
from cpanalysis.present.page import Fragment
from cpanalysis.protect.policy import DisclosurePolicy
from cpanalysis.publish.render import execute_notebook, to_html
from cpanalysis.quarters import Quarter
from cpanalysis.synth import generate
from cpanalysis.virtual_school.page import SECTIONS, VirtualSchoolPage, build_page, page_for

POLICY = DisclosurePolicy(threshold=5)
QUARTER = "2025-26 Q3"
NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "virtual_school_annual.ipynb"


@pytest.fixture(scope="module")
def council(tmp_path_factory):
    root = tmp_path_factory.mktemp("vs-page")
    generate(root / "raw", seed=1, children=120, years=4)
    return root


def _build(root: Path, policy: DisclosurePolicy = POLICY) -> VirtualSchoolPage:
    return build_page(QUARTER, raw_dir=root / "raw", processed_dir=root / "processed", policy=policy,
                      council="Demo Borough", la_code="", inputs={})


def _saved(root: Path, page: VirtualSchoolPage) -> Path:
    pub = QuarterPublication(Quarter.parse(QUARTER), "Demo Borough", POLICY, pd.DataFrame(), pd.DataFrame(),
                             extras={"virtual_school": page})
    return pub.save(root / "private" / "publication.pkl")


def test_every_section_is_made_once_in_page_order(council):
    page = _build(council)
    assert tuple(page.sections) == SECTIONS and page.extract and page.year_label == "2024-25"
    assert all(isinstance(f, Fragment) for f in page.sections.values())
    assert "<table" in page.section("cohort").html and "<table" in page.section("KS2").html
    # The run log's count of hidden cells per section counts the page's c cells.
    assert page.hidden_cells()["KS2"] == page.section("KS2").html.count(">c</td>") > 0
    with pytest.raises(KeyError):
        page.section("no such")


def test_the_notebook_prints_the_page_the_run_kept(council):
    page = _build(council)
    marker = '<p id="from-the-run">made by the run</p>'
    changed = dataclasses.replace(page, sections=page.sections | {"schools": Fragment(marker)})
    path = _saved(council, changed)
    assert page_for(path, QUARTER, raw_dir=council / "raw", processed_dir=council / "processed", policy=POLICY,
                    council="Demo Borough", la_code="", inputs={}).section("schools").html == marker
    params = {"quarter": QUARTER, "council": "Demo Borough", "raw_dir": str(council / "raw"),
              "processed_dir": str(council / "processed"), "policy": POLICY.to_dict(),
              "publication_file": str(path)}
    html = to_html(execute_notebook(NOTEBOOK, council / "private" / "annual.ipynb", params, cwd=NOTEBOOK.parent))
    assert marker in html and "made by the run" in html


def test_a_page_of_another_policy_or_none_is_built_anew(council):
    page = _build(council)
    path = _saved(council, dataclasses.replace(page, sections=page.sections | {"schools": Fragment("kept")}))
    ten = DisclosurePolicy(threshold=10)
    again = page_for(path, QUARTER, raw_dir=council / "raw", processed_dir=council / "processed", policy=ten,
                     council="Demo Borough", la_code="", inputs={})
    assert again.policy == ten and again.section("schools").html != "kept"
    by_hand = page_for(None, QUARTER, raw_dir=council / "raw", processed_dir=council / "processed", policy=POLICY,
                       council="Demo Borough", la_code="", inputs={})
    assert by_hand.sections == page.sections  # deterministic: the run's page and a page made by hand agree
    # At threshold 10 more is hidden than at 5.
    assert sum(again.hidden_cells().values()) > sum(page.hidden_cells().values())


def test_the_notebook_computes_no_section_itself():
    cells = ["".join(c["source"]) for c in json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
             if c["cell_type"] == "code"]
    code = "\n".join(cells)
    for name in SECTIONS:
        assert f'page.section("{name}")' in code
    assert "_section(" not in code and "load_if_supplied" not in code

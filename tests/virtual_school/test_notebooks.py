"""Both notebooks through papermill on a small synthetic council, then the gate.

The annual briefing must pass the publication gate (no count from 1 to 4, no
percentage of one, no CHILD id, one h1, alt text); the investigation notebook
must be refused (it is marked not for publication and names children).
"""

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from cpanalysis.protect.policy import DisclosurePolicy
from cpanalysis.publish.gate import check_html, format_findings
from cpanalysis.publish.render import execute_notebook, to_html
from cpanalysis.synth import generate

POLICY = DisclosurePolicy(threshold=5)

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def council(tmp_path_factory):
    root = tmp_path_factory.mktemp("vs")
    generate(root / "raw", seed=1, children=120, years=4)
    ids = pd.read_csv(root / "raw" / "virtual_school" / "pupils.csv", dtype=str)["CHILD"].unique().tolist()
    return root, ids


def test_annual_briefing_passes_the_gate(council):
    root, ids = council
    params = {"quarter": "2025-26 Q3", "council": "Demo Borough", "raw_dir": str(root / "raw"),
              "processed_dir": str(root / "processed"), "policy": POLICY.to_dict()}
    nb = execute_notebook(NOTEBOOKS / "virtual_school_annual.ipynb", root / "private" / "annual.ipynb", params,
                          cwd=NOTEBOOKS)
    html = to_html(nb)
    findings = check_html(html, child_ids=ids, policy=POLICY)
    assert findings == [], format_findings(findings)
    assert html.count("<h1>") == 1 and "academic year 2024-25" in html
    assert "Synthetic data" in html
    assert html.count("<caption>") >= 10
    assert "trend test" in html and "95% CI" in html  # outcomes by placements: test, interval, sentence
    assert 'content="false"' not in html
    for alt in re.findall(r'<img [^>]*alt="([^"]*)"', html):
        assert len(alt) > 40


#: Peer SSDA903 data (another project's; no Virtual School extract), beside the repository.
PEER = Path(__file__).resolve().parents[2].parent / "shared" / "peer-903" / "multi-year-2017-2021"
NO_EXTRACT = "No Virtual School extract was supplied"


def _annual(root: Path, raw: Path, quarter: str, council: str, inputs: dict, name: str) -> str:
    """The annual briefing run as ``cpanalysis run`` runs it (every run parameter), as HTML."""
    params = {"quarter": quarter, "council": council, "raw_dir": str(raw), "processed_dir": str(root / "none"),
              "policy": POLICY.to_dict(), "la_code": "", "inputs": inputs, "board_remarks": {}}
    nb = execute_notebook(NOTEBOOKS / "virtual_school_annual.ipynb", root / "private" / f"{name}.ipynb", params,
                          cwd=NOTEBOOKS)
    return to_html(nb)


def _no_extract_page(html: str, ids: list[str]) -> None:
    findings = check_html(html, child_ids=ids, policy=POLICY)
    assert findings == [], format_findings(findings)
    assert html.count("<h1>") == 1
    assert html.count(NO_EXTRACT) == 1 and "docs/virtual-school-schema.md" in html
    # Every section says it in one sentence, and none pretends to have figures.
    assert html.count("Not available: no Virtual School extract was supplied") == 12  # the 12 section calls
    assert "<table" not in html and "<img" not in html and "table has no cells" not in html


def test_annual_briefing_without_an_extract_says_so(council, tmp_path):
    root, ids = council
    raw = tmp_path / "raw"
    shutil.copytree(root / "raw", raw, ignore=shutil.ignore_patterns("virtual_school"))
    html = _annual(tmp_path, raw, "2025-26 Q3", "Demo Borough", {}, "no-extract")
    _no_extract_page(html, ids)
    assert "academic year 2024-25" in html


@pytest.mark.skipif(not PEER.is_dir(), reason=f"peer fixtures not found at {PEER}")
def test_annual_briefing_on_a_real_councils_903_only_data(tmp_path):
    html = _annual(tmp_path, PEER, "2021-22 Q4", "Peer Council", {}, "peer")
    _no_extract_page(html, [])
    assert "academic year 2020-21" in html and "Synthetic data" not in html


def test_annual_briefing_reads_the_extract_named_in_the_settings(council, tmp_path):
    root, ids = council
    raw = tmp_path / "raw"
    shutil.copytree(root / "raw", raw, ignore=shutil.ignore_patterns("virtual_school"))
    chosen = shutil.copytree(root / "raw" / "virtual_school", tmp_path / "council-files" / "vs")
    html = _annual(tmp_path, raw, "2025-26 Q3", "Demo Borough", {"virtual_school": str(chosen / "pupils.csv")},
                   "named")
    assert check_html(html, child_ids=ids, policy=POLICY) == []
    assert NO_EXTRACT not in html and "Not available" not in html
    assert html.count("<caption>") >= 10 and "trend test" in html


def test_investigation_notebook_runs_and_the_gate_refuses_it(council):
    root, ids = council
    params = {"raw_dir": str(root / "raw"), "processed_dir": str(root / "processed"),
              "academic_year": "2024-25", "key_stage": "KS2", "measure": "persistent_absence",
              "breakdown": "placements", "by": "PHASE", "definition": "on_roll"}
    nb = execute_notebook(NOTEBOOKS / "investigate" / "virtual_school.ipynb", root / "private" / "inv.ipynb",
                          params, cwd=NOTEBOOKS / "investigate")
    html = to_html(nb)
    rules = {f.rule for f in check_html(html, child_ids=ids, policy=POLICY)}
    assert "not-for-publication" in rules and "child-id" in rules
    assert "NOT FOR PUBLICATION" in html

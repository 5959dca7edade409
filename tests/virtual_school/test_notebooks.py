"""Both notebooks through papermill on a small synthetic council, then the gate.

The annual briefing must pass the publication gate (no count from 1 to 4, no
percentage of one, no CHILD id, one h1, alt text); the investigation notebook
must be refused (it is marked not for publication and names children).
"""

import re
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
              "processed_dir": str(root / "processed"), "threshold": 5}
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

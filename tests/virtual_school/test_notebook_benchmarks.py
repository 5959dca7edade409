"""The annual briefing run with a folder of DfE's files (``inputs["benchmarks"]``), through papermill.

The headline tables' England columns carry the outcomes release's year and
release; the page says the figures were read from DfE's files for this run;
the page passes the publication gate. Skipped without ``../shared/dfe-published``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from cpanalysis.protect.policy import DisclosurePolicy
from cpanalysis.publish.gate import check_html, format_findings
from cpanalysis.publish.render import execute_notebook, to_html
from cpanalysis.synth import generate

POLICY = DisclosurePolicy(threshold=5)
NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
DFE = Path(__file__).resolve().parents[2] / ".." / "shared" / "dfe-published"
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not (DFE / "outcomes").is_dir(), reason=f"DfE published files not found at {DFE}")]


def test_annual_briefing_with_dfes_outcomes_release(tmp_path):
    generate(tmp_path / "raw", seed=1, children=120, years=4)
    ids = pd.read_csv(tmp_path / "raw" / "virtual_school" / "pupils.csv", dtype=str)["CHILD"].unique().tolist()
    params = {"quarter": "2025-26 Q3", "council": "Demo Borough", "raw_dir": str(tmp_path / "raw"),
              "processed_dir": str(tmp_path / "none"), "policy": POLICY.to_dict(), "la_code": "358",
              "inputs": {"benchmarks": str(DFE.resolve())}, "board_remarks": {}}
    nb = execute_notebook(NOTEBOOKS / "virtual_school_annual.ipynb", tmp_path / "annual.ipynb", params,
                          cwd=NOTEBOOKS)
    html = to_html(nb)
    findings = check_html(html, child_ids=ids, policy=POLICY)
    assert findings == [], format_findings(findings)
    # ks2_la.csv.gz, 202425 National "CLA 12 months at 31 March": pt_rwm_met_expected_standard 35 (1070 / 3090).
    assert "England: children in care, 2024-25 (DfE, Outcomes for children in need 2025)" in html
    assert "as downloaded for this run" in html and html.count("<h2>About the figures</h2>") == 1
    assert "outside the 95% interval" not in html and "inside the 95% interval" not in html

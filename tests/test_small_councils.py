"""The whole publication on small synthetic councils, run as a council would run it, two quarters each.

Small councils are where small numbers are common and the ties between tables, pages and quarters
matter most. Each case makes the data with ``cpanalysis synth``, runs two consecutive quarters with
``cpanalysis run`` (the second audited together with the first, as a reader holds both) and asks
that every briefing is published: none failed, none refused by the publication gate, and nothing
found by the run's audit of the whole publication (which would stop the run with exit 1).

Cases found wanting by ``bench/bench_sweep.py`` before they were fixed: seed 3 with 60 children and
5 years (the Virtual School year-group total gave back KS1 = 2); seed 2 with 60 children and one
year (the Virtual School notebook failed: no academic year had ended). The sweep runs the larger
grid (up to 2,500 children) and the peer data.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cpanalysis", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=900)


@pytest.mark.parametrize(("seed", "children", "years", "quarters"), [
    (3, 60, 5, ["2024-25-Q2", "2024-25-Q3"]),
    (2, 60, 1, ["2025-26-Q1", "2025-26-Q2"]),
], ids=["seed3-60-children-5-years", "seed2-60-children-1-year"])
def test_every_briefing_of_a_small_council_is_published_and_the_audit_finds_nothing(tmp_path, seed, children, years,
                                                                                     quarters):
    made = _cli("synth", "--out", str(tmp_path / "raw"), "--seed", str(seed), "--children", str(children),
                "--years", str(years), cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    for q in quarters:
        run = _cli("run", "--quarter", q, "--raw", str(tmp_path / "raw"), "--processed", str(tmp_path / "processed"),
                   "--outputs", str(tmp_path / "outputs"), "--private", str(tmp_path / "private"),
                   "--notebooks", str(ROOT / "notebooks"), cwd=tmp_path)
        assert run.returncode == 0, f"{q}:\n{run.stdout[-2000:]}\n{run.stderr[-3000:]}"
        log = json.loads((tmp_path / "private" / q / "run_log.json").read_text())
        assert log["status"] == "complete"
        assert {r["status"] for r in log["notebooks"]} == {"ok"}
        assert log["audit"]["findings"] == [] and log["audit"]["quarters"][-1] == q
        pages = {p.name for p in (tmp_path / "outputs" / q).glob("*.html")}
        assert {"scorecard.html", "methodology.html", "virtual_school_annual.html", "index.html"} <= pages
    # the second quarter was audited with the first, read from the private copy of what was published
    assert log["audit"]["quarters"] == quarters
    assert (tmp_path / "private" / "published" / quarters[0] / "scorecard.html").is_file()

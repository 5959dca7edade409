"""End to end, as a council runs it: ``cpanalysis run`` in a working folder, every briefing.

* **Peer data** (``../shared/peer-903/multi-year-2017-2021``, written by another
  project): a council's settings file points at it; two quarters are run; every
  briefing the data allow is published with exit 0, and nothing on any page
  says "Demo Borough" or "synthetic". The files have known defects (reviews
  dated after their return year, obsolete OC3 codes), so the settings accept up
  to 30% of a table's rows quarantined, as an analyst who has read the
  validation report would.
* **Thresholds 5 and 10**: the demo run at each threshold publishes every
  briefing; the run log records the policy; and a count from 5 to 9 shown at
  threshold 5 is hidden at 10 on the scorecard (the run's policy reaches the
  pages rather than a default of 5).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from peer_council import PEER, write_peer_settings

ROOT = Path(__file__).resolve().parents[1]
BRIEFINGS = {"scorecard", "placement_stability", "care_leavers", "health", "virtual_school_annual", "methodology"}


def _run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cpanalysis", "run", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=900)


def _pages(folder: Path) -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.html"))}


@pytest.fixture(scope="module")
def peer_council(tmp_path_factory):
    if not PEER.is_dir():
        pytest.skip(f"peer fixtures not found at {PEER}")
    root = tmp_path_factory.mktemp("peer-council")
    write_peer_settings(root, processed="data/processed")
    runs = {q: _run(root, "--quarter", q) for q in ("2020-21-Q3", "2021-22-Q2")}
    return root, runs


@pytest.mark.parametrize("quarter", ["2020-21-Q3", "2021-22-Q2"])
def test_peer_data_publishes_every_briefing(peer_council, quarter):
    root, runs = peer_council
    result = runs[quarter]
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    out = root / "outputs" / quarter
    pages = _pages(out)
    assert set(pages) == BRIEFINGS | {"index"}
    assert not (out / "PARTIAL.txt").exists()
    for name, text in pages.items():
        assert "Demo Borough" not in text, name
        assert not re.search(r"synthetic", text, re.IGNORECASE), name
        assert "Peer Council" in text, name
    log = json.loads((out / "run_log.json").read_text())
    assert log["status"] == "complete" and log["config"]["demo"] is False


def test_peer_virtual_school_page_says_no_extract_was_supplied(peer_council):
    root, _ = peer_council
    text = (root / "outputs" / "2020-21-Q3" / "virtual_school_annual.html").read_text(encoding="utf-8")
    assert re.search(r"no Virtual School extract", text, re.IGNORECASE)


@pytest.fixture(scope="module")
def demo_at(tmp_path_factory):
    runs = {}
    for threshold in (5, 10):
        root = tmp_path_factory.mktemp(f"demo-{threshold}")
        result = _run(root, "--quarter", "2024-25-Q3", "--raw", "raw", "--processed", "processed",
                      "--outputs", "outputs", "--private", "private", "--threshold", str(threshold))
        runs[threshold] = (root, result)
    return runs


def _scorecard_counts(html: str) -> dict[tuple[str, int], str]:
    """(measure ref, column) -> cell text of the scorecard's tables."""
    cells = {}
    for row in re.findall(r"<tr>(.*?)</tr>", html, re.DOTALL):
        ref = re.search(r'<th scope="row">([GP][0-9.a-z]+)</th>', row)
        if ref:
            for i, td in enumerate(re.findall(r"<td[^>]*>(.*?)</td>", row, re.DOTALL)):
                cells[(ref.group(1), i)] = re.sub(r"<[^>]+>", "", td).strip()
    return cells


@pytest.mark.parametrize("threshold", [5, 10])
def test_demo_publishes_every_briefing_at_the_threshold(demo_at, threshold):
    root, result = demo_at[threshold]
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    out = root / "outputs" / "2024-25-Q3"
    assert set(_pages(out)) == BRIEFINGS | {"index"}
    log = json.loads((out / "run_log.json").read_text())
    assert log["config"]["policy"]["threshold"] == threshold
    # Every page names the run's threshold, never the default's: "1 to 9" at 10, never "1 to 4".
    for name, text in _pages(out).items():
        if threshold != 5:
            assert "1 to 4" not in text, name
        if name != "index":
            assert f"from 1 to {threshold - 1}" in text, name


def test_a_count_shown_at_5_is_hidden_at_10(demo_at):
    at5 = _scorecard_counts((demo_at[5][0] / "outputs" / "2024-25-Q3" / "scorecard.html").read_text())
    at10 = _scorecard_counts((demo_at[10][0] / "outputs" / "2024-25-Q3" / "scorecard.html").read_text())
    small = {k for k, v in at5.items() if re.fullmatch(r"[5-9]", v)}
    assert small, "the demo scorecard shows no count from 5 to 9 at threshold 5"
    assert all(at10.get(k) == "c" for k in small), {k: at10.get(k) for k in small}
    assert not any(re.fullmatch(r"[1-9]", v) for v in at10.values())

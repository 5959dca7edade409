"""The run's audit stage (:mod:`cpanalysis.audit`): independent, reads what a reader holds, refuses to publish.

The intruder's power against planted page sets is tested in
``tests/attack/test_whole_publication.py``; here: that it stays independent of
the protection code, which earlier quarters it reads with this one, and that a
run whose audit finds a small count publishes nothing.
"""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path
from unittest import mock

import pytest

import cpanalysis.publish.run as run_module
from cpanalysis.audit import AuditReport, Finding, audit_pages, held_quarters

SRC = Path(__file__).resolve().parents[2] / "src" / "cpanalysis"
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "publish"))


def _imports(path: Path) -> list[str]:
    """Every module a file imports, relative imports written with their dots."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            out.append("." * node.level + (node.module or ""))
    return out


def test_the_audit_imports_nothing_from_the_rest_of_the_package():
    files = sorted((SRC / "audit").glob("*.py"))
    assert len(files) >= 5
    for path in files:
        for name in _imports(path):
            assert not name.startswith("cpanalysis"), f"{path.name} imports {name}"
            assert not name.startswith(".."), f"{path.name} imports {name} (outside the audit package)"


def test_a_reader_of_q3_holds_the_earlier_quarters_of_the_year_and_q3_a_year_ago():
    held = ["2023-24-Q2", "2023-24-Q3", "2023-24-Q4", "2024-25-Q1", "2024-25-Q2", "2024-25-Q4"]
    assert held_quarters("2024-25-Q3", held) == ["2023-24-Q3", "2024-25-Q1", "2024-25-Q2"]


def test_a_reader_of_q1_holds_last_years_q4_and_q1():
    held = ["2023-24-Q1", "2023-24-Q3", "2023-24-Q4"]
    assert held_quarters("2024-25-Q1", held) == ["2023-24-Q1", "2023-24-Q4"]


def _table(caption: str, rows: list[tuple[str, str]]) -> str:
    body = "".join(f"<tr><th scope='row'>{a}</th><td>{b}</td></tr>" for a, b in rows)
    return (f"<table><caption>{caption}</caption><thead><tr><th scope='col'>Placement</th>"
            f"<th scope='col'>Children</th></tr></thead><tbody>{body}</tbody></table>")


def test_a_total_and_its_shown_parts_give_the_hidden_part_away_and_the_report_says_where():
    # 20 children: 17 in foster care, the rest (3) hidden; the total gives them away.
    page = _table("Children by placement type", [("Foster", "17"), ("Residential", "c"), ("Total", "20")])
    report = audit_pages({("2024-25-Q3", "p.html"): page}, threshold=5, protection=5)
    assert not report.safe
    assert [(f.lo, f.hi) for f in report.findings] == [(3, 3)]
    assert report.figures["printed"] == 2 and report.figures["hidden"] == 1
    assert "Residential" in report.to_dict()["findings"][0]


def test_two_hidden_parts_keep_each_other_safe_at_the_threshold_but_not_above_it():
    # 20 = 10 + c + c: the hidden pair sums to 10, each anywhere from 0 to 10 (width 10).
    page = _table("Children by placement type", [("Foster", "10"), ("Residential", "c"), ("Secure", "c"),
                                                  ("Total", "20")])
    assert audit_pages({("2024-25-Q3", "p.html"): page}, threshold=5, protection=5).safe
    # A policy asking each hidden count to keep a range of 11 or more is not met by a range of 10.
    assert not audit_pages({("2024-25-Q3", "p.html"): page}, threshold=11, protection=11).safe


def test_a_run_whose_audit_finds_a_small_count_publishes_nothing(tmp_path):
    from publish_fixture import QUARTER, run_fixture

    first = run_fixture(tmp_path / "a", notebooks=["clean"])
    assert first.result.code == 0, first.result.stderr
    before = sorted(p.name for p in first.published.iterdir())
    leak = AuditReport([QUARTER], 2, [Finding("x", "Table T, row R", 3, 3, "a total")], [], {}, 0.1)
    with mock.patch.object(run_module, "audit_pages", return_value=leak) as called:
        second = run_fixture_again(first)
    assert called.call_args.kwargs == {"threshold": 5, "protection": 5}
    assert second.code != 0
    assert "nothing published" in second.stderr and "Table T, row R" in second.stderr
    assert sorted(p.name for p in first.published.iterdir()) == before, "the previous set must stay as it was"
    log = json.loads((first.kept / "run_log.json").read_text())
    assert log["status"] == "refused by the audit"
    assert log["audit"]["findings"] == ["Table T, row R (a total)"]
    assert not list(first.outputs.glob(".*partial")), "the staged set is removed"


def run_fixture_again(first):
    """The same quarter run again over the same folders."""
    from publish_fixture import QUARTER, cli

    return cli(["run", "--quarter", QUARTER, "--raw", str(first.raw), "--notebooks", str(first.root / "notebooks"),
                "--outputs", str(first.outputs), "--private", str(first.private),
                "--processed", str(first.root / "processed")])


def test_published_pages_are_kept_privately_as_what_a_reader_holds(tmp_path):
    from publish_fixture import QUARTER, run_fixture

    done = run_fixture(tmp_path, notebooks=["clean"])
    assert done.result.code == 0, done.result.stderr
    held = done.private / run_module.HELD / QUARTER
    assert sorted(p.name for p in held.glob("*.html")) == sorted(p.name for p in done.published.glob("*.html"))
    log = json.loads((done.published / "run_log.json").read_text())
    assert log["audit"]["quarters"] == [QUARTER] and log["audit"]["findings"] == []


@pytest.mark.parametrize("quarter", ["2024-25-Q3"])
def test_the_audit_of_a_run_reads_the_held_pages_of_earlier_quarters(tmp_path, quarter):
    config = run_module.RunConfig(quarter=quarter, outputs_dir=tmp_path / "out", private_dir=tmp_path / "private")
    for slug, where in (("2024-25-Q1", config.private_dir / run_module.HELD), ("2024-25-Q2", config.outputs_dir),
                        ("2023-24-Q3", config.private_dir / run_module.HELD), ("2023-24-Q2", config.outputs_dir)):
        (where / slug).mkdir(parents=True)
        (where / slug / "a.html").write_text(_table("T", [("A", "10")]))
    # Q2 is held privately too, with what was really published then: the private copy wins.
    (config.private_dir / run_module.HELD / "2024-25-Q2").mkdir(parents=True)
    (config.private_dir / run_module.HELD / "2024-25-Q2" / "a.html").write_text(_table("T", [("A", "11")]))
    staging = tmp_path / "staging"
    staging.mkdir()
    (staging / "a.html").write_text(_table("T", [("A", "12")]))
    seen = {}

    def fake(pages, **kw):
        seen.update(pages)
        return AuditReport(sorted({q for q, _ in pages}), len(pages), [], [], {}, 0.0)

    with mock.patch.object(run_module, "audit_pages", side_effect=fake):
        run_module._audit(config, run_module.Quarter.parse(quarter), staging)
    assert sorted(q for q, _ in seen) == ["2023-24-Q3", "2024-25-Q1", "2024-25-Q2", "2024-25-Q3"]
    assert ">11<" in seen["2024-25-Q2", "a.html"]

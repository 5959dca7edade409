"""Every page of two consecutive quarters attacked together (issue 11, item 7).

The intruder (``tests/attack/intruder``) is written independently of the protection
code: it reads only the HTML pages, as any reader could, turns every table cell, total,
repeated figure, year-to-date figure and percentage into integer variables and linear
constraints, and bounds every hidden or implied count with HiGHS (LP, then MILP where
the LP bounds are fractional). A count is disclosed when its feasible range lies within
1..4, or is narrower than 5 and holds a value from 1 to 4.

The oracle is the problem itself: the planted page sets below have a known hidden count
of 1 to 4 that only a reader combining pages or quarters can work out, and the intruder
must find exactly it. The project's own pages are made by ``cpanalysis synth`` and
``cpanalysis run`` for 2024-25 Q2 and Q3 of the default synthetic council (seeds 1 and 2,
about 540 children, 8 return years): the council the issue's leaks were found on.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from attack.intruder import attack, read_pages, read_publication
from cpanalysis.audit.reader import small_counts_in_words
from peer_council import PEER, write_peer_settings

ROOT = Path(__file__).resolve().parents[2]
#: The policy the runs below use (the default: counts 1 to 4 are small, width 5).
THRESHOLD = PROTECTION = 5
QUARTERS = ["2024-25-Q2", "2024-25-Q3"]


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cpanalysis", *args], cwd=cwd, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="session", params=[1, 2], ids=["seed1", "seed2"])
def publication(request, tmp_path_factory) -> Path:
    """Published pages of 2024-25 Q2 and Q3 of a synthetic council, two seeds (outputs/<quarter>/*.html)."""
    root = tmp_path_factory.mktemp(f"whole-publication-{request.param}")
    made = _cli("synth", "--out", str(root / "raw"), "--seed", str(request.param), "--children", "540", cwd=root)
    assert made.returncode == 0, made.stderr
    for q in QUARTERS:
        # A page the publication gate refuses is not published, so not attacked; the run
        # then exits non-zero, which is the gate's business and not this test's.
        _cli("run", "--quarter", q, "--raw", str(root / "raw"), "--processed", str(root / "processed"),
             "--outputs", str(root / "outputs"), "--private", str(root / "private"),
             "--notebooks", str(ROOT / "notebooks"), "--jobs", "2", cwd=root)
        assert list((root / "outputs" / q).glob("*.html")), f"no page published for {q}"
    return root / "outputs"


@pytest.fixture(scope="session")
def findings(publication):
    model = read_publication(publication, QUARTERS)
    started = time.perf_counter()
    found, problems = attack(model, threshold=THRESHOLD, protection=PROTECTION)
    return model, found, problems, time.perf_counter() - started


def test_the_intruder_reads_every_page(publication, findings):
    model, _, problems, seconds = findings
    pages = {f.name for q in QUARTERS for f in (publication / q).glob("*.html")}
    assert {"scorecard.html", "care_leavers.html", "placement_stability.html", "virtual_school_annual.html"} <= pages
    assert len(model.vars) > 300 and len(model.constraints) > 1000
    assert not problems, "the equations read from the pages contradict each other:\n" + "\n".join(problems)
    assert seconds < 60


#: Found on seed 1, 540 children, 2024-25 Q2 and Q3 before they were fixed (kept as the history of
#: this test): alternative provision pupils = 1 (attendance minus persistent absence tables by phase);
#: children who moved 3 or more times = 1 (scorecard moves minus the stability page's once / more than
#: once split); KS2 pupils meeting reading but not all three = 4 (self-evaluation's all-three
#: percentage against the KS2 "met" counts).


def test_no_count_from_1_to_4_can_be_worked_out_across_two_quarters(findings):
    _, found, _, _ = findings
    assert not found, "counts from 1 to 4 recovered:\n" + "\n".join(map(str, found))


def test_no_sentence_states_a_count_from_1_to_4(publication):
    pages = {(q, f.name): f.read_text(encoding="utf-8") for q in QUARTERS for f in (publication / q).glob("*.html")}
    assert not small_counts_in_words(pages)


# ---- the peer data (written by another project) ---------------------------------------

PEER_QUARTERS = ["2020-21-Q2", "2020-21-Q3"]
#: Found on the peer data, 2020-21 Q2 and Q3, before it was fixed (measures.linked, year to date): care
#: leavers aged 17-18 in EET at Q2 were 3 to 5 (NEET 6 of 11 shown at Q2 with EET hidden; EET 10 of 18
#: at Q3, and those not in EET only grow through the year).


@pytest.fixture(scope="session")
def peer_findings(tmp_path_factory):
    if not PEER.is_dir():
        pytest.skip(f"peer fixtures not found at {PEER}")
    root = tmp_path_factory.mktemp("whole-publication-peer")
    write_peer_settings(root)
    for q in PEER_QUARTERS:
        _cli("run", "--quarter", q, "--outputs", str(root / "outputs"), "--private", str(root / "private"),
             "--notebooks", str(ROOT / "notebooks"), "--jobs", "2", cwd=root)
        assert list((root / "outputs" / q).glob("*.html")), f"no page published for {q}"
    return attack(read_publication(root / "outputs", PEER_QUARTERS), threshold=THRESHOLD, protection=PROTECTION)


@pytest.mark.slow
def test_no_count_from_1_to_4_can_be_worked_out_on_the_peer_data(peer_findings):
    found, problems = peer_findings
    assert not problems
    assert not found, "counts from 1 to 4 recovered:\n" + "\n".join(map(str, found))


# ---- the intruder works: planted leaks ------------------------------------------------

def _page(caption: str, header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th scope='col'>{h}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f"<html><body><table><caption>{caption}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></body></html>"


def test_a_table_printed_twice_with_different_cells_hidden_gives_one_away():
    caption = "Cared for children by legal status at the end of 2024-25 Q3"
    pages = {
        ("2024-25-Q3", "a.html"): _page(caption, ["Legal status", "Children"], [["care order", "c"], ["accommodated (s20)", "c"], ["Total", "51"]]),
        ("2024-25-Q3", "b.html"): _page(caption, ["Legal status", "Children"], [["care order", "50"], ["accommodated (s20)", "c"], ["Total", "c"]]),
    }
    found, problems = attack(read_pages(pages), threshold=THRESHOLD, protection=PROTECTION)
    assert not problems
    assert [(f.where.split(",")[1].strip(), f.lo, f.hi) for f in found] == [("row 'accommodated (s20)'", 1, 1)]


def test_a_percentage_of_its_base_gives_the_rest_away():
    pages = {("2024-25-Q3", "health.html"): _page(
        "Immunisations of children looked after for 12 months, by year",
        ["Year", "Children looked after for 12 months", "Immunisations up to date (%)"],
        [["2022-23", "60", "80.0%"], ["2023-24", "50", "94.0%"]])}
    found, _ = attack(read_pages(pages), threshold=THRESHOLD, protection=PROTECTION)
    assert [(f.lo, f.hi) for f in found] == [(3, 3)]
    assert "2023-24" in found[0].where and "rest of the group" in found[0].where


def test_year_to_date_figures_of_two_quarters_give_the_quarters_increment_away():
    header = ["Year", "Birthdays between", "Number staying put", "Share of care leavers aged 18-21 (%)"]
    caption = "Care leavers aged 18-21 staying put with their former foster carers, by year"
    pages = {
        ("2024-25-Q2", "care_leavers.html"): _page(caption, header, [["2024-25 to Q2", "1 April 2024 to 30 September 2024 (year to date)", "16", "c"]]),
        ("2024-25-Q3", "care_leavers.html"): _page(caption, header, [["2024-25 to Q3", "1 April 2024 to 31 December 2024 (year to date)", "19", "c"]]),
    }
    found, _ = attack(read_pages(pages), threshold=THRESHOLD, protection=PROTECTION)
    assert [(f.lo, f.hi) for f in found] == [(3, 3)]
    assert "added between 2024-25 to Q2 and to Q3" in found[0].where


def test_a_hidden_cell_kept_uncertain_is_not_reported():
    caption = "Cared for children by legal status at the end of 2024-25 Q3"
    pages = {("2024-25-Q3", "a.html"): _page(caption, ["Legal status", "Children"], [["care order", "40"], ["s20", "c"], ["other", "c"], ["Total", "51"]])}
    found, problems = attack(read_pages(pages), threshold=THRESHOLD, protection=PROTECTION)
    assert not found and not problems


def _scorecard(quarter: str, rows: list[list[str]]) -> str:
    header = ["Ref", "Measure", "Polarity", "This quarter", "Share", "Previous quarter"]
    return _page(f"Priority 3 - Achieving Permanence and Staying Safe: measures for {quarter}", header, rows)


def test_moves_against_children_who_moved_give_away_those_who_moved_three_times():
    pages = {
        ("2024-25-Q3", "scorecard.html"): _scorecard("2024-25 Q3", [
            ["P3.7", "Number of children that moved homes in the quarter", "Lower is better", "82", "", "75"],
            ["P3.7a", "Number of placement moves in the quarter", "Lower is better", "98", "", "86"],
        ]),
        ("2024-25-Q3", "placement_stability.html"): _page(
            "Children who moved in 2024-25 Q3, by how many times they moved", ["Moves in the quarter", "Children"],
            [["moved once", "67"], ["moved more than once", "15"], ["Total", "82"]]),
    }
    found, _ = attack(read_pages(pages), threshold=THRESHOLD, protection=PROTECTION)
    assert [(f.name, f.lo, f.hi) for f in found] == [("moves|2024-25 Q3|moved 3 or more times", 1, 1)]


def test_a_self_evaluation_percentage_gives_away_pupils_who_met_one_subject_but_not_all_three():
    vs = "virtual_school_annual.html"
    evidence = _page("Evidence for the self-evaluation by area, 2023-24 (with 2022-23)",
                     ["Area", "Measure", "Pupils", "This year %", "Last year %", "England: children in care"],
                     [["Key stage 2", "expected standard in reading, writing and maths", "25", "40%", "c", "x"]])
    numbers = _page("Key stage 2 pupils by result and subject (number), 2023-24",
                    ["Subject", "Met the expected standard", "Not yet met", "Did not take", "Pupils"],
                    [["Reading", "14", "c", "c", "25"], ["Writing", "15", "c", "c", "25"], ["Maths", "12", "c", "c", "25"]])
    pages = {("2024-25-Q3", vs): evidence + numbers}
    found, _ = attack(read_pages(pages), threshold=THRESHOLD, protection=PROTECTION)
    assert sorted((f.name, f.lo, f.hi) for f in found) == [
        ("VS|KS2|2023-24|met maths but not all three", 2, 2), ("VS|KS2|2023-24|met reading but not all three", 4, 4)]

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
    # Said once: no section repeats it, no heading stands over nothing, and none pretends to have figures.
    assert "Not available" not in html and "<h2" not in html and "<h3" not in html
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


@pytest.fixture(scope="module")
def large_council(tmp_path_factory):
    """A larger synthetic council (about 1,200 children in care, 8 years: academic years 2018-19 to 2024-25,
    no KS2 tests in 2019-20 and 2020-21): enough KS2 pupils with 3+ placement moves to compare."""
    root = tmp_path_factory.mktemp("vs-large")
    generate(root / "raw", seed=1, children=1200)
    ids = pd.read_csv(root / "raw" / "virtual_school" / "pupils.csv", dtype=str)["CHILD"].unique().tolist()
    return root, ids


def _investigate(root: Path, name: str, **question) -> str:
    params = {"raw_dir": str(root / "raw"), "processed_dir": str(root / "none"), "inputs": {},
              "policy": POLICY.to_dict(), **question}
    nb = execute_notebook(NOTEBOOKS / "investigate" / "virtual_school.ipynb", root / "private" / f"{name}.ipynb",
                          params, cwd=NOTEBOOKS / "investigate")
    return to_html(nb)


def _outside_caseworker_view(html: str, ids: list[str]) -> set[str]:
    """The gate's rules broken on the page, leaving out the caseworker table (it names children, on purpose,
    and its year groups are small numbers); the page as a whole is refused (``not-for-publication``)."""
    return {f.rule for f in check_html(html, child_ids=ids, policy=POLICY)
            if not f.place.startswith("table 'NOT FOR PUBLICATION")}


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", re.sub(r'src="data:[^"]*"', "", html)).split())


def test_the_officers_question_is_answered_by_parameters_only(large_council):
    """The officer's question: how did our KS2 children with 3+ placement moves do compared with the rest,
    and is that a real difference?"""
    root, ids = large_council
    html = _investigate(root, "question", academic_year="2021-22 to 2023-24", key_stage="KS2",
                        outcome="ks2_rwm", grouping="moves", bands="3+ vs the rest", breakdown="SEN")
    # The page is protected like a briefing: outside the caseworker view the gate finds nothing but the mark.
    assert _outside_caseworker_view(html, ids) == {"not-for-publication"}
    text = _text(html)
    assert ("Key stage 2 pupils (year 6) with 3+ placement moves compared with the rest (pupils with 0-2 placement "
            "moves): expected standard in reading, writing and maths, 2021-22 to 2023-24 pooled. Is there a real "
            "difference?") in text
    # The answer: the test and the gap with its interval, in words, and the band table.
    assert "Cochran-Armitage test, p = " in text and "95% CI" in text
    assert re.search(r"(is not statistically significant|This is statistically significant|The two checks of "
                     r"this gap disagree)", text)
    table = re.search(r"<caption>Expected standard in reading, writing and maths by number of placement moves.*?"
                      r"</table>", html, re.DOTALL).group(0)
    rows = re.findall(r"<tr>\s*<t[hd][^>]*>([^<]*placement moves)</t[hd]>\s*<td[^>]*>(\d+)</td>\s*<td[^>]*>(\d+)"
                      r"</td>\s*<td[^>]*>([^<]+)</td>\s*<td[^>]*>([^<]+)</td>", table)
    assert [r[0] for r in rows] == ["0-2 placement moves", "3+ placement moves"]
    # The chart's points and whiskers are the table's percentages and intervals (its alt text says so, cell by cell).
    alt = re.search(r'<img [^>]*alt="(Chart of [^"]*)"', html).group(1)
    for band, _, _, pct, ci in rows:
        assert f"{band}: {pct} (95% confidence interval {ci})" in alt
    # Years are written as the parameter writes them, never "2021".
    assert not re.search(r">\s*20\d\d\s*<", html)
    assert "Academic years in the Virtual School data: 2018-19, 2019-20, 2020-21, 2021-22, 2022-23, 2023-24, " \
           "2024-25." in text


def test_a_year_without_assessments_says_so(large_council):
    root, ids = large_council
    html = _investigate(root, "covid", academic_year="2019-20 to 2020-21", key_stage="KS2", outcome="ks2_rwm",
                        grouping="moves", bands="3+ vs the rest", breakdown="SEN")
    text = _text(html)
    assert "No assessments were held in 2019-20 and 2020-21 (COVID-19). There are no results to compare for " \
           "2019-20 to 2020-21 pooled." in text
    assert "There are no results to break down for 2019-20 to 2020-21 pooled." in text
    assert "hidden to protect" not in text.lower() and "Not shown to protect" not in text
    assert "Too few pupils" not in text


def test_too_few_to_compare_says_what_to_change(council):
    root, ids = council
    html = _investigate(root, "few", academic_year="2024-25", key_stage="KS2", outcome="ks2_rwm",
                        grouping="moves", bands="3+ vs the rest", breakdown="SEN")
    text = _text(html)
    assert "Too few pupils to compare" in text
    assert 'To try again, change academic_year = "2022-23 to 2024-25" or bands = "2+ vs the rest"' in text
    assert _outside_caseworker_view(html, ids) == {"not-for-publication"}
    rules = {f.rule for f in check_html(html, child_ids=ids, policy=POLICY)}
    assert {"not-for-publication", "child-id"} <= rules
    assert "NOT FOR PUBLICATION" in html

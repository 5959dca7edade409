"""The methodology page reads definitions from the registry and counts from the manifest."""

import re
from html import escape as html_escape

from cpanalysis.protect.policy import DisclosurePolicy
from cpanalysis.measures import MEASURES
from cpanalysis.present.methodology import comparison_method, data_quality, disclosure_rules, disclosure_summary, measure_definitions
from cpanalysis.publish.gate import check_html

POLICY = DisclosurePolicy(threshold=5)

MANIFEST = {
    "return_years": ["2023-24", "2024-25"],
    "rows": {
        "read": {"episodes": 120, "header": 40},
        "accepted": {"episodes": 117, "header": 40},
        "quarantined": {"episodes": 3, "header": 0},
    },
    "repairs": {"same_episode_later_year": 12, "overlap_truncated": 2},
}


def _row(html: str, label: str) -> list[str]:
    m = re.search(rf'<th scope="row">{label}</th>(.*?)</tr>', html)
    assert m, label
    return re.findall(r"<td[^>]*>([^<]*)</td>", m.group(1))


def test_every_registered_measure_is_defined_once():
    html = measure_definitions().html
    for mid, measure in MEASURES.items():
        assert html.count(f'<th scope="row">{mid}</th>') == 1
        assert html_escape(measure.definition) in html


def test_data_quality_hides_small_counts_and_what_would_give_them_back():
    html = data_quality(MANIFEST, policy=POLICY).html
    # 3 quarantined episodes is 1-4: c. Read minus accepted would give it back, so episodes'
    # accepted is hidden too; the quarantined column (3 + 0) then needs header's 0 hidden,
    # which takes header's accepted with it (40 = accepted + 0). The all-tables row: 3 in
    # total quarantined is itself small, and 157 accepted would give it back from 160 read.
    assert _row(html, "episodes") == ["120", "c", "c"]
    assert _row(html, "header") == ["40", "c", "c"]
    assert _row(html, "All tables") == ["160", "c", "c"]
    assert _row(html, "Same episode later year") == ["12"]
    assert _row(html, "Overlap truncated") == ["c"]    # 2 repairs: hidden (no total is published)
    assert "2023-24 to 2024-25" in html


def test_data_quality_shows_true_zeros_when_nothing_is_small():
    clean = {"rows": {"read": {"episodes": 120, "header": 40}, "accepted": {"episodes": 120, "header": 40},
                      "quarantined": {"episodes": 0, "header": 0}}, "repairs": {}}
    html = data_quality(clean, policy=POLICY).html
    assert _row(html, "episodes") == ["120", "120", "0"]
    assert _row(html, "All tables") == ["160", "160", "0"]


def test_disclosure_rules_follow_the_threshold():
    assert "from 1 to 9 are not shown" in disclosure_rules(DisclosurePolicy(threshold=10)).html
    assert "from 1 to 4 are not shown" in disclosure_rules(POLICY).html


def test_disclosure_summary_names_measures_and_never_says_which_c_is_small(tmp_path):
    import subprocess
    import sys

    from cpanalysis.measures.publication import build_publication

    # The synthetic council (seed 1): P1.2 is 532 of 536 reviews on time in 2024-25 Q3 (issue 11's figure).
    for args in (["synth", "--out", str(tmp_path / "raw"), "--seed", "1"],
                 ["build", "--raw", str(tmp_path / "raw"), "--processed", str(tmp_path / "p")]):
        assert subprocess.run([sys.executable, "-m", "cpanalysis", *args], capture_output=True).returncode == 0
    pub = build_publication(tmp_path / "p", "2024-25 Q3", policy=POLICY, council="Demo Borough", la_code=None,
                            inputs={})
    html = disclosure_summary(pub.card, "2024-25 Q3").html
    cells = dict(re.findall(r'<th scope="row">([^<]*)</th><td>([^<]*)</td>', html))
    assert "P1.2" in next(v for k, v in cells.items() if k.startswith("Shown as a range")).split(", ")
    hidden = [k for k in cells if k.startswith("Hidden")]
    assert hidden == ["Hidden (c): a small number, or one that would let a small number be worked out"]
    # Every measure is accounted for once: the count shown exactly plus every reference listed.
    listed = [i for k, v in cells.items() if not k.startswith("Shown exactly") and v != "none" for i in v.split(", ")]
    exact = int(cells["Shown exactly as calculated"].split()[0])
    assert exact + len(listed) == len(pub.card) and len(set(listed)) == len(listed)
    assert exact == int(pub.card["status"].isin(["shown", "zero", "low_reliability"]).sum())
    assert check_html(html, policy=POLICY) == []


def test_the_comparison_method_is_named_once_with_the_words_the_tables_use():
    text = comparison_method().html
    for words in ("similar to", "higher than", "much higher than", "99.8%", "Spiegelhalter", "Newcombe"):
        assert words in text
    assert check_html(text, policy=POLICY) == []


def test_the_rules_say_the_whole_publication_is_audited_before_it_is_published():
    text = disclosure_rules(POLICY).html
    assert "read together with the pages already published" in text and "nothing is" in text

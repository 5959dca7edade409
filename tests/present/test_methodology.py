"""The methodology page reads definitions from the registry and counts from the manifest."""

import re
from html import escape as html_escape

from cpanalysis.protect.policy import DisclosurePolicy
from cpanalysis.measures import MEASURES
from cpanalysis.present.methodology import data_quality, disclosure_rules, measure_definitions

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

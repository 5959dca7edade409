"""Placement stability sections on the hand-built council of ``tests/measures/fixture_measures.py``.

At 31/12/2024: A moved once and D twice in 2024-25 Q3 (2 children, 3 moves: all
hidden); P3.19 is 2 of 7 and P3.20 2 of 3 (both hidden: numerators under 5);
the data start in April 2023, so 2022-23 Q4 is not available (x). With nine
more children placed out (``data_with_more_placed_out``), 11 live out of
borough: Next Borough 8 and "other councils" 3, both hidden, total shown.
"""

import re
import sys
from pathlib import Path

from cpanalysis.protect.policy import DisclosurePolicy
from cpanalysis.publish.gate import check_html
from cpanalysis.present.stability import (
    moves_section,
    out_of_borough_section,
    placed_with_parents_section,
    stability_over_time_section,
)
from cpanalysis.quarters import Quarter

POLICY = DisclosurePolicy(threshold=5)

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "measures"))
from fixture_measures import data, data_with_more_placed_out  # noqa: E402

Q3 = Quarter.parse("2024-25 Q3")


def _rows(html: str, caption_start: str) -> list[list[str]]:
    table = re.search(rf"<caption>{re.escape(caption_start)}.*?</table>", html, re.S).group(0)
    return [re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", r) for r in re.findall(r"<tr>(.*?)</tr>", table)][1:]


def _page(*fragments) -> str:
    return "<html><body>" + "".join(f.html for f in fragments) + "</body></html>"


def test_moves_are_hidden_when_few():
    html = moves_section(data(), Q3, policy=POLICY).html
    assert "too few to show" in html
    assert _rows(html, "Children who moved in 2024-25 Q3") == [
        ["moved once", "c"], ["moved more than once", "c"], ["Total", "c"]]
    # 3 moves for 2 children: 1 extra move would show that one child moved more than once.
    assert "are not shown this quarter" in html and "Placement moves in 2024-25 Q3, by the reason" not in html


def test_stability_over_time_hides_small_numerators_and_marks_missing_quarters():
    rows = _rows(stability_over_time_section(data(), Q3, policy=POLICY).html, "Placement stability at each quarter end")
    assert rows[0] == ["2022-23 Q4", "x", "x"]
    assert rows[-1] == ["2024-25 Q3", "c", "c"]
    assert len(rows) == 8


def test_out_of_borough_protects_the_small_group_and_passes_the_gate():
    frag = out_of_borough_section(data_with_more_placed_out(), Q3, council="Home Borough", policy=POLICY)
    assert "11 cared for children lived in a placement outside Home Borough" in frag.html
    assert _rows(frag.html, "Cared for children placed out of borough") == [
        ["Next Borough", "c"], ["other councils (each fewer than 5)", "c"]]
    assert "<img" not in frag.html  # nothing shown can be mapped
    assert check_html(_page(frag), policy=POLICY) == []


def test_placed_with_parents_series():
    rows = _rows(placed_with_parents_section(data(), Q3, n_quarters=2, policy=POLICY).html, "Cared for children placed with parents")
    # 2024-25 Q2 and Q3: G alone is placed with parents (1 of 7): hidden, share hidden too.
    assert [r[1:] for r in rows] == [["c", "c"], ["c", "c"]]


def test_board_remarks_come_only_from_the_councils_settings():
    plain = placed_with_parents_section(data(), Q3, n_quarters=2, policy=POLICY).html
    assert "board" not in plain.lower()
    remarked = placed_with_parents_section(data(), Q3, n_quarters=2, policy=POLICY,
                                           board_remarks={"P3.9": "Our board watches this <closely>.",
                                                          "P4.9": "Not this page's measure."}).html
    assert '<p class="board-remark">Our board watches this &lt;closely&gt;.</p>' in remarked
    assert "Not this page" not in remarked

"""Comparison words a councillor follows: no method term in any table cell or header.

Oracle: the PHE/OHID funnel limits worked by hand (Spiegelhalter 2005), baseline 80%,
n = 20: se = sqrt(0.8 * 0.2 / 20) = 0.0894427; 95%: 0.8 -/+ 1.959964 * se = 62.5% to
97.5%; 99.8%: 0.8 -/+ 3.090232 * se = 52.4% to 100% (clipped). So 16/20 = 80% is
"similar", 12/20 = 60% "lower" (outside 95% only), 10/20 = 50% "much lower" (outside
99.8%), 20/20 = 100% "higher" (outside 95%; 99.8% is clipped at 100%).

The care leavers fixture is that of ``test_care_leavers.py``: 20 of 25 aged 19-21 in
touch against England 92% ("lower than England") and the North West 95% ("much lower
than North West").
"""

import re
from html.parser import HTMLParser

import pandas as pd
import pytest

from cpanalysis.measures import MeasureData
from cpanalysis.measures.registry import Result
from cpanalysis.present import care_leavers as cl
from cpanalysis.present import health
from cpanalysis.present.funnel import Point, comparison_key, comparison_rows, comparison_table, funnel_plot
from cpanalysis.protect.funnel import VERDICT_MEANINGS, funnel_verdict
from cpanalysis.protect.policy import DisclosurePolicy
from cpanalysis.publish.gate import check_html
from cpanalysis.quarters import Quarter

POLICY = DisclosurePolicy(threshold=5)
Q = Quarter(2024, 3)

#: Terms that name a method; none may stand in a table cell or header.
METHOD_TERMS = re.compile(r"limits?\b|asymptotic|\bols\b|wilson|interval|funnel|99\.8%", re.I)


class _Cells(HTMLParser):
    """Text of every table cell, header and caption."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[str] = []
        self._open: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag in ("td", "th"):
            self._open, self._text = tag, ""

    def handle_endtag(self, tag):
        if tag == self._open:
            self.cells.append(self._text.strip())
            self._open = None

    def handle_data(self, data):
        if self._open:
            self._text += data


def table_cells(html: str) -> list[str]:
    p = _Cells()
    p.feed(html)
    return p.cells


def method_terms_in_tables(html: str) -> list[str]:
    return [c for c in table_cells(html) if METHOD_TERMS.search(c)]


def test_the_scanner_finds_the_old_wording():
    # Guard the guard: the words these tests keep out are caught when present.
    old = "<table><tr><th>Compared with England</th></tr><tr><td>higher than England (outside 99.8% limits)</td></tr>"
    assert method_terms_in_tables(old) == ["higher than England (outside 99.8% limits)"]


@pytest.mark.parametrize(("num", "want"), [
    (16, "similar to England"), (12, "lower than England"), (10, "much lower than England"),
    (20, "higher than England"),
])
def test_verdicts_are_plain_words(num, want):
    got = funnel_verdict(num, 20, 0.8)
    assert got == want
    assert not METHOD_TERMS.search(got)


def test_much_higher_beyond_the_outer_limits():
    # 60% against 30% with 20 children: 99.8% upper limit 0.3 + 3.090232 * 0.102470 = 61.7%... inside;
    # with 40 children: 0.3 + 3.090232 * 0.072457 = 52.4%, and 60% is beyond it.
    assert funnel_verdict(12, 20, 0.3) == "higher than England"
    assert funnel_verdict(24, 40, 0.3) == "much higher than England"


def _pt(num, den, status="shown", display=None, measure="P5.2"):
    res = Result(numerator=num, denominator=den, value=100 * num / den, available=True)
    return Point(measure, "2024-25 to Q3", "year to date", res, display or f"{100 * num / den:.1f}%", status)


def test_comparison_table_cells_and_headers_have_no_method_terms():
    comps = pd.DataFrame([{"measure": "P5.2", "area": a, "value": v, "unit": "percent", "year": "2024",
                           "source": "test"} for a, v in (("England", 80.0), ("North West", 30.0))])
    rows = comparison_rows({"similar": _pt(16, 20), "lower": _pt(12, 20), "much lower": _pt(10, 20),
                            "hidden": _pt(3, 20, "primary", "c")}, comps)
    assert list(rows["verdict_england"]) == ["similar to England", "lower than England", "much lower than England",
                                             "c"]
    # Against 30%, n = 20: 95% upper limit 50.1%, 99.8% upper limit 61.7%.
    assert list(rows["verdict_region"])[:3] == ["much higher than North West", "higher than North West",
                                                "similar to North West"]
    html = comparison_table(rows, "Test comparison", "Demo Borough").to_html()
    assert method_terms_in_tables(html) == []
    assert "Compared with England" in table_cells(html)


def test_the_key_defines_every_word_the_tables_use():
    key = comparison_key(["England", "North West"])
    for word in ("similar to England", "higher than or lower than England", "much higher than or much lower than England"):
        assert f"<dt>{word}</dt>" in key
    assert "1 in 20" in key and "1 in 500" in key
    assert "methodology page" in key
    assert not METHOD_TERMS.search(re.sub(r"<[^>]+>", " ", key).replace("1 in 20", ""))
    assert len(VERDICT_MEANINGS) == 3


def test_funnel_chart_words_name_no_method():
    chart = funnel_plot(12, 20, 0.8, comparator="England", label="Demo Borough, 2024-25", who="children",
                        title="t", subtitle="s", source="test")
    assert "limits" not in chart.alt.lower()
    assert chart.alt.endswith("Demo Borough, 2024-25 is lower than England.")


@pytest.fixture(scope="module")
def oc3():
    def rows(year, dob, n, in_touch, activ, accom):
        return [{"CHILD": f"{year}{dob}{k}", "YEAR": year, "DOB": pd.Timestamp(dob), "IN_TOUCH": in_touch[k],
                 "ACTIV": activ[k], "ACCOM": accom[k]} for k in range(n)]
    r = rows(2024, "2007-05-01", 10, ["YES"] * 8 + ["NO"] * 2, ["F2"] * 5 + ["G4"] * 3 + [""] * 2,
             ["U1"] * 5 + ["B2"] * 5)
    r += rows(2024, "2004-07-01", 25, ["YES"] * 20 + ["NO"] * 5, ["F2"] * 12 + ["G5"] * 8 + [""] * 5,
              ["Z1"] * 6 + ["U1"] * 14 + [""] * 5)
    r += rows(2023, "2006-05-01", 12, ["YES"] * 10 + ["NO"] * 2, ["F2"] * 5 + ["G4"] * 5 + [""] * 2, ["U1"] * 12)
    return MeasureData(tables={"oc3": pd.DataFrame(r)}, years=[2023, 2024])


def test_care_leavers_briefing_tables_and_sentences_are_plain(oc3):
    html = cl.in_touch_section(oc3, Q, council="Demo Borough", policy=POLICY).html
    cells = table_cells(html)
    assert "lower than England" in cells and "much lower than North West" in cells
    assert method_terms_in_tables(html) == []
    assert "lower than England (92%)" in html and "much lower than North West (95%)" in html
    assert "limits" not in re.sub(r'alt="[^"]*"', "", html)
    assert check_html(f"<html><body>{html}</body></html>", policy=POLICY) == []


@pytest.mark.parametrize("about", [cl.about_section, health.about_section])
def test_about_sections_define_the_words_and_leave_the_method_to_the_methodology_page(about):
    html = about(Q, policy=POLICY).html
    assert "much higher than or much lower than England" in html
    assert "methodology page" in html
    assert "limits" not in html and "funnel" not in html.lower()
    assert method_terms_in_tables(html) == []

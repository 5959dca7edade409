"""The scorecard's per-measure trend: sparklines under each pledge (:mod:`cpanalysis.present.scorecard`).

Two sources:

* a small hand-written trend (``HAND``: A1 a count with 2023-24 Q2 hidden,
  A2 an annual percentage, B1 hidden in every quarter, B2 rounded), whose
  drawing is checked point by point: a hidden quarter is a gap with a ``c``
  in it, never a point at zero, and the text alternative lists every value;
* the hand-built council (``tests/measures/fixture_measures.py``), whose page
  with trends passes the publication gate, and which is measured in headless
  Chromium at 1280 and 390 px (nothing scrolls sideways, sparkline text at
  least 12 px) and printed (no sparkline split across sheets).
"""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from cpanalysis.measures.scorecard import scorecard, scorecard_html
from cpanalysis.measures.trends import published_number, scorecard_trends
from cpanalysis.present.scorecard import pledge_tables, trend_figures, trend_svg, trend_text
from cpanalysis.present.tables import wrap_table
from cpanalysis.protect.policy import DisclosurePolicy
from cpanalysis.publish.gate import check_html
from cpanalysis.publish.render import to_html
from cpanalysis.quarters import Quarter

sys.path.insert(0, str(Path(__file__).parents[1] / "measures"))
from fixture_measures import data  # noqa: E402

POLICY = DisclosurePolicy(threshold=5)
QUARTERS = ["2023-24 Q1", "2023-24 Q2", "2023-24 Q3", "2023-24 Q4"]
SVG_NS = "{http://www.w3.org/2000/svg}"


def _rows(measure_id, shown, points, quarters, annual=False):
    return [{"id": measure_id, "quarter": q, "point": p, "shown": s, "status": "primary" if s == "c" else "shown",
             "value": published_number(s), "annual": annual, "source": "scorecard"}
            for q, p, s in zip(quarters, points, shown)]


@pytest.fixture()
def hand():
    rows = (_rows("A1", ["12", "c", "15", "14"], QUARTERS, QUARTERS)
            + _rows("A2", ["80.0%", "83.5%"], ["2022-23", "2023-24"], ["2022-23 Q4", "2023-24 Q4"], annual=True)
            + _rows("B1", ["c", "c", "c", "x"], QUARTERS, QUARTERS)
            + _rows("B2", ["about 99%", "95% or more", "about 99%", "about 98%"], QUARTERS, QUARTERS))
    trends = pd.DataFrame(rows)
    trends.attrs["quarters"] = QUARTERS
    card = pd.DataFrame({
        "id": ["A1", "A2", "B1", "B2"], "pledge": ["Pledge A", "Pledge A", "Pledge B", "Pledge B"],
        "title": ["Children who moved home", "Health assessments", "Children in secure homes", "Reviews on time"],
        "unit": ["count", "percent", "count", "percent"], "polarity": "higher_is_better",
        "this_quarter": ["14", "83.5%", "x", "about 98%"], "previous_quarter": ["15", "83.5%", "c", "about 99%"]})
    card.attrs["quarter"] = "2023-24 Q4"
    return card, trends


def _svgs(fragment_html: str) -> list[ET.Element]:
    return [ET.fromstring(s) for s in re.findall(r"<svg\b.*?</svg>", fragment_html, re.DOTALL)]


def _xs_drawn(svg: ET.Element) -> tuple[list[float], list[float]]:
    """x of every point drawn (circles and line vertices), and x of every gap mark."""
    circles = [float(c.get("cx")) for c in svg.iter(f"{SVG_NS}circle")]
    vertices = [float(p.split(",")[0]) for line in svg.iter(f"{SVG_NS}polyline") for p in line.get("points").split()]
    marks = [float(t.get("x")) for t in svg.iter(f"{SVG_NS}text") if t.text in ("c", "x", "z")]
    return circles + vertices, marks


def test_without_trends_the_tables_are_unchanged(hand):
    card, _ = hand
    expected = "".join(
        f"<h2>{p}</h2>" + wrap_table(scorecard_html(r.drop(columns="pledge"), caption=f"{p}: measures for 2023-24 Q4"))
        for p, r in card.groupby("pledge", sort=False))
    assert pledge_tables(card).html == expected
    assert "<svg" not in pledge_tables(card).html and pledge_tables(card, None).html == expected


def test_each_pledge_table_is_followed_by_its_sparklines(hand):
    card, trends = hand
    page = pledge_tables(card, trends).html
    a_table, a_trend = page.index("Pledge A: measures"), page.index("Pledge A: trend, 2023-24 Q1 to 2023-24 Q4")
    b_table = page.index("Pledge B: measures")
    assert a_table < a_trend < b_table < page.index("Pledge B: trend")
    assert len(_svgs(page)) == 3                      # A1, A2, B2: B1 has no published figure in any quarter
    assert "not available, x) for B1." in page


def test_a_hidden_quarter_is_a_gap_never_zero(hand):
    _, trends = hand
    svg = _svgs(trend_svg("A1", "Children who moved home", trends.loc[trends["id"] == "A1"], element_id="t-a1"))[0]
    drawn, marks = _xs_drawn(svg)
    circles = [c for c in svg.iter(f"{SVG_NS}circle")]
    assert len(circles) == 3 and len(marks) == 1       # 12, 15, 14 drawn; 2023-24 Q2 marked c
    assert marks[0] not in drawn                       # nothing is drawn where the hidden value would be
    # The line stops at the gap: the first point stands alone, 15 and 14 are joined.
    lines = list(svg.iter(f"{SVG_NS}polyline"))
    assert len(lines) == 1 and len(lines[0].get("points").split()) == 2
    # The lowest published value (12) is at the bottom of the line's scale: a hidden value is not a zero under it.
    ys = {float(c.get("cx")): float(c.get("cy")) for c in circles}
    assert max(ys.values()) == ys[min(ys)]


def test_the_text_alternative_lists_every_value_and_says_what_c_is(hand):
    _, trends = hand
    a1 = trends.loc[trends["id"] == "A1"]
    text = trend_text("A1", "Children who moved home", a1)
    assert text == ("A1 Children who moved home, each quarter, 2023-24 Q1 to 2023-24 Q4: 2023-24 Q1 12, "
                    "2023-24 Q2 c, 2023-24 Q3 15, 2023-24 Q4 14. c = hidden to protect children's privacy.")
    svg = _svgs(trend_svg("A1", "Children who moved home", a1, element_id="t-a1"))[0]
    assert svg.get("role") == "img" and svg.get("aria-labelledby") == "t-a1"
    title = svg.find(f"{SVG_NS}title")
    assert title.get("id") == "t-a1" and title.text == text
    # Readable without the line: the first and last periods and values are printed under it.
    words = [t.text for t in svg.iter(f"{SVG_NS}text")]
    assert words[-4:] == ["2023-24 Q1", "12", "2023-24 Q4", "14"]


def test_annual_measures_are_one_point_a_year(hand):
    _, trends = hand
    a2 = trends.loc[trends["id"] == "A2"]
    assert trend_text("A2", "Health assessments", a2) == (
        "A2 Health assessments, each year to 31 March, 2022-23 to 2023-24: 2022-23 80.0%, 2023-24 83.5%.")
    svg = _svgs(trend_svg("A2", "Health assessments", a2, element_id="t-a2", unit="percent"))[0]
    assert len(list(svg.iter(f"{SVG_NS}circle"))) == 2


def test_rounded_values_are_drawn_as_printed(hand):
    _, trends = hand
    b2 = trends.loc[trends["id"] == "B2"]
    assert list(b2["value"]) == [99.0, 95.0, 99.0, 98.0]
    text = trend_text("B2", "Reviews on time", b2)
    assert "2023-24 Q2 95% or more" in text and "about 98%" in text


def test_small_changes_look_small(hand):
    # 83.7% to 83.3% is not drawn from the bottom of the sparkline to the top (the scale is 10 points at least).
    _, trends = hand
    flat = pd.DataFrame(_rows("A3", ["83.7%", "83.3%"], ["2022-23", "2023-24"], ["2022-23 Q4", "2023-24 Q4"], True))
    svg = _svgs(trend_svg("A3", "Immunisations", flat, element_id="t-a3", unit="percent"))[0]
    ys = [float(c.get("cy")) for c in svg.iter(f"{SVG_NS}circle")]
    assert abs(ys[0] - ys[1]) < 3


def test_ids_are_unique_and_sparkline_text_is_never_under_12_px(hand):
    card, trends = hand
    page = pledge_tables(card, trends).html
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids)) == 3
    for svg in _svgs(page):
        assert svg.get("viewBox") == f"0 0 {svg.get('width')} {svg.get('height')}"   # drawn 1:1, never shrunk
        assert all(float(t.get("font-size")) >= 12 for t in svg.iter(f"{SVG_NS}text"))


def test_no_trends_for_a_pledge_is_nothing(hand):
    card, trends = hand
    assert trend_figures(card.loc[card["pledge"] == "Pledge A"], trends.loc[trends["id"] == "B2"]).html == ""


# -- the hand-built council, through the project's page template, the gate and a browser -------------------


@pytest.fixture(scope="module")
def council_page(tmp_path_factory) -> Path:
    d = data()
    q = Quarter.parse("2024-25 Q3")
    card = scorecard(d, q, policy=POLICY)
    trends = scorecard_trends(d, q, policy=POLICY, card=card)
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("pledge_tables(card, trends)")
    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": pledge_tables(card, trends).html})]
    nb.cells = [nbformat.v4.new_markdown_cell("# Corporate parenting scorecard: Fixture council, 2024-25 Q3"), cell]
    path = tmp_path_factory.mktemp("trend") / "scorecard.html"
    path.write_text(to_html(nb, name="scorecard"), encoding="utf-8")
    return path


def test_the_page_with_trends_passes_the_gate(council_page):
    page = council_page.read_text(encoding="utf-8")
    assert page.count("<svg") >= 10 and "2024-25 Q3 c" in page
    assert check_html(page, policy=POLICY, name=council_page.name) == []
    # The gate reads the sparklines' words: a count under 5 in a text alternative is refused.
    leaked = page.replace("2024-25 Q3 c", "2024-25 Q3 3 children", 1)
    assert any(f.rule == "small-count" for f in check_html(leaked, policy=POLICY))


def test_furniture_passes_the_gate_at_threshold_10(hand):
    card, trends = hand
    strict = DisclosurePolicy(threshold=10)
    card = card.assign(this_quarter=["14", "83.5%", "x", "about 98%"])
    assert check_html(pledge_tables(card, trends).html, policy=strict) == []


MEASURE_TRENDS = """() => {
  const texts = [...document.querySelectorAll('figure.trend svg text')].map(t => {
    const svg = t.ownerSVGElement;
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return parseFloat(getComputedStyle(t).fontSize) * scale;
  });
  return {page: document.documentElement.scrollWidth, viewport: window.innerWidth, texts,
          figures: [...document.querySelectorAll('figure.trend')].map(f => getComputedStyle(f).breakInside)};
}"""


@pytest.mark.browser
def test_in_chromium_nothing_scrolls_sideways_and_text_stays_readable(council_page, browser):
    for width, media in ((1280, "screen"), (390, "screen"), (794, "print")):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.route("**/*", lambda route: route.continue_() if route.request.url == council_page.as_uri()
                   else route.abort())
        page.emulate_media(media=media)
        page.goto(council_page.as_uri(), wait_until="load")
        m = page.evaluate(MEASURE_TRENDS)
        context.close()
        assert m["texts"], width
        assert m["page"] <= m["viewport"], (width, media, m["page"])
        assert min(m["texts"]) >= 12, (width, media, min(m["texts"]))
        assert set(m["figures"]) == {"avoid"}, (width, media)

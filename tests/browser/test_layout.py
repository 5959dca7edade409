"""Layout of the real briefings in headless Chromium: desktop, phone and A4 paper.

The session's run (``site``: the project's notebooks on a small synthetic
council) is measured, not its HTML read: at 1280 px no table scrolls
sideways; at 390 px the page never does, tables scroll inside a labelled,
focusable region that keeps the first column in view and shows a cue, and
chart text stays at least 12 px high; printed, table headers repeat, charts
are never split and pages with wide tables are landscape A4. ``cpanalysis
pdf`` prints each briefing. Each measurement is also shown to catch a page
that breaks it, so none passes by not looking.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from cpanalysis.publish.downloads import read_tables
from cpanalysis.publish.render import BRIEFINGS
from cpanalysis.publish.run import YEAR_END_ONLY

sys.path.insert(0, str(Path(__file__).parents[1] / "publish"))
from publish_fixture import cli  # noqa: E402

pytestmark = pytest.mark.browser

#: Smallest text drawn in a chart, in pixels at the image's own size: charts are saved at
#: 110 dpi (cpanalysis.present.charts.render_png) and the smallest font they use is 8 pt
#: (funnel legends). Shown at a scale of s, that text is s x 12.2 px high.
SMALLEST_CHART_TEXT_PX = 8 * 110 / 72

#: A4 in PDF points (1/72 in): 210 x 297 mm.
A4_POINTS = (595.0, 842.0)

#: The briefings of a Q3 run (the year's annual report comes with Q4 only).
BRIEFING_NAMES = {name for name, _ in BRIEFINGS} - YEAR_END_ONLY

MEASURE = """() => {
  const visible = e => !!e && getComputedStyle(e).display !== 'none' && e.getBoundingClientRect().height > 0;
  const wraps = [...document.querySelectorAll('.table-wrap')].map(w => {
    const before = w.previousElementSibling;
    const rows = [...w.querySelectorAll('tr')].filter(r => r.children.length > 1 && !r.querySelector('[colspan]'));
    const result = {
      label: w.getAttribute('aria-label') || '', role: w.getAttribute('role'), tabindex: w.getAttribute('tabindex'),
      scroll: w.scrollWidth, client: w.clientWidth, cue: before && before.classList.contains('scroll-hint') && visible(before),
      shadow: getComputedStyle(w).backgroundImage.includes('gradient'),
      sticky: rows.every(r => getComputedStyle(r.children[0]).position === 'sticky'),
    };
    if (rows.length && w.scrollWidth > w.clientWidth + 1) {
      w.scrollLeft = w.scrollWidth;
      const cell = rows[rows.length - 1].children[0].getBoundingClientRect();
      result.firstColumnOffset = cell.left - w.getBoundingClientRect().left;
      result.firstColumnWidth = cell.width;
      w.scrollLeft = 0;
    }
    return result;
  });
  const tablesOutsideRegions = [...document.querySelectorAll('table')]
    .filter(t => !t.closest('.table-wrap[role="region"][tabindex="0"][aria-label]')).length;
  const charts = [...document.querySelectorAll('figure.chart img')].map(i => {
    const wrap = i.closest('.chart-wrap');
    return {scale: i.getBoundingClientRect().width / i.naturalWidth,
            region: !!wrap && wrap.getAttribute('role') === 'region' && !!wrap.getAttribute('aria-label')};
  });
  return {page: document.documentElement.scrollWidth, wraps, tablesOutsideRegions, charts};
}"""

PRINTED = """() => {
  const rules = [];
  for (const sheet of document.styleSheets) for (const r of sheet.cssRules)
    if (r.type === CSSRule.PAGE_RULE) rules.push([r.selectorText, r.style.getPropertyValue('size')]);
  return {
    landscape: document.body.classList.contains('landscape'),
    bodyPage: getComputedStyle(document.body).getPropertyValue('page'),
    theads: [...document.querySelectorAll('thead')].map(t => getComputedStyle(t).display),
    figures: [...document.querySelectorAll('figure.chart')].map(f => getComputedStyle(f).breakInside),
    rows: [...document.querySelectorAll('tr')].slice(0, 50).map(r => getComputedStyle(r).breakInside),
    tablesWiderThanSheet: [...document.querySelectorAll('.table-wrap')]
      .filter(w => w.scrollWidth > w.clientWidth + 1).map(w => w.getAttribute('aria-label')),
    pageRules: rules,
  };
}"""


def _briefings(site) -> list[Path]:
    return [p for p in site.pages if p.stem in BRIEFING_NAMES]


def _measure(browser, path: Path, width: int, media: str = "screen") -> dict:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.route("**/*", lambda route: route.continue_() if route.request.url == path.as_uri() else route.abort())
    try:
        page.emulate_media(media=media)
        page.goto(path.as_uri(), wait_until="load")
        return page.evaluate(PRINTED if media == "print" else MEASURE)
    finally:
        context.close()


@pytest.fixture(scope="module")
def desktop(site, browser) -> dict[str, dict]:
    return {p.name: _measure(browser, p, 1280) for p in _briefings(site)}


@pytest.fixture(scope="module")
def phone(site, browser) -> dict[str, dict]:
    return {p.name: _measure(browser, p, 390) for p in _briefings(site)}


def _sideways_tables(measured: dict) -> list[str]:
    return [w["label"] for w in measured["wraps"] if w["scroll"] > w["client"] + 1]


def test_every_briefing_is_measured(site):
    assert site.code == 0, site.stderr
    assert {p.stem for p in _briefings(site)} == BRIEFING_NAMES


def test_at_1280_px_no_table_scrolls_sideways(desktop):
    assert {name: _sideways_tables(m) for name, m in desktop.items() if _sideways_tables(m)} == {}
    assert {name: m["page"] for name, m in desktop.items() if m["page"] > 1280} == {}


def test_at_390_px_the_page_never_scrolls_sideways(phone):
    assert {name: m["page"] for name, m in phone.items() if m["page"] > 390} == {}


def test_at_390_px_every_table_is_in_a_labelled_focusable_region(phone):
    for name, m in phone.items():
        assert m["tablesOutsideRegions"] == 0, name
        for w in m["wraps"]:
            assert w["role"] == "region" and w["tabindex"] == "0" and w["label"].strip(), (name, w)


def test_at_390_px_wide_tables_keep_their_first_column_in_view_and_show_a_cue(phone):
    wide = [(name, w) for name, m in phone.items() for w in m["wraps"] if w["scroll"] > w["client"] + 1]
    assert len(wide) >= 5  # the scorecard's pledge tables at least: something is really measured
    for name, w in wide:
        where = f"{name}: {w['label']}"
        assert w["sticky"], where
        assert w["cue"] and w["shadow"], where  # words above the table, a shadow at the edge with more
        if "firstColumnOffset" in w:  # scrolled to the far right, the row headers are still there
            assert abs(w["firstColumnOffset"]) <= 2 and w["firstColumnWidth"] > 20, where


def test_chart_text_is_at_least_12_px_at_both_widths(desktop, phone):
    charts = 0
    for width, measured in ((1280, desktop), (390, phone)):
        for name, m in measured.items():
            for c in m["charts"]:
                charts += 1
                assert c["region"], (width, name)
                assert c["scale"] * SMALLEST_CHART_TEXT_PX >= 12, (width, name, round(c["scale"], 3))
    assert charts >= 10


def test_the_measurements_catch_a_page_that_breaks_them(browser, tmp_path):
    import base64

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from cpanalysis.present.charts import render_png

    fig, ax = plt.subplots(figsize=(8, 4))
    ax.plot([1, 2, 3], [5, 7, 6])
    png = base64.b64encode(render_png(fig)).decode()
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!DOCTYPE html><html lang="en"><head><title>Bad</title><meta name="viewport" '
        'content="width=device-width, initial-scale=1"></head><body>'
        '<table style="width:1500px"><caption>Wide</caption><tr><th>A</th><td>1</td></tr></table>'
        '<div class="table-wrap" style="overflow-x:auto"><table style="width:900px"><caption>Wrapped</caption>'
        "<tr><th>A</th><td>1</td></tr></table></div>"
        f'<figure class="chart"><img style="width:100%" src="data:image/png;base64,{png}" alt="x"></figure>'
        "</body></html>")
    m = _measure(browser, bad, 390)
    assert m["page"] > 390 and m["tablesOutsideRegions"] == 2
    wrap = m["wraps"][0]
    assert wrap["role"] is None and not wrap["sticky"] and not wrap["cue"]
    assert m["charts"][0]["scale"] * SMALLEST_CHART_TEXT_PX < 12 and not m["charts"][0]["region"]
    printed = _measure(browser, bad, 794, media="print")
    assert printed["pageRules"] == [] and not printed["landscape"]


def test_printed_headers_repeat_charts_stay_whole_and_wide_tables_turn_landscape(site, browser):
    landscape = 0
    for path in _briefings(site):
        # The sheet's printable width at 96 px per inch: A4 less 12 mm margins each side.
        m = _measure(browser, path, 1280, media="print")
        width = round((297 if m["landscape"] else 210 - 0) * 96 / 25.4 - 2 * 12 * 96 / 25.4)
        m = _measure(browser, path, width, media="print")
        assert set(m["theads"]) <= {"table-header-group"}, path.name
        assert set(m["figures"]) <= {"avoid"} and set(m["rows"]) <= {"avoid"}, path.name
        assert m["tablesWiderThanSheet"] == [], (path.name, width)
        rules = {(name, size.lower().replace(" portrait", "")) for name, size in m["pageRules"]}
        assert {("", "a4"), ("landscape", "a4 landscape")} <= rules, m["pageRules"]
        if m["landscape"]:
            landscape += 1
            assert m["bodyPage"] == "landscape", path.name
    assert landscape >= 1  # the scorecard's 14 columns at least


def _page_sizes(pdf: bytes) -> set[tuple[float, float]]:
    boxes = re.findall(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    return {(round(float(x1) - float(x0)), round(float(y1) - float(y0))) for x0, y0, x1, y1 in boxes}


def test_pdf_command_prints_each_briefing_on_a4_landscape_where_a_table_is_wide(site, tmp_path):
    result = cli(["pdf", str(site.folder), "--out", str(tmp_path)])
    assert result.code == 0, result.stderr
    pdfs = sorted(tmp_path.glob("*.pdf"))
    assert [p.stem for p in pdfs] == sorted(p.stem for p in site.pages if p.name != "index.html")
    portrait, landscape = (round(A4_POINTS[0]), round(A4_POINTS[1])), (round(A4_POINTS[1]), round(A4_POINTS[0]))
    for pdf in pdfs:
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF-"), pdf.name
        wide = 'class="landscape"' in (site.folder / f"{pdf.stem}.html").read_text()
        assert _page_sizes(data) == {landscape if wide else portrait}, pdf.name


def test_pdf_command_without_chromium_is_one_line_and_exit_2(site, tmp_path, monkeypatch):
    monkeypatch.setenv("CPANALYSIS_CHROMIUM", str(tmp_path / "no-such-browser"))
    result = cli(["pdf", str(site.folder), "--out", str(tmp_path)])
    assert result.code == 2
    assert result.stderr.startswith("cpanalysis pdf: no Chromium") and result.stderr.count("\n") == 1
    assert list(tmp_path.glob("*.pdf")) == []


def test_index_headlines_are_the_scorecard_s_published_values(site):
    index = (site.folder / "index.html").read_text()
    shown = re.findall(r'<span class="headline-label">(.*?)</span><span class="headline-value">(.*?)</span>', index)
    assert 1 <= len(shown) <= 8
    scorecard = read_tables((site.folder / "scorecard.html").read_text())
    published = {}
    for table in scorecard:
        if "Measure" in table.header and "This quarter" in table.header:
            m, v = table.header.index("Measure"), table.header.index("This quarter")
            published.update({row[m]: row[v] for row in table.rows})
    import html

    for label, value in shown:
        label, value = html.unescape(label), html.unescape(value)
        assert label in published, label
        assert published[label].removesuffix(" u") == value.split(" (low reliability")[0], label
        assert published[label] != "c"

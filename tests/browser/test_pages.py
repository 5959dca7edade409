"""Every published page: WCAG 2.2 A/AA by axe-core, no request beyond the file, readable at 320 px.

Each check is a function returning what it found, run on every page of the
session's run (which must find nothing) and on a deliberately bad page (which
must find something), so none of the checks can pass by not looking.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

BAD_PAGE = """<!DOCTYPE html><html><head><title>Bad</title></head><body>
<h1>Bad</h1><h1>Two top headings</h1>
<p style="color:#bbbbbb;background:#ffffff">Low contrast text.</p>
<img src="https://example.invalid/chart.png">
<div style="width:900px">A fixed-width block wider than a phone.</div>
</body></html>"""


def _open(browser, path: Path, width: int):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    # Record every request, then refuse all but the page itself: nothing leaves the machine.
    page.route("**/*", lambda route: route.continue_() if route.request.url == path.as_uri() else route.abort())
    page.goto(path.as_uri(), wait_until="load")
    return context, page, requests


def axe_violations(browser, path: Path) -> list[str]:
    """axe-core's WCAG 2.2 A/AA violations at desktop and 320 px widths."""
    from axe_playwright_python.sync_playwright import Axe

    axe, found = Axe(), []
    for width in (1280, 320):
        context, page, _ = _open(browser, path, width)
        try:
            results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS},
                                             "resultTypes": ["violations"]})
        finally:
            context.close()
        if results.violations_count:
            found.append(f"{path.name} at {width} px:\n{results.generate_report()}")
    return found


def other_requests(browser, path: Path) -> list[str]:
    """URLs the page asked for besides itself (``data:`` URIs are part of the file)."""
    context, _, requests = _open(browser, path, 1280)
    context.close()
    assert path.as_uri() in requests  # the recorder saw the page itself
    return [u for u in requests if u != path.as_uri() and not u.startswith("data:")]


def width_at_320(browser, path: Path, shots: Path) -> tuple[int, int]:
    """``scrollWidth`` and full-page screenshot width at a 320 px viewport."""
    context, page, _ = _open(browser, path, 320)
    try:
        scroll = int(page.evaluate("document.documentElement.scrollWidth"))
        shot = shots / f"{path.stem}-320.png"
        page.screenshot(path=str(shot), full_page=True)
    finally:
        context.close()
    return scroll, int.from_bytes(shot.read_bytes()[16:20], "big")  # PNG IHDR width


def test_run_published_every_briefing(site):
    assert site.code == 0, site.stderr
    names = [p.name for p in site.pages]
    assert "index.html" in names and "clean.html" in names and len(names) >= 3, names


def test_axe_finds_no_wcag_22_aa_violations(site, browser):
    problems = [v for path in site.pages for v in axe_violations(browser, path)]
    assert site.pages and problems == [], "\n".join(problems)


def test_no_request_beyond_the_file_itself(site, browser):
    leaks = {path.name: other_requests(browser, path) for path in site.pages}
    assert site.pages and {k: v for k, v in leaks.items() if v} == {}


def test_no_horizontal_scroll_at_320_px(site, browser, tmp_path):
    sizes = {path.name: width_at_320(browser, path, tmp_path) for path in site.pages}
    assert site.pages and {k: v for k, v in sizes.items() if max(v) > 320} == {}


def test_the_checks_catch_a_bad_page(browser, tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text(BAD_PAGE, encoding="utf-8")
    report = "\n".join(axe_violations(browser, bad))
    for rule in ("html-has-lang", "image-alt", "color-contrast"):
        assert rule in report
    assert other_requests(browser, bad) == ["https://example.invalid/chart.png"]
    scroll, shot = width_at_320(browser, bad, tmp_path)
    assert scroll > 900 and shot > 900

"""Downloads: a CSV per table and a workbook per quarter, read back from the pages; no dead link.

The oracle is the page itself: every CSV cell is the page's cell (whole
numbers without separators), formula-like text is neutralised as OWASP's
CSV-injection guidance says (a leading ``'``; text, never a formula, in the
workbook), and the publication gate reads the downloads as it reads pages.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import nbformat
import pytest

from cpanalysis.protect.policy import DisclosurePolicy
from cpanalysis.publish import run as run_module
from cpanalysis.publish.downloads import (
    csv_name,
    downloads_as_html,
    read_tables,
    text_rows,
    workbook_name,
    write_downloads,
    write_workbook,
)
from cpanalysis.publish.gate import Finding, check_html
from cpanalysis.publish.render import drop_dead_links, local_links, to_html
from cpanalysis.quarters import Quarter

POLICY = DisclosurePolicy()

TABLE_ONE = (
    '<div class="table-wrap"><table><caption>Cared for children by placement, 2024-25 Q3</caption>'
    '<thead><tr><th scope="col">Placement</th><th scope="col">Children</th><th scope="col">Share</th></tr></thead>'
    "<tbody>"
    '<tr><th scope="row" colspan="3">In the borough</th></tr>'
    '<tr><th scope="row">Foster care</th><td class="num">1,402</td><td class="num">61.5%</td></tr>'
    '<tr><th scope="row">Children&#x27;s homes</th><td class="num">117</td><td class="num">5.1%</td></tr>'
    '<tr><th scope="row" colspan="3">Out of the borough</th></tr>'
    '<tr><th scope="row">Secure children&#x27;s homes</th><td class="num">c</td><td class="num">c</td></tr>'
    "</tbody></table></div>"
)
TABLE_TWO = (
    "<table><caption>Remarks typed by staff</caption>"
    '<thead><tr><th scope="col">Remark</th><th scope="col">Children</th></tr></thead><tbody>'
    '<tr><th scope="row">=HYPERLINK("http://example.invalid","click")</th><td>25</td></tr>'
    '<tr><th scope="row">+SUM(A1:A9)</th><td>-12</td></tr>'
    '<tr><th scope="row">@cmd</th><td>30</td></tr>'
    "</tbody></table>"
)


def _notebook(*tables: str, quarter: str = "2024-25 Q3") -> nbformat.NotebookNode:
    """An executed-looking notebook: injected parameters, a heading, one output per table."""
    params = nbformat.v4.new_code_cell(f'quarter = "{quarter}"\ncouncil = "Demo Borough"')
    params.metadata["tags"] = ["injected-parameters"]
    cells = [params, nbformat.v4.new_markdown_cell("# Health: Demo Borough, 2024-25 Q3")]
    for t in tables:
        cells.append(nbformat.v4.new_code_cell("x", outputs=[
            nbformat.v4.new_output("execute_result", data={"text/html": t}, execution_count=1)]))
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["cpanalysis"] = {"title": "Health"}
    return nb


@pytest.fixture()
def page(tmp_path: Path) -> Path:
    out = tmp_path / "health.html"
    out.write_text(to_html(_notebook(TABLE_ONE, TABLE_TWO), name="health"), encoding="utf-8")
    return out


def _csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def test_each_table_links_the_csv_written_for_it(page, tmp_path):
    written = write_downloads(page, tmp_path)
    assert [p.name for p in written] == [csv_name("health", 1), csv_name("health", 2)]
    csv_links = [t for t in local_links(page.read_text()) if t.endswith(".csv")]
    assert csv_links == [p.name for p in written]


def test_csv_is_the_page_table_cell_for_cell(page, tmp_path):
    first = write_downloads(page, tmp_path)[0]
    assert _csv(first) == [
        ["Group", "Placement", "Children", "Share"],
        ["In the borough", "Foster care", "1402", "61.5%"],
        ["In the borough", "Children's homes", "117", "5.1%"],
        ["Out of the borough", "Secure children's homes", "c", "c"],
    ]
    assert first.read_bytes().endswith(b"\r\n")  # RFC 4180 line ends


def test_formula_like_text_is_neutralised_in_csv_and_workbook(page, tmp_path):
    second = write_downloads(page, tmp_path)[1]
    rows = _csv(second)
    assert [r[0] for r in rows[1:]] == ["'=HYPERLINK(\"http://example.invalid\",\"click\")", "'+SUM(A1:A9)", "'@cmd"]
    assert rows[2][1] == "-12"  # a negative number stays a number
    # Read back, the text is the page's text again.
    assert text_rows(second)[second.name][1][0].startswith("=HYPERLINK")

    from openpyxl import load_workbook

    book = write_workbook([page], tmp_path / workbook_name("2024-25-Q3"))
    sheet = load_workbook(book)["health-02"]
    remark = sheet["A4"]
    assert remark.value.startswith("=HYPERLINK") and remark.data_type == "s"  # text, never a formula
    assert sheet["B5"].value == -12 and sheet["B4"].value == 25


def test_workbook_has_contents_notes_and_a_sheet_per_table_with_the_same_bytes_every_time(page, tmp_path):
    from openpyxl import load_workbook

    one = write_workbook([page], tmp_path / "a" / "tables.xlsx")
    two = write_workbook([page], tmp_path / "b" / "tables.xlsx")
    assert one.read_bytes() == two.read_bytes()
    # Same bytes on another day too: no clock in the zip entries or the document properties.
    import zipfile

    with zipfile.ZipFile(one) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert re.findall(r"<dcterms:(?:created|modified)[^>]*>([^<]*)<", core) == ["2000-01-01T00:00:00Z"] * 2
    book = load_workbook(one)
    assert book.sheetnames == ["Contents", "Notes", "health-01", "health-02"]
    sheet = book["health-01"]
    assert sheet["A1"].value == "Cared for children by placement, 2024-25 Q3"
    assert [c.value for c in sheet[4]] == ["In the borough", "Foster care", 1402, 0.615]
    assert sheet["D4"].number_format == "0.0%" and sheet["C4"].number_format == "#,##0"


def test_the_gate_reads_downloads_as_it_reads_pages(page, tmp_path):
    written = write_downloads(page, tmp_path)
    book = write_workbook([page], tmp_path / "tables.xlsx")
    assert check_html(downloads_as_html([*written, book]), policy=POLICY) == []
    leaky = tmp_path / "leaky.csv"
    leaky.write_text("Placement,Children\r\nSecure children's homes,3\r\n", encoding="utf-8")
    rules = {f.rule for f in check_html(downloads_as_html([leaky]), policy=POLICY)}
    assert "small-count" in rules


def test_tables_are_read_in_page_order_with_their_captions(page):
    tables = read_tables(page.read_text())
    assert [t.caption for t in tables] == ["Cared for children by placement, 2024-25 Q3", "Remarks typed by staff"]


def test_dead_links_are_dropped_with_their_item_and_live_ones_kept(page, tmp_path):
    (tmp_path / "index.html").write_text("<html></html>")
    write_downloads(page, tmp_path)
    (tmp_path / csv_name("health", 2)).unlink()
    before = local_links(page.read_text())
    assert "scorecard.html" in before and csv_name("health", 2) in before
    dead = drop_dead_links(page)
    after = page.read_text()
    assert "scorecard.html" in dead and csv_name("health", 2) in dead
    assert all((tmp_path / t).is_file() for t in local_links(after))
    assert csv_name("health", 1) in local_links(after) and "index.html" in local_links(after)
    assert ">Scorecard</a>" not in after  # the navigation item went with its link
    assert after.count("Download this table (CSV)") == 1


def test_a_dead_link_in_prose_loses_its_link_not_its_words(tmp_path):
    page = tmp_path / "methodology.html"
    page.write_text('<main><p>Each measure is on the <a href="scorecard.html">scorecard</a> by pledge.</p>'
                    '<ul><li><a href="health.html">Health</a></li></ul></main>')
    assert drop_dead_links(page) == ["scorecard.html", "health.html"]
    assert page.read_text() == "<main><p>Each measure is on the scorecard by pledge.</p><ul></ul></main>"


def test_a_refused_download_is_removed_and_unlinked_like_a_refused_page(page, tmp_path, monkeypatch):
    staging = page.parent
    real = run_module.check_html

    def refuse_second_csv(html, *, policy, name="<page>", child_ids=()):
        found = real(html, policy=policy, name=name, child_ids=child_ids)
        if name.endswith(csv_name("health", 2)):
            found.append(Finding(file=name, line=1, column=1, rule="small-count", place="", detail="planted for the test"))
        return found

    monkeypatch.setattr(run_module, "check_html", refuse_second_csv)
    config = run_module.RunConfig(quarter="2024-25-Q3", raw_dir=tmp_path / "raw", processed_dir=tmp_path / "none")
    findings = run_module._finish_set(config, Quarter.parse("2024-25-Q3"), staging, set())
    assert [Path(f.file).name for f in findings] == [csv_name("health", 2)]
    assert not (staging / csv_name("health", 2)).exists()
    assert (staging / csv_name("health", 1)).is_file() and (staging / workbook_name("2024-25-Q3")).is_file()
    for html_page in staging.glob("*.html"):
        targets = local_links(html_page.read_text())
        assert all((staging / t).is_file() for t in targets), (html_page.name, targets)
    assert workbook_name("2024-25-Q3") in local_links(page.read_text())
    assert "health.html" in local_links((staging / "index.html").read_text())


@pytest.mark.slow
def test_a_run_publishes_a_csv_per_table_and_a_workbook_that_pass_the_gate(fixture_run):
    published = fixture_run.published
    assert sorted(p.name for p in published.glob("*.csv")) == [csv_name("clean", 1)]
    book = published / workbook_name("2024-25-Q3")
    assert book.is_file()
    page = (published / "clean.html").read_text()
    assert csv_name("clean", 1) in local_links(page) and book.name in local_links(page)
    assert _csv(published / csv_name("clean", 1))[1:] == [
        ["Foster care", "402"], ["Children's home", "117"], ["Secure children's home", "c"]]
    assert check_html(downloads_as_html([published / csv_name("clean", 1), book]), policy=POLICY) == []
    log = (published / "run_log.json").read_text()
    assert re.search(r'"downloads": 2\b', log)


@pytest.mark.slow
def test_no_page_of_a_run_links_a_file_that_is_not_there(fixture_run):
    # The fixture run publishes one briefing: its navigation to the others (failed, refused or
    # never made) must be gone, and every remaining link must open a file beside the page.
    published = fixture_run.published
    checked = 0
    for html_page in sorted(published.glob("*.html")):
        for target in local_links(html_page.read_text()):
            assert (published / target).is_file(), f"{html_page.name} links {target}"
            checked += 1
    assert checked >= 4  # index -> clean; clean -> index (nav and footer), its CSV, the workbook

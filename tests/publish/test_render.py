"""The cpanalysis nbconvert template: a readable page, nothing of the notebook's machinery."""

from __future__ import annotations

import re

import nbformat
import pytest

from publish_fixture import FIXTURE_NOTEBOOKS
from cpanalysis.protect.policy import DisclosurePolicy
from cpanalysis.publish.gate import check_html
from cpanalysis.publish.render import is_publishable, to_html

POLICY = DisclosurePolicy(threshold=5)


@pytest.fixture(scope="module")
def clean_html(fixture_run) -> str:
    return (fixture_run.published / "clean.html").read_text(encoding="utf-8")


def test_page_structure(clean_html):
    assert clean_html.startswith("<!DOCTYPE html>")
    assert '<html lang="en">' in clean_html
    assert clean_html.count("<main") == 1
    assert len(re.findall(r"<h1[ >]", clean_html)) == 1
    assert re.findall(r"<h([1-6])[ >]", clean_html) == ["1", "2", "2"]
    assert "<title>Clean fixture briefing</title>" in clean_html


def test_no_code_prompts_streams_or_scripts(clean_html):
    assert "<script" not in clean_html.lower()
    assert "stdout is never published" not in clean_html  # print() output
    assert "1 + 1" not in clean_html and "matplotlib" not in clean_html  # code
    assert "In&nbsp;[" not in clean_html and "In [" not in clean_html and "Out[" not in clean_html
    assert "<pre" not in clean_html
    assert "http://" not in clean_html and "https://" not in clean_html


def test_tables_and_figures_keep_their_words(clean_html):
    assert "<caption>Cared for children by placement type at 31 December 2024</caption>" in clean_html
    assert "<th scope='col'>Children</th>" in clean_html or '<th scope="col">Children</th>' in clean_html
    [alt] = re.findall(r'alt="([^"]*)"', clean_html)
    assert alt.startswith("Line chart of cared for children at each quarter end")


def test_not_for_publication_notebook_is_marked_and_refused():
    nb = nbformat.read(FIXTURE_NOTEBOOKS / "caseworker_view.ipynb", as_version=4)
    assert not is_publishable(nb)
    assert is_publishable(FIXTURE_NOTEBOOKS / "clean.ipynb")
    page = to_html(nb)
    assert '<meta content="false" name="cpanalysis-publish"/>' in page  # nbconvert sorts attributes
    assert "not-for-publication" in {f.rule for f in check_html(page, policy=POLICY)}


def test_scrolling_table_boxes_are_named_focusable_regions():
    table = ('<div class="table-wrap"><table><caption>Children by <em>placement</em> &amp; year</caption>'
             "<thead><tr><th>A</th></tr></thead></table></div>")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "x", outputs=[nbformat.v4.new_output("execute_result", data={"text/html": table}, execution_count=1)],
    )])
    page = to_html(nb)
    assert ('<div class="table-wrap" role="region" tabindex="0" aria-label="Children by placement &amp; year">'
            in page)

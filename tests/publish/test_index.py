"""The quarter's index page: headline figures only where the scorecard publishes them, notice, dates, links.

The oracle for the headlines is the protected scorecard (``cpanalysis.measures.scorecard``):
a status other than shown, zero, low reliability or rounded is never on the
index, and neither is a previous value or a direction the scorecard hides.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd

from cpanalysis.protect.policy import DisclosurePolicy
from cpanalysis.publish.gate import check_html
from cpanalysis.publish.index import DESCRIPTIONS, HEADLINE_MEASURES, Headline, headlines, write_index
from cpanalysis.publish.render import BRIEFINGS
from cpanalysis.quarters import Quarter

POLICY = DisclosurePolicy()
Q3 = Quarter.parse("2024-25-Q3")
NOTEBOOKS = Path(__file__).parents[2] / "notebooks"


def _card(rows: list[tuple[str, str, str, str, str]]) -> pd.DataFrame:
    """A scorecard with the columns the index reads: id, status, this quarter, previous quarter, direction."""
    return pd.DataFrame([
        {"id": i, "title": f"Measure {i}", "status": s, "this_quarter": now, "previous_quarter": before,
         "direction": d} for i, s, now, before, d in rows
    ])


def test_hidden_values_and_hidden_comparisons_never_reach_the_index():
    card = _card([
        ("G1", "primary", "c", "536", "c"),                       # hidden now: left out
        ("G2", "shown", "70.3", "c", "c"),                        # shown, last quarter hidden
        ("G3", "low_reliability", "43.8% u", "40.0% u", "no meaningful change"),
        ("P3.7", "secondary", "c", "75", "c"),                    # hidden by a linked total: left out
        ("P3.19", "not_available", "x", "x", "x"),                # nothing to show: left out
        ("P3.20", "shown", "54.3%", "49.1%", "improving"),
        ("P5.2", "rounded", "about 99%", "about 99%", "no meaningful change"),
    ])
    got = headlines(card, "2024-25 Q2")
    assert [h.measure for h in got] == ["G2", "G3", "P3.20", "P5.2"]
    by_id = {h.measure: h for h in got}
    assert by_id["G2"].value == "70.3"
    assert by_id["G2"].change == "Change since last quarter not shown, to protect children's privacy"
    assert by_id["G3"].value == "43.8% (low reliability: fewer than 20 children)"
    assert by_id["G3"].change == "No meaningful change since last quarter (40.0% in 2024-25 Q2)"
    assert by_id["P3.20"].change == "Improving since last quarter (49.1% in 2024-25 Q2)"
    for h in got:
        assert not re.search(r"(^|\s|\()c(\s|\)|$)", f"{h.value} {h.change}"), h


def test_at_most_eight_headlines_in_the_order_wanted():
    card = _card([(i, "shown", "60", "55", "no meaningful change") for i in reversed(HEADLINE_MEASURES)])
    got = headlines(card, "2024-25 Q2")
    assert [h.measure for h in got] == list(HEADLINE_MEASURES[:8])


def _index(folder: Path, synthetic: bool, figures=()) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    for name, _ in BRIEFINGS[::-1]:
        (folder / f"{name}.html").write_text(f"<html><head><title>{name.title()} briefing</title></head></html>")
    (folder / "extra.html").write_text("<html><head><title>An extra page</title></head></html>")
    return write_index(folder, "Demo Borough", Q3, POLICY, synthetic=synthetic, figures=figures).read_text()


FIGURES = [Headline("G1", "Number of cared for children", "553", "No meaningful change since last quarter "
                    "(536 in 2024-25 Q2)")]


def test_index_says_quarter_dates_and_the_synthetic_notice_only_for_synthetic_data(tmp_path):
    demo = _index(tmp_path / "demo", synthetic=True, figures=FIGURES)
    council = _index(tmp_path / "council", synthetic=False, figures=FIGURES)
    assert "<strong>Synthetic data</strong>" in demo and "Synthetic" not in council
    for page in (demo, council):
        assert "1 October 2024 to 31 December 2024" in page and "as at 31 December 2024" in page
        assert page.count("<h1>") == 1 and '<html lang="en">' in page


def test_index_is_the_same_bytes_whatever_the_day(tmp_path, monkeypatch):
    first = _index(tmp_path / "one", synthetic=True, figures=FIGURES)

    class Later(dt.date):
        @classmethod
        def today(cls):
            return cls(2031, 5, 17)

    monkeypatch.setattr(dt, "date", Later)
    second = _index(tmp_path / "two", synthetic=True, figures=FIGURES)
    assert first == second
    today = dt.datetime.now(dt.timezone.utc).date()
    if today != Q3.end:
        assert f"{today.day} {today:%B %Y}" not in first


def test_index_shows_headlines_and_links_each_briefing_in_reading_order_with_its_line(tmp_path):
    page = _index(tmp_path / "site", synthetic=False, figures=FIGURES)
    assert '<span class="headline-value">553</span>' in page
    assert "536 in 2024-25 Q2" in page
    links = re.findall(r'<li><a href="([^"]+)">', page)
    assert links == [f"{name}.html" for name, _ in BRIEFINGS] + ["extra.html"]
    for name, _ in BRIEFINGS:
        assert DESCRIPTIONS[name].replace("'", "&#x27;") in page
    assert check_html(page, policy=POLICY) == []


def test_no_headline_section_without_figures(tmp_path):
    assert "Headlines" not in _index(tmp_path / "site", synthetic=False)


def test_every_project_notebook_is_in_the_navigation_and_described():
    names = {name for name, _ in BRIEFINGS}
    assert {p.stem for p in NOTEBOOKS.glob("*.ipynb")} <= names
    assert set(DESCRIPTIONS) == names

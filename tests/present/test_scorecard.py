"""The scorecard briefing sections on a small hand-written scorecard frame.

Four rows: A1 improved (an exception), A2 no meaningful change but outside the
99.8% funnel limits around England (an exception), B1 suppressed (c) and
unremarkable, B2 rated Red against its target (an exception).
"""

import re

import pandas as pd
import pytest

from cpanalysis.errors import InputError
from cpanalysis.present.scorecard import (
    commentary_section,
    draft_commentary,
    exceptions,
    pledge_tables,
    read_commentary,
)

ROWS = [
    # id, pledge, title, this, share, previous, direction, target, rag, england, funnel_england
    ("A1", "Pledge A", "Children who moved home", "61", "", "88", "improving", "", "z", "", ""),
    ("A2", "Pledge A", "Placed with parents", "66", "12.0%", "66", "no meaningful change", "", "z", "7%",
     "much higher than England"),
    ("B1", "Pledge B", "Children in secure homes", "c", "", "c", "c", "", "c", "", "c"),
    ("B2", "Pledge B", "Health assessments", "80.0%", "", "81.0%", "no meaningful change", "90", "Red", "89%",
     "similar to England"),
]


@pytest.fixture()
def card():
    cols = ["id", "pledge", "title", "this_quarter", "share", "previous_quarter", "direction", "target", "rag",
            "england", "funnel_england"]
    frame = pd.DataFrame(ROWS, columns=cols).assign(polarity="lower_is_better")
    frame.attrs["quarter"] = "2024-25 Q3"
    return frame


def test_exceptions_are_moves_funnel_outliers_and_reds(card):
    assert list(exceptions(card)["id"]) == ["A1", "A2", "B2"]


def test_drafts_use_only_published_values(card):
    assert draft_commentary(card.iloc[0]) == (
        "Children who moved home (A1) was 61 this quarter against 88 last quarter. This is improving: "
        "the change is larger than chance variation alone would usually produce (95% level)."
    )
    a2 = card.iloc[1]
    assert draft_commentary(a2) == (
        "Placed with parents (A2) was 66 (12.0%) this quarter, the same as last quarter. It is much higher than "
        "England; the figure for England is 7%."
    )
    annual = card.iloc[3].copy()
    annual["previous_quarter"], annual["period"] = "80.0%", "return_year"
    assert draft_commentary(annual).startswith(
        "Health assessments (B2) was 80.0% this quarter, the same as last quarter (a figure for the whole "
        "return year, updated once a year).")
    assert draft_commentary(card.iloc[3]).endswith("It misses the council's target of 90.")


def test_analyst_commentary_replaces_the_draft(card, tmp_path):
    path = tmp_path / "commentary.csv"
    path.write_text("quarter,id,text\n2024-25 Q3,A2,Most are with parents under a plan to return home.\n"
                    "2024-25 Q2,A1,Older words.\n", encoding="utf-8")
    overrides = read_commentary(path, "2024-25 Q3")
    assert overrides == {"A2": "Most are with parents under a plan to return home."}
    html = commentary_section(card, overrides).html
    assert "<li>Most are with parents under a plan to return home.</li>" in html
    assert html.count("Draft: ") == 2  # A1 and B2 remain drafts
    assert html.count("<li>") == 3 and "These measures stand out" in html


def test_commentary_file_needs_its_columns(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("quarter,measure\n", encoding="utf-8")
    with pytest.raises(InputError, match="id, text"):
        read_commentary(path, "2024-25 Q3")
    assert read_commentary(tmp_path / "absent.csv", "2024-25 Q3") == {}


def test_one_heading_and_captioned_table_per_pledge(card):
    html = pledge_tables(card).html
    assert re.findall(r"<h2>([^<]*)</h2>", html) == ["Pledge A", "Pledge B"]
    assert re.findall(r"<caption>([^<]*)</caption>", html) == [
        "Pledge A: measures for 2024-25 Q3", "Pledge B: measures for 2024-25 Q3"]
    assert "nan" not in html and 'scope="rowgroup"' not in html
    assert html.count('<th scope="row">') == 4

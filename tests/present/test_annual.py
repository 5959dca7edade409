"""The committee's annual report (issue 14 item 7) on the hand-built council and on hand-written year-end cards.

Oracle for the year-end values: the hand-built council of
``tests/measures/fixture_measures.py`` (data 01/04/2023 - 31/03/2025), counted
by hand from its episode table:

* looked after at 31/03/2025 (G1): A, B, C, D, G, K, Q = 7 (F, H, I, L have
  left; E had short breaks only; J left in 2023);
* looked after at 31/03/2024: A, B, C, D, F, G, H, I, L, Q = 10 (K comes in
  on 10/04/2024; J left on 15/06/2023; E had short breaks only);
* unaccompanied asylum-seeking (G4): none at 31/03/2024 (published 0), K only
  at 31/03/2025 (1 child, published ``c``);
* G1's change over the year, 7 against 10: the exact conditional Poisson
  test is binomial 7 of 17 at 1/2, two-sided p = 0.63: no meaningful change.

Drafts and overrides are checked on hand-written cards (the frame
:func:`cpanalysis.measures.annual.year_end_scorecards` returns), as
``tests/present/test_scorecard.py`` does for the quarterly commentary.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "measures"))
from fixture_measures import data  # noqa: E402

from cpanalysis.measures.annual import (  # noqa: E402
    CHANGE_COLUMN,
    change_over_year,
    year_end_of,
    year_end_scorecards,
    year_ends,
)
from cpanalysis.measures.scorecard import scorecard  # noqa: E402
from cpanalysis.present import annual  # noqa: E402
from cpanalysis.present.annual import (  # noqa: E402
    draft_sentences,
    pledge_commentary,
    pledge_sections,
    summary,
    trend_chart,
    trend_table,
    year_end_table,
)
from cpanalysis.present.scorecard import read_commentary  # noqa: E402
from cpanalysis.protect.policy import DisclosurePolicy  # noqa: E402
from cpanalysis.publish.gate import check_html, format_findings  # noqa: E402
from cpanalysis.quarters import Quarter  # noqa: E402

POLICY = DisclosurePolicy(threshold=5)
ROOT = Path(__file__).parents[2]


@pytest.fixture(scope="module")
def fixture_data():
    return data()


@pytest.fixture(scope="module")
def cards(fixture_data):
    return year_end_scorecards(fixture_data, Quarter(2024, 4), policy=POLICY)


def _row(frame: pd.DataFrame, measure: str) -> pd.Series:
    return frame.loc[frame["id"] == measure].iloc[0]


def _cells(table, measure: str) -> dict:
    return table.data.loc[table.data["Ref"] == measure].iloc[0].to_dict()


# -- year ends from the hand-built council ---------------------------------------

def test_year_ends_are_the_fourth_quarters_the_data_cover(fixture_data):
    assert year_end_of(Quarter(2024, 4)) == Quarter(2024, 4)
    assert year_end_of(Quarter(2024, 3)) == Quarter(2023, 4)
    assert year_ends(fixture_data, Quarter(2024, 4)) == [Quarter(2023, 4), Quarter(2024, 4)]
    assert year_ends(fixture_data, Quarter(2024, 2)) == [Quarter(2023, 4)]


def test_year_end_values_are_the_scorecards_fourth_quarter_values(cards, fixture_data):
    assert list(cards) == ["2023-24", "2024-25"]
    now, before = cards["2024-25"], cards["2023-24"]
    # hand counts (module docstring)
    assert _row(now, "G1")["this_quarter"] == "7" and _row(before, "G1")["this_quarter"] == "10"
    assert _row(now, "G1")["same_quarter_last_year"] == "10"
    # exactly the quarterly scorecard of each year's Q4, as published then
    for q, card in ((Quarter(2024, 4), now), (Quarter(2023, 4), before)):
        q4 = scorecard(fixture_data, q, policy=POLICY)
        assert card["this_quarter"].tolist() == q4["this_quarter"].tolist()
    # last year end in this year's card is last year's own Q4 value, for every measure
    assert now["same_quarter_last_year"].tolist() == before["this_quarter"].tolist()
    table = year_end_table(cards, "General")
    g1 = _cells(table, "G1")
    assert g1["Year end 2024-25"] == "7" and g1["Year end 2023-24"] == "10"
    assert g1["Change over the year"] == "No meaningful change" and g1["Better if"] == "Neither: for information"
    assert table.caption == "General: measures at the 2024-25 year end against the 2023-24 year end"


def test_change_over_year_uses_the_scorecards_test_and_hides_with_a_hidden_value(cards, fixture_data):
    change = change_over_year(fixture_data, Quarter(2024, 4), policy=POLICY)
    assert change["G1"] == "no meaningful change"        # 7 against 10: p = 0.63
    assert change["G4"] == "c"                           # 1 child at 31/03/2025, hidden
    assert change["P2.1"] == "x"                         # not in the data
    assert cards["2024-25"][CHANGE_COLUMN].tolist() == [change[i] for i in cards["2024-25"]["id"]]
    assert CHANGE_COLUMN not in cards["2023-24"]


def test_a_hidden_value_stays_hidden_in_the_trend(cards):
    trend = trend_table(cards, "General")
    g4 = _cells(trend, "G4")
    assert (g4["2023-24"], g4["2024-25"]) == ("0", "c")  # K alone at 31/03/2025: never shown as 1
    assert _cells(trend, "G1")["2023-24"] == "10"
    assert "G2" not in trend.data["Ref"].tolist()         # not available in any year: left out
    page = pledge_sections(cards).html
    assert not re.search(r"<td[^>]*>\s*1\s*</td>", page)


# -- hand-written year-end cards -------------------------------------------------

COLUMNS = ["id", "pledge", "title", "polarity", "unit", "this_quarter", "same_quarter_last_year", CHANGE_COLUMN,
           "england", "region", "statistical_neighbours"]
NOW = [
    ("P3.19", "Priority 3", "Children with 3 or more placements", "lower_is_better", "percent", "8.0%", "13.0%",
     "improving", "11%", "12%", ""),
    ("P3.20", "Priority 3", "Long-term stability", "higher_is_better", "percent", "60.0%", "61.0%",
     "no meaningful change", "68%", "x", ""),
    ("P3.7", "Priority 3", "Children who moved home", "lower_is_better", "count", "90", "60", "worsening",
     "no national figure published", "", ""),
    ("P3.9", "Priority 3", "Children placed with parents", "lower_is_better", "count", "c", "12", "c", "6%", "10%", ""),
    ("G1", "General", "Number of cared for children", "neutral", "count", "560", "500", "higher", "x", "x", ""),
    ("P4.9", "Priority 4", "Annual health assessments", "higher_is_better", "percent", "95% or more", "90.0%",
     "no meaningful change", "89%", "x", ""),
]
EARLIER = {  # earlier year ends' values, as each year's Q4 scorecard published them
    "2022-23": {"P3.19": "14.0%", "P3.20": "c", "P3.7": "70", "P3.9": "9", "G1": "480", "P4.9": "88.0%"},
    "2023-24": {"P3.19": "13.0%", "P3.20": "61.0%", "P3.7": "60", "P3.9": "12", "G1": "500", "P4.9": "90.0%"},
}


@pytest.fixture()
def hand_cards():
    now = pd.DataFrame(NOW, columns=COLUMNS)
    now.attrs.update(return_year="2024-25", year_end="2024-25 Q4", region_name="North West")
    out = {}
    for year, values in EARLIER.items():
        card = now.drop(columns=CHANGE_COLUMN).assign(this_quarter=now["id"].map(values))
        card.attrs.update(return_year=year)
        out[year] = card
    out["2024-25"] = now
    return out


def test_hidden_trend_value_is_not_plotted_and_says_so(hand_cards, monkeypatch):
    drawn = {}
    monkeypatch.setattr(annual, "_trend_png", lambda years, shown, label: drawn.setdefault("shown", shown) and b"png")
    chart = trend_chart(hand_cards, "P3.20")
    assert drawn["shown"] == ["c", "61.0%", "60.0%"]
    assert [annual.plotted_value(v) for v in drawn["shown"]] == [None, 61.0, 60.0]
    assert "2022-23: c (hidden); 2023-24: 61.0%; 2024-25: 60.0%" in chart.alt
    assert trend_chart(hand_cards, "P3.9") is not None        # two exact values around none hidden
    assert _cells(trend_table(hand_cards, "Priority 3"), "P3.9") == {
        "Ref": "P3.9", "Measure": "Children placed with parents", "2022-23": "9", "2023-24": "12", "2024-25": "c"}


def test_a_range_is_drawn_as_its_band_never_as_a_point():
    assert annual.plotted_value("95% or more") is None and annual.plotted_range("95% or more") == (95.0, 100.0)
    assert annual.plotted_range("5% or less") == (0.0, 5.0)
    assert annual.plotted_value("53.3% u") == 53.3 and annual.plotted_value("1,234") == 1234.0
    assert annual.plotted_value("c") is None and annual.plotted_range("c") is None


def test_drafts_only_where_the_change_over_the_year_is_meaningful(hand_cards):
    card = hand_cards["2024-25"]
    drafts = draft_sentences(card, "Priority 3")
    assert set(drafts) == {"P3.19", "P3.7"}                  # not P3.20 (no meaningful change), not P3.9 (c)
    assert drafts["P3.19"] == (
        "Children with 3 or more placements (P3.19) was 8.0% at the 2024-25 year end against 13.0% a year "
        "earlier. This is improving: the change over the year is larger than chance variation alone would "
        "usually produce (95% level). The latest figure for England is 11%.")
    assert "worsening" in drafts["P3.7"] and "England" not in drafts["P3.7"]
    assert "for information" in draft_sentences(card, "General")["G1"]
    assert draft_sentences(card, "Priority 4") == {}
    quiet = pledge_commentary(card, "Priority 4").html
    assert "Draft" not in quiet and "No measure under this pledge changed" in quiet


def test_analyst_commentary_replaces_the_drafts(hand_cards, tmp_path):
    path = tmp_path / "commentary.csv"
    path.write_text(
        "quarter,id,text\n"
        "2024-25,P3.7,More children moved home while two residential homes closed.\n"
        "2024-25,P4,Health assessments stayed above nine in ten all year.\n"
        "2024-25 Q4,P3.19,Words for the quarterly scorecard only.\n",
        encoding="utf-8")
    card = hand_cards["2024-25"]
    overrides = read_commentary(path, "2024-25")
    p3 = pledge_commentary(card, "Priority 3", overrides).html
    assert "<li>More children moved home while two residential homes closed.</li>" in p3
    assert "was 90 at the 2024-25 year end" not in p3          # P3.7's draft replaced
    assert p3.count("Draft: ") == 1 and "(P3.19) was 8.0%" in p3
    assert "quarterly scorecard only" not in p3
    p4 = pledge_commentary(card, "Priority 4", overrides).html
    assert "Health assessments stayed above nine in ten all year." in p4 and "Draft" not in p4
    whole = pledge_commentary(card, "Priority 3", {"P3": "The service gives its own account of the year."}).html
    assert "The service gives its own account of the year." in whole and "Draft" not in whole and "P3.19" not in whole


def test_summary_names_what_changed_over_the_year(hand_cards):
    text = summary(hand_cards).html
    assert "1 April 2024 to 31 March 2025" in text and "from 2022-23 to 2024-25" in text
    improved = text.split("Improved over the year")[1].split("</ul>")[0]
    assert "Children with 3 or more placements (P3.19): 8.0%, against 13.0% a year earlier" in improved
    assert "Children who moved home (P3.7)" in text.split("Worsened over the year")[1]
    assert "Long-term stability" not in text and "Children placed with parents" not in text


def test_comparator_columns_only_where_the_scorecard_has_them(hand_cards):
    table = year_end_table(hand_cards, "Priority 3")
    assert list(table.data.columns) == ["Ref", "Measure", "Year end 2024-25", "Year end 2023-24",
                                        "Change over the year", "England", "Region (North West)", "Better if"]
    assert _cells(table, "P3.9")["Year end 2024-25"] == "c" and _cells(table, "P3.9")["Change over the year"] == "c"


# -- the page ----------------------------------------------------------------------

def _page(cards) -> str:
    return f"<html><body>{summary(cards).html}{pledge_sections(cards).html}</body></html>"


def test_the_page_passes_the_publication_gate(cards, hand_cards):
    for c in (cards, hand_cards):
        findings = check_html(_page(c), policy=POLICY)
        assert findings == [], format_findings(findings)
    # and the gate would refuse it if the hidden G4 were shown
    revealed = _page(cards).replace("<td>c</td></tr>", "<td>1</td></tr>", 1)
    assert check_html(revealed, policy=POLICY)


def test_notebook_has_the_scorecards_parameters_and_ends_with_the_symbols_key():
    nb = json.loads((ROOT / "notebooks" / "annual_report.ipynb").read_text(encoding="utf-8"))
    ref = json.loads((ROOT / "notebooks" / "scorecard.ipynb").read_text(encoding="utf-8"))
    assert nb["cells"][0]["metadata"]["tags"] == ["parameters"]
    assert nb["cells"][0]["source"] == ref["cells"][0]["source"]
    assert "symbols_key(policy)" in "".join(nb["cells"][-1]["source"])


def test_the_runs_own_year_end_scorecard_is_used_as_it_is(fixture_data):
    run_card = scorecard(fixture_data, Quarter(2024, 4), policy=POLICY)
    run_card["title"] = run_card["title"] + " (the run's)"
    used = year_end_scorecards(fixture_data, Quarter(2024, 4), policy=POLICY, current=run_card)["2024-25"]
    assert used["title"].str.endswith("(the run's)").all() and CHANGE_COLUMN in used
    assert CHANGE_COLUMN not in run_card                       # the run's own frame is not changed
    other = scorecard(fixture_data, Quarter(2024, 3), policy=POLICY)
    assert not year_end_scorecards(fixture_data, Quarter(2024, 4), policy=POLICY,
                                   current=other)["2024-25"]["title"].str.contains("the run's").any()


@pytest.fixture(scope="module")
def run_page(tmp_path_factory):
    """The notebook through ``cpanalysis run`` at 2024-25 Q4 on the hand-counted G1 fixture (``tests/g1_fixture.py``)."""
    from g1_fixture import write_fixture

    from cpanalysis.publish.run import RunConfig, run_quarter

    root = tmp_path_factory.mktemp("annual-run")
    out = run_quarter(RunConfig(
        quarter="2024-25-Q4", raw_dir=write_fixture(root / "raw"), processed_dir=root / "processed",
        notebooks_dir=ROOT / "notebooks", outputs_dir=root / "out", private_dir=root / "private",
        notebooks=["annual_report"], policy=POLICY))
    return (out / "annual_report.html").read_text(encoding="utf-8")


def test_the_notebook_is_published_by_the_year_end_run(run_page):
    # G1 by hand (tests/g1_fixture.py): at 31/03/2025 A, B, F, G, H = 5; at 31/03/2024 I alone = 1, hidden.
    m = re.search(r'<tr><th scope="row">G1</th>(.*?)</tr>', run_page, re.S)
    assert m and re.findall(r"<td[^>]*>([^<]*)</td>", m.group(1))[1:4] == ["5", "c", "c"]
    assert "Corporate parenting annual report: Demo Borough, 2024-25" in run_page
    assert "This report covers the year 1 April 2024 to 31 March 2025" in run_page
    assert 'id="symbols-key"' in run_page.rsplit("<h2", 1)[-1]   # the page ends with its symbols key
    assert check_html(run_page, policy=POLICY) == []

"""Scorecard trends (:mod:`cpanalysis.measures.trends`) on the hand-built council (``fixture_measures.py``).

Oracle: each quarter's own protected scorecard
(:func:`cpanalysis.measures.scorecard.scorecard`), called here independently.
The fixture's data start on 1 April 2023, so 2024-25 Q3's trend has seven
quarters (2023-24 Q1 to 2024-25 Q3), not eight. By hand (fixture docstring and
``test_scorecard.py``): G1 is 7 at 31/12/2024; G5 (children who came into care
in the quarter) mixes hidden quarters with true zeros; the OC2 health measures
are annual: 2022-23 is before the data (x) and 2023-24 is reported by every
quarter from 2023-24 Q4 on.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from cpanalysis.measures.scorecard import measure_table, scorecard
from cpanalysis.measures import trends as trends_module
from cpanalysis.measures.comparisons import load_comparators
from cpanalysis.measures.publication import QuarterPublication
from cpanalysis.measures.trends import annual_label, published_number, scorecard_trends, trend_quarters, trends_for
from cpanalysis.protect.policy import DisclosurePolicy
from cpanalysis.quarters import Quarter
from fixture_measures import data

POLICY = DisclosurePolicy(threshold=5)
Q3 = Quarter.parse("2024-25 Q3")
SEVEN = ["2023-24 Q1", "2023-24 Q2", "2023-24 Q3", "2023-24 Q4", "2024-25 Q1", "2024-25 Q2", "2024-25 Q3"]


@pytest.fixture(scope="module")
def fixture_data():
    return data()


@pytest.fixture(scope="module")
def trends(fixture_data):
    return scorecard_trends(fixture_data, Q3, policy=POLICY)


@pytest.fixture(scope="module")
def cards(fixture_data):
    """Each quarter's scorecard, called here (the measures' own results are shared, not the trends' memo)."""
    return {q: scorecard(fixture_data, Quarter.parse(q), policy=POLICY) for q in SEVEN}


def test_quarters_start_with_the_data(trends, fixture_data):
    assert trends.attrs["quarters"] == SEVEN
    assert [q.label for q in trend_quarters(fixture_data, Q3, 8)] == SEVEN
    assert trends.attrs["quarter"] == "2024-25 Q3" and trends.attrs["policy"] == POLICY
    assert list(trends.columns) == ["id", "quarter", "point", "shown", "status", "value", "annual", "source"]
    assert set(trends["source"]) == {"scorecard"}       # no page card and nothing held: all worked out today


def test_every_point_is_that_quarters_scorecard_value(trends, cards):
    quarterly = trends.loc[~trends["annual"]]
    assert len(quarterly) == len(SEVEN) * int((~cards["2024-25 Q3"]["period"].eq("return_year")).sum())
    for r in quarterly.itertuples():
        card = cards[r.quarter].set_index("id")
        assert r.point == r.quarter
        assert (r.shown, r.status) == (card.at[r.id, "this_quarter"], card.at[r.id, "status"]), (r.id, r.quarter)


def test_hand_values(trends):
    g1 = trends.loc[trends["id"] == "G1"]
    assert list(g1["shown"]) == ["8", "8", "8", "10", "11", "9", "7"]
    assert list(g1["value"]) == [8.0, 8.0, 8.0, 10.0, 11.0, 9.0, 7.0]


def test_hidden_is_a_gap_and_a_true_zero_is_zero(trends):
    g5 = trends.loc[trends["id"] == "G5"]
    assert list(g5["shown"]) == ["c", "0", "0", "c", "c", "0", "0"]
    hidden = g5["shown"].eq("c")
    assert g5.loc[hidden, "value"].isna().all()
    assert g5.loc[~hidden, "value"].eq(0.0).all()
    # Everything without a number (c, x, z) is NaN, whatever the unprotected value was.
    for r in trends.itertuples():
        if r.shown.split(" ")[0] in ("c", "x", "z"):
            assert math.isnan(r.value), (r.id, r.point)
        else:
            assert r.value == published_number(r.shown), (r.id, r.point)


def test_never_the_unprotected_value(trends, fixture_data):
    # G5 in 2024-25 Q1 is hidden although its true count is a small number: the trend holds no number for it.
    true = measure_table(fixture_data, Quarter.parse("2024-25 Q1"), ids=["G5"], policy=POLICY).iloc[0]
    assert true["display"] == "c" and true["value"] > 0
    row = trends.loc[(trends["id"] == "G5") & (trends["point"] == "2024-25 Q1")].iloc[0]
    assert row["shown"] == "c" and math.isnan(row["value"])


def test_last_points_match_this_and_previous_quarter(trends, cards):
    card = cards["2024-25 Q3"].set_index("id")
    quarterly = trends.loc[~trends["annual"]]
    last = quarterly.groupby("id").nth(-1).set_index("id")
    before = quarterly.groupby("id").nth(-2).set_index("id")
    for i in last.index:
        assert last.at[i, "shown"] == card.at[i, "this_quarter"]
        assert before.at[i, "shown"] == card.at[i, "previous_quarter"]


def test_annual_measures_once_a_year(trends, cards):
    annual_ids = set(cards["2024-25 Q3"].loc[lambda c: c["period"] == "return_year", "id"])
    assert {"P4.6", "P4.9", "P4.13", "P5.8"} <= annual_ids
    ann = trends.loc[trends["annual"]]
    assert set(ann["id"]) == annual_ids
    for i in annual_ids:
        rows = ann.loc[ann["id"] == i]
        # 2022-23 is reported by 2023-24 Q1 to Q3 (before the data: x); 2023-24 from 2023-24 Q4 on.
        assert list(rows["point"]) == ["2022-23", "2023-24"], i
        assert list(rows["quarter"]) == ["2023-24 Q3", "2024-25 Q3"], i
        assert rows["shown"].iloc[0] == "x"
        # The year still being reported is this quarter's own value, as printed in its "This quarter" column.
        assert rows["shown"].iloc[-1] == cards["2024-25 Q3"].set_index("id").at[i, "this_quarter"]
    assert annual_label(Quarter.parse("2024-25 Q3")) == "2023-24"
    assert annual_label(Quarter.parse("2024-25 Q4")) == "2024-25"


def test_fewer_quarters_and_scorecard_order(fixture_data, trends):
    three = scorecard_trends(fixture_data, Q3, policy=POLICY, quarters=3)
    assert three.attrs["quarters"] == SEVEN[-3:]
    assert list(three.loc[three["id"] == "G1", "shown"]) == ["11", "9", "7"]
    ids = list(dict.fromkeys(trends["id"]))
    assert ids[:3] == ["G1", "G2", "G3"] and ids.index("P3.4") < ids.index("P3.4a") < ids.index("P3.5")


def test_memo_reuses_each_quarters_scorecard(monkeypatch, fixture_data, trends):
    calls = []
    real = trends_module.published_values

    def counting(*args, **kwargs):
        calls.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(trends_module, "published_values", counting)
    again = scorecard_trends(fixture_data, Q3, policy=POLICY)
    assert calls == []
    pd.testing.assert_frame_equal(again, trends)
    # Another policy is another publication: worked out afresh, never taken from the memo.
    stricter = DisclosurePolicy(threshold=10)
    strict = scorecard_trends(fixture_data, Q3, policy=stricter, quarters=2)
    assert [q.label for q in calls] == SEVEN[-2:]
    assert list(strict.loc[strict["id"] == "G1", "shown"]) == ["c", "c"]   # 9 and 7 are under 10


def test_policy_must_be_given_as_a_policy(fixture_data):
    with pytest.raises(TypeError):
        scorecard_trends(fixture_data, Q3, policy={"threshold": 5})  # type: ignore[arg-type]


@pytest.mark.parametrize("shown, expected", [
    ("61.2%", 61.2), ("61.2% u", 61.2), ("1,234", 1234.0), ("about 99%", 99.0), ("95% or more", 95.0),
    ("5% or less", 5.0), ("0", 0.0), ("14.1", 14.1), ("0.0% u", 0.0),
])
def test_published_number(shown, expected):
    assert published_number(shown) == expected


@pytest.mark.parametrize("shown", ["c", "x", "z", "", None, "no national figure published"])
def test_published_number_of_a_symbol_is_nan(shown):
    assert math.isnan(published_number(shown))


def test_the_page_card_and_held_publications_win(fixture_data, cards, trends):
    # A revision of the data must never turn a figure published as c into a number. Here 2024-25 Q2's G1 (9)
    # and 2023-24 Q3's P3.5 (6) were published hidden by earlier runs: the page's card repeats the first in its
    # "Previous quarter" column (cpanalysis.measures.publication.repeat_as_published), a held publication the second.
    page = cards["2024-25 Q3"].copy()
    page.loc[page["id"] == "G1", "previous_quarter"] = "c"
    page.loc[page["id"] == "P3.5", "same_quarter_last_year"] = "c"      # as repeat_as_published makes it
    then = cards["2023-24 Q3"].copy()
    then.loc[then["id"] == "P3.5", "this_quarter"] = "c"
    got = scorecard_trends(fixture_data, Q3, policy=POLICY, card=page,
                           held={"2023-24 Q3": QuarterPublication(Quarter.parse("2023-24 Q3"), "Fixture", POLICY,
                                                                  then, load_comparators())})
    g1 = got.loc[got["id"] == "G1"].set_index("point")
    assert list(g1["shown"]) == ["8", "8", "8", "10", "11", "c", "7"]
    assert math.isnan(g1.at["2024-25 Q2", "value"]) and g1.at["2024-25 Q2", "status"] == "as_published"
    assert g1.at["2024-25 Q3", "source"] == "page" and g1.at["2024-25 Q2", "source"] == "page"
    assert g1.at["2023-24 Q3", "source"] == "page"        # the same quarter last year, from the page's column
    p35 = got.loc[got["id"] == "P3.5"].set_index("point")
    assert p35.at["2023-24 Q3", "shown"] == "c" and p35.at["2023-24 Q3", "source"] == "page"
    assert p35.at["2023-24 Q2", "source"] == "scorecard"
    # A held quarter the page's columns do not cover is repeated from the held publication.
    then2 = cards["2023-24 Q2"].copy()
    then2.loc[then2["id"] == "P3.5", "this_quarter"] = "c"
    got2 = scorecard_trends(fixture_data, Q3, policy=POLICY, card=page, held={"2023-24 Q2": then2})
    p35 = got2.loc[got2["id"] == "P3.5"].set_index("point")
    assert (p35.at["2023-24 Q2", "shown"], p35.at["2023-24 Q2", "source"]) == ("c", "held")
    assert p35.at["2023-24 Q2", "status"] == "as_published"
    # Where nothing differs, the page's values are today's: same rows as without the card.
    plain = scorecard_trends(fixture_data, Q3, policy=POLICY, card=cards["2024-25 Q3"])
    pd.testing.assert_frame_equal(plain.drop(columns="source"), trends.drop(columns="source"))


def test_trends_for_a_publication(fixture_data, cards, trends):
    pub = QuarterPublication(Q3, "Fixture", POLICY, cards["2024-25 Q3"], load_comparators())
    pd.testing.assert_frame_equal(trends_for(pub, fixture_data).drop(columns="source"),
                                  trends.drop(columns="source"))
    made = trends.iloc[:3].copy()
    pub.extras["trends"] = made
    assert trends_for(pub, fixture_data) is made          # the run's own trends, when it made them

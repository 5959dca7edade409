"""The quarter's protected figures worked out once per run (:mod:`cpanalysis.measures.publication`)."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from cpanalysis.measures import get
from cpanalysis.measures import publication as pubmod
from cpanalysis.measures.comparisons import load_comparators, load_targets
from cpanalysis.measures.publication import (
    QuarterPublication,
    build_publication,
    load_publication,
    publication_for,
    repeat_as_published,
    run_data,
)
from cpanalysis.measures.scorecard import scorecard
from cpanalysis.protect.policy import DisclosurePolicy
from cpanalysis.quarters import Quarter
from fixture_measures import data

POLICY = DisclosurePolicy(threshold=5)
Q3 = Quarter.parse("2024-25 Q3")


@pytest.fixture(scope="module")
def pub() -> QuarterPublication:
    return build_publication("unused", Q3, policy=POLICY, council="Fixture", la_code=None, inputs={}, data=data())


def test_the_publication_holds_the_scorecard_the_page_would_make(pub):
    expected = scorecard(data(), Q3, policy=POLICY, comparators=load_comparators(), targets=load_targets())
    pd.testing.assert_frame_equal(pub.card, expected)
    assert pub.quarter == Q3 and pub.policy == POLICY


def test_published_as_counts_every_measure_once_by_how_it_was_shown(pub):
    got = pub.published_as()
    assert sum(got.values()) == len(pub.card)
    # hand count from the card itself, status by status
    assert got["hidden (small number)"] == int((pub.card["status"] == "primary").sum())
    assert got["shown"] == int((pub.card["status"] == "shown").sum()) > 0
    assert got["not available"] == int((pub.card["status"] == "not_available").sum()) > 0


def _then(pub: QuarterPublication, quarter: str, changes: dict[str, str]) -> QuarterPublication:
    card = pub.card.copy()
    for mid, shown in changes.items():
        card.loc[card["id"] == mid, "this_quarter"] = shown
    return dataclasses.replace(pub, quarter=Quarter.parse(quarter), card=card)


def test_an_earlier_quarter_is_repeated_as_it_was_published_and_a_hidden_one_stays_hidden(pub):
    now = pub.card.copy()
    shown = now[(now["previous_quarter"] != "c") & (now["previous_quarter"] != "x")]
    first, second = shown["id"].iloc[0], shown["id"].iloc[1]
    # Q2 as published: `first` was hidden then (the data have been revised since), `second` as today.
    then = _then(pub, "2024-25 Q2", {first: "c", second: str(shown["previous_quarter"].iloc[1])})
    then.card.loc[~then.card["id"].isin([first, second]), "this_quarter"] = \
        now.set_index("id").loc[then.card.loc[~then.card["id"].isin([first, second]), "id"], "previous_quarter"].values
    revised = repeat_as_published(now, then, "previous_quarter")
    assert revised == [first]
    row = now.set_index("id").loc[first]
    assert row["previous_quarter"] == "c" and row["direction"] == "c"
    assert now.set_index("id").loc[second, "previous_quarter"] == str(shown["previous_quarter"].iloc[1])


def test_without_an_earlier_publication_nothing_changes(pub):
    now = pub.card.copy()
    assert repeat_as_published(now, None, "previous_quarter") == []
    pd.testing.assert_frame_equal(now, pub.card)


def test_build_uses_the_held_quarters(pub):
    mid = pub.card["id"].iloc[0]
    then = _then(pub, "2023-24 Q3", {mid: "12,345"})
    again = build_publication("unused", Q3, policy=POLICY, council="Fixture", la_code=None, inputs={}, data=data(),
                              held={"2023-24 Q3": then})
    assert again.card.set_index("id").loc[mid, "same_quarter_last_year"] == "12,345"
    assert mid in again.extras["repeated_as_published"]["same_quarter_last_year"]


def test_a_saved_publication_is_used_only_for_its_own_quarter_and_policy(pub, tmp_path, monkeypatch):
    path = pub.save(tmp_path / "publication.pkl")
    assert load_publication(path).card.equals(pub.card)
    monkeypatch.setattr(pubmod, "run_data", lambda processed, inputs: data())
    built = []
    monkeypatch.setattr(pubmod, "build_publication", lambda *a, **k: built.append(k["policy"]) or pub)
    got, _ = publication_for(path, processed_dir="unused", quarter="2024-25 Q3", policy=POLICY, council="Fixture",
                             la_code=None, inputs={})
    assert not built and got.card.equals(pub.card)
    publication_for(path, processed_dir="unused", quarter="2024-25 Q3", policy=DisclosurePolicy(threshold=10),
                    council="Fixture", la_code=None, inputs={})
    publication_for(path, processed_dir="unused", quarter="2024-25 Q2", policy=POLICY, council="Fixture",
                    la_code=None, inputs={})
    assert built == [DisclosurePolicy(threshold=10), POLICY]


def test_the_run_data_carry_the_councils_own_measures(tmp_path):
    from cpanalysis.derive import build
    from g1_fixture import write_fixture

    build(write_fixture(tmp_path / "raw"), tmp_path / "processed")
    own = tmp_path / "own.csv"
    own.write_text("measure_id,quarter,numerator,denominator,value,source\nP1.1,2024-25 Q3,12,,,Advocacy provider\n")
    assert not get("P1.1").compute(run_data(tmp_path / "processed", {}), Q3).available
    assert get("P1.1").compute(run_data(tmp_path / "processed", {"council_measures": str(own)}), Q3).numerator == 12

"""Scorecard G1 against the hand-counted fixture in ``tests/g1_fixture.py``."""

import pytest

from cpanalysis.derive import stitch_episodes
from cpanalysis.load import read_returns
from cpanalysis.measures import cared_for_children, cared_for_children_by_quarter, get
from cpanalysis.measures.data import MeasureData
from cpanalysis.measures.registry import Result
from cpanalysis.quarters import Quarter
from g1_fixture import EXPECTED, write_fixture


@pytest.fixture()
def episodes(tmp_path):
    return stitch_episodes(read_returns(write_fixture(tmp_path)).tables["episodes"])


@pytest.mark.parametrize("label", sorted(EXPECTED))
def test_g1_matches_hand_count(episodes, label):
    assert cared_for_children(episodes, Quarter.parse(label)) == EXPECTED[label]


def test_g1_needs_stitching(tmp_path):
    raw = read_returns(write_fixture(tmp_path)).tables["episodes"]
    # Unstitched, child I's open 2023-24 row is still "open" at 31/12/2024: 6, not 5.
    assert cared_for_children(raw, Quarter.parse("2024-25 Q3")) == 6


def test_g1_series_is_oldest_first(episodes):
    series = cared_for_children_by_quarter(episodes, Quarter.parse("2024-25 Q3").previous(4))
    assert list(series["quarter"]) == ["2023-24 Q4", "2024-25 Q1", "2024-25 Q2", "2024-25 Q3"]
    # 30/06/2024: A, C, D, F, I open (E is V3, H only V4 then) -> 5.
    assert list(series["children"]) == [1, 5, 5, 5]


def test_g1_is_registered_with_its_definition(tmp_path):
    g1 = get("G1")
    assert "V3" in g1.definition and g1.period == "snapshot"
    data = MeasureData.from_returns(read_returns(write_fixture(tmp_path)))
    assert g1.compute(data, Quarter.parse("2024-25 Q3")) == Result(numerator=5, value=5.0)

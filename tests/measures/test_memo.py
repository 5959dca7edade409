"""A measure is worked out once per data and quarter, and nobody can change the kept answer."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from cpanalysis.measures.data import MeasureData, memoised
from cpanalysis.measures.registry import FRAME_COLUMNS, Measure
from cpanalysis.quarters import Quarter

Q2, Q3 = Quarter.parse("2024-25 Q2"), Quarter.parse("2024-25 Q3")


def _data() -> MeasureData:
    return MeasureData(tables={}, years=[2024])


def _counting_measure(calls: list[Quarter]) -> Measure:
    def frame(data: MeasureData, quarter: Quarter) -> pd.DataFrame:
        calls.append(quarter)
        row = {"numerator": 7, "denominator": 20, "value": 35.0, "spread": None, "available": True, "note": ""}
        return pd.DataFrame([row], columns=list(FRAME_COLUMNS), index=pd.Index([""], name="council"))

    return Measure(id="T1", title="test", pledge="test", definition="test", source="test", period="snapshot",
                   polarity="neutral", unit="percent", data="test", frame=frame)


def test_a_measure_is_computed_once_per_data_and_quarter():
    calls: list[Quarter] = []
    m = _counting_measure(calls)
    data = _data()
    first = m.compute(data, Q3)
    assert (first.numerator, first.denominator, first.value) == (7, 20, 35.0)
    assert m.compute(data, Q3) == first
    m.results(data, Q3)
    assert calls == [Q3]  # compute, compute again and results: one frame
    m.compute(data, Q2)
    assert calls == [Q3, Q2]  # another quarter is another answer
    m.compute(_data(), Q3)
    assert calls == [Q3, Q2, Q3]  # other data (even equal) are other data


def test_changing_a_results_frame_changes_nothing_kept():
    m = _counting_measure([])
    data = _data()
    got = m.results(data, Q3)
    got.loc["", "numerator"] = 1
    assert m.results(data, Q3).loc["", "numerator"] == 7
    assert m.compute(data, Q3).numerator == 7


def test_memoised_tables_are_copies():
    calls = []

    @memoised
    def children_on(data: MeasureData, day: str) -> pd.DataFrame:
        calls.append(day)
        return pd.DataFrame({"CHILD": ["A", "B"]})

    data = _data()
    first = children_on(data, "2024-12-31")
    first.loc[0, "CHILD"] = "changed"
    first["extra"] = 1
    again = children_on(data, "2024-12-31")
    assert list(again["CHILD"]) == ["A", "B"] and "extra" not in again
    children_on(data, "2025-03-31")
    assert calls == ["2024-12-31", "2025-03-31"]


def test_a_copy_of_the_data_starts_with_nothing_kept():
    calls: list[Quarter] = []
    m = _counting_measure(calls)
    data = _data()
    m.compute(data, Q3)
    other = dataclasses.replace(data, tables={"episodes": pd.DataFrame()})
    m.compute(other, Q3)
    assert calls == [Q3, Q3]


def test_memo_keeps_exceptions_out():
    """A computation that fails is not kept: the next call tries again."""
    data = _data()
    tries = []

    def fails() -> int:
        tries.append(1)
        raise ValueError("no OC3 table")

    for _ in range(2):
        with pytest.raises(ValueError):
            data.memo(("x",), fails)
    assert len(tries) == 2
    assert data.memo(("x",), lambda: 3) == 3 and data.memo(("x",), lambda: 4) == 3

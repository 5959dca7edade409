"""Financial quarters: parsing, dates and arithmetic, checked by hand."""

from datetime import date

import pytest

from cpanalysis.errors import InputError
from cpanalysis.quarters import Quarter, return_year_of


@pytest.mark.parametrize("text", ["2024-25 Q3", "2024-25-Q3", "2024-25q3", " 2024-25_Q3 "])
def test_parse_forms(text):
    q = Quarter.parse(text)
    assert (q.year, q.q, q.label, q.slug) == (2024, 3, "2024-25 Q3", "2024-25-Q3")


@pytest.mark.parametrize("text", ["2024 Q3", "2024-26 Q1", "2024-25 Q5", "Q3"])
def test_parse_rejects(text):
    with pytest.raises(InputError):
        Quarter.parse(text)


def test_dates():
    assert Quarter.parse("2024-25 Q1").end == date(2024, 6, 30)
    assert Quarter.parse("2024-25 Q3").start == date(2024, 10, 1)
    assert Quarter.parse("2024-25 Q4").end == date(2025, 3, 31)
    assert Quarter.parse("2024-25 Q4").start == date(2025, 1, 1)


def test_shift_and_previous():
    q = Quarter.parse("2024-25 Q1")
    assert q.shift(-1).label == "2023-24 Q4"
    assert q.shift(4).label == "2025-26 Q1"
    assert [x.label for x in q.previous(3)] == ["2023-24 Q3", "2023-24 Q4", "2024-25 Q1"]


def test_return_year_of():
    assert return_year_of(date(2025, 3, 31)) == 2024
    assert return_year_of(date(2025, 4, 1)) == 2025

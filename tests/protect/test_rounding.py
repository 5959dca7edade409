"""Rounding half away from zero. Source: DfE dfeR ``round_five_up`` documentation
(2.5 -> 3, 0.125 -> 0.13 where Python's banker's rounding gives 2 and 0.12)."""

import pytest

from cpanalysis.protect.rounding import round_half_away, round_to_base


@pytest.mark.parametrize(
    ("x", "places", "expected"),
    [(0.5, 0, 1.0), (1.5, 0, 2.0), (2.5, 0, 3.0), (-2.5, 0, -3.0), (0.125, 2, 0.13), (38.095, 1, 38.1), (125, -1, 130.0)],
)
def test_halves_go_away_from_zero(x: float, places: int, expected: float) -> None:
    assert round_half_away(x, places) == expected


def test_differs_from_bankers_rounding() -> None:
    # Python's round() is banker's rounding: round(2.5) == 2.
    assert round(2.5) == 2
    assert round_half_away(2.5) == 3.0


@pytest.mark.parametrize(("x", "expected"), [(15, 20), (25, 30), (24, 20), (-15, -20), (4, 0), (5, 10)])
def test_round_to_ten(x: int, expected: int) -> None:
    # DfE rounds national figures to the nearest 10, halves up.
    assert round_to_base(x, 10) == expected

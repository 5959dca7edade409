"""How the audit reads a rounded percentage (``cpanalysis.audit.numbers``): as widely as its words allow, no wider."""

import pytest

from cpanalysis.audit.numbers import read


@pytest.mark.parametrize("text, lo, hi", [
    # The top bucket of a rounding step: everything rounding to it or above.
    ("99% or more", 0.985, 1.0),          # step 1: 98.5% up
    ("95% or more", 0.925, 1.0),          # step 5 (92.5% up) or the band from 95%: the wider
    ("90% or more", 0.85, 1.0),           # step 10: 85% up
    # A band whose edge is no step's top bucket: the edge itself ("80% or more" of a year-to-date
    # group, 85 to 95 of 106, is 100 k >= 80 n: k >= 84.8).
    ("80% or more", 0.80, 1.0),
    ("75% or more", 0.75, 1.0),
    ("1% or less", 0.0, 0.015),
    ("5% or less", 0.0, 0.075),
    ("20% or less", 0.0, 0.20),
    ("about 85%", 0.825, 0.875),          # step 5 or 1: the wider
    ("about 90%", 0.85, 1.0),             # step 10, 5 or 1, and near the top bucket: up to 100%
])
def test_rounded_percentages(text, lo, hi):
    p = read(text)
    assert p.kind == "pct"
    assert (p.lo, p.hi) == pytest.approx((lo, hi))


def test_a_band_of_106_bounds_the_count_as_printed():
    # "80% or more" of 106 care leavers: at least 84.8, so 85 or more, never read as 70% (74.2).
    p = read("80% or more")
    assert p.lo * 106 == pytest.approx(84.8)

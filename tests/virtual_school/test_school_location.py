"""In-borough and out-of-borough schools from the school's council and the home council (by hand)."""

import pandas as pd

from cpanalysis.virtual_school.data import _school_location


def test_school_location_against_the_home_council():
    # Home council Z1 (the most common home council of the episodes); schools in Z1, Z2 and unknown.
    episodes = pd.DataFrame({"home_council": ["Z1", "Z1", "Z2", None]})
    school_la = pd.Series(["Z1", "Z2", None, "Z1"])
    out = _school_location(school_la, episodes)
    assert out.fillna("not known").tolist() == ["In borough", "Out of borough", "not known", "In borough"]


def test_without_a_home_council_the_location_is_not_available():
    out = _school_location(pd.Series(["Z1", "Z2"]), pd.DataFrame({"CHILD": ["A", "B"]}))
    assert out.isna().all()

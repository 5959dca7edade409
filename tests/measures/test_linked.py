"""Secondary suppression across measures (``cpanalysis.measures.linked``), worked by hand.

Each case gives one council's unprotected numerators and denominators and the
ids published so far; the expected hidden ids follow from the rules in the
module docstring (threshold 5).
"""

import pandas as pd

from cpanalysis.protect.policy import DisclosurePolicy
from cpanalysis.measures.linked import _increment_small, hidden_by_links

POLICY = DisclosurePolicy(threshold=5)


def row(num, den=None):
    return {"numerator": num, "denominator": den}


def test_eet_and_neet_hide_neet_when_the_rest_is_small_so_the_headline_stays():
    # 106 care leavers aged 17-18: 49 EET + 54 NEET leave 3 neither: hide NEET (listed last), keep EET,
    # the committee's headline. A reader then knows NEET + rest = 106 - 49 = 57, each from 0 to 57.
    rows = {"P2.12a": row(49, 106), "P2.12": row(54, 106)}
    assert hidden_by_links(rows, {"P2.12a", "P2.12"}, policy=POLICY) == {"P2.12"}
    # Whatever the sizes: 60 EET + 43 NEET leave 3, NEET goes.
    rows = {"P2.12a": row(60, 106), "P2.12": row(43, 106)}
    assert hidden_by_links(rows, {"P2.12a", "P2.12"}, policy=POLICY) == {"P2.12"}
    # 45 + 54 leave 7: nothing to hide.
    rows = {"P2.12a": row(45, 106), "P2.12": row(54, 106)}
    assert hidden_by_links(rows, {"P2.12a", "P2.12"}, policy=POLICY) == set()
    # 52 + 54 leave 0: a true zero reveals nobody.
    rows = {"P2.12a": row(52, 106), "P2.12": row(54, 106)}
    assert hidden_by_links(rows, {"P2.12a", "P2.12"}, policy=POLICY) == set()


def test_a_part_already_hidden_leaves_nothing_to_subtract():
    rows = {"P2.15a": row(3, 49), "P2.15": row(44, 49)}
    assert hidden_by_links(rows, {"P2.15"}, policy=POLICY) == set()


def test_nested_sdq_hides_the_inner_group():
    # 6 scored 17+, 5 scored 20+: 1 child scored 17-19, so 20+ is hidden.
    rows = {"P4.6a": row(6, 18), "P4.6": row(5, 18)}
    assert hidden_by_links(rows, {"P4.6a", "P4.6"}, policy=POLICY) == {"P4.6"}
    rows = {"P4.6a": row(12, 40), "P4.6": row(5, 40)}
    assert hidden_by_links(rows, {"P4.6a", "P4.6"}, policy=POLICY) == set()


def test_moves_hidden_when_extra_moves_are_few():
    # 79 moves for 77 children: 2 extra moves, so 1 or 2 children moved more than once.
    rows = {"P3.7": row(77), "P3.7a": row(79)}
    assert hidden_by_links(rows, {"P3.7", "P3.7a"}, policy=POLICY) == {"P3.7a"}
    # "107 moves for 91 children": 16 extra, publishable.
    rows = {"P3.7": row(91), "P3.7a": row(107)}
    assert hidden_by_links(rows, {"P3.7", "P3.7a"}, policy=POLICY) == set()
    # 84 moves for 77 children: 7 extra. The children who moved more than once are 1 to 7 (wide
    # enough), but those who moved three times or more are 0 to 3 (each makes 2 extra moves or
    # more: 2 x 4 = 8 > 7), a range narrower than 5: hidden. From 10 extra moves (0 to 5) it is safe.
    assert hidden_by_links({"P3.7": row(77), "P3.7a": row(84)}, {"P3.7", "P3.7a"}, policy=POLICY) == {"P3.7a"}
    assert hidden_by_links({"P3.7": row(77), "P3.7a": row(86)}, {"P3.7", "P3.7a"}, policy=POLICY) == {"P3.7a"}
    assert hidden_by_links({"P3.7": row(77), "P3.7a": row(87)}, {"P3.7", "P3.7a"}, policy=POLICY) == set()
    # No extra move: nobody moved twice, which is 0 and no one's secret.
    assert hidden_by_links({"P3.7": row(77), "P3.7a": row(77)}, {"P3.7", "P3.7a"}, policy=POLICY) == set()


def test_year_to_date_increments():
    # Q2 64 of 75 suitable, Q3 92 of 106: 31 more young people, 28 more suitable, 3 more not.
    assert _increment_small(row(92, 106), row(64, 75), percent=True, policy=DisclosurePolicy(threshold=5))
    # 12 more, 10 more suitable, 2 more not: small rest.
    assert _increment_small(row(76, 87), row(66, 75), percent=True, policy=DisclosurePolicy(threshold=5))
    # 20 more, 15 more suitable, 5 more not: all publishable.
    assert not _increment_small(row(79, 95), row(64, 75), percent=True, policy=DisclosurePolicy(threshold=5))
    # A count: 14 ceased by adoption so far against 12 last quarter: 2 in the quarter.
    assert _increment_small(row(14), row(12), percent=False, policy=DisclosurePolicy(threshold=5))
    assert not _increment_small(row(12), row(12), percent=False, policy=DisclosurePolicy(threshold=5))


def test_the_scorecard_hides_the_part_the_care_leavers_page_hides():
    # 50 EET + 50 NEET of 103 leave 3: NEET goes on the scorecard as on the page
    # (present.funnel.hide_remainder): one output hiding EET and the other NEET would give both away.
    from cpanalysis.measures.linked import remainder_part

    rows = {"P2.12a": row(50, 103), "P2.12": row(50, 103)}
    assert hidden_by_links(rows, {"P2.12a", "P2.12"}, policy=POLICY) == {"P2.12"}
    assert remainder_part([50, 50], 103, POLICY) == 1


def _r(n: int) -> dict:
    return {"numerator": n, "denominator": None}


REASONS = ("P3.21", "P3.22", "P3.23", "P3.24", "P3.26", "P3.27")


def test_leaving_reasons_never_leave_one_hidden_reason_to_subtract():
    # Hand counts: 41 left (G6) = 13 home + 4 adopted + 6 SGO + 1 CAO + 9 independent + 8 other.
    rows = {"G6": _r(41), **dict(zip(REASONS, map(_r, (13, 4, 6, 1, 9, 8)))), "P3.25": _r(7)}
    shown = {"G6", "P3.21", "P3.23", "P3.26", "P3.27", "P3.25"}       # 4 and 1 hidden as small counts
    # Hidden parts 4 + 1 = 5: two of them, adding up to at least 5: nothing more to hide.
    assert hidden_by_links(rows, shown, policy=POLICY) == set()
    # Only the 1 hidden (adopted 5 would be shown): 41 - 40 = 1 given back, so the smallest shown part
    # (adopted, 5) goes too; then 5 + 1 = 6 across two reasons is safe.
    rows["P3.22"] = _r(5)
    rows["G6"] = _r(42)
    assert hidden_by_links(rows, shown | {"P3.22"}, policy=POLICY) == {"P3.22"}
    # 2 + 1 hidden = 3 across two reasons: a small group; the smallest shown part (SGO, 6) goes too.
    rows.update({"P3.22": _r(2), "G6": _r(39)})
    assert hidden_by_links(rows, shown, policy=POLICY) == {"P3.23"}


def test_care_orders_discharged_hidden_when_few_went_home_without_one():
    # 13 home + 5 child arrangements = 18; 16 care orders discharged: 2 went home without one.
    rows = {"G6": _r(60), **dict(zip(REASONS, map(_r, (13, 12, 10, 5, 10, 10)))), "P3.25": _r(16)}
    shown = set(rows)
    assert hidden_by_links(rows, shown, policy=POLICY) == {"P3.25"}
    rows["P3.25"] = _r(13)                                             # 18 - 13 = 5: safe
    assert hidden_by_links(rows, shown, policy=POLICY) == set()


def test_a_later_quarter_never_narrows_a_part_hidden_earlier_in_the_year():
    # The peer data's care leavers aged 17-18, 2020-21 (hand counts): at Q2, 11 in the group, NEET 6
    # shown and EET hidden, so EET was at most 11 - 6 = 5. At Q3, EET 10 of 18: 8 not in EET, and
    # everyone not in EET at Q2 is among them, so EET at Q2 was at least 11 - 8 = 3: 3 to 5.
    from cpanalysis.measures.linked import _bounds_earlier_part

    q3 = pd.Series({"numerator": 10, "denominator": 18})
    assert _bounds_earlier_part(q3, [(11, 6)], POLICY)
    # With 14 of 30 in EET at Q3 (16 not), EET at Q2 is anything from 0 to 5: nothing narrowed.
    assert not _bounds_earlier_part(pd.Series({"numerator": 14, "denominator": 30}), [(11, 6)], POLICY)
    # Nothing hidden earlier in the year: nothing to narrow.
    assert not _bounds_earlier_part(q3, [], POLICY)


def _oc3(year, dob, n, in_touch):
    return [{"CHILD": f"{dob}-{k}", "YEAR": year, "DOB": pd.Timestamp(dob), "IN_TOUCH": in_touch[k],
             "ACTIV": "F2", "ACCOM": "U1"} for k in range(n)]


def test_a_rounded_year_to_date_value_is_not_hidden_for_its_increment():
    # Hand-built: care leavers aged 17-18 in 2024-25 whose 17th or 18th birthday falls in Q1 (37, all in
    # touch) or Q3 (69, 66 in touch). Q1: 37 of 37. Q3 year to date: 103 of 106, printed "95% or more"
    # (99 to 106 of 106). The exact increment (3 not in touch added) would be hidden as a number, but
    # to a reader the not-in-touch added since Q1 are anything from 0 to 7: the value is published.
    from cpanalysis.measures import MeasureData
    from cpanalysis.measures.disclosure import publish
    from cpanalysis.measures.linked import ytd_flags
    from cpanalysis.measures.registry import MEASURES
    from cpanalysis.quarters import Quarter

    rows = _oc3(2024, "2007-05-10", 37, ["YES"] * 37) + _oc3(2024, "2007-11-10", 69, ["YES"] * 66 + ["NO"] * 3)
    d = MeasureData(tables={"oc3": pd.DataFrame(rows)}, years=[2024])
    r = MEASURES["P5.9"].results(d, Quarter(2024, 3)).iloc[0]
    assert (int(r["numerator"]), int(r["denominator"])) == (103, 106)
    assert publish(MEASURES["P5.9"], 103, 106, None, True, policy=POLICY) == ("95% or more", "rounded")
    assert _increment_small(row(103, 106), row(37, 37), True, POLICY)   # exact figures would be hidden
    assert not ytd_flags("P5.9", d, Quarter(2024, 3), POLICY)["value"].iloc[0]


def test_placement_groups_inside_the_children_in_care_leave_room_for_a_hidden_group():
    # Hand counts. 150 children in care; groups that cannot overlap: in-house foster 60, external
    # foster 40, family and friends 25, residential 12, placed with parents 9, educational provision
    # 2 (hidden: small). Room = 150 - (60 + 40 + 25 + 12 + 9) = 4 < 5: the hidden group is known to
    # be 0 to 4, so the smallest published group (placed with parents, 9) is hidden too: room 13.
    ids = ("P3.1", "P3.2", "P3.10", "P3.3", "P3.9", "P2.10")
    rows = {"G1": row(150), **dict(zip(ids, map(row, (60, 40, 25, 12, 9, 2))))}
    published = {"G1", *ids} - {"P2.10"}
    assert hidden_by_links(rows, published, policy=POLICY) == {"P3.9"}
    # With 4 more children in none of the groups (154 in care) the room is 8: nothing more hidden.
    rows["G1"] = row(154)
    assert hidden_by_links(rows, published, policy=POLICY) == set()
    # Nothing hidden and 3 children in no group (the groups shown add up to 147 of 150): the 3 are
    # given exactly, so the smallest group goes.
    rows = {"G1": row(150), **dict(zip(ids, map(row, (60, 40, 25, 12, 5, 5))))}
    assert hidden_by_links(rows, {"G1", *ids}, policy=POLICY) == {"P3.9"}
    # Every child in a published group (room 0): nothing to protect.
    rows["G1"] = row(147)
    assert hidden_by_links(rows, {"G1", *ids}, policy=POLICY) == set()

"""Year-to-date percentages published rounded instead of hidden (``cpanalysis.measures.linked``), worked by hand.

Threshold 5, protection width 5 (the defaults): a count a reader can pin to a
range that reaches into 1 to 4 must keep that range at least 5 wide (``high -
low``) and not inside 1 to 4. A year-to-date group, its numerator and its rest
(group - numerator) only grow, so a reader holding the earlier quarters knows
each quarter's increment of all three from 0 upwards.

The hand numbers are the demo council's care leavers aged 17-18 in suitable
accommodation (P5.2a), 2024-25: Q1 31 of 37, Q2 64 of 75, Q3 92 of 106, Q4 123
of 143.
"""

import pandas as pd
import pytest

from cpanalysis.measures.disclosure import published_figures, rounded_form
from cpanalysis.measures.linked import chain_safe, range_safe, ytd_percentage
from cpanalysis.protect.policy import DisclosurePolicy

POLICY = DisclosurePolicy(threshold=5)


def pt(k: int, n: int) -> frozenset:
    return frozenset({(k, n)})


def increments(pairs, k0: int, n0: int) -> list[tuple[int, int]]:
    """Ranges (low, high) of the group's, the numerator's and the rest's increment over an exact earlier (k0, n0).

    Worked here without the module's code: every pair the reader cannot tell apart that can follow (k0, n0).
    """
    grows = [(k, n) for k, n in pairs if k >= k0 and n >= n0 and n - k >= n0 - k0]
    incs = [(n - n0, k - k0, (n - k) - (n0 - k0)) for k, n in grows]
    return [(min(x[j] for x in incs), max(x[j] for x in incs)) for j in range(3)]


Q1, Q2 = pt(31, 37), pt(64, 75)


def test_range_safe_is_the_interval_attack_test():
    assert range_safe(0, 0, POLICY) and range_safe(28, 31, POLICY) and range_safe(0, 10, POLICY)
    assert not range_safe(3, 3, POLICY)          # exact and small
    assert not range_safe(3, 7, POLICY)          # holds 3 and 4, only 4 wide
    assert not range_safe(0, 4, POLICY)          # 0 to 4: narrower than 5
    assert range_safe(0, 5, POLICY)              # 0 to 5: 5 wide
    assert not range_safe(1, 4, DisclosurePolicy(threshold=5, protection=2))   # inside 1-4, however wide


def test_the_demo_q3_is_printed_80_percent_or_more_instead_of_hidden():
    # Q2 64 of 75 (rest 11); Q3 92 of 106 (rest 14): group +31, suitable +28, rest +3. Printed exactly
    # (86.8%), with the group printed on the care leavers page (106), the 3 would be given back.
    assert not chain_safe([Q1, Q2, pt(92, 106)], POLICY)
    d = ytd_percentage("P5.2a", 92, 106, [Q1, Q2], [Q1, Q2], POLICY)
    assert d.kind == "rounded"
    assert d.form.display == "80% or more"
    # "80% or more" of 106: 100 k >= 80 x 106 = 8480, so k >= 85; the rest only grows (>= 11), so
    # k <= 95. The counts that cannot be printed exactly are 91 to 94 (rest +1 to +4); printed in the
    # band with their nearest neighbours until the rest's increment is 5 wide: 90 (rest +5) and 95
    # (rest +0). The reader's counts are 90 to 95 of 106, whatever the true 92 (and 90 and 95, which
    # could be printed exactly on their own, are printed "80% or more" too).
    assert sorted(d.pairs) == [(k, 106) for k in range(90, 96)]
    # Increments over Q2: group 31 exactly (not small), suitable 26 to 31, rest 0 to 5: all safe.
    assert increments(d.pairs, 64, 75) == [(31, 31), (26, 31), (0, 5)]
    # 91 to 94 with 90 only: rest +1 to +5, 4 wide, not enough.
    assert not chain_safe([Q1, Q2, frozenset((k, 106) for k in range(90, 95))], POLICY)
    # Every finer form leaves the rest's increment too narrow:
    # "about 85%" (step 5: 82.5% to 87.5%, k = 88..92): rest +3 to +7, 4 wide.
    f5 = rounded_form(92, 106, ("step", 5))
    assert f5.display == "about 85%" and list(f5.counts) == [88, 89, 90, 91, 92]
    assert increments([(k, 106) for k in f5.counts], 64, 75)[2] == (3, 7)
    # "90% or more" (step 10's top bucket, 85% up: k = 91..106, and k <= 95): rest +0 to +4.
    f10 = rounded_form(92, 106, ("step", 10))
    assert f10.display == "90% or more" and f10.counts.start == 91
    assert increments([(k, 106) for k in f10.counts], 64, 75)[2] == (0, 4)
    # "85% or more" (k >= 90.1: 91..95): the same 0 to 4.
    assert rounded_form(92, 106, ("at_least", 85)).counts.start == 91


def test_a_count_the_bucket_needs_is_printed_in_it_whatever_its_own_increment():
    # 90 of 106 (rest 16: +5 over Q2) could be printed exactly on its own, but the bucket printed for
    # the counts that cannot (91 to 94: rest +1 to +4) needs it, so it is printed "80% or more" too: a
    # reader seeing the bucket cannot tell which of 90 to 95 it was. 88 and 86 of 106 (rest +7, +9) are
    # not needed: exact, as before.
    assert chain_safe([Q1, Q2, pt(90, 106)], POLICY)
    d = ytd_percentage("P5.2a", 90, 106, [Q1, Q2], [Q1, Q2], POLICY)
    assert (d.kind, d.form.display) == ("rounded", "80% or more")
    for k in (88, 86, 84):
        d = ytd_percentage("P5.2a", k, 106, [Q1, Q2], [Q1, Q2], POLICY)
        assert d.kind == "own" and d.pairs == pt(k, 106)


def test_a_needy_count_no_bucket_protects_stays_hidden():
    # 66 of 106: suitable +2 over Q2. "about 60%" (step 5, k = 61..66, and k >= 64) leaves +0 to +2,
    # "about 65%" (67..71) does not hold it, step 10's "about 60%" (59..68, k >= 64) +0 to +4: hidden.
    d = ytd_percentage("P5.2a", 66, 106, [Q1, Q2], [Q1, Q2], POLICY)
    assert d.kind == "hidden" and not d.pairs


def test_the_next_quarter_compares_with_the_bucket_not_the_true_count():
    q3 = ytd_percentage("P5.2a", 92, 106, [Q1, Q2], [Q1, Q2], POLICY).pairs
    assert sorted(q3) == [(k, 106) for k in range(90, 96)]
    # Q4 123 of 143 (rest 20). Against Q3's 90..95 of 106 (rest 11..16): Q3's rest increment over Q2
    # stays 0 to 5, Q4's over Q3 is 20 - 16 to 20 - 11 = 4 to 9; suitable +28 to +33, group +37.
    # Printed exactly, as before (against the true 92 the rest's +6 was safe as well).
    d = ytd_percentage("P5.2a", 123, 143, [Q1, Q2, q3], [Q1, Q2], POLICY)
    assert d.kind == "own" and d.pairs == pt(123, 143)
    # Q4 102 of 116 (rest 14): the rest at Q3 was at most 14, so Q3's rest increment would be 0 to 3:
    # printed exactly it would narrow what Q3 printed. Printed rounded instead, safely.
    assert not chain_safe([Q1, Q2, q3, pt(102, 116)], POLICY)
    d = ytd_percentage("P5.2a", 102, 116, [Q1, Q2, q3], [Q1, Q2], POLICY)
    assert d.kind == "rounded" and chain_safe([Q1, Q2, q3, d.pairs], POLICY)
    # Q4 100 of 116 (rest 16) is safe exactly (Q3's rest +0 to +5, Q4's +0 to +5, suitable +5 to +10),
    # 101 of 116 (rest 15) is not (Q3's rest at most 15: +0 to +4). "about 85%" (82.5% to 87.5%: 96
    # to 101) printed for 101 needs its neighbour 100: both printed "about 85%".
    assert chain_safe([Q1, Q2, q3, pt(100, 116)], POLICY)
    assert not chain_safe([Q1, Q2, q3, pt(101, 116)], POLICY)
    d = ytd_percentage("P5.2a", 100, 116, [Q1, Q2, q3], [Q1, Q2], POLICY)
    assert (d.kind, d.form.display) == ("rounded", "about 85%")
    assert sorted(d.pairs) == [(100, 116), (101, 116)]
    assert chain_safe([Q1, Q2, q3, d.pairs], POLICY)


def test_a_group_grown_by_three_is_printed_rounded_with_its_size_about_110():
    # Q2 100 of 106 (rest 6); Q3 103 of 109: group +3, suitable +3, rest +0. The group's size is hidden
    # (it grew by 3); a reader is taken to know it "about 110": 105 to 114, and at least 106.
    q2 = pt(100, 106)
    d = ytd_percentage("P5.2a", 103, 109, [q2], [q2], POLICY, base_hidden=True)
    assert d.kind == "rounded"
    assert (d.form.display, d.form.base) == ("90% or more", 110)     # step 10's top bucket: 85% up
    # The reader's pairs: n from 106 to 114, k from 100 (Q2) to n - 6 (the rest only grows), with
    # 100 k >= 85 n (all such k: 85% of 114 is 96.9 < 100), less 100 of 113 and 100 of 114 (88.5% and
    # 87.7%), which the finer step 1 prints "about 88%": group +7 or +8, suitable +0, rest +7 or +8, no
    # increment from 1 to 4. So group +0 to +8, suitable +0 to +8 (114 - 6 = 108), rest +0 to +7
    # (112 - 100 - 6 or 114 - 101 - 6): each at least 7 wide.
    every = frozenset((k, n) for n in range(106, 115) for k in range(100, n - 5))
    assert d.pairs == every - {(100, 113), (100, 114)}
    assert ytd_percentage("P5.2a", 100, 114, [q2], [q2], POLICY, base_hidden=True).form.display == "about 88%"
    assert increments(d.pairs, 100, 106) == [(0, 8), (0, 8), (0, 7)]


def test_tiny_groups_stay_hidden():
    # Q2 30 of 37; Q3 33 of 40: group +3. Fewer than 100 (round_percent_base): never rounded.
    q2 = pt(30, 37)
    assert ytd_percentage("P5.2a", 33, 40, [q2], [q2], POLICY, base_hidden=True).kind == "hidden"
    # Q3 33 of 50: suitable +3, group +13, rest +10: hidden, as before.
    assert ytd_percentage("P5.2a", 33, 50, [q2], [q2], POLICY).kind == "hidden"
    # With round_percent_base 30 the 50 could be rounded, and must then be safe.
    d = ytd_percentage("P5.2a", 33, 50, [q2], [q2], DisclosurePolicy(threshold=5, round_percent_base=30))
    if d.kind == "rounded":
        assert chain_safe([q2, d.pairs], POLICY)


def test_a_shrinking_year_to_date_is_hidden():
    # 96 of 106 after 64 of 75: the rest would fall from 11 to 10, which a year to date cannot do.
    assert ytd_percentage("P5.2a", 96, 106, [Q1, Q2], [Q1, Q2], POLICY).kind == "hidden"


def _oc3(dob: str, suitable: int, not_suitable: int) -> list[dict]:
    accom = ["U1"] * suitable + ["U2"] * not_suitable
    return [{"CHILD": f"{dob}-{i}", "YEAR": 2024, "DOB": pd.Timestamp(dob), "IN_TOUCH": "YES", "ACTIV": "F2",
             "ACCOM": a} for i, a in enumerate(accom)]


@pytest.fixture(scope="module")
def demo_like():
    from cpanalysis.measures import MeasureData

    # 17th birthdays in Q1, Q2, Q3 and Q4 of 2024-25: 31 + 6, 33 + 5, 28 + 3, 31 + 6 suitable + not.
    rows = (_oc3("2007-05-10", 31, 6) + _oc3("2007-08-10", 33, 5) + _oc3("2007-11-10", 28, 3)
            + _oc3("2008-02-10", 31, 6))
    return MeasureData(tables={"oc3": pd.DataFrame(rows)}, years=[2024])


def test_ytd_flags_walks_the_year_with_the_rounded_quarter(demo_like):
    from cpanalysis.measures.linked import ytd_flags, ytd_hidden, ytd_rounded
    from cpanalysis.measures.registry import MEASURES
    from cpanalysis.quarters import Quarter

    counts = [tuple(int(MEASURES["P5.2a"].results(demo_like, Quarter(2024, q)).iloc[0][c])
                    for c in ("numerator", "denominator")) for q in (1, 2, 3, 4)]
    assert counts == [(31, 37), (64, 75), (92, 106), (123, 143)]
    q3 = ytd_flags("P5.2a", demo_like, Quarter(2024, 3), POLICY).iloc[0]
    # Hidden unless printed rounded: a caller that prints c for it stays safe.
    assert q3["value"] and not q3["base"] and q3["rounded"].display == "80% or more"
    assert ytd_hidden("P5.2a", demo_like, Quarter(2024, 3), POLICY).iloc[0]
    assert ytd_rounded("P5.2a", demo_like, Quarter(2024, 3), POLICY).iloc[0].display == "80% or more"
    q4 = ytd_flags("P5.2a", demo_like, Quarter(2024, 4), POLICY).iloc[0]
    assert not q4["value"] and q4["rounded"] is None
    assert not ytd_flags("P5.2a", demo_like, Quarter(2024, 2), POLICY).iloc[0]["value"]


def test_published_figures_of_a_year_to_date_rounded_value():
    # 100 of 116 printed "about 85%": worked with as printed, 85% of about 120 = 102 of 120.
    row = {"numerator": 100, "denominator": 116, "value": 86.2, "spread": float("nan")}
    form = rounded_form(100, 116, ("step", 5))
    assert published_figures(row, "rounded", policy=POLICY, form=form) == pytest.approx(
        {"numerator": 102, "denominator": 120, "value": 85.0, "spread": float("nan")}, nan_ok=True)
    # "80% or more" (92 of 106) says only "at least 80%": no figures, so no direction or funnel verdict
    # is worked out from its edge. Nor from the counts when the form is not given (92 of 106 is not
    # rounded on its own).
    row = {"numerator": 92, "denominator": 106, "value": 86.79, "spread": float("nan")}
    for out in (published_figures(row, "rounded", policy=POLICY, form=rounded_form(92, 106, ("at_least", 80))),
                published_figures(row, "rounded", policy=POLICY)):
        assert out["numerator"] is None and out["denominator"] is None and pd.isna(out["value"])


def test_the_walk_compares_the_next_quarter_with_what_q3_printed():
    from cpanalysis.measures import MeasureData
    from cpanalysis.measures.linked import ytd_flags
    from cpanalysis.quarters import Quarter

    # As above, but the 37 with a birthday in Q4 are all in suitable accommodation: Q4 129 of 143,
    # rest 14. Against the true Q3 (92 of 106, rest 14) nothing changed in the rest: exact would do.
    # Against what Q3 printed (90 to 95 of 106, rest 11 to 16) the rest at Q3 would be at most 14, so
    # Q3's rest increment over Q2 0 to 3. Printed "about 90%" (127 to 131 of 143, rest 12 to 16): Q3's
    # rest +0 to +5, Q4's +0 to +5, suitable +32 to +41, group +37.
    rows = (_oc3("2007-05-10", 31, 6) + _oc3("2007-08-10", 33, 5) + _oc3("2007-11-10", 28, 3)
            + _oc3("2008-02-10", 37, 0))
    d = MeasureData(tables={"oc3": pd.DataFrame(rows)}, years=[2024])
    assert chain_safe([Q1, Q2, pt(92, 106), pt(129, 143)], POLICY)
    q4 = ytd_flags("P5.2a", d, Quarter(2024, 4), POLICY).iloc[0]
    assert q4["value"] and q4["rounded"].display == "about 90%"
    q3 = ytd_percentage("P5.2a", 92, 106, [Q1, Q2], [Q1, Q2], POLICY).pairs
    got = ytd_percentage("P5.2a", 129, 143, [Q1, Q2, q3], [Q1, Q2], POLICY)
    assert sorted(got.pairs) == [(k, 143) for k in range(127, 132)]


def test_the_scorecard_and_the_pages_print_the_rounded_form_not_c(monkeypatch):
    # Wiring: where the year-to-date rule gives a rounded form, the scorecard (published_values) prints it
    # with status rounded, and a page's point prints the same form with its group as "about 110", not c.
    import cpanalysis.measures.scorecard as sc
    from cpanalysis.measures.registry import MEASURES, Result
    from cpanalysis.present.funnel import Point
    from cpanalysis.quarters import Quarter

    form = rounded_form(92, 106, ("at_least", 80))
    assert form is not None
    m = MEASURES["P5.2a"]
    flags = pd.DataFrame({"value": [True], "base": [False], "rounded": [form]}, index=["Demo"])
    res = {m.id: pd.DataFrame({"numerator": [92], "denominator": [106], "value": [86.8], "spread": [float("nan")],
                               "available": [True]}, index=["Demo"])}
    monkeypatch.setattr(sc, "ytd_flags", lambda *a, **k: flags)
    assert sc.published_values(None, Quarter(2024, 3), [m], res, POLICY)[(m.id, "Demo")] == (form.display, "rounded")
    flags.loc["Demo", "rounded"] = None    # no rounding protects it: hidden as before
    assert sc.published_values(None, Quarter(2024, 3), [m], res, POLICY)[(m.id, "Demo")] == ("c", "secondary")
    result = Result(numerator=92, denominator=106, value=86.8, available=True)
    point = Point(m.id, "2024-25 to Q3", "", result, form.display, "rounded", True, POLICY, form=form)
    assert point.cell() == form.display and point.base(POLICY) == f"about {form.base:,}"
    assert Point(m.id, "2024-25 to Q3", "", result, "c", "secondary", True, POLICY).base(POLICY) == "c"

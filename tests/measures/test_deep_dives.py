"""Deep dives on the hand-built council (``fixture_measures.py``): small counts come out hidden."""

import pandas as pd

from cpanalysis.protect.policy import DisclosurePolicy
from cpanalysis.measures.deep_dives import out_of_borough, placed_with_parents_over_time, placement_moves, reviews_overdue
from cpanalysis.quarters import Quarter
from fixture_measures import data, data_with_more_placed_out

POLICY = DisclosurePolicy(threshold=5)

Q3 = Quarter.parse("2024-25 Q3")


def test_placement_moves_hides_small_counts():
    dd = placement_moves(data(), Q3, policy=POLICY)
    # 3 moves (A once, D twice) for 2 children: both under 5, so hidden.
    assert dd.summary == {"moves": "c", "children": "c", "moves per child": "c"}
    assert dd.private["moves per child"]["children"].to_dict() == {1: 1, 2: 1}


def test_out_of_borough_groups_small_councils():
    dd = out_of_borough(data(), Q3, policy=POLICY)
    t = dd.tables["by receiving council"]
    assert dd.summary["placed out of borough"] == "c"        # A and D in Z2
    assert list(t["council_code"]) == [""] and list(t["children"]) == ["c"]


def test_reviews_overdue_and_series():
    dd = reviews_overdue(data(), Q3, policy=POLICY)
    assert dd.summary["children in care over a month"] == "7"
    assert dd.summary["review overdue"] == "a suppressed number (c)"   # B, D, K
    s = placed_with_parents_over_time(data(), [Quarter.parse("2022-23 Q4"), Q3], policy=POLICY)
    assert list(s["children"]) == ["x", "c"]


def test_placed_with_parents_is_hidden_whenever_the_scorecard_hides_it(monkeypatch):
    # The stability page's series and the scorecard's P3.9 must agree: when a link between measures
    # hides P3.9 on the scorecard (here forced), the series hides it too, share and all.
    import cpanalysis.measures.scorecard as sc

    q = Quarter.parse("2023-24 Q4")
    real = sc.publish  # the fixture's P3.9 is small (c); make it publishable to see the link act
    monkeypatch.setattr(sc, "publish", lambda m, *a, **k: ("12", "shown") if m.id == "P3.9" else real(m, *a, **k))
    shown = placed_with_parents_over_time(data(), [q], policy=POLICY)
    monkeypatch.setattr(sc, "hidden_by_links", lambda rows, published, policy: {"P3.9"} & set(published))
    hidden = placed_with_parents_over_time(data(), [q], policy=POLICY)
    assert shown.loc[0, "children"] == "12"
    assert list(hidden.loc[0, ["children", "share"]]) == ["c", "c"]


def test_out_of_borough_total_cannot_give_back_the_small_group():
    """See ``fixture_measures.data_with_more_placed_out``: Z2 receives 8, "other councils" 3.

    Publishing 8 and the total 11 would give the 3 back by subtraction, so Z2
    must be hidden as well; the total stays shown.
    """
    dd = out_of_borough(data_with_more_placed_out(), Q3, policy=POLICY)
    table = dd.tables["by receiving council"]
    assert dd.summary["placed out of borough"] == "11"
    assert list(table["council_name"]) == ["Next Borough", "other councils (each fewer than 5)"]
    assert list(table["children"]) == ["c", "c"]


def test_moves_or_their_split_are_hidden_when_a_difference_would_be_small():
    # Hand counts. M moves by C children, C1 moving once, C2 more than once; the scorecard publishes M
    # and C, the deep dive C1 and C2. e = M - C puts C2 in 1..e and those moving 3+ times in 0..e/2
    # (two extra moves each at least): moves hidden unless e = 0 or e >= 2 x 5 = 10. With M shown,
    # b = M - C1 - 2 C2 puts those moving 3+ times in 1..b: split hidden when 1 <= b <= 5.
    from cpanalysis.measures.deep_dives import moves_disclosure

    policy = DisclosurePolicy(threshold=5)
    # 20 once, 6 twice, 1 three times: M = 35, C = 27, e = 8: 3+ times in 0..4, moves hidden.
    assert moves_disclosure(pd.Series([1] * 20 + [2] * 6 + [3]), policy=policy) == (True, False)
    # 20 once, 10 twice, 1 three times: M = 43, C = 31, e = 12 (0..6 and 1..12: wide); b = 43 - 20 - 22 = 1.
    assert moves_disclosure(pd.Series([1] * 20 + [2] * 10 + [3]), policy=policy) == (False, True)
    # 5 children three times: M = 47, C = 31, e = 16; b = 47 - 20 - 22 = 5: 1..5 is narrower than 5 wide.
    assert moves_disclosure(pd.Series([1] * 20 + [2] * 6 + [3] * 5), policy=policy) == (False, True)
    # 8 children three times: e = 6 + 16 = 22, b = 22 - 14 = 8: 1..8, both shown.
    assert moves_disclosure(pd.Series([1] * 20 + [2] * 6 + [3] * 8), policy=policy) == (False, False)
    # Nobody moved more than once: 0 and 0 tell nothing about anyone.
    assert moves_disclosure(pd.Series([1] * 12), policy=policy) == (False, False)
    # 3 children moved twice: e = 3, moves hidden.
    assert moves_disclosure(pd.Series([1] * 12 + [2] * 3), policy=policy) == (True, False)
    # At threshold 10, e = 16 < 20: the moves are hidden.
    assert moves_disclosure(pd.Series([1] * 20 + [2] * 6 + [3] * 5), policy=DisclosurePolicy(threshold=10)) == (True, False)


def test_small_reasons_are_merged_into_a_named_group_before_anything_is_hidden():
    # Hand counts (2024-25 Q3 of the synthetic council): care plan 19, other 10, not recorded 45 and ten
    # reasons of 1 to 4 moves each adding up to 24. Merged, every row can be shown; before, 11 of 13 were c.
    from cpanalysis.measures.deep_dives import _one_way, merge_small

    reasons = pd.Series({"ALLEG": 3, "APPRR": 2, "CARPL": 19, "CHILD": 4, "CLOSE": 1, "CREQB": 2, "CREQO": 3,
                         "LAREQ": 4, "OTHER": 10, "PLACE": 1, "STAND": 4, "not recorded": 45})
    merged = merge_small(reasons, "other reasons", POLICY)
    assert merged.to_dict() == {"CARPL": 19, "OTHER": 10, "not recorded": 45, "other reasons": 24}
    table = _one_way(merged, "moves", POLICY)
    assert list(table["moves"].astype(str)) == ["19", "10", "45", "24", "98"]
    # One small reason alone is not merged (it would only be renamed): the table hides it as before.
    assert merge_small(pd.Series({"a": 20, "b": 3}), "other", POLICY).to_dict() == {"a": 20, "b": 3}
    # Two small reasons adding up to 4: merged, still small, so the table hides the group and another cell.
    small = _one_way(merge_small(pd.Series({"a": 20, "b": 3, "c": 1, "d": 9}), "other", POLICY), "moves", POLICY)
    assert small.loc["other", "moves"] == "c" and (small["moves"] == "c").sum() == 2


def test_a_total_the_scorecard_prints_is_never_hidden_to_protect_a_table(monkeypatch):
    # Hiding a total the scorecard prints (P3.7a moves, P3.7 children who moved, P3.4a placed out of
    # borough) would protect nothing: the deep dives pass it to suppress as known exactly when the
    # scorecard prints it as an exact figure.
    import cpanalysis.measures.deep_dives as dd
    from cpanalysis.measures.deep_dives import printed_exactly

    def printed(cells):
        return lambda mid, point: cells.get(mid)

    assert printed_exactly(printed({"P3.7a": ("98", "shown")}), "P3.7a", Q3)
    assert printed_exactly(printed({"P3.7a": ("0", "zero")}), "P3.7a", Q3)
    assert not printed_exactly(printed({"P3.7a": ("c", "secondary")}), "P3.7a", Q3)
    assert not printed_exactly(printed({"P3.7a": ("about 100", "rounded")}), "P3.7a", Q3)
    assert not printed_exactly(None, "P3.7a", Q3) and not printed_exactly(printed({}), "P3.7a", Q3)

    seen = []
    real = dd.suppress
    monkeypatch.setattr(dd, "suppress", lambda t, **kw: seen.append(list(kw.get("known", ()))) or real(t, **kw))
    dd._one_way(pd.Series({"a": 2, "b": 9}), "moves", POLICY, total_known=True)
    dd._one_way(pd.Series({"a": 2, "b": 9}), "moves", POLICY)
    dd.from_to_table(pd.Series(["x"] * 6 + ["y"] * 6), pd.Series(["y"] * 6 + ["x"] * 6), POLICY, total_known=True)
    assert seen[:3] == [[("Total", "moves")], [], [("Total", "Total")]]
    seen.clear()
    out_of_borough(data_with_more_placed_out(), Q3, POLICY, printed({"P3.4a": ("9", "shown")}))
    assert seen == [[("Total", "children")]]

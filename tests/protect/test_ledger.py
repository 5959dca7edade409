"""The page ledger: tables about the same children protected together (``cpanalysis.protect.ledger``).

Hand-built page of 12 year 11 leavers, P01-P12, threshold 5:

| pupil | destination | NEET % base (known destination) |
|---|---|---|
| P01-P06 | sixth form | yes |
| P07-P11 | NEET | yes |
| P12 | not known | no |

Table "destinations": sixth form 6, NEET 5, not known 1 (primary, hidden), all leavers 12. Protected
on its own, suppress hides "not known" (1) and one more cell, NEET 5 (the smallest large enough), so
that the total 12 does not give it back.
Table "neet rate": base 11 (the leavers with a known destination), NEET 5.
Together: all leavers 12 (printed) less the NEET base 11 (printed) = 1, the hidden "not known":
the page gives it back though each table is safe. The ledger finds the gap (12 - 11 = 1) and hides
the inner group, the NEET base (both cost the same: the inner is chosen on a tie). It also finds
the destinations table's NEET (5), hidden there but printed by the NEET rate: built again knowing
that, the destinations table hides sixth form (6) beside "not known" instead.
"""

from __future__ import annotations

import pandas as pd
import pytest

from cpanalysis.protect import suppress
from cpanalysis.protect.ledger import Ledger, active_ledger, protect_page, protect_table
from cpanalysis.protect.policy import DisclosurePolicy

POLICY = DisclosurePolicy(threshold=5)
P = [f"P{i:02d}" for i in range(1, 13)]
SIXTH, NEET, UNKNOWN = frozenset(P[:6]), frozenset(P[6:11]), frozenset(P[11:])


def _destinations():
    counts = pd.DataFrame({"Pupils": [6, 5, 1]}, index=["sixth form", "NEET", "not known"])
    members = {("sixth form", "Pupils"): SIXTH, ("NEET", "Pupils"): NEET, ("not known", "Pupils"): UNKNOWN,
               ("Total", "Pupils"): SIXTH | NEET | UNKNOWN}
    labels = {k: f"destination: {k[0]}" for k in members if k[0] != "Total"}
    return protect_table("destinations", counts, members, policy=POLICY, labels=labels)


def _neet_rate():
    counts = pd.DataFrame({"with": [5], "without": [6]}, index=["All pupils"])
    members = {("All pupils", "Total"): SIXTH | NEET, ("All pupils", "with"): NEET,
               ("Total", "Total"): SIXTH | NEET, ("Total", "with"): NEET}
    return protect_table("neet rate", counts, members, policy=POLICY, labels={("All pupils", "with"): "neet",
                                                                               ("Total", "with"): "neet"})


def _page():
    return {"destinations": _destinations().published(), "neet rate": _neet_rate().published()}


def test_each_table_alone_is_safe_but_the_page_gives_the_unknown_back():
    ledger = Ledger(POLICY)
    from cpanalysis.protect import ledger as module
    token = module._ACTIVE.set(ledger)
    try:
        page = _page()
    finally:
        module._ACTIVE.reset(token)
    assert page["destinations"].loc["not known", "Pupils"] == "c"
    assert page["neet rate"].loc["Total", "Total"] == 11
    exposed = ledger.exposures()
    # The gap, and the NEET count the destinations table hid to protect "not known" (5), which the
    # NEET rate prints: hidden in one table, printed in another, it protects nothing.
    assert sorted((e.value, e.cells[0].table, e.cells[1].table) for e in exposed) == [
        (1, "destinations", "neet rate"), (5, "destinations", "neet rate")]


def test_the_page_hides_the_neet_base_and_nothing_is_left_exposed():
    page, ledger = protect_page(_page, POLICY)
    assert ledger.exposures() == []
    assert ledger.hide == {"neet rate": {("All pupils", "Total"), ("Total", "Total")}}
    assert page["neet rate"].loc["Total", "Total"] == "c"
    assert page["destinations"]["Pupils"].tolist() == ["c", 5, "c", 12]  # NEET printed as in the rate
    assert active_ledger() is None                                  # the page's ledger is gone after it


def test_a_headline_costing_more_is_kept_and_the_other_group_hidden():
    def page():
        counts = pd.DataFrame({"with": [5], "without": [6]}, index=["All pupils"])
        members = {("All pupils", "Total"): SIXTH | NEET, ("Total", "Total"): SIXTH | NEET}
        rate = protect_table("neet rate", counts, members, policy=POLICY, cost=dict.fromkeys(members, 5.0))
        return {"destinations": _destinations().published(), "neet rate": rate.published()}

    got, ledger = protect_page(page, POLICY)
    assert ledger.exposures() == [] and "destinations" in ledger.hide and "neet rate" not in ledger.hide
    assert got["destinations"].loc["Total", "Pupils"] == "c" and got["neet rate"].loc["Total", "Total"] == 11


def test_outcomes_that_happen_to_nest_say_nothing_but_declared_nestings_do():
    # 8 pupils met maths, all of whom met writing (10): a reader cannot know the one lies in the other,
    # unless one is by definition inside the other (all three subjects inside writing).
    writing, maths = frozenset(P[:10]), frozenset(P[:8])
    for nested, found in ((frozenset(), []), (frozenset({("writ", "mat")}), [2])):
        ledger = Ledger(POLICY, nested=nested)
        ledger.register("writing", {("All", "with"): writing}, {}, labels={("All", "with"): "writ"})
        ledger.register("maths", {("All", "with"): maths}, {}, labels={("All", "with"): "mat"})
        assert [e.value for e in ledger.exposures()] == found
    # a group inside a population is always known to lie in it: 10 of 12 leavers met writing
    ledger = Ledger(POLICY)
    ledger.register("writing", {("All", "with"): writing}, {}, labels={("All", "with"): "writ"})
    ledger.register("leavers", {("All", "Total"): frozenset(P)}, {})
    assert [e.value for e in ledger.exposures()] == [2]


def test_a_hidden_count_printed_by_another_table_is_exposed_small_or_not():
    ledger = Ledger(POLICY)
    ledger.register("a", {("r", "small"): UNKNOWN, ("r", "large"): SIXTH}, {("r", "small"): True, ("r", "large"): True})
    ledger.register("b", {("r", "small"): UNKNOWN, ("r", "large"): SIXTH}, {})
    exposed = ledger.exposures()
    assert sorted(e.value for e in exposed) == [1, 6]
    # The small one: its copy is hidden at once. The large one: the table is first built again knowing
    # the copy (protect_table); only still exposed on the next build is its copy hidden too.
    assert ledger.repair(exposed)
    assert ledger.hide == {"b": {("r", "small")}}
    assert ledger.repair(exposed, before=frozenset(e.what for e in exposed))
    assert ledger.hide == {"b": {("r", "small"), ("r", "large")}}


def test_outside_a_page_protect_table_is_suppress():
    counts = pd.DataFrame({"Pupils": [6, 5, 1]}, index=["sixth form", "NEET", "not known"])
    assert active_ledger() is None
    alone = protect_table("destinations", counts, {}, policy=POLICY).published()
    assert alone.equals(suppress(counts, policy=POLICY).published())


def test_suppress_hides_a_forced_cell_and_protects_it():
    counts = pd.DataFrame({"Pupils": [6, 5, 9]}, index=["sixth form", "NEET", "college"])
    t = suppress(counts, policy=POLICY, hide=[("NEET", "Pupils")])
    assert t.status.loc["NEET", "Pupils"] == "secondary"
    # the total would give it back alone: one more cell is hidden with it
    pupils = t.published()["Pupils"]
    assert (pupils == "c").sum() == 2 and pupils["Total"] == 20
    with pytest.raises(Exception):
        suppress(counts, policy=POLICY, hide=[("nowhere", "Pupils")])


def test_the_page_is_not_built_again_once_every_table_knows_the_rest():
    # Build 1 finds the gap and the NEET count hidden here but printed there; build 2 (NEET base hidden,
    # NEET known to the destinations table) exposes nothing, and every table took as known exactly what
    # the other prints: a third build would be the same page, so none is made.
    builds = []

    def page():
        builds.append(1)
        return _page()

    _, ledger = protect_page(page, POLICY)
    assert len(builds) == 2 and ledger.settled()
    # a table that did not take as known a group another table prints is not settled
    ledger.asked["destinations"] = (frozenset(), ledger.asked["destinations"][1])
    assert not ledger.settled()

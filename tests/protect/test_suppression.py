"""Suppression. Sources: small tables worked by hand (comments) and property tests:
after ``suppress`` the audit finds no exposed cell, and an intruder repeatedly
subtracting along rows and columns never recovers a hidden cell."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpanalysis.errors import InputError
from cpanalysis.protect import audit, suppress


def test_two_by_two_by_hand() -> None:
    #     a  b | T         The 2 must hide. Its row needs a second hidden cell and so
    # x   2  9 | 11        does its column; the cheapest closed pattern is the four
    # y   8  7 | 15        inner cells (hiding totals would expose the grand total
    # T  10 16 | 26        lines). Then x.a = t in [0, 10] (y.a = 10 - t >= 0).
    t = suppress(pd.DataFrame({"a": [2, 8], "b": [9, 7]}, index=["x", "y"]))
    pub = t.published()
    assert (pub.loc[["x", "y"], ["a", "b"]] == "c").all().all()
    assert pub.loc["Total", "Total"] == 26 and pub.loc["x", "Total"] == 11
    assert t.status.loc["x", "a"] == "primary" and t.n_secondary == 3
    row = audit(t).intervals.set_index(["row", "column"]).loc[("x", "a")]
    assert (row["lower"], row["upper"]) == (0, 10)
    assert t.values.loc["x", "a"] == 2  # true values kept


def test_nothing_small_nothing_hidden_and_zero_shown() -> None:
    t = suppress(pd.DataFrame({"a": [0, 12], "b": [15, 7]}, index=["x", "y"]))
    assert t.n_primary == t.n_secondary == 0
    assert t.status.loc["x", "a"] == "zero" and t.published().loc["x", "a"] == 0


def test_attribute_disclosure_zero_hidden() -> None:
    # Row x: 0 of 6 in column a - "none of these 6" - the 0 is hidden as primary.
    t = suppress(pd.DataFrame({"a": [0, 10], "b": [6, 12]}, index=["x", "y"]))
    assert t.status.loc["x", "a"] == "primary"
    assert t.published().loc["x", "b"] == "c"
    assert suppress(pd.DataFrame({"a": [0, 10], "b": [6, 12]}, index=["x", "y"]), small_group=0).n_primary == 0


def test_threshold_is_configurable() -> None:
    df = pd.DataFrame({"a": [6, 20], "b": [30, 25]}, index=["x", "y"])
    assert suppress(df).n_primary == 0
    assert suppress(df, threshold=10).status.loc["x", "a"] == "primary"


def test_small_total_is_primary() -> None:
    # Row x totals 3: the total itself is a count below 5.
    t = suppress(pd.DataFrame({"a": [3, 10], "b": [0, 12]}, index=["x", "y"]))
    assert t.status.loc["x", "Total"] == "primary"


def test_no_margins_means_no_secondary() -> None:
    t = suppress(pd.DataFrame({"a": [2, 8], "b": [9, 7]}), margins="none")
    assert t.n_primary == 1 and t.n_secondary == 0


def test_present_totals_checked() -> None:
    ok = pd.DataFrame([[2, 9, 11], [8, 7, 15], [10, 16, 26]])
    assert suppress(ok, margins="present").n_primary == 1
    with pytest.raises(InputError, match="do not add up|add up"):
        suppress(pd.DataFrame([[2, 9, 12], [8, 7, 15], [10, 16, 27]]), margins="present")


def test_hierarchy_subtotals_are_attacked() -> None:
    # Rows p, q form group G. Hidden: p.a (1) and its partners. The subtotal row
    # G is published, so G.a - q.a would give p.a unless protected too.
    df = pd.DataFrame({"a": [1, 9, 12], "b": [8, 7, 10]}, index=["p", "q", "r"])
    t = suppress(df, row_groups={"G": ["p", "q"]})
    assert "G" in t.values.index and t.values.loc["G", "a"] == 10
    assert audit(t).ok
    assert _subtraction_attack(t) == set()


def test_percentages_hidden_with_their_counts() -> None:
    t = suppress(pd.DataFrame({"a": [2, 8], "b": [9, 7]}, index=["x", "y"]))
    pct = t.percentages("columns")
    assert pct.loc["x", "a"] == "c"
    assert pct.loc["Total", "a"] == 100.0


def _lines(t) -> list[tuple[tuple, list[tuple]]]:
    """Published sums, written out independently of the package: every full row
    sums its cells to the last column, every column sums the leaf rows to the
    last row, every group row sums its members."""
    idx, cols = list(t.values.index), list(t.values.columns)
    groups = getattr(t, "_test_groups", {})
    leaf = [r for r in idx[:-1] if r not in groups]
    lines = [((r, cols[-1]), [(r, c) for c in cols[:-1]]) for r in idx]
    lines += [((idx[-1], c), [(r, c) for r in leaf]) for c in cols]
    for g, members in groups.items():
        lines += [((g, c), [(m, c) for m in members]) for c in cols]
    return lines


def _subtraction_attack(t) -> set:
    """Intruder: repeatedly solve any published sum with one unknown."""
    known = {(r, c): v for (r, c), v in t.published().stack().items() if v != "c"}
    values = t.values
    recovered = set()
    changed = True
    while changed:
        changed = False
        for total, parts in _lines(t):
            unknown = [cell for cell in [total, *parts] if cell not in known]
            if len(unknown) == 1:
                cell = unknown[0]
                s = sum(known[p] for p in parts if p in known)
                known[cell] = s if cell == total else known[total] - s
                assert known[cell] == values.loc[cell]
                recovered.add(cell)
                changed = True
    return recovered


tables = st.integers(2, 4).flatmap(
    lambda r: st.integers(2, 4).flatmap(
        lambda c: st.lists(
            st.lists(st.one_of(st.integers(0, 4), st.integers(0, 30)), min_size=c, max_size=c), min_size=r, max_size=r
        )
    )
)


@settings(max_examples=30, deadline=None)
@given(tables)
def test_property_audit_and_subtraction_find_nothing(rows: list[list[int]]) -> None:
    df = pd.DataFrame(rows, index=[f"r{i}" for i in range(len(rows))], columns=[f"c{j}" for j in range(len(rows[0]))])
    t = suppress(df)
    report = audit(t, exact=True)
    assert report.ok
    hidden = t.hidden.to_numpy()
    values = t.values.to_numpy()
    # every primary cell is hidden and every hidden cell keeps its required width
    small = (values >= 1) & (values < 5)
    assert hidden[small].all()
    assert (report.intervals["width"] >= report.intervals["required"]).all()
    assert _subtraction_attack(t) == set()


@settings(max_examples=15, deadline=None)
@given(tables)
def test_property_with_hierarchy(rows: list[list[int]]) -> None:
    df = pd.DataFrame(rows, index=[f"r{i}" for i in range(len(rows))], columns=[f"c{j}" for j in range(len(rows[0]))])
    groups = {"G": ["r0", "r1"]}
    t = suppress(df, row_groups=groups)
    object.__setattr__(t, "_test_groups", groups)
    assert audit(t).ok
    assert _subtraction_attack(t) == set()


def test_rejects_negative_counts() -> None:
    with pytest.raises(InputError, match="negative"):
        suppress(pd.DataFrame({"a": [-1, 3]}))

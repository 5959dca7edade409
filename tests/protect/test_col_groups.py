"""Column groups (subtotal columns) in suppression.

Sources: a table worked by hand (comments); property tests: column groups give
the mirror image of the same hierarchy on rows; with groups on both axes the
exact interval attack and an intruder subtracting along every published sum
(listed here independently of the package) recover nothing.
"""

import dataclasses
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpanalysis.errors import InputError
from cpanalysis.protect import audit, suppress
from cpanalysis.protect.equations import build_layout

# -- an intruder's view, written independently of cpanalysis.protect.equations --


def _members(label, groups: dict, leaves: list, total) -> list:
    """Leaf labels under a row (or column) label."""
    if label == total:
        return leaves
    return list(groups.get(label, [label]))


def _lines(t, row_groups: dict, col_groups: dict) -> list[tuple[tuple, list[tuple]]]:
    """Every published sum of a table with margins: ``(total cell, part cells)``.

    Along a row: a total-column cell is the sum of the row's leaf columns and a
    column-group cell the sum of the group's columns. Down a column: a total-row
    cell is the sum of the leaf rows and a row-group cell the sum of the group's
    rows. Any subtotal cell is also the sum of the leaf cells under it.
    """
    rows, cols = list(t.values.index), list(t.values.columns)
    tr, tc = rows[-1], cols[-1]
    leaf_rows = [r for r in rows[:-1] if r not in row_groups]
    leaf_cols = [c for c in cols[:-1] if c not in col_groups]
    lines = []
    for r in rows:
        for c in cols:
            if c == tc:
                lines.append(((r, c), [(r, k) for k in leaf_cols]))
            if r == tr:
                lines.append(((r, c), [(k, c) for k in leaf_rows]))
            if r in row_groups:
                lines.append(((r, c), [(m, c) for m in row_groups[r]]))
            if c in col_groups:
                lines.append(((r, c), [(r, m) for m in col_groups[c]]))
            rs = _members(r, row_groups, leaf_rows, tr)
            cs = _members(c, col_groups, leaf_cols, tc)
            if (r, c) not in [(a, b) for a in rs for b in cs]:
                lines.append(((r, c), [(a, b) for a in rs for b in cs]))
    return lines


def _subtraction_attack(t, row_groups: dict, col_groups: dict) -> set:
    """Intruder: repeatedly solve any published sum with exactly one unknown."""
    known = {(r, c): v for (r, c), v in t.published().stack().items() if v != "c"}
    recovered = set()
    lines = _lines(t, row_groups, col_groups)
    changed = True
    while changed:
        changed = False
        for total, parts in lines:
            unknown = [cell for cell in [total, *parts] if cell not in known]
            if len(unknown) == 1:
                cell = unknown[0]
                s = sum(known[p] for p in parts if p in known)
                known[cell] = s if cell == total else known[total] - s
                assert known[cell] == t.values.loc[cell]
                recovered.add(cell)
                changed = True
    return recovered


def _labelled_equations(t) -> set:
    """The package's equations as ``(total label, sorted part labels)``."""
    ncol = t.values.shape[1]

    def lab(i: int) -> tuple:
        return (t.values.index[i // ncol], t.values.columns[i % ncol])

    return {(lab(eq.total), tuple(sorted(lab(p) for p in eq.parts))) for eq in t.equations}


# -- (1) worked by hand ------------------------------------------------------


def _hand_table() -> pd.DataFrame:
    return pd.DataFrame({"a": [3, 8, 9], "b": [12, 9, 15], "c": [10, 11, 7]}, index=["x", "y", "z"])


def test_one_column_group_by_hand() -> None:
    # Column group "a+b" = a + b, inserted before the total column:
    #          a   b   c | a+b | Total
    #   x      3  12  10 |  15 |  25
    #   y      8   9  11 |  17 |  28
    #   z      9  15   7 |  24 |  31
    #   Total 20  36  28 |  56 |  84
    # Primary: x.a = 3 (1-4). No line of fewer than 10 falls in one cell, so no
    # attribute disclosure. x.a sits in three published sums: row x
    # (25 = x.a + x.b + x.c), column a (20 = x.a + y.a + z.a) and the group
    # cell x.(a+b) (15 = x.a + x.b); each needs a second hidden cell.
    # * Column a: y.a, z.a and Total.a each open two new sums (y.a: row y and
    #   y.(a+b); z.a likewise; Total.a: the Total row and Total.(a+b)), all are
    #   at least the 2 needed to widen x.a to 5, so the smallest, y.a = 8.
    # * Row x: x.b opens column b but also closes x.(a+b) (net 0); x.c (10) and
    #   x.Total each open one sum and would leave x.a = 15 - 12. So x.b, though
    #   larger than x.c.
    # * Column b, row y and y.(a+b) now each have one hidden cell: y.b closes
    #   all three and opens none (z.b opens row z and z.(a+b), Total.b the
    #   Total row and Total.(a+b), y.c column c, y.Total the Total column).
    # (The table is solved as its transpose, so columns come first; taking
    # row x first gives the same three choices.)
    # Pattern x.a, x.b, y.a, y.b. Interval attack, x.a = t: x.b = 15 - t,
    # y.a = 20 - 9 - t = 11 - t, y.b = 17 - y.a = 6 + t (column b: x.b + y.b =
    # 21 = 36 - 15, row x: t + x.b + 10 = 25, row y: y.a + y.b + 11 = 28 all
    # hold). Non-negativity gives t in [0, 11]: width 11 >= 5, and the three
    # secondary cells move with t (width 11 >= 1). Clean-up: publishing any
    # secondary cell would leave a sum with one hidden cell (x.b: row x, y.a:
    # column a, y.b: row y), so none is released.
    t = suppress(_hand_table(), col_groups={"a+b": ["a", "b"]})
    c = "c"
    want = pd.DataFrame(
        [[c, c, 10, 15, 25], [c, c, 11, 17, 28], [9, 15, 7, 24, 31], [20, 36, 28, 56, 84]],
        index=["x", "y", "z", "Total"],
        columns=["a", "b", "c", "a+b", "Total"],
        dtype=object,
    )
    pd.testing.assert_frame_equal(t.published(), want)
    assert t.status.loc["x", "a"] == "primary"
    assert sorted(cell for cell, s in t.status.stack().items() if s == "secondary") == [("x", "b"), ("y", "a"), ("y", "b")]
    row = audit(t).intervals.set_index(["row", "column"])
    assert (row.loc[("x", "a"), "lower"], row.loc[("x", "a"), "upper"]) == (0, 11)
    assert (row.loc[("y", "b"), "lower"], row.loc[("y", "b"), "upper"]) == (6, 17)
    assert _subtraction_attack(t, {}, {"a+b": ["a", "b"]}) == set()


def test_without_the_group_column_the_pattern_would_leak() -> None:
    # Without the group column row x's second hidden cell is x.c (10, smaller
    # than x.b = 12, each opening one new sum). Publishing x.(a+b) = 15 beside
    # that pattern would give x.a = 15 - x.b = 15 - 12 = 3.
    plain = suppress(_hand_table())
    assert plain.hidden.loc["x", "c"] and not plain.hidden.loc["x", "b"]
    grouped = suppress(_hand_table(), col_groups={"a+b": ["a", "b"]})
    status = plain.status.copy()
    status.insert(3, "a+b", "shown")
    leaky = dataclasses.replace(grouped, status=status)
    assert ("x", "a") in _subtraction_attack(leaky, {}, {"a+b": ["a", "b"]})
    assert not audit(leaky).ok
    assert _integer_intervals(leaky, {}, {"a+b": ["a", "b"]})[("x", "a")] == (3, 3)


def test_small_group_cell_hides_the_zero_beside_it() -> None:
    # Attribute disclosure along a column group: x.(a+b) = 6 + 0 = 6 children,
    # all in a, so the 0 in b says "none of these 6" and is hidden as primary.
    # Row x (26) and column b (0 + 9 + 15 = 24) are not small: without the group
    # column the 0 is shown.
    df = pd.DataFrame({"a": [6, 8, 9], "b": [0, 9, 15], "c": [20, 11, 7]}, index=["x", "y", "z"])
    assert suppress(df).status.loc["x", "b"] == "zero"
    t = suppress(df, col_groups={"a+b": ["a", "b"]})
    assert t.status.loc["x", "b"] == "primary"
    assert t.published().loc["x", "b"] == "c"
    assert audit(t).ok and _subtraction_attack(t, {}, {"a+b": ["a", "b"]}) == set()


def test_group_column_cells_and_equations() -> None:
    t = suppress(_hand_table(), col_groups={"a+b": ["a", "b"]})
    assert list(t.values.columns) == ["a", "b", "c", "a+b", "Total"]
    assert t.values["a+b"].tolist() == [15, 17, 24, 56]
    # The row total sums the leaf columns only (not the group column).
    assert t.values["Total"].tolist() == [25, 28, 31, 84]
    assert _labelled_equations(t) == _equations_listed({}, {"a+b": ["a", "b"]}, t)


def _equations_listed(row_groups: dict, col_groups: dict, t) -> set:
    """The sums along rows and down columns (not the leaf rectangles) from _lines."""
    out = set()
    for total, parts in _lines(t, row_groups, col_groups):
        # a rectangle of leaf cells spans more than one row and one column; the
        # package writes those as chains of row and column sums instead
        if len({p[0] for p in parts}) > 1 and len({p[1] for p in parts}) > 1:
            continue
        out.add((total, tuple(sorted(parts))))
    return out


def test_present_totals_keep_the_total_column_last() -> None:
    df = pd.DataFrame([[3, 12, 10, 25], [8, 9, 11, 28], [11, 21, 21, 53]], index=["x", "y", "All"], columns=["a", "b", "c", "All"])
    t = suppress(df, margins="present", col_groups={"a+b": ["a", "b"]})
    assert list(t.values.columns) == ["a", "b", "c", "a+b", "All"]
    assert t.values["a+b"].tolist() == [15, 17, 32]
    assert audit(t).ok
    assert _subtraction_attack(t, {}, {"a+b": ["a", "b"]}) == set()


def test_percentages_of_group_columns_hidden_with_their_counts() -> None:
    t = suppress(_hand_table(), col_groups={"a+b": ["a", "b"]})
    pct = t.percentages("columns")
    assert pct.loc["x", "a"] == "c"
    assert pct.loc["x", "a+b"] == round(100 * 15 / 56)
    assert pct.loc["Total", "a+b"] == 100


# -- (2) column groups mirror row groups -------------------------------------

_values = st.one_of(st.integers(0, 4), st.integers(0, 30))


@st.composite
def _grouped(draw, *, rows: bool, cols: bool) -> tuple[pd.DataFrame, dict, dict]:
    """A table of 2-4 x 2-4 counts and one or two groups on the chosen axes."""
    nr, nc = draw(st.integers(2, 4)), draw(st.integers(2, 4))
    data = draw(st.lists(st.lists(_values, min_size=nc, max_size=nc), min_size=nr, max_size=nr))
    df = pd.DataFrame(data, index=[f"r{i}" for i in range(nr)], columns=[f"c{j}" for j in range(nc)])

    def groups(labels: list, prefix: str) -> dict:
        n = draw(st.integers(1, 2))
        subsets = st.lists(st.sampled_from(labels), min_size=2, max_size=len(labels), unique=True)
        return {f"{prefix}{k}": draw(subsets) for k in range(n)}

    return df, groups(list(df.index), "R") if rows else {}, groups(list(df.columns), "C") if cols else {}


def _swap(report: pd.DataFrame) -> pd.DataFrame:
    out = report.rename(columns={"row": "column", "column": "row"})
    return out.sort_values(["row", "column"]).reset_index(drop=True)[sorted(out.columns)]


@settings(max_examples=25, deadline=None)
@given(_grouped(rows=False, cols=True), st.sampled_from(["add", "none"]))
def test_property_column_groups_mirror_row_groups(case: tuple, margins: str) -> None:
    df, _, groups = case
    by_col = suppress(df, col_groups=groups, margins=margins)
    by_row = suppress(df.T, row_groups=groups, margins=margins)
    # the same cells hidden, for the same reasons, and the same table published
    pd.testing.assert_frame_equal(by_col.hidden, by_row.hidden.T)
    pd.testing.assert_frame_equal(by_col.status, by_row.status.T)
    pd.testing.assert_frame_equal(by_col.published(), by_row.published().T)
    # the equations are the table's own (the mirror of the row-group ones) ...
    mirrored = {((tc[1], tc[0]), tuple(sorted((p[1], p[0]) for p in parts))) for tc, parts in _labelled_equations(by_row)}
    assert _labelled_equations(by_col) == mirrored
    # ... so the exact attack on them gives the mirrored intervals
    left, right = audit(by_col).intervals, audit(by_row).intervals
    pd.testing.assert_frame_equal(_swap(right), left.sort_values(["row", "column"]).reset_index(drop=True)[sorted(left.columns)])


# -- (3) groups on both axes -------------------------------------------------


@settings(max_examples=30, deadline=None)
@given(_grouped(rows=True, cols=True))
def test_property_both_hierarchies_audit_and_subtraction_find_nothing(case: tuple) -> None:
    df, row_groups, col_groups = case
    t = suppress(df, row_groups=row_groups, col_groups=col_groups)
    # every published sum (listed independently) is an equation the audit attacks
    assert _labelled_equations(t) == _equations_listed(row_groups, col_groups, t)
    report = audit(t, exact=True)
    assert report.ok
    small = ((t.values >= 1) & (t.values < t.threshold)).to_numpy()
    assert t.hidden.to_numpy()[small].all()
    primary = report.intervals[report.intervals["status"] == "primary"]
    assert (primary["width"] >= t.protection).all()
    assert (report.intervals["width"] >= 1).all()
    assert _subtraction_attack(t, row_groups, col_groups) == set()


def _integer_intervals(t, row_groups: dict, col_groups: dict) -> dict:
    """Intruder who also knows counts are whole numbers: min and max of each
    hidden cell over non-negative integer tables that agree with every published
    cell and every sum in :func:`_lines` (mixed-integer programmes, scipy milp;
    ``inf`` when nothing bounds the cell)."""
    from scipy.optimize import Bounds, LinearConstraint, milp

    pub = t.published()
    hidden = [cell for cell, v in pub.stack().items() if v == "c"]
    pos = {cell: k for k, cell in enumerate(hidden)}
    if not hidden:
        return {}
    a_eq, b_eq = [], []
    for total, parts in _lines(t, row_groups, col_groups):
        row, rhs = np.zeros(len(hidden)), 0.0
        for cell, sign in [(total, 1.0)] + [(p, -1.0) for p in parts]:
            if cell in pos:
                row[pos[cell]] += sign
            else:
                rhs -= sign * float(pub.loc[cell])
        if row.any():
            a_eq.append(row)
            b_eq.append(rhs)
    sums = LinearConstraint(np.array(a_eq), b_eq, b_eq)
    out = {}
    for cell, k in pos.items():
        bounds = []
        for sign in (1.0, -1.0):
            c = np.zeros(len(hidden))
            c[k] = sign
            res = milp(c, constraints=[sums], integrality=np.ones(len(hidden)), bounds=Bounds(0, np.inf))
            if sign < 0 and res.status != 0:
                # the true table is feasible, so the maximum is unbounded
                assert res.status in (3, 4), res.message
                bounds.append(np.inf)
                continue
            assert res.status == 0, res.message
            bounds.append(sign * res.fun)
        out[cell] = tuple(bounds)
    return out


@settings(max_examples=20, deadline=None)
@given(_grouped(rows=True, cols=True))
def test_property_both_hierarchies_integer_intruder_finds_nothing(case: tuple) -> None:
    # With groups on both axes the sums' matrix need not be totally unimodular
    # (docs/statistics.md), so the LP bounds of the audit may be wider than the
    # integer ones. Whole-number reasoning must not pin any cell either.
    df, row_groups, col_groups = case
    t = suppress(df, row_groups=row_groups, col_groups=col_groups)
    for cell, (lo, hi) in _integer_intervals(t, row_groups, col_groups).items():
        need = t.protection if t.status.loc[cell] == "primary" else 1
        assert hi - lo >= need - 1e-9, (cell, lo, hi)


def test_group_row_by_group_column_cell_is_both_sums() -> None:
    df = _hand_table()
    t = suppress(df, row_groups={"x+y": ["x", "y"]}, col_groups={"a+b": ["a", "b"]})
    assert t.values.loc["x+y", "a+b"] == 3 + 12 + 8 + 9
    eqs = _labelled_equations(t)
    assert (("x+y", "a+b"), (("x", "a+b"), ("y", "a+b"))) in eqs
    assert (("x+y", "a+b"), (("x+y", "a"), ("x+y", "b"))) in eqs
    # the row total of a group row and the column total of a group column sum
    # the leaves only
    assert (("x+y", "Total"), (("x+y", "a"), ("x+y", "b"), ("x+y", "c"))) in eqs
    assert (("Total", "a+b"), (("x", "a+b"), ("y", "a+b"), ("z", "a+b"))) in eqs
    assert audit(t).ok
    assert _subtraction_attack(t, {"x+y": ["x", "y"]}, {"a+b": ["a", "b"]}) == set()


# -- (4) bad column groups ---------------------------------------------------


@pytest.mark.parametrize(
    ("groups", "message"),
    [
        ({"G": ["a", "q"]}, "column group G names unknown columns: ['q']"),
        ({"b": ["a", "c"]}, "column group b has the same label as a column"),
        ({"Total": ["a", "b"]}, "column group Total has the same label as the total column"),
        ({"G": ["a", "b", "a"]}, "column group G lists a column more than once: ['a']"),
        ({"G": ["x", "y"]}, "column group G names unknown columns: ['x', 'y']"),
    ],
)
def test_bad_column_groups(groups: dict, message: str) -> None:
    with pytest.raises(InputError, match=f"^{re.escape(message)}$"):
        suppress(_hand_table(), col_groups=groups)
    with pytest.raises(InputError, match=f"^{re.escape(message)}$"):
        build_layout(_hand_table(), col_groups=groups)


def test_bad_column_group_with_present_totals_and_no_margins() -> None:
    present = pd.DataFrame([[3, 12, 15], [8, 9, 17], [11, 21, 32]], index=["x", "y", "All"], columns=["a", "b", "All"])
    # the total column is not a column a group may list
    with pytest.raises(InputError, match=re.escape("column group G names unknown columns: ['All']")):
        suppress(present, margins="present", col_groups={"G": ["a", "All"]})
    with pytest.raises(InputError, match=re.escape("column group All has the same label as the total column")):
        suppress(present, margins="present", col_groups={"All": ["a", "b"]})
    # without margins there is no total column to clash with
    t = suppress(_hand_table(), margins="none", col_groups={"Total": ["a", "b"]})
    assert list(t.values.columns) == ["a", "b", "c", "Total"]


def test_row_group_named_like_the_total_is_rejected() -> None:
    with pytest.raises(InputError, match=re.escape("row group Total has the same label as the total row")):
        suppress(_hand_table(), row_groups={"Total": ["x", "y"]})

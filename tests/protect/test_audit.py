"""Interval attack. Source: hand-worked bounds for a 4 x 3 pattern (tau-Argus's
optimal pattern for this table) where the hidden cells move together along one
free parameter t (derivation in the test)."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpanalysis.protect.audit import BlockLP, _components, attack_report, block_bounds, interval_attack
from cpanalysis.protect.equations import Equation, build_layout


def test_interval_attack_by_hand() -> None:
    # Inner cells (rows r0..r3, columns c0..c2), totals added:
    #   r0: 17  3  8 | 28     hidden: a=17 b=3, c=2 d=8, e=4 f=5 (rows r0, r1, r3)
    #   r1:  2 15  8 | 25     rows:  a+b=20, c+d=10, e+f=9 (published totals minus shown cells)
    #   r2: 12  8  0 | 20     cols:  a+c=19 (c0), b+e=7 (c1), d+f=13 (c2)
    #   r3: 36  4  5 | 45     Put c = t: a = 19-t, b = t+1, e = 6-t, f = 3+t, d = 10-t;
    # all >= 0 gives t in [0, 6].
    frame = build_layout(pd.DataFrame([[17, 3, 8], [2, 15, 8], [12, 8, 0], [36, 4, 5]])).frame
    hidden_cells = {(0, 0): (13, 19), (0, 1): (1, 7), (1, 0): (0, 6), (1, 2): (4, 10), (3, 1): (0, 6), (3, 2): (3, 9)}
    layout = build_layout(pd.DataFrame([[17, 3, 8], [2, 15, 8], [12, 8, 0], [36, 4, 5]]))
    hidden = np.zeros(frame.size, dtype=bool)
    ncol = frame.shape[1]
    for r, c in hidden_cells:
        hidden[r * ncol + c] = True
    lower, upper = interval_attack(layout.values, hidden, layout.equations)
    for (r, c), (lo, hi) in hidden_cells.items():
        assert (lower[r * ncol + c], upper[r * ncol + c]) == (lo, hi)
    assert np.isnan(lower[~hidden]).all()


def test_single_hidden_cell_in_a_line_is_pinned() -> None:
    layout = build_layout(pd.DataFrame([[2, 9], [8, 7]]))
    hidden = np.zeros(9, dtype=bool)
    hidden[0] = True  # the 2, alone in its row: 11 - 9 = 2
    lower, upper = interval_attack(layout.values, hidden, layout.equations)
    assert (lower[0], upper[0]) == (2, 2)


def test_unbounded_when_nothing_is_published() -> None:
    lower, upper = interval_attack(np.array([3, 4, 7]), np.array([True, True, True]), [Equation(2, (0, 1))])
    assert lower[0] == 0 and upper[0] == np.inf


def test_report_flags_primary_needing_width() -> None:
    # Row 1 4 | 5 with only the row published: both hidden cells in [0, 5], width 5.
    frame = pd.DataFrame([[1, 4, 5]])
    eqs = [Equation(2, (0, 1))]
    status = np.array(["primary", "primary", "shown"])
    assert attack_report(frame, status, eqs, protection=5).ok
    assert not attack_report(frame, status, eqs, protection=6).ok


def test_fast_mode_agrees_on_verdict() -> None:
    layout = build_layout(pd.DataFrame([[17, 3, 8], [2, 15, 8], [12, 8, 0], [36, 4, 5]]))
    status = np.full(layout.values.size, "shown", dtype=object)
    status[[0, 1, 4, 6, 13, 14]] = ["secondary", "primary", "primary", "secondary", "primary", "secondary"]
    for protection in (5, 7):
        exact = attack_report(layout.frame, status.astype(str), layout.equations, protection, exact=True)
        fast = attack_report(layout.frame, status.astype(str), layout.equations, protection, exact=False)
        assert exact.ok == fast.ok == (protection <= 6)


@pytest.mark.parametrize("bad", [[[1, -2], [3, 4]], [["a", 2], [3, 4]], [[1.5, 2], [3, 4]]])
def test_layout_rejects_bad_cells(bad: list) -> None:
    from cpanalysis.errors import InputError

    with pytest.raises(InputError):
        build_layout(pd.DataFrame(bad))


def _whole_table_intervals(values: np.ndarray, hidden: np.ndarray, equations: list[Equation]) -> dict[int, tuple]:
    """Reference attack written independently: one LP over every hidden cell and
    every published sum (no blocks, no witnesses, no warm start), min and max of
    each hidden cell with scipy.optimize.linprog(method="highs")."""
    from scipy.optimize import linprog

    hid = [int(i) for i in np.flatnonzero(hidden)]
    pos = {c: k for k, c in enumerate(hid)}
    a_eq, b_eq = [], []
    for eq in equations:
        row = np.zeros(len(hid))
        rhs = 0.0
        for m, sign in zip(eq.members, [1.0] + [-1.0] * len(eq.parts)):
            if hidden[m]:
                row[pos[m]] += sign
            else:
                rhs -= sign * values[m]
        if row.any():
            a_eq.append(row)
            b_eq.append(rhs)
    out = {}
    for c, k in pos.items():
        bounds = []
        for sign in (1.0, -1.0):
            obj = np.zeros(len(hid))
            obj[k] = sign
            res = linprog(obj, A_eq=np.array(a_eq), b_eq=np.array(b_eq), bounds=(0, None), method="highs")
            bounds.append(np.inf if res.status == 3 else sign * res.fun)
        out[c] = tuple(bounds)
    return out


@settings(max_examples=25, deadline=None)
@given(
    st.integers(2, 5).flatmap(
        lambda r: st.integers(2, 5).flatmap(
            lambda c: st.tuples(
                st.lists(st.lists(st.integers(0, 20), min_size=c, max_size=c), min_size=r, max_size=r),
                st.lists(st.booleans(), min_size=(r + 1) * (c + 1), max_size=(r + 1) * (c + 1)),
                st.booleans(),
            )
        )
    )
)
def test_property_blocks_match_whole_table_lp(case: tuple) -> None:
    # Per-block, warm-started attack (either HiGHS interface) gives exactly the
    # intervals of the textbook whole-table LP, on random tables and patterns,
    # with and without a row group.
    rows, mask, grouped = case
    df = pd.DataFrame(rows)
    layout = build_layout(df, row_groups={"G": [0, 1]} if grouped else None)
    values = layout.values
    hidden = np.zeros(values.size, dtype=bool)
    hidden[: len(mask)] = mask
    want = _whole_table_intervals(values, hidden, list(layout.equations))
    for backend in ("auto", "linprog"):
        lower, upper = interval_attack(values, hidden, layout.equations, backend=backend)
        got = {c: (lower[c], upper[c]) for c in want}
        for c, (lo, hi) in want.items():
            assert got[c][0] == pytest.approx(lo, abs=1e-6)
            assert got[c][1] == pytest.approx(hi, abs=1e-6) if np.isfinite(hi) else np.isinf(got[c][1])
    assert np.isnan(interval_attack(values, hidden, layout.equations)[0][~hidden]).all()


def test_components_split_independent_cells() -> None:
    # Cells 0-1 share sum A, 2-3 share sum B, 4 is alone: three blocks in order.
    blocks = _components(5, [np.array([0, 1]), np.array([3, 2]), np.array([4])])
    assert [b.tolist() for b in blocks] == [[0, 1], [2, 3], [4]]
    assert [b.tolist() for b in _components(4, [np.array([3, 0]), np.array([1, 3])])] == [[0, 1, 3], [2]]


def test_block_lp_fix_and_witnesses() -> None:
    # x0 + x1 = 5, x1 + x2 = 7 (true 2, 3, 4). Free: x1 in [0, 5]. Publishing x0
    # pins everything; witnesses found before no longer count once they disagree.
    lp = BlockLP(np.array([[1.0, 1.0, 0.0], [0.0, 1.0, 1.0]]), np.array([5.0, 7.0]), np.array([2.0, 3.0, 4.0]))
    assert lp.solve(np.array([0.0, -1.0, 0.0]))[0] == pytest.approx(-5.0)
    assert lp.solve(np.array([0.0, 1.0, 0.0]))[0] == pytest.approx(0.0)
    lo, hi = lp.witnessed()
    assert lo.tolist() == [0.0, 0.0, 2.0] and hi.tolist() == [5.0, 5.0, 7.0]
    lp.fix(0)
    assert lp.witnessed()[0].tolist() == [2.0, 3.0, 4.0]
    assert lp.solve(np.array([0.0, -1.0, 0.0]))[0] == pytest.approx(-3.0)
    lower, upper, ok = block_bounds(lp, np.array([1.0, 1.0, 1.0]), np.ones(3, dtype=bool), exact=False)
    assert not ok[1:].any() and ok[0]  # x0 is published, x1 and x2 are pinned
    lp.fix(0, False)
    lower, upper, ok = block_bounds(lp, np.array([5.0, 5.0, 5.0]), np.ones(3, dtype=bool), exact=True)
    assert lower.tolist() == [0.0, 0.0, 2.0] and upper.tolist() == [5.0, 5.0, 7.0] and ok.all()


@pytest.mark.parametrize("backend", ["auto", "linprog"])
def test_block_lp_sparse_moves(backend: str) -> None:
    # x0 + x1 = 5, x1 + x2 = 7, true (2, 3, 4); a fourth cell x3 = 6 sits in its
    # own sum x3 + x4 = 9 (x4 = 3) and must not move. Moving x1 up is capped by
    # x0 >= 0 (by 2), down by x1 >= 0 (by 3); the witnesses change nothing else.
    a = np.array([[1.0, 1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 1.0, 0.0, 0.0], [0.0, 0.0, 0.0, 1.0, 1.0]])
    lp = BlockLP(a, np.array([5.0, 7.0, 9.0]), np.array([2.0, 3.0, 4.0, 6.0, 3.0]), backend=backend)
    assert lp.move(1, True, 5.0) == pytest.approx(2.0)
    assert lp.last_witness() == pytest.approx([0.0, 5.0, 2.0, 6.0, 3.0])
    assert lp.move(1, False, 1.0) == pytest.approx(1.0)  # capped at the amount asked
    assert lp.last_witness() == pytest.approx([3.0, 2.0, 5.0, 6.0, 3.0])
    lp.fix(2)  # publishing x2 pins x1 and x0
    assert lp.move(1, True, 5.0) == pytest.approx(0.0)
    assert lp.move(3, False, 5.0) == pytest.approx(5.0)  # the other sum is untouched
    assert lp.last_witness() == pytest.approx([2.0, 3.0, 4.0, 1.0, 8.0])

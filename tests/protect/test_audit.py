"""Interval attack. Source: hand-worked bounds for a 4 x 3 pattern (tau-Argus's
optimal pattern for this table) where the hidden cells move together along one
free parameter t (derivation in the test)."""

import numpy as np
import pandas as pd
import pytest

from cpanalysis.protect.audit import attack_report, interval_attack
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

"""Every code written is valid in its return year, by the validator's own code lists.

Withdrawn codes leak in through paths other than the main placement draw (a
legal-status change inside an old H5/P2 placement carried P2 into 2025-26 at
national scale), so this scans every coded column of every file for several
seeds and a multi-council run, against :mod:`cpanalysis.validate.codes`.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cpanalysis.synth import generate
from cpanalysis.synth.histories import Episodes, _retire_codes
from cpanalysis.validate.codes import CODES, CRITICAL, allowed


def _bad_codes(root: Path) -> list[tuple[str, str, str, str, list[str]]]:
    """(folder, table, column, classification, bad values) for every invalid code."""
    bad = []
    folders = [p.parent for p in root.rglob("episodes.csv")]
    for d in sorted(folders):
        year = int(d.name[:4])
        for (table, column) in CODES:
            path = d / f"{table}.csv"
            if not path.is_file():
                continue
            values = set(pd.read_csv(path, dtype=str, keep_default_na=False, usecols=[column])[column]) - {""}
            wrong = sorted(values - set(allowed(table, column, year)))
            if wrong:
                kind = "critical" if (table, column) in CRITICAL else "kept"
                bad.append((d.relative_to(root).as_posix(), table, column, kind, wrong))
    return bad


@pytest.mark.parametrize("seed", [1, 3, 7, 14, 49])  # 14, 49: P2 leaked into 2025-26 before the fix
def test_no_withdrawn_or_unknown_codes(tmp_path: Path, seed: int) -> None:
    generate(tmp_path, seed=seed, children=150, years=4)
    assert _bad_codes(tmp_path) == []


def test_no_withdrawn_or_unknown_codes_several_councils(tmp_path: Path) -> None:
    generate(tmp_path, seed=1, children=120, years=3, councils=6)  # council 6 leaked P2 before the fix
    assert _bad_codes(tmp_path) == []


def test_no_bad_codes_in_demo(demo: Path) -> None:
    assert _bad_codes(demo) == []


def _day(iso: str) -> int:
    return int(np.datetime64(iso, "D").astype(np.int64))


def test_retire_codes_covers_legal_changes_inside_an_old_placement() -> None:
    """P2 from 2024, split on 31 March 2025, then a legal change (RNE L) in 2025-26."""
    rows = [("2024-09-26", "2025-05-30", "P", "P2", "X1"), ("2025-05-30", "2025-09-05", "L", "P2", "E17"),
            ("2025-03-31", "2025-06-01", "P", "H5", "X1")]  # an H5 drawn on 31 March itself
    n = len(rows)
    ep = Episodes(
        child=np.array([0, 0, 1]), decom=np.array([_day(r[0]) for r in rows]), dec=np.array([_day(r[1]) for r in rows]),
        rne=np.array([r[2] for r in rows]), ls=np.full(n, "C2"), place=np.array([r[3] for r in rows], dtype="<U3"),
        provider=np.full(n, "PR4"), rec=np.array([r[4] for r in rows]), reason=np.full(n, "", dtype="<U5"),
        home=np.zeros(n, dtype=np.int64), pl_cell=np.arange(n), urn=np.full(n, "XXXXXXX"), period=np.array([0, 0, 1]),
    )
    out = _retire_codes(ep)
    after = out.dec > _day("2025-03-31")
    assert set(out.place[after]) == {"K3"}
    assert list(out.place[out.child == 0]) == ["P2", "K3", "K3"]
    assert list(out.rne[out.child == 0]) == ["P", "T", "L"]
    assert out.dec[0] == _day("2025-03-31") and out.reason[0] == "PLACE"

"""Benchmark: suppress + audit a 150 x 12 table with margins (councils by category).

Prints (1) time for ``suppress`` (which includes its own proof-of-protection audit) and for a
separate exact ``audit``; (2) cells suppressed by cpanalysis against the
reference: tau-Argus optimal suppression (``OPT``) through ``pytauargus``
(bench-only extra; HiGHS-backed engine, no tau-Argus binary needed). The two
use different protection rules: ours requires every primary cell's interval to
be at least ``protection`` (5) wide; tau-Argus's frequency rule FREQ(5, r)
requires r% of the cell value either side. The script audits tau-Argus's
pattern under our rule and reports how many of its cells fail it.

Run: ``python bench/bench_suppress.py``
"""

from __future__ import annotations

import sys
import time

import numpy as np
import pandas as pd

from cpanalysis.protect import audit, suppress
from cpanalysis.protect.audit import attack_report
from cpanalysis.protect.equations import build_layout

PROPORTIONS = np.array([0.55, 0.12, 0.08, 0.06, 0.05, 0.04, 0.03, 0.03, 0.02, 0.01, 0.006, 0.004])


def make_table(seed: int = 2024) -> pd.DataFrame:
    """150 councils x 12 categories; council sizes log-normal around 300."""
    rng = np.random.default_rng(seed)
    size = rng.lognormal(np.log(300), 0.6, 150)
    counts = rng.poisson(np.outer(size, PROPORTIONS))
    return pd.DataFrame(counts, index=[f"LA{i:03d}" for i in range(150)], columns=[f"cat{j:02d}" for j in range(12)])


def tau_argus(df: pd.DataFrame, rule: str) -> tuple[pd.DataFrame, float] | str:
    """Suppression pattern from pytauargus OPT with unit cost, or why not."""
    try:
        from pytauargus import protect
    except ImportError as exc:
        return f"pytauargus not installed ({exc})"
    micro = {"R": [], "C": [], "one": []}
    for r in df.index:
        for c in df.columns:
            k = int(df.loc[r, c])
            micro["R"] += [r] * k
            micro["C"] += [c] * k
            micro["one"] += [1] * k
    start = time.perf_counter()
    try:
        res = protect(pd.DataFrame(micro), tables=[["R", "C"]], response="one", safety_rules=rule, suppress="OPT(1)", cost_var="-2")
    except Exception as exc:  # noqa: BLE001 - report the reference's failure honestly
        return f"pytauargus failed: {exc}"
    elapsed = time.perf_counter() - start
    out = res.tables[0].dataframe()
    out["R"] = out["R"].astype(str).str.strip()
    out["C"] = out["C"].astype(str).str.strip()
    return out, elapsed


def main() -> int:
    df = make_table()
    start = time.perf_counter()
    result = suppress(df)
    t_suppress = time.perf_counter() - start
    start = time.perf_counter()
    report = audit(result, exact=True)
    t_audit = time.perf_counter() - start
    ours = result.n_primary + result.n_secondary
    print(f"table: {df.shape[0]} x {df.shape[1]} with margins; {result.n_primary} primary cells")
    print(f"cpanalysis: suppress (incl. its own proof-of-protection audit) {t_suppress:.2f} s; separate exact audit {t_audit:.2f} s; "
          f"audit ok: {report.ok}")
    print(f"cpanalysis: {result.n_secondary} secondary, {ours} suppressed cells in all (protection width >= {result.protection})")

    layout = build_layout(df)
    for rule in ("FREQ(5,100)",):
        got = tau_argus(df, rule)
        if isinstance(got, str):
            print(f"reference {rule}: unavailable - {got}")
            continue
        out, elapsed = got
        status = pd.DataFrame("shown", index=layout.frame.index, columns=layout.frame.columns)
        for r, c, s in zip(out["R"], out["C"], out["status"]):
            status.loc[r, c] = {"U": "primary", "M": "secondary", "E": "zero", "S": "shown"}.get(s, "shown")
        n_sec = int((status == "secondary").to_numpy().sum())
        n_all = n_sec + int((status == "primary").to_numpy().sum())
        check = attack_report(layout.frame, status.to_numpy().ravel().astype(str), layout.equations, result.protection)
        print(f"pytauargus OPT {rule}, unit cost: {n_sec} secondary, {n_all} suppressed in all, {elapsed:.2f} s; "
              f"{len(check.failures)} of its primary cells fail our width-{result.protection} rule")
        print(f"ratio (all suppressed cells) cpanalysis / pytauargus = {ours / n_all:.3f}; "
              f"secondary only = {result.n_secondary / max(n_sec, 1):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

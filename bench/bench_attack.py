"""Benchmark: the whole-publication audit (:mod:`cpanalysis.audit`) on two quarters of pages.

Reads every HTML page of ``OUTPUTS/<quarter>/`` for the quarters given, builds the
reader's equations and runs the interval attack (LP, MILP where needed), and prints the
time of each step, the size of the model and every count from 1 to 4 recovered. With
``--make N`` it first makes the pages of a synthetic council of about N children
(seed 1) in a temporary folder with ``cpanalysis synth`` and ``cpanalysis run``.

Target (issue 11): the audit of one quarter's pages under 5 s on the project machine
(2 cores); two quarters together are reported against twice that.

    python bench/bench_attack.py --outputs /tmp/attack-pages/out
    python bench/bench_attack.py --make 540
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cpanalysis.audit import attack, read_publication

ROOT = Path(__file__).resolve().parents[1]

LIMIT_SECONDS = 10.0


def _make(root: Path, children: int, quarters: list[str]) -> Path:
    cli = [sys.executable, "-m", "cpanalysis"]
    subprocess.run([*cli, "synth", "--out", str(root / "raw"), "--seed", "1", "--children", str(children)], check=True, capture_output=True)
    for q in quarters:
        subprocess.run([*cli, "run", "--quarter", q, "--raw", str(root / "raw"), "--processed", str(root / "processed"),
                        "--outputs", str(root / "outputs"), "--private", str(root / "private"),
                        "--notebooks", str(ROOT / "notebooks")], capture_output=True)
    return root / "outputs"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--outputs", help="folder holding <quarter>/*.html")
    ap.add_argument("--make", type=int, help="make the pages of a synthetic council of about N children first")
    ap.add_argument("--quarters", nargs="+", default=["2024-25-Q2", "2024-25-Q3"])
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.make:
            t = time.perf_counter()
            outputs = _make(Path(tmp), args.make, args.quarters)
            print(f"pages made in {time.perf_counter() - t:.1f} s")
        elif args.outputs:
            outputs = Path(args.outputs)
        else:
            ap.error("give --outputs or --make")
        for q in args.quarters:  # what each run recorded of its own protection and audit
            log = outputs / q / "run_log.json"
            if log.is_file():
                got = json.loads(log.read_text())
                print(f"{q} run: figures protected once in {got.get('protection', {}).get('seconds', '?')} s "
                      f"({got.get('protection', {}).get('steps', {})}); "
                      f"audit {got.get('audit', {}).get('seconds', '?')} s over {got.get('audit', {}).get('quarters')}")
        t = time.perf_counter()
        one = read_publication(outputs, args.quarters[-1:])
        attack(one, threshold=5, protection=5)
        t_one = time.perf_counter() - t
        t = time.perf_counter()
        model = read_publication(outputs, args.quarters)
        t_read = time.perf_counter() - t
        t = time.perf_counter()
        found, problems = attack(model, threshold=5, protection=5)
        t_attack = time.perf_counter() - t
    print(f"one quarter ({args.quarters[-1]}) read and attacked in {t_one:.2f} s (target 5 s)")
    print(f"read {t_read:.2f} s: {len(model.vars)} counts, {len(model.constraints)} constraints")
    print(f"attack {t_attack:.2f} s (limit {LIMIT_SECONDS:.0f} s for two quarters)")
    for p in problems:
        print("contradiction:", p)
    for f in found:
        print("recovered:", f)
    return 0 if t_read + t_attack <= LIMIT_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""Benchmark: every measure for all 150 councils of the national-scale data, one quarter.

Target (issue 5): under 30 seconds on the project machine (2 cores). The
synthetic national data (``cpanalysis.synth.generate(out, councils=150)``)
and its build are made once into ``--workdir`` (reused when present); only
the measures are timed.

    python bench/bench_measures.py [--workdir DIR] [--quarter 2024-25-Q3] [--years 3]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from cpanalysis.derive import build
from cpanalysis.measures import MEASURES, MeasureData
from cpanalysis.measures.scorecard import measure_table
from cpanalysis.quarters import Quarter
from cpanalysis.synth import generate

LIMIT_SECONDS = 30.0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workdir", default="/tmp/cpanalysis-bench-national")
    ap.add_argument("--quarter", default="2024-25-Q3")
    ap.add_argument("--years", type=int, default=3)
    ap.add_argument("--councils", type=int, default=150)
    args = ap.parse_args()
    work = Path(args.workdir)
    raw, proc = work / "raw", work / "proc"
    if not (proc / "manifest.json").is_file():
        t = time.perf_counter()
        generate(raw, seed=1, years=args.years, councils=args.councils)
        build(raw, proc)
        print(f"made national data ({args.councils} councils) in {time.perf_counter() - t:.0f} s")
    t = time.perf_counter()
    data = MeasureData.from_processed(proc, postcodes=raw / "postcodes.csv")
    _ = data.episodes, data.periods, data.placements, data.children
    load = time.perf_counter() - t
    q = Quarter.parse(args.quarter)
    t = time.perf_counter()
    table = measure_table(data, q)
    took = time.perf_counter() - t
    print(f"read build: {load:.1f} s")
    print(f"{len(MEASURES)} measures x {len(data.councils)} councils ({len(table)} values) for {q.label}: "
          f"{took:.1f} s (limit {LIMIT_SECONDS:.0f} s)")
    return 0 if took < LIMIT_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())

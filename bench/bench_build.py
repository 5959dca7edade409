"""Benchmark ``cpanalysis build`` against merely reading the same CSV files with pyarrow.

Issue 3, item 6: a national-scale dataset (about 80,000 children in care at a
time across 150 councils, ten return years, roughly two million episode rows);
target: build at most 6x the pyarrow read time measured in the same run, peak
memory under 6 GiB.

Usage::

    python bench/bench_build.py                      # generate into /tmp/cpanalysis-bench/raw
    python bench/bench_build.py --raw DIR            # use an existing raw folder

The build runs in a child process so that its peak resident memory
(``ru_maxrss`` of the child) is measured on its own.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.csv as pacsv

_BUILD = """
import sys, time
from cpanalysis.derive import build
t = time.perf_counter()
m = build(sys.argv[1], sys.argv[2])
print(time.perf_counter() - t)
print(m["rows"]["read"]["episodes"])
print(m["timings_seconds"])
"""


def pyarrow_read(raw: Path) -> tuple[float, int]:
    """Seconds to read every CSV under ``raw`` with ``pyarrow.csv.read_csv``; total rows."""
    files = sorted(raw.rglob("*.csv"))
    t = time.perf_counter()
    rows = 0
    for f in files:
        rows += pacsv.read_csv(f).num_rows
    return time.perf_counter() - t, rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--raw", type=Path, default=Path("/tmp/cpanalysis-bench/raw"))
    ap.add_argument("--processed", type=Path, default=Path("/tmp/cpanalysis-bench/processed"))
    ap.add_argument("--councils", type=int, default=150)
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    if not args.raw.exists():
        from cpanalysis.synth import generate  # noqa: PLC0415
        t = time.perf_counter()
        generate(args.raw, seed=args.seed, years=args.years, councils=args.councils)
        print(f"generated {args.raw} in {time.perf_counter() - t:.0f} s")
    read_s, rows = pyarrow_read(args.raw)
    proc = subprocess.run([sys.executable, "-c", _BUILD, str(args.raw), str(args.processed)],
                          capture_output=True, text=True, check=False)
    if proc.returncode:
        print(proc.stderr, file=sys.stderr)
        return proc.returncode
    out = proc.stdout.split("\n")
    build_s, episodes, stages = float(out[0]), int(out[1]), out[2]
    peak_gib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 2**20  # KiB on Linux
    ratio = build_s / read_s
    print(f"CSV rows (all tables): {rows:,}; episode rows: {episodes:,}")
    print(f"pyarrow read of the same CSV files: {read_s:.2f} s")
    print(f"cpanalysis build:                   {build_s:.2f} s  (stages: {stages})")
    print(f"ratio build / read:                 {ratio:.1f}x  (target <= 6x: {'met' if ratio <= 6 else 'NOT met'})")
    print(f"peak memory of build:               {peak_gib:.2f} GiB  (target < 6 GiB: "
          f"{'met' if peak_gib < 6 else 'NOT met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

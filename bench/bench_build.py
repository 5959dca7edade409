"""Benchmark ``cpanalysis build`` against merely reading the same CSV files with pyarrow.

Issue 3, item 6: a national-scale dataset (about 80,000 children in care at a
time across 150 councils, ten return years, roughly two million episode rows);
target: build at most 6x the pyarrow read time measured in the same run, peak
memory under 6 GiB.

Usage::

    python bench/bench_build.py                      # generate into /tmp/cpanalysis-bench/raw
    python bench/bench_build.py --raw DIR            # use an existing raw folder (generated once)
    python bench/bench_build.py --raw DIR --repeat 3 # median of three read/build pairs

On a shared machine wall-clock times move with other load; ``--repeat`` runs
the pyarrow read and the build alternately and reports the median ratio, and
CPU seconds are printed beside wall seconds.

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

import numpy as np
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
    ap.add_argument("--repeat", type=int, default=1, help="read/build pairs to run (median ratio)")
    args = ap.parse_args(argv)
    if not args.raw.exists():
        from cpanalysis.synth import generate  # noqa: PLC0415
        t = time.perf_counter()
        generate(args.raw, seed=args.seed, years=args.years, councils=args.councils)
        print(f"generated {args.raw} in {time.perf_counter() - t:.0f} s")
    ratios, builds, reads, peaks = [], [], [], []
    for i in range(args.repeat):
        cpu0 = resource.getrusage(resource.RUSAGE_SELF)
        read_s, rows = pyarrow_read(args.raw)
        cpu1 = resource.getrusage(resource.RUSAGE_SELF)
        read_cpu = (cpu1.ru_utime + cpu1.ru_stime) - (cpu0.ru_utime + cpu0.ru_stime)
        ch0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        proc = subprocess.run([sys.executable, "-c", _BUILD, str(args.raw), str(args.processed)],
                              capture_output=True, text=True, check=False)
        if proc.returncode:
            print(proc.stderr, file=sys.stderr)
            return proc.returncode
        ch1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        build_cpu = (ch1.ru_utime + ch1.ru_stime) - (ch0.ru_utime + ch0.ru_stime)
        out = proc.stdout.split("\n")
        build_s, episodes, stages = float(out[0]), int(out[1]), out[2]
        peak_gib = ch1.ru_maxrss / 2**20  # KiB on Linux: the largest child so far
        ratio = build_s / read_s
        ratios.append(ratio), builds.append(build_s), reads.append(read_s), peaks.append(peak_gib)
        print(f"run {i + 1}: CSV rows (all tables): {rows:,}; episode rows: {episodes:,}")
        print(f"  pyarrow read of the same CSV files: {read_s:.2f} s  (CPU {read_cpu:.1f} s)")
        print(f"  cpanalysis build:                   {build_s:.2f} s  (CPU {build_cpu:.1f} s; stages: {stages})")
        print(f"  ratio build / read:                 {ratio:.1f}x  (CPU ratio {build_cpu / read_cpu:.1f}x)")
    ratio = float(np.median(ratios))
    peak_gib = max(peaks)
    print(f"median ratio build / read over {args.repeat} run(s): {ratio:.1f}x  "
          f"(target <= 6x: {'met' if ratio <= 6 else 'NOT met'})")
    print(f"peak memory of build:               {peak_gib:.2f} GiB  (target < 6 GiB: "
          f"{'met' if peak_gib < 6 else 'NOT met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

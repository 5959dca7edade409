"""A whole quarterly run for a large council against the default demo: wall time and peak memory.

Both councils are synthetic (``cpanalysis synth``, seed 1, 8 return years):
the demo's 540 children in care at a time and a large council's 2,500. Each
run is ``cpanalysis run --quarter 2024-25-Q3`` as a fresh process in its own
folder, timed from start to exit (data already written, so the time is the
build, the six notebooks, the gate and the index). Peak memory is the largest
resident set of the run and its kernels (``getrusage(RUSAGE_CHILDREN)``, the
largest single process, in MiB).

Run: ``.venv/bin/python bench/bench_large_council.py`` (about two minutes).
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

QUARTER = "2024-25-Q3"


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cpanalysis", *args], cwd=cwd, capture_output=True, text=True)


def run_one(children: int, root: Path) -> tuple[float, float, int]:
    """(seconds, peak MiB, exit code) of one quarter's run for a council of ``children``."""
    raw = root / "raw"
    made = _cli("synth", "--out", str(raw), "--seed", "1", "--years", "8", "--children", str(children), cwd=root)
    if made.returncode:
        raise SystemExit(made.stderr)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    done = _cli("run", "--quarter", QUARTER, "--raw", "raw", "--processed", "processed", "--outputs", "outputs",
                "--private", "private", cwd=root)
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if done.returncode:
        print(done.stdout[-2000:], done.stderr[-2000:], file=sys.stderr)
    # ru_maxrss only grows: a peak no larger than the last one is reported as "at most" that.
    return seconds, max(peak, before) / 1024, done.returncode


def main() -> None:
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for children in (540, 2500):
            root = Path(tmp) / f"c{children}"
            root.mkdir()
            results[children] = run_one(children, root)
    print(f"{'children':>9} {'seconds':>8} {'peak MiB':>9} {'exit':>5}")
    for children, (s, mib, code) in results.items():
        print(f"{children:>9} {s:>8.1f} {mib:>9.0f} {code:>5}")
    s540, s2500 = results[540][0], results[2500][0]
    print(f"time ratio 2,500 / 540 children: {s2500 / s540:.2f}x")


if __name__ == "__main__":
    main()

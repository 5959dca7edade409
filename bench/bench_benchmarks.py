"""Benchmark: import the whole folder of DfE published files, then compare one council.

Target (issue 13): import under 10 seconds on the project machine (2 cores).
The folder defaults to ``../shared/dfe-published`` beside the repository.

    python bench/bench_benchmarks.py [--folder DIR] [--la 358] [--repeat 3]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from cpanalysis.benchmarks.compare import compare
from cpanalysis.benchmarks.store import import_folder, load, save

LIMIT_SECONDS = 10.0
DEFAULT = Path(__file__).resolve().parents[1] / ".." / "shared" / "dfe-published"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folder", default=str(DEFAULT))
    ap.add_argument("--la", default="358")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    times = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        store = import_folder(args.folder)
        times.append(time.perf_counter() - t)
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        save(store, Path(tmp) / "benchmarks.parquet")
        t_save = time.perf_counter() - t
        t = time.perf_counter()
        store2 = load(Path(tmp) / "benchmarks.parquet")
        t_load = time.perf_counter() - t
    t = time.perf_counter()
    frame = compare(store2, args.la)
    t_cmp = time.perf_counter() - t
    best = min(times)
    from cpanalysis.measures.registry import MEASURES

    sc = frame.loc[frame["id"].isin(list(MEASURES))]
    vs = frame.loc[frame["id"].str.startswith("VS.")]
    for name, part, total in (("scorecard", sc, len(MEASURES)), ("Virtual School headline", vs, len(vs))):
        print(f"{name} measures for LA {args.la} ({frame.attrs['area_name']}), of {total}: "
              f"England {int(part['england'].notna().sum())}, region {int(part['region'].notna().sum())}, "
              f"neighbours' mean {int((part['neighbours_n'] > 0).sum())}, "
              f"rank and quartile {int(part['rank'].notna().sum())} "
              f"(not ranked: {int(part['council'].isna().sum())} with the council's own figure suppressed, "
              f"{int((part['polarity'] == 'neutral').sum())} without polarity)")
    print(f"import {args.folder}: {len(store.figures)} figures, best of {args.repeat} "
          f"{best:.2f} s (all: {', '.join(f'{x:.2f}' for x in times)}); target < {LIMIT_SECONDS:.0f} s")
    print(f"save parquet {t_save:.2f} s; load parquet {t_load:.2f} s; compare LA {args.la} "
          f"({len(frame)} measures) {t_cmp:.2f} s")
    return 0 if best < LIMIT_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())

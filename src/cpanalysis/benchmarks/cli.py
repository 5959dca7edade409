"""``cpanalysis benchmarks``: import DfE's published files; compare a council with them.

Usage::

    cpanalysis benchmarks import DIR [--out data/processed/benchmarks.parquet]
    cpanalysis benchmarks compare STORE_OR_DIR --la 358 [--format table|csv]

``import`` prints the validation summary (one line per file: read or skipped
and why, rows kept after the revision rule) and writes the store as parquet.
A file it does not recognise is one line naming it and the columns expected
(exit 2).
"""

from __future__ import annotations

import argparse
import sys

__all__ = ["add_parser", "run"]


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:  # type: ignore[type-arg]
    """Register ``cpanalysis benchmarks``."""
    p = subparsers.add_parser("benchmarks", help="import DfE's published figures; compare a council with them",
                              description="Benchmarking from DfE's published LA-level files.")
    sub = p.add_subparsers(dest="benchmarks_command", required=True, metavar="ACTION")
    imp = sub.add_parser("import", help="read a folder of DfE downloads into a parquet store")
    imp.add_argument("folder", help="folder of DfE CSV downloads (Explore Education Statistics)")
    imp.add_argument("--out", default="data/processed/benchmarks.parquet",
                     help="parquet file to write (default: data/processed/benchmarks.parquet)")
    cmp_ = sub.add_parser("compare", help="England, region, neighbours, rank and quartile for one council")
    cmp_.add_argument("store", help="store written by import, or a folder of DfE downloads")
    cmp_.add_argument("--la", required=True, help="the council's DfE LA code (3 digits, e.g. 358) or E-code")
    cmp_.add_argument("--format", choices=("table", "csv"), default="table")
    return p


def run(args: argparse.Namespace) -> int:
    """Run ``benchmarks import`` or ``benchmarks compare``."""
    import time

    from . import store as st

    if args.benchmarks_command == "import":
        t0 = time.perf_counter()
        s = st.import_folder(args.folder)
        paths = st.save(s, args.out)
        print(st.summary_text(s))
        print(f"wrote {', '.join(str(p) for p in paths)} in {time.perf_counter() - t0:.1f} s")
        return 0
    import pandas as pd

    from .compare import compare

    frame = compare(st.load(args.store), args.la)
    if args.format == "csv":
        frame.to_csv(sys.stdout, index=False)
    else:
        with pd.option_context("display.max_rows", None, "display.max_columns", None, "display.width", 250,
                               "display.max_colwidth", 70):
            print(frame.to_string(index=False))
    return 0

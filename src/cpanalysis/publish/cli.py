"""Command-line entry for ``cpanalysis run``."""

from __future__ import annotations

import argparse
from pathlib import Path

from .run import RunConfig, run_quarter

__all__ = ["add_parser", "run"]


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register ``run``."""
    p = subparsers.add_parser(
        "run",
        help="build one quarter's briefings (makes demo data if data/raw is empty)",
        description="Build one quarter's briefings: data -> notebooks -> HTML in outputs/<quarter>/.",
    )
    p.add_argument("--quarter", required=True, help="financial quarter, e.g. 2024-25-Q3")
    p.add_argument("--council", default="Demo Borough", help="council name shown on the briefings")
    p.add_argument("--raw", type=Path, default=Path("data/raw"), help="folder of return-year folders")
    p.add_argument("--processed", type=Path, default=Path("data/processed"))
    p.add_argument("--notebooks", type=Path, default=Path("notebooks"))
    p.add_argument("--outputs", type=Path, default=Path("outputs"))
    p.add_argument("--private", type=Path, default=Path("private"),
                   help="where executed notebooks (which hold data) are kept; never publish it")
    p.add_argument("--threshold", type=int, default=5, help="smallest count that may be published")
    p.add_argument("--seed", type=int, default=1, help="seed for demo data when data/raw is empty")


def run(args: argparse.Namespace) -> int:
    """Run ``cpanalysis run``."""
    out = run_quarter(
        RunConfig(
            quarter=args.quarter, council=args.council, raw_dir=args.raw, processed_dir=args.processed,
            notebooks_dir=args.notebooks, outputs_dir=args.outputs, private_dir=args.private,
            threshold=args.threshold, seed=args.seed,
        )
    )
    print(f"cpanalysis run: briefings written to {out}")
    return 0

"""Command-line entries for ``cpanalysis run`` and ``cpanalysis check``."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import ProblemsFound

__all__ = ["add_parser", "run"]


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register ``run`` and ``check``."""
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
    p.add_argument("--jobs", type=int, default=None, help="notebooks run at once (default: twice the number of CPUs)")
    p.add_argument("--only", action="append", default=[], metavar="NAME",
                   help="run only this notebook (by name without .ipynb); repeatable")
    p.add_argument("--fresh-kernels", action="store_true",
                   help="start a new Python for each notebook instead of forking a pre-loaded one (slower)")

    c = subparsers.add_parser(
        "check",
        help="publication gate: refuse HTML that could identify a child",
        description=(
            "Check every .html file under DIR. Refuses (exit 1, naming file, line and place) small "
            "counts, percentages of suppressed counts, CHILD ids, UPNs, full dates, postcodes, missing "
            "or placeholder alt text, scripts, requests to other hosts and pages marked not for "
            "publication. Exit 0 when clean, 2 when DIR cannot be checked."
        ),
    )
    c.add_argument("dir", type=Path, metavar="DIR", help="folder of published HTML, e.g. outputs/2024-25-Q3")
    c.add_argument("--threshold", type=int, default=5, help="smallest count that may be published")
    c.add_argument("--raw", type=Path, default=None,
                   help="raw-data folder whose CHILD ids must not appear (optional)")


def run(args: argparse.Namespace) -> int:
    """Run ``cpanalysis run`` or ``cpanalysis check``."""
    if args.command == "run" and not args.fresh_kernels:
        # First, so that the kernels' server imports the libraries while this process does.
        from .kernels import start_server

        start_server()
    from .gate import check_dir
    from .ids import child_ids
    from .run import RunConfig, run_quarter

    if args.command == "check":
        ids = child_ids(args.raw) if args.raw is not None else set()
        findings = check_dir(args.dir, threshold=args.threshold, child_ids=ids)
        for finding in findings:
            print(finding)
        if findings:
            raise ProblemsFound(f"{len(findings)} reason(s) to refuse publication in {args.dir}")
        print(f"cpanalysis check: {args.dir}: nothing found that could identify a child")
        return 0
    out = run_quarter(
        RunConfig(
            quarter=args.quarter, council=args.council, raw_dir=args.raw, processed_dir=args.processed,
            notebooks_dir=args.notebooks, outputs_dir=args.outputs, private_dir=args.private,
            threshold=args.threshold, seed=args.seed, notebooks=list(args.only), workers=args.jobs,
            fork_kernels=not args.fresh_kernels,
        )
    )
    print(f"cpanalysis run: briefings written to {out}")
    return 0

"""``cpanalysis validate DIR``: check a folder of SSDA903 returns and write the report.

Exit codes: 0 no errors (warnings are printed but do not fail, unless
``--strict``); 1 problems found (the summary is printed and the report
written); 2 unusable input (missing folder or file, wrong columns, not text).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import InputError, ProblemsFound

__all__ = ["add_parser", "run"]


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register the ``validate`` sub-command."""
    p = subparsers.add_parser(
        "validate", help="check SSDA903 returns and write a validation report",
        description="Read every SSDA903 return under DIR, check it, print a summary and "
                    "write one report row per problem.")
    p.add_argument("dir", type=Path, metavar="DIR", help="raw-data folder (any supported layout)")
    p.add_argument("--year", help="return year of a flat single-year folder, e.g. 2017-18 "
                                  "(default: inferred from the latest episode start)")
    p.add_argument("--report", type=Path, default=Path("validation_report.csv"),
                   help="where to write the report (default: ./validation_report.csv)")
    p.add_argument("--examples", type=int, default=3, help="examples printed per rule (default 3)")
    p.add_argument("--strict", action="store_true", help="exit 1 on warnings too")


def _write_report(report, path: Path) -> None:
    """Write the report CSV (formula-like cells neutralised); one-line InputError if it cannot be."""
    from ..derive.build import write_report

    if path.is_dir():
        raise InputError(f"{path}: is a folder; give a file name for the report (e.g. {path / 'validation_report.csv'})")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{path}: the report cannot be written ({exc.strerror or exc})") from None
    write_report(report, path)


def run(args: argparse.Namespace) -> int:
    """Run ``validate``; raise :class:`~cpanalysis.errors.ProblemsFound` on errors."""
    from ..load.layout import parse_year
    from ..load.ssda903 import read_returns
    from .report import summary_text
    from .run import validate_return

    year = parse_year(args.year) if args.year else None
    ret = read_returns(args.dir, year=year)
    result = validate_return(ret)
    _write_report(result.report, args.report)
    years = ", ".join(f"{y}-{(y + 1) % 100:02d}" for y in ret.years)
    print(f"{args.dir}: {ret.layout} layout, return years {years}")
    print(summary_text(result.report, result.counts, args.examples))
    print(f"Report: {args.report} ({len(result.report):,} rows)")
    n_warn = len(result.report) - result.n_errors
    if result.n_errors or (args.strict and n_warn):
        raise ProblemsFound(f"{result.n_errors:,} errors and {n_warn:,} warnings; "
                            f"see {args.report}")
    return 0

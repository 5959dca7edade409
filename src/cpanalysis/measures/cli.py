"""``cpanalysis measures``: every measure for a quarter, or the protected scorecard.

Usage::

    cpanalysis measures --processed data/processed --quarter 2024-25-Q3 [--format csv]
    cpanalysis measures --processed data/processed --quarter 2024-25-Q3 --scorecard --format html

Prints, per measure: id, title, numerator, denominator, value, the published
display and its status. An unknown quarter, or one outside the data, is a
one-line error with exit code 2.
"""

from __future__ import annotations

import argparse
import sys


__all__ = ["add_parser", "run"]


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:  # type: ignore[type-arg]
    """Register ``cpanalysis measures``."""
    p = subparsers.add_parser("measures", help="every scorecard measure for a quarter",
                              description="Compute every scorecard measure for a quarter from a build.")
    p.add_argument("--processed", required=True, help="folder written by cpanalysis build")
    p.add_argument("--quarter", required=True, help="quarter, e.g. 2024-25-Q3")
    p.add_argument("--format", choices=("table", "csv", "html"), default="table")
    p.add_argument("--scorecard", action="store_true",
                   help="the protected scorecard (previous quarter, direction, RAG, comparators)")
    p.add_argument("--council-measures", help="the council's CSV of non-903 measures (council_measures.csv)")
    p.add_argument("--population", help="0-17 population CSV for G2 (default: the shipped population.csv)")
    p.add_argument("--postcodes", help="postcode lookup CSV for distances and out-of-borough placements")
    p.add_argument("--council", help="the council's code (single-council data), e.g. E06000049")
    p.add_argument("--targets", help="targets TOML (default: the shipped targets.toml)")
    p.add_argument("--comparators", help="comparators TOML (default: the shipped comparators.toml)")
    p.add_argument("--threshold", type=int, default=5, help="suppress counts from 1 to THRESHOLD-1 (default 5)")
    return p


def run(args: argparse.Namespace) -> int:
    """Run the command; ``InputError`` (exit 2) for an unknown quarter or one outside the data."""
    import pandas as pd

    from ..quarters import Quarter
    from .data import MeasureData
    from .scorecard import load_comparators, load_targets, measure_table, scorecard, scorecard_html

    from ..protect.policy import DisclosurePolicy

    policy = DisclosurePolicy(threshold=args.threshold)
    quarter = Quarter.parse(args.quarter)
    data = MeasureData.from_processed(args.processed, council_measures=args.council_measures,
                                      population=args.population, postcodes=args.postcodes,
                                      council_code=args.council)
    data.check_quarter(quarter)
    if args.scorecard:
        frame = scorecard(data, quarter, policy=policy, targets=load_targets(args.targets),
                          comparators=load_comparators(args.comparators))
    else:
        frame = measure_table(data, quarter, policy=policy)
    if args.format == "csv":
        frame.to_csv(sys.stdout, index=False)
    elif args.format == "html":
        if not args.scorecard:
            frame = scorecard(data, quarter, policy=policy)
        print(scorecard_html(frame))
    else:
        with pd.option_context("display.max_rows", None, "display.max_columns", None, "display.width", 200,
                               "display.max_colwidth", 60):
            cols = [c for c in ("council", "id", "title", "numerator", "denominator", "value", "display", "status")
                    if c in frame.columns] if not args.scorecard else list(frame.columns)
            print(frame[cols].to_string(index=False))
    return 0

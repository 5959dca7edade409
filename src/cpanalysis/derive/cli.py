"""``cpanalysis build --raw DIR --processed DIR``: validate, derive and write processed data.

Exit codes: 0 built (the validation report may still list quarantined rows:
the summary says how many); 1 more than ``--max-quarantined`` (default 2%) of
some table's rows were quarantined, so the figures would be wrong (the
validation report is written, nothing else; ``--accept-quarantine`` builds
anyway); 2 unusable input.
"""

from __future__ import annotations

import argparse
from pathlib import Path


__all__ = ["add_parser", "run"]


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register the ``build`` sub-command."""
    p = subparsers.add_parser(
        "build", help="validate SSDA903 returns and write processed parquet plus a manifest",
        description="Read, validate, stitch episodes, derive periods and placements, and write "
                    "parquet, validation_report.csv and manifest.json.")
    p.add_argument("--raw", type=Path, required=True, help="raw-data folder")
    p.add_argument("--processed", type=Path, required=True, help="output folder")
    p.add_argument("--year", help="return year of a flat single-year folder, e.g. 2017-18")
    p.add_argument("--home-council", help="the council's own code (e.g. E06000049) for out-of-borough "
                   "placements; default: the council most home postcodes lie in")
    p.add_argument("--postcodes", type=Path, help="postcode lookup CSV (postcode, easting, northing, "
                   "council_code[, council_name]); default RAW/postcodes.csv, then the ONS Postcode "
                   "Directory package if installed")
    p.add_argument("--max-quarantined", type=_share, default=0.02, metavar="SHARE",
                   help="stop when more than this share of a table's rows is quarantined (default 0.02)")
    p.add_argument("--accept-quarantine", action="store_true",
                   help="build however many rows are quarantined (they are still reported)")


def _share(text: str) -> float:
    """A share from 0 to 1 for ``--max-quarantined``."""
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"must be a share from 0 to 1 (e.g. 0.02), not {text!r}")
    return value


def run(args: argparse.Namespace) -> int:
    """Run ``build``."""
    from ..load.layout import parse_year
    from .build import build

    year = parse_year(args.year) if args.year else None
    m = build(args.raw, args.processed, year=year, home_council=args.home_council,
              postcodes=args.postcodes,
              max_quarantine_share=None if args.accept_quarantine else args.max_quarantined)
    rows = m["rows"]
    print(f"{args.raw}: {m['layout']} layout, return years {', '.join(m['return_years'])}")
    for t in sorted(rows["read"]):
        print(f"  {t:<16} read {rows['read'][t]:>9,}  accepted {rows['accepted'][t]:>9,}  "
              f"quarantined {rows['quarantined'][t]:>7,}")
    print(f"  stitched episodes {rows['stitched_episodes']:,}, periods {rows['periods']:,}, "
          f"placements {rows['placements']:,}, children {rows['children']:,}")
    geo = m["geography"]
    print(f"  postcode lookup: {geo['postcode_lookup']}; distance known for "
          f"{geo['episodes_distance_known']:,} of {rows['stitched_episodes']:,} episodes")
    print("  repairs: " + ", ".join(f"{k} {v:,}" for k, v in m["repairs"].items()))
    print(f"  validation: {m['validation']['errors']:,} errors, {m['validation']['warnings']:,} warnings "
          f"(see {args.processed / 'validation_report.csv'})")
    print(f"Wrote {args.processed} in {m['timings_seconds']['total']:.1f} s")
    return 0

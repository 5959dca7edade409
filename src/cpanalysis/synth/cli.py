"""``cpanalysis synth``: write a synthetic council's SSDA903 returns."""

from __future__ import annotations

import argparse
import time
from pathlib import Path


__all__ = ["add_parser", "run"]


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register the ``synth`` sub-command."""
    p = subparsers.add_parser(
        "synth",
        help="write synthetic SSDA903 returns for the fictional council 'Demo Borough'",
        description=(
            "Write synthetic SSDA903 returns (one folder per return year) for the "
            "fictional council 'Demo Borough', or for many fictional councils. "
            "The same seed and options always give the same files."
        ),
    )
    p.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder to write into")
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    p.add_argument("--years", type=int, default=8, help="number of return years (default 8)")
    p.add_argument("--last-year", type=int, default=2025, metavar="YEAR",
                   help="start year of the last return year, 2025 for 2025-26 (default 2025)")
    p.add_argument("--children", type=int, default=None, metavar="N",
                   help="children in care at a time per council, roughly (default 540)")
    p.add_argument("--councils", type=int, default=1, metavar="N",
                   help="number of fictional councils, each in DIR/<council code>/ when more than one (default 1)")
    p.add_argument("--dfe-format", type=Path, default=None, metavar="DFE_DIR",
                   help="also write synthetic files in DfE's published formats (England, fictional regions, "
                        "39 fictional councils and statistical neighbours around Demo Borough, LA code Z01) for "
                        "the five years to 31 March before the last return year, into DFE_DIR; every file is "
                        "named synthetic_* and labelled synthetic when imported, and a council's run refuses "
                        "them (one council only; `cpanalysis run` writes its own for the demo)")
    return p


def run(args: argparse.Namespace) -> int:
    """Run ``cpanalysis synth``; return the exit code."""
    from .build import generate

    t0 = time.perf_counter()
    files = generate(
        args.out, seed=args.seed, years=args.years, last_year=args.last_year,
        children=args.children, councils=args.councils,
    )
    print(f"cpanalysis synth: wrote {len(files)} files to {args.out} in {time.perf_counter() - t0:.1f} s (synthetic data, seed {args.seed})")
    if args.dfe_format is not None:
        from ..errors import InputError
        from .published import write_for_raw

        if args.councils != 1:
            raise InputError("--dfe-format: Demo Borough's DfE-format files are made for one council (--councils 1)")
        years = [y for y in range(args.last_year - 5, args.last_year) if y > args.last_year - args.years]
        if not years:
            raise InputError("--dfe-format: needs at least two return years (--years 2)")
        dfe = write_for_raw(args.out, args.dfe_format, years, seed=args.seed)
        print(f"cpanalysis synth: wrote {len(dfe)} synthetic DfE-format files to {args.dfe_format} "
              f"({years[0]}-{(years[0] + 1) % 100:02d} to {years[-1]}-{(years[-1] + 1) % 100:02d}; "
              "not published figures)")
    return 0

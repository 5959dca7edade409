"""Command-line entries for ``cpanalysis init``, ``run``, ``check`` and ``pdf``."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import InputError, ProblemsFound

__all__ = ["add_parser", "run"]

#: ``run`` options that name an optional input, by settings key (:data:`cpanalysis.settings.INPUT_KEYS`).
_INPUT_OPTIONS = {
    "virtual_school": "Virtual School extract folder",
    "council_measures": "the council's CSV of measures not in the SSDA903",
    "postcodes": "postcode lookup CSV (postcode, easting, northing, council_code[, council_name])",
    "population": "0-17 population CSV for the rate per 10,000",
    "targets": "targets and RAG rules (TOML)",
    "commentary": "the analyst's commentary (CSV)",
    "comparators": "comparator figures (TOML)",
    "benchmarks": "folder of DfE's published LA-level files",
    "boundaries": "council boundaries (GeoJSON) for the out-of-borough map",
}


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register ``init``, ``run``, ``check`` and ``pdf``."""
    i = subparsers.add_parser(
        "init",
        help="write a commented settings file (cpanalysis.toml) for a council's run",
        description="Write cpanalysis.toml in the current folder: council, data folders, inputs, disclosure policy.",
    )
    i.add_argument("--council", default="Your Council", help="the council's name")
    i.add_argument("--settings", type=Path, default=None, help="where to write it (default: ./cpanalysis.toml)")

    p = subparsers.add_parser(
        "run",
        help="build one quarter's briefings (the demo when there is no cpanalysis.toml)",
        description=(
            "Build one quarter's briefings: data -> notebooks -> HTML in outputs/<quarter>/. "
            "Settings come from cpanalysis.toml in the current folder (see `cpanalysis init`); "
            "every option below wins over the file. Without a settings file this is the demo: "
            "synthetic data are made when the raw folder is empty."
        ),
    )
    p.add_argument("--quarter", required=True, help="financial quarter, e.g. 2024-25-Q3")
    p.add_argument("--settings", type=Path, default=None,
                   help="settings file (default: cpanalysis.toml in the current folder, if any)")
    p.add_argument("--council", default=None, help="council name shown on the briefings")
    p.add_argument("--la-code", default=None, help="the council's DfE LA code, for comparators")
    p.add_argument("--raw", type=Path, default=None, help="folder of return-year folders")
    p.add_argument("--processed", type=Path, default=None)
    p.add_argument("--notebooks", type=Path, default=Path("notebooks"))
    p.add_argument("--outputs", type=Path, default=None)
    p.add_argument("--private", type=Path, default=None,
                   help="where executed notebooks (which hold data) are kept; never publish it")
    for key, text in _INPUT_OPTIONS.items():
        p.add_argument(f"--{key.replace('_', '-')}", type=Path, default=None, help=text)
    p.add_argument("--threshold", type=int, default=None, help="smallest count that may be published (default 5)")
    p.add_argument("--max-quarantined", type=float, default=None,
                   help="largest share of a table's rows that may be quarantined (default 0.02)")
    p.add_argument("--accept-quarantine", action="store_true",
                   help="publish however many rows were quarantined (they are still reported)")
    p.add_argument("--seed", type=int, default=1, help="seed for demo data when data/raw is empty")
    p.add_argument("--jobs", type=int, default=None, help="notebooks run at once (default: twice the number of CPUs)")
    p.add_argument("--only", action="append", default=[], metavar="NAME",
                   help="run only this notebook (by name without .ipynb); repeatable; other pages stay")
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
    c.add_argument("--threshold", type=int, default=None, help="smallest count that may be published (default 5)")
    c.add_argument("--raw", type=Path, default=None,
                   help="raw-data folder whose CHILD ids must not appear (optional)")

    d = subparsers.add_parser(
        "pdf",
        help="print each briefing of a published folder to an A4 PDF (headless Chromium)",
        description=(
            "Print every briefing in DIR (each .html but the index) to <name>.pdf with headless Chromium, "
            "using the pages' print layout: A4, landscape for wide tables, table headers repeated, charts "
            "never split. Exit 2, in one line, when Chromium is not installed."
        ),
    )
    d.add_argument("dir", type=Path, metavar="DIR", help="folder of published HTML, e.g. outputs/2024-25-Q3")
    d.add_argument("--out", type=Path, default=None, help="where the PDFs go (default: DIR)")


def _settings(args: argparse.Namespace):  # noqa: ANN202 - Settings, imported lazily
    """The run's settings: the file (if any), then the command line over it."""
    from ..settings import Settings, find_settings, load_settings, with_overrides

    path = args.settings if args.settings is not None else find_settings(Path.cwd())
    if args.settings is not None and not args.settings.is_file():
        raise InputError(f"{args.settings}: no such settings file")
    base = load_settings(path) if path is not None else Settings()
    overrides = {
        "council": args.council, "la_code": args.la_code, "raw": args.raw, "processed": args.processed,
        "outputs": args.outputs, "private": args.private, "threshold": args.threshold,
        "max_quarantined": args.max_quarantined,
    }
    overrides.update({key: getattr(args, key) for key in _INPUT_OPTIONS})
    return with_overrides(base, **overrides)


def run(args: argparse.Namespace) -> int:
    """Run ``cpanalysis init``, ``run``, ``check`` or ``pdf``."""
    if args.command == "pdf":
        from .pdf import print_pdfs

        pdfs = print_pdfs(args.dir, args.out)
        print(f"cpanalysis pdf: {len(pdfs)} briefing(s) printed to {args.out or args.dir}")
        return 0
    if args.command == "init":
        from ..settings import SETTINGS_FILE, write_template

        path = write_template(args.settings or Path(SETTINGS_FILE), council=args.council)
        print(f"cpanalysis init: wrote {path}; edit it, then run `cpanalysis run --quarter 2024-25-Q3`")
        return 0
    if args.command == "run" and not args.fresh_kernels:
        # First, so that the kernels' server imports the libraries while this process does.
        from .kernels import start_server

        start_server()
    from ..protect.policy import DisclosurePolicy
    from .gate import check_dir
    from .ids import child_ids
    from .run import RunConfig, run_quarter

    if args.command == "check":
        policy = DisclosurePolicy() if args.threshold is None else DisclosurePolicy(threshold=args.threshold)
        ids = child_ids(args.raw) if args.raw is not None else set()
        findings = check_dir(args.dir, policy=policy, child_ids=ids)
        for finding in findings:
            print(finding)
        if findings:
            raise ProblemsFound(f"{len(findings)} reason(s) to refuse publication in {args.dir}")
        print(f"cpanalysis check: {args.dir}: nothing found that could identify a child")
        return 0
    settings = _settings(args)
    out = run_quarter(
        RunConfig(
            quarter=args.quarter, council=settings.council, raw_dir=settings.raw,
            processed_dir=settings.processed, notebooks_dir=args.notebooks, outputs_dir=settings.outputs,
            private_dir=settings.private, policy=settings.policy, seed=args.seed, notebooks=list(args.only),
            workers=args.jobs, fork_kernels=not args.fresh_kernels, demo=settings.is_demo,
            la_code=settings.la_code, inputs=dict(settings.inputs), board_remarks=dict(settings.board_remarks),
            max_quarantined=None if args.accept_quarantine else settings.max_quarantined,
            settings_file=settings.source,
        )
    )
    print(f"cpanalysis run: briefings written to {out}")
    return 0

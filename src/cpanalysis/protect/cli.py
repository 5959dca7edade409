"""``cpanalysis protect TABLE.csv``: protect an analyst's own count table.

The first column holds row labels; a last row and last column that hold the
totals are detected and checked; otherwise totals are added. The published
table (GSS symbols) is printed and written, with the audit, next to the input
or to ``--out-dir``.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import TYPE_CHECKING

from cpanalysis.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["add_parser", "read_table", "run"]

_TOTAL = re.compile(r"^\s*(grand\s+)?total\s*$", re.IGNORECASE)


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:  # type: ignore[type-arg]
    """Register the ``protect`` subcommand."""
    p = subparsers.add_parser(
        "protect",
        help="suppress a count table (CSV) and audit it",
        description="Suppress small counts in a CSV table, add secondary suppressions, "
        "audit by the interval attack, print and write the published table.",
    )
    p.add_argument("table", type=Path, help="CSV: first column row labels; last row/column totals if present")
    p.add_argument("--threshold", type=int, default=5, help="hide counts from 1 to THRESHOLD-1 (default 5)")
    p.add_argument("--protection", type=int, default=None, help="width an intruder's interval must keep (default THRESHOLD)")
    p.add_argument("--small-group", type=int, default=10, help="0%%/100%% of fewer than this is disclosive (default 10)")
    p.add_argument("--out-dir", type=Path, default=None, help="where to write outputs (default: next to TABLE)")
    p.set_defaults(func=run)
    return p


def read_table(path: Path) -> tuple[pd.DataFrame, str]:
    """Read a CSV count table and decide whether its last row/column are totals.

    Returns the table and ``"present"`` or ``"add"``.

    Raises
    ------
    InputError
        Unreadable file, non-numeric or negative cells, or totals (labelled
        "Total") that do not add up.
    """
    import pandas as pd

    from .equations import _as_counts

    try:
        raw = pd.read_csv(path, index_col=0, dtype=str, keep_default_na=False)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not a readable CSV table ({exc.__class__.__name__})") from None
    if raw.shape[0] == 0 or raw.shape[1] == 0:
        raise InputError(f"{path}: the table has no cells")
    raw.index = raw.index.map(str)
    try:
        counts = _as_counts(raw.apply(lambda c: c.str.strip()))
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from None
    labelled = bool(_TOTAL.match(str(raw.index[-1]))) or bool(_TOTAL.match(str(raw.columns[-1])))
    if counts.shape[0] >= 2 and counts.shape[1] >= 2:
        inner = counts.iloc[:-1, :-1]
        adds_up = (inner.sum(axis=1) == counts.iloc[:-1, -1]).all() and (
            counts.iloc[:-1, :].sum(axis=0) == counts.iloc[-1, :]
        ).all()
        if adds_up and (labelled or inner.to_numpy().sum() > 0):
            return counts, "present"
    if labelled:
        raise InputError(f"{path}: the totals do not add up to the cells")
    return counts, "add"


def run(args: argparse.Namespace) -> int:
    """Protect ``args.table``; print and write the published table and audit.

    Returns 0 on success. Raises :class:`~cpanalysis.errors.InputError` for a
    bad table (the main CLI prints one line and exits 2).
    """
    from .audit import audit
    from .policy import DisclosurePolicy
    from .suppression import suppress

    path = Path(args.table)
    counts, margins = read_table(path)
    try:
        result = suppress(
            counts,
            policy=DisclosurePolicy(threshold=args.threshold, protection=args.protection,
                                    small_group=args.small_group),
            margins=margins,  # type: ignore[arg-type]
        )
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from None
    out_dir = Path(args.out_dir) if args.out_dir is not None else path.parent
    out_dir.mkdir(parents=True, exist_ok=True)
    published = out_dir / f"{path.stem}.published.csv"
    audit_path = out_dir / f"{path.stem}.audit.csv"
    result.published().to_csv(published, index_label=counts.index.name or "")
    audit(result, exact=True).intervals.to_csv(audit_path, index=False)
    print(result.to_string())
    print(
        f"\n{result.n_primary} primary and {result.n_secondary} secondary suppressions (shown as c); "
        f"audit passed. Wrote {published} and {audit_path}."
    )
    return 0

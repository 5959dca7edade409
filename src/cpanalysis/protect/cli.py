"""``cpanalysis protect TABLE.csv``: protect an analyst's own count table.

The first column holds row labels. Totals are detected and checked: a last
row and last column that hold the totals (both margins), or only a last column
labelled "Total" where each row adds up to its total (row totals only, like a
results table of subjects by met / not met / did not take), or only a last row
labelled "Total" (column totals only); a table without totals gets them added.
A total that does not add up is refused naming its row and column. The
published table (GSS symbols) is printed and written, with the audit, next to
the input or to ``--out-dir``; every cell a spreadsheet would run as a formula
is neutralised (:mod:`cpanalysis._csvsafe`). Every refusal is one
:class:`~cpanalysis.errors.InputError` line (exit 2).
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


#: Largest count read exactly (beyond it a float no longer holds every whole number).
_MAX_COUNT = 2 ** 53


def _whole_numbers(raw: pd.DataFrame) -> None:
    """Refuse a cell that reads as a number but not as a finite whole number (``1e309``, ``inf``).

    Other problems (text, negative, fractions) are left to
    :func:`~cpanalysis.protect.equations._as_counts`, which names them.
    """
    import numpy as np
    import pandas as pd

    for col in raw.columns:
        num = pd.to_numeric(raw[col], errors="coerce").to_numpy(dtype=float)
        bad = ~np.isnan(num) & (~np.isfinite(num) | (np.abs(num) > _MAX_COUNT))
        if bad.any():
            row = raw.index[int(np.argmax(bad))]
            raise InputError(f"cell ({row!s}, {col!s}) is not a whole number: {raw[col].iloc[int(np.argmax(bad))]!r}")


def _first_mismatch(sums: pd.Series, totals: pd.Series) -> object | None:
    """Label of the first position where ``sums`` differs from ``totals`` (None: they agree)."""
    diff = (sums != totals).to_numpy()
    return sums.index[int(diff.argmax())] if diff.any() else None


def read_table(path: Path) -> tuple[pd.DataFrame, str]:
    """Read a CSV count table and decide which of its last row/column are totals.

    Returns the table and how its totals are laid out: ``"present"`` (last row
    and last column), ``"row_totals"`` (last column only: each row's total),
    ``"column_totals"`` (last row only) or ``"add"`` (none: they are added).

    Raises
    ------
    InputError
        Missing file, a folder, an unreadable file, non-numeric, negative or
        non-whole cells (named by row and column), or totals (labelled
        "Total") that do not add up (named by row and column).
    """
    import pandas as pd

    from .equations import _as_counts

    if path.is_dir():
        raise InputError(f"{path}: is a folder; give a CSV file (first column row labels)")
    try:
        raw = pd.read_csv(path, index_col=0, dtype=str, keep_default_na=False)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not a readable CSV table ({exc.__class__.__name__})") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if raw.shape[0] == 0 or raw.shape[1] == 0:
        raise InputError(f"{path}: the table has no cells")
    raw.index = raw.index.map(str)
    try:
        cells = raw.apply(lambda c: c.str.strip())
        _whole_numbers(cells)
        counts = _as_counts(cells)
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from None
    row_label, col_label = str(raw.index[-1]), str(raw.columns[-1])
    total_row, total_col = bool(_TOTAL.match(row_label)), bool(_TOTAL.match(col_label))
    nr, nc = counts.shape
    if nr >= 2 and nc >= 2:
        inner = counts.iloc[:-1, :-1]
        bad_row = _first_mismatch(inner.sum(axis=1), counts.iloc[:-1, -1])
        bad_col = _first_mismatch(counts.iloc[:-1, :].sum(axis=0), counts.iloc[-1, :])
        if bad_row is None and bad_col is None and (total_row or total_col or inner.to_numpy().sum() > 0):
            return counts, "present"
    if total_col and not total_row:
        if nc < 2:
            raise InputError(f"{path}: the table has a {col_label} column but no cells to add up")
        bad = _first_mismatch(counts.iloc[:, :-1].sum(axis=1), counts.iloc[:, -1])
        if bad is None:
            return counts, "row_totals"
        got = int(counts.loc[bad].iloc[:-1].sum())
        raise InputError(f"{path}: row {bad}: the cells add up to {got}, not to the {col_label} "
                         f"column's {int(counts.loc[bad].iloc[-1])}")
    if total_row and not total_col:
        if nr < 2:
            raise InputError(f"{path}: the table has a {row_label} row but no cells to add up")
        bad = _first_mismatch(counts.iloc[:-1, :].sum(axis=0), counts.iloc[-1, :])
        if bad is None:
            return counts, "column_totals"
        got = int(counts[bad].iloc[:-1].sum())
        raise InputError(f"{path}: column {bad}: the cells add up to {got}, not to the {row_label} "
                         f"row's {int(counts[bad].iloc[-1])}")
    if total_row and total_col:
        if bad_row is not None:
            got = int(counts.loc[bad_row].iloc[:-1].sum())
            raise InputError(f"{path}: row {bad_row}: the cells add up to {got}, not to the {col_label} "
                             f"column's {int(counts.loc[bad_row].iloc[-1])}")
        got = int(counts[bad_col].iloc[:-1].sum())
        raise InputError(f"{path}: column {bad_col}: the cells add up to {got}, not to the {row_label} "
                         f"row's {int(counts[bad_col].iloc[-1])}")
    return counts, "add"


def run(args: argparse.Namespace) -> int:
    """Protect ``args.table``; print and write the published table and audit.

    Returns 0 on success. Raises :class:`~cpanalysis.errors.InputError` for a
    bad table (the main CLI prints one line and exits 2).
    """
    from .._csvsafe import neutralise, neutralise_frame
    from .audit import audit
    from .policy import DisclosurePolicy
    from .suppression import suppress

    path = Path(args.table)
    try:
        policy = DisclosurePolicy(threshold=args.threshold, protection=args.protection,
                                  small_group=args.small_group)
    except InputError as exc:
        raise InputError(f"{exc} (--threshold, --protection, --small-group)") from None
    counts, margins = read_table(path)
    extra: dict = {}
    if margins == "row_totals":       # a Total column only: it is a group of the other columns
        extra = {"col_groups": {counts.columns[-1]: list(counts.columns[:-1])}}
        counts, margins = counts.iloc[:, :-1], "none"
    elif margins == "column_totals":  # a Total row only
        extra = {"row_groups": {counts.index[-1]: list(counts.index[:-1])}}
        counts, margins = counts.iloc[:-1, :], "none"
    try:
        result = suppress(counts, policy=policy, margins=margins, **extra)  # type: ignore[arg-type]
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from None
    out_dir = Path(args.out_dir) if args.out_dir is not None else path.parent
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"{out_dir}: is a file; give a folder for --out-dir")
    published = out_dir / f"{path.stem}.published.csv"
    audit_path = out_dir / f"{path.stem}.audit.csv"
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        neutralise_frame(result.published(), index=True).to_csv(
            published, index_label=neutralise(counts.index.name or ""))
        neutralise_frame(audit(result, exact=True).intervals).to_csv(audit_path, index=False)
    except OSError as exc:
        raise InputError(f"{out_dir}: the outputs cannot be written ({exc.strerror or exc})") from None
    print(result.to_string())
    print(
        f"\n{result.n_primary} primary and {result.n_secondary} secondary suppressions (shown as c); "
        f"audit passed. Wrote {published} and {audit_path}."
    )
    return 0

"""Published linear equations of a count table: margins, subtotals, checks.

A protected table is attacked through the sums it publishes. This module turns a
pandas table of counts (with optional margins and row groups) into one flat
array of cells and a list of :class:`Equation` objects, ``total = sum(parts)``.
Tables with margins and tables with a hierarchy therefore share one attack
(:mod:`cpanalysis.protect.audit`) and one secondary-suppression routine.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from cpanalysis.errors import InputError

__all__ = ["Equation", "TableLayout", "build_layout"]

Margins = Literal["add", "present", "none"]


@dataclass(frozen=True)
class Equation:
    """One published sum: ``cells[total] == sum(cells[parts])`` (flat indices)."""

    total: int
    parts: tuple[int, ...]

    @property
    def members(self) -> tuple[int, ...]:
        """The total followed by its parts."""
        return (self.total, *self.parts)


@dataclass(frozen=True)
class TableLayout:
    """A full table (inner cells, subtotals, margins) and its equations.

    Attributes
    ----------
    frame : pandas.DataFrame
        Every published cell as an integer, in display order.
    equations : tuple of Equation
        Flat index ``i`` is ``frame.iat[i // ncol, i % ncol]``.
    """

    frame: pd.DataFrame
    equations: tuple[Equation, ...]

    @property
    def values(self) -> np.ndarray:
        """Cells as a flat int64 array (row-major)."""
        return self.frame.to_numpy(dtype=np.int64).ravel()


def _as_counts(table: pd.DataFrame) -> pd.DataFrame:
    """Check that every cell is a whole, non-negative number; return int64."""
    if table.shape[0] == 0 or table.shape[1] == 0:
        raise InputError("table has no cells")
    if table.index.has_duplicates or table.columns.has_duplicates:
        raise InputError("row and column labels must be unique")
    out = {}
    for col in table.columns:
        raw = table[col]
        num = pd.to_numeric(raw, errors="coerce")
        bad = num.isna()
        if bad.any():
            row = raw.index[int(np.argmax(bad.to_numpy()))]
            raise InputError(f"cell ({row!s}, {col!s}) is not a number: {raw[row]!r}")
        arr = num.to_numpy(dtype=float)
        if (arr < 0).any():
            row = raw.index[int(np.argmax(arr < 0))]
            raise InputError(f"cell ({row!s}, {col!s}) is a negative count: {raw[row]!r}")
        if (arr != np.floor(arr)).any():
            row = raw.index[int(np.argmax(arr != np.floor(arr)))]
            raise InputError(f"cell ({row!s}, {col!s}) is not a whole count: {raw[row]!r}")
        out[col] = arr.astype(np.int64)
    return pd.DataFrame(out, index=table.index, columns=table.columns)


def build_layout(
    counts: pd.DataFrame,
    *,
    margins: Margins = "add",
    row_groups: Mapping[str, Sequence[object]] | None = None,
    total_label: str = "Total",
) -> TableLayout:
    """Build the full published table and its linear equations.

    Parameters
    ----------
    counts : pandas.DataFrame
        Counts; rows and columns are categories.
    margins : {"add", "present", "none"}
        ``"add"`` appends a total column and a total row; ``"present"`` means
        the last row and last column already hold totals (they are checked);
        ``"none"`` publishes no totals.
    row_groups : mapping of str to row labels, optional
        A hierarchy: each group becomes a subtotal row (inserted before the
        total row) whose cells are published sums of the group's rows.
    total_label : str
        Label of the added total row and column.

    Returns
    -------
    TableLayout

    Raises
    ------
    InputError
        Non-numeric, negative or fractional cells, or totals that do not add up.
    """
    if margins not in ("add", "present", "none"):
        raise ValueError(f"margins must be 'add', 'present' or 'none', not {margins!r}")
    table = _as_counts(counts)
    if margins == "present":
        if table.shape[0] < 2 or table.shape[1] < 2:
            raise InputError("a table with totals needs at least two rows and two columns")
        inner = table.iloc[:-1, :-1]
        row_tot = table.iloc[:-1, -1]
        col_tot = table.iloc[-1, :]
        for label, want, got in zip(inner.index, row_tot.to_numpy(), inner.sum(axis=1).to_numpy()):
            if want != got:
                raise InputError(f"row {label!s}: total {want} but the cells add up to {got}")
        sums = table.iloc[:-1, :].sum(axis=0).to_numpy()
        for label, want, got in zip(table.columns, col_tot.to_numpy(), sums):
            if want != got:
                raise InputError(f"column {label!s}: total {want} but the cells add up to {got}")
        total_row_label, total_col_label = table.index[-1], table.columns[-1]
        leaves = inner
    else:
        leaves = table
        total_row_label = total_col_label = total_label

    groups = dict(row_groups or {})
    for name, members in groups.items():
        missing = [m for m in members if m not in leaves.index]
        if missing:
            raise InputError(f"row group {name!s} names unknown rows: {missing}")
        if name in leaves.index:
            raise InputError(f"row group {name!s} has the same label as a row")

    rows = [leaves]
    for name, members in groups.items():
        rows.append(leaves.loc[list(members)].sum(axis=0).to_frame(name).T)
    full = pd.concat(rows) if len(rows) > 1 else leaves.copy()
    with_margins = margins != "none"
    if with_margins:
        full[total_col_label] = full.sum(axis=1)
        total_row = leaves.sum(axis=0)
        total_row[total_col_label] = int(total_row.sum())
        full = pd.concat([full, total_row.to_frame(total_row_label).T])
    full = full.astype(np.int64)

    ncol = full.shape[1]
    n_leaf, n_inner_col = leaves.shape[0], leaves.shape[1]
    pos = {label: i for i, label in enumerate(full.index)}

    def idx(r: int, c: int) -> int:
        return r * ncol + c

    eqs: list[Equation] = []
    if with_margins:
        for r in range(full.shape[0]):
            eqs.append(Equation(idx(r, n_inner_col), tuple(idx(r, c) for c in range(n_inner_col))))
        last = full.shape[0] - 1
        for c in range(ncol):
            eqs.append(Equation(idx(last, c), tuple(idx(r, c) for r in range(n_leaf))))
    for name, members in groups.items():
        g = pos[name]
        for c in range(ncol):
            eqs.append(Equation(idx(g, c), tuple(idx(pos[m], c) for m in members)))
    return TableLayout(frame=full, equations=tuple(eqs))

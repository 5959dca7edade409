"""Published linear equations of a count table: margins, subtotals, checks.

A protected table is attacked through the sums it publishes. This module turns a
pandas table of counts (with optional margins, row groups and column groups)
into one flat array of cells and a list of :class:`Equation` objects,
``total = sum(parts)``.
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


def _check_groups(
    groups: Mapping[str, Sequence[object]], leaves: pd.Index, axis: str, total: object | None
) -> dict[str, list[object]]:
    """Validate a hierarchy on one axis; return it as a dict of lists.

    ``axis`` is ``"row"`` or ``"column"``; ``total`` is the label of the total
    row or column (None without margins).
    """
    out: dict[str, list[object]] = {}
    for name, members in groups.items():
        members = list(members)
        missing = [m for m in members if m not in leaves]
        if missing:
            raise InputError(f"{axis} group {name!s} names unknown {axis}s: {missing}")
        twice = sorted({str(m) for m in members if members.count(m) > 1})
        if twice:
            raise InputError(f"{axis} group {name!s} lists a {axis} more than once: {twice}")
        if name in leaves:
            raise InputError(f"{axis} group {name!s} has the same label as a {axis}")
        if total is not None and name == total:
            raise InputError(f"{axis} group {name!s} has the same label as the total {axis}")
        out[name] = members
    return out


def build_layout(
    counts: pd.DataFrame,
    *,
    margins: Margins = "add",
    row_groups: Mapping[str, Sequence[object]] | None = None,
    col_groups: Mapping[str, Sequence[object]] | None = None,
    total_label: str = "Total",
) -> TableLayout:
    """Build the full published table and its linear equations.

    The published table has the leaf rows, then one subtotal row per row
    group, then the total row; and likewise the leaf columns, then one
    subtotal column per column group, then the total column. Every cell is
    the sum of the leaf cells under its row and column; the equations are
    these published sums (any other sum a reader can form, such as a
    subtotal as the sum of the leaf cells under it, follows from them):

    * each row's total (last column) is the sum of that row's leaf columns,
      for every row (leaf, group and total);
    * each column's total (last row) is the sum of that column's leaf rows,
      for every column (leaf, group and total);
    * each row group's cell in every column (leaf, group and total) is the
      sum of its member rows' cells in that column;
    * each column group's cell in every row (leaf, group and total) is the
      sum of its member columns' cells in that row.

    A cell at a group row and a group column is therefore the total of two
    equations, one down its row group and one along its column group.

    Parameters
    ----------
    counts : pandas.DataFrame
        Counts; rows and columns are categories.
    margins : {"add", "present", "none"}
        ``"add"`` appends a total column and a total row; ``"present"`` means
        the last row and last column already hold totals (they are checked);
        ``"none"`` publishes no totals.
    row_groups : mapping of str to row labels, optional
        A row hierarchy: each group becomes a subtotal row (inserted after
        the leaf rows, before the total row) whose cells are published sums
        of the group's rows.
    col_groups : mapping of str to column labels, optional
        A column hierarchy: each group becomes a subtotal column (inserted
        after the leaf columns, before the total column) whose cells are
        published sums of the group's columns.
    total_label : str
        Label of the added total row and column.

    Returns
    -------
    TableLayout

    Raises
    ------
    InputError
        Non-numeric, negative or fractional cells, totals that do not add up,
        or a group that names an unknown row or column, lists one twice, or
        has the label of a row/column or of the total.
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

    with_margins = margins != "none"
    rgroups = _check_groups(row_groups or {}, leaves.index, "row", total_row_label if with_margins else None)
    cgroups = _check_groups(col_groups or {}, leaves.columns, "column", total_col_label if with_margins else None)

    # Leaf columns, then column groups (sums of member columns), then the row
    # total (sum of the leaf columns only).
    wide = leaves.copy()
    for name, members in cgroups.items():
        wide[name] = leaves[members].sum(axis=1)
    if with_margins:
        wide[total_col_label] = leaves.sum(axis=1)
    # Leaf rows, then row groups (sums of member rows), then the column total
    # (sum of the leaf rows only), every column included.
    rows = [wide]
    for name, members in rgroups.items():
        rows.append(wide.loc[members].sum(axis=0).to_frame(name).T)
    if with_margins:
        rows.append(wide.sum(axis=0).to_frame(total_row_label).T)
    full = pd.concat(rows) if len(rows) > 1 else wide
    full = full.astype(np.int64)

    nrow, ncol = full.shape
    n_leaf_row, n_leaf_col = leaves.shape
    row_pos = {label: i for i, label in enumerate(full.index)}
    col_pos = {label: j for j, label in enumerate(full.columns)}
    leaf_cols = range(n_leaf_col)

    def idx(r: int, c: int) -> int:
        return r * ncol + c

    eqs: list[Equation] = []
    if with_margins:
        total_col, total_row = ncol - 1, nrow - 1
        for r in range(nrow):
            eqs.append(Equation(idx(r, total_col), tuple(idx(r, c) for c in leaf_cols)))
        for c in range(ncol):
            eqs.append(Equation(idx(total_row, c), tuple(idx(r, c) for r in range(n_leaf_row))))
    for name, members in rgroups.items():
        g = row_pos[name]
        for c in range(ncol):
            eqs.append(Equation(idx(g, c), tuple(idx(row_pos[m], c) for m in members)))
    for name, members in cgroups.items():
        h = col_pos[name]
        for r in range(nrow):
            eqs.append(Equation(idx(r, h), tuple(idx(r, col_pos[m]) for m in members)))
    return TableLayout(frame=full, equations=tuple(eqs))

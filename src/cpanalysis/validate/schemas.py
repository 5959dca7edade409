"""pandera schemas per SSDA903 table and return year.

A schema checks that required columns are filled and that coded columns hold a
code valid in that return year (:mod:`.codes`). Types are already guaranteed by
the reader (text, or ``datetime64`` for dates), and checks that span rows or
tables (keys, overlaps, episodes against the header) live in :mod:`.checks`.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
import pandera.pandas as pa

from ..load.tables import TABLES
from .codes import CODES, allowed, classify
from .report import Report

__all__ = ["run_schema", "schema_for"]


@lru_cache(maxsize=None)
def schema_for(table: str, year: int) -> pa.DataFrameSchema:
    """The pandera schema of ``table`` in the return year starting in ``year``.

    Examples
    --------
    >>> s = schema_for("episodes", 2024)
    >>> s.columns["DECOM"].nullable, s.columns["DEC"].nullable
    (False, True)
    """
    spec = TABLES[table]
    cols = {}
    for c in spec.columns:
        checks = []
        if (table, c) in CODES:
            checks.append(pa.Check.isin(allowed(table, c, year), name="code"))
        cols[c] = pa.Column(None, checks=checks, nullable=c not in spec.required, required=True)
    return pa.DataFrameSchema(cols, name=f"{table} {year}-{(year + 1) % 100:02d}", strict=False)


def run_schema(table: str, frame: pd.DataFrame, report: Report) -> None:
    """Validate ``frame`` (all return years of one table) and report failures.

    Rows are validated year by year, each against its own year's schema.
    Failures become ``REQUIRED_MISSING`` or a ``CODE_*`` rule in ``report``.
    """
    if frame.empty:
        return
    years = frame["YEAR"].to_numpy()
    for year in np.unique(years):
        pos = np.flatnonzero(years == year)
        part = frame.iloc[pos] if pos.size != len(frame) else frame
        try:
            schema_for(table, int(year)).validate(part, lazy=True)
            continue
        except pa.errors.SchemaErrors as exc:
            fc = exc.failure_cases
        fc = fc[fc["index"].notna()]
        for (column, check), g in fc.groupby(["column", "check"], sort=False):
            idx = g["index"].to_numpy(dtype=np.int64)  # frame has a RangeIndex: labels = positions
            if check == "not_nullable":
                report.add_rows(table, frame, idx, column, "REQUIRED_MISSING")
                continue
            vals = g["failure_case"].astype(str).to_numpy(dtype=object)
            rules = np.array([classify(table, column, v, int(year)) for v in vals], dtype=object) \
                if len(set(vals)) == len(vals) else _classify_many(table, column, vals, int(year))
            for rule in dict.fromkeys(rules.tolist()):
                m = rules == rule
                report.add_rows(table, frame, idx[m], column, rule, values=vals[m])


def _classify_many(table: str, column: str, vals: np.ndarray, year: int) -> np.ndarray:
    uniq, inv = np.unique(vals, return_inverse=True)
    return np.array([classify(table, column, v, year) for v in uniq], dtype=object)[inv]

"""pandera schemas per SSDA903 table and return year.

A schema checks that required columns are filled and that coded columns hold a
code valid in that return year (:mod:`.codes`). The schemas are the declared
source of truth; :func:`run_schema` applies their rules vectorised across all
return years (pandera's own row-wise validation, :func:`run_schema_pandera`,
cost about a third of a national-scale build and gives the same rows). Types are already guaranteed by
the reader (text, or ``datetime64`` for dates), and checks that span rows or
tables (keys, overlaps, episodes against the header) live in :mod:`.checks`.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
import pandera.pandas as pa

from ..load.tables import TABLES
from .codes import CODES, WHOLE_NUMBERS, allowed, classify, whole_number_ok
from .report import Report

__all__ = ["run_schema", "run_schema_pandera", "schema_for"]


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
        if (table, c) in WHOLE_NUMBERS:
            lo, hi = WHOLE_NUMBERS[(table, c)]
            checks.append(pa.Check(lambda s, lo=lo, hi=hi: pd.Series(whole_number_ok(s, lo, hi), index=s.index),
                                   name="whole_number"))
        cols[c] = pa.Column(None, checks=checks, nullable=c not in spec.required, required=True)
    return pa.DataFrameSchema(cols, name=f"{table} {year}-{(year + 1) % 100:02d}", strict=False)


def _allowed_codes(column: pa.Column) -> list | None:
    """The code list of a schema column's ``isin`` check (``None``: no code check)."""
    for check in column.checks:
        allowed = (check.statistics or {}).get("allowed_values")
        if allowed is not None:
            return list(allowed)
    return None


def run_schema(table: str, frame: pd.DataFrame, report: Report) -> None:
    """Validate ``frame`` (all return years of one table) against its schemas and report failures.

    The pandera schemas (:func:`schema_for`) are the declared rules: which
    columns may not be blank and which code list each coded column takes in
    each return year. This applies exactly those rules, vectorised over every
    return year at once (the code check runs on the distinct values only);
    :func:`run_schema_pandera` runs pandera itself and gives the same report
    rows (``tests/validate`` checks that they agree). Failures become
    ``REQUIRED_MISSING`` or a ``CODE_*`` rule in ``report``.
    """
    if frame.empty:
        return
    years, yidx = np.unique(frame["YEAR"].to_numpy(), return_inverse=True)
    schemas = [schema_for(table, int(y)) for y in years]
    for c, col in schemas[0].columns.items():
        if c not in frame.columns:
            continue
        values = frame[c]
        if not col.nullable:
            report.add_rows(table, frame, np.flatnonzero(values.isna().to_numpy()), c, "REQUIRED_MISSING")
        if (table, c) in WHOLE_NUMBERS:
            report.add_rows(table, frame, np.flatnonzero(~whole_number_ok(values, *WHOLE_NUMBERS[(table, c)])),
                            c, "NUMBER_INVALID")
        if _allowed_codes(col) is None:
            continue
        codes, uniq = pd.factorize(values)            # missing -> -1: blanks pass a code check
        uniq = np.asarray(uniq, dtype=object)
        valid = np.ones((len(years), len(uniq) + 1), dtype=bool)
        for i, sch in enumerate(schemas):
            valid[i, :-1] = np.isin(uniq, _allowed_codes(sch.columns[c]))
        bad = np.flatnonzero(~valid[yidx, codes])     # code -1 reads the last (always valid) column
        if bad.size == 0:
            continue
        # rule per distinct (year, value) that failed
        pair = yidx[bad].astype(np.int64) * (len(uniq) + 1) + codes[bad]
        upair, inv = np.unique(pair, return_inverse=True)
        rules = np.array([classify(table, c, str(uniq[q % (len(uniq) + 1)]), int(years[q // (len(uniq) + 1)]))
                          for q in upair], dtype=object)[inv]
        vals = uniq[codes[bad]].astype(str)
        for rule in dict.fromkeys(rules.tolist()):
            m = rules == rule
            report.add_rows(table, frame, bad[m], c, rule, values=vals[m].astype(object))


def run_schema_pandera(table: str, frame: pd.DataFrame, report: Report) -> None:
    """:func:`run_schema` done by pandera itself, year by year (slower; the reference).

    Rows are validated year by year, each against its own year's schema.
    Failures become ``REQUIRED_MISSING``, ``NUMBER_INVALID`` or a ``CODE_*`` rule in ``report``.
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
            if check == "whole_number":
                report.add_rows(table, frame, idx, column, "NUMBER_INVALID")
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

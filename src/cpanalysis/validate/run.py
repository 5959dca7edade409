"""Validate a whole read return: schemas, then cross-row checks, then quarantine.

Errors quarantine the row (it is removed from the accepted tables); warnings
keep it. For every table ``read = accepted + quarantined``, where ``read``
counts the rows in the files, including lines that could not be split into the
right number of fields.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..load.ssda903 import Return903
from ..load.tables import TABLES
from .checks import (HeaderIndex, check_children_known, check_episodes, check_keys, check_other_tables,
                     check_upn, check_year_dates)
from .report import Report
from .schemas import run_schema

__all__ = ["Validated", "validate_return"]


@dataclass
class Validated:
    """The result of validation.

    Attributes
    ----------
    tables : dict of str to pandas.DataFrame
        Accepted rows of every table (quarantined rows removed).
    quarantined : dict of str to pandas.DataFrame
        The rows removed, per table.
    report : pandas.DataFrame
        Every problem (:data:`~cpanalysis.validate.report.REPORT_COLUMNS`).
    counts : pandas.DataFrame
        ``table, read, accepted, quarantined`` per table.
    """

    tables: dict[str, pd.DataFrame]
    quarantined: dict[str, pd.DataFrame]
    report: pd.DataFrame
    counts: pd.DataFrame

    @property
    def n_errors(self) -> int:
        """Number of error rows in the report."""
        return int((self.report["severity"] == "error").sum())


def validate_return(ret: Return903) -> Validated:
    """Run every check on ``ret`` and split accepted from quarantined rows.

    Parameters
    ----------
    ret : Return903
        From :func:`cpanalysis.load.read_returns`; its reading problems are
        carried into the report.

    Returns
    -------
    Validated
    """
    report = Report()
    report.extend(ret.report)
    tables = ret.tables
    header = tables.get("header")
    index = HeaderIndex(header) if header is not None else None
    for t, df in tables.items():
        if t not in TABLES:
            continue
        run_schema(t, df, report)
        check_keys(t, df, report)
        check_year_dates(t, df, report)
        if t != "header" and header is not None and "CHILD" in df:
            check_children_known(t, df, header, report, index)
    if header is not None:
        check_upn(header, report)
    if "episodes" in tables and header is not None:
        check_episodes(tables["episodes"], header, report)
    check_other_tables(tables, report)
    accepted, quarantined, counts = {}, {}, []
    for t, df in tables.items():
        bad = report.error_positions(t)
        keep = np.ones(len(df), dtype=bool)
        keep[bad] = False
        accepted[t] = df.iloc[np.flatnonzero(keep)].reset_index(drop=True) if bad.size else df
        quarantined[t] = df.iloc[bad].reset_index(drop=True)
        unread = report.unread_rows(t)
        counts.append((t, len(df) + unread, len(df) - bad.size, bad.size + unread))
    return Validated(accepted, quarantined, report.frame(),
                     pd.DataFrame(counts, columns=["table", "read", "accepted", "quarantined"]))

"""Cohorts: who is counted, in DfE's terms and in the Virtual School's.

Two definitions (DOMAIN.md section 3):

``"dfe"``
    Children looked after continuously for at least 12 months at 31 March of
    the academic year (:func:`cpanalysis.derive.continuously_looked_after_12m`),
    the cohort of DfE's "Outcomes for children in need, including children
    looked after by local authorities in England" and of the seed's tables
    ("in care for at least 1 year as of 1st April").
``"on_roll"``
    Everyone on the Virtual School roll in the academic year: in care on at
    least one day of it, whatever the length of time in care (how the Virtual
    School works day to day).

Key-stage cohorts are the pupils of a cohort in the national curriculum year
that ends the stage: Reception (EYFS), year 2 (KS1), year 6 (KS2), year 11
(KS4 and the post-16 destination that follows).
"""

from __future__ import annotations

import pandas as pd

from ..derive import continuously_looked_after_12m
from ..errors import InputError
from .data import VirtualSchoolData
from .years import year_end_31_march

__all__ = ["DEFINITIONS", "KEY_STAGE_YEAR", "cohort", "key_stage_cohort"]

DEFINITIONS = ("dfe", "on_roll")

#: National curriculum year that ends each key stage.
KEY_STAGE_YEAR = {"EYFS": 0, "KS1": 2, "KS2": 6, "KS4": 11, "post16": 11}


def cohort(data: VirtualSchoolData, year: int, definition: str = "dfe") -> pd.DataFrame:
    """The pupils of academic year ``year`` in a cohort, one row each.

    Parameters
    ----------
    data : VirtualSchoolData
    year : int
        Start year of the academic year.
    definition : {"dfe", "on_roll"}
        See the module docstring.

    Returns
    -------
    pandas.DataFrame
        Rows of ``data.pupils`` for that year, plus ``period_start`` (start of
        the period of care open at 31 March; missing when not in care then).
    """
    if definition not in DEFINITIONS:
        raise InputError(f"cohort definition must be one of {DEFINITIONS}, not {definition!r}")
    pupils = data.pupils.loc[data.pupils["year"] == year]
    cla12 = continuously_looked_after_12m(data.periods, year_end_31_march(year))[["CHILD", "period_start"]]
    out = pupils.merge(cla12, on="CHILD", how="left")
    if definition == "dfe":
        out = out.loc[out["period_start"].notna()]
    return out.sort_values("CHILD", kind="stable").reset_index(drop=True)


def key_stage_cohort(data: VirtualSchoolData, year: int, stage: str, definition: str = "dfe") -> pd.DataFrame:
    """Pupils of a cohort in the year group that ends ``stage`` (see :data:`KEY_STAGE_YEAR`)."""
    if stage not in KEY_STAGE_YEAR:
        raise InputError(f"key stage must be one of {', '.join(KEY_STAGE_YEAR)}, not {stage!r}")
    c = cohort(data, year, definition)
    return c.loc[c["nc"] == KEY_STAGE_YEAR[stage]].reset_index(drop=True)

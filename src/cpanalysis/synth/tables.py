"""SSDA903 tables for one return year, cut from the simulated histories."""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import codes
from .histories import Children, Episodes
from .people import People
from .write import format_dates

__all__ = ["EPISODE_COLUMNS", "HEADER_COLUMNS", "episodes_table", "header_table", "year_bounds"]

HEADER_COLUMNS = ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB")
EPISODE_COLUMNS = (
    "CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
    "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN",
)


def year_bounds(year: int) -> tuple[int, int]:
    """First and last day numbers (1 April, 31 March) of return year ``year``."""
    start = int(np.datetime64(f"{year}-04-01", "D").astype(np.int64))
    end = int(np.datetime64(f"{year + 1}-03-31", "D").astype(np.int64))
    return start, end


def in_year(ep: Episodes, year: int) -> np.ndarray:
    """Rows of ``ep`` open at any time during return ``year``, in output order."""
    start, end = year_bounds(year)
    return np.flatnonzero((ep.decom <= end) & (ep.dec >= start))


def episodes_table(
    ep: Episodes, people: People, cin: np.ndarray, postcode: np.ndarray, year: int
) -> pd.DataFrame:
    """The Episodes table of return ``year``.

    An episode still open on 31 March has empty ``DEC``, ``REC`` and
    ``REASON_PLACE_CHANGE``.
    """
    _, end = year_bounds(year)
    rows = in_year(ep, year)
    order = np.lexsort((ep.decom[rows], people.child_id[ep.child[rows]]))
    rows = rows[order]
    open_ = ep.dec[rows] > end
    return pd.DataFrame(
        {
            "CHILD": people.child_id[ep.child[rows]],
            "DECOM": format_dates(ep.decom[rows]),
            "RNE": ep.rne[rows],
            "LS": ep.ls[rows],
            "CIN": np.where(ep.period[rows] >= 0, cin[ep.period[rows]], "N2"),  # short breaks: disability
            "PLACE": codes.recode_place(ep.place[rows], year),
            "PLACE_PROVIDER": ep.provider[rows],
            "DEC": format_dates(ep.dec[rows], open_),
            "REC": np.where(open_, "", ep.rec[rows]),
            "REASON_PLACE_CHANGE": np.where(open_, "", ep.reason[rows]),
            "HOME_POST": postcode[ep.home[rows]],
            "PL_POST": postcode[ep.pl_cell[rows]],
            "URN": ep.urn[rows],
        },
        columns=list(EPISODE_COLUMNS),
    )


def header_table(
    ep: Episodes, children: Children, people: People, year: int, also: np.ndarray | None = None
) -> pd.DataFrame:
    """The Header table of return ``year``: every child with an episode in it,
    and the children in ``also`` (care leavers with an OC3 row that year)."""
    _, end = year_bounds(year)
    kids = ep.child[in_year(ep, year)]
    if also is not None:
        kids = np.concatenate([kids, also])
    kids = np.unique(kids)
    kids = kids[np.argsort(people.child_id[kids], kind="stable")]
    male = children.male[kids]
    sex = np.where(male, codes.sex_code(year, True), codes.sex_code(year, False))
    mc = people.mc_dob[kids]
    is_mother = (mc >= 0) & (mc <= end)
    return pd.DataFrame(
        {
            "CHILD": people.child_id[kids],
            "SEX": sex,
            "DOB": format_dates(children.dob[kids]),
            "ETHNIC": people.ethnic[kids],
            "UPN": people.upn[kids],
            "MOTHER": np.where(male, "", np.where(is_mother, "1", "0")),
            "MC_DOB": format_dates(np.where(is_mother, mc, 0), ~is_mother),
        },
        columns=list(HEADER_COLUMNS),
    )

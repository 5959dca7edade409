"""SSDA903 code lists by return year, as the generator uses them.

Only the codes the generator writes are listed. Return years are named by their
start year (2024 is 2024-25). The rules that change between years:

- ``SEX`` is ``1``/``2`` up to 2023-24 and ``M``/``F`` from 2024-25;
- ``K3`` (registered supported accommodation) exists from 2024-25;
- ``H5`` (semi-independent living), ``P2`` (independent living) and ``Z1``
  (other placement) are not valid from 2025-26.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "FIRST_K3_YEAR",
    "LAST_H5_YEAR",
    "RECODED",
    "RESIDENTIAL",
    "placement_codes",
    "recode_place",
    "sex_code",
]

#: First return year in which ``K3`` may be used.
FIRST_K3_YEAR = 2024
#: Last return year in which ``H5``, ``P2`` and ``Z1`` may be used.
LAST_H5_YEAR = 2024

#: Placement types the generator counts as residential care (children's homes,
#: secure homes, residential schools and care homes, semi-independent and
#: supported accommodation): our reading of the seeds' "residential" measure.
RESIDENTIAL: frozenset[str] = frozenset({"K1", "K2", "R1", "R2", "R5", "S1", "H5", "K3"})

_BASE_PLACEMENTS = (
    "A3", "A4", "A5", "A6", "U1", "U2", "U3", "U4", "U5", "U6", "K1", "K2", "R1", "R2",
    "R3", "R5", "S1", "P1", "P3", "T0", "T1", "T2", "T3", "T4",
)


def placement_codes(year: int) -> frozenset[str]:
    """Placement types valid in return year ``year`` (start year)."""
    codes = set(_BASE_PLACEMENTS)
    if year <= LAST_H5_YEAR:
        codes |= {"H5", "P2", "Z1"}
    else:
        codes |= {"Z11", "Z12", "Z13", "Z14"}
    if year >= FIRST_K3_YEAR:
        codes.add("K3")
    return frozenset(codes)


#: Withdrawn placement codes that an episode still open when they are withdrawn
#: carries, and the code it is reported under in later return years (the same
#: episode, same DECOM: councils recode continuing episodes).
RECODED = {"Z1": "Z14", "H5": "K3", "P2": "K3"}


def recode_place(place, year: int):
    """``place`` (an array of codes) as reported in return year ``year``."""
    place = np.asarray(place)
    if year <= LAST_H5_YEAR:
        return place
    out = place.copy()
    for old, new in RECODED.items():
        out[place == old] = new
    return out


def sex_code(year: int, male: bool) -> str:
    """The ``SEX`` code for a boy or girl in return year ``year``."""
    if year >= 2024:
        return "M" if male else "F"
    return "1" if male else "2"

"""The SSDA903 tables: canonical names, columns, dates, keys and file-name aliases.

Canonical table names are lower case (``header``, ``episodes``, ...). Case
systems and other tools name the files differently (``placed_for_adoption.csv``,
``PlacedAdoption.csv``, ``previous_permanence.csv``); :data:`ALIASES` maps every
spelling we know to the canonical name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["ALIASES", "TABLES", "TableSpec", "canonical_table"]


@dataclass(frozen=True)
class TableSpec:
    """What one SSDA903 table holds.

    Attributes
    ----------
    name : str
        Canonical name.
    columns : tuple of str
        DfE column names, all required in the file.
    dates : tuple of str
        Columns holding ``dd/mm/YYYY`` dates.
    key : tuple of str
        Columns that identify a row within one return year.
    first_year : int
        First return year (start year) in which the table exists.
    required : tuple of str
        Columns that may not be blank.
    """

    name: str
    columns: tuple[str, ...]
    dates: tuple[str, ...]
    key: tuple[str, ...]
    first_year: int = 1990
    required: tuple[str, ...] = ("CHILD",)


_EPI_COLS = (
    "CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
    "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN",
)

#: Every SSDA903 table this package reads.
TABLES: dict[str, TableSpec] = {
    t.name: t
    for t in (
        TableSpec("header", ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"),
                  ("DOB", "MC_DOB"), ("CHILD",), required=("CHILD", "SEX", "DOB", "ETHNIC")),
        TableSpec("episodes", _EPI_COLS, ("DECOM", "DEC"), ("CHILD", "DECOM"),
                  required=("CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE")),
        TableSpec("reviews", ("CHILD", "DOB", "REVIEW", "REVIEW_CODE"), ("DOB", "REVIEW"),
                  ("CHILD", "REVIEW"), required=("CHILD", "REVIEW")),
        TableSpec("uasc", ("CHILD", "SEX", "DOB", "DUC"), ("DOB", "DUC"), ("CHILD",)),
        TableSpec("oc2", ("CHILD", "DOB", "SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK",
                          "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE",
                          "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"), ("DOB",), ("CHILD",)),
        TableSpec("oc3", ("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"), ("DOB",), ("CHILD",),
                  required=("CHILD", "IN_TOUCH")),
        TableSpec("ad1", ("CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR",
                          "SEX_ADOPTR", "LS_ADOPTR"), ("DOB", "DATE_INT", "DATE_MATCH"), ("CHILD",)),
        TableSpec("placed_adoption", ("CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED",
                                      "REASON_PLACED_CEASED"),
                  ("DOB", "DATE_PLACED", "DATE_PLACED_CEASED"), ("CHILD", "DATE_PLACED"),
                  required=("CHILD", "DATE_PLACED")),
        TableSpec("prev_perm", ("CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"),
                  ("DOB", "DATE_PERM"), ("CHILD",)),
        TableSpec("missing", ("CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"),
                  ("DOB", "MIS_START", "MIS_END"), ("CHILD", "MIS_START"),
                  required=("CHILD", "MISSING", "MIS_START")),
        TableSpec("sw_episodes", ("CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"),
                  ("DOB", "SW_DECOM", "SW_DEC"), ("CHILD", "SW_DECOM"), first_year=2023,
                  required=("CHILD", "SW_ID", "SW_DECOM")),
    )
}
#: File-name spellings (lower case, without ``.csv``, separators removed) to canonical name.
ALIASES: dict[str, str] = {
    "header": "header", "children": "header", "child": "header",
    "episodes": "episodes", "episode": "episodes",
    "reviews": "reviews", "review": "reviews",
    "uasc": "uasc",
    "oc2": "oc2", "oc3": "oc3", "ad1": "ad1",
    "placedadoption": "placed_adoption", "placedforadoption": "placed_adoption",
    "prevperm": "prev_perm", "previouspermanence": "prev_perm",
    "missing": "missing",
    "swepisodes": "sw_episodes", "socialworkerepisodes": "sw_episodes",
}

_SEP = re.compile(r"[\s_\-]+")


def canonical_table(stem: str) -> str | None:
    """Map a file stem such as ``placed_for_adoption`` to its canonical table name.

    Returns ``None`` for files that are not an SSDA903 table we read (for
    example the validator's ``DoLo.csv`` or ``placed_for_adoption_errors.csv``).

    Examples
    --------
    >>> canonical_table("Placed_For_Adoption")
    'placed_adoption'
    >>> canonical_table("SWEpisodes")
    'sw_episodes'
    """
    return ALIASES.get(_SEP.sub("", stem.lower()))

"""SSDA903 code lists, by column and return year, checked against DfE's own validator.

Source: the DfE-commissioned open-source 903 validator,
data-to-insight/csc-validator-be-903 (``lac_validator/rules/lac2022_23`` is the
base rule set; ``lac2023_24``, ``lac2024_25`` and ``lac2025_26`` hold the rules
each year adds or changes). Each list below names the DfE rule it mirrors:

========================  ==========================  =====================================
column                    DfE rule (year folder)      notes
========================  ==========================  =====================================
Header SEX                101 (2022_23; 2024_25)      ``1``/``2`` to 2023-24; ``M``/``F``/``U`` from 2024-25
Header ETHNIC             103                         the 20 standard codes
Episodes RNE              143                         S P L T U B
Episodes LS               144                         C1 C2 D1 E1 V2 V3 V4 J1-J3 L1-L3
Episodes CIN              145                         N1-N8
Episodes PLACE            146 (2022_23; 2024_25;      ``K3`` from 2024-25; ``H5``, ``P2``, ``Z1`` withdrawn
                          2025_26)                    and ``Z11``-``Z14`` added in 2025-26
Episodes PLACE_PROVIDER   178                         PR0-PR5
Episodes REC              149                         X1 E11 E12 E2 E3 E4A E4B E13 E41 E45-E48 E5-E9 E14-E17
Episodes REASON_PLACE_    1009                        CARPL CLOSE ALLEG STAND APPRR CREQB CREQO CHILD
CHANGE                                                LAREQ PLACE CUSTOD OTHER
Reviews REVIEW_CODE       167                         PN0-PN7
OC2 SDQ_SCORE             180                         a whole number 0-40 (:data:`WHOLE_NUMBERS`)
OC2 SDQ_REASON            196                         SDQ1-SDQ5
OC2 health flags          181                         0/1
OC3 IN_TOUCH              131                         YES NO DIED REFU NREQ RHOM
OC3 ACTIV                 132                         F1 P1 F2 P2 F4 P4 F5 P5 G4 G5 G6 0
OC3 ACCOM                 133                         letter + 1/2 except ``S1`` and ``X1`` (no fixed
                                                      abode and custody are never suitable); ``0``
AD1 FOSTER_CARE           114                         0/1
AD1 NB_ADOPTR             175                         1/2
AD1 SEX_ADOPTR            176                         M1 F1 MM FF MF
AD1 LS_ADOPTR             177                         L0 L11 L12 L2 L3 L4
PlacedAdoption            120                         RD1-RD4 (reasons the adoption plan was reversed;
REASON_PLACED_CEASED                                  E11/E12 are REC codes, not reasons here)
PrevPerm PREV_PERM        631                         P1-P4 Z1
Missing MISSING           1006                        M A
SWEpisodes SW_REASON      SW13STG1 (2023_24;          MANAGE FCONTA LEFTRL ORGRST TSPROC ABSENC CHCHAN
                          2024_25)                    PCCHAN SWDIED OTHERS (SWEpisodes from 2023-24)
========================  ==========================  =====================================

OC3 ACTIV ``F3``/``P3`` belong to an older code list and are reported as
withdrawn. Open question: DfE's older validator (SocialFinanceDigitalLabs/
quality-lac-data-beta-validator, ``validator903/validators.py`` rule 132, used
for returns before 2022-23) lists F3/P3 and no F4/P4/F5/P5, so F3/P3 were
probably valid up to 2021-22; making the list year-specific needs the
synthetic generator (F4/F5 in every year) and the EET measure (no F3/P3) to
change with it. Header MOTHER (0/1) is not a DfE code-list rule; it is checked the
same way.

A span is ``(first, last)`` start years of the return years in which the code
is valid (``None`` = open-ended). Columns in :data:`CRITICAL` are ones the
analysis depends on: a code outside the list there is an error and quarantines
the row. For the other columns (SW_REASON among them: a reason for a social
worker change is not used by any figure) the row is kept and a warning reported.
"""

from __future__ import annotations

__all__ = ["CODES", "CRITICAL", "Span", "WHOLE_NUMBERS", "allowed", "classify", "whole_number_ok"]

Span = tuple[int | None, int | None]
_ALWAYS: Span = (None, None)


def _all(*codes: str) -> dict[str, Span]:
    return {c: _ALWAYS for c in codes}


_ETHNIC = _all("WBRI", "WIRI", "WOTH", "WIRT", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND",
               "APKN", "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT")
_SEX = {"1": (None, 2023), "2": (None, 2023), "M": (2024, None), "F": (2024, None),
        "U": (2024, None)}
_PLACE = {
    **_all("A3", "A4", "A5", "A6", "K1", "K2", "P1", "P3", "R1", "R2", "R3", "R5", "S1",
           "T0", "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6"),
    "H5": (None, 2024), "P2": (None, 2024), "Z1": (None, 2024),
    "K3": (2024, None), "Z11": (2025, None), "Z12": (2025, None), "Z13": (2025, None),
    "Z14": (2025, None),
}
_REC = _all("X1", "E11", "E12", "E2", "E3", "E4A", "E4B", "E13", "E41", "E45", "E46", "E47",
            "E48", "E5", "E6", "E7", "E8", "E9", "E14", "E15", "E16", "E17")
_ACTIV = {**_all("F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5", "G4", "G5", "G6", "0"),
          "F3": (None, 1990), "P3": (None, 1990)}
_ACCOM = _all(*(f"{a}{d}" for a in "BCDEGHKRTUVWYZ" for d in "12"), "S2", "X2", "0")
_FLAG = _all("0", "1")

#: (table, column) to code -> validity span.
CODES: dict[tuple[str, str], dict[str, Span]] = {
    ("header", "SEX"): _SEX,
    ("header", "ETHNIC"): _ETHNIC,
    ("header", "MOTHER"): _FLAG,
    ("uasc", "SEX"): _SEX,
    ("episodes", "RNE"): _all("S", "P", "L", "T", "U", "B"),
    ("episodes", "LS"): _all("C1", "C2", "D1", "E1", "V2", "V3", "V4", "L1", "L2", "L3",
                             "J1", "J2", "J3"),
    ("episodes", "CIN"): _all(*(f"N{i}" for i in range(1, 9))),
    ("episodes", "PLACE"): _PLACE,
    ("episodes", "PLACE_PROVIDER"): _all("PR0", "PR1", "PR2", "PR3", "PR4", "PR5"),
    ("episodes", "REC"): _REC,
    ("episodes", "REASON_PLACE_CHANGE"): _all("CARPL", "CLOSE", "ALLEG", "STAND", "APPRR",
                                              "CREQB", "CREQO", "CHILD", "LAREQ", "PLACE",
                                              "CUSTOD", "OTHER"),
    ("reviews", "REVIEW_CODE"): _all(*(f"PN{i}" for i in range(8))),
    ("oc2", "SDQ_REASON"): _all("SDQ1", "SDQ2", "SDQ3", "SDQ4", "SDQ5"),
    **{("oc2", c): _FLAG for c in ("CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK",
                                   "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE",
                                   "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED")},
    ("oc3", "IN_TOUCH"): _all("YES", "NO", "DIED", "REFU", "NREQ", "RHOM"),
    ("oc3", "ACTIV"): _ACTIV,
    ("oc3", "ACCOM"): _ACCOM,
    ("ad1", "FOSTER_CARE"): _FLAG,
    ("ad1", "NB_ADOPTR"): _all("1", "2"),
    ("ad1", "SEX_ADOPTR"): _all("M1", "F1", "MM", "FF", "MF"),
    ("ad1", "LS_ADOPTR"): _all("L0", "L11", "L12", "L2", "L3", "L4"),
    ("placed_adoption", "REASON_PLACED_CEASED"): _all("RD1", "RD2", "RD3", "RD4"),
    ("prev_perm", "PREV_PERM"): _all("P1", "P2", "P3", "P4", "Z1"),
    ("missing", "MISSING"): _all("M", "A"),
    ("sw_episodes", "SW_REASON"): {c: (2023, None) for c in (
        "MANAGE", "FCONTA", "LEFTRL", "ORGRST", "TSPROC", "ABSENC", "CHCHAN", "PCCHAN", "SWDIED", "OTHERS")},
}

#: (table, column) to the (lowest, highest) whole number allowed (DfE rule 180 for SDQ_SCORE).
WHOLE_NUMBERS: dict[tuple[str, str], tuple[int, int]] = {("oc2", "SDQ_SCORE"): (0, 40)}

#: Columns whose codes the analysis depends on (unknown code = error).
CRITICAL: frozenset[tuple[str, str]] = frozenset({
    ("header", "SEX"), ("uasc", "SEX"),
    ("episodes", "RNE"), ("episodes", "LS"), ("episodes", "PLACE"), ("episodes", "REC"),
    ("reviews", "REVIEW_CODE"),
    *((("oc2", c) for c in ("CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK",
                            "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE"))),
    ("oc3", "IN_TOUCH"), ("oc3", "ACTIV"), ("oc3", "ACCOM"),
    ("placed_adoption", "REASON_PLACED_CEASED"), ("missing", "MISSING"),
})


def _valid(span: Span, year: int) -> bool:
    lo, hi = span
    return (lo is None or year >= lo) and (hi is None or year <= hi)


def allowed(table: str, column: str, year: int) -> list[str]:
    """Codes valid in ``column`` of ``table`` in the return year starting in ``year``.

    Examples
    --------
    >>> "K3" in allowed("episodes", "PLACE", 2023), "K3" in allowed("episodes", "PLACE", 2024)
    (False, True)
    >>> "H5" in allowed("episodes", "PLACE", 2025)
    False
    """
    return sorted(c for c, span in CODES[(table, column)].items() if _valid(span, year))


def classify(table: str, column: str, value: str, year: int) -> str:
    """Rule id for a code not valid in ``year``.

    Returns ``CODE_NOT_YET_VALID`` or ``CODE_WITHDRAWN`` for codes valid in some
    other year, ``CODE_UNKNOWN`` otherwise; for columns outside :data:`CRITICAL`
    always ``CODE_UNKNOWN_KEPT``.

    Examples
    --------
    >>> classify("episodes", "PLACE", "K3", 2022)
    'CODE_NOT_YET_VALID'
    >>> classify("episodes", "PLACE", "Z1", 2025)
    'CODE_WITHDRAWN'
    >>> classify("oc3", "ACCOM", "01", 2017)
    'CODE_UNKNOWN'
    """
    if (table, column) not in CRITICAL:
        return "CODE_UNKNOWN_KEPT"
    span = CODES[(table, column)].get(value)
    if span is None:
        return "CODE_UNKNOWN"
    lo, _ = span
    return "CODE_NOT_YET_VALID" if lo is not None and year < lo else "CODE_WITHDRAWN"


def whole_number_ok(values, lo: int, hi: int):
    """Whether each value is blank or a whole number from ``lo`` to ``hi`` (numpy bool array).

    A whole number is written in digits, optionally followed by a zero
    fraction (``20`` or ``20.0``, as DfE's rule 180 reads it); words,
    fractions, signs and numbers out of range fail.

    Examples
    --------
    >>> import pandas as pd
    >>> whole_number_ok(pd.Series(["0", "40", "20.0", None, "41", "99", "fourteen", "39.5", "-1"]), 0, 40).tolist()
    [True, True, True, True, False, False, False, False, False]
    """
    import numpy as np
    import pandas as pd

    s = pd.Series(values, dtype="string").str.strip()
    blank = s.isna() | (s == "")
    digits = s.str.extract(r"^(\d{1,6})(?:\.0*)?$", expand=False)
    n = pd.to_numeric(digits, errors="coerce")
    ok = n.notna() & (n >= lo) & (n <= hi)
    return (blank | ok).fillna(False).to_numpy(dtype=bool) if len(s) else np.zeros(0, dtype=bool)

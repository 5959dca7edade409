"""A hand-built council for the flow measures (:mod:`cpanalysis.measures.flows`), answers worked out by hand.

Return years 2023-24 and 2024-25. The quarter is 2024-25 Q3 (01/10/2024 -
31/12/2024); year to date from 01/04/2024. Dates dd/mm/yyyy.

| child | DOB        | episodes: DECOM RNE LS PLACE (-> DEC REC)                          | what it tests |
|-------|------------|---------------------------------------------------------------------|---------------|
| S1 | 01/01/2015 | 15/10/24 S C1 U4 open                                                | entered Q3 |
| S2 | 01/03/2008 | 01/05/24 S V2 K2 open; UASC                                          | entered Q1 (year to date only); UASC in care, not a care leaver |
| S3 | 01/06/2021 | 01/07/24 S V2 U4 -> 20/07/24 E4A; 01/11/24 S V2 U4 open              | entered twice in the year (Q2, Q3): once in the year to date; left in Q2 |
| S4 | 01/01/2012 | 05/10/24 S V3 U4 -> 07/10/24 E8                                      | short break only: neither enters nor leaves |
| S5 | 01/01/2014 | 01/12/23 S C2 U4 open                                                | entered before 1 April: not counted |
| S6 | 01/01/2013 | 10/11/24 P C2 U6 open (first episode, RNE not S)                     | entered Q3 (derive starts a period at a child's first episode) |
| L1 | 01/01/2017 | 01/01/23 S C2 P1 -> 15/10/24 E4A                                     | left Q3: returned home; care order discharged |
| L2 | 01/01/2014 | 01/03/24 S V2 U6 -> 20/10/24 E4B                                     | left Q3: returned home (s20, no order to discharge) |
| L3 | 01/01/2021 | 01/02/22 S C2 U4 -> 01/03/23 X1; 01/03/23 P E1 A6 -> 01/11/24 E11    | left Q3: adopted |
| L4 | 01/01/2015 | 01/06/22 S C2 U1 -> 05/11/24 E45                                     | left Q3: special guardianship order (not a "discharge") |
| L5 | 01/01/2013 | 01/06/22 S C2 U1 -> 10/11/24 E41                                     | left Q3: child arrangements order; care order discharged |
| L6 | 01/12/2006 | 01/09/21 S C2 U4 -> 01/12/24 E17                                     | left Q3: adult life (stayed put at 18); care leaver, not UASC |
| L7 | 01/01/2007 | 01/02/23 S V2 H5 -> 02/12/24 E6; UASC                                | left Q3: independent living; care leaver aged 17, UASC |
| L8 | 01/01/2009 | 15/11/24 S J1 R5 -> 15/12/24 E14                                     | entered and left Q3: other reason (remand ended); not at quarter end |
| L9 | 01/01/2012 | 01/10/24 S V2 U6 -> 05/10/24 E13; 10/10/24 S V2 U6 -> 20/12/24 E8    | entered and left twice in Q3: once each; reason of the last time (other) |
| L10 | 01/01/2016 | 01/01/24 S C1 U4 -> 25/11/24 E13                                    | left Q3: returned home; interim order (C1), not a discharge |
| L11 | 01/01/2010 | 01/11/24 S V3 U4 -> 03/11/24 E8                                     | short break only: not counted |
| U1 | 01/03/2006 | 01/06/22 S V2 U6 -> 01/03/24 E17 (2023-24 return); UASC             | care leaver aged 18, UASC; left before the year to date |
| R1 | 01/01/2010 | 01/01/24 S C2 K1 open                                                | secure children's home |
| R2 | 01/01/2008 | 01/02/24 S J1 K2 open                                                | remanded (children's home) |
| R3 | 01/01/2008 | 01/02/24 S J3 U4 open                                                | youth rehabilitation order: a sentence, not remand |
| R4 | 01/01/2015 | 01/03/24 S L2 U6 open                                                | emergency protection order: not remand |
| R5 | 01/01/2007 | 01/03/24 S J1 R5 open                                                | remanded to a young offender institution: counted once |
| R6 | 01/01/2008 | 01/03/24 S C2 R5 open                                                | on a care order, in a young offender institution |
| R7 | 01/01/2009 | 01/03/24 S J2 K2 open                                                | detained under PACE |

Cared for at 31/12/2024: S1, S2, S3, S5, S6, R1-R7 = 12; in a secure setting or on remand (P3.28):
R1, R2, R5, R6, R7 = 5.

Came into care (G5, Q3): S1, S3 (second time), S6, L8, L9 (twice, counted once) = 5.
Year to date (G5a): those 5 and S2 = 6 (S3 once although it came in twice).

Left care (G6, Q3): L1-L10 = 10; by reason (P3.21-P3.27): returned home L1, L2, L10 = 3;
adopted L3 = 1; SGO L4 = 1; child arrangements order L5 = 1; independent living or adult
life L6, L7 = 2; other L8, L9 = 2 (3 + 1 + 1 + 1 + 2 + 2 = 10). Care order discharged
(P3.25): L1 (C2, E4A), L5 (C2, E41) = 2. Year to date (G6a): L1-L10 and S3 = 11.

2024-25 Q2 (01/07/2024 - 30/09/2024): came into care S3 = 1; left S3 (E4A) = 1, returned home.

Care leavers 16-21 at 31/12/2024 (G3): L6 (18), L7 (17), U1 (18) = 3 (the others who left
are under 16 or left on an order); who were UASC (G7): L7, U1 = 2.

Reviews and OC3 rows are in :data:`REVIEWS` and :data:`OC3`, counted beside each row.
"""

from __future__ import annotations

import pandas as pd

from cpanalysis.measures import MeasureData

HOME = "QA1 1AA"

EPISODES = [
    # CHILD, YEAR, DECOM, RNE, LS, PLACE, PROVIDER, DEC, REC
    ("S1", 2024, "15/10/2024", "S", "C1", "U4", "PR1", None, None),
    ("S2", 2024, "01/05/2024", "S", "V2", "K2", "PR4", None, None),
    ("S3", 2024, "01/07/2024", "S", "V2", "U4", "PR1", "20/07/2024", "E4A"),
    ("S3", 2024, "01/11/2024", "S", "V2", "U4", "PR1", None, None),
    ("S4", 2024, "05/10/2024", "S", "V3", "U4", "PR1", "07/10/2024", "E8"),
    ("S5", 2023, "01/12/2023", "S", "C2", "U4", "PR1", None, None),
    ("S5", 2024, "01/12/2023", "S", "C2", "U4", "PR1", None, None),
    ("S6", 2024, "10/11/2024", "P", "C2", "U6", "PR4", None, None),
    ("L1", 2024, "01/01/2023", "S", "C2", "P1", "PR0", "15/10/2024", "E4A"),
    ("L2", 2024, "01/03/2024", "S", "V2", "U6", "PR4", "20/10/2024", "E4B"),
    ("L3", 2023, "01/02/2022", "S", "C2", "U4", "PR1", "01/03/2023", "X1"),
    ("L3", 2024, "01/03/2023", "P", "E1", "A6", "PR1", "01/11/2024", "E11"),
    ("L4", 2024, "01/06/2022", "S", "C2", "U1", "PR1", "05/11/2024", "E45"),
    ("L5", 2024, "01/06/2022", "S", "C2", "U1", "PR1", "10/11/2024", "E41"),
    ("L6", 2024, "01/09/2021", "S", "C2", "U4", "PR1", "01/12/2024", "E17"),
    ("L7", 2024, "01/02/2023", "S", "V2", "H5", "PR4", "02/12/2024", "E6"),
    ("L8", 2024, "15/11/2024", "S", "J1", "R5", "PR3", "15/12/2024", "E14"),
    ("L9", 2024, "01/10/2024", "S", "V2", "U6", "PR4", "05/10/2024", "E13"),
    ("L9", 2024, "10/10/2024", "S", "V2", "U6", "PR4", "20/12/2024", "E8"),
    ("L10", 2024, "01/01/2024", "S", "C1", "U4", "PR1", "25/11/2024", "E13"),
    ("L11", 2024, "01/11/2024", "S", "V3", "U4", "PR1", "03/11/2024", "E8"),
    ("U1", 2023, "01/06/2022", "S", "V2", "U6", "PR4", "01/03/2024", "E17"),
    ("R1", 2024, "01/01/2024", "S", "C2", "K1", "PR1", None, None),
    ("R2", 2024, "01/02/2024", "S", "J1", "K2", "PR4", None, None),
    ("R3", 2024, "01/02/2024", "S", "J3", "U4", "PR1", None, None),
    ("R4", 2024, "01/03/2024", "S", "L2", "U6", "PR4", None, None),
    ("R5", 2024, "01/03/2024", "S", "J1", "R5", "PR3", None, None),
    ("R6", 2024, "01/03/2024", "S", "C2", "R5", "PR3", None, None),
    ("R7", 2024, "01/03/2024", "S", "J2", "K2", "PR1", None, None),
]

DOB = {"S1": "01/01/2015", "S2": "01/03/2008", "S3": "01/06/2021", "S4": "01/01/2012", "S5": "01/01/2014",
       "S6": "01/01/2013", "L1": "01/01/2017", "L2": "01/01/2014", "L3": "01/01/2021", "L4": "01/01/2015",
       "L5": "01/01/2013", "L6": "01/12/2006", "L7": "01/01/2007", "L8": "01/01/2009", "L9": "01/01/2012",
       "L10": "01/01/2016", "L11": "01/01/2010", "U1": "01/03/2006", "R1": "01/01/2010", "R2": "01/01/2008",
       "R3": "01/01/2008", "R4": "01/01/2015", "R5": "01/01/2007",
       "R6": "01/01/2008", "R7": "01/01/2009"}

UASC = [  # CHILD, YEAR, DUC
    ("S2", 2024, None),           # in care: G4, not G7
    ("L7", 2024, None),           # care leaver
    ("U1", 2023, "01/03/2024"),   # care leaver; UASC status ended at 18, in an earlier return
]

REVIEWS = [  # CHILD, REVIEW, REVIEW_CODE
    ("R1", "05/10/2024", "PN1"),   # attended, spoke for themselves    -> in person
    ("R2", "06/10/2024", "PN2"),   # attended, advocate spoke          -> in person
    ("R3", "07/11/2024", "PN3"),   # attended, views non-verbally      -> in person
    ("R4", "08/11/2024", "PN4"),   # attended, no views conveyed       -> in person (not "took part", P1.3)
    ("R5", "09/12/2024", "PN5"),   # did not attend, briefed advocate  -> took part, not in person
    ("S5", "10/12/2024", "PN6"),   # did not attend, facilitative medium -> took part, not in person
    ("S1", "11/12/2024", "PN7"),   # did not attend, no views          -> neither
    ("S1", "11/12/2024", "PN7"),   # the same review twice: counted once
    ("S3", "12/11/2024", "PN0"),   # under 4: not in the denominator
    ("S6", "13/11/2024", None),    # no code: not counted
    ("R1", "30/09/2024", "PN1"),   # Q2: not counted
    ("R2", "01/01/2025", "PN1"),   # Q4: not counted
]  # Q3, aged 4+: 7 reviews; attended in person 4 (P1.3a 4/7); took part 6 (P1.3 6/7)

OC3 = [  # YEAR 2024: CHILD, DOB, IN_TOUCH, ACTIV, ACCOM
    ("O1", "10/06/2005", "YES", "F1", "U1"),   # 19 on 10/06/24: independent living, suitable   -> yes
    ("O2", "20/08/2003", "YES", "G5", "U2"),   # 21 on 20/08/24: independent living, unsuitable -> yes
    ("O3", "05/05/2004", "YES", "F5", "D1"),   # 20 on 05/05/24: semi-independent              -> no
    ("O4", "01/11/2005", "YES", "F2", "Z1"),   # 19 on 01/11/24: staying put                   -> no
    ("O5", "15/02/2005", "YES", "F5", "U1"),   # 20 on 15/02/25: after the quarter, not counted
    ("O6", "01/07/2006", "YES", "F5", "U1"),   # 18 on 01/07/24: not 19-21, not counted
    ("O7", "01/09/2004", "DIED", None, None),  # died: excluded
    ("O8", "12/12/2003", "NO", "0", None),     # 21 on 12/12/24: not in touch, accommodation not known -> no
]  # 19-21 by 31/12/24: O1, O2, O3, O4, O8 = 5; independent living O1, O2 = 2 (P5.11 2/5)

#: Year to date, worked out by hand above: not registered as measures (a quarter's figure beside the
#: year to date would give back the children who came or left twice), checked through their frames.
EXPECTED_YTD = {"G5a": 6, "G6a": 11}   # + S2; + S3 (left 20/07/24)

#: (numerator, denominator) for 2024-25 Q3, worked out by hand above.
EXPECTED = {
    "G5": (5, None),      # S1, S3, S6, L8, L9
    "G6": (10, None),     # L1-L10
    "G7": (2, 3),         # L7, U1 of care leavers L6, L7, U1
    "P1.3": (6, 7),       # existing measure, same reviews: PN1-PN6
    "P1.3a": (4, 7),      # PN1-PN4
    "P3.21": (3, 10),     # L1, L2, L10
    "P3.22": (1, 10),     # L3
    "P3.23": (1, 10),     # L4
    "P3.24": (1, 10),     # L5
    "P3.25": (2, 10),     # L1, L5
    "P3.26": (2, 10),     # L6, L7
    "P3.27": (2, 10),     # L8, L9
    "P3.28": (5, 12),     # R1 (K1), R2 (J1), R5 (J1 in R5), R6 (R5), R7 (J2) of 12 cared for at 31/12/24
    "P5.11": (2, 5),      # O1, O2
}

#: (numerator, denominator) for 2024-25 Q2.
EXPECTED_Q2 = {
    "G5": (1, None),      # S3 on 01/07/24
    "G6": (1, None),      # S3 on 20/07/24
    "P3.21": (1, 1),      # S3, E4A
    "P3.25": (0, 1),      # S3 was on s20 (V2)
}


def _dates(s: pd.Series) -> pd.Series:
    return pd.to_datetime(s, dayfirst=True)


def tables() -> dict[str, pd.DataFrame]:
    """The fixture's SSDA903 tables, typed as the loader types them."""
    ep = pd.DataFrame(EPISODES, columns=["CHILD", "YEAR", "DECOM", "RNE", "LS", "PLACE", "PLACE_PROVIDER",
                                         "DEC", "REC"])
    ep["DECOM"] = _dates(ep["DECOM"])
    ep["DEC"] = _dates(ep["DEC"])
    ep = ep.assign(HOME_POST=HOME, PL_POST=HOME, REASON_PLACE_CHANGE=None, URN=None, CIN="N1")
    ep["YEAR"] = ep["YEAR"].astype("int16")
    header = pd.DataFrame({"CHILD": list(DOB), "DOB": _dates(pd.Series(list(DOB.values()))), "SEX": "1",
                           "YEAR": 2024})
    reviews = pd.DataFrame(REVIEWS, columns=["CHILD", "REVIEW", "REVIEW_CODE"])
    reviews["REVIEW"] = _dates(reviews["REVIEW"])
    reviews["YEAR"] = 2024
    oc3 = pd.DataFrame(OC3, columns=["CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"])
    oc3["DOB"] = _dates(oc3["DOB"])
    oc3["YEAR"] = 2024
    uasc = pd.DataFrame(UASC, columns=["CHILD", "YEAR", "DUC"])
    uasc["DUC"] = _dates(uasc["DUC"])
    return {"episodes": ep, "header": header, "reviews": reviews, "oc3": oc3, "uasc": uasc}


def data() -> MeasureData:
    """The fixture as :class:`MeasureData`."""
    return MeasureData(tables=tables(), years=[2023, 2024])

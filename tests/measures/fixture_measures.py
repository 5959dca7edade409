"""A hand-built council for the scorecard measures, answers worked out by hand.

Return years 2023-24 and 2024-25 (data 01/04/2023 - 31/03/2025). The quarter
is 2024-25 Q3 (01/10/2024 - 31/12/2024); year to date from 01/04/2024; the
12 months for short-term stability from 01/01/2024. Every child's home
postcode is QA1 1AA (council Z1). Dates dd/mm/yyyy.

| child | DOB        | episodes: DECOM RNE LS PLACE PROVIDER PL_POST (-> DEC REC)                  | at 31/12/24 |
|-------|------------|------------------------------------------------------------------------------|-------------|
| A | 01/05/2012 | 01/05/23 S C2 U4 PR1 QA1 2AA -> 01/02/24; 01/02/24 P C2 U6 PR4 QA1 2AA -> 15/11/24; 15/11/24 P C2 K2 PR4 QA9 9AA (40 km, Z2) open | residential, 3 placements in 12 months, 1 move in Q3 |
| B | 10/03/2010 | 10/01/24 S C1 U4 PR1 QA1 2AA -> 01/10/24; 01/10/24 P C2 T1 -> 05/10/24 (respite); 05/10/24 P C2 U4 PR1 open | in-house foster; temporary + return are not moves: 1 placement |
| C | 01/06/2019 | 01/03/21 S E1 U4 PR1 -> 01/08/24; 01/08/24 T E1 A5 PR1 open (adopted by her foster carer) | placed for adoption; 1 placement since 2021: long-term stable |
| D | 01/01/2013 | 01/01/20 S C2 U4 PR1 -> 01/06/23; 01/06/23 P C2 U6 PR4 QA8 8AA (33 km, Z2) -> 20/10/24; 20/10/24 P C2 U4 PR5 -> 01/12/24; 01/12/24 B C2 U6 PR4 QA8 8AA open | external foster; 3 placements; 2 moves in Q3; long-term not stable |
| E | 01/02/2008 | 01/03/24 S V3 U4 -> 03/03/24; 01/06/24 S V3 U4 -> 03/06/24 (short breaks only) | not looked after, in no measure |
| F | 01/07/2011 | 01/02/24 S V2 U6 PR4 -> 01/05/24; 01/05/24 P V2 U6 PR5 -> 01/09/24 E4A | entered and left within the year: not in the stability denominator; ceased YTD aged 13 |
| G | 09/09/2015 | 01/06/23 S C2 P1 PR0 open | placed with parents |
| H | 01/01/2020 | 01/06/22 S C1 U4 PR1 -> 01/09/23; 01/09/23 L E1 U4 PR1 -> 01/03/24; 01/03/24 P E1 A6 PR1 -> 01/10/24 E11 | adopted YTD: A1 639 days, A2 153 (match 01/02/24), A10 639 |
| I | 05/05/2007 | 01/05/23 S C2 U1 PR1 -> 01/07/24 E45 | ceased YTD by SGO, aged 17 |
| J | 15/06/2005 | 10/01/21 S V2 U6 PR4 -> 15/06/23 E17 | care leaver aged 19 (eligible), OC3 2024 |
| K | 08/08/2008 | 10/04/24 S V2 K3 PR4 (no PL_POST) open; UASC, DUC 08/08/2026 | residential; UASC; distance not known |
| L | 01/01/2019 | 01/01/22 S C1 U4 PR1 -> 01/10/23; 01/10/23 L E1 U4 PR1 -> 01/05/24; 01/05/24 U E1 A5 PR1 -> 01/11/24 E12 | adopted YTD by foster carer: A1 851, A2 183 (match 01/04/24), A10 0 |
| Q | 01/01/2016 | 01/06/21 S C2 U4 PR1 -> 01/09/24; 01/09/24 P E1 A6 PR1 open | placed for adoption with new carers; adoptive + previous placement 2+ years: long-term stable |

Looked after at 31/12/2024: A, B, C, D, G, K, Q = 7 (G1).

Hand-worked answers for 2024-25 Q3 are in :data:`EXPECTED` (numerator, denominator).
Reviews, OC2, OC3, missing, AD1 and placed-for-adoption rows are listed in
:func:`tables`; their arithmetic is beside each expected value.
"""

from __future__ import annotations

import pandas as pd

from cpanalysis.measures import MeasureData

D = lambda s: pd.Timestamp(pd.to_datetime(s, dayfirst=True))  # noqa: E731

HOME = "QA1 1AA"

EPISODES = [
    # CHILD, YEAR, DECOM, RNE, LS, PLACE, PROVIDER, PL_POST, DEC, REC
    ("A", 2023, "01/05/2023", "S", "C2", "U4", "PR1", "QA1 2AA", "01/02/2024", "X1"),
    ("A", 2023, "01/02/2024", "P", "C2", "U6", "PR4", "QA1 2AA", None, None),
    ("A", 2024, "01/02/2024", "P", "C2", "U6", "PR4", "QA1 2AA", "15/11/2024", "X1"),
    ("A", 2024, "15/11/2024", "P", "C2", "K2", "PR4", "QA9 9AA", None, None),
    ("B", 2023, "10/01/2024", "S", "C1", "U4", "PR1", "QA1 2AA", None, None),
    ("B", 2024, "10/01/2024", "S", "C1", "U4", "PR1", "QA1 2AA", "01/10/2024", "X1"),
    ("B", 2024, "01/10/2024", "P", "C2", "T1", "PR1", "QA1 2AA", "05/10/2024", "X1"),
    ("B", 2024, "05/10/2024", "P", "C2", "U4", "PR1", "QA1 2AA", None, None),
    ("C", 2023, "01/03/2021", "S", "E1", "U4", "PR1", HOME, None, None),
    ("C", 2024, "01/03/2021", "S", "E1", "U4", "PR1", HOME, "01/08/2024", "X1"),
    ("C", 2024, "01/08/2024", "T", "E1", "A5", "PR1", HOME, None, None),
    ("D", 2023, "01/01/2020", "S", "C2", "U4", "PR1", HOME, "01/06/2023", "X1"),
    ("D", 2023, "01/06/2023", "P", "C2", "U6", "PR4", "QA8 8AA", None, None),
    ("D", 2024, "01/06/2023", "P", "C2", "U6", "PR4", "QA8 8AA", "20/10/2024", "X1"),
    ("D", 2024, "20/10/2024", "P", "C2", "U4", "PR5", "QA8 8AA", "01/12/2024", "X1"),
    ("D", 2024, "01/12/2024", "B", "C2", "U6", "PR4", "QA8 8AA", None, None),
    ("E", 2023, "01/03/2024", "S", "V3", "U4", "PR1", HOME, "03/03/2024", "E8"),
    ("E", 2024, "01/06/2024", "S", "V3", "U4", "PR1", HOME, "03/06/2024", "E8"),
    ("F", 2023, "01/02/2024", "S", "V2", "U6", "PR4", HOME, None, None),
    ("F", 2024, "01/02/2024", "S", "V2", "U6", "PR4", HOME, "01/05/2024", "X1"),
    ("F", 2024, "01/05/2024", "P", "V2", "U6", "PR5", HOME, "01/09/2024", "E4A"),
    ("G", 2023, "01/06/2023", "S", "C2", "P1", "PR0", HOME, None, None),
    ("G", 2024, "01/06/2023", "S", "C2", "P1", "PR0", HOME, None, None),
    ("H", 2023, "01/06/2022", "S", "C1", "U4", "PR1", HOME, "01/09/2023", "X1"),
    ("H", 2023, "01/09/2023", "L", "E1", "U4", "PR1", HOME, "01/03/2024", "X1"),
    ("H", 2023, "01/03/2024", "P", "E1", "A6", "PR1", HOME, None, None),
    ("H", 2024, "01/03/2024", "P", "E1", "A6", "PR1", HOME, "01/10/2024", "E11"),
    ("I", 2023, "01/05/2023", "S", "C2", "U1", "PR1", HOME, None, None),
    ("I", 2024, "01/05/2023", "S", "C2", "U1", "PR1", HOME, "01/07/2024", "E45"),
    ("J", 2023, "10/01/2021", "S", "V2", "U6", "PR4", HOME, "15/06/2023", "E17"),
    ("K", 2024, "10/04/2024", "S", "V2", "K3", "PR4", None, None, None),
    ("L", 2023, "01/01/2022", "S", "C1", "U4", "PR1", HOME, "01/10/2023", "X1"),
    ("L", 2023, "01/10/2023", "L", "E1", "U4", "PR1", HOME, None, None),
    ("L", 2024, "01/10/2023", "L", "E1", "U4", "PR1", HOME, "01/05/2024", "X1"),
    ("L", 2024, "01/05/2024", "U", "E1", "A5", "PR1", HOME, "01/11/2024", "E12"),
    ("Q", 2023, "01/06/2021", "S", "C2", "U4", "PR1", HOME, None, None),
    ("Q", 2024, "01/06/2021", "S", "C2", "U4", "PR1", HOME, "01/09/2024", "X1"),
    ("Q", 2024, "01/09/2024", "P", "E1", "A6", "PR1", HOME, None, None),
]

DOB = {"A": "01/05/2012", "B": "10/03/2010", "C": "01/06/2019", "D": "01/01/2013", "E": "01/02/2008",
       "F": "01/07/2011", "G": "09/09/2015", "H": "01/01/2020", "I": "05/05/2007", "J": "15/06/2005",
       "K": "08/08/2008", "L": "01/01/2019", "Q": "01/01/2016"}

REVIEWS = [  # CHILD, REVIEW, REVIEW_CODE
    ("A", "20/05/2023", "PN1"), ("A", "15/08/2023", "PN1"), ("A", "10/02/2024", "PN1"), ("A", "01/08/2024", "PN1"),
    ("A", "15/10/2024", "PN1"),                                   # last 15/10/24: due 15/04/25, in time
    ("B", "01/02/2024", "PN2"),                                   # one review: due 01/05/24, overdue
    ("C", "01/03/2024", "PN0"), ("C", "01/11/2024", "PN0"),       # due 01/05/25, in time (PN0: not in P1.3)
    ("D", "01/11/2023", "PN4"), ("D", "01/05/2024", "PN4"),       # due 01/11/24, overdue
    ("G", "20/06/2023", "PN1"), ("G", "10/09/2023", "PN1"), ("G", "01/03/2024", "PN1"), ("G", "20/08/2024", "PN1"),
    ("G", "01/12/2024", "PN7"),                                   # in time; PN7 = did not take part
    # K: none since 10/04/24: first due 20 working days later, overdue
    ("Q", "01/04/2024", "PN2"), ("Q", "01/10/2024", "PN2"),       # in time
]

OC2 = [  # YEAR 2023 (year to 31/03/2024): C aged 4, D aged 11
    {"CHILD": "C", "DOB": "01/06/2019", "SDQ_SCORE": "22", "CONVICTED": None, "HEALTH_CHECK": "1",
     "IMMUNISATIONS": "1", "TEETH_CHECK": "1", "HEALTH_ASSESSMENT": "1", "SUBSTANCE_MISUSE": None},
    {"CHILD": "D", "DOB": "01/01/2013", "SDQ_SCORE": "18", "CONVICTED": "1", "HEALTH_CHECK": None,
     "IMMUNISATIONS": "0", "TEETH_CHECK": "1", "HEALTH_ASSESSMENT": "1", "SUBSTANCE_MISUSE": "0"},
]

OC3 = [  # YEAR 2024; birthday in the return year, by 31/12/2024 unless said
    ("J", "15/06/2005", "YES", "F2", "Z1"),    # 19 on 15/06/24: in touch, EET, suitable, staying put
    ("M", "20/02/2007", "YES", "F1", "E1"),    # 18 on 20/02/25: after the quarter, not counted
    ("N", "10/10/2006", "YES", "G5", "B2"),    # 18 on 10/10/24: NEET, unsuitable
    ("O", "30/12/2004", "NO", "0", "0"),       # 20 on 30/12/24: not in touch, activity and accommodation not known
    ("P", "05/05/2006", "DIED", None, None),   # died: excluded
]

MISSING = [  # CHILD, MISSING, MIS_START
    *[("A", "M", f"{d:02d}/11/2024") for d in (2, 6, 10, 14, 18)], ("A", "M", "02/11/2024"),  # 5 (one duplicate)
    *[("D", "M", f"{d:02d}/10/2024") for d in (1, 8, 15, 22)], ("D", "A", "25/10/2024"), ("D", "A", "27/10/2024"),
]

#: (numerator, denominator) for 2024-25 Q3, worked out by hand from the table above.
EXPECTED = {
    "G1": (7, None),
    "G3": (1, None),                 # J only (I left by SGO, F aged 13)
    "G4": (1, 7),                    # K
    "P1.2": (4, 7),                  # A, C, G, Q in time; B, D, K overdue
    "P1.3": (2, 3),                  # Q3 reviews aged 4+: A PN1, Q PN2 took part; G PN7 did not
    "P2.10": (0, 7),
    "P3.1": (1, 7),                  # B
    "P3.2": (1, 7),                  # D
    "P3.3": (2, 7),                  # A (K2), K (K3)
    "P3.4": (2, 6),                  # A 24.9 mi, D 20.5 mi of 6 with known postcodes (K unknown)
    "P3.4a": (2, 6),                 # A and D placed in council Z2
    "P3.5": (1, 7),                  # B in U4
    "P3.7": (2, None),               # A (1 move), D (2 moves); B's respite and return are not moves
    "P3.7a": (3, None),
    "P3.9": (1, 7),                  # G
    "P3.10": (0, 7),
    "P3.11": (1, 4),                 # ceased YTD: F, H, I, L; I by SGO
    "P3.12": (1, 7),                 # C's decision open; H's ceased when adopted
    "P3.13": (2, 4),                 # H, L
    "P3.14": (0, 2),                 # 639 and 851 days, both over 426
    "P3.18": (0, 1),                 # aged 16+ ceasing: I only (SGO)
    "P3.19": (2, 7),                 # A 3 placements, D 3; B 1, C 1, G 1, K 1, Q 2
    "P3.20": (2, 3),                 # cohort C, D, Q: C same carer since 2021, Q adoption + previous 2+ years
    "P4.6": (1, 2),                  # SDQ 22, 18
    "P4.6a": (2, 2),
    "P4.8": (1, None),               # A 5 in November; D 4 missing + 2 away in October
    "P4.9": (2, 2),
    "P4.10": (1, 2),
    "P4.11": (2, 2),
    "P4.12": (1, 1),                 # C under 5
    "P4.14": (0, 2),
    "P5.8": (1, 1),                  # D aged 11 convicted (C is under 10)
    "P2.12": (1, 1),                 # 17-18: N NEET
    "P2.12a": (0, 1),
    "P2.13": (0, 2),                 # 19-21: J, O
    "P2.14": (0, 3),                 # 18-21: J, N, O
    "P2.15": (0, 2),
    "P2.15a": (1, 2),                # J F2
    "P5.2": (1, 2),                  # J Z1
    "P5.2a": (0, 1),                 # N B2
    "P5.4": (0, 1),                  # I (SGO) is the only 16+ leaver
    "P5.6": (1, 3),                  # J with former foster carers
    "P5.9": (1, 1),
    "P5.10": (1, 2),                 # J yes, O no
}

#: Means (value, number of children) for 2024-25 Q3.
EXPECTED_MEANS = {
    "P3.15": (745.0, 2),             # A1: (639 + 851) / 2
    "P3.16": (168.0, 2),             # A2: (153 + 183) / 2
    "P3.17": (319.5, 2),             # A10: (639 + 0) / 2
    "P4.13": (20.0, 2),              # SDQ (22 + 18) / 2
}

POSTCODES = pd.DataFrame({
    "postcode": ["QA1 1AA", "QA1 2AA", "QA9 9AA", "QA8 8AA"],
    "easting": [300000, 310000, 340000, 333000],
    "northing": [250000, 250000, 250000, 250000],
    "council_code": ["Z1", "Z1", "Z2", "Z2"],
    "council_name": ["Home Borough", "Home Borough", "Next Borough", "Next Borough"],
})


def tables() -> dict[str, pd.DataFrame]:
    """The fixture's SSDA903 tables, typed as the loader types them."""
    ep = pd.DataFrame(EPISODES, columns=["CHILD", "YEAR", "DECOM", "RNE", "LS", "PLACE", "PLACE_PROVIDER",
                                         "PL_POST", "DEC", "REC"])
    ep["DECOM"] = pd.to_datetime(ep["DECOM"], dayfirst=True)
    ep["DEC"] = pd.to_datetime(ep["DEC"], dayfirst=True)
    ep["HOME_POST"] = HOME
    ep["REASON_PLACE_CHANGE"] = None
    ep["URN"] = None
    ep["CIN"] = "N1"
    ep["YEAR"] = ep["YEAR"].astype("int16")
    header = pd.DataFrame({"CHILD": list(DOB), "DOB": pd.to_datetime(list(DOB.values()), dayfirst=True),
                           "SEX": "1", "YEAR": 2024})
    reviews = pd.DataFrame(REVIEWS, columns=["CHILD", "REVIEW", "REVIEW_CODE"])
    reviews["REVIEW"] = pd.to_datetime(reviews["REVIEW"], dayfirst=True)
    reviews["YEAR"] = 2024
    oc2 = pd.DataFrame(OC2)
    oc2["DOB"] = pd.to_datetime(oc2["DOB"], dayfirst=True)
    oc2["YEAR"] = 2023
    oc3 = pd.DataFrame(OC3, columns=["CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"])
    oc3["DOB"] = pd.to_datetime(oc3["DOB"], dayfirst=True)
    oc3["YEAR"] = 2024
    missing = pd.DataFrame(MISSING, columns=["CHILD", "MISSING", "MIS_START"])
    missing["MIS_START"] = pd.to_datetime(missing["MIS_START"], dayfirst=True)
    missing["YEAR"] = 2024
    ad1 = pd.DataFrame({"CHILD": ["H", "L"], "DATE_MATCH": [D("01/02/2024"), D("01/04/2024")],
                        "FOSTER_CARE": ["0", "1"], "YEAR": 2024})
    placed = pd.DataFrame({"CHILD": ["C", "H"], "DATE_PLACED": [D("01/09/2021"), D("01/09/2023")],
                           "DATE_PLACED_CEASED": [pd.NaT, D("01/10/2024")], "YEAR": 2024})
    uasc = pd.DataFrame({"CHILD": ["K"], "DUC": [D("08/08/2026")], "YEAR": 2024})
    return {"episodes": ep, "header": header, "reviews": reviews, "oc2": oc2, "oc3": oc3, "missing": missing,
            "ad1": ad1, "placed_adoption": placed, "uasc": uasc}


def data(**extra: pd.DataFrame) -> MeasureData:
    """The fixture as :class:`MeasureData` (with the postcode lookup unless replaced)."""
    extra.setdefault("postcodes", POSTCODES)
    return MeasureData(tables=tables(), years=[2023, 2024], extra=dict(extra))


def with_children_placed(t: dict[str, pd.DataFrame], postcodes: list[str]) -> dict[str, pd.DataFrame]:
    """The tables ``t`` plus one child per postcode (N0, N1, ...) placed there on 01/05/2024 and still there.

    Each is a boy born 01/01/2012 whose home is the fixture's ``HOME``, on a care order (C2) in foster
    care (U4, PR1), with an open episode in the 2024-25 return.
    """
    rows = [(f"N{i}", 2024, D("01/05/2024"), "S", "C2", "U4", "PR1", pc, pd.NaT, None) for i, pc in enumerate(postcodes)]
    new = pd.DataFrame(rows, columns=["CHILD", "YEAR", "DECOM", "RNE", "LS", "PLACE", "PLACE_PROVIDER",
                                      "PL_POST", "DEC", "REC"])
    new = new.assign(HOME_POST=HOME, REASON_PLACE_CHANGE=None, URN=None, CIN="N1").astype({"YEAR": "int16"})
    t["episodes"] = pd.concat([t["episodes"], new], ignore_index=True)
    t["header"] = pd.concat([t["header"], pd.DataFrame({"CHILD": new["CHILD"], "DOB": D("01/01/2012"),
                                                        "SEX": "1", "YEAR": 2024})], ignore_index=True)
    return t


def data_with_more_placed_out() -> MeasureData:
    """The fixture plus nine children placed on 01/05/2024 and open at 31/12/2024 (N0-N8).

    N0-N5 live in Next Borough (Z2, postcode QA9 9AA) and N6-N8 in Far Borough
    (Z3, QC3 3AA). With A and D, Z2 receives 8 children and Z3 receives 3:
    11 placed out of borough at 31/12/2024.
    """
    t = with_children_placed(tables(), ["QA9 9AA" if i < 6 else "QC3 3AA" for i in range(9)])
    far = pd.DataFrame({"postcode": ["QC3 3AA"], "easting": [350000], "northing": [260000],
                        "council_code": ["Z3"], "council_name": ["Far Borough"]})
    return MeasureData(tables=t, years=[2023, 2024],
                       extra={"postcodes": pd.concat([POSTCODES, far], ignore_index=True)})

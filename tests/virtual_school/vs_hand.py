"""A hand-built Virtual School cohort for academic year 2023-24 (31 March 2024).

Four children, every answer worked out by hand:

======  ==========================  =====  ===========================================
CHILD   in care                      year   what the tests expect
======  ==========================  =====  ===========================================
C01     10 Jan 2020, still           11     DfE cohort; 1 placement; 300/320 = 93.75%
C02     1 May 2021, still; moves     6      DfE cohort; 3 placements (moves Oct 2022,
        Oct 2022 and Nov 2023                Nov 2023); 360/380 = 94.74%
C03     1 Jun 2023, still            11     on roll only (under 12 months at 31 March);
                                             200/250 = 80%: persistently absent;
                                             English 3: on the grade 3/4 border; no PEP
                                             in the summer term
C04     1 Mar 2018 to 1 Dec 2023     6      on roll only (not in care at 31 March)
======  ==========================  =====  ===========================================
"""

import pandas as pd

from cpanalysis.derive import assign_periods, assign_placements, stitch_episodes
from cpanalysis.virtual_school.data import prepare

T = pd.Timestamp


def _episodes() -> pd.DataFrame:
    rows = [
        ("C01", "2020-01-10", "S", None, None),
        ("C02", "2021-05-01", "S", "2022-10-01", "X1"),
        ("C02", "2022-10-01", "P", "2023-11-01", "X1"),
        ("C02", "2023-11-01", "P", None, None),
        ("C03", "2023-06-01", "S", None, None),
        ("C04", "2018-03-01", "S", "2023-12-01", "E11"),
    ]
    df = pd.DataFrame(rows, columns=["CHILD", "DECOM", "RNE", "DEC", "REC"])
    df["DECOM"] = pd.to_datetime(df["DECOM"]).astype("datetime64[s]")
    df["DEC"] = pd.to_datetime(df["DEC"]).astype("datetime64[s]")
    df["LS"], df["CIN"], df["PLACE"], df["PLACE_PROVIDER"] = "C2", "N1", "U1", "PR1"
    df["REASON_PLACE_CHANGE"], df["HOME_POST"], df["PL_POST"], df["URN"] = None, None, None, None
    df["YEAR"] = 2023
    return df


def tables() -> dict[str, pd.DataFrame]:
    pupils = pd.DataFrame({
        "CHILD": ["C01", "C02", "C03", "C04"], "ACADEMIC_YEAR": "2023-24", "NC_YEAR": ["11", "6", "11", "6"],
        "SCHOOL_URN": ["100001", "100002", "100003", "100004"],
        "PHASE": ["secondary", "primary", "secondary", "primary"], "OFSTED_GRADE": ["2", "1", "3", "2"],
        "SEN": ["none", "SEN support", "EHCP", "none"], "DAYS_IN_CARE": ["366", "366", "300", "92"],
        "SESSIONS_POSSIBLE": ["320", "380", "250", "100"], "SESSIONS_ATTENDED": ["300", "360", "200", "99"],
        "SUSPENSIONS": ["0", "0", "2", "0"], "PERMANENT_EXCLUSION": ["0", "0", "0", "0"],
        "SCHOOL_MOVES": ["0", "1", "1", "0"], "PLACEMENT_MOVES": ["0", "1", "0", "0"],
    })
    peps = pd.DataFrame({
        "CHILD": ["C01", "C01", "C01", "C02", "C02", "C03"], "ACADEMIC_YEAR": "2023-24",
        "PEP_DATE": pd.to_datetime(["2023-10-10", "2024-02-10", "2024-06-10", "2023-10-12", "2024-06-12",
                                    "2024-02-20"]),
        "COMPLETED_IN_TIME": ["Y", "Y", "Y", "Y", "N", "Y"],
        "QUALITY": ["good", "good", "good", "outstanding", "requires improvement", "good"],
    })
    res = [("C01", "KS4", "ENG_GRADE", "5"), ("C01", "KS4", "MAT_GRADE", "4"), ("C01", "KS4", "BASICS_4", "Y"),
           ("C01", "KS4", "ATT8", "40.0"), ("C01", "KS4", "P8", "-0.50"),
           ("C03", "KS4", "ENG_GRADE", "3"), ("C03", "KS4", "MAT_GRADE", "2"), ("C03", "KS4", "BASICS_4", "N"),
           ("C03", "KS4", "ATT8", "20.0"),
           ("C02", "KS2", "READ_EXP", "Y"), ("C02", "KS2", "WRIT_EXP", "N"), ("C02", "KS2", "MAT_EXP", "D"),
           ("C02", "KS2", "RWM_EXP", "D"),
           ("C04", "KS2", "READ_EXP", "Y"), ("C04", "KS2", "WRIT_EXP", "Y"), ("C04", "KS2", "MAT_EXP", "Y"),
           ("C04", "KS2", "RWM_EXP", "Y")]
    results = pd.DataFrame(res, columns=["CHILD", "KEY_STAGE", "MEASURE", "VALUE"]).assign(ACADEMIC_YEAR="2023-24")
    dest = pd.DataFrame({"CHILD": ["C01", "C03"], "ACADEMIC_YEAR": "2023-24", "DESTINATION": ["sixth form", "NEET"]})
    header = pd.DataFrame({"CHILD": ["C01", "C02", "C03", "C04"], "YEAR": 2023,
                           "DOB": pd.to_datetime(["2008-01-05", "2013-02-01", "2008-03-01", "2013-05-05"])})
    episodes = assign_placements(assign_periods(stitch_episodes(_episodes())))
    return {"vs_pupils": pupils, "vs_peps": peps, "vs_results": results, "vs_destinations": dest,
            "episodes": episodes, "header": header}


def data():
    return prepare(tables())

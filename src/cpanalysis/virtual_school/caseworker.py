"""The caseworker view: named children who need action now. NEVER published.

This lists children by CHILD id, so it may only be shown in the investigation
notebook (``notebooks/investigate/virtual_school.ipynb``), whose metadata says
``{"cpanalysis": {"publish": false}}``: the cpanalysis template then marks the
page ``<meta name="cpanalysis-publish" content="false">`` and the publication
gate refuses it (rule ``not-for-publication``), and the gate refuses CHILD ids
on any page too.

Flags (the Virtual School's working rules, seeds/001 section 1 "Attendance:
rapid response to ... students below 90%"; section 5.4 "identify L3/4 border"):

* **attendance below 90%** in the academic year so far;
* **no PEP this term**: in care during the term, no PEP dated in it;
* **grade 3/4 border**: a grade 3 in English or maths at KS4 (one grade
  short of a standard pass). The extract holds final grades only, so this
  uses the year's results; with forecast grades it would be forward-looking.
"""

from __future__ import annotations

import pandas as pd

from .data import VirtualSchoolData
from .outcomes import pupil_frame
from .years import term_bounds

__all__ = ["children_at_risk"]


def children_at_risk(data: VirtualSchoolData, year: int, term: str = "summer", *,
                     attendance_below: float = 0.90) -> pd.DataFrame:
    """Children on the roll in ``term`` of academic year ``year`` with any flag.

    Parameters
    ----------
    data : VirtualSchoolData
    year : int
        Start year of the academic year.
    term : {"autumn", "spring", "summer"}
    attendance_below : float
        Attendance rate under which a child is flagged.

    Returns
    -------
    pandas.DataFrame
        One row per flagged child: ``CHILD``, ``NC year``, ``School URN``,
        ``SEN``, ``Attendance``, ``Attendance below 90%``, ``No PEP this term``,
        ``Grade 3/4 border``, sorted by CHILD.
    """
    start, end = (pd.Timestamp(d) for d in term_bounds(year, term))
    f = pupil_frame(data, year, "on_roll")
    p = data.periods
    in_term = p.loc[(p["start"] <= end) & (p["end"].isna() | (p["end"] > start)), "CHILD"].unique()
    f = f.loc[f["CHILD"].isin(in_term)]
    peps = data.peps
    had_pep = peps.loc[(peps["PEP_DATE"] >= start) & (peps["PEP_DATE"] <= end), "CHILD"].unique()
    low = (f["attendance"] < attendance_below).fillna(False)
    no_pep = ~f["CHILD"].isin(had_pep)
    border = ((f["eng_grade"] == 3) | (f["mat_grade"] == 3)).fillna(False)
    out = pd.DataFrame({
        "CHILD": f["CHILD"],
        "NC year": f["nc"].map(lambda v: {0: "R", -1: "N2", -2: "N1"}.get(int(v), str(v))),
        "School URN": f["SCHOOL_URN"],
        "SEN": f["SEN"],
        "Attendance": f["attendance"].map(lambda v: "" if pd.isna(v) else f"{100 * v:.1f}%"),
        f"Attendance below {100 * attendance_below:g}%": low.map({True: "yes", False: ""}),
        "No PEP this term": no_pep.map({True: "yes", False: ""}),
        "Grade 3/4 border": border.map({True: "yes", False: ""}),
    })
    keep = (low | no_pep | border).to_numpy(dtype=bool)
    return out.loc[keep].sort_values("CHILD", kind="stable").reset_index(drop=True)

"""Per-child outcomes and characteristics: one row per pupil, every measure a column.

Definitions (DfE unless marked "ours"):

* **EYFS good level of development** (GLD): at the expected level in the
  early learning goals of the prime areas and of literacy and mathematics
  (EYFS profile; ``GLD`` in the extract).
* **KS1 / KS2 expected standard** in reading, writing and maths, and in all
  three (``RWM``). At KS2 a pupil who did not take a test (absent, working
  below the test, ``D``) stays in the denominator and has not met the
  standard (DfE: percentages are of all eligible pupils); the seed's table
  shows "did not take" as a row of its own, and so do we.
* **KS4**: grade 4 or above in both English and maths (``BASICS_4``), grade
  5 or above in both (from the two grades), Attainment 8 (pupils who sat no
  exams count with 0, as DfE), Progress 8 (pupils with a score only).
* **Post-16 destination** in the autumn after year 11; NEET is "not in
  education, employment or training".
* **Attendance**: sessions attended / possible sessions, school-age pupils
  (Reception to year 11) with possible sessions. **Persistent absence**:
  absent from 10% or more of possible sessions (DfE), i.e. attendance of 90%
  or less.
* **Suspensions** (fixed-period exclusions): one or more in the year;
  **permanent exclusion** in the year.
* **Placements** (ours, following DOMAIN.md section 7): placements with a
  new carer (SSDA903, :mod:`cpanalysis.derive.placements` counting rule) that
  overlap the two academic years ending with the one analysed; 1 means no
  move. **Placement moves** (ours): changes of carer (a new placement that is
  a move under the same counting rule: RNE ``P`` or ``B`` with a new carer;
  never the first placement of a period of care) that began in the same two
  years; 0 means no move. A child who came into care during the two years
  has one placement and no move; a child with two periods of care in them
  may have two placements and no move. **School moves** (ours): the
  extract's ``SCHOOL_MOVES`` over the same two years.
* **Time in care** (ours): length of the latest period of care at 31 March
  of the academic year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from ..derive import placement_counts
from .._memo import memoised
from ..measures.dfe import ABSENCE, CLA_12_MONTHS, EXCLUSIONS, KS2, KS4, OC2_NOTE, DfeFigure
from .cohorts import KEY_STAGE_YEAR, cohort
from .data import VirtualSchoolData
from .years import year_end_31_march

__all__ = ["BREAKDOWNS", "MEASURES", "Breakdown", "Measure", "frame_key", "pupil_frame", "pupil_keys", "pupils_key",
           "stage_frame"]


@dataclass(frozen=True)
class Measure:
    """One outcome measure.

    Attributes
    ----------
    key : str
        Column of :func:`stage_frame`'s result.
    stage : str
        ``EYFS``, ``KS1``, ``KS2``, ``KS4``, ``post16`` or ``school`` (all
        school-age pupils: attendance, exclusions, PEPs).
    label : str
        Words for tables and sentences.
    kind : str
        ``"proportion"`` (a 0/1 column) or ``"mean"``.
    higher_is_better : bool
    dfe : DfeFigure or None
        How DfE publishes this measure by council, or None when it does not
        (:class:`cpanalysis.measures.dfe.DfeFigure`; the benchmark
        ``VS.<key>`` of :data:`cpanalysis.benchmarks.mapping.BENCHMARKS`).
    """

    key: str
    stage: str
    label: str
    kind: str = "proportion"
    higher_is_better: bool = True
    dfe: DfeFigure | None = None


MEASURES: dict[str, Measure] = {m.key: m for m in (
    Measure("gld", "EYFS", "good level of development"),
    Measure("ks1_read", "KS1", "expected standard in reading"),
    Measure("ks1_writ", "KS1", "expected standard in writing"),
    Measure("ks1_mat", "KS1", "expected standard in maths"),
    Measure("ks1_rwm", "KS1", "expected standard in reading, writing and maths"),
    Measure("ks2_read", "KS2", "expected standard in reading",
            dfe=DfeFigure(KS2, "pt_read_met_expected_standard", (CLA_12_MONTHS,), "percent",
                          "met the expected standard in reading", "eligible pupils", OC2_NOTE)),
    Measure("ks2_writ", "KS2", "expected standard in writing",
            dfe=DfeFigure(KS2, "pt_writta_met_expected_standard", (CLA_12_MONTHS,), "percent",
                          "met the expected standard in writing (teacher assessment)", "eligible pupils", OC2_NOTE)),
    Measure("ks2_mat", "KS2", "expected standard in maths",
            dfe=DfeFigure(KS2, "pt_mat_met_expected_standard", (CLA_12_MONTHS,), "percent",
                          "met the expected standard in maths", "eligible pupils", OC2_NOTE)),
    Measure("ks2_rwm", "KS2", "expected standard in reading, writing and maths",
            dfe=DfeFigure(KS2, "pt_rwm_met_expected_standard", (CLA_12_MONTHS,), "percent",
                          "met the expected standard in reading, writing and maths", "eligible pupils",
                          OC2_NOTE + " No KS2 tests in 2019/20 and 2020/21 (x).")),
    Measure("basics4", "KS4", "grade 4 or above in English and maths",
            dfe=DfeFigure(KS4, "pt_l2basics_94", (CLA_12_MONTHS,), "percent", "grade 4 or above in English and maths",
                          "pupils at the end of KS4", OC2_NOTE)),
    Measure("basics5", "KS4", "grade 5 or above in English and maths",
            dfe=DfeFigure(KS4, "pt_l2basics_95", (CLA_12_MONTHS,), "percent", "grade 5 or above in English and maths",
                          "pupils at the end of KS4", OC2_NOTE)),
    Measure("att8", "KS4", "Attainment 8 score", kind="mean",
            dfe=DfeFigure(KS4, "avg_att8", (CLA_12_MONTHS,), "mean", "sum of Attainment 8 scores",
                          "pupils at the end of KS4", OC2_NOTE)),
    Measure("p8", "KS4", "Progress 8 score", kind="mean",
            dfe=DfeFigure(KS4, "avg_p8score", (CLA_12_MONTHS,), "mean", "sum of Progress 8 scores",
                          "pupils with a Progress 8 score",
                          OC2_NOTE + " Progress 8 was not published for 2019/20-2020/21 nor 2024/25 (x).")),
    Measure("neet", "post16", "not in education, employment or training (NEET)", higher_is_better=False),
    Measure("persistent_absence", "school", "persistently absent (attendance 90% or less)",
            higher_is_better=False,
            dfe=DfeFigure(ABSENCE, "pt_pupils_pa_10_exact", (f"{CLA_12_MONTHS} | Total",), "percent",
                          "persistently absent pupils (10%+ of sessions missed)", "pupils, all school types", OC2_NOTE)),
    Measure("attendance", "school", "attendance rate", kind="mean",
            dfe=DfeFigure(ABSENCE, "pt_overall", (f"{CLA_12_MONTHS} | Total",), "percent",
                          "sessions attended (possible - overall absence)", "possible sessions, all school types",
                          OC2_NOTE + " Attendance = 100 - DfE's overall absence rate.", complement=True)),
    Measure("suspended", "school", "suspended at least once", higher_is_better=False,
            dfe=DfeFigure(EXCLUSIONS, "pt_one_plus_sus", (CLA_12_MONTHS,), "percent",
                          "pupils with one or more suspensions", "pupils",
                          OC2_NOTE + " The council-level file stops at 2020/21.")),
    Measure("permanent_exclusion", "school", "permanently excluded", higher_is_better=False,
            dfe=DfeFigure(EXCLUSIONS, "pt_perm_excl", (CLA_12_MONTHS,), "percent", "pupils permanently excluded",
                          "pupils", OC2_NOTE + " The council-level file stops at 2020/21. The scorecard's P2.7/P2.8 "
                          "count exclusions per half term by phase, which DfE does not publish.")),
    Measure("pep_on_time", "school", "every PEP in the year completed on time"),
    Measure("pep_good", "school", "latest PEP rated good or outstanding"),
)}


@dataclass(frozen=True)
class Breakdown:
    """An ordered characteristic to compare outcomes across.

    Attributes
    ----------
    key : str
        Column of :func:`pupil_frame` holding an ordered number (a count, or
        a code 0, 1, 2, ...).
    label : str
        Words, e.g. "number of placements".
    categories : dict of int to str, optional
        Words for each code; ``None`` when ``key`` is a count.
    """

    key: str
    label: str
    categories: dict[int, str] | None = None


BREAKDOWNS: dict[str, Breakdown] = {b.key: b for b in (
    Breakdown("placements", "number of placements in the two years to the end of the academic year"),
    Breakdown("placement_moves", "number of placement moves in the two years to the end of the academic year"),
    Breakdown("school_moves", "number of school moves in the two years to the end of the academic year",
              {0: "no school move", 1: "one school move", 2: "two or more school moves"}),
    Breakdown("sen_code", "special educational needs",
              {0: "no SEN", 1: "SEN support", 2: "EHC plan"}),
    Breakdown("attendance_code", "attendance band",
              {0: "95% or more", 1: "90% to under 95%", 2: "80% to under 90%", 3: "under 80%"}),
    Breakdown("care_time_code", "time in care at 31 March",
              {0: "5 years or more", 1: "2 to under 5 years", 2: "1 to under 2 years", 3: "under 1 year"}),
)}

_SEN_CODE = {"none": 0, "SEN support": 1, "EHCP": 2}


def _year_results(results: pd.DataFrame, year: int) -> dict[tuple[str, str], pd.Series]:
    """The year's results by (key stage, measure): each child's last recorded value, as text, indexed by CHILD."""
    r = results.loc[results["year"] == year]
    return {(str(stage), str(measure)): g.drop_duplicates("CHILD", keep="last").set_index("CHILD")["VALUE"].astype("str")
            for (stage, measure), g in r.groupby(["KEY_STAGE", "MEASURE"], sort=False, observed=True)}


def _result(results: dict[tuple[str, str], pd.Series], stage: str, measure: str) -> pd.Series:
    """A key stage's measure from :func:`_year_results` (empty when nobody has it)."""
    got = results.get((stage, measure))
    return got if got is not None else pd.Series(dtype="str", index=pd.Index([], name="CHILD"))


def _yn(values: pd.Series) -> pd.Series:
    """Y -> 1, N or D (did not take) -> 0, missing stays missing."""
    return values.map({"Y": 1.0, "N": 0.0, "D": 0.0}).astype("float64")


def _status(values: pd.Series) -> pd.Series:
    return values.map({"Y": "met", "N": "not yet met", "D": "did not take"})


def _grade(values: pd.Series) -> pd.Series:
    return pd.to_numeric(values, errors="coerce").astype("float64")


def _placements(data: VirtualSchoolData, year: int) -> pd.Series:
    got = placement_counts(data.placements, date(year - 1, 9, 1), date(year + 1, 8, 31))
    return got.drop_duplicates("CHILD").set_index("CHILD")["placements"]


def _placement_moves(data: VirtualSchoolData, year: int) -> pd.Series:
    """Moves (new placements with a new carer) that began in the two academic years to 31 August of ``year + 1``."""
    p = data.placements
    start, end = pd.Timestamp(date(year - 1, 9, 1)), pd.Timestamp(date(year + 1, 8, 31))
    moved = p.loc[p["is_move"].fillna(False).astype(bool) & (p["start"] >= start) & (p["start"] <= end)]
    return moved.groupby("CHILD", observed=True).size()


def _care_time(data: VirtualSchoolData, year: int) -> pd.Series:
    """Years in the latest period of care begun by 31 March of the academic year."""
    ye = pd.Timestamp(year_end_31_march(year))
    p = data.periods.loc[data.periods["start"] <= ye, ["CHILD", "start", "end"]]
    p = p.sort_values(["CHILD", "start"], kind="stable").drop_duplicates("CHILD", keep="last")
    stop = p["end"].where(p["end"].notna() & (p["end"] < ye), ye)
    years = (stop - p["start"]).dt.days / 365.25
    return pd.Series(years.to_numpy(), index=p["CHILD"].to_numpy())


def _peps(data: VirtualSchoolData, year: int) -> pd.DataFrame:
    p = data.peps.loc[data.peps["year"] == year].sort_values(["CHILD", "PEP_DATE"], kind="stable")
    if p.empty:
        return pd.DataFrame(columns=["pep_count", "pep_on_time", "pep_good"], index=pd.Index([], name="CHILD"))
    g = p.groupby("CHILD", sort=True)
    on_time = (p["COMPLETED_IN_TIME"] == "Y").groupby(p["CHILD"], sort=True).all().astype("float64")
    latest = g["QUALITY"].last().isin(["good", "outstanding"]).astype("float64")
    return pd.DataFrame({"pep_count": g.size(), "pep_on_time": on_time, "pep_good": latest})


def pupil_frame(data: VirtualSchoolData, year: int, definition: str = "dfe") -> pd.DataFrame:
    """Every pupil of a cohort with characteristics and outcomes, one row each.

    Parameters
    ----------
    data : VirtualSchoolData
    year : int
        Start year of the academic year.
    definition : {"dfe", "on_roll"}
        Cohort definition (:func:`cpanalysis.virtual_school.cohorts.cohort`).

    Returns
    -------
    pandas.DataFrame
        ``CHILD``, ``nc``, ``PHASE``, ``OFSTED_GRADE``, ``SEN``, ``SCHOOL_LA``,
        the breakdown columns of :data:`BREAKDOWNS`, ``attendance``, and every
        measure of :data:`MEASURES` (missing where it does not apply), plus
        KS2 ``*_status`` columns and KS4 grades.

    Computed once per academic year and definition (:func:`cpanalysis._memo.memoised`:
    a briefing asks for the same year many times); each call returns a copy.
    """
    return _pupil_frame(data, year, definition)


@memoised
def _pupil_frame(data: VirtualSchoolData, year: int, definition: str) -> pd.DataFrame:
    c = cohort(data, year, definition)
    out = c[["CHILD", "nc", "PHASE", "OFSTED_GRADE", "SEN", "SCHOOL_LA", "SCHOOL_URN"]].copy()
    out["sen_code"] = c["SEN"].map(_SEN_CODE).astype("float64")
    # Attendance and exclusions: school-age pupils with possible sessions.
    school_age = c["nc"].between(0, 11).fillna(False).to_numpy(dtype=bool)
    possible = c["SESSIONS_POSSIBLE"].astype("float64")
    ok = school_age & (possible.fillna(0).to_numpy() > 0)
    att = (c["SESSIONS_ATTENDED"].astype("float64") / possible).where(ok)
    out["attendance"] = att
    out["persistent_absence"] = (att <= 0.9).astype("float64").where(ok)
    out["attendance_code"] = pd.cut(att, [-np.inf, 0.8, 0.9, 0.95, np.inf], right=False,
                                    labels=[3.0, 2.0, 1.0, 0.0]).astype("float64")
    out["suspended"] = (c["SUSPENSIONS"].astype("float64") > 0).astype("float64").where(school_age)
    out["permanent_exclusion"] = (c["PERMANENT_EXCLUSION"].astype("float64") > 0).astype("float64").where(school_age)
    # Moves over two academic years.
    prev = data.pupils.loc[data.pupils["year"] == year - 1].drop_duplicates("CHILD").set_index("CHILD")["SCHOOL_MOVES"]
    moves = c["SCHOOL_MOVES"].astype("float64").fillna(0) + c["CHILD"].map(prev).astype("float64").fillna(0)
    out["school_moves"] = moves.clip(upper=2)
    out["placements"] = c["CHILD"].map(_placements(data, year)).astype("float64")
    out["placement_moves"] = c["CHILD"].map(_placement_moves(data, year)).astype("float64").fillna(0.0).where(
        out["placements"].notna())
    years_in_care = c["CHILD"].map(_care_time(data, year)).astype("float64")
    out["years_in_care"] = years_in_care
    out["care_time_code"] = pd.cut(years_in_care, [-np.inf, 1, 2, 5, np.inf], right=False,
                                   labels=[3.0, 2.0, 1.0, 0.0]).astype("float64")
    peps = _peps(data, year)
    for col in ("pep_count", "pep_on_time", "pep_good"):
        out[col] = c["CHILD"].map(peps[col]).astype("float64") if len(peps) else np.nan
    # Key-stage results (each only for its year group).
    res = _year_results(data.results, year)
    nc = out["nc"].astype("float64")
    gld = out["CHILD"].map(_yn(_result(res, "EYFS", "GLD")))
    out["gld"] = gld.where(nc == KEY_STAGE_YEAR["EYFS"])
    parts = []
    for m in ("READ", "WRIT", "MAT"):
        v = out["CHILD"].map(_yn(_result(res, "KS1", f"{m}_EXP"))).where(nc == KEY_STAGE_YEAR["KS1"])
        out[f"ks1_{m.lower()}"] = v
        parts.append(v)
    all3 = pd.concat(parts, axis=1)
    out["ks1_rwm"] = all3.min(axis=1).where(all3.notna().all(axis=1))
    for m in ("READ", "WRIT", "MAT", "RWM"):
        raw = out["CHILD"].map(_result(res, "KS2", f"{m}_EXP")).where(nc == KEY_STAGE_YEAR["KS2"])
        out[f"ks2_{m.lower()}"] = _yn(raw)
        out[f"ks2_{m.lower()}_status"] = _status(raw)
    ks4 = nc == KEY_STAGE_YEAR["KS4"]
    eng = out["CHILD"].map(_result(res, "KS4", "ENG_GRADE")).where(ks4)
    mat = out["CHILD"].map(_result(res, "KS4", "MAT_GRADE")).where(ks4)
    out["sat_ks4"] = ((eng.notna() & (eng != "D")) | (mat.notna() & (mat != "D"))).where(eng.notna() | mat.notna())
    out["eng_grade"], out["mat_grade"] = _grade(eng), _grade(mat)
    basics = out["CHILD"].map(_yn(_result(res, "KS4", "BASICS_4"))).where(ks4)
    derived4 = ((out["eng_grade"] >= 4) & (out["mat_grade"] >= 4)).astype("float64").where(eng.notna() & mat.notna())
    out["basics4"] = basics.fillna(derived4)
    out["basics5"] = ((out["eng_grade"] >= 5) & (out["mat_grade"] >= 5)).astype("float64").where(
        eng.notna() & mat.notna())
    out["att8"] = pd.to_numeric(out["CHILD"].map(_result(res, "KS4", "ATT8")), errors="coerce").where(ks4)
    out["p8"] = pd.to_numeric(out["CHILD"].map(_result(res, "KS4", "P8")), errors="coerce").where(ks4)
    dest = data.destinations.loc[data.destinations["year"] == year].drop_duplicates("CHILD", keep="last")
    d = out["CHILD"].map(dest.set_index("CHILD")["DESTINATION"].astype("str")).where(ks4)
    out["destination"] = d
    known = d.notna() & (d != "not known")
    out["neet"] = (d == "NEET").astype("float64").where(known)
    return out


def stage_frame(data: VirtualSchoolData, year: int, stage: str, definition: str = "dfe") -> pd.DataFrame:
    """The pupils a stage's measures are about (see :class:`Measure`):

    the year group that ends the key stage (``EYFS``, ``KS1``, ``KS2``,
    ``KS4``, ``post16``), or every school-age pupil (``school``). Worked out
    once per year, stage and definition; each call returns a copy.
    """
    return _stage_frame(data, year, stage, definition)


@memoised
def _stage_frame(data: VirtualSchoolData, year: int, stage: str, definition: str) -> pd.DataFrame:
    f = pupil_frame(data, year, definition)
    if stage == "school":
        out = f.loc[f["nc"].between(0, 11).fillna(False).to_numpy(dtype=bool)].reset_index(drop=True)
    else:
        out = f.loc[(f["nc"] == KEY_STAGE_YEAR[stage]).fillna(False).to_numpy(dtype=bool)].reset_index(drop=True)
    # Which pupils of which year these are: a table made from the frame names its children by year and
    # CHILD (:func:`pupil_keys`), so that the page's tables can be protected together.
    out.attrs = {"year": int(year), "definition": definition, "stage": stage}
    return out


def pupil_keys(frame: pd.DataFrame, year: int | None = None) -> pd.Series:
    """Each row's pupil as ``"<year>:<CHILD>"`` (the year from :func:`stage_frame`, or given), for the page's ledger."""
    year = frame.attrs.get("year") if year is None else year
    ids = frame["CHILD"].astype(str) if "CHILD" in frame.columns else pd.Series(frame.index.astype(str), frame.index)
    return (f"{year}:" if year is not None else "") + ids


def pupils_key(stage: object, definition: object, year: object) -> str:
    """Which pupils a table counts, in words stable from one build of a page to the next ("KS2 dfe 2023")."""
    return f"{stage} {definition} {year}"


def frame_key(frame: pd.DataFrame) -> str:
    """:func:`pupils_key` of a frame made by :func:`stage_frame`."""
    a = frame.attrs
    return pupils_key(a.get("stage", "?"), a.get("definition", "?"), a.get("year", "?"))


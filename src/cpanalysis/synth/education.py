"""The Virtual School extract: schools, attendance, exclusions, PEPs, results.

Schema: ``docs/virtual-school-schema.md``. One row per child per academic
year (1 September - 31 August) for every child in care on at least one day
of that year, aged from 2 (early years) to national curriculum year 13.

What drives the outcomes (so the analysis has something true to find):

- a latent prior ability, lower for children with higher needs;
- SEN status (EHCP, SEN support), which follows needs;
- attendance, lower with needs, placement moves and age;
- placement moves in the two years before an assessment: each one lowers
  the outcome by about 0.15 standard deviations (national evidence: about a
  third of a GCSE grade per extra move after age 11, Sebba et al. 2015).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .histories import Children, Episodes, Periods
from .moves import count_in_window, days_in_care, move_days
from .people import People
from .write import format_dates

__all__ = ["VirtualSchool", "make_virtual_school"]

_PHASES = ("nursery", "primary", "secondary", "special", "alternative provision", "post-16")
#: Academic years (start year) without the assessment (COVID-19; KS1 optional from 2023/24).
NO_ASSESSMENT = {
    "EYFS": {2019, 2020},
    "KS1": {2019, 2020} | set(range(2023, 2100)),
    "KS2": {2019, 2020},
    "P8": {2019, 2020, 2021},
}


PUPIL_COLUMNS = (
    "CHILD", "ACADEMIC_YEAR", "NC_YEAR", "SCHOOL_URN", "SCHOOL_LA", "PHASE", "OFSTED_GRADE", "SEN", "DAYS_IN_CARE",
    "SESSIONS_POSSIBLE", "SESSIONS_ATTENDED", "SUSPENSIONS", "PERMANENT_EXCLUSION", "SCHOOL_MOVES", "PLACEMENT_MOVES",
    "KS4_FORECAST_EN", "KS4_FORECAST_MA",
)
PEP_COLUMNS = ("CHILD", "ACADEMIC_YEAR", "PEP_DATE", "COMPLETED_IN_TIME", "QUALITY")
RESULT_COLUMNS = ("CHILD", "ACADEMIC_YEAR", "KEY_STAGE", "MEASURE", "VALUE")
DESTINATION_COLUMNS = ("CHILD", "ACADEMIC_YEAR", "DESTINATION")


@dataclass
class VirtualSchool:
    """The extract's tables."""

    pupils: pd.DataFrame
    peps: pd.DataFrame
    results: pd.DataFrame
    destinations: pd.DataFrame


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


def _day(y: int, m: int, d: int) -> int:
    return int(np.datetime64(f"{y}-{m:02d}-{d:02d}", "D").astype(np.int64))


def nc_year(dob: np.ndarray, academic_year: int) -> np.ndarray:
    """National curriculum year in the academic year starting September ``academic_year``
    (0 is Reception; negative is early years)."""
    d = dob.astype("datetime64[D]")
    y = d.astype("datetime64[Y]").astype(np.int64) + 1970
    m = d.astype("datetime64[M]").astype(np.int64) % 12 + 1
    cohort = np.where(m >= 9, y, y - 1)
    return academic_year - cohort - 5


def _school_pool(index: int) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """URNs and Ofsted grades of the schools in council ``index`` (``Z0000001`` is 0), per phase.

    Schools belong to the map, not to a seed: the same council always has the
    same schools, so children placed there from any council attend them.
    """
    rng = np.random.default_rng([7_403, index])
    sizes = {"nursery": 60, "primary": 150, "secondary": 35, "special": 12, "alternative provision": 4, "post-16": 10}
    grade_p = np.array([0.16, 0.64, 0.15, 0.05])
    pool = {}
    base = 100000 + 1000 * (index % 900)  # six digits, unique per council
    k = 0
    for phase in _PHASES:
        n = sizes[phase]
        urn = (base + k + np.arange(n) * 3 + rng.integers(0, 3, size=n)).astype(str)
        k += 3 * n
        grade = (rng.choice(4, size=n, p=grade_p) + 1).astype(str)
        pool[phase] = (urn, grade)
    return pool


#: A child placed in another council goes to school there when the placement is
#: more than 20 miles (32.19 km) from home, and otherwise with this probability
#: (the rest stay at a school in their home council).
LOCAL_SCHOOL_NEAR = 0.15
_FAR_M = 20 * 1609.344


def _placement_council(ep: Episodes, c: np.ndarray, day: int, cell_council: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Council index and cell of each child's placement on ``day`` (or the last one before it).

    A temporary placement (T0-T4) gives way to the placement it interrupts.
    """
    key = ep.child.astype(np.int64) * (1 << 32) + ep.decom
    pos = np.searchsorted(key, c.astype(np.int64) * (1 << 32) + day, side="right") - 1
    pos = np.maximum(pos, 0)
    temp = np.char.startswith(ep.place[pos].astype(str), "T") & (pos > 0)
    pos = np.where(temp, pos - 1, pos)
    cell = ep.pl_cell[pos]
    return cell_council[cell], cell


def make_virtual_school(
    rng: np.random.Generator, kids: Children, periods: Periods, ep: Episodes, people: People,
    first_year: int, last_year: int, index: int = 0, geo=None,
) -> VirtualSchool:
    """Build the Virtual School extract for academic years ``first_year`` to ``last_year - 1``.

    The academic year starting in September of the last return year has not
    ended by 31 March, so it is left out; a one-year run has the academic year
    ending in its return year instead. ``geo`` (:class:`~.geography.Geography`)
    places schools: a child placed far outside the council goes to a school in
    the receiving council (``SCHOOL_LA``); without it every school is in the
    home council.
    """
    moves = move_days(ep)
    if geo is not None:
        pc = geo.postcodes
        cell_council = pc["council_code"].str[1:].astype(np.int64).to_numpy() - 1
        east, north = pc["easting"].to_numpy(float), pc["northing"].to_numpy(float)
    else:
        cell_council = None
    n = kids.dob.size
    sen_noise = rng.normal(0, 0.35, size=n)
    pupils, peps, results, dests = [], [], [], []
    prev_school: dict[int, str] = {}
    near_local = rng.random(n) < LOCAL_SCHOOL_NEAR
    # Academic years that start in a return year written and have ended by the
    # last 31 March; a one-year run has none, so it gets the academic year that
    # ends in its return year (September before it to August).
    academic_years = range(first_year, last_year) if last_year > first_year else range(last_year - 1, last_year)
    for ay in academic_years:
        lo, hi = _day(ay, 9, 1), _day(ay + 1, 8, 31)
        in_care = days_in_care(periods, n, lo, hi)
        nc = nc_year(kids.dob, ay)
        c = np.flatnonzero((in_care > 0) & (nc >= -2) & (nc <= 13))
        c = c[np.argsort(people.child_id[c], kind="stable")]
        if c.size == 0:
            continue
        ncy = nc[c]
        m_year = count_in_window(moves, c, np.full(c.size, lo), np.full(c.size, hi))
        m_two = count_in_window(moves, c, np.full(c.size, lo - 365), np.full(c.size, hi))
        needs = kids.needs[c]
        # SEN: EHCP for the highest needs, SEN support next (CLA: about 29% / 27%).
        s = needs + sen_noise[c] + rng.normal(0, 0.15, size=c.size)
        sen = np.where(s > 0.62, "EHCP", np.where(s > -0.05, "SEN support", "none"))
        sen = np.where(ncy < -1, "none", sen)
        # Phase and school.
        phase = np.select([ncy < 0, ncy <= 6, ncy <= 11], ["nursery", "primary", "secondary"], "post-16")
        special = (sen == "EHCP") & (ncy >= 0) & (ncy <= 11) & (rng.random(c.size) < 0.45)
        phase = np.where(special, "special", phase)
        # Attendance while in care (school-age years R-11).
        school_age = (ncy >= 0) & (ncy <= 11)
        possible = np.where(school_age, np.rint(380 * in_care[c] / 366).astype(np.int64), 0)
        rate = _sigmoid(3.2 - 0.45 * needs - 0.35 * m_year - 0.12 * np.clip(ncy - 6, 0, None)
                        - 0.4 * (sen == "EHCP") + rng.normal(0, 0.55, size=c.size))
        attended = np.rint(possible * rate).astype(np.int64)
        susp_rate = np.where(ncy >= 7, 0.12, 0.04) * np.exp(0.6 * needs + 0.3 * m_year)
        susp = np.where(school_age, rng.poisson(susp_rate), 0)
        perm = school_age & (ncy >= 7) & (rng.random(c.size) < 0.004 * (1 + susp))
        phase = np.where(perm, "alternative provision", phase)
        school_la = np.full(c.size, index)
        if cell_council is not None:
            placed, cell = _placement_council(ep, c, hi, cell_council)
            home = kids.home[c]
            far = np.hypot(east[cell] - east[home], north[cell] - north[home]) > _FAR_M
            school_la = np.where((placed != index) & (far | near_local[c]), placed, index)
        school, ofsted, school_moves = _schools(rng, school_la, c, phase, m_year, prev_school)
        frame = pd.DataFrame({
            "CHILD": people.child_id[c], "ACADEMIC_YEAR": f"{ay}-{(ay + 1) % 100:02d}",
            "NC_YEAR": np.where(ncy == 0, "R", np.where(ncy < 0, "N" + (ncy + 3).astype(str), ncy.astype(str))),
            "SCHOOL_URN": school, "SCHOOL_LA": np.char.add("Z", np.char.zfill((school_la + 1).astype(str), 7)),
            "PHASE": phase, "OFSTED_GRADE": ofsted, "SEN": sen,
            "DAYS_IN_CARE": in_care[c],
            "SESSIONS_POSSIBLE": np.where(school_age, possible.astype(str), ""),
            "SESSIONS_ATTENDED": np.where(school_age, attended.astype(str), ""),
            "SUSPENSIONS": np.where(school_age, susp.astype(str), ""),
            "PERMANENT_EXCLUSION": np.where(school_age, np.where(perm, "1", "0"), ""),
            "SCHOOL_MOVES": school_moves.astype(str),
            "PLACEMENT_MOVES": m_year.astype(str),
        })
        peps.append(_peps(rng, periods, people, c, ncy, ay))
        att = np.where(possible > 0, attended / np.maximum(possible, 1), 0.9)
        z = (kids.ability[c] - 0.15 * m_two - 0.45 * (sen == "EHCP") - 0.25 * (sen == "SEN support")
             + 4.0 * (att - 0.92) + rng.normal(0, 0.45, size=c.size))
        # Year 11 forecast grades (spring term, before results): the same latent
        # attainment as the results, a quarter of a grade optimistic, less noise.
        y11 = ncy == 11
        for col, a in (("KS4_FORECAST_EN", 3.1), ("KS4_FORECAST_MA", 2.8)):
            f = np.clip(np.rint(a + 0.25 + 1.9 * z + rng.normal(0, 0.6, size=c.size)), 1, 9).astype(int)
            frame[col] = np.where(y11, f.astype(str), "")
        pupils.append(frame)
        results.append(_results(rng, people, c, ncy, ay, z, kids.ability[c], sen))
        dests.append(_destinations(rng, people, c, ncy, ay, z))
    def cat(parts: list[pd.DataFrame], columns: tuple[str, ...]) -> pd.DataFrame:
        # no academic year ended yet (a one-year run): a header row and no rows
        return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=list(columns))

    return VirtualSchool(pupils=cat(pupils, PUPIL_COLUMNS), peps=cat(peps, PEP_COLUMNS),
                         results=cat(results, RESULT_COLUMNS), destinations=cat(dests, DESTINATION_COLUMNS))


_POOLS: dict[int, dict[str, tuple[np.ndarray, np.ndarray]]] = {}
_SCHOOL_INFO: dict[str, tuple[str, str, int]] = {}  # URN -> (phase, Ofsted grade, council)


def _pool(council: int) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    if council not in _POOLS:
        _POOLS[council] = pool = _school_pool(council)
        for ph in _PHASES:
            for u, g in zip(*pool[ph]):
                _SCHOOL_INFO[u] = (ph, g, council)
    return _POOLS[council]


def _schools(rng, school_la, c, phase, m_year, prev_school: dict[int, str]):
    """A school per child in council ``school_la``: kept from last year unless the phase
    or the council changed or a placement move also moved school (about 40% of moves do)."""
    urn = np.empty(c.size, dtype=object)
    grade = np.empty(c.size, dtype=object)
    changed = rng.binomial(m_year, 0.4)
    for la in np.unique(school_la).tolist():
        pool = _pool(la)
        for ph in _PHASES:
            m = (phase == ph) & (school_la == la)
            if not m.any():
                continue
            u, g = pool[ph]
            pick = rng.integers(0, u.size, size=m.sum())
            urn[m], grade[m] = u[pick], g[pick]
    for i, child in enumerate(c.tolist()):
        old = prev_school.get(child)
        if old is not None:
            ph, g, la = _SCHOOL_INFO[old]
            if la != school_la[i]:
                changed[i] = max(changed[i], 1)  # a new council means a new school
            elif changed[i] == 0 and ph == phase[i]:
                urn[i], grade[i] = old, g
        prev_school[child] = urn[i]
    return urn.astype(str), grade.astype(str), changed


def _peps(rng, periods: Periods, people: People, c, ncy, ay) -> pd.DataFrame:
    """Termly PEPs (autumn, spring, summer) for children in care on the review date,
    from Reception (early years PEPs from age 2 are included too) to year 13."""
    rows = []
    for m, d, y in ((10, 15, ay), (2, 15, ay + 1), (6, 15, ay + 1)):
        day = _day(y, m, d) + rng.integers(-20, 20, size=c.size)
        inside = np.zeros(c.size, dtype=bool)
        # in care on the day?
        idx = np.searchsorted(periods.child, c)
        for k in range(3):  # a child has at most a few periods; check the first three
            j = np.minimum(idx + k, periods.child.size - 1)
            hit = (periods.child[j] == c) & (periods.start[j] <= day) & (periods.end[j] > day)
            inside |= hit
        sel = np.flatnonzero(inside)
        u = rng.random(sel.size)
        rows.append(pd.DataFrame({
            "CHILD": people.child_id[c[sel]], "ACADEMIC_YEAR": f"{ay}-{(ay + 1) % 100:02d}",
            "PEP_DATE": format_dates(day[sel]),
            "COMPLETED_IN_TIME": np.where(rng.random(sel.size) < 0.9, "Y", "N"),
            "QUALITY": np.where(u < 0.1, "outstanding", np.where(u < 0.7, "good", np.where(u < 0.95, "requires improvement", "inadequate"))),
        }))
    out = pd.concat(rows, ignore_index=True)
    key = pd.to_datetime(out["PEP_DATE"], format="%d/%m/%Y")
    return out.assign(_k=key).sort_values(["CHILD", "_k"], kind="stable").drop(columns="_k").reset_index(drop=True)


def _long(people, c, sel, ay, stage, measure, value) -> pd.DataFrame:
    return pd.DataFrame({
        "CHILD": people.child_id[c[sel]], "ACADEMIC_YEAR": f"{ay}-{(ay + 1) % 100:02d}",
        "KEY_STAGE": stage, "MEASURE": measure, "VALUE": value,
    })


def _results(rng, people, c, ncy, ay, z, ability, sen) -> pd.DataFrame:
    """Key-stage results, one row per child and measure (tidy)."""
    out = []
    if ay not in NO_ASSESSMENT["EYFS"]:
        sel = np.flatnonzero(ncy == 0)
        gld = rng.random(sel.size) < _sigmoid(-0.1 + 1.3 * z[sel])
        out.append(_long(people, c, sel, ay, "EYFS", "GLD", np.where(gld, "Y", "N")))
    if ay not in NO_ASSESSMENT["KS1"]:
        sel = np.flatnonzero(ncy == 2)
        for measure, a in (("READ_EXP", 0.3), ("WRIT_EXP", -0.1), ("MAT_EXP", 0.2)):
            met = rng.random(sel.size) < _sigmoid(a + 1.4 * z[sel])
            out.append(_long(people, c, sel, ay, "KS1", measure, np.where(met, "Y", "N")))
    if ay not in NO_ASSESSMENT["KS2"]:
        sel = np.flatnonzero(ncy == 6)
        absent = rng.random(sel.size) < np.where(sen[sel] == "EHCP", 0.25, 0.03)
        met_all = np.ones(sel.size, dtype=bool)
        for measure, a in (("READ_EXP", 0.9), ("WRIT_EXP", 0.6), ("MAT_EXP", 0.7)):
            met = rng.random(sel.size) < _sigmoid(a + 1.5 * z[sel])
            met_all &= met
            out.append(_long(people, c, sel, ay, "KS2", measure, np.where(absent, "D", np.where(met, "Y", "N"))))
        out.append(_long(people, c, sel, ay, "KS2", "RWM_EXP", np.where(absent, "D", np.where(met_all, "Y", "N"))))
    sel = np.flatnonzero(ncy == 11)
    if sel.size:
        zz = z[sel]
        sat = rng.random(sel.size) >= np.where(sen[sel] == "EHCP", 0.3, 0.06)
        eng = np.clip(np.rint(3.1 + 1.9 * zz + rng.normal(0, 0.8, size=sel.size)), 0, 9).astype(int)
        mat = np.clip(np.rint(2.8 + 1.9 * zz + rng.normal(0, 0.8, size=sel.size)), 0, 9).astype(int)
        slots = np.clip(rng.normal(8, 1.5, size=sel.size) + 1.5 * zz, 2, 10) / 10
        a8 = np.clip(10 * (eng + mat) / 2 * slots + rng.normal(0, 3, size=sel.size), 0, 90)
        a8 = np.where(sat, a8, 0.0)
        expected = 30 + 9 * ability[sel]
        p8 = np.clip((a8 - expected) / 10, -5, 3)
        basics = (eng >= 4) & (mat >= 4) & sat
        out.append(_long(people, c, sel, ay, "KS4", "ENG_GRADE", np.where(sat, eng.astype(str), "D")))
        out.append(_long(people, c, sel, ay, "KS4", "MAT_GRADE", np.where(sat, mat.astype(str), "D")))
        out.append(_long(people, c, sel, ay, "KS4", "BASICS_4", np.where(sat, np.where(basics, "Y", "N"), "D")))
        out.append(_long(people, c, sel, ay, "KS4", "ATT8", np.char.mod("%.1f", a8)))
        if ay not in NO_ASSESSMENT["P8"]:
            out.append(_long(people, c, sel[sat], ay, "KS4", "P8", np.char.mod("%.2f", p8[sat])))
    return pd.concat(out, ignore_index=True) if out else pd.DataFrame(columns=list(RESULT_COLUMNS))


def _destinations(rng, people, c, ncy, ay, z) -> pd.DataFrame:
    """Post-16 destination in the autumn after year 11, depending on attainment."""
    sel = np.flatnonzero(ncy == 11)
    neet = rng.random(sel.size) < _sigmoid(-1.6 - 0.9 * z[sel])
    u = rng.random(sel.size)
    good = _sigmoid(1.2 * z[sel]) > 0.5
    edu = np.where(good & (u < 0.5), "sixth form", np.where(u < 0.8, "FE college", np.where(
        u < 0.88, "apprenticeship", np.where(u < 0.93, "employment with training", np.where(
            u < 0.97, "employment without training", "not known")))))
    dest = np.where(neet, "NEET", edu)
    return pd.DataFrame({
        "CHILD": people.child_id[c[sel]], "ACADEMIC_YEAR": f"{ay}-{(ay + 1) % 100:02d}",
        "DESTINATION": dest,
    })

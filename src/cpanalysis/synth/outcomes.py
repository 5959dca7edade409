"""Outcome tables: OC2 (health, offending) and OC3 (care leavers)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .histories import AGE18, OTHER, Children, Periods, birthday
from .moves import count_in_window
from .people import People
from .write import format_dates

__all__ = ["care_leavers", "oc2_table", "oc3_table"]


def _bounds(year: int) -> tuple[int, int]:
    s = int(np.datetime64(f"{year}-04-01", "D").astype(np.int64))
    return s, int(np.datetime64(f"{year + 1}-04-01", "D").astype(np.int64)) - 1


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


def oc2_table(rng: np.random.Generator, kids: Children, periods: Periods, people: People, year: int) -> pd.DataFrame:
    """OC2: children looked after continuously for 12 months at 31 March.

    Cohort: a period of care that began on or before 1 April of the return
    year and had not ended by 31 March. Rates: annual health assessment 89%,
    immunisations 85%, teeth checked 82%, development check (under 5) 88%;
    SDQ (ages 4-16) mean about 14 rising with needs; convictions (10+) about
    3%, substance misuse (10+) about 4%.
    """
    s, e = _bounds(year)
    rows = np.flatnonzero((periods.start <= s) & (periods.end > e))
    c = periods.child[rows]
    c = c[np.argsort(people.child_id[c], kind="stable")]
    n = c.size
    age = (e - kids.dob[c]) / 365.25
    sdq_age = (age >= 4) & (age < 17)
    sdq = np.clip(np.rint(14 + 5 * kids.needs[c] + rng.normal(0, 4, size=n)), 0, 40).astype(int)
    done = sdq_age & (rng.random(n) < 0.8)
    u = rng.random(n)
    reason = np.where(u < 0.1, "SDQ2", np.where(u < 0.35, "SDQ3", np.where(u < 0.8, "SDQ4", "SDQ5")))
    over10 = age >= 10
    convicted = over10 & (rng.random(n) < 0.03 * np.exp(0.5 * kids.needs[c]))
    misuse = over10 & (rng.random(n) < 0.04 * np.clip(age - 12, 0.5, 5) / 2)
    flag = lambda m: np.where(m, "1", "0")  # noqa: E731
    return pd.DataFrame({
        "CHILD": people.child_id[c], "DOB": format_dates(kids.dob[c]),
        "SDQ_SCORE": np.where(done, sdq.astype(str), ""),
        "SDQ_REASON": np.where(sdq_age & ~done, reason, ""),
        "CONVICTED": np.where(over10, flag(convicted), ""),
        "HEALTH_CHECK": np.where(age < 5, flag(rng.random(n) < 0.88), ""),
        "IMMUNISATIONS": flag(rng.random(n) < 0.85),
        "TEETH_CHECK": flag(rng.random(n) < 0.82),
        "HEALTH_ASSESSMENT": flag(rng.random(n) < 0.89),
        "SUBSTANCE_MISUSE": np.where(over10, flag(misuse), ""),
        "INTERVENTION_RECEIVED": np.where(misuse, flag(rng.random(n) < 0.6), ""),
        "INTERVENTION_OFFERED": np.where(misuse, flag(rng.random(n) < 0.85), ""),
    })


def care_leavers(kids: Children, periods: Periods) -> np.ndarray:
    """Children eligible for leaving-care support (bool per child).

    Eligible: at least 91 days in care after the 14th birthday, at least one
    of them after the 16th; not if the last period ended in adoption, special
    guardianship or a return home before 18.
    """
    n = kids.dob.size
    c = periods.child
    b14, b16 = birthday(kids.dob[c], 14), birthday(kids.dob[c], 16)
    after14 = np.clip(periods.end - np.maximum(periods.start, b14), 0, None)
    days = np.zeros(n, dtype=np.int64)
    np.add.at(days, c, after14)
    after16 = np.zeros(n, dtype=bool)
    np.logical_or.at(after16, c, periods.end > b16)
    last_route = np.full(n, -1)
    last_route[c] = periods.route  # periods sorted by child then start: the last wins
    ok_route = np.isin(last_route, (AGE18, OTHER))
    return (days >= 91) & after16 & ok_route


def oc3_table(
    rng: np.random.Generator, kids: Children, periods: Periods, people: People, eligible: np.ndarray,
    moves: tuple[np.ndarray, np.ndarray], year: int,
) -> tuple[pd.DataFrame, np.ndarray]:
    """OC3: care leavers whose 17th-21st birthday falls in the return year.

    Returns the table and the children in it (indices), who must also appear
    in the year's Header.

    In touch about 95%; activity and accommodation recorded around the
    birthday. Education, employment or training depends on prior ability and
    on placement moves in care (each move lowers the odds a little).
    """
    s, e = _bounds(year)
    dob = kids.dob
    sel = []
    for a in range(17, 22):
        b = birthday(dob, a)
        sel.append(np.flatnonzero(eligible & (b >= s) & (b <= e)))
    c = np.unique(np.concatenate(sel))
    c = c[np.argsort(people.child_id[c], kind="stable")]
    n = c.size
    age = np.floor((e - dob[c]) / 365.25)
    total_moves = count_in_window(moves, c, np.zeros(n, dtype=np.int64), np.full(n, e))
    u = rng.random(n)
    touch = np.where(u < 0.95, "YES", np.where(u < 0.98, "NO", "REFU"))
    p_eet = _sigmoid(0.45 + 0.8 * kids.ability[c] - 0.08 * total_moves - 0.25 * (age >= 19) - 0.3 * kids.needs[c])
    eet = rng.random(n) < p_eet
    v = rng.random(n)
    young = age <= 18
    eet_code = np.where(young, np.where(v < 0.7, "F2", np.where(v < 0.82, "F4", np.where(v < 0.9, "F5", "P2"))),
                        np.where(v < 0.15, "F1", np.where(v < 0.45, "F2", np.where(v < 0.55, "F4", np.where(v < 0.9, "F5", "P5")))))
    neet_code = np.where(v < 0.2, "G4", np.where(v < 0.9, "G5", "G6"))
    activ = np.where(eet, eet_code, neet_code)
    w = rng.random(n)
    suitable = rng.random(n) < 0.93
    letter = np.where(young, np.where(w < 0.3, "Z", np.where(w < 0.5, "D", np.where(w < 0.65, "E", np.where(w < 0.8, "U", np.where(w < 0.9, "B", "C"))))),
                      np.where(w < 0.45, "U", np.where(w < 0.6, "Z", np.where(w < 0.7, "D", np.where(w < 0.8, "B", np.where(w < 0.88, "K", np.where(w < 0.93, "E", "Y")))))))
    letter = np.where(~suitable & (w < 0.5), "S", letter)
    accom = np.char.add(letter, np.where(suitable & (letter != "S"), "1", "2"))
    in_touch = touch == "YES"
    return pd.DataFrame({
        "CHILD": people.child_id[c], "DOB": format_dates(dob[c]), "IN_TOUCH": touch,
        "ACTIV": np.where(in_touch, activ, ""), "ACCOM": np.where(in_touch, accom, ""),
    }), c



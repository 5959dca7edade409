"""Permanence tables: UASC, AD1, PlacedAdoption, PrevPerm.

Adoption dates are read back from the simulated episodes, so they agree with
them: the decision that the child should be placed for adoption comes before
the placement order (LS ``E1``), the match before the adoptive placement
(``A5``/``A6``), and the adoption order is the end of the period (REC
``E11``/``E12``). PlacedAdoption leaves the decision's end date and reason
blank for a child who was adopted (DfE rules 558, 119); RD1-RD4 give the
reason a decision was reversed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .histories import ADOPTED, SGO, Children, Episodes, Periods, birthday
from .people import People
from .write import format_dates

__all__ = ["Adoptions", "ad1_table", "make_adoptions", "placed_adoption_table", "prev_perm_table", "uasc_table"]

_NONE = -1


def _bounds(year: int) -> tuple[int, int]:
    s = int(np.datetime64(f"{year}-04-01", "D").astype(np.int64))
    return s, int(np.datetime64(f"{year + 1}-04-01", "D").astype(np.int64)) - 1


@dataclass
class Adoptions:
    """One row per decision that a child should be placed for adoption."""

    child: np.ndarray
    decision: np.ndarray  # DATE_PLACED (PlacedAdoption) = DATE_INT (AD1)
    ceased: np.ndarray  # date the decision ceased (adoption order or reversal), or -1
    reason: np.ndarray  # the REC code (E11/E12) when adopted, else RD1-RD4
    adopted: np.ndarray  # bool: ended in adoption
    match: np.ndarray  # DATE_MATCH, or -1
    foster_carer: np.ndarray  # bool: adopted by the foster carer
    nb: np.ndarray
    sex: np.ndarray
    ls: np.ndarray


def _first_day(per: np.ndarray, mask: np.ndarray, day: np.ndarray, n: int) -> np.ndarray:
    out = np.full(n, np.iinfo(np.int64).max)
    np.minimum.at(out, per[mask], day[mask])
    return np.where(out == np.iinfo(np.int64).max, _NONE, out)


def make_adoptions(rng: np.random.Generator, kids: Children, periods: Periods, ep: Episodes) -> Adoptions:
    """Adoption decisions: every adoption, plus some reversed decisions."""
    n = periods.child.size
    ep = Episodes(**{k: v[ep.period >= 0] for k, v in vars(ep).items()})  # not short breaks
    order_day = _first_day(ep.period, ep.ls == "E1", ep.decom, n)
    placed_day = _first_day(ep.period, np.isin(ep.place, ("A5", "A6")), ep.decom, n)
    with_carer = np.zeros(n, dtype=bool)
    np.logical_or.at(with_carer, ep.period, (ep.place == "A5") & np.isin(ep.rne, ("T", "U")))
    last = np.r_[ep.period[1:] != ep.period[:-1], True]
    rec = np.full(n, "", dtype="<U3")
    rec[ep.period[last]] = ep.rec[last]

    a = np.flatnonzero((periods.route == ADOPTED) & (order_day >= 0) & (placed_day >= 0))
    decision = np.maximum(order_day[a] - rng.integers(30, 120, size=a.size), periods.start[a] + 14)
    decision = np.minimum(decision, order_day[a])
    match = placed_day[a] - rng.integers(7, 60, size=a.size)
    match = np.clip(match, order_day[a], placed_day[a])

    # Reversed decisions among young children who leave by special guardianship.
    age = (periods.start - kids.dob[periods.child]) / 365.25
    r = np.flatnonzero((periods.route == SGO) & (age < 5) & (rng.random(n) < 0.15))
    r_dec = periods.start[r] + rng.integers(120, 300, size=r.size)
    r_end = r_dec + rng.integers(60, 300, size=r.size)
    ok = r_end < periods.end[r] - 1
    r, r_dec, r_end = r[ok], r_dec[ok], r_end[ok]
    u = rng.random(r.size)
    r_reason = np.where(u < 0.35, "RD1", np.where(u < 0.55, "RD2", np.where(u < 0.85, "RD3", "RD4")))

    nb = np.where(rng.random(a.size) < 0.87, "2", "1")
    us = rng.random(a.size)
    sex = np.where(nb == "2", np.where(us < 0.85, "MF", np.where(us < 0.93, "FF", "MM")), np.where(us < 0.8, "F1", "M1"))
    ls = np.where(nb == "2", np.where(us < 0.6, "L0", np.where(us < 0.85, "L2", "L11")), "L3")
    m = a.size + r.size
    return Adoptions(
        child=periods.child[np.concatenate([a, r])],
        decision=np.concatenate([decision, r_dec]),
        ceased=np.concatenate([periods.end[a], r_end]),
        reason=np.concatenate([rec[a], r_reason]),
        adopted=np.r_[np.ones(a.size, dtype=bool), np.zeros(r.size, dtype=bool)],
        match=np.concatenate([match, np.full(r.size, _NONE)]),
        foster_carer=np.concatenate([with_carer[a], np.zeros(r.size, dtype=bool)]),
        nb=np.concatenate([nb, np.full(r.size, "")]),
        sex=np.concatenate([sex, np.full(r.size, "")]),
        ls=np.concatenate([ls, np.full(r.size, "")]),
    ) if m else Adoptions(*(np.array([], dtype=np.int64) for _ in range(10)))


def ad1_table(ad: Adoptions, kids: Children, people: People, year: int) -> pd.DataFrame:
    """AD1: children adopted (adoption order) during the return year."""
    s, e = _bounds(year)
    rows = np.flatnonzero(ad.adopted & (ad.ceased >= s) & (ad.ceased <= e))
    rows = rows[np.argsort(people.child_id[ad.child[rows]], kind="stable")]
    c = ad.child[rows]
    return pd.DataFrame({
        "CHILD": people.child_id[c], "DOB": format_dates(kids.dob[c]),
        "DATE_INT": format_dates(ad.decision[rows]), "DATE_MATCH": format_dates(ad.match[rows]),
        "FOSTER_CARE": np.where(ad.foster_carer[rows], "1", "0"), "NB_ADOPTR": ad.nb[rows],
        "SEX_ADOPTR": ad.sex[rows], "LS_ADOPTR": ad.ls[rows],
    })


def placed_adoption_table(ad: Adoptions, kids: Children, people: People, year: int) -> pd.DataFrame:
    """PlacedAdoption: decisions to place for adoption in force at any time in the year."""
    s, e = _bounds(year)
    rows = np.flatnonzero((ad.decision <= e) & (ad.ceased >= s))
    rows = rows[np.lexsort((ad.decision[rows], people.child_id[ad.child[rows]]))]
    c = ad.child[rows]
    # A decision that ended in adoption is not "ceased": DfE rules 558 and 119 leave the date and
    # reason blank when the child is adopted (REC E11/E12); RD1-RD4 are the reasons a plan is reversed.
    blank = (ad.ceased[rows] > e) | ad.adopted[rows]
    return pd.DataFrame({
        "CHILD": people.child_id[c], "DOB": format_dates(kids.dob[c]),
        "DATE_PLACED": format_dates(ad.decision[rows]),
        "DATE_PLACED_CEASED": format_dates(ad.ceased[rows], blank),
        "REASON_PLACED_CEASED": np.where(blank, "", ad.reason[rows]),
    })


def prev_perm_table(
    rng: np.random.Generator, periods: Periods, kids: Children, people: People, la_number: int, year: int
) -> pd.DataFrame:
    """PrevPerm: previous permanence of children starting a period of care in the year.

    Drawn afresh for each year from ``rng`` seeded per year, so each year is
    reproducible on its own. About 88% had none (Z1).
    """
    s, e = _bounds(year)
    rows = np.flatnonzero((periods.start >= s) & (periods.start <= e))
    c = periods.child[rows]
    _, first = np.unique(c, return_index=True)
    rows, c = rows[first], c[first]
    rows, c = rows[np.argsort(people.child_id[c], kind="stable")], c[np.argsort(people.child_id[c], kind="stable")]
    u = rng.random(rows.size)
    perm = np.where(u < 0.02, "P1", np.where(u < 0.07, "P2", np.where(u < 0.12, "P3", "Z1")))
    has = perm != "Z1"
    lo = kids.dob[c] + 30
    date = lo + (rng.random(rows.size) * np.maximum(periods.start[rows] - 30 - lo, 1)).astype(np.int64)
    other_la = np.where(rng.random(rows.size) < 0.7, la_number, rng.integers(800, 999, size=rows.size))
    return pd.DataFrame({
        "CHILD": people.child_id[c], "DOB": format_dates(kids.dob[c]), "PREV_PERM": perm,
        "LA_PERM": np.where(has, other_la.astype(str), ""),
        "DATE_PERM": format_dates(np.where(has, date, 0), ~has),
    })


def uasc_table(ep: Episodes, kids: Children, people: People, year: int) -> pd.DataFrame:
    """UASC: unaccompanied asylum-seeking children with an episode in the year.

    DUC (date UASC status ceased) is the 18th birthday when it falls on or
    before 31 March of the year, blank otherwise.
    """
    s, e = _bounds(year)
    c = np.unique(ep.child[(ep.decom <= e) & (ep.dec >= s)])
    c = c[kids.uasc[c]]
    c = c[np.argsort(people.child_id[c], kind="stable")]
    duc = birthday(kids.dob[c], 18)
    male = kids.male[c]
    sex = np.where(male, "M", "F") if year >= 2024 else np.where(male, "1", "2")
    return pd.DataFrame({
        "CHILD": people.child_id[c], "SEX": sex, "DOB": format_dates(kids.dob[c]),
        "DUC": format_dates(duc, duc > e),
    })

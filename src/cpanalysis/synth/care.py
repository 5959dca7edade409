"""Things that happen during care: reviews, missing incidents, social workers."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .histories import Children, Episodes, Periods
from .people import People
from .write import format_dates

__all__ = [
    "Spells", "make_missing", "make_reviews", "make_social_workers",
    "missing_table", "reviews_table", "sw_table", "within_group",
]

_YEAR = 365.25
#: DfE's SW_REASON codes (SWEpisodes, from 2023-24): management decision, organisational restructure,
#: child asked, parent or carer asked, worker left the role, transfer by the team's process,
#: long absence, other.
SW_REASONS = np.array(["MANAGE", "ORGRST", "CHCHAN", "PCCHAN", "LEFTRL", "TSPROC", "ABSENC", "OTHERS"])
_SW_REASONS_P = np.array([0.20, 0.12, 0.05, 0.03, 0.35, 0.12, 0.08, 0.05])


@dataclass
class Spells:
    """Dated records per child: ``start``, ``end`` (-1 if none) and a code."""

    child: np.ndarray
    start: np.ndarray
    end: np.ndarray
    code: np.ndarray
    extra: np.ndarray | None = None


def within_group(counts: np.ndarray) -> np.ndarray:
    """0, 1, ... within each group, for rows repeated ``counts`` times."""
    total = int(counts.sum())
    return np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)


def _bounds(year: int) -> tuple[int, int]:
    s = int(np.datetime64(f"{year}-04-01", "D").astype(np.int64))
    return s, int(np.datetime64(f"{year + 1}-04-01", "D").astype(np.int64)) - 1


def make_reviews(rng: np.random.Generator, kids: Children, periods: Periods) -> Spells:
    """Statutory reviews: within 20 working days, then 3 months, then every 6 months.

    About 4% of reviews are held late (5-60 days); the next review is then
    scheduled from the late date, as in practice.
    """
    dur = periods.end - periods.start
    n_max = np.ceil(dur / 150).astype(np.int64) + 2
    k = within_group(n_max)
    per = np.repeat(np.arange(periods.child.size), n_max)
    interval = np.where(k == 0, 28, np.where(k == 1, 91, 182)).astype(np.int64)
    interval = interval - rng.integers(0, 10, size=k.size)
    late = rng.random(k.size) < 0.04
    interval = interval + np.where(late, rng.integers(5, 60, size=k.size), 0)
    cum = np.cumsum(interval)
    cum = cum - np.repeat(cum[np.cumsum(n_max) - n_max] - interval[np.cumsum(n_max) - n_max], n_max)
    day = periods.start[per] + cum
    keep = day < periods.end[per]
    per, day = per[keep], day[keep]
    child = periods.child[per]
    age = (day - kids.dob[child]) / _YEAR
    u = rng.random(day.size)
    code = np.where(u < 0.45, "PN1", np.where(u < 0.60, "PN2", np.where(u < 0.66, "PN3", np.where(
        u < 0.72, "PN4", np.where(u < 0.82, "PN5", np.where(u < 0.93, "PN6", "PN7"))))))
    code = np.where(age < 4, "PN0", code)
    return Spells(child=child, start=day, end=np.full(day.size, -1), code=code)


def make_missing(rng: np.random.Generator, kids: Children, ep: Episodes) -> Spells:
    """Missing (M) and away without authorisation (A) incidents, during episodes.

    Rates per year in care: about 2.5 for teenagers in children's homes or
    supported accommodation, 0.3 for teenagers in foster care, none under 10;
    times a per-child propensity (a few children go missing very often).
    """
    age = (ep.decom - kids.dob[ep.child]) / _YEAR
    resi = np.isin(ep.place, ("K1", "K2", "R1", "S1", "H5", "K3", "P2", "Z1", "Z11", "Z12", "Z13", "Z14"))
    rate = np.where(age < 10, 0.0, np.where(resi, 2.5, 0.3)) * np.clip((age - 9) / 5, 0, 1)
    rate = np.where(ep.period >= 0, rate, 0.0)  # none during short breaks
    prop = rng.gamma(0.5, 2.0, size=kids.dob.size)
    rate = rate * prop[ep.child]
    dur = ep.dec - ep.decom
    n = rng.poisson(rate * dur / _YEAR)
    row = np.repeat(np.arange(ep.child.size), n)
    start = ep.decom[row] + (rng.random(row.size) * np.maximum(dur[row] - 1, 1)).astype(np.int64)
    length = rng.geometric(0.55, size=row.size) - 1
    end = start + length
    child = ep.child[row]
    order = np.lexsort((start, child))
    child, start, end = child[order], start[order], end[order]
    prev_end = np.r_[-10, end[:-1]]
    same = np.r_[False, child[1:] == child[:-1]]
    keep = ~same | (start > prev_end)
    code = np.where(rng.random(start.size) < 0.7, "M", "A")
    c, s, e, k = child[keep], start[keep], end[keep], code[keep]
    fc, fs, fe = _frequent_missing(kids, ep, resi & (age >= 12) & (ep.period >= 0))
    if fc.size:
        c, s, e = np.r_[c, fc], np.r_[s, fs], np.r_[e, fe]
        k = np.r_[k, np.full(fc.size, "M")]
        order = np.lexsort((s, c))
        c, s, e, k = c[order], s[order], e[order], k[order]
        # An incident starting before the previous one of the same child ended is dropped.
        ok = ~np.r_[False, c[1:] == c[:-1]] | (s > np.r_[-10, e[:-1]])
        c, s, e, k = c[ok], s[ok], e[ok], k[ok]
    return Spells(child=c, start=s, end=e, code=k)


def _frequent_missing(kids: Children, ep: Episodes, eligible: np.ndarray) -> tuple[np.ndarray, ...]:
    """Bursts of missing incidents for the few teenagers in residential care who go missing very often.

    About 1 in 12 teenagers' residential episodes belong to a child who has
    bursts of going missing: about two bursts a year, each five to eight
    incidents of a day or less within four weeks (so "missing 5 or more times
    in a month", P4.8, happens, as it does in councils' returns). Drawn from a
    generator of its own, seeded from the children, so the rest of the
    synthetic data are the same as without it.
    """
    g = np.random.default_rng([int(kids.dob.size), int(np.abs(kids.dob).sum() % (2**32))])
    rows = np.flatnonzero(eligible & (g.random(eligible.size) < 1 / 12))
    dur = (ep.dec[rows] - ep.decom[rows]).astype(float)
    bursts = g.poisson(np.maximum(dur, 0) / _YEAR * 2.0)
    b_row = np.repeat(rows, bursts)
    if b_row.size == 0:
        empty = np.array([], dtype=np.int64)
        return empty, empty, empty
    b_dur = np.maximum(ep.dec[b_row] - ep.decom[b_row] - 28, 1)
    b_start = ep.decom[b_row] + (g.random(b_row.size) * b_dur).astype(np.int64)
    per = g.integers(5, 9, size=b_row.size)
    i_row = np.repeat(np.arange(b_row.size), per)
    step = within_group(per)
    start = b_start[i_row] + step * 4 + g.integers(0, 2, size=i_row.size)
    end = start + g.integers(0, 2, size=i_row.size)
    inside = end < ep.dec[b_row][i_row]
    return ep.child[b_row][i_row][inside], start[inside], end[inside]


def make_social_workers(rng: np.random.Generator, periods: Periods, pool: int) -> Spells:
    """Social worker episodes covering each period of care.

    Changes of worker arrive at about 0.9 a year; ``extra`` holds the SW_ID.
    The last worker's episode ends with the period of care.
    """
    dur = periods.end - periods.start
    k = rng.poisson(0.9 * dur / _YEAR)
    k = np.where(dur < 10, 0, k)
    per = np.repeat(np.arange(dur.size), k)
    cut = periods.start[per] + 1 + (rng.random(per.size) * (dur[per] - 2)).astype(np.int64)
    # starts: the period start plus each change
    all_per = np.concatenate([np.arange(dur.size), per])
    all_day = np.concatenate([periods.start, cut])
    order = np.lexsort((all_day, all_per))
    all_per, all_day = all_per[order], all_day[order]
    dup = np.r_[False, (all_per[1:] == all_per[:-1]) & (all_day[1:] == all_day[:-1])]
    all_per, all_day = all_per[~dup], all_day[~dup]
    last = np.r_[all_per[1:] != all_per[:-1], True]
    end = np.where(last, periods.end[all_per], np.r_[all_day[1:], 0])
    reason = np.where(last, "", SW_REASONS[rng.choice(SW_REASONS.size, size=all_day.size, p=_SW_REASONS_P)])
    # ages of the child's worker ids: avoid giving the same worker twice running
    sw = rng.integers(0, pool, size=all_day.size)
    prev = np.r_[-1, sw[:-1]]
    sw = np.where((sw == prev) & np.r_[False, ~last[:-1]], (sw + 1) % pool, sw)
    ids = np.char.add("SW", np.char.zfill((sw + 1).astype(str), 4))
    return Spells(child=periods.child[all_per], start=all_day, end=end, code=reason, extra=ids)


def _order(child_id: np.ndarray, start: np.ndarray) -> np.ndarray:
    return np.lexsort((start, child_id))


def reviews_table(r: Spells, kids: Children, people: People, year: int) -> pd.DataFrame:
    """Reviews table: reviews held in the return year."""
    s, e = _bounds(year)
    rows = np.flatnonzero((r.start >= s) & (r.start <= e))
    rows = rows[_order(people.child_id[r.child[rows]], r.start[rows])]
    c = r.child[rows]
    return pd.DataFrame({
        "CHILD": people.child_id[c], "DOB": format_dates(kids.dob[c]),
        "REVIEW": format_dates(r.start[rows]), "REVIEW_CODE": r.code[rows],
    })


def missing_table(m: Spells, kids: Children, people: People, year: int) -> pd.DataFrame:
    """Missing table: incidents starting in the return year (end blank if after 31 March)."""
    s, e = _bounds(year)
    rows = np.flatnonzero((m.start >= s) & (m.start <= e))
    rows = rows[_order(people.child_id[m.child[rows]], m.start[rows])]
    c = m.child[rows]
    return pd.DataFrame({
        "CHILD": people.child_id[c], "DOB": format_dates(kids.dob[c]), "MISSING": m.code[rows],
        "MIS_START": format_dates(m.start[rows]), "MIS_END": format_dates(m.end[rows], m.end[rows] > e),
    })


def sw_table(w: Spells, kids: Children, people: People, year: int) -> pd.DataFrame:
    """SWEpisodes table: social worker episodes open at any time in the year."""
    s, e = _bounds(year)
    rows = np.flatnonzero((w.start <= e) & (w.end >= s))
    rows = rows[_order(people.child_id[w.child[rows]], w.start[rows])]
    c = w.child[rows]
    open_ = w.end[rows] > e
    assert w.extra is not None
    return pd.DataFrame({
        "CHILD": people.child_id[c], "DOB": format_dates(kids.dob[c]), "SW_ID": w.extra[rows],
        "SW_DECOM": format_dates(w.start[rows]), "SW_DEC": format_dates(w.end[rows], open_),
        "SW_REASON": np.where(open_, "", np.where(w.code[rows] == "", "OTHERS", w.code[rows])),
    })

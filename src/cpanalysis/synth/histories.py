"""Care histories: periods of care, and the episodes within them.

Everything is drawn for a whole council at once with numpy (no loop over
children). A history is simulated from well before the first return year
(``BURN_IN_YEARS``) so that the children in care at the start are a settled
mix of long and short stays. The rates are documented, with their sources,
in ``docs/synthetic-data.md``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import codes

__all__ = ["BURN_IN_YEARS", "Children", "Episodes", "Periods", "birthday", "simulate"]

#: Years simulated before the first return year.
BURN_IN_YEARS = 19
_YEAR = 365.25

# Routes out of care.
HOME, ADOPTED, SGO, AGE18, OTHER, DIED = 0, 1, 2, 3, 4, 5
#: Share of periods that would have ended with a return home that end with the
#: child's death instead (REC E2): about one child every two years in Demo Borough.
DEATH_SHARE = 0.005
# Age bands at entry: under 1, 1-4, 5-9, 10-15, 16-17.
_BAND_P = np.array([0.20, 0.15, 0.17, 0.37, 0.11])
_BAND_LO = np.array([0.0, 1.0, 5.0, 10.0, 16.0]) * _YEAR
_BAND_HI = np.array([1.0, 5.0, 10.0, 16.0, 17.9]) * _YEAR
# Route probabilities by entry band (rows) for HOME, ADOPTED, SGO, AGE18, OTHER.
_ROUTE_P = np.array(
    [
        [0.30, 0.36, 0.18, 0.12, 0.04],
        [0.42, 0.18, 0.20, 0.15, 0.05],
        [0.49, 0.02, 0.13, 0.29, 0.07],
        [0.53, 0.00, 0.04, 0.33, 0.10],
        [0.24, 0.00, 0.00, 0.70, 0.06],
    ]
)
# Lognormal duration (median days, sigma) by route; AGE18 runs to the birthday.
_DURATION = {HOME: (170.0, 1.1), ADOPTED: (640.0, 0.30), SGO: (620.0, 0.45), OTHER: (260.0, 1.0)}

# Placement groups drawn for a new placement, by age band at its start:
# 0-4, 5-9, 10-12, 13-15, 16-17.
# "Z1" is "other placement": Z1 up to 2024-25, one of Z11-Z14 from 2025-26.
_PLACE_GROUPS = ("connected", "foster", "P1", "K2", "semi", "P2", "K1", "S1", "R1", "R3", "Z1")
_PLACE_P = np.array(
    [
        [0.24, 0.62, 0.11, 0.00, 0.00, 0.00, 0.00, 0.00, 0.00, 0.03, 0.000],
        [0.22, 0.62, 0.12, 0.03, 0.00, 0.00, 0.00, 0.01, 0.00, 0.00, 0.000],
        [0.17, 0.51, 0.11, 0.17, 0.00, 0.00, 0.00, 0.02, 0.01, 0.00, 0.010],
        [0.12, 0.395, 0.10, 0.31, 0.00, 0.00, 0.02, 0.02, 0.02, 0.00, 0.015],
        [0.08, 0.30, 0.05, 0.20, 0.30, 0.04, 0.01, 0.00, 0.01, 0.00, 0.010],
    ]
)
_CONNECTED = np.array(["U1", "U2", "U3"])
_CONNECTED_P = np.array([0.30, 0.05, 0.65])
_FOSTER = np.array(["U4", "U5", "U6"])
_FOSTER_P = np.array([0.30, 0.05, 0.65])

#: Placement codes new in 2025-26 that the generator writes instead of Z1 and
#: P2 for placements starting from 1 April 2025 (their DfE meanings are not used).
_OTHER_2025 = np.array(["Z11", "Z12", "Z13", "Z14"])
_OTHER_2025_P = np.array([0.25, 0.25, 0.15, 0.35])

REASONS = np.array(["CARPL", "CLOSE", "ALLEG", "STAND", "APPRR", "CREQB", "CREQO", "CHILD", "LAREQ", "PLACE", "OTHER"])
_REASONS_P = np.array([0.30, 0.08, 0.03, 0.04, 0.03, 0.08, 0.05, 0.06, 0.05, 0.22, 0.06])


@dataclass
class Children:
    """One row per child (arrays of equal length)."""

    dob: np.ndarray  # int days since 1970-01-01
    male: np.ndarray  # bool
    uasc: np.ndarray  # bool
    home: np.ndarray  # postcode cell of the family home
    instability: np.ndarray  # multiplier on the placement move rate
    needs: np.ndarray  # latent level of need, standard normal (SDQ, SEN, attainment)
    ability: np.ndarray  # latent prior attainment (lower with higher needs)


@dataclass
class Periods:
    """One row per period of care, sorted by child then start."""

    child: np.ndarray
    start: np.ndarray
    end: np.ndarray  # may lie beyond the last return year (still in care then)
    route: np.ndarray  # HOME, ADOPTED, SGO, AGE18, OTHER or DIED


@dataclass
class Episodes:
    """One row per episode, sorted by child then start date.

    ``dec`` is the day the episode ceased (may lie beyond the last return year,
    meaning still open then). ``rec`` is ``X1`` unless the period of care ends.
    ``reason`` is the reason for the placement change that ended the episode,
    or empty. ``period`` indexes :class:`Periods`; it is -1 for short-break
    episodes (LS V3/V4), which belong to no period of care.
    """

    child: np.ndarray
    decom: np.ndarray
    dec: np.ndarray
    rne: np.ndarray
    ls: np.ndarray
    place: np.ndarray
    provider: np.ndarray
    rec: np.ndarray
    reason: np.ndarray
    home: np.ndarray
    pl_cell: np.ndarray
    urn: np.ndarray
    period: np.ndarray


def birthday(dob: np.ndarray, years: int) -> np.ndarray:
    """Day numbers of the ``years``-th birthdays (29 February -> 1 March)."""
    d = np.asarray(dob).astype("datetime64[D]")
    m = d.astype("datetime64[M]")
    offset = d - m.astype("datetime64[D]")
    return ((m + 12 * years).astype("datetime64[D]") + offset).astype(np.int64)


def _april_first(year: int) -> int:
    return int(np.datetime64(f"{year}-04-01", "D").astype(np.int64))


def _pick(rng: np.random.Generator, probs: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Draw one column index per element of ``rows`` from ``probs[rows]``."""
    cum = np.cumsum(probs, axis=1)
    cum /= cum[:, -1:]
    u = rng.random(rows.shape)
    return (u[:, None] > cum[rows]).sum(axis=1)


def simulate(
    rng: np.random.Generator,
    *,
    first_year: int,
    last_year: int,
    entries_per_year: float,
    home_cells: np.ndarray,
    geography_place,
) -> tuple[Children, Periods, Episodes]:
    """Simulate a council's care histories up to 31 March after ``last_year``.

    Parameters
    ----------
    rng : numpy.random.Generator
        The council's random stream.
    first_year, last_year : int
        First and last return years (start years).
    entries_per_year : float
        Mean number of new periods of care a year (first entries and re-entries).
    home_cells : numpy.ndarray
        Postcode cells inside the council (family homes are drawn from them).
    geography_place : callable
        ``geography_place(rng, home_cells, km) -> cells`` (see
        :meth:`cpanalysis.synth.geography.Geography.place_near`).

    Returns
    -------
    Children, Periods, Episodes
    """
    start0 = _april_first(first_year - BURN_IN_YEARS)
    end = _april_first(last_year + 1) - 1
    n_years = last_year + 1 - (first_year - BURN_IN_YEARS)
    first_share = 1 / 1.12  # about 12% of entries are re-entries
    counts = rng.poisson(entries_per_year * first_share, size=n_years)
    year_start = np.array([_april_first(first_year - BURN_IN_YEARS + i) for i in range(n_years)])
    entry = np.repeat(year_start, counts) + rng.integers(0, 365, size=counts.sum())
    n = entry.size

    band = rng.choice(5, size=n, p=_BAND_P)
    age = rng.uniform(_BAND_LO[band], _BAND_HI[band])
    newborn = (band == 0) & (rng.random(n) < 0.4)
    age[newborn] = rng.uniform(0, 28, size=newborn.sum())
    dob = (entry - age).astype(np.int64)
    uasc = (band >= 3) & (age > 14 * _YEAR) & (rng.random(n) < np.where(band == 4, 0.45, 0.12))
    male = np.where(uasc, rng.random(n) < 0.93, rng.random(n) < 0.55)
    home = home_cells[rng.integers(0, home_cells.size, size=n)]
    instability = rng.gamma(1.2, 1 / 1.2, size=n)
    needs = rng.normal(0, 1, size=n)
    # Children with higher needs move more often.
    instability = instability * np.exp(0.25 * needs)
    ability = -0.5 * needs + rng.normal(0, 0.85, size=n)
    children = Children(dob=dob, male=male, uasc=uasc, home=home, instability=instability, needs=needs,
                        ability=ability)

    # First periods, then re-entries of some children who went home.
    p_child = np.arange(n)
    p_start = entry
    p_route = _pick(rng, _ROUTE_P, band)
    p_route[uasc] = np.where(rng.random(uasc.sum()) < 0.9, AGE18, OTHER)
    p_end = _period_end(rng, p_start, p_route, dob)
    p_route = np.where(p_end >= birthday(dob, 18), AGE18, p_route)
    p_end = np.minimum(p_end, birthday(dob, 18))
    p_route[(p_route == HOME) & (rng.random(n) < DEATH_SHARE)] = DIED
    back = (p_route == HOME) & (rng.random(n) < 0.14)
    r_child = p_child[back]
    r_start = p_end[back] + np.rint(rng.gamma(2.0, 220, size=back.sum())).astype(np.int64) + 1
    ok = r_start < birthday(dob[r_child], 18) - 30
    r_child, r_start = r_child[ok], r_start[ok]
    r_age = (r_start - dob[r_child]) / _YEAR
    r_band = np.searchsorted(np.array([1.0, 5.0, 10.0, 16.0]), r_age, side="right")
    r_route = _pick(rng, _ROUTE_P * np.array([1, 0.3, 1, 1, 1]), r_band)
    r_end = np.minimum(_period_end(rng, r_start, r_route, dob[r_child]), birthday(dob[r_child], 18))
    r_route = np.where(r_end >= birthday(dob[r_child], 18), AGE18, r_route)

    p_child = np.concatenate([p_child, r_child])
    p_start = np.concatenate([p_start, r_start])
    p_end = np.concatenate([p_end, r_end])
    p_route = np.concatenate([p_route, r_route])
    keep = p_start <= end
    p_child, p_start, p_end, p_route = p_child[keep], p_start[keep], p_end[keep], p_route[keep]
    order = np.lexsort((p_start, p_child))
    p_child, p_start, p_end, p_route = p_child[order], p_start[order], p_end[order], p_route[order]
    p_end = np.maximum(p_end, p_start + 1)
    p_route = p_route.copy()
    episodes = _episodes(rng, children, p_child, p_start, p_end, p_route, geography_place)
    episodes = _temporary(rng, episodes, geography_place)
    children, episodes = _short_breaks(rng, children, episodes, start0, end, entries_per_year, home_cells,
                                       geography_place)
    return children, Periods(child=p_child, start=p_start, end=p_end, route=p_route), episodes


def _period_end(rng: np.random.Generator, start: np.ndarray, route: np.ndarray, dob: np.ndarray) -> np.ndarray:
    end = np.empty_like(start)
    for r, (median, sigma) in _DURATION.items():
        m = route == r
        end[m] = start[m] + np.rint(rng.lognormal(np.log(median), sigma, size=m.sum())).astype(np.int64)
    m = route == AGE18
    early = rng.random(m.sum()) < 0.12  # some leave for independent living at 17
    b18 = birthday(dob[m], 18)
    end[m] = np.where(early, b18 - rng.integers(1, 200, size=m.sum()), b18)
    return np.maximum(end, start + 1)


def _episodes(rng, children: Children, p_child, p_start, p_end, p_route, place_near) -> Episodes:
    """Split each period of care into episodes: placement moves and legal changes."""
    n_p = p_child.size
    dob = children.dob[p_child]
    dur = p_end - p_start
    age_start = (p_start - dob) / _YEAR
    teen = np.clip((age_start - 8) / 6, 0, 1)

    # Legal status at entry.
    entry_ls = np.where(rng.random(n_p) < 0.52, "V2", "C1").astype("<U2")
    entry_ls[np.isin(p_route, (ADOPTED, SGO))] = "C1"
    police = rng.random(n_p) < 0.07
    entry_ls[police] = np.where(rng.random(police.sum()) < 0.8, "L1", "L2")
    remand = (age_start > 12) & (rng.random(n_p) < 0.02)
    entry_ls[remand] = "J1"
    entry_ls[children.uasc[p_child]] = "V2"

    # Events: (period, day, kind, new legal status). kind 0 move, 1 legal, 2 adoptive placement.
    ev_p, ev_day, ev_kind, ev_ls = [], [], [], []

    # Placement moves: Poisson in time, rate by age and the child's instability.
    rate = (0.42 + 0.75 * teen) * children.instability[p_child]
    k = rng.poisson(rate * dur / _YEAR)
    k = np.where(dur < 4, 0, k)
    per = np.repeat(np.arange(n_p), k)
    ev_p.append(per)
    ev_day.append(p_start[per] + 1 + (rng.random(per.size) * (dur[per] - 2)).astype(np.int64))
    ev_kind.append(np.zeros(per.size, dtype=np.int64))
    ev_ls.append(np.full(per.size, "", dtype="<U2"))
    # Early moves are common: the first placement is often an emergency one.
    early = np.flatnonzero((dur > 30) & (rng.random(n_p) < 0.30))
    ev_p.append(early)
    ev_day.append(p_start[early] + rng.integers(3, 29, size=early.size))
    ev_kind.append(np.zeros(early.size, dtype=np.int64))
    ev_ls.append(np.full(early.size, "", dtype="<U2"))

    # Police protection or EPO ends within days: s20 or an interim care order.
    pol = np.flatnonzero(np.isin(entry_ls, ("L1", "L2")) & (dur > 8))
    ev_p.append(pol)
    ev_day.append(p_start[pol] + rng.integers(1, 8, size=pol.size))
    ev_kind.append(np.ones(pol.size, dtype=np.int64))
    to_c1 = (rng.random(pol.size) < 0.5) | np.isin(p_route[pol], (ADOPTED, SGO))
    ev_ls.append(np.where(to_c1, "C1", "V2"))
    # Remand ends: s20 accommodation.
    rem = np.flatnonzero((entry_ls == "J1") & (dur > 40))
    ev_p.append(rem)
    ev_day.append(p_start[rem] + rng.integers(10, 40, size=rem.size))
    ev_kind.append(np.ones(rem.size, dtype=np.int64))
    ev_ls.append(np.full(rem.size, "V2", dtype="<U2"))
    # Interim care order -> full care order after about 26 weeks.
    c2_day = p_start + np.rint(rng.normal(190, 45, size=n_p)).clip(60, None).astype(np.int64)
    c1 = (entry_ls == "C1") | (np.isin(entry_ls, ("L1", "L2")) & np.isin(p_route, (ADOPTED, SGO)))
    # Adoption: placement order, then placed for adoption, then the adoption order.
    adopt = p_route == ADOPTED
    placed_day = p_end - rng.integers(90, 330, size=n_p)
    po_day = placed_day - rng.integers(20, 200, size=n_p)
    adopt &= po_day > p_start + 30
    # Too short for an adoption: these children leave by special guardianship instead.
    p_route[(p_route == ADOPTED) & ~adopt] = SGO
    c2 = c1 & (c2_day < p_end) & ~(adopt & (c2_day >= po_day - 5))
    idx = np.flatnonzero(c2)
    ev_p.append(idx)
    ev_day.append(c2_day[idx])
    ev_kind.append(np.ones(idx.size, dtype=np.int64))
    ev_ls.append(np.full(idx.size, "C2", dtype="<U2"))
    idx = np.flatnonzero(adopt)
    ev_p += [idx, idx]
    ev_day += [po_day[idx], placed_day[idx]]
    ev_kind += [np.ones(idx.size, dtype=np.int64), np.full(idx.size, 2, dtype=np.int64)]
    ev_ls += [np.full(idx.size, "E1", dtype="<U2"), np.full(idx.size, "", dtype="<U2")]

    e_p = np.concatenate(ev_p)
    e_day = np.concatenate(ev_day)
    e_kind = np.concatenate(ev_kind)
    e_ls = np.concatenate(ev_ls)
    inside = (e_day > p_start[e_p]) & (e_day < p_end[e_p])
    # Ordinary moves after the adoptive placement are dropped.
    after_adopt = adopt[e_p] & (e_day >= placed_day[e_p]) & (e_kind == 0)
    keep = inside & ~after_adopt
    e_p, e_day, e_kind, e_ls = e_p[keep], e_day[keep], e_kind[keep], e_ls[keep]

    # One row per (period, day): merge a move and a legal change into B.
    order = np.lexsort((e_kind, e_day, e_p))
    e_p, e_day, e_kind, e_ls = e_p[order], e_day[order], e_kind[order], e_ls[order]
    key_same = np.r_[False, (e_p[1:] == e_p[:-1]) & (e_day[1:] == e_day[:-1])]
    # group id per (period, day)
    g = np.cumsum(~key_same) - 1
    n_g = g[-1] + 1 if g.size else 0
    is_move = np.zeros(n_g, dtype=bool)
    is_adopt = np.zeros(n_g, dtype=bool)
    is_legal = np.zeros(n_g, dtype=bool)
    np.logical_or.at(is_move, g, e_kind != 1)
    np.logical_or.at(is_adopt, g, e_kind == 2)
    np.logical_or.at(is_legal, g, e_kind == 1)
    new_ls = np.full(n_g, "", dtype="<U2")
    legal_rows = e_kind == 1
    new_ls[g[legal_rows]] = e_ls[legal_rows]  # last legal change of the day wins
    first = ~key_same
    g_p, g_day = e_p[first], e_day[first]

    # Episode rows: one per period start plus one per event group.
    n_e = n_p + n_g
    ep_p = np.concatenate([np.arange(n_p), g_p])
    ep_day = np.concatenate([p_start, g_day])
    ep_start = np.concatenate([np.ones(n_p, dtype=bool), np.zeros(n_g, dtype=bool)])
    ep_move = np.concatenate([np.ones(n_p, dtype=bool), is_move])
    ep_adopt = np.concatenate([np.zeros(n_p, dtype=bool), is_adopt])
    ep_legal = np.concatenate([np.zeros(n_p, dtype=bool), is_legal])
    ep_ls_new = np.concatenate([entry_ls, new_ls])
    order = np.lexsort((~ep_start, ep_day, ep_p))
    ep_p, ep_day, ep_start, ep_move, ep_adopt, ep_legal, ep_ls_new = (
        a[order] for a in (ep_p, ep_day, ep_start, ep_move, ep_adopt, ep_legal, ep_ls_new)
    )
    ep_last = np.r_[ep_p[1:] != ep_p[:-1], True]
    ep_dec = np.where(ep_last, p_end[ep_p], np.r_[ep_day[1:], 0])

    # Legal status: carry forward the latest change.
    has_ls = ep_ls_new != ""
    src = np.maximum.accumulate(np.where(has_ls, np.arange(n_e), 0))
    ls = ep_ls_new[src]

    # Placement: a new one at each move, carried forward otherwise.
    age_band = np.searchsorted(np.array([5.0, 10.0, 13.0, 16.0]), (ep_day - dob[ep_p]) / _YEAR, side="right")
    group = np.array(_PLACE_GROUPS)[_pick(rng, _PLACE_P, age_band)]
    uasc_ep = children.uasc[p_child[ep_p]]
    uasc_pick = np.where(rng.random(n_e) < 0.5, "semi", np.where(rng.random(n_e) < 0.5, "foster", "K2"))
    group = np.where(uasc_ep & (age_band == 4), uasc_pick, group)
    group = np.where(uasc_ep & (age_band < 4), np.where(rng.random(n_e) < 0.75, "foster", "K2"), group)
    place = group.astype("<U3")
    conn = group == "connected"
    place[conn] = rng.choice(_CONNECTED, size=conn.sum(), p=_CONNECTED_P)
    fost = group == "foster"
    place[fost] = rng.choice(_FOSTER, size=fost.sum(), p=_FOSTER_P)
    # Same carer, new placement type (RNE T) for about one move in twelve.
    idx = np.arange(n_e)
    same_carer = ep_move & ~ep_start & ~ep_adopt & (rng.random(n_e) < 0.08)
    mv_src = np.maximum.accumulate(np.where(ep_move, idx, 0))
    carried = place[mv_src]
    prev_place = np.r_[carried[:1], carried[:-1]]
    t_code = np.where(np.isin(prev_place, ("U4", "U5", "U6")), "U4",
                      np.where(np.isin(prev_place, ("U1", "U2", "U3")), "U1", prev_place))
    place = np.where(same_carer, t_code, place)
    # Adoptive placement: with the current foster carer (A5, RNE T) or not (A6, RNE P).
    with_carer = ep_adopt & np.isin(prev_place, ("U1", "U2", "U4", "U5")) & (rng.random(n_e) < 0.6)
    place = np.where(ep_adopt, np.where(with_carer, "A5", "A6"), place)
    # Supported accommodation: H5 before 2024-25, K3 from then; P2 ends with 2024-25.
    k3_from = _april_first(codes.FIRST_K3_YEAR)
    no_p2_from = _april_first(codes.LAST_H5_YEAR + 1)
    place = np.where(place == "sem", np.where(ep_day < k3_from, "H5", "K3"), place)
    # From 2025-26 other placements (Z1) and independent living (P2) take the new codes Z11-Z14.
    z1x = _OTHER_2025[rng.choice(_OTHER_2025.size, size=n_e, p=_OTHER_2025_P)]
    place = np.where(np.isin(place, ("P2", "Z1")) & (ep_day >= no_p2_from), z1x, place)
    place = place[mv_src]
    carer = np.maximum.accumulate(np.where(ep_move & ~same_carer & ~with_carer, idx, 0))

    # RNE
    rne = np.full(n_e, "L", dtype="<U1")
    new_carer_move = ep_move & ~same_carer & ~with_carer
    same = ep_move & (same_carer | with_carer)
    rne[new_carer_move & ~ep_legal] = "P"
    rne[new_carer_move & ep_legal] = "B"
    rne[same & ~ep_legal] = "T"
    rne[same & ep_legal] = "U"
    rne[ep_start] = "S"

    # REC
    route = p_route[ep_p]
    rec = np.full(n_e, "X1", dtype="<U3")
    u = rng.random(n_e)
    home_rec = np.where(u < 0.55, "E4A", np.where(u < 0.75, "E4B", "E13"))
    sgo_rec = np.where(np.isin(place, ("U1", "U2", "U3")), np.where(u < 0.8, "E47", "E48"), np.where(u < 0.8, "E45", "E46"))
    age18_rec = np.where(u < 0.25, "E17", np.where(u < 0.45, "E5", np.where(u < 0.55, "E6", np.where(u < 0.6, "E7", "E8"))))
    other_rec = np.where(u < 0.3, "E3", np.where(u < 0.5, "E41", np.where(u < 0.65, "E9", np.where(u < 0.72, "E16", "E8"))))
    rec_by_route = np.select(
        [route == HOME, route == ADOPTED, route == SGO, route == AGE18, route == DIED],
        [home_rec, np.where(u < 0.5, "E11", "E12"), sgo_rec, age18_rec, "E2"],
        other_rec,
    )
    rec = np.where(ep_last, rec_by_route, rec)
    # Leaving before 18 for independent living, and UASC age-assessed as adults.
    child_of = p_child[ep_p]
    b18 = birthday(children.dob[child_of], 18)
    early_leave = ep_last & (route == AGE18) & (ep_dec < b18)
    rec = np.where(early_leave, np.where(u < 0.6, "E5", "E6"), rec)
    rec = np.where(ep_last & (route == OTHER) & children.uasc[child_of] & (u < 0.5), "E15", rec)
    rec = np.where(ep_last & (ls == "J1") & (route == OTHER), "E14", rec)

    # Reason for placement change, on the episode the change ends.
    next_move = np.concatenate([rne[1:], np.array(["S"])])
    drawn = rng.choice(REASONS, size=n_e, p=_REASONS_P)
    reason = np.where(~ep_last & np.isin(next_move, ("P", "B", "T", "U")), drawn, "")

    # Provider.
    provider = _provider(rng, place)
    # Postcodes: family home, and the carer's postcode (kept while the carer is the same).
    home = children.home[child_of]
    far = np.select(
        [np.isin(place, ("K1", "K2", "R1", "S1", "R2", "R5")), np.isin(place, ("A5", "A6")), np.isin(place, ("H5", "K3", "P2", "Z1", *_OTHER_2025))],
        [0.60, 0.35, 0.30],
        0.20,
    )
    km = np.where(rng.random(n_e) < far, rng.uniform(33, 160, size=n_e), rng.gamma(1.6, 5.5, size=n_e))
    cell = place_near(rng, home, km)
    cell = np.where(place == "P1", home, cell)
    cell = cell[carer]
    urn = np.where(np.isin(place, ("K1", "K2", "R1", "S1", "H5", "K3")), _urn(cell), "XXXXXXX")

    return _retire_codes(Episodes(
        child=child_of, decom=ep_day, dec=ep_dec, rne=rne, ls=ls, place=place,
        provider=provider, rec=rec, reason=reason, home=home, pl_cell=cell, urn=urn, period=ep_p,
    ))


#: Placement codes withdrawn after :data:`codes.LAST_H5_YEAR` that are split
#: into a new episode with the same carer on 31 March 2025 (H5 semi-independent
#: living became K3 registered supported accommodation; P2 independent living
#: goes the same way here). Z1 cannot be split like that (Z11-Z14 are not valid
#: on 31 March 2025): an open Z1 episode is recoded in the 2025-26 file instead
#: (:data:`codes.RECODED`), as councils recode continuing episodes.
RETIRED = {"H5": "K3", "P2": "K3"}


def _retire_codes(ep: Episodes) -> Episodes:
    """Keep withdrawn placement codes out of the return years where they are invalid.

    H5 and P2 are not valid in 2025-26 (Z1: see :data:`RETIRED`). Every episode that starts on or
    after 31 March 2025 with one of them (a legal-status change, RNE ``L``,
    inside an older H5/P2 placement carries the old code forward; so does a
    placement drawn on 31 March itself) takes the replacement code instead.
    An episode with a withdrawn code that is open across 31 March 2025 is
    split: the old episode ends on 31 March 2025 (so it appears in no 2025-26
    file) and an episode with the same carer and the new code (RNE ``T``,
    reason ``PLACE``) starts that day.
    """
    s = _april_first(codes.LAST_H5_YEAR + 1) - 1
    fields = {k: getattr(ep, k).copy() for k in ep.__dataclass_fields__}
    place = fields["place"]
    retired = np.isin(place, list(RETIRED))
    later = retired & (ep.decom >= s)
    for old, new in RETIRED.items():
        place[later & (ep.place == old)] = new
    split = retired & (ep.decom < s) & (ep.dec > s)
    if split.any():
        idx = np.flatnonzero(split)
        new = {k: v[idx].copy() for k, v in fields.items()}
        new["decom"][:] = s
        new["rne"][:] = "T"
        new["place"][:] = [RETIRED[p] for p in new["place"]]
        fields["dec"][idx] = s
        fields["rec"][idx] = "X1"
        fields["reason"][idx] = "PLACE"
        fields = {k: np.concatenate([fields[k], new[k]]) for k in fields}
    # a supported-accommodation placement has a registered provider's URN
    k3 = (fields["place"] == "K3") & (fields["urn"] == "XXXXXXX")
    fields["urn"] = np.where(k3, _urn(fields["pl_cell"]), fields["urn"])
    order = np.lexsort((fields["decom"], fields["child"]))
    return Episodes(**{k: v[order] for k, v in fields.items()})


def _urn(cell: np.ndarray) -> np.ndarray:
    return np.char.add("SC", np.char.zfill((cell % 1_000_000).astype(str), 6))


def _provider(rng: np.random.Generator, place: np.ndarray) -> np.ndarray:
    u = rng.random(place.shape)
    out = np.full(place.shape, "PR1", dtype="<U3")
    out = np.where(place == "P1", "PR0", out)
    foster = np.isin(place, ("U4", "U5", "U6"))
    out = np.where(foster, np.where(u < 0.6, "PR1", np.where(u < 0.95, "PR4", "PR5")), out)
    homes = np.isin(place, ("K2", "R1", "S1", "H5", "K3", "P2", "Z1", *_OTHER_2025))
    out = np.where(homes, np.where(u < 0.15, "PR1", np.where(u < 0.93, "PR4", "PR5")), out)
    out = np.where(place == "K1", np.where(u < 0.5, "PR1", "PR2"), out)
    adopt = np.isin(place, ("A3", "A4", "A5", "A6"))
    out = np.where(adopt, np.where(u < 0.6, "PR1", np.where(u < 0.85, "PR2", "PR5")), out)
    return out


# Temporary placements (T0-T4, at most 7 days): DfE's codes are T1 hospital,
# T2 holiday, T3 accommodation while the usual foster carer is on holiday, T4
# any other temporary stay of 7 days or less; T0 is the older catch-all.
_TEMP = np.array(["T0", "T1", "T2", "T3", "T4"])
_TEMP_P_FOSTER = np.array([0.04, 0.18, 0.14, 0.40, 0.24])
_TEMP_P_OTHER = np.array([0.06, 0.40, 0.24, 0.00, 0.30])
#: Temporary stays a year in care: foster placements (carer holidays, respite)
#: and other placements (hospital, holidays).
TEMP_RATE_FOSTER = 0.12
TEMP_RATE_OTHER = 0.05
#: Share of temporary stays after which the child goes on to a different carer
#: (the rest return to the same placement, same PLACE and PL_POST).
TEMP_NEW_CARER = 0.12


def _take(ep: Episodes, rows: np.ndarray) -> dict[str, np.ndarray]:
    return {k: getattr(ep, k)[rows].copy() for k in ep.__dataclass_fields__}


def _temporary(rng: np.random.Generator, ep: Episodes, place_near) -> Episodes:
    """Insert short temporary placements (T0-T4, 1-7 days) inside some episodes.

    The host episode is cut in three: the host up to the temporary stay (REC
    ``X1``), the stay (RNE ``P``, DfE rule 380), and the return (RNE ``P``,
    the same ``PLACE``, ``PL_POST``, provider and URN as before: DfE rule 383,
    "a child in a temporary placement must subsequently return to his/her
    normal placement"). After about one stay in eight the child goes on to a
    different carer of the same placement type instead (a new ``PL_POST``): a
    placement move. Only an episode that is the last with its carer (the next
    one is a move, or the period ends) can end that way, so no later episode
    keeps the old carer's postcode.
    """
    n = ep.child.size
    dur = ep.dec - ep.decom
    foster = np.isin(ep.place, ("U1", "U2", "U3", "U4", "U5", "U6"))
    eligible = (dur >= 12) & ~np.isin(ep.place, ("P1", "A3", "A4", "A5", "A6", *_TEMP)) & (ep.period >= 0)
    rate = np.where(foster, TEMP_RATE_FOSTER, TEMP_RATE_OTHER)
    host = np.flatnonzero(eligible & (rng.random(n) < 1 - np.exp(-rate * dur / _YEAR)))
    if host.size == 0:
        return ep
    h = host.size
    length = rng.integers(1, 8, size=h)
    t = ep.decom[host] + 2 + (rng.random(h) * (dur[host] - length - 3)).astype(np.int64)
    code = np.where(foster[host], _TEMP[rng.choice(5, size=h, p=_TEMP_P_FOSTER)],
                    _TEMP[rng.choice(5, size=h, p=_TEMP_P_OTHER)])
    nxt = np.minimum(host + 1, n - 1)
    last_with_carer = (host == n - 1) | (ep.period[nxt] != ep.period[host]) | np.isin(ep.rne[nxt], ("P", "B"))
    new_carer = last_with_carer & (rng.random(h) < TEMP_NEW_CARER)

    before = _take(ep, host)
    before["dec"] = t
    before["rec"][:] = "X1"
    before["reason"] = np.where(code == "T1", "OTHER", "CARPL")
    stay = _take(ep, host)
    stay["decom"], stay["dec"] = t, t + length
    stay["rne"][:] = "P"
    stay["place"] = code
    stay["provider"] = np.where(code == "T1", "PR3", np.where(rng.random(h) < 0.7, "PR1", "PR4"))
    stay["rec"][:] = "X1"
    stay["reason"] = np.where(new_carer, REASONS[rng.choice(REASONS.size, size=h, p=_REASONS_P)], "OTHER")
    stay["pl_cell"] = place_near(rng, ep.pl_cell[host], rng.gamma(1.5, 4.0, size=h))
    stay["urn"][:] = "XXXXXXX"
    back = _take(ep, host)
    back["decom"] = t + length
    back["rne"][:] = "P"
    new_cell = place_near(rng, ep.home[host], rng.gamma(1.6, 5.5, size=h))
    new_cell = np.where(new_cell == ep.pl_cell[host], np.where(new_cell > 0, new_cell - 1, new_cell + 1), new_cell)
    back["pl_cell"] = np.where(new_carer, new_cell, ep.pl_cell[host])
    back["urn"] = np.where(new_carer & (ep.urn[host] != "XXXXXXX"), _urn(back["pl_cell"]), ep.urn[host])

    keep = np.ones(n, dtype=bool)
    keep[host] = False
    rest = _take(ep, np.flatnonzero(keep))
    merged = {k: np.concatenate([rest[k], before[k], stay[k], back[k]]) for k in rest}
    order = np.lexsort((merged["decom"], merged["child"]))
    return Episodes(**{k: v[order] for k, v in merged.items()})


#: Children on short breaks only (disabled children, LS V3/V4), as a share of
#: the entries a year; each has a series of short stays with one carer.
SHORT_BREAK_SHARE = 0.05
SHORT_BREAKS_A_YEAR = 9.0


def _short_breaks(
    rng: np.random.Generator, children: Children, ep: Episodes, start0: int, end: int, entries_per_year: float,
    home_cells: np.ndarray, place_near,
) -> tuple[Children, Episodes]:
    """Add disabled children looked after only during short breaks (respite).

    Each arrangement lasts about 1-5 years (to the 18th birthday at most);
    the child has about nine stays a year of 1-3 nights with one short-break
    carer (a council children's home or a foster carer). Each stay is an
    episode of its own: RNE ``S``, LS ``V4`` (a series of short breaks; ``V3``
    for the few children with a single break or two), REC ``E4A`` (home to
    parents), CIN ``N2`` (child's disability). They belong to no period of
    care (``period`` -1): the analysis excludes them from almost everything.
    """
    years = (end - start0) / _YEAR
    k = rng.poisson(SHORT_BREAK_SHARE * entries_per_year * years)
    if k == 0:
        return children, ep
    first = start0 + (rng.random(k) * (end - start0)).astype(np.int64)
    age = rng.uniform(4.0, 15.5, size=k) * _YEAR
    dob = (first - age).astype(np.int64)
    last = np.minimum(first + np.rint(rng.lognormal(np.log(900), 0.5, size=k)).astype(np.int64),
                      birthday(dob, 18) - 5)
    single = rng.random(k) < 0.12
    n_stays = np.where(single, rng.integers(1, 3, size=k),
                       np.maximum(rng.poisson(SHORT_BREAKS_A_YEAR * (last - first) / _YEAR), 1))
    who = np.repeat(np.arange(k), n_stays)
    day = first[who] + (rng.random(who.size) * np.maximum(last - first, 1)[who]).astype(np.int64)
    order = np.lexsort((day, who))
    who, day = who[order], day[order]
    nights = rng.integers(1, 4, size=who.size)
    # no two stays of a child touch or overlap: at least one day at home between them
    while True:
        clash = np.r_[False, (who[1:] == who[:-1]) & (day[1:] <= day[:-1] + nights[:-1])]
        if not clash.any():
            break
        who, day, nights = who[~clash], day[~clash], nights[~clash]

    n0 = children.dob.size
    kid = n0 + np.arange(k)
    home = home_cells[rng.integers(0, home_cells.size, size=k)]
    in_home = rng.random(k) < 0.6
    place = np.where(in_home, "K2", np.where(rng.random(k) < 0.5, "U4", "U6"))
    cell = place_near(rng, home, rng.gamma(1.6, 4.0, size=k))
    needs = rng.normal(1.2, 0.6, size=k)
    added = Children(
        dob=dob, male=rng.random(k) < 0.65, uasc=np.zeros(k, dtype=bool), home=home,
        instability=np.zeros(k), needs=needs, ability=-0.5 * needs + rng.normal(0, 0.85, size=k),
    )
    children = Children(**{f: np.concatenate([getattr(children, f), getattr(added, f)])
                           for f in children.__dataclass_fields__})
    m = who.size
    c = who
    sb = {
        "child": kid[c], "decom": day, "dec": day + nights, "rne": np.full(m, "S", dtype="<U1"),
        "ls": np.where(single[c], "V3", "V4"), "place": place[c].astype("<U3"),
        "provider": np.full(m, "PR1", dtype="<U3"), "rec": np.full(m, "E4A", dtype="<U3"),
        "reason": np.full(m, "", dtype=ep.reason.dtype), "home": home[c], "pl_cell": cell[c],
        "urn": np.where(in_home[c], _urn(cell[c]), "XXXXXXX"), "period": np.full(m, -1, dtype=ep.period.dtype),
    }
    sb = {k2: v[sb["decom"] <= end] for k2, v in sb.items()}
    merged = {f: np.concatenate([getattr(ep, f), sb[f]]) for f in ep.__dataclass_fields__}
    order = np.lexsort((merged["decom"], merged["child"]))
    return children, Episodes(**{f: v[order] for f, v in merged.items()})

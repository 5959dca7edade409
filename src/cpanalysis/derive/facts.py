"""Per-child facts the measures need, all vectorised.

Every function takes frames from :func:`cpanalysis.derive.read_processed` (or
the build step) and returns one row per child, keyed by ``CHILD`` (and
``COUNCIL`` when several councils are loaded).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from .episodes import SHORT_BREAK_LS, cla_at
from .keys import key_columns

__all__ = ["CARE_LEAVER_EXCLUDED_REC", "CARE_LEAVER_RETURNED_HOME_REC", "age_at",
           "care_leaver_eligible", "children_looked_after_at", "continuously_looked_after_12m"]


def age_at(dob, when) -> pd.Series | int:
    """Age in whole years on ``when`` (birthdays on 29 February fall on 1 March in other years).

    Parameters
    ----------
    dob : Series of datetime64 or date
    when : Series of datetime64 or date, or a scalar

    Examples
    --------
    >>> age_at(pd.Series(pd.to_datetime(["2010-03-31", "2010-04-01"])), date(2024, 3, 31)).tolist()
    [14, 13]
    """
    d = pd.to_datetime(dob)
    w = pd.to_datetime(when)
    if isinstance(d, pd.Series):
        dy, dm, dd = d.dt.year, d.dt.month, d.dt.day
    else:
        dy, dm, dd = d.year, d.month, d.day
    if isinstance(w, pd.Series):
        wy, wm, wd = w.dt.year, w.dt.month, w.dt.day
    else:
        wy, wm, wd = w.year, w.month, w.day
    before = (wm < dm) | ((wm == dm) & (wd < dd))
    return (wy - dy) - before.astype("int64") if not isinstance(before, bool) else (wy - dy) - int(before)


def children_looked_after_at(episodes: pd.DataFrame, when: date | pd.Timestamp) -> pd.DataFrame:
    """Children looked after at the end of ``when`` (see :func:`cla_at`), one row each.

    Returns
    -------
    pandas.DataFrame
        Key columns plus the open episode's ``PLACE``, ``LS`` and ``placement_id`` if present.
    """
    keys = key_columns(episodes)
    cols = keys + [c for c in ("DECOM", "PLACE", "LS", "PLACE_PROVIDER", "period_id", "placement_id")
                   if c in episodes.columns]
    got = episodes.loc[cla_at(episodes, when), cols]
    return got.drop_duplicates(keys, keep="last").reset_index(drop=True)


def continuously_looked_after_12m(periods: pd.DataFrame, year_end: date | pd.Timestamp) -> pd.DataFrame:
    """Children looked after continuously for at least 12 months at ``year_end`` (31 March).

    The OC2 and education-outcomes cohort: a period of care that began on or
    before 1 April of the year (``year_end`` minus one year plus one day) and
    was still open after ``year_end``, and that is not made only of short
    breaks (V3/V4). A new period starting during the year breaks continuity by
    construction (it is a different period).

    Parameters
    ----------
    periods : pandas.DataFrame
        From the build (``periods`` table).
    year_end : date

    Returns
    -------
    pandas.DataFrame
        Key columns and ``period_start``.
    """
    ye = pd.Timestamp(year_end)
    ys = ye - pd.DateOffset(years=1) + pd.Timedelta(days=1)
    m = (periods["start"] <= ys) & (periods["end"].isna() | (periods["end"] > ye)) \
        & ~periods["short_breaks_only"]
    keys = key_columns(periods)
    out = periods.loc[m, keys + ["start"]].rename(columns={"start": "period_start"})
    return out.drop_duplicates(keys).reset_index(drop=True)


#: Reasons episode ceased after which a young person is not a care leaver (DfE):
#: adopted (E11, E12), died (E2), care transferred to another council (E3).
CARE_LEAVER_EXCLUDED_REC: dict[str, str] = {
    "E11": "adopted", "E12": "adopted", "E2": "died", "E3": "transferred to another council",
}
#: Returned home to a parent or someone with parental responsibility (E4A, E4B): no longer
#: a care leaver once they have lived there six months before their 18th birthday.
CARE_LEAVER_RETURNED_HOME_REC: frozenset[str] = frozenset({"E4A", "E4B"})


def care_leaver_eligible(episodes: pd.DataFrame, children: pd.DataFrame,
                         when: date | pd.Timestamp) -> pd.DataFrame:
    """Care leavers as at ``when``: eligibility (Children (Leaving Care) Act 2000) and DfE exclusions.

    *Eligible by time in care* (Children Act 1989 s19B / Sch. 2 para 19B and
    the Care Leavers (England) Regulations 2010; DfE SSDA903 OC3 guidance):
    looked after for at least 13 weeks (91 days) in total since the 14th
    birthday, with at least one of those days on or after the 16th birthday.
    Short-break episodes (V3/V4) do not count. Days are counted as
    ``min(DEC, when, 18th birthday) - max(DECOM, 14th birthday)`` per episode
    (an open episode counts up to ``when``; the day of DEC is not a day in
    care).

    *Excluded* (DOMAIN.md section 3, DfE OC3 guidance): young people whose
    last time in care (their last episode, not a short break, begun by
    ``when``) ended

    * by adoption (REC ``E11``/``E12``), death (``E2``) or transfer to another
      council (``E3``) - :data:`CARE_LEAVER_EXCLUDED_REC`;
    * by a return home to a parent or someone with parental responsibility
      (``E4A``/``E4B``) at least six calendar months before both ``when``
      and their 18th birthday (the regulations: six months living at home
      before 18 ends "relevant child" status).

    Not determinable from the SSDA903, so assumed: a young person who went
    home and has no later episode in the data stayed there (the 903 holds no
    address after care); time at home while still looked after (placed with
    parents, P1) does not count towards the six months; ``E13`` (to live with
    someone *without* parental responsibility) does not end care-leaver
    status. Leaving care on a special guardianship or child arrangements
    order (E41, E45-E48) is not an exclusion here (those young people may be
    "qualifying" care leavers); measures may exclude it for their own count.

    Parameters
    ----------
    episodes : pandas.DataFrame
        Stitched episodes (``DECOM``, ``DEC``, ``LS``, ``REC``).
    children : pandas.DataFrame
        One row per child with ``DOB``.
    when : date

    Returns
    -------
    pandas.DataFrame
        One row per child with any episode that is not a short break: key
        columns, ``days_after_14``, ``in_care_after_16``,
        ``eligible_by_time`` (the two conditions), ``left_care`` (DEC of the
        last episode, missing while in care at ``when``), ``reason_left``
        (its REC), ``excluded`` (``"adopted"``, ``"died"``, ``"transferred to
        another council"``, ``"returned home 6+ months"``, or missing) and
        ``eligible`` (eligible by time and not excluded).
    """
    keys = key_columns(episodes)
    t = pd.Timestamp(when)
    ep = episodes.loc[~episodes["LS"].isin(SHORT_BREAK_LS), keys + ["DECOM", "DEC", "REC"]]
    ep = ep.merge(children[keys + ["DOB"]], on=keys, how="inner")
    dob = ep["DOB"]
    b14 = dob + pd.DateOffset(years=14)
    b16 = dob + pd.DateOffset(years=16)
    b18 = dob + pd.DateOffset(years=18)
    end = ep["DEC"].fillna(t).clip(upper=t)
    end = end.where(end < b18, b18)
    start = ep["DECOM"].where(ep["DECOM"] > b14, b14)
    days = (end - start).dt.days.clip(lower=0)
    after16 = (end > b16) & (end > start)
    g = pd.DataFrame({**{k: ep[k] for k in keys}, "days_after_14": days,
                      "in_care_after_16": after16}).groupby(keys, observed=True)
    out = pd.DataFrame({"days_after_14": g["days_after_14"].sum().astype(np.int64),
                        "in_care_after_16": g["in_care_after_16"].any()})
    out["eligible_by_time"] = (out["days_after_14"] >= 91) & out["in_care_after_16"]
    # how the last time in care (begun by `when`) ended
    last = (ep.loc[ep["DECOM"] <= t].sort_values(keys + ["DECOM"], kind="stable")
            .drop_duplicates(keys, keep="last").set_index(keys))
    left = last["DEC"].where(last["DEC"] <= t)
    rec = last["REC"].where(left.notna())
    excluded = rec.map(CARE_LEAVER_EXCLUDED_REC)
    six_months = left + pd.DateOffset(months=6)
    home_by = (last["DOB"] + pd.DateOffset(years=18)).clip(upper=t)
    home6 = rec.isin(CARE_LEAVER_RETURNED_HOME_REC) & (six_months <= home_by)
    excluded = excluded.where(~home6.to_numpy(dtype=bool), "returned home 6+ months")
    out["left_care"] = left.reindex(out.index)
    out["reason_left"] = rec.reindex(out.index).astype(object)
    out["excluded"] = excluded.reindex(out.index).astype(object)
    out["eligible"] = out["eligible_by_time"] & out["excluded"].isna()
    return out.reset_index()

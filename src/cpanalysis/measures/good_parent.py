"""Pledge 1, being a good corporate parent: advocacy, reviews in timescale, involvement in reviews.

Review timescales are the statutory ones (Care Planning, Placement and Case
Review (England) Regulations 2010, regulation 33): the first review within 20
working days of the child becoming looked after, the second within three
months of the first, later ones within six months of the one before.
Working days skip weekends only (bank holidays are not modelled: our choice,
it can only make a review look on time by a day or two at most).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..quarters import Quarter
from . import _frames
from ._frames import council_frame
from .data import MeasureData
from .registry import Measure, register

__all__ = ["PARTICIPATED", "review_status"]

#: SSDA903 REVIEW_CODE values meaning the child took part (PN1-PN6); PN0 is under 4, PN7 no views.
PARTICIPATED = frozenset({"PN1", "PN2", "PN3", "PN4", "PN5", "PN6"})
_P1 = "Priority 1 - Being a Good Corporate Parent"


def _reviews(data: MeasureData) -> pd.DataFrame | None:
    r = data.table("reviews")
    if r is None:
        return None
    keys = ["COUNCIL", "CHILD"] if "COUNCIL" in r.columns else ["CHILD"]
    return r.dropna(subset=["REVIEW"]).drop_duplicates(keys + ["REVIEW"])


def review_status(data: MeasureData, when) -> pd.DataFrame:
    """Each child looked after at ``when``: reviews so far in the current period and the next due date.

    Due date: 20 working days after the period of care began when no review
    has been held yet; three months after the first review when only one has
    been held; six months after the latest otherwise (regulation 33). A child
    is *overdue* when the due date is before ``when``.

    Returns
    -------
    pandas.DataFrame
        Key columns, ``council``, ``period_begin``, ``days_in_care``,
        ``n_reviews``, ``last_review``, ``due``, ``overdue`` (bool),
        ``days_overdue``.
    """
    end = pd.Timestamp(when)
    cla = _frames.cla_at_end(data, when)
    keys = ["COUNCIL", "CHILD"] if "COUNCIL" in cla.columns else ["CHILD"]
    cla["period_begin"] = cla["period_id"].map(data.periods.set_index("period_id")["start"])
    r = _reviews(data)
    r = r[keys + ["REVIEW"]].merge(cla[keys + ["period_begin"]], on=keys)
    r = r.loc[(r["REVIEW"] >= r["period_begin"]) & (r["REVIEW"] <= end)]
    g = r.groupby(keys, observed=True)["REVIEW"]
    agg = pd.DataFrame({"n_reviews": g.size(), "last_review": g.max()}).reset_index()
    out = cla[keys + ["council", "period_begin"]].merge(agg, on=keys, how="left")
    out["n_reviews"] = out["n_reviews"].fillna(0).astype("int64")
    begin = out["period_begin"].to_numpy().astype("datetime64[D]")
    first_due = np.busday_offset(begin, 20, roll="forward").astype("datetime64[ns]")
    last = out["last_review"]
    due = pd.Series(first_due, index=out.index)
    one = out["n_reviews"] == 1
    more = out["n_reviews"] >= 2
    due = due.where(~one, last + pd.DateOffset(months=3))
    due = due.where(~more, last + pd.DateOffset(months=6))
    out["due"] = due
    out["days_in_care"] = (end - out["period_begin"]).dt.days
    out["overdue"] = (out["due"] < end).to_numpy(dtype=bool)
    out["days_overdue"] = (end - out["due"]).dt.days.clip(lower=0)
    return out


def p1_2_frame(data: MeasureData, quarter: Quarter) -> pd.DataFrame:
    """P1.2: % of cared for children whose reviews are in timescale at the quarter end.

    Of children looked after at the quarter end who have been in care for at
    least 28 days, the % not overdue a review (:func:`review_status`).
    """
    if data.table("reviews") is None:
        return _frames.unavailable(data, "no reviews table in the data")
    st = review_status(data, quarter.end)
    st = st.loc[st["days_in_care"] >= 28]
    return _frames.percent_frame(data, _frames.grouped(data, st, ~st["overdue"]), _frames.grouped(data, st))


def p1_3_frame(data: MeasureData, quarter: Quarter) -> pd.DataFrame:
    """P1.3: % of reviews in the quarter in which the child took part.

    Reviews held in the quarter of children aged 4 or over (REVIEW_CODE not
    PN0); took part = PN1-PN6 (attended and spoke, or conveyed views through
    an advocate, symbolically or by a facilitative medium); PN7 = no views
    conveyed. SSDA903 guidance, participation codes.
    """
    r = _reviews(data)
    if r is None:
        return _frames.unavailable(data, "no reviews table in the data")
    s, e = pd.Timestamp(quarter.start), pd.Timestamp(quarter.end)
    r = r.loc[(r["REVIEW"] >= s) & (r["REVIEW"] <= e) & r["REVIEW_CODE"].ne("PN0").fillna(False)
              & r["REVIEW_CODE"].notna()]
    return _frames.percent_frame(data, _frames.grouped(data, r, r["REVIEW_CODE"].isin(PARTICIPATED)),
                                 _frames.grouped(data, r))


register(Measure(
    id="P1.1", title="Number of eligible children and young people accessing advocacy services", pledge=_P1,
    definition="Children and young people who used the advocacy service in the quarter (advocacy provider's records).",
    source="Advocacy provider returns", period="snapshot", polarity="higher_is_better", unit="count",
    data="council_measures.csv", frame=council_frame("P1.1"), decimals=0,
))
register(Measure(
    id="P1.2", title="% cared for children reviews in timescales", pledge=_P1,
    definition=("Of children looked after at the quarter end for 28 days or more, the % whose next review is not "
                "overdue: first within 20 working days, second within 3 months, then every 6 months."),
    source="Care Planning, Placement and Case Review (England) Regulations 2010, reg. 33; SSDA903 reviews",
    period="snapshot", polarity="higher_is_better", unit="percent", data="SSDA903 episodes, reviews",
    frame=p1_2_frame, numerator="reviews in timescale", denominator="cared for children in care 28+ days",
))
register(Measure(
    id="P1.3", title="% of children and young people involved in their reviews", pledge=_P1,
    definition="Reviews held in the quarter for children aged 4 or over in which the child took part (codes PN1-PN6).",
    source="DfE SSDA903 guidance, review participation codes PN0-PN7", period="snapshot",
    polarity="higher_is_better", unit="percent", data="SSDA903 reviews", frame=p1_3_frame,
    numerator="reviews the child took part in", denominator="reviews of children aged 4+ in the quarter",
))

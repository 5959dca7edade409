"""Flows into and out of care, and the other measures the committee asks for beyond the appendix-3 scorecard.

Issue 14 item 5 (seeds 000, 002, 004): children entering care; children
leaving care by reason; reviews the child attended in person; care leavers
in independent living; care leavers who were unaccompanied asylum-seeking
children; children in secure or remand placements.

Counting rules (DfE "Children looked after in England", starters and
ceasers tables, applied to a quarter or the year to date):

* a child *enters care* when a period of care starts (derive's periods: RNE
  ``S``, plus derive's two safety nets, a child's first episode and an
  episode after a gap, logged as ``PERIOD_START_WITHOUT_S`` by the build);
  periods made only of short breaks (V3/V4) are not counted; a child who
  entered twice in the window is counted once;
* a child *leaves care* when a period of care ends; a child who left twice in
  the window is counted once, by the reason of the last time (as
  :func:`cpanalysis.measures.permanence.ceased_ytd` does for the year to
  date, so :data:`LEAVING_REASONS` add up to the total leaving).

Reason groups (:data:`LEAVING_REASONS`) are our grouping of the SSDA903 REC
codes, in plain words; they do not overlap and cover every code. "Care order
discharged" has no REC code of its own: the 903 shows it as a child on a
full care order (legal status C2 in the last episode) leaving care to go home
or to live with someone under a child arrangements order (REC E4A, E4B,
E13, E41), and is counted within those groups.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..quarters import Quarter
from . import _frames
from .adulthood import RETURNED_HOME_REC, oc3_ytd
from .data import MeasureData, memoised
from .general import care_leavers
from .permanence import ADOPTED_REC, SGO_REC
from .registry import Measure, register

__all__ = [
    "ATTENDED_IN_PERSON", "CARE_ORDER_LS", "DISCHARGE_REC", "INDEPENDENT_LIVING_ACCOM", "LEAVING_REASONS", "REMAND_LS", "SECURE_PLACE",
    "ceased_in", "leaving_reason", "started_in",
]

_G = "General"
_P1 = "Priority 1 - Being a Good Corporate Parent"
_P3 = "Priority 3 - Achieving Permanence and Staying Safe"
_P5 = "Priority 5 - Preparing for Adulthood"

#: Why children left care: plain-language group -> SSDA903 REC codes (our grouping; "Other" is every other code).
LEAVING_REASONS: dict[str, frozenset[str]] = {
    "Returned home to family": RETURNED_HOME_REC,                   # E4A, E4B, E13
    "Adopted": ADOPTED_REC,                                          # E11, E12
    "Special guardianship order": SGO_REC,                          # E43-E48 (E43/E44 before 2020-21)
    "Child arrangements (residence) order": frozenset({"E41"}),
    "Moved to independent living or adult life": frozenset({"E5", "E6", "E7", "E17"}),
    "Other reason": frozenset(),                                     # E2, E3, E8, E9, E14, E15, E16, unknown
}
#: Legal status of a full care order (the order a court discharges).
CARE_ORDER_LS = frozenset({"C2"})
#: Leaving care to go home or to a child arrangements order: how a care order discharge shows in the 903.
DISCHARGE_REC = RETURNED_HOME_REC | frozenset({"E41"})
#: REVIEW_CODE: the child attended the review in person (PN1-PN4); PN5-PN6 took part without attending.
ATTENDED_IN_PERSON = frozenset({"PN1", "PN2", "PN3", "PN4"})
#: OC3 ACCOM letter for independent living (U1 suitable, U2 unsuitable).
INDEPENDENT_LIVING_ACCOM = "U"
#: PLACE codes of secure settings: K1 secure children's home, R5 young offender institution or prison.
SECURE_PLACE = frozenset({"K1", "R5"})
#: LS codes of remand: J1 remanded to local authority or youth detention accommodation, J2 detained under PACE.
REMAND_LS = frozenset({"J1", "J2"})


def _keys(frame: pd.DataFrame) -> list[str]:
    return ["COUNCIL", "CHILD"] if "COUNCIL" in frame.columns else ["CHILD"]


@memoised
def started_in(data: MeasureData, start, end) -> pd.DataFrame:
    """Children who started to be cared for between ``start`` and ``end`` (inclusive), one row each.

    DfE "children who started to be looked after during the year" applied to
    any window: periods of care (derive's periods, not made only of short
    breaks) whose first day is in the window; a child who started twice is
    counted once, at the first time.
    """
    s, e = pd.Timestamp(start), pd.Timestamp(end)
    per = data.periods
    m = ~per["short_breaks_only"] & (per["start"] >= s) & (per["start"] <= e)
    out = per.loc[m].sort_values("start", kind="stable").drop_duplicates(_keys(per), keep="first").copy()
    out["council"] = data.council_of(out)
    return out


def leaving_reason(rec: pd.Series) -> np.ndarray:
    """The :data:`LEAVING_REASONS` group of each REC code ("Other reason" for any other or missing code)."""
    r = rec.astype(object).to_numpy()
    names = list(LEAVING_REASONS)[:-1]
    return np.select([np.isin(r, sorted(LEAVING_REASONS[n])) for n in names], names,
                     default="Other reason").astype(object)


@memoised
def ceased_in(data: MeasureData, start, end) -> pd.DataFrame:
    """Children who ceased to be cared for between ``start`` and ``end`` (inclusive), one row each.

    DfE "children who ceased to be looked after during the year" applied to
    any window: periods of care (not made only of short breaks) ending in the
    window; a child who ceased twice is counted once, at the last time (the
    rule of :func:`cpanalysis.measures.permanence.ceased_ytd`).

    Returns
    -------
    pandas.DataFrame
        The periods with ``council``, ``reason`` (:func:`leaving_reason`),
        ``last_ls`` (legal status of the period's last episode) and
        ``care_order_discharged`` (``last_ls`` C2 and REC E4A, E4B, E13 or E41).
    """
    s, e = pd.Timestamp(start), pd.Timestamp(end)
    per = data.periods
    keys = _keys(per)
    m = ~per["short_breaks_only"] & per["end"].notna() & (per["end"] >= s) & (per["end"] <= e)
    out = per.loc[m].sort_values("end", kind="stable").drop_duplicates(keys, keep="last").copy()
    ep = data.episodes
    last_ls = ep.drop_duplicates("period_id", keep="last").set_index("period_id")["LS"]
    out["last_ls"] = out["period_id"].map(last_ls)
    out["reason"] = leaving_reason(out["rec"])
    out["care_order_discharged"] = (out["last_ls"].isin(CARE_ORDER_LS) & out["rec"].isin(DISCHARGE_REC)).fillna(False)
    out["council"] = data.council_of(out)
    return out


def _ytd_note(data: MeasureData, quarter: Quarter) -> str:
    return "" if data.window_covered(_frames.year_start(quarter)) else "the year to date starts before the data"


def g5_frame(data: MeasureData, quarter: Quarter) -> pd.DataFrame:
    """G5: children who started to be cared for in the quarter (:func:`started_in`)."""
    return _frames.count_frame(data, _frames.grouped(data, started_in(data, quarter.start, quarter.end)))


def g5a_frame(data: MeasureData, quarter: Quarter) -> pd.DataFrame:
    """G5a: children who started to be cared for from 1 April to the quarter end (:func:`started_in`)."""
    s, e = _frames.year_start(quarter), quarter.end
    return _frames.count_frame(data, _frames.grouped(data, started_in(data, s, e)), note=_ytd_note(data, quarter))


def g6_frame(data: MeasureData, quarter: Quarter) -> pd.DataFrame:
    """G6: children who ceased to be cared for in the quarter (:func:`ceased_in`)."""
    return _frames.count_frame(data, _frames.grouped(data, ceased_in(data, quarter.start, quarter.end)))


def g6a_frame(data: MeasureData, quarter: Quarter) -> pd.DataFrame:
    """G6a: children who ceased to be cared for from 1 April to the quarter end (:func:`ceased_in`)."""
    s, e = _frames.year_start(quarter), quarter.end
    return _frames.count_frame(data, _frames.grouped(data, ceased_in(data, s, e)), note=_ytd_note(data, quarter))


def _leaving_frame(test):
    """Frame function: children who left care in the quarter and meet ``test``, as a share of all who left."""

    def frame(data: MeasureData, quarter: Quarter) -> pd.DataFrame:
        c = ceased_in(data, quarter.start, quarter.end)
        return _frames.count_frame(data, _frames.grouped(data, c, test(c)), shares=_frames.grouped(data, c))

    return frame


def _reason(name: str):
    return lambda c: (c["reason"] == name).to_numpy(dtype=bool)


def g7_frame(data: MeasureData, quarter: Quarter) -> pd.DataFrame:
    """G7: care leavers aged 16-21 at the quarter end (G3) who were unaccompanied asylum-seeking children.

    Care leavers as :func:`cpanalysis.measures.general.care_leavers` finds
    them, with a row in the SSDA903 UASC module in any return year of the
    data (the module lists every child looked after in the year who was UASC
    at any time in it). CIN code N8 (absent parenting) is not used: it is
    not specific to UASC.
    """
    u = data.table("uasc")
    if u is None:
        return _frames.unavailable(data, "no UASC table in the data")
    cl = care_leavers(data, quarter)
    keys = _keys(cl)
    hit = cl.merge(u[keys].drop_duplicates(), on=keys)
    note = ""
    if data.years and quarter.year - data.years[0] < 7:
        note = (f"the data start in {data.years[0]}-{(data.years[0] + 1) % 100:02d}: care leavers "
                "who left before then are missing, so this is an undercount")
    return _frames.count_frame(data, _frames.grouped(data, hit), shares=_frames.grouped(data, cl), note=note)


def p1_3a_frame(data: MeasureData, quarter: Quarter) -> pd.DataFrame:
    """P1.3a: % of reviews in the quarter of children aged 4+ that the child attended in person.

    Same reviews as P1.3 (held in the quarter, REVIEW_CODE given and not PN0,
    under 4); attended in person = PN1-PN4 (attended and spoke, attended with
    an advocate speaking, attended and conveyed views non-verbally, attended
    without contributing). SSDA903 guidance, participation codes.
    """
    r = data.table("reviews")
    if r is None:
        return _frames.unavailable(data, "no reviews table in the data")
    r = r.dropna(subset=["REVIEW"]).drop_duplicates(_keys(r) + ["REVIEW"])
    s, e = pd.Timestamp(quarter.start), pd.Timestamp(quarter.end)
    r = r.loc[(r["REVIEW"] >= s) & (r["REVIEW"] <= e) & r["REVIEW_CODE"].notna() & r["REVIEW_CODE"].ne("PN0")]
    return _frames.percent_frame(data, _frames.grouped(data, r, r["REVIEW_CODE"].isin(ATTENDED_IN_PERSON)),
                                 _frames.grouped(data, r))


def p3_28_frame(data: MeasureData, quarter: Quarter) -> pd.DataFrame:
    """P3.28: cared for children at the quarter end in a secure setting or on remand.

    Open episode (:func:`cpanalysis.derive.cla_at`) placed in a secure
    children's home or a young offender institution / prison (PLACE K1, R5),
    or with a remand legal status (LS J1 remanded, J2 detained under PACE).
    J3 (youth rehabilitation order with a residence requirement) is a
    sentence, not remand, and L1-L3 are emergency protection: neither counts.
    """
    cla = _frames.cla_at_end(data, quarter.end)
    hit = (cla["PLACE"].isin(SECURE_PLACE) | cla["LS"].isin(REMAND_LS)).fillna(False).to_numpy(dtype=bool)
    return _frames.count_frame(data, _frames.grouped(data, cla, hit), shares=_frames.grouped(data, cla))


def p5_11_frame(data: MeasureData, quarter: Quarter) -> pd.DataFrame:
    """P5.11: % of care leavers aged 19-21 (OC3, year to date) living independently (ACCOM U1 or U2).

    The OC3 cohort of P5.2 (birthday from 1 April to the quarter end, deaths
    excluded); independent living is DfE's accommodation category U, suitable
    (U1) or not (U2). Semi-independent accommodation (D), supported lodgings
    (E), foyers (T) and ordinary lodgings (K) are other categories.
    """
    c = oc3_ytd(data, quarter)
    if c is None:
        return _frames.unavailable(data, f"no OC3 return for {quarter.return_year}")
    c = c.loc[c["age"].between(19, 21)]
    hit = c["ACCOM"].astype("string").str.startswith(INDEPENDENT_LIVING_ACCOM).fillna(False).to_numpy(dtype=bool)
    return _frames.percent_frame(data, _frames.grouped(data, c, hit), _frames.grouped(data, c))


_STARTERS = "DfE Children looked after in England, children who started to be looked after (periods of care)"
_CEASERS = "DfE SSDA903 REC codes; Children looked after in England, children who ceased to be looked after, by reason"
_LEFT_Q = "children who ceased to be cared for in the quarter"

register(Measure(
    id="G5", title="Number of children who came into care in the quarter", pledge=_G,
    definition=("Children who started to be cared for (a new period of care began) in the quarter, counted once "
                "however many times they came into care. Short breaks only (legal status V3, V4) are not counted."),
    source=_STARTERS, period="snapshot", polarity="neutral", unit="count", data="SSDA903 episodes",
    frame=g5_frame, numerator="children who came into care in the quarter", decimals=0,
))
register(Measure(
    id="G6", title="Number of children who left care in the quarter", pledge=_G,
    definition=("Children who ceased to be cared for (a period of care ended) in the quarter, counted once "
                "however many times they left. Short breaks only are not counted. P3.21 to P3.27 split them by reason."),
    source=_CEASERS, period="snapshot", polarity="neutral", unit="count", data="SSDA903 episodes",
    frame=g6_frame, numerator=_LEFT_Q, decimals=0,
))
register(Measure(
    id="G7", title="Number of care leavers who came to us as unaccompanied asylum-seeking children", pledge=_G,
    definition=("Care leavers aged 16-21 at the quarter end (as G3) who were recorded as unaccompanied "
                "asylum-seeking children at any time while they were cared for."),
    source="DfE SSDA903 UASC module; Children (Leaving Care) Act 2000 eligibility", period="snapshot",
    polarity="neutral", unit="count", data="SSDA903 episodes, header, UASC", frame=g7_frame,
    numerator="care leavers who were UASC", share_of="care leavers aged 16-21 (G3)", decimals=0,
))
register(Measure(
    id="P1.3a", title="% of reviews the child attended in person", pledge=_P1,
    definition=("Reviews held in the quarter for children aged 4 or over that the child attended in person "
                "(codes PN1-PN4), whether or not they spoke for themselves."),
    source="DfE SSDA903 guidance, review participation codes PN0-PN7", period="snapshot",
    polarity="higher_is_better", unit="percent", data="SSDA903 reviews", frame=p1_3a_frame,
    numerator="reviews the child attended", denominator="reviews of children aged 4+ in the quarter",
))
for _id, _title, _def, _test, _pol in (
    ("P3.21", "Number of children who left care to return home to family",
     "returned home to live with parents, relatives or others (REC E4A, E4B, E13)",
     _reason("Returned home to family"), "neutral"),
    ("P3.22", "Number of children who left care through adoption", "were adopted (REC E11, E12)",
     _reason("Adopted"), "higher_is_better"),
    ("P3.23", "Number of children who left care through a special guardianship order (SGO)",
     "left on a special guardianship order (REC E43-E48)", _reason("Special guardianship order"), "higher_is_better"),
    ("P3.24", "Number of children who left care through a child arrangements (residence) order",
     "left on a child arrangements or residence order (REC E41)",
     _reason("Child arrangements (residence) order"), "higher_is_better"),
    ("P3.25", "Number of children whose care order was discharged",
     "were on a full care order (legal status C2) and left care to go home or to a child arrangements order "
     "(REC E4A, E4B, E13, E41), so the court discharged the order; they are also counted in P3.21 or P3.24",
     lambda c: c["care_order_discharged"].to_numpy(dtype=bool), "higher_is_better"),
    ("P3.26", "Number of children who left care to independent living or adult life",
     "moved to independent living, to adult social care or stayed on with their carers at 18 "
     "(REC E5, E6, E7, E17)", _reason("Moved to independent living or adult life"), "neutral"),
    ("P3.27", "Number of children who left care for another reason",
     "left for any other reason: transferred to another council, sentenced to custody, remand ended, "
     "found to be 18 or over, moved abroad, died, or other (REC E2, E3, E8, E9, E14, E15, E16)",
     _reason("Other reason"), "neutral"),
):
    register(Measure(
        id=_id, title=_title + " in the quarter", pledge=_P3,
        definition=f"Children who ceased to be cared for in the quarter (G6) who {_def}. A child who left twice "
                   "is counted once, by the last time.",
        source=_CEASERS + "; grouping ours (docs/measures.md)", period="snapshot", polarity=_pol, unit="count",
        data="SSDA903 episodes", frame=_leaving_frame(_test), numerator=_title[0].lower() + _title[1:],
        share_of=_LEFT_Q, decimals=0,
    ))
register(Measure(
    id="P3.28", title="Number of cared for children in secure or remand placements", pledge=_P3,
    definition=("Cared for children at the quarter end placed in a secure children's home or a young offender "
                "institution (PLACE K1, R5), or remanded (legal status J1, J2)."),
    source="DfE SSDA903 guidance, PLACE and LS codes", period="snapshot", polarity="lower_is_better",
    unit="count", data="SSDA903 episodes", frame=p3_28_frame,
    numerator="in a secure setting or on remand", share_of="cared for children at the quarter end", decimals=0,
))
register(Measure(
    id="P5.11", title="% of care leavers aged 19-21 in independent living", pledge=_P5,
    definition=("Care leavers whose 19th to 21st birthday fell between 1 April and the quarter end (OC3; deaths "
                "excluded): the % living independently (accommodation U1 or U2)."),
    source="DfE SSDA903 OC3 care leavers module (ACCOM codes); Children looked after in England, care leavers tables",
    period="year_to_date", polarity="neutral", unit="percent", data="SSDA903 OC3", frame=p5_11_frame,
    numerator="in independent living", denominator="care leavers aged 19-21 (OC3, year to date)",
))

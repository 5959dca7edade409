"""Pledge 4, health and wellbeing: OC2 health measures, missing from care, council health inputs.

OC2 (SSDA903 "outcomes for children continuously looked after for 12
months") is recorded once a year for children looked after continuously for
the 12 months to 31 March. A quarter's OC2 figures are therefore those of the
latest return year that has ended by the quarter end (period ``return_year``):
for 2024-25 Q1-Q3 that is 2023-24, for Q4 2024-25 itself.
"""

from __future__ import annotations

from datetime import date


import pandas as pd

from ..derive.facts import age_at
from ..quarters import Quarter
from . import _frames
from ._frames import council_frame
from .data import MeasureData, memoised
from .dfe import HEALTH_OUTCOMES, OC2_NOTE, DfeFigure
from .registry import Measure, register

__all__ = ["missing_counts", "oc2_cohort", "oc2_year"]

_P4 = "Priority 4 - Improve Health and Wellbeing Outcomes"


def oc2_year(quarter: Quarter) -> int:
    """Start year of the latest return year ended by the quarter end."""
    return quarter.year if quarter.q == 4 else quarter.year - 1


@memoised
def oc2_cohort(data: MeasureData, quarter: Quarter) -> pd.DataFrame | None:
    """OC2 rows of :func:`oc2_year` with ``age`` at its 31 March and ``council``; ``None`` when absent."""
    oc2 = data.table("oc2")
    y = oc2_year(quarter)
    if oc2 is None or y not in set(oc2["YEAR"].astype(int)):
        return None
    out = oc2.loc[oc2["YEAR"].astype(int) == y].copy()
    out["age"] = age_at(out["DOB"], date(y + 1, 3, 31))
    out["council"] = data.council_of(out)
    return out


def _oc2_percent(column: str, *, ages: tuple[int, int] | None = None, flag: str = "1"):
    def frame(data: MeasureData, quarter: Quarter) -> pd.DataFrame:
        c = oc2_cohort(data, quarter)
        if c is None:
            return _frames.unavailable(data, f"no OC2 return for {oc2_year(quarter)}-{(oc2_year(quarter) + 1) % 100:02d}")
        if ages is not None:
            c = c.loc[c["age"].between(*ages)]
        hit = c[column].astype("string").str.strip().eq(flag).fillna(False)
        return _frames.percent_frame(data, _frames.grouped(data, c, hit), _frames.grouped(data, c))

    frame.__doc__ = f"% of the OC2 cohort with {column} = {flag}" + (f", aged {ages[0]}-{ages[1]}" if ages else "") + "."
    return frame


def _sdq(data: MeasureData, quarter: Quarter) -> pd.DataFrame | None:
    c = oc2_cohort(data, quarter)
    if c is None:
        return None
    c = c.loc[c["age"].between(4, 16)].copy()
    c["sdq"] = pd.to_numeric(c["SDQ_SCORE"], errors="coerce")
    return c.loc[c["sdq"].notna()]


def _sdq_at_least(threshold: int):
    def frame(data: MeasureData, quarter: Quarter) -> pd.DataFrame:
        c = _sdq(data, quarter)
        if c is None:
            return _frames.unavailable(data, "no OC2 return for the year")
        return _frames.percent_frame(data, _frames.grouped(data, c, c["sdq"] >= threshold), _frames.grouped(data, c))

    frame.__doc__ = f"% of children aged 4-16 in the OC2 cohort with an SDQ score of {threshold} or more."
    return frame


def sdq_mean_frame(data: MeasureData, quarter: Quarter) -> pd.DataFrame:
    """Mean SDQ total difficulties score, children aged 4-16 in the OC2 cohort with a score (DfE)."""
    c = _sdq(data, quarter)
    if c is None:
        return _frames.unavailable(data, "no OC2 return for the year")
    return _frames.mean_frame(data, c["council"].to_numpy(), c["sdq"].to_numpy())


def convicted_frame(data: MeasureData, quarter: Quarter) -> pd.DataFrame:
    """P5.8: children aged 10+ in the OC2 cohort convicted or subject to a youth caution during the year."""
    c = oc2_cohort(data, quarter)
    if c is None:
        return _frames.unavailable(data, "no OC2 return for the year")
    c = c.loc[c["age"] >= 10]
    hit = c["CONVICTED"].astype("string").eq("1").fillna(False)
    return _frames.count_frame(data, _frames.grouped(data, c, hit), shares=_frames.grouped(data, c))


def missing_counts(data: MeasureData, start, end) -> pd.DataFrame | None:
    """Missing incidents (MISSING = M) starting between ``start`` and ``end``, de-duplicated across returns."""
    m = data.table("missing")
    if m is None:
        return None
    keys = ["COUNCIL", "CHILD"] if "COUNCIL" in m.columns else ["CHILD"]
    s, e = pd.Timestamp(start), pd.Timestamp(end)
    m = m.loc[m["MISSING"].eq("M").fillna(False) & (m["MIS_START"] >= s) & (m["MIS_START"] <= e)]
    m = m.drop_duplicates(keys + ["MIS_START"]).copy()
    m["council"] = data.council_of(m)
    m["month"] = m["MIS_START"].dt.to_period("M")
    return m


def missing_once(data: MeasureData, quarter: Quarter) -> int | None:
    """Children reported missing at least once in ``quarter`` (None when the data has no missing table).

    Each child counts once however often they went missing; P4.8's children
    (5 or more times in one month) are among them.
    """
    m = missing_counts(data, quarter.start, quarter.end)
    if m is None:
        return None
    keys = ["COUNCIL", "CHILD"] if "COUNCIL" in m.columns else ["CHILD"]
    return int(m.drop_duplicates(keys).shape[0])


def p4_8_frame(data: MeasureData, quarter: Quarter) -> pd.DataFrame:
    """P4.8: children who went missing 5 or more times in any one month of the quarter.

    SSDA903 missing module: incidents recorded as missing (code M; away
    without authorisation, A, is not counted), by calendar month of the start
    of the incident; a child is counted once however many months they reach 5.
    """
    m = missing_counts(data, quarter.start, quarter.end)
    if m is None:
        return _frames.unavailable(data, "no missing table in the data")
    keys = ["COUNCIL", "CHILD"] if "COUNCIL" in m.columns else ["CHILD"]
    per = m.groupby(keys + ["council", "month"], observed=True).size().rename("n").reset_index()
    hit = per.loc[per["n"] >= 5].drop_duplicates(keys)
    return _frames.count_frame(data, _frames.grouped(data, hit))


_OC2_SOURCE = "DfE SSDA903 OC2; Outcomes for children looked after by local authorities"
for _id, _title, _def, _frame, _pol, _unit, _num, _den, _dfe in (
    ("P4.6", "% of young people with a SDQ score of 20 or above",
     "Children aged 4-16 looked after continuously for 12 months at 31 March with an SDQ score, the % scoring 20 or more.",
     _sdq_at_least(20), "lower_is_better", "percent", "SDQ 20+", "children aged 4-16 with an SDQ score", None),
    ("P4.6a", "% of young people with a SDQ score of 17 or above (cause for concern)",
     "As P4.6 with DfE's threshold of 17 (a score that is a cause for concern).",
     _sdq_at_least(17), "lower_is_better", "percent", "SDQ 17+", "children aged 4-16 with an SDQ score",
     DfeFigure(HEALTH_OUTCOMES, "children_percent",
               ("Ages 5 to 16 years with SDQ score | SDQ score is a cause for concern",), "percent",
               "SDQ 17 or more (cause for concern)", "children aged 5-16 whose SDQ score was received",
               OC2_NOTE + " DfE's ages are 5-16 (ours 4-16).")),
    ("P4.9", "% of cared for children with an up to date annual health assessment",
     "Children looked after continuously for 12 months at 31 March whose annual health assessment was up to date.",
     _oc2_percent("HEALTH_ASSESSMENT"), "higher_is_better", "percent", "health assessment up to date", "OC2 cohort",
     DfeFigure(HEALTH_OUTCOMES, "children_percent",
               ("Health assessments: Children looked after all ages | Had their annual health assessment",),
               "percent", "annual health assessment", "OC2 cohort, all ages", OC2_NOTE)),
    ("P4.10", "% of cared for children with immunisations up to date",
     "Children looked after continuously for 12 months at 31 March whose immunisations were up to date.",
     _oc2_percent("IMMUNISATIONS"), "higher_is_better", "percent", "immunisations up to date", "OC2 cohort",
     DfeFigure(HEALTH_OUTCOMES, "children_percent",
               ("Health assessments: Children looked after all ages | Had their immunisations up to date",),
               "percent", "immunisations up to date", "OC2 cohort, all ages", OC2_NOTE)),
    ("P4.11", "% of cared for children whose teeth were checked by a dentist",
     "Children looked after continuously for 12 months at 31 March who had their teeth checked by a dentist.",
     _oc2_percent("TEETH_CHECK"), "higher_is_better", "percent", "teeth checked", "OC2 cohort",
     DfeFigure(HEALTH_OUTCOMES, "children_percent",
               ("Health assessments: Children looked after all ages | Had their teeth checked by a dentist",),
               "percent", "teeth checked by a dentist", "OC2 cohort, all ages", OC2_NOTE)),
    ("P4.12", "% of cared for children under 5 with development assessments up to date",
     "Children under 5 at 31 March, looked after continuously for 12 months, whose development assessments were up to date.",
     _oc2_percent("HEALTH_CHECK", ages=(0, 4)), "higher_is_better", "percent", "development checks up to date",
     "OC2 cohort under 5",
     DfeFigure(HEALTH_OUTCOMES, "children_percent",
               ("Development assessments: Children looked after ages 0 to 4 years | "
                "Development assessments up to date",), "percent", "development assessments up to date",
               "OC2 cohort aged 0-4", OC2_NOTE)),
    ("P4.14", "% of cared for children identified as having a substance misuse problem",
     "Children looked after continuously for 12 months at 31 March identified as having a substance misuse problem.",
     _oc2_percent("SUBSTANCE_MISUSE"), "lower_is_better", "percent", "substance misuse identified", "OC2 cohort",
     DfeFigure(HEALTH_OUTCOMES, "children_percent",
               ("Substance misuse: Children looked after all ages | Identified as having a substance misuse problem",),
               "percent", "identified substance misuse", "OC2 cohort, all ages", OC2_NOTE)),
):
    register(Measure(id=_id, title=_title, pledge=_P4, definition=_def, source=_OC2_SOURCE, period="return_year",
                     polarity=_pol, unit=_unit, data="SSDA903 OC2", frame=_frame, numerator=_num, denominator=_den,
                     dfe=_dfe))

register(Measure(
    id="P4.13", title="Average SDQ score of cared for children", pledge=_P4,
    definition="Mean SDQ total difficulties score of children aged 4-16 looked after continuously for 12 months at 31 March.",
    source=_OC2_SOURCE, period="return_year", polarity="lower_is_better", unit="mean", data="SSDA903 OC2",
    frame=sdq_mean_frame, denominator="children aged 4-16 with an SDQ score",
    dfe=DfeFigure(HEALTH_OUTCOMES, "children_count", ("Ages 5 to 16 years with SDQ score | SDQ average score",),
                  "mean", "sum of SDQ scores", "children aged 5-16 whose SDQ score was received",
                  OC2_NOTE + " DfE's ages are 5-16 (ours 4-16). The average is published in the count column."),
))
register(Measure(
    id="P4.8", title="Number of cared for children that went missing 5 times or more", pledge=_P4,
    definition="Cared for children with 5 or more missing incidents starting in any one month of the quarter.",
    source="DfE SSDA903 missing module; council scorecard definition", period="snapshot",
    polarity="lower_is_better", unit="count", data="SSDA903 missing", frame=p4_8_frame,
    numerator="children missing 5+ times in a month", decimals=0,
))
register(Measure(
    id="P5.8", title="Number of cared for children offending", pledge="Priority 5 - Preparing for Adulthood",
    definition="Children aged 10+ looked after continuously for 12 months at 31 March who were convicted or given a youth caution or conditional caution during the year.",
    source=_OC2_SOURCE, period="return_year", polarity="lower_is_better", unit="count", data="SSDA903 OC2",
    frame=convicted_frame, numerator="convicted or cautioned", share_of="OC2 cohort aged 10+", decimals=0,
    dfe=DfeFigure(HEALTH_OUTCOMES, "children_percent",
                  ("Convictions: Children looked after Ages 10 to 17 years | "
                   "Convicted or subject to youth cautions, or youth conditional cautions during the year",), "percent",
                  "convicted or cautioned", "OC2 cohort aged 10-17",
                  OC2_NOTE + " Compared as a share of the cohort aged 10-17 (ours 10+)."),
))

for _id, _title, _unit, _pol in (
    ("P4.1", "% of initial health assessments requested within 48 hours of coming into care", "percent", "higher_is_better"),
    ("P4.2", "% of initial health assessments completed by paediatricians within 20 working days", "percent", "higher_is_better"),
    ("P4.3", "% of review health assessments completed (ytd fig)", "percent", "higher_is_better"),
    ("P4.4", "Number of care leavers with a health passport", "count", "higher_is_better"),
    ("P4.5", "Number of pregnant care leavers (eligible, relevant and former relevant) 16+", "count", "neutral"),
    ("P4.7", "% of young people where we have undertaken an emotional wellbeing screening tool", "percent", "higher_is_better"),
):
    register(Measure(id=_id, title=_title, pledge=_P4,
                     definition="Supplied by the council (health provider and case records); not in the SSDA903.",
                     source="Council and health provider records", period="year_to_date" if _id == "P4.3" else "snapshot",
                     polarity=_pol, unit=_unit, data="council_measures.csv", frame=council_frame(_id),
                     decimals=0 if _unit == "count" else 1))



"""Pledge 5, preparing for adulthood, and the OC3 care-leaver measures (also used by pledge 2).

OC3 (SSDA903 care leavers module) records, around each care leaver's 17th,
18th, 19th, 20th and 21st birthday in the return year, whether the council is
in touch (IN_TOUCH), their main activity (ACTIV) and accommodation (ACCOM).
Quarterly figures are year to date: OC3 rows of the quarter's return year
whose birthday fell between 1 April and the quarter end. Age groups 17-18
and 19-21 are the DfE groups. Percentages are of all care leavers in the
group except those who died (DfE presents activity and accommodation as
shares of all care leavers, "not known" included).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..quarters import Quarter
from . import _frames
from ._frames import council_frame
from .data import MeasureData, memoised
from .dfe import (
    CARE_LEAVERS_ACCOMMODATION, CARE_LEAVERS_ACTIVITY, CARE_LEAVERS_IN_TOUCH, CARE_LEAVERS_STAY_PUT, OC3_NOTE, DfeFigure,
)
from .permanence import ceased_ytd
from .registry import Measure, register

__all__ = ["EET", "NEET", "oc3_ytd"]

_P2 = "Priority 2 - Improved Education, Employment and Training"
_P5 = "Priority 5 - Preparing for Adulthood"

#: OC3 ACTIV codes: in education, employment or training.
EET = frozenset({"F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5"})
#: OC3 ACTIV codes: not in education, employment or training.
NEET = frozenset({"G4", "G5", "G6"})
HIGHER_EDUCATION = frozenset({"F1", "P1"})
APPRENTICESHIP = frozenset({"F4", "P4"})
RETURNED_HOME_REC = frozenset({"E4A", "E4B", "E13"})
AGE_GROUPS = {"17-18": (17, 18), "19-21": (19, 21), "18-21": (18, 21), "17-21": (17, 21)}


@memoised
def oc3_ytd(data: MeasureData, quarter: Quarter) -> pd.DataFrame | None:
    """OC3 rows with a birthday from 1 April to the quarter end, with ``age`` (at that birthday).

    ``None`` when the data have no OC3 table or none for the return year.
    """
    oc3 = data.table("oc3")
    if oc3 is None or quarter.year not in set(oc3["YEAR"].astype(int)):
        return None
    c = oc3.loc[oc3["YEAR"].astype(int) == quarter.year].copy()
    dob = pd.to_datetime(c["DOB"])
    by = np.where(dob.dt.month >= 4, quarter.year, quarter.year + 1)
    c["age"] = by - dob.dt.year.to_numpy()
    bday = dob + pd.to_timedelta(0, unit="D")
    bday = pd.to_datetime({"year": by, "month": dob.dt.month, "day": np.where(
        (dob.dt.month == 2) & (dob.dt.day == 29), 28, dob.dt.day)}, errors="coerce")
    c = c.loc[(bday <= pd.Timestamp(quarter.end)).to_numpy() & ~c["IN_TOUCH"].eq("DIED").fillna(False).to_numpy()]
    c["council"] = data.council_of(c)
    return c


def _oc3_frame(group: str, test, as_count: bool):
    """A ``frame`` function over OC3 year to date for an age group: ``test`` true, as a percentage or a count."""
    lo, hi = AGE_GROUPS[group]

    def frame(data: MeasureData, quarter: Quarter) -> pd.DataFrame:
        c = oc3_ytd(data, quarter)
        if c is None:
            return _frames.unavailable(data, f"no OC3 return for {quarter.return_year}")
        c = c.loc[c["age"].between(lo, hi)]
        hits, everyone = _frames.grouped(data, c, test(c)), _frames.grouped(data, c)
        if as_count:
            return _frames.count_frame(data, hits, shares=everyone)
        return _frames.percent_frame(data, hits, everyone)

    return frame


def _oc3_percent(group: str, test):
    return _oc3_frame(group, test, as_count=False)


def _oc3_count(group: str, test):
    return _oc3_frame(group, test, as_count=True)


def _activ(codes):
    return lambda c: c["ACTIV"].isin(codes).fillna(False).to_numpy()


def _suitable(c: pd.DataFrame) -> np.ndarray:
    return c["ACCOM"].astype("string").str.endswith("1").fillna(False).to_numpy()


def _in_touch(c: pd.DataFrame) -> np.ndarray:
    return c["IN_TOUCH"].eq("YES").fillna(False).to_numpy()


def _staying_put(c: pd.DataFrame) -> np.ndarray:
    return c["ACCOM"].astype("string").str.startswith("Z").fillna(False).to_numpy()


def p5_4_frame(data: MeasureData, quarter: Quarter) -> pd.DataFrame:
    """P5.4: % of young people aged 16+ ceasing care (year to date) who returned home (REC E4A, E4B, E13)."""
    c = ceased_ytd(data, quarter)
    c = c.loc[c["age"] >= 16]
    return _frames.percent_frame(data, _frames.grouped(data, c, c["rec"].isin(RETURNED_HOME_REC).fillna(False)),
                                 _frames.grouped(data, c))


_OC3 = "DfE SSDA903 OC3 care leavers module; Children looked after in England, care leavers tables"

def _ordinal(n: int) -> str:
    """17 -> "17th", 21 -> "21st", 22 -> "22nd"."""
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


for _id, _pledge, _title, _group, _test, _pol, _num, _dfe in (
    ("P2.12", _P2, "% 16-18 year old care leavers that are NEET", "17-18", _activ(NEET), "lower_is_better", "NEET",
     DfeFigure(CARE_LEAVERS_ACTIVITY, "care_leaver_percent",
               ("17 to 18 years | Total not in education, employment or training",), "percent", "NEET",
               "care leavers aged 17-18 (OC3)", OC3_NOTE + " Our title says 16-18: the OC3 records 17-18.")),
    ("P2.12a", _P2, "% 17-18 year old care leavers in education, employment or training", "17-18", _activ(EET),
     "higher_is_better", "in education, employment or training",
     DfeFigure(CARE_LEAVERS_ACTIVITY, "care_leaver_percent",
               ("17 to 18 years | Total in education, employment or training",), "percent",
               "in education, employment or training", "care leavers aged 17-18 (OC3)", OC3_NOTE)),
    ("P2.13", _P2, "% of care leavers accessing higher education (university)", "19-21", _activ(HIGHER_EDUCATION),
     "higher_is_better", "in higher education",
     DfeFigure(CARE_LEAVERS_ACTIVITY, "care_leaver_percent",
               ("19 to 21 years | Higher education i.e. studies beyond A level",), "percent", "in higher education",
               "care leavers aged 19-21 (OC3)", OC3_NOTE)),
    ("P2.15", _P2, "% 19 - 21 year care leavers NEET", "19-21", _activ(NEET), "lower_is_better", "NEET",
     DfeFigure(CARE_LEAVERS_ACTIVITY, "care_leaver_percent",
               ("19 to 21 years | Total not in education, employment or training",), "percent", "NEET",
               "care leavers aged 19-21 (OC3)", OC3_NOTE)),
    ("P2.15a", _P2, "% 19-21 year old care leavers in education, employment or training", "19-21", _activ(EET),
     "higher_is_better", "in education, employment or training",
     DfeFigure(CARE_LEAVERS_ACTIVITY, "care_leaver_percent",
               ("19 to 21 years | Total in education, employment or training",), "percent",
               "in education, employment or training", "care leavers aged 19-21 (OC3)", OC3_NOTE)),
    ("P5.2", _P5, "% of care leavers in suitable accommodation", "19-21", _suitable, "higher_is_better",
     "in suitable accommodation",
     DfeFigure(CARE_LEAVERS_ACCOMMODATION, "care_leaver_percent",
               ("19 to 21 years | Accommodation considered suitable",), "percent", "in suitable accommodation",
               "care leavers aged 19-21 (OC3)", OC3_NOTE)),
    ("P5.2a", _P5, "% of care leavers aged 17-18 in suitable accommodation", "17-18", _suitable, "higher_is_better",
     "in suitable accommodation",
     DfeFigure(CARE_LEAVERS_ACCOMMODATION, "care_leaver_percent",
               ("17 to 18 years | Accommodation considered suitable",), "percent", "in suitable accommodation",
               "care leavers aged 17-18 (OC3)", OC3_NOTE)),
    ("P5.9", _P5, "% of care leavers aged 17-18 the council is in touch with", "17-18", _in_touch, "higher_is_better",
     "in touch",
     DfeFigure(CARE_LEAVERS_IN_TOUCH, "care_leaver_percent",
               ("17 to 18 years | Local authority in touch with care leaver",), "percent", "in touch",
               "care leavers aged 17-18 (OC3)",
               OC3_NOTE + " The council-level file ends with the 2024 release (year to 31 March 2024).")),
    ("P5.10", _P5, "% of care leavers aged 19-21 the council is in touch with", "19-21", _in_touch, "higher_is_better",
     "in touch",
     DfeFigure(CARE_LEAVERS_IN_TOUCH, "care_leaver_percent",
               ("19 to 21 years | Local authority in touch with care leaver",), "percent", "in touch",
               "care leavers aged 19-21 (OC3)",
               OC3_NOTE + " The council-level file ends with the 2024 release (year to 31 March 2024).")),
):
    lo, hi = AGE_GROUPS[_group]
    register(Measure(
        id=_id, title=_title, pledge=_pledge,
        definition=(f"Care leavers whose {_ordinal(lo)} to {_ordinal(hi)} birthday fell between 1 April and the quarter end "
                    f"(OC3, ages {_group}; deaths excluded): the % {_num}."
                    + (" The OC3 records ages 17-18, not 16." if _id == "P2.12" else "")),
        source=_OC3, period="year_to_date", polarity=_pol, unit="percent", data="SSDA903 OC3",
        frame=_oc3_percent(_group, _test), numerator=_num, denominator=f"care leavers aged {_group} (OC3, year to date)",
        dfe=_dfe,
    ))

register(Measure(
    id="P2.14", title="Number of care leavers in apprenticeships (18+)", pledge=_P2,
    definition="Care leavers aged 18-21 at their birthday between 1 April and the quarter end whose main activity was an apprenticeship (OC3 ACTIV F4/P4).",
    source=_OC3, period="year_to_date", polarity="higher_is_better", unit="count", data="SSDA903 OC3",
    frame=_oc3_count("18-21", _activ(APPRENTICESHIP)), numerator="in an apprenticeship",
    share_of="care leavers aged 18-21 (OC3, year to date)", decimals=0,
    dfe=DfeFigure(CARE_LEAVERS_ACTIVITY, "care_leaver_percent", ("19 to 21 years | In an apprenticeship",), "percent",
                  "in an apprenticeship", "care leavers aged 19-21 (OC3)",
                  OC3_NOTE + " Ours counts ages 18-21; DfE publishes 17-18 and 19-21, so the 19-21 share is used."),
))
register(Measure(
    id="P5.6", title="Number of individuals in staying put arrangement", pledge=_P5,
    definition="Care leavers aged 18-21 at their birthday between 1 April and the quarter end living with their former foster carers (OC3 ACCOM Z1/Z2, staying put).",
    source=_OC3, period="year_to_date", polarity="higher_is_better", unit="count", data="SSDA903 OC3",
    frame=_oc3_count("18-21", _staying_put), numerator="staying put with former foster carers",
    share_of="care leavers aged 18-21 (OC3, year to date)", decimals=0,
    dfe=DfeFigure(CARE_LEAVERS_STAY_PUT, "care_leaver_percent",
                  ("Aged 18 | Total living with former foster carers in the current year",), "percent",
                  "aged 18 living with their former foster carers (staying put)",
                  "those who ceased care in foster care on their 18th birthday and were eligible for care leaver "
                  "support",
                  "Different base: ours is a share of care leavers aged 18-21; DfE's of those who left foster care "
                  "at 18. The council-level file ends with the 2024 release."),
))
register(Measure(
    id="P5.4", title="%/ number of individuals aged 16-18 that return home to parents", pledge=_P5,
    definition="Young people aged 16 or over when they ceased care between 1 April and the quarter end who returned home to parents or relatives (REC E4A, E4B, E13), as a % of all aged 16+ who ceased care.",
    source="DfE SSDA903 REC codes", period="year_to_date", polarity="neutral", unit="percent",
    data="SSDA903 episodes, header", frame=p5_4_frame, numerator="returned home",
    denominator="aged 16+ who ceased care in the year to date",
))
for _id, _title, _unit in (
    ("P5.1", "Number/ % of care leavers with an up to date pathway plan", "percent"),
    ("P5.3", "The number of young people with a CSE plan - All Individuals", "count"),
    ("P5.5", "Number of cared for children who move on to adult services", "count"),
    ("P5.7", "Number of individual offences committed by cared for children", "count"),
):
    register(Measure(id=_id, title=_title, pledge=_P5,
                     definition="Supplied by the council (case records); not in the SSDA903.",
                     source="Council case records", period="snapshot",
                     polarity="higher_is_better" if _id == "P5.1" else ("lower_is_better" if _id in ("P5.3", "P5.7") else "neutral"),
                     unit=_unit, data="council_measures.csv", frame=council_frame(_id),
                     decimals=0 if _unit == "count" else 1))

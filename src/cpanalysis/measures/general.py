"""General measures (scorecard section "General"): how many cared for children and care leavers."""

from __future__ import annotations

import pandas as pd

from ..derive.episodes import cla_at
from ..derive.facts import age_at, care_leaver_eligible
from ..quarters import Quarter
from . import _frames
from .data import MeasureData
from .dfe import CHARACTERISTICS, CLA_ON_31_MARCH, CLA_RATE, QUARTER_END_NOTE, DfeFigure
from .registry import Measure, Result, register

__all__ = ["G1", "G2", "G3", "G4", "care_leavers", "cared_for_children", "cared_for_children_by_quarter", "g1"]


def cared_for_children(episodes: pd.DataFrame, quarter: Quarter) -> int:
    """Number of cared for children at the end of a quarter (scorecard G1).

    Definition (DfE SSDA903 "children looked after at 31 March", applied at
    each quarter end): the number of distinct children with an episode open at
    the end of the quarter's last day, that is ``DECOM <= end`` and (``DEC``
    empty or ``DEC > end``), excluding episodes whose legal status is a short
    break (V3, V4).

    Checked by ``tests/measures/test_general.py`` against a hand-counted
    fixture.

    Parameters
    ----------
    episodes : pandas.DataFrame
        Episodes stitched across return years.
    quarter : Quarter
        The quarter whose last day is the snapshot date.

    Returns
    -------
    int
    """
    open_ = cla_at(episodes, quarter.end)
    return int(episodes.loc[open_, "CHILD"].nunique())


def cared_for_children_by_quarter(episodes: pd.DataFrame, quarters: list[Quarter]) -> pd.DataFrame:
    """G1 for several quarters, oldest first.

    Returns
    -------
    pandas.DataFrame
        Columns ``quarter`` (label), ``quarter_end`` (date) and ``children``.
    """
    return pd.DataFrame(
        {
            "quarter": [q.label for q in quarters],
            "quarter_end": [q.end for q in quarters],
            "children": [cared_for_children(episodes, q) for q in quarters],
        }
    )


def cla_counts(data: MeasureData, quarter: Quarter) -> pd.Series:
    """G1 per council (the denominator of every "share of cared for children")."""
    cla = _frames.cla_at_end(data, quarter.end)
    return _frames.grouped(data, cla)


def g1(data: MeasureData, quarter: Quarter) -> Result:
    """Scorecard G1 for a single council (see :func:`cared_for_children`)."""
    return Result.count(cared_for_children(data.episodes, quarter))


def g1_frame(data: MeasureData, quarter: Quarter) -> pd.DataFrame:
    """Scorecard G1 for every council in the data (see :func:`cared_for_children`)."""
    return _frames.count_frame(data, cla_counts(data, quarter))


def g2_frame(data: MeasureData, quarter: Quarter) -> pd.DataFrame:
    """Scorecard G2: cared for children per 10,000 children aged 0-17.

    Definition (DfE "rate per 10,000 children aged under 18", Children looked
    after in England, methodology): G1 at the quarter end divided by the
    council's 0-17 population from the latest mid-year estimate no later than
    the quarter's calendar year, times 10,000. Population from the documented,
    editable ``population.csv`` (:mod:`cpanalysis.measures.council_inputs`);
    a council without a row there is "not available".
    """
    pop = data.extra.get("population")
    if pop is None:
        return _frames.unavailable(data, "no 0-17 population file")
    n = cla_counts(data, quarter)
    out = _frames.unavailable(data, "council has no 0-17 population in population.csv")
    usable = pop.loc[pop["year"] <= quarter.end.year].sort_values("year")
    latest = usable.drop_duplicates("council_code", keep="last").set_index("council_code")
    for council, code in data.home_council.items():
        if code is None or code not in latest.index:
            continue
        p = float(latest.loc[code, "population_0_17"])
        out.loc[council, ["numerator", "denominator"]] = [int(n[council]), int(p)]
        out.loc[council, "value"] = 10000.0 * n[council] / p
        out.loc[council, "available"] = True
        out.loc[council, "note"] = f"population {int(latest.loc[code, 'year'])}: {latest.loc[code, 'source']}"
    return out


#: Leaving care on a child arrangements or special guardianship order: not counted as a care
#: leaver for G3 (our choice, on top of derive's DfE exclusions; such young people may be
#: "qualifying" care leavers, who are not in the OC3 cohort).
ORDER_REC = frozenset({"E41", "E43", "E44", "E45", "E46", "E47", "E48"})


def care_leavers(data: MeasureData, quarter: Quarter) -> pd.DataFrame:
    """Care leavers aged 16-21 at the quarter end, one row each.

    Definition (Children (Leaving Care) Act 2000; DOMAIN.md section 3): a
    young person aged 16 to 21 at the quarter end, not looked after then, who
    was *eligible* when they left care and is not excluded, both as
    :func:`cpanalysis.derive.care_leaver_eligible` decides (13 weeks in care
    after their 14th birthday with at least one day after their 16th; not
    adopted, died, transferred to another council or home for six months
    before 18), and whose last period of care did not end on a special
    guardianship or child arrangements order (:data:`ORDER_REC`).

    Only young people whose care appears in the data can be found: the data
    must reach back to their 14th birthday (7-8 return years for 21-year-olds).
    """
    end = pd.Timestamp(quarter.end)
    ep = data.episodes
    keys = ["COUNCIL", "CHILD"] if "COUNCIL" in ep.columns else ["CHILD"]
    kids = data.children
    elig = care_leaver_eligible(ep, kids, quarter.end)
    elig = elig.loc[elig["eligible"]]
    per = data.periods
    per = per.loc[~per["short_breaks_only"] & per["start"].le(end)]
    last = per.sort_values("start", kind="stable").drop_duplicates(keys, keep="last")
    last = last.loc[last["end"].notna() & last["end"].le(end)]
    got = last.merge(elig[keys], on=keys).merge(kids[keys + ["DOB"]], on=keys)
    got["age"] = age_at(got["DOB"], quarter.end)
    keep = got["age"].between(16, 21) & ~got["rec"].isin(ORDER_REC).fillna(False)
    out = got.loc[keep].copy()
    out["council"] = data.council_of(out)
    return out


def g3_frame(data: MeasureData, quarter: Quarter) -> pd.DataFrame:
    """Scorecard G3: number of care leavers aged 16-21 at the quarter end (see :func:`care_leavers`)."""
    cl = care_leavers(data, quarter)
    note = ""
    if data.years and quarter.year - data.years[0] < 7:
        note = (f"the data start in {data.years[0]}-{(data.years[0] + 1) % 100:02d}: care leavers "
                "who left before then are missing, so this is an undercount")
    return _frames.count_frame(data, _frames.grouped(data, cl), note=note)


def g4_frame(data: MeasureData, quarter: Quarter) -> pd.DataFrame:
    """G4: cared for children at the quarter end who are unaccompanied asylum-seeking children.

    Definition (SSDA903 UASC module): looked after at the quarter end
    (:func:`cpanalysis.derive.cla_at`) with a UASC record whose date the
    child ceased to be UASC (``DUC``) is empty or after the quarter end.
    """
    u = data.table("uasc")
    if u is None:
        return _frames.unavailable(data, "no UASC table in the data")
    cla = _frames.cla_at_end(data, quarter.end)
    keys = ["COUNCIL", "CHILD"] if "COUNCIL" in cla.columns else ["CHILD"]
    end = pd.Timestamp(quarter.end)
    uu = u.loc[u["DUC"].isna() | (u["DUC"] > end), keys].drop_duplicates()
    hit = cla.merge(uu, on=keys)
    return _frames.count_frame(data, _frames.grouped(data, hit), shares=_frames.grouped(data, cla))


G1 = register(
    Measure(
        id="G1",
        title="Number of cared for children",
        pledge="General",
        definition=(
            "Children looked after at the end of the quarter: an episode of care that started "
            "on or before the last day of the quarter and had not ended by then. Children "
            "on short breaks only (legal status V3 or V4) are not counted."
        ),
        source="DfE SSDA903 guidance, children looked after at 31 March, applied at quarter end",
        period="snapshot",
        polarity="neutral",
        unit="count",
        data="SSDA903 episodes",
        compute=g1,
        frame=g1_frame,
        numerator="children looked after at the quarter end",
        decimals=0,
        dfe=DfeFigure(CLA_RATE, "children_count", (CLA_ON_31_MARCH,), "count",
                      "children looked after on 31 March", "none (a count)", QUARTER_END_NOTE),
    )
)

G2 = register(Measure(
    id="G2", title="Rate per 10,000 cared for children", pledge="General",
    definition=("Cared for children at the quarter end (G1) per 10,000 children aged 0-17 living in "
                "the council area (latest ONS mid-year estimate in population.csv)."),
    source="DfE Children looked after in England, rate per 10,000 children aged under 18",
    period="snapshot", polarity="neutral", unit="rate_per_10000",
    data="SSDA903 episodes; population.csv (ONS mid-year estimates)", frame=g2_frame,
    numerator="cared for children at the quarter end", denominator="children aged 0-17 (ONS)",
    dfe=DfeFigure(CLA_RATE, "rate_per_10000", (CLA_ON_31_MARCH,), "rate_per_10000",
                  "children looked after on 31 March", "ONS mid-year estimate of children aged 0-17 for the previous "
                  "calendar year (population_estimate), per 10,000",
                  QUARTER_END_NOTE + " DfE divides the 31 March count by the ONS mid-year population of the year "
                  "before (mid-2024 for 31 March 2025)."),
))

G3 = register(Measure(
    id="G3", title="Number of care leavers", pledge="General",
    definition=("Young people aged 16-21 at the quarter end who left care after being looked after "
                "for 13 weeks since their 14th birthday (with a day after their 16th), not adopted, "
                "under special guardianship, transferred, died or home for six months before 18."),
    source="Children (Leaving Care) Act 2000 eligibility; DfE SSDA903 OC3 guidance",
    period="snapshot", polarity="neutral", unit="count", data="SSDA903 episodes, header",
    frame=g3_frame, numerator="care leavers aged 16-21", decimals=0,
))

G4 = register(Measure(
    id="G4", title="Number of unaccompanied asylum-seeking cared for children", pledge="General",
    definition="Cared for children at the quarter end recorded as unaccompanied asylum-seeking children.",
    source="DfE SSDA903 UASC module", period="snapshot", polarity="neutral", unit="count",
    data="SSDA903 episodes, UASC", frame=g4_frame, numerator="UASC looked after at the quarter end",
    share_of="cared for children at the quarter end", decimals=0,
    dfe=DfeFigure(CHARACTERISTICS, "children_percent", ("Unaccompanied asylum-seeking children | UASC",), "percent",
                  "UASC looked after on 31 March", "all children looked after on 31 March",
                  QUARTER_END_NOTE + " Compared as a share of cared for children."),
))

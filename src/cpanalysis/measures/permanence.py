"""Pledge 3, achieving permanence and staying safe: placements, moves, stability, adoption.

Placement types follow the SSDA903 PLACE codes (DOMAIN.md section 2.1); the
groups used by the scorecard are :data:`PLACEMENT_GROUPS`, our documented
choice. Placements and moves use derive's placement counting rule
(:class:`cpanalysis.derive.PlacementRule`): a move is a change of carer;
temporary placements (T0-T4) and the return from them, and adoption by the
current foster carer (A3/A5 with RNE T or U), are not moves.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..derive.episodes import SHORT_BREAK_LS
from ..derive.facts import age_at
from ..derive.geography import add_geography
from ..quarters import Quarter
from . import _frames
from ._frames import council_frame
from .data import MeasureData, memoised
from .dfe import CEASED, CHARACTERISTICS, PLACEMENT_STABILITY, QUARTER_END_NOTE, YEAR_TO_DATE_NOTE, DfeFigure
from .registry import Measure, register

__all__ = [
    "A1_THRESHOLD_DAYS", "PLACEMENT_GROUPS", "adoption_timings", "distance_miles", "long_term_stability",
    "placement_group", "short_term_stability",
]

FOSTER_OTHER = ("U4", "U5", "U6")
CONNECTED = ("U1", "U2", "U3")
RESIDENTIAL = ("K1", "K2", "R1", "H5", "K3")
ADOPTION = ("A3", "A4", "A5", "A6")
OWN_LA = ("PR1",)

#: Scorecard placement groups (our documented grouping of SSDA903 PLACE codes).
PLACEMENT_GROUPS = {
    "In-house foster care": "U4-U6 with provider PR1 (own council)",
    "External foster care": "U4-U6 with provider PR2-PR5 (other council, agency, voluntary)",
    "Connected carers (family and friends)": "U1-U3",
    "Residential": "K1, K2, R1, H5, K3 (secure and children's homes, semi-independent / supported)",
    "Placed for adoption": "A3-A6",
    "Placed with parents": "P1",
    "Residential school": "S1",
    "Independent living": "P2",
    "Custody": "R5",
    "Other": "any other code",
}

#: DfE adoption scorecard threshold for "waited less than 14 months" (426 days).
A1_THRESHOLD_DAYS = 426


def placement_group(place: pd.Series, provider: pd.Series) -> np.ndarray:
    """Scorecard placement group of each PLACE / PLACE_PROVIDER pair (:data:`PLACEMENT_GROUPS`)."""
    pl = place.astype(object).to_numpy()
    pr = provider.astype(object).to_numpy()
    foster = np.isin(pl, FOSTER_OTHER)
    own = np.isin(pr, OWN_LA)
    conds = [foster & own, foster & ~own, np.isin(pl, CONNECTED), np.isin(pl, RESIDENTIAL),
             np.isin(pl, ADOPTION), pl == "P1", pl == "S1", pl == "P2", pl == "R5"]
    names = list(PLACEMENT_GROUPS)[:-1]
    return np.select(conds, names, default="Other").astype(object)


def _snapshot_count(condition):
    """Frame function: cared for children at the quarter end whose open episode meets ``condition``."""

    def frame(data: MeasureData, quarter: Quarter) -> pd.DataFrame:
        cla = _frames.cla_at_end(data, quarter.end)
        hit = condition(cla)
        return _frames.count_frame(data, _frames.grouped(data, cla, hit), shares=_frames.grouped(data, cla))

    return frame


def _grp(name: str):
    return lambda cla: placement_group(cla["PLACE"], cla["PLACE_PROVIDER"]) == name


# -- distance and out of borough ------------------------------------------------

def _geography(data: MeasureData, frame: pd.DataFrame) -> pd.DataFrame | None:
    """``frame`` with derive's geography columns: as built, or worked out from the lookup.

    One implementation of the DfE distance and of the receiving council:
    :func:`cpanalysis.derive.geography.add_geography` (run by ``cpanalysis
    build``); ``None`` when there is no postcode lookup at all.
    """
    if "distance_miles" in frame.columns and "placed_council" in frame.columns:
        return frame
    pc = data.extra.get("postcodes")
    if pc is None:
        return None
    return add_geography(frame, pc, data.home_council)


def distance_miles(data: MeasureData, frame: pd.DataFrame) -> pd.Series | None:
    """Straight-line miles from HOME_POST to PL_POST (DfE's method), ``None`` without a lookup.

    See :func:`cpanalysis.derive.geography.add_geography` (OS grid
    easting/northing of each postcode, ONS Postcode Directory); missing where
    either postcode is unknown.
    """
    geo = _geography(data, frame)
    return None if geo is None else geo["distance_miles"].astype(float)


def placement_council(data: MeasureData, frame: pd.DataFrame) -> pd.Series | None:
    """The council each placement postcode lies in, ``None`` without a lookup."""
    geo = _geography(data, frame)
    return None if geo is None else geo["placed_council"]


def p3_4_frame(data: MeasureData, quarter: Quarter) -> pd.DataFrame:
    """P3.4: % of cared for children placed more than 20 miles from home.

    Definition (DfE, Children looked after in England, "distance between home
    and placement"): straight-line distance between the home postcode
    (HOME_POST) and the placement postcode (PL_POST) over 20 miles, as a
    percentage of children looked after at the quarter end whose distance is
    known (both postcodes found in the lookup).
    """
    cla = _frames.cla_at_end(data, quarter.end)
    d = distance_miles(data, cla)
    if d is None:
        return _frames.unavailable(data, "no postcode lookup supplied (postcodes.csv)")
    known = d.notna().to_numpy()
    return _frames.percent_frame(data, _frames.grouped(data, cla, known & (d > 20).to_numpy()),
                                 _frames.grouped(data, cla, known))


def p3_4a_frame(data: MeasureData, quarter: Quarter) -> pd.DataFrame:
    """P3.4a: cared for children placed outside the council's area (out of borough).

    The council of the placement postcode differs from the council's own code
    (:attr:`MeasureData.home_council`); shown as a share of children whose
    placement postcode is known.
    """
    cla = _frames.cla_at_end(data, quarter.end)
    pcode = placement_council(data, cla)
    if pcode is None:
        return _frames.unavailable(data, "no postcode lookup supplied (postcodes.csv)")
    home = pd.Series(data.council_of(cla), index=cla.index).map(data.home_council)
    if home.isna().all():
        return _frames.unavailable(data, "the council's own code is not known")
    known = pcode.notna().to_numpy()
    oob = known & (pcode.to_numpy(dtype=object) != home.to_numpy(dtype=object))
    return _frames.count_frame(data, _frames.grouped(data, cla, oob), shares=_frames.grouped(data, cla, known))


# -- moves ---------------------------------------------------------------------------

def moves_in(data: MeasureData, start, end) -> pd.DataFrame:
    """Episodes that are placement moves starting between ``start`` and ``end`` (inclusive).

    A move is derive's ``is_move`` (a change of carer under the placement
    counting rule), in an episode that is not a short break.
    """
    ep = data.episodes
    s, e = pd.Timestamp(start), pd.Timestamp(end)
    m = ep["is_move"].to_numpy(dtype=bool) & (ep["DECOM"] >= s).to_numpy() & (ep["DECOM"] <= e).to_numpy()
    m &= ~ep["LS"].isin(SHORT_BREAK_LS).to_numpy()
    out = ep.loc[m].copy()
    out["council"] = data.council_of(out)
    return out


def p3_7_frame(data: MeasureData, quarter: Quarter) -> pd.DataFrame:
    """P3.7: number of children who moved home (placement) in the quarter.

    Distinct children with at least one placement move (change of carer,
    derive's counting rule) starting in the quarter.
    """
    mv = moves_in(data, quarter.start, quarter.end)
    keys = ["COUNCIL", "CHILD"] if "COUNCIL" in mv.columns else ["CHILD"]
    return _frames.count_frame(data, _frames.grouped(data, mv.drop_duplicates(keys)))


def p3_7a_frame(data: MeasureData, quarter: Quarter) -> pd.DataFrame:
    """P3.7a: number of placement moves in the quarter ("107 moves for 91 children")."""
    return _frames.count_frame(data, _frames.grouped(data, moves_in(data, quarter.start, quarter.end)))


# -- stability (DfE) ------------------------------------------------------------------

def _placements_clean(data: MeasureData) -> pd.DataFrame:
    """Placements (derive's rule) without those made only of short-break episodes."""
    ep = data.episodes
    sb = ep["LS"].isin(SHORT_BREAK_LS).groupby(ep["placement_id"]).all()
    pl = data.placements
    return pl.loc[~pl["placement_id"].map(sb).fillna(False).to_numpy(dtype=bool)]


@memoised
def short_term_stability(data: MeasureData, when) -> pd.DataFrame:
    """Placements in the 12 months to ``when`` of each child looked after at ``when``.

    DfE "short-term placement stability" (Children looked after in England,
    national table "placement stability"; formerly NI 62): children looked
    after at 31 March with three or more placements during the year. Here the
    year is the 12 months ending ``when``; placements follow derive's counting
    rule (temporary placements and the returns from them, and adoption by the
    current carer, do not start a placement), short-break placements (V3/V4)
    are not counted, and every placement open on any day of the window counts
    (one open on the first day, started earlier, counts too).

    Returns
    -------
    pandas.DataFrame
        Key columns, ``council`` and ``placements``.
    """
    end = pd.Timestamp(when)
    start = end - pd.DateOffset(years=1) + pd.Timedelta(days=1)
    cla = _frames.cla_at_end(data, when)
    keys = ["COUNCIL", "CHILD"] if "COUNCIL" in cla.columns else ["CHILD"]
    pl = _placements_clean(data)
    m = (pl["start"] <= end) & (pl["end"].isna() | (pl["end"] > start))
    counts = pl.loc[m].groupby(keys, observed=True).size().rename("placements").reset_index()
    out = cla[keys + ["council"]].merge(counts, on=keys, how="left")
    out["placements"] = out["placements"].fillna(0).astype("int64")
    return out


def p3_19_frame(data: MeasureData, quarter: Quarter) -> pd.DataFrame:
    """P3.19: % of cared for children with 3 or more placements in the last 12 months (DfE short-term stability)."""
    if not data.window_covered(_frames.rolling_start(quarter)):
        return _frames.unavailable(data, "the 12 months before the quarter end start before the data")
    st = short_term_stability(data, quarter.end)
    return _frames.percent_frame(data, _frames.grouped(data, st, st["placements"] >= 3),
                                 _frames.grouped(data, st))


def long_term_stability(data: MeasureData, when) -> pd.DataFrame:
    """The long-term stability cohort at ``when`` and who is stable.

    DfE "long-term placement stability" (Children looked after in England,
    placement stability table; formerly NI 63): children aged under 16 at 31
    March who had been looked after continuously for at least 2.5 years, and
    of them those living in the same placement for at least 2 years, or placed
    for adoption where the adoptive placement and the one before it together
    lasted at least 2 years. "Same placement" is derive's placement (same
    carer): a temporary placement and return, or adoption by the foster carer
    (A3/A5 with RNE T/U), does not break it.

    Returns
    -------
    pandas.DataFrame
        Key columns, ``council`` and ``stable`` (bool), one row per child in
        the cohort.
    """
    end = pd.Timestamp(when)
    cla = _frames.cla_at_end(data, when)
    keys = ["COUNCIL", "CHILD"] if "COUNCIL" in cla.columns else ["CHILD"]
    per = data.periods.set_index("period_id")["start"]
    cla["period_begin"] = cla["period_id"].map(per)
    cohort = cla.loc[(cla["age"] < 16) & (cla["period_begin"] <= end - pd.DateOffset(months=30))].copy()
    pl = data.placements.set_index("placement_id")
    cohort["placement_begin"] = cohort["placement_id"].map(pl["start"])
    two = end - pd.DateOffset(years=2)
    stable = cohort["placement_begin"] <= two
    # Placed for adoption with a new carer: the adoptive placement and the one before.
    prev_id = cohort["placement_id"] - 1
    prev_same_period = prev_id.map(pl["period_id"]).eq(cohort["period_id"])
    prev_begin = prev_id.map(pl["start"])
    adopt = cohort["PLACE"].isin(ADOPTION)
    stable |= adopt & prev_same_period & (prev_begin <= two)
    cohort["stable"] = stable.fillna(False).astype(bool)
    return cohort[keys + ["council", "stable"]]


def p3_20_frame(data: MeasureData, quarter: Quarter) -> pd.DataFrame:
    """P3.20: % of long-term cared for children under 16 in the same placement 2+ years (DfE long-term stability)."""
    lt = long_term_stability(data, quarter.end)
    note = ""
    if not data.window_covered((pd.Timestamp(quarter.end) - pd.DateOffset(months=30)).date()):
        note = "the data start less than 2.5 years before the quarter end: periods begun earlier are read as the data give them"
    return _frames.percent_frame(data, _frames.grouped(data, lt, lt["stable"]), _frames.grouped(data, lt), note=note)


# -- ceasing care (year to date) --------------------------------------------------------

@memoised
def ceased_ytd(data: MeasureData, quarter: Quarter) -> pd.DataFrame:
    """Children who ceased to be looked after from 1 April to the quarter end, one row each.

    DfE "children who ceased to be looked after during the year": periods of
    care (not made only of short breaks) ending in the window; a child who
    ceased twice is counted once, at the last time. Adds ``age`` at ceasing
    when the header is present.
    """
    s, e = _frames.ytd_window(quarter)
    per = data.periods
    keys = ["COUNCIL", "CHILD"] if "COUNCIL" in per.columns else ["CHILD"]
    m = ~per["short_breaks_only"] & per["end"].notna() & (per["end"] >= s) & (per["end"] <= e)
    out = per.loc[m].sort_values("end", kind="stable").drop_duplicates(keys, keep="last").copy()
    if data.table("header") is not None:
        out = out.merge(data.children[keys + ["DOB"]], on=keys, how="left")
        out["age"] = age_at(pd.to_datetime(out["DOB"]), out["end"])
    out["council"] = data.council_of(out)
    return out


def _ceased_percent(recs: frozenset[str], min_age: int | None = None):
    def frame(data: MeasureData, quarter: Quarter) -> pd.DataFrame:
        c = ceased_ytd(data, quarter)
        if min_age is not None:
            c = c.loc[c["age"] >= min_age]
        return _frames.percent_frame(data, _frames.grouped(data, c, c["rec"].isin(recs).fillna(False)),
                                     _frames.grouped(data, c))

    return frame


SGO_REC = frozenset({"E43", "E44", "E45", "E46", "E47", "E48"})
ADOPTED_REC = frozenset({"E11", "E12"})
INDEPENDENCE_REC = frozenset({"E5", "E6"})


# -- adoption timeliness ------------------------------------------------------------------

@memoised
def adoption_timings(data: MeasureData, quarter: Quarter) -> pd.DataFrame:
    """Children adopted in the year to date with the DfE adoption scorecard intervals.

    * A1 (``a1_days``): days from entering care (start of the period of care
      that ended in adoption) to moving in with the adoptive family (the
      first episode of that period placed for adoption, PLACE A3-A6).
    * A10 (``a10_days``): as A1, but when the child was adopted by their
      foster carer (AD1 ``FOSTER_CARE`` = 1) counting to the start of the
      placement with that carer (derive's placement, which adoption by the
      carer does not break).
    * A2 (``a2_days``): days from the placement order (first episode of the
      period with legal status E1, or D1 freeing order) to the match with
      the adopters (AD1 ``DATE_MATCH``).

    Source: DfE adoption scorecard / "Children looked after in England"
    adoption tables, indicators A1, A2 and A10.
    """
    c = ceased_ytd(data, quarter)
    c = c.loc[c["rec"].isin(ADOPTED_REC).fillna(False)].copy()
    if c.empty:  # no adoption yet this year: the same columns, no rows
        empty = pd.Series(dtype="float64")
        return c.assign(a1_days=empty, a10_days=empty, a2_days=empty, council=pd.Series(dtype=object))
    keys = ["COUNCIL", "CHILD"] if "COUNCIL" in c.columns else ["CHILD"]
    ep = data.episodes
    ep_ad = ep.loc[ep["PLACE"].isin(ADOPTION).fillna(False)].drop_duplicates("period_id", keep="first")
    placed = ep_ad.set_index("period_id")
    c["placed_date"] = c["period_id"].map(placed["DECOM"])
    c["placed_placement"] = c["period_id"].map(placed["placement_id"])
    c["a1_days"] = (c["placed_date"] - c["start"]).dt.days
    pl = data.placements.set_index("placement_id")["start"]
    ad1 = data.table("ad1")
    if ad1 is not None:
        a = ad1.sort_values("YEAR", kind="stable").drop_duplicates(keys, keep="last") if "YEAR" in ad1 else ad1
        c = c.merge(a[keys + ["DATE_MATCH", "FOSTER_CARE"]], on=keys, how="left")
        by_carer = c["FOSTER_CARE"].astype("string").eq("1").fillna(False)
    else:
        c["DATE_MATCH"] = pd.NaT
        by_carer = pd.Series(False, index=c.index)
    a10_start = c["placed_placement"].map(pl).where(by_carer.to_numpy(), c["placed_date"])
    c["a10_days"] = (a10_start - c["start"]).dt.days
    order = ep.loc[ep["LS"].isin(["E1", "D1"]).fillna(False)].drop_duplicates("period_id", keep="first")
    c["order_date"] = c["period_id"].map(order.set_index("period_id")["DECOM"])
    c["a2_days"] = (pd.to_datetime(c["DATE_MATCH"]) - c["order_date"]).dt.days
    c["council"] = data.council_of(c)
    return c


def _adoption_mean(col: str, need_ad1: bool = False):
    def frame(data: MeasureData, quarter: Quarter) -> pd.DataFrame:
        if need_ad1 and data.table("ad1") is None:
            return _frames.unavailable(data, "no AD1 table in the data")
        a = adoption_timings(data, quarter)
        a = a.loc[a[col].notna()]
        return _frames.mean_frame(data, a["council"].to_numpy(), a[col].to_numpy(dtype=float))

    return frame


def p3_14_frame(data: MeasureData, quarter: Quarter) -> pd.DataFrame:
    """P3.14: % of children adopted (year to date) who moved in with their adopters within 14 months (A1 < 426 days)."""
    a = adoption_timings(data, quarter)
    a = a.loc[a["a1_days"].notna()]
    return _frames.percent_frame(data, _frames.grouped(data, a, a["a1_days"] < A1_THRESHOLD_DAYS),
                                 _frames.grouped(data, a))


def p3_12_frame(data: MeasureData, quarter: Quarter) -> pd.DataFrame:
    """P3.12: cared for children at the quarter end with a decision that they should be placed for adoption.

    SSDA903 "placed for adoption" module: ``DATE_PLACED`` (date of the
    decision) on or before the quarter end and the decision not ceased
    (``DATE_PLACED_CEASED`` empty or after the quarter end).
    """
    pa = data.table("placed_adoption")
    if pa is None:
        return _frames.unavailable(data, "no placed-for-adoption table in the data")
    end = pd.Timestamp(quarter.end)
    cla = _frames.cla_at_end(data, quarter.end)
    keys = ["COUNCIL", "CHILD"] if "COUNCIL" in cla.columns else ["CHILD"]
    open_ = pa.loc[(pa["DATE_PLACED"] <= end) & (pa["DATE_PLACED_CEASED"].isna() | (pa["DATE_PLACED_CEASED"] > end)),
                   keys].drop_duplicates()
    hit = cla.merge(open_, on=keys)
    return _frames.count_frame(data, _frames.grouped(data, hit), shares=_frames.grouped(data, cla))


_SHARE = "cared for children at the quarter end"

for _id, _title, _def, _cond, _pol, _dfe in (
    ("P3.1", "Number of cared for children in internal foster care",
     "Cared for children at the quarter end in foster care with the council's own carers (PLACE U4-U6, provider PR1).",
     _grp("In-house foster care"), "higher_is_better", None),
    ("P3.2", "Number of cared for children in external foster care",
     "Cared for children at the quarter end in foster care with another council's, an agency's or a voluntary "
     "provider's carers (PLACE U4-U6, provider PR2-PR5).", _grp("External foster care"), "lower_is_better", None),
    ("P3.3", "Number of children and young people in residential care",
     "Cared for children at the quarter end in secure units, children's homes, residential care homes or "
     "semi-independent / supported accommodation (PLACE K1, K2, R1, H5, K3).", _grp("Residential"), "lower_is_better",
     DfeFigure(CHARACTERISTICS, "children_percent",
               ("Placement | Secure homes and children's homes", "Placement | Other residential settings",
                "Placement | Independent and semi-independent living arrangements/supported accommodation"), "percent",
               "secure homes and children's homes + other residential settings + independent and semi-independent "
               "living / supported accommodation", "all children looked after on 31 March",
               QUARTER_END_NOTE + " Our residential group (PLACE K1, K2, R1, H5, K3) spans three DfE placement groups; "
               "the share is worked out from their published counts, so any suppressed part leaves it c.")),
    ("P3.5", "Number of children matched to current placement",
     "Cared for children at the quarter end in a placement matched as long-term fostering (PLACE U1 or U4).",
     lambda cla: cla["PLACE"].isin(["U1", "U4"]).fillna(False).to_numpy(), "higher_is_better", None),
    ("P3.9", "Number of children placed with parents",
     "Cared for children at the quarter end placed with their parents or others with parental responsibility (PLACE P1).",
     _grp("Placed with parents"), "lower_is_better",
     DfeFigure(CHARACTERISTICS, "children_percent",
               ("Placement | Placed with parents or other person with parental responsibility",), "percent",
               "placed with parents (PLACE P1)", "all children looked after on 31 March",
               QUARTER_END_NOTE + " Compared as a share of cared for children.")),
    ("P3.10", "Number of children in care living with Family & Friends",
     "Cared for children at the quarter end fostered by relatives or friends, connected carers (PLACE U1-U3).",
     _grp("Connected carers (family and friends)"), "higher_is_better", None),
    ("P2.10", "Number of children living in educational/ residential provision",
     "Cared for children at the quarter end placed in a residential school (PLACE S1).",
     _grp("Residential school"), "neutral",
     DfeFigure(CHARACTERISTICS, "children_percent", ("Placement | Residential schools",), "percent",
               "placed in residential schools (PLACE S1)", "all children looked after on 31 March",
               QUARTER_END_NOTE + " Compared as a share of cared for children, worked out from the published counts "
               "(DfE's percentage is k, under 0.5%, for England).", from_counts=True)),
):
    register(Measure(
        id=_id, title=_title, pledge="Priority 2 - Improved Education, Employment and Training" if _id.startswith("P2")
        else "Priority 3 - Achieving Permanence and Staying Safe",
        definition=_def, source="DfE SSDA903 guidance, PLACE and PLACE_PROVIDER codes; grouping ours (docs/measures.md)",
        period="snapshot", polarity=_pol, unit="count", data="SSDA903 episodes", frame=_snapshot_count(_cond),
        numerator="cared for children in the placement type", share_of=_SHARE, decimals=0, dfe=_dfe,
    ))

_P3 = "Priority 3 - Achieving Permanence and Staying Safe"

register(Measure(
    id="P3.4", title="% cared for children placed over 20 miles from home address", pledge=_P3,
    definition=("Cared for children at the quarter end whose placement is more than 20 miles (straight line) from "
                "their home postcode, as a % of those whose distance is known."),
    source="DfE Children looked after in England, distance between home and placement", period="snapshot",
    polarity="lower_is_better", unit="percent", data="SSDA903 episodes (HOME_POST, PL_POST); postcode lookup",
    frame=p3_4_frame, numerator="placed more than 20 miles from home", denominator="cared for children with both postcodes known",
    dfe=DfeFigure(CHARACTERISTICS, "children_percent",
                  ("Distance between home and placement | Placed more than 20 miles from home",), "percent",
                  "placed more than 20 miles from home",
                  "children looked after on 31 March whose distance is known (total minus 'distance not known')",
                  QUARTER_END_NOTE + " DfE's published percentage counts children whose distance is not known in its "
                  "base; ours leaves them out, so the comparator is worked out from the counts the same way.",
                  base_minus=("Distance between home and placement | Distance not known or not recorded",)),
))
register(Measure(
    id="P3.4a", title="Number of cared for children placed out of borough", pledge=_P3,
    definition="Cared for children at the quarter end whose placement postcode lies outside the council's area.",
    source="DfE SSDA903 PL_POST with the ONS Postcode Directory (laua)", period="snapshot",
    polarity="lower_is_better", unit="count", data="SSDA903 episodes (PL_POST); postcode lookup",
    frame=p3_4a_frame, numerator="placed outside the council's area",
    share_of="cared for children whose placement postcode is known", decimals=0,
    dfe=DfeFigure(CHARACTERISTICS, "children_percent",
                  ("Locality of placement | Placed outside the local authority boundary",), "percent",
                  "placed outside the council's boundary", "all children looked after on 31 March",
                  QUARTER_END_NOTE + " Ours is a share of children whose placement postcode is known; DfE's of all."),
))
register(Measure(
    id="P3.6", title="Number of children who require a long term home", pledge=_P3,
    definition="Children whose care plan is a long-term home not yet found (from the council's care-planning records).",
    source="Council care-planning records", period="snapshot", polarity="lower_is_better", unit="count",
    data="council_measures.csv", frame=council_frame("P3.6"), decimals=0,
))
register(Measure(
    id="P3.7", title="Number of children that moved homes in the quarter", pledge=_P3,
    definition=("Children with at least one placement move (a change of carer) in the quarter. Temporary placements "
                "(hospital, holiday, respite) and the return from them, and adoption by the foster carer, are not moves."),
    source="DfE SSDA903 RNE codes P and B; counting rule documented in docs/data.md", period="snapshot",
    polarity="lower_is_better", unit="count", data="SSDA903 episodes", frame=p3_7_frame,
    numerator="children who moved placement in the quarter", decimals=0,
))
register(Measure(
    id="P3.7a", title="Number of placement moves in the quarter", pledge=_P3,
    definition="Placement moves (changes of carer) that started in the quarter, counted under the same rule as P3.7.",
    source="DfE SSDA903 RNE codes P and B; counting rule documented in docs/data.md", period="snapshot",
    polarity="lower_is_better", unit="count", data="SSDA903 episodes", frame=p3_7a_frame,
    numerator="placement moves in the quarter", decimals=0,
))
register(Measure(
    id="P3.8", title="Number of stability meetings held", pledge=_P3,
    definition="Placement stability meetings held in the quarter (council records).",
    source="Council records", period="snapshot", polarity="neutral", unit="count",
    data="council_measures.csv", frame=council_frame("P3.8"), decimals=0,
))
register(Measure(
    id="P3.11", title="% of children ceased to be looked after due to granting of special guardianship order (SGO) - year to date figure",
    pledge=_P3, definition="Children who ceased care from 1 April to the quarter end because a special guardianship order was made (REC E43-E48), as a % of all who ceased care.",
    source="DfE SSDA903 REC codes; Children looked after in England, reason ceased", period="year_to_date",
    polarity="higher_is_better", unit="percent", data="SSDA903 episodes", frame=_ceased_percent(SGO_REC),
    numerator="ceased care by SGO", denominator="children who ceased care in the year to date",
    dfe=DfeFigure(CEASED, "children_percent", ("Reason episode ceased | Special guardianship orders",), "percent",
                  "ceased by special guardianship order", "all children who ceased to be looked after in the year",
                  YEAR_TO_DATE_NOTE),
))
register(Measure(
    id="P3.12", title="Number of children with an adoption decision", pledge=_P3,
    definition="Cared for children at the quarter end with a decision that they should be placed for adoption, not reversed.",
    source="DfE SSDA903 placed for adoption module (DATE_PLACED, DATE_PLACED_CEASED)", period="snapshot",
    polarity="neutral", unit="count", data="SSDA903 placed for adoption", frame=p3_12_frame,
    share_of=_SHARE, decimals=0,
))
register(Measure(
    id="P3.13", title="% of children ceased to be looked after due to adoption - year to date figure",
    pledge=_P3, definition="Children who ceased care from 1 April to the quarter end because they were adopted (REC E11, E12), as a % of all who ceased care.",
    source="DfE SSDA903 REC codes; Children looked after in England, reason ceased", period="year_to_date",
    polarity="higher_is_better", unit="percent", data="SSDA903 episodes", frame=_ceased_percent(ADOPTED_REC),
    numerator="ceased care by adoption", denominator="children who ceased care in the year to date",
    dfe=DfeFigure(CEASED, "children_percent", ("Reason episode ceased | Adopted",), "percent",
                  "ceased by adoption", "all children who ceased to be looked after in the year", YEAR_TO_DATE_NOTE),
))
register(Measure(
    id="P3.14", title="% children who wait less than 14 months between entering care and moving in with adoptive family",
    pledge=_P3, definition="Of children adopted from 1 April to the quarter end, the % who moved in with their adoptive family less than 14 months (426 days) after entering care (A1 basis).",
    source="DfE adoption scorecard (A1, 14-month threshold)", period="year_to_date", polarity="higher_is_better",
    unit="percent", data="SSDA903 episodes", frame=p3_14_frame,
    numerator="adopted within 14 months of entering care", denominator="children adopted in the year to date",
))
register(Measure(
    id="P3.15", title="Average number of days between entering care and moving in with adoptive family (A1 national indicator)",
    pledge=_P3, definition="Children adopted from 1 April to the quarter end: mean days from the start of their period of care to their first placement for adoption (PLACE A3-A6).",
    source="DfE adoption scorecard A1", period="year_to_date", polarity="lower_is_better", unit="days",
    data="SSDA903 episodes", frame=_adoption_mean("a1_days"), denominator="children adopted in the year to date", decimals=0,
))
register(Measure(
    id="P3.16", title="Average number of days between placement order and match with adoptive family (A2 national indicator)",
    pledge=_P3, definition="Children adopted from 1 April to the quarter end: mean days from the placement order (legal status E1, or D1) to the match with the adopters (AD1 DATE_MATCH).",
    source="DfE adoption scorecard A2", period="year_to_date", polarity="lower_is_better", unit="days",
    data="SSDA903 episodes, AD1", frame=_adoption_mean("a2_days", need_ad1=True),
    denominator="children adopted in the year to date with both dates", decimals=0,
))
register(Measure(
    id="P3.17", title="Average number of days between entering care and moving in with adoptive family/ foster carer who becomes adoptive family",
    pledge=_P3, definition="As A1, but for children adopted by their foster carers counting to the day they moved in with those carers (A10).",
    source="DfE adoption scorecard A10", period="year_to_date", polarity="lower_is_better", unit="days",
    data="SSDA903 episodes, AD1", frame=_adoption_mean("a10_days"), denominator="children adopted in the year to date", decimals=0,
))
register(Measure(
    id="P3.18", title="% of individuals aged 16-18 leaving care through independence", pledge=_P3,
    definition="Young people aged 16 or over when they ceased care from 1 April to the quarter end who moved to independent living (REC E5, E6), as a % of all aged 16+ who ceased care.",
    source="DfE SSDA903 REC codes", period="year_to_date", polarity="neutral", unit="percent",
    data="SSDA903 episodes, header", frame=_ceased_percent(INDEPENDENCE_REC, min_age=16),
    numerator="aged 16+ ceased to independent living", denominator="aged 16+ who ceased care in the year to date",
))
register(Measure(
    id="P3.19", title="% of cared for children with 3 or more placements in the last 12 months (short-term placement stability)",
    pledge=_P3, definition="Cared for children at the quarter end who had 3 or more placements in the 12 months ending then (DfE short-term stability, at the quarter end rather than 31 March).",
    source="DfE Children looked after in England, placement stability (short term)", period="rolling_12_months",
    polarity="lower_is_better", unit="percent", data="SSDA903 episodes", frame=p3_19_frame,
    numerator="3 or more placements in 12 months", denominator="cared for children at the quarter end",
    dfe=DfeFigure(PLACEMENT_STABILITY, "children_percent",
                  ("CLA on 31 March | With 3 or more placements during the year",), "percent",
                  "children with 3 or more placements in the year", "children looked after on 31 March",
                  "DfE's is the year to 31 March; ours is the 12 months to the quarter end."),
))
register(Measure(
    id="P3.20", title="% of children looked after 2.5 years or more in the same placement for 2 years (long-term placement stability)",
    pledge=_P3, definition="Of cared for children under 16 at the quarter end who have been in care for at least 2.5 years, the % living in the same placement for at least 2 years (or placed for adoption where that and the previous placement together lasted 2 years).",
    source="DfE Children looked after in England, placement stability (long term)", period="snapshot",
    polarity="higher_is_better", unit="percent", data="SSDA903 episodes, header", frame=p3_20_frame,
    numerator="same placement 2+ years", denominator="under 16, in care 2.5+ years",
    dfe=DfeFigure(PLACEMENT_STABILITY, "children_percent",
                  ("Children looked after continuously for at least 2.5 years on 31 March aged under 16 years | "
                   "Living with the same carer for at least 2 years",), "percent",
                  "living with the same carer for 2+ years (or placed for adoption, with the placement before, 2+ "
                  "years)", "under 16s looked after continuously for 2.5+ years", QUARTER_END_NOTE),
))



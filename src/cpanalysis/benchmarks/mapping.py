"""Which DfE published figure benchmarks which of our measures.

One :class:`Benchmark` per measure: the scorecard's measure ids
(:data:`cpanalysis.measures.MEASURES`) and the Virtual School's headline
outcome measures (:data:`cpanalysis.virtual_school.outcomes.MEASURES`,
prefixed ``VS.``). Each names the DfE file (``table``), the DfE indicator
column (``indicator``), the breakdown row(s) (the file's filter values joined
with `` | ``, as the importer stores them), how the numerator and denominator
are found, the comparator's unit, the measure's polarity (from the registry)
and a note wherever DfE's definition differs from ours.

The value compared is DfE's **published** figure (as LAIT uses it) whenever
one row gives it. When our definition needs several rows (``rows`` with more
than one breakdown, or ``base_minus``), the value is computed from the
published counts: ``100 * sum(rows) / (total - sum(base_minus))``; any
suppressed part makes the computed value a ``c``.

Measures DfE does not publish by council (in-house / external fostering,
adoption timeliness A1/A2/A10, advocacy, reviews, PEPs, health passports and
the rest) have no entry: their comparators stay "x" (not available).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["BENCHMARKS", "Benchmark", "benchmark", "polarity_of", "vs_polarity"]

_CLA31 = "Children looked after on 31 March each year"
_CHAR = "la_cla_on_31_march_by_characteristics"
_HEALTH = "la_conviction_health_outcome_cla"
_CL12 = "CLA 12 months at 31 March"


@dataclass(frozen=True)
class Benchmark:
    """How one of our measures is benchmarked against DfE's published data.

    Attributes
    ----------
    measure_id : str
        Registry id (``P3.19``) or ``VS.<key>`` for a Virtual School measure.
    table : str
        DfE file (EES name), e.g. ``la_cla_placement_stability``.
    indicator : str
        DfE indicator column (as the latest release names it), e.g. ``children_percent``.
    rows : tuple of str
        Breakdown row(s) the numerator comes from (``group | item``).
    unit : str
        Unit of the comparator value: ``percent`` (0-100), ``count``, ``rate_per_10000``, ``mean``.
    numerator, denominator : str
        In words: where the numerator and the denominator come from.
    note : str
        Where DfE's definition differs from ours (period, ages, base).
    base_minus : tuple of str
        Rows taken off the total to make the base (e.g. distance not known).
    complement : bool
        Compare ``100 - value`` (attendance from DfE's absence rate).
    own_polarity : str
        Polarity of a DfE figure that is not one of our measures (``DfE.`` ids).
    from_counts : bool
        Work the percentage out from the published counts even for one row.
    """

    measure_id: str
    table: str
    indicator: str
    rows: tuple[str, ...]
    unit: str
    numerator: str
    denominator: str
    note: str = ""
    base_minus: tuple[str, ...] = ()
    complement: bool = False
    own_polarity: str = ""
    from_counts: bool = False

    @property
    def computed(self) -> bool:
        """True when the value is worked out from published counts rather than read."""
        return self.from_counts or len(self.rows) > 1 or bool(self.base_minus)

    @property
    def polarity(self) -> str:
        """``higher_is_better``, ``lower_is_better`` or ``neutral``, as our registry says."""
        return self.own_polarity or polarity_of(self.measure_id)


def vs_polarity(key: str) -> str:
    """Polarity of a Virtual School measure (its ``higher_is_better`` flag)."""
    from ..virtual_school.outcomes import MEASURES as VS

    return "higher_is_better" if VS[key].higher_is_better else "lower_is_better"


def polarity_of(measure_id: str) -> str:
    """The polarity our registry gives a measure (``VS.`` ids: the Virtual School's)."""
    if measure_id.startswith("VS."):
        return vs_polarity(measure_id[3:])
    from ..measures.registry import MEASURES

    return MEASURES[measure_id].polarity


def _b(mid: str, table: str, indicator: str, rows: str | tuple[str, ...], unit: str, num: str, den: str,
       note: str = "", **kw) -> Benchmark:
    return Benchmark(mid, table, indicator, (rows,) if isinstance(rows, str) else rows, unit, num, den, note, **kw)


_QUARTER = ("DfE's figure is at 31 March; ours is at the quarter end, so compare the Q4 figure with it.")
_YEAR = ("DfE's figure is for the year to 31 March; ours is the year to date, so only Q4 covers the same period.")
_OC3 = ("DfE counts care leavers whose 17th-21st birthday fell in the year to 31 March; ours counts birthdays "
        "from 1 April to the quarter end.")
_OC2 = "DfE's cohort is children looked after continuously for 12 months at 31 March, as ours."
_ACT = "la_care_leavers_activity"
_SUIT = "la_care_leavers_accommodation_suitability"
_TOUCH = "la_care_leavers_intouch"
_CEASED = "la_children_who_ceased_during_the_year"
_STAB = "la_cla_placement_stability"

#: Every benchmark, by our measure id.
BENCHMARKS: dict[str, Benchmark] = {b.measure_id: b for b in (
    # -- general -------------------------------------------------------------
    _b("G1", "cla_number_and_rate_per_10k_children", "children_count", _CLA31, "count",
       "children looked after on 31 March", "none (a count)", _QUARTER),
    _b("G2", "cla_number_and_rate_per_10k_children", "rate_per_10000", _CLA31, "rate_per_10000",
       "children looked after on 31 March", "ONS mid-year estimate of children aged 0-17 for the previous "
       "calendar year (population_estimate), per 10,000",
       _QUARTER + " DfE divides the 31 March count by the ONS mid-year population of the year before "
       "(mid-2024 for 31 March 2025)."),
    _b("G4", _CHAR, "children_percent", "Unaccompanied asylum-seeking children | UASC", "percent",
       "UASC looked after on 31 March", "all children looked after on 31 March",
       _QUARTER + " Compared as a share of cared for children."),
    # -- permanence ----------------------------------------------------------
    _b("P3.3", _CHAR, "children_percent",
       ("Placement | Secure homes and children's homes", "Placement | Other residential settings",
        "Placement | Independent and semi-independent living arrangements/supported accommodation"), "percent",
       "secure homes and children's homes + other residential settings + independent and semi-independent "
       "living / supported accommodation", "all children looked after on 31 March",
       _QUARTER + " Our residential group (PLACE K1, K2, R1, H5, K3) spans three DfE placement groups; the share "
       "is worked out from their published counts, so any suppressed part leaves it c."),
    _b("P3.9", _CHAR, "children_percent",
       "Placement | Placed with parents or other person with parental responsibility", "percent",
       "placed with parents (PLACE P1)", "all children looked after on 31 March",
       _QUARTER + " Compared as a share of cared for children."),
    _b("P2.10", _CHAR, "children_percent", "Placement | Residential schools", "percent",
       "placed in residential schools (PLACE S1)", "all children looked after on 31 March",
       _QUARTER + " Compared as a share of cared for children, worked out from the published counts (DfE's "
       "percentage is k, under 0.5%, for England).", from_counts=True),
    _b("P3.4", _CHAR, "children_percent", "Distance between home and placement | Placed more than 20 miles from home",
       "percent", "placed more than 20 miles from home",
       "children looked after on 31 March whose distance is known (total minus 'distance not known')",
       _QUARTER + " DfE's published percentage counts children whose distance is not known in its base; ours "
       "leaves them out, so the comparator is worked out from the counts the same way.",
       base_minus=("Distance between home and placement | Distance not known or not recorded",)),
    _b("P3.4a", _CHAR, "children_percent", "Locality of placement | Placed outside the local authority boundary",
       "percent", "placed outside the council's boundary", "all children looked after on 31 March",
       _QUARTER + " Ours is a share of children whose placement postcode is known; DfE's of all."),
    _b("P3.11", _CEASED, "children_percent", "Reason episode ceased | Special guardianship orders", "percent",
       "ceased by special guardianship order", "all children who ceased to be looked after in the year", _YEAR),
    _b("P3.13", _CEASED, "children_percent", "Reason episode ceased | Adopted", "percent",
       "ceased by adoption", "all children who ceased to be looked after in the year", _YEAR),
    _b("P3.19", _STAB, "children_percent", "CLA on 31 March | With 3 or more placements during the year", "percent",
       "children with 3 or more placements in the year", "children looked after on 31 March",
       "DfE's is the year to 31 March; ours is the 12 months to the quarter end."),
    _b("P3.20", _STAB, "children_percent",
       "Children looked after continuously for at least 2.5 years on 31 March aged under 16 years | "
       "Living with the same carer for at least 2 years", "percent",
       "living with the same carer for 2+ years (or placed for adoption, with the placement before, 2+ years)",
       "under 16s looked after continuously for 2.5+ years", _QUARTER),
    # -- care leavers ----------------------------------------------------------
    _b("P2.12", _ACT, "care_leaver_percent", "17 to 18 years | Total not in education, employment or training",
       "percent", "NEET", "care leavers aged 17-18 (OC3)", _OC3 + " Our title says 16-18: the OC3 records 17-18."),
    _b("P2.12a", _ACT, "care_leaver_percent", "17 to 18 years | Total in education, employment or training",
       "percent", "in education, employment or training", "care leavers aged 17-18 (OC3)", _OC3),
    _b("P2.13", _ACT, "care_leaver_percent", "19 to 21 years | Higher education i.e. studies beyond A level",
       "percent", "in higher education", "care leavers aged 19-21 (OC3)", _OC3),
    _b("P2.14", _ACT, "care_leaver_percent", "19 to 21 years | In an apprenticeship", "percent",
       "in an apprenticeship", "care leavers aged 19-21 (OC3)",
       _OC3 + " Ours counts ages 18-21; DfE publishes 17-18 and 19-21, so the 19-21 share is used."),
    _b("P2.15", _ACT, "care_leaver_percent", "19 to 21 years | Total not in education, employment or training",
       "percent", "NEET", "care leavers aged 19-21 (OC3)", _OC3),
    _b("P2.15a", _ACT, "care_leaver_percent", "19 to 21 years | Total in education, employment or training",
       "percent", "in education, employment or training", "care leavers aged 19-21 (OC3)", _OC3),
    _b("P5.2", _SUIT, "care_leaver_percent", "19 to 21 years | Accommodation considered suitable", "percent",
       "in suitable accommodation", "care leavers aged 19-21 (OC3)", _OC3),
    _b("P5.2a", _SUIT, "care_leaver_percent", "17 to 18 years | Accommodation considered suitable", "percent",
       "in suitable accommodation", "care leavers aged 17-18 (OC3)", _OC3),
    _b("P5.9", _TOUCH, "care_leaver_percent", "17 to 18 years | Local authority in touch with care leaver",
       "percent", "in touch", "care leavers aged 17-18 (OC3)",
       _OC3 + " The council-level file ends with the 2024 release (year to 31 March 2024)."),
    _b("P5.10", _TOUCH, "care_leaver_percent", "19 to 21 years | Local authority in touch with care leaver",
       "percent", "in touch", "care leavers aged 19-21 (OC3)",
       _OC3 + " The council-level file ends with the 2024 release (year to 31 March 2024)."),
    _b("P5.6", "la_care_leavers_stayput", "care_leaver_percent",
       "Aged 18 | Total living with former foster carers in the current year", "percent",
       "aged 18 living with their former foster carers (staying put)",
       "those who ceased care in foster care on their 18th birthday and were eligible for care leaver support",
       "Different base: ours is a share of care leavers aged 18-21; DfE's of those who left foster care at 18. "
       "The council-level file ends with the 2024 release."),
    # -- missing (DfE figures with no scorecard twin: P4.8 counts children missing 5+ times) --
    _b("DfE.missing", "la_children_who_were_missing_or_away_from_placement_without_authorisation", "number",
       "Percentage of children who had a missing incident during the year", "percent",
       "children who had a missing incident in the year", "children looked after during the year",
       "Not a scorecard measure: the scorecard's P4.8 counts children missing 5 or more times, which DfE does "
       "not publish. The council-level file ends with the 2024 release.", own_polarity="lower_is_better"),
    _b("DfE.missing_2plus", "la_children_who_were_missing_or_away_from_placement_without_authorisation", "number",
       ("Children who went missing more than once during the year",), "percent",
       "children who went missing more than once in the year", "children looked after during the year",
       "Not a scorecard measure (P4.8 is 5+ times). Worked out from the published counts.",
       from_counts=True, own_polarity="lower_is_better"),
    # -- health (OC2) ------------------------------------------------------------
    _b("P4.6a", _HEALTH, "children_percent", "Ages 5 to 16 years with SDQ score | SDQ score is a cause for concern",
       "percent", "SDQ 17 or more (cause for concern)", "children aged 5-16 whose SDQ score was received",
       _OC2 + " DfE's ages are 5-16 (ours 4-16)."),
    _b("P4.9", _HEALTH, "children_percent", "Health assessments: Children looked after all ages | "
       "Had their annual health assessment", "percent", "annual health assessment", "OC2 cohort, all ages", _OC2),
    _b("P4.10", _HEALTH, "children_percent", "Health assessments: Children looked after all ages | "
       "Had their immunisations up to date", "percent", "immunisations up to date", "OC2 cohort, all ages", _OC2),
    _b("P4.11", _HEALTH, "children_percent", "Health assessments: Children looked after all ages | "
       "Had their teeth checked by a dentist", "percent", "teeth checked by a dentist", "OC2 cohort, all ages",
       _OC2),
    _b("P4.12", _HEALTH, "children_percent", "Development assessments: Children looked after ages 0 to 4 years | "
       "Development assessments up to date", "percent", "development assessments up to date",
       "OC2 cohort aged 0-4", _OC2),
    _b("P4.13", _HEALTH, "children_count", "Ages 5 to 16 years with SDQ score | SDQ average score", "mean",
       "sum of SDQ scores", "children aged 5-16 whose SDQ score was received",
       _OC2 + " DfE's ages are 5-16 (ours 4-16). The average is published in the count column."),
    _b("P4.14", _HEALTH, "children_percent", "Substance misuse: Children looked after all ages | "
       "Identified as having a substance misuse problem", "percent", "identified substance misuse",
       "OC2 cohort, all ages", _OC2),
    _b("P5.8", _HEALTH, "children_percent", "Convictions: Children looked after Ages 10 to 17 years | "
       "Convicted or subject to youth cautions, or youth conditional cautions during the year", "percent",
       "convicted or cautioned", "OC2 cohort aged 10-17",
       _OC2 + " Compared as a share of the cohort aged 10-17 (ours 10+)."),
    # -- education (Virtual School returns) ----------------------------------------
    _b("P2.3", "absence_la", "pt_overall", f"{_CL12} | State-funded primary", "percent",
       "sessions attended (possible - overall absence)", "possible sessions, state-funded primary",
       "DfE publishes the overall absence rate for the academic year; attendance = 100 - absence. Ours is the "
       "Virtual School's figure for the term.", complement=True),
    _b("P2.4", "absence_la", "pt_overall", f"{_CL12} | State-funded secondary", "percent",
       "sessions attended (possible - overall absence)", "possible sessions, state-funded secondary",
       "DfE publishes the overall absence rate for the academic year; attendance = 100 - absence. Ours is the "
       "Virtual School's figure for the term.", complement=True),
    _b("P2.5", "absence_la", "pt_pupils_pa_10_exact", f"{_CL12} | State-funded primary", "percent",
       "persistently absent pupils (10%+ of sessions missed)", "pupils, state-funded primary",
       "Academic year (DfE) against the Virtual School's term figure."),
    _b("P2.6", "absence_la", "pt_pupils_pa_10_exact", f"{_CL12} | State-funded secondary", "percent",
       "persistently absent pupils (10%+ of sessions missed)", "pupils, state-funded secondary",
       "Academic year (DfE) against the Virtual School's term figure."),
    # -- Virtual School headline measures ---------------------------------------------
    _b("VS.ks2_read", "ks2_la", "pt_read_met_expected_standard", _CL12, "percent",
       "met the expected standard in reading", "eligible pupils", _OC2),
    _b("VS.ks2_writ", "ks2_la", "pt_writta_met_expected_standard", _CL12, "percent",
       "met the expected standard in writing (teacher assessment)", "eligible pupils", _OC2),
    _b("VS.ks2_mat", "ks2_la", "pt_mat_met_expected_standard", _CL12, "percent",
       "met the expected standard in maths", "eligible pupils", _OC2),
    _b("VS.ks2_rwm", "ks2_la", "pt_rwm_met_expected_standard", _CL12, "percent",
       "met the expected standard in reading, writing and maths", "eligible pupils",
       _OC2 + " No KS2 tests in 2019/20 and 2020/21 (x)."),
    _b("VS.basics4", "ks4_la", "pt_l2basics_94", _CL12, "percent", "grade 4 or above in English and maths",
       "pupils at the end of KS4", _OC2),
    _b("VS.basics5", "ks4_la", "pt_l2basics_95", _CL12, "percent", "grade 5 or above in English and maths",
       "pupils at the end of KS4", _OC2),
    _b("VS.att8", "ks4_la", "avg_att8", _CL12, "mean", "sum of Attainment 8 scores", "pupils at the end of KS4",
       _OC2),
    _b("VS.p8", "ks4_la", "avg_p8score", _CL12, "mean", "sum of Progress 8 scores",
       "pupils with a Progress 8 score", _OC2 + " Progress 8 was not published for 2019/20-2020/21 nor 2024/25 (x)."),
    _b("VS.persistent_absence", "absence_la", "pt_pupils_pa_10_exact", f"{_CL12} | Total", "percent",
       "persistently absent pupils (10%+ of sessions missed)", "pupils, all school types", _OC2),
    _b("VS.attendance", "absence_la", "pt_overall", f"{_CL12} | Total", "percent",
       "sessions attended (possible - overall absence)", "possible sessions, all school types",
       _OC2 + " Attendance = 100 - DfE's overall absence rate.", complement=True),
    _b("VS.suspended", "permanent_exclusions_and_suspensions_la", "pt_one_plus_sus", _CL12, "percent",
       "pupils with one or more suspensions", "pupils",
       _OC2 + " The council-level file stops at 2020/21."),
    _b("VS.permanent_exclusion", "permanent_exclusions_and_suspensions_la", "pt_perm_excl", _CL12, "percent",
       "pupils permanently excluded", "pupils", _OC2 + " The council-level file stops at 2020/21. The scorecard's "
       "P2.7/P2.8 count exclusions per half term by phase, which DfE does not publish."),
)}


def benchmark(measure_id: str) -> Benchmark | None:
    """The benchmark of one measure, or None when DfE publishes nothing comparable by council."""
    return BENCHMARKS.get(measure_id)

"""How DfE publishes a measure by council: the DfE table, indicator and breakdown a measure is compared with.

A measure's registry entry holds its :class:`DfeFigure` (``dfe=``): the
scorecard's :class:`cpanalysis.measures.registry.Measure` and the Virtual
School's :class:`cpanalysis.virtual_school.outcomes.Measure`. A measure DfE
does not publish by council has ``dfe=None`` and is shown with "no national
figure published". :data:`cpanalysis.benchmarks.mapping.BENCHMARKS` is built
from these entries.

The value compared is DfE's **published** figure (as LAIT uses it) whenever
one row gives it. When our definition needs several rows (``rows`` with more
than one breakdown, or ``base_minus``), the value is computed from the
published counts: ``100 * sum(rows) / (total - sum(base_minus))``; any
suppressed part makes the computed value a ``c``.

The table names are the EES file names the importer reads
(:data:`cpanalysis.benchmarks.read.TABLES`); the rows are the file's filter
values joined with `` | ``, as the importer stores them. This module imports
nothing from cpanalysis, so every registry can use it.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ABSENCE", "CARE_LEAVERS_ACCOMMODATION", "CARE_LEAVERS_ACTIVITY", "CARE_LEAVERS_IN_TOUCH",
    "CARE_LEAVERS_STAY_PUT", "CEASED", "CHARACTERISTICS", "CLA_12_MONTHS", "CLA_ON_31_MARCH", "CLA_RATE",
    "DfeFigure", "EXCLUSIONS", "HEALTH_OUTCOMES", "KS2", "KS4", "MISSING", "OC2_NOTE", "OC3_NOTE",
    "PLACEMENT_STABILITY", "QUARTER_END_NOTE", "YEAR_TO_DATE_NOTE",
]

# -- DfE files (EES names) --------------------------------------------------------
#: Children looked after on 31 March, number and rate per 10,000 children.
CLA_RATE = "cla_number_and_rate_per_10k_children"
#: Children looked after on 31 March by characteristics (placement, locality, distance, UASC).
CHARACTERISTICS = "la_cla_on_31_march_by_characteristics"
#: Children who ceased to be looked after during the year, by reason.
CEASED = "la_children_who_ceased_during_the_year"
#: Placement stability (short and long term).
PLACEMENT_STABILITY = "la_cla_placement_stability"
#: Care leavers' activity (education, employment, training).
CARE_LEAVERS_ACTIVITY = "la_care_leavers_activity"
#: Care leavers' accommodation suitability.
CARE_LEAVERS_ACCOMMODATION = "la_care_leavers_accommodation_suitability"
#: Care leavers the council is in touch with.
CARE_LEAVERS_IN_TOUCH = "la_care_leavers_intouch"
#: Care leavers staying put with former foster carers.
CARE_LEAVERS_STAY_PUT = "la_care_leavers_stayput"
#: Children missing or away from placement without authorisation.
MISSING = "la_children_who_were_missing_or_away_from_placement_without_authorisation"
#: Convictions, health and development outcomes (OC2).
HEALTH_OUTCOMES = "la_conviction_health_outcome_cla"
#: Key stage 2 attainment by social care group.
KS2 = "ks2_la"
#: Key stage 4 attainment by social care group.
KS4 = "ks4_la"
#: Absence by social care group and phase.
ABSENCE = "absence_la"
#: Permanent exclusions and suspensions by social care group.
EXCLUSIONS = "permanent_exclusions_and_suspensions_la"

# -- breakdown rows -----------------------------------------------------------------
#: The population row of :data:`CLA_RATE`.
CLA_ON_31_MARCH = "Children looked after on 31 March each year"
#: The social care group of the education files: looked after continuously for 12 months.
CLA_12_MONTHS = "CLA 12 months at 31 March"

# -- where DfE's definition differs, shared by many measures ------------------------------
#: A 31 March snapshot against ours at the quarter end.
QUARTER_END_NOTE = "DfE's figure is at 31 March; ours is at the quarter end, so compare the Q4 figure with it."
#: A year to 31 March against our year to date.
YEAR_TO_DATE_NOTE = ("DfE's figure is for the year to 31 March; ours is the year to date, so only Q4 covers the same "
                     "period.")
#: The OC3 care-leaver cohort: birthdays in the year against ours from 1 April to the quarter end.
OC3_NOTE = ("DfE counts care leavers whose 17th-21st birthday fell in the year to 31 March; ours counts birthdays "
            "from 1 April to the quarter end.")
#: The OC2 cohort (looked after continuously for 12 months), the same as ours.
OC2_NOTE = "DfE's cohort is children looked after continuously for 12 months at 31 March, as ours."


@dataclass(frozen=True)
class DfeFigure:
    """Which DfE published figure a measure is compared with, and how.

    Attributes
    ----------
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
    from_counts : bool
        Work the percentage out from the published counts even for one row.
    """

    table: str
    indicator: str
    rows: tuple[str, ...]
    unit: str
    numerator: str
    denominator: str
    note: str = ""
    base_minus: tuple[str, ...] = ()
    complement: bool = False
    from_counts: bool = False

    @property
    def computed(self) -> bool:
        """True when the value is worked out from published counts rather than read."""
        return self.from_counts or len(self.rows) > 1 or bool(self.base_minus)

"""Virtual School analysis: cohorts, outcomes, small-cohort comparisons, briefing sections.

Names are imported when first used (:mod:`cpanalysis._lazy`).
"""

from typing import TYPE_CHECKING

from .._lazy import attach

if TYPE_CHECKING:
    from .cohorts import DEFINITIONS, KEY_STAGE_YEAR, cohort, key_stage_cohort
    from .data import VirtualSchoolData, load_virtual_school
    from .outcomes import BREAKDOWNS, MEASURES, Breakdown, Measure, pupil_frame, stage_frame
    from .years import academic_year_label, latest_complete_academic_year, parse_academic_year

__all__ = [
    "BREAKDOWNS", "DEFINITIONS", "KEY_STAGE_YEAR", "MEASURES", "Breakdown", "Measure", "VirtualSchoolData",
    "academic_year_label", "cohort", "key_stage_cohort", "latest_complete_academic_year", "load_virtual_school",
    "parse_academic_year", "pupil_frame", "stage_frame",
]

attach(__name__, {
    **dict.fromkeys(("DEFINITIONS", "KEY_STAGE_YEAR", "cohort", "key_stage_cohort"), ".cohorts"),
    **dict.fromkeys(("VirtualSchoolData", "load_virtual_school"), ".data"),
    **dict.fromkeys(("BREAKDOWNS", "MEASURES", "Breakdown", "Measure", "pupil_frame", "stage_frame"), ".outcomes"),
    **dict.fromkeys(("academic_year_label", "latest_complete_academic_year", "parse_academic_year"), ".years"),
})

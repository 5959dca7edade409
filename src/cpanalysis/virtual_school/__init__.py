"""Virtual School analysis: cohorts, outcomes, small-cohort comparisons, briefing sections.

Names are imported when first used (:mod:`cpanalysis._lazy`).
"""

from typing import TYPE_CHECKING

from .._lazy import attach

if TYPE_CHECKING:
    from .cohorts import DEFINITIONS, KEY_STAGE_YEAR, cohort, key_stage_cohort
    from .data import VirtualSchoolData, extract_path, has_extract, load_if_supplied, load_virtual_school
    from .grouping import parse_bands
    from .investigate import Question, answer, answer_section, ask
    from .outcomes import BREAKDOWNS, MEASURES, Breakdown, Measure, pupil_frame, stage_frame
    from .page import VirtualSchoolPage, build_page, page_for
    from .years import (
        academic_year_label, briefing_years, latest_complete_academic_year, no_assessment_note, parse_academic_year,
        parse_academic_years, years_label,
    )

__all__ = [
    "BREAKDOWNS", "DEFINITIONS", "KEY_STAGE_YEAR", "MEASURES", "Breakdown", "Measure", "Question",
    "VirtualSchoolData", "VirtualSchoolPage", "academic_year_label", "answer", "answer_section", "ask", "briefing_years", "build_page", "cohort",
    "extract_path", "has_extract", "key_stage_cohort", "latest_complete_academic_year", "load_if_supplied", "load_virtual_school",
    "no_assessment_note", "page_for", "parse_academic_year", "parse_academic_years", "parse_bands", "pupil_frame",
    "stage_frame", "years_label",
]

attach(__name__, {
    **dict.fromkeys(("DEFINITIONS", "KEY_STAGE_YEAR", "cohort", "key_stage_cohort"), ".cohorts"),
    **dict.fromkeys(("VirtualSchoolData", "extract_path", "has_extract", "load_if_supplied", "load_virtual_school"),
                    ".data"),
    **dict.fromkeys(("parse_bands",), ".grouping"),
    **dict.fromkeys(("Question", "answer", "answer_section", "ask"), ".investigate"),
    **dict.fromkeys(("BREAKDOWNS", "MEASURES", "Breakdown", "Measure", "pupil_frame", "stage_frame"), ".outcomes"),
    **dict.fromkeys(("VirtualSchoolPage", "build_page", "page_for"), ".page"),
    **dict.fromkeys(("academic_year_label", "briefing_years", "latest_complete_academic_year", "no_assessment_note",
                     "parse_academic_year", "parse_academic_years", "years_label"), ".years"),
})

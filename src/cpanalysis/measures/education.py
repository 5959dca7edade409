"""Pledge 2, education, employment and training: measures the council supplies.

Most pledge 2 measures come from the Virtual School's systems (PEPs,
attendance, exclusions, early years take-up) rather than the SSDA903, so they
are read from ``council_measures.csv`` (:mod:`cpanalysis.measures.council_inputs`)
and show ``x`` when the council has not supplied them. The care-leaver
measures of pledge 2 (P2.12-P2.15) come from the 903's OC3 and live in
:mod:`cpanalysis.measures.adulthood`; P2.10 (residential schools) is a
placement count in :mod:`cpanalysis.measures.permanence`.
"""

from __future__ import annotations

from ._frames import council_frame
from .dfe import ABSENCE, CLA_12_MONTHS, DfeFigure
from .registry import Measure, register

__all__: list[str] = []

_P2 = "Priority 2 - Improved Education, Employment and Training"
_ATTENDANCE = ("DfE publishes the overall absence rate for the academic year; attendance = 100 - absence. Ours is the "
               "Virtual School's figure for the term.")
_PERSISTENT = "Academic year (DfE) against the Virtual School's term figure."

for _id, _title, _unit, _pol, _period, _dfe in (
    ("P2.1", "% of cared for children accessing 2-4 yr old provision (quarterly)", "percent", "higher_is_better", "snapshot",
     None),
    ("P2.2", "Percentage of completed PEPs (termly)", "percent", "higher_is_better", "snapshot", None),
    ("P2.3", "% attendance at primary school of children in care", "percent", "higher_is_better", "snapshot",
     DfeFigure(ABSENCE, "pt_overall", (f"{CLA_12_MONTHS} | State-funded primary",), "percent",
               "sessions attended (possible - overall absence)", "possible sessions, state-funded primary",
               _ATTENDANCE, complement=True)),
    ("P2.4", "% attendance at secondary school of children in care", "percent", "higher_is_better", "snapshot",
     DfeFigure(ABSENCE, "pt_overall", (f"{CLA_12_MONTHS} | State-funded secondary",), "percent",
               "sessions attended (possible - overall absence)", "possible sessions, state-funded secondary",
               _ATTENDANCE, complement=True)),
    ("P2.5", "% primary school age persistent absence of children in care", "percent", "lower_is_better", "snapshot",
     DfeFigure(ABSENCE, "pt_pupils_pa_10_exact", (f"{CLA_12_MONTHS} | State-funded primary",), "percent",
               "persistently absent pupils (10%+ of sessions missed)", "pupils, state-funded primary", _PERSISTENT)),
    ("P2.6", "% secondary school age persistent absence of children in care", "percent", "lower_is_better", "snapshot",
     DfeFigure(ABSENCE, "pt_pupils_pa_10_exact", (f"{CLA_12_MONTHS} | State-funded secondary",), "percent",
               "persistently absent pupils (10%+ of sessions missed)", "pupils, state-funded secondary", _PERSISTENT)),
    ("P2.7", "Number of permanent exclusions 1/2 termly - primary", "count", "lower_is_better", "snapshot", None),
    ("P2.8", "Number of permanent exclusions 1/2 termly - secondary", "count", "lower_is_better", "snapshot", None),
    ("P2.9", "% of cared for children in good or outstanding schools", "percent", "higher_is_better", "snapshot", None),
    ("P2.11", "% 16-18 year olds in care that are not in education, employment & training (NEET) (monthly)", "percent",
     "lower_is_better", "snapshot", None),
    ("P2.16", "21-25 year olds in employment, education & training (EET)", "count", "higher_is_better", "snapshot", None),
):
    register(Measure(
        id=_id, title=_title, pledge=_P2,
        definition="Supplied by the council's Virtual School (or leaving care service for P2.16); not in the SSDA903.",
        source="Virtual School records", period=_period, polarity=_pol, unit=_unit,
        data="council_measures.csv", frame=council_frame(_id), decimals=0 if _unit == "count" else 1, dfe=_dfe,
    ))

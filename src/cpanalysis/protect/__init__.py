"""Small-cohort protection: suppression, audit, proportions, comparisons."""

from .audit import AuditReport, audit
from .bands import BandComparison, compare_by_band
from .funnel import funnel_chart, funnel_limits, funnel_verdict
from .proportion import Proportion, proportion
from .rounding import round_half_away
from .suppression import SuppressedTable, suppress

__all__ = [
    "AuditReport",
    "BandComparison",
    "Proportion",
    "SuppressedTable",
    "audit",
    "compare_by_band",
    "funnel_chart",
    "funnel_limits",
    "funnel_verdict",
    "proportion",
    "round_half_away",
    "suppress",
]

"""Small-cohort protection: suppression, audit, proportions, comparisons.

Names are imported when first used (:mod:`cpanalysis._lazy`): the audit needs
scipy.optimize, the intervals and trend tests scipy.stats, the funnel chart
matplotlib, and a briefing pays only for the ones it calls.
"""

from typing import TYPE_CHECKING

from .._lazy import attach

if TYPE_CHECKING:
    from .audit import AuditReport, audit
    from .bands import BandComparison, compare_by_band
    from .funnel import funnel_chart, funnel_limits, funnel_verdict
    from .policy import DEFAULT_POLICY, DisclosurePolicy
    from .proportion import Proportion, proportion
    from .rounding import round_half_away
    from .suppression import SuppressedTable, suppress

__all__ = [
    "AuditReport",
    "BandComparison",
    "DEFAULT_POLICY",
    "DisclosurePolicy",
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

attach(__name__, {
    "AuditReport": ".audit",
    "BandComparison": ".bands",
    "DEFAULT_POLICY": ".policy",
    "DisclosurePolicy": ".policy",
    "Proportion": ".proportion",
    "SuppressedTable": ".suppression",
    "audit": ".audit",
    "compare_by_band": ".bands",
    "funnel_chart": ".funnel",
    "funnel_limits": ".funnel",
    "funnel_verdict": ".funnel",
    "proportion": ".proportion",
    "round_half_away": ".rounding",
    "suppress": ".suppression",
})

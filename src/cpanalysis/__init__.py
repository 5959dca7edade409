"""cpanalysis: corporate parenting analysis for English councils.

The public API, stage by stage (load -> derive -> measures -> protect ->
present -> publish). Everything else is an implementation detail.

Names are imported when first used (:mod:`cpanalysis._lazy`): ``import
cpanalysis`` is cheap, and each briefing's kernel loads only the stages it calls.
"""

from typing import TYPE_CHECKING

from ._lazy import attach
from .errors import CpanalysisError, DisclosureError, InputError, ProblemsFound
from .quarters import Quarter

if TYPE_CHECKING:
    from .derive.episodes import cla_at, stitch_episodes
    from .load.ssda903 import read_returns
    from .measures import MEASURES, Measure, cared_for_children
    from .protect.audit import AuditReport, audit
    from .protect.bands import BandComparison, compare_by_band
    from .protect.funnel import funnel_chart, funnel_limits, funnel_verdict
    from .protect.policy import DEFAULT_POLICY, DisclosurePolicy
    from .protect.proportion import Proportion, proportion
    from .protect.rounding import round_half_away
    from .protect.suppression import SuppressedTable, suppress

__all__ = [
    "AuditReport",
    "BandComparison",
    "CpanalysisError",
    "DEFAULT_POLICY",
    "DisclosureError",
    "DisclosurePolicy",
    "InputError",
    "MEASURES",
    "Measure",
    "ProblemsFound",
    "Proportion",
    "Quarter",
    "SuppressedTable",
    "audit",
    "cared_for_children",
    "cla_at",
    "compare_by_band",
    "funnel_chart",
    "funnel_limits",
    "funnel_verdict",
    "proportion",
    "read_returns",
    "round_half_away",
    "stitch_episodes",
    "suppress",
]

__version__ = "0.1.0"

# The registry (MEASURES, Measure, cared_for_children) comes from the measures
# package, whose import registers every measure.
attach(__name__, {
    "AuditReport": ".protect.audit",
    "BandComparison": ".protect.bands",
    "MEASURES": ".measures",
    "Measure": ".measures",
    "DEFAULT_POLICY": ".protect.policy",
    "DisclosurePolicy": ".protect.policy",
    "Proportion": ".protect.proportion",
    "SuppressedTable": ".protect.suppression",
    "audit": ".protect.audit",
    "cared_for_children": ".measures",
    "cla_at": ".derive.episodes",
    "compare_by_band": ".protect.bands",
    "funnel_chart": ".protect.funnel",
    "funnel_limits": ".protect.funnel",
    "funnel_verdict": ".protect.funnel",
    "proportion": ".protect.proportion",
    "read_returns": ".load.ssda903",
    "round_half_away": ".protect.rounding",
    "stitch_episodes": ".derive.episodes",
    "suppress": ".protect.suppression",
})

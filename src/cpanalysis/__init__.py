"""cpanalysis: corporate parenting analysis for English councils.

The public API, stage by stage (load -> derive -> measures -> protect ->
present -> publish). Everything else is an implementation detail.
"""

from .derive import cla_at, stitch_episodes
from .errors import CpanalysisError, DisclosureError, InputError, ProblemsFound
from .load import read_returns
from .measures import MEASURES, Measure, cared_for_children
from .protect import (
    AuditReport,
    BandComparison,
    Proportion,
    SuppressedTable,
    audit,
    compare_by_band,
    funnel_chart,
    funnel_limits,
    funnel_verdict,
    proportion,
    round_half_away,
    suppress,
)
from .quarters import Quarter

__all__ = [
    "AuditReport",
    "BandComparison",
    "CpanalysisError",
    "DisclosureError",
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

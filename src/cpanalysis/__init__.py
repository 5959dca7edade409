"""cpanalysis: corporate parenting analysis for English councils.

The public API, stage by stage (load -> derive -> measures -> protect ->
present -> publish). Everything else is an implementation detail.
"""

from .derive import cla_at, stitch_episodes
from .errors import CpanalysisError, DisclosureError, InputError, ProblemsFound
from .load import read_returns
from .measures import MEASURES, Measure, cared_for_children
from .quarters import Quarter

__all__ = [
    "CpanalysisError",
    "DisclosureError",
    "InputError",
    "MEASURES",
    "Measure",
    "ProblemsFound",
    "Quarter",
    "cared_for_children",
    "cla_at",
    "read_returns",
    "stitch_episodes",
]

__version__ = "0.1.0"

"""Derive stage: stitched episodes, periods of care, placements, per-child facts."""

from .build import build, read_manifest, read_processed
from .episodes import SHORT_BREAK_LS, cla_at, stitch_episodes
from .facts import age_at, care_leaver_eligible, children_looked_after_at, continuously_looked_after_12m
from .periods import assign_periods, periods_table
from .placements import DEFAULT_RULE, PlacementRule, assign_placements, placement_counts, placements_table

__all__ = [
    "DEFAULT_RULE", "PlacementRule", "SHORT_BREAK_LS", "age_at", "assign_periods",
    "assign_placements", "build", "care_leaver_eligible", "children_looked_after_at", "cla_at",
    "continuously_looked_after_12m", "periods_table", "placement_counts", "placements_table",
    "read_manifest", "read_processed", "stitch_episodes",
]

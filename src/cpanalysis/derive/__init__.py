"""Derive stage: stitched episodes, periods of care, placements, per-child facts."""

from .episodes import SHORT_BREAK_LS, cla_at, stitch_episodes

__all__ = ["SHORT_BREAK_LS", "cla_at", "stitch_episodes"]

"""Derive stage: stitched episodes, periods of care, placements, geography, per-child facts.

Names are imported when first used (:mod:`cpanalysis._lazy`): a notebook that
reads a build does not import the validation schemas (pandera) the build uses.
"""

from typing import TYPE_CHECKING

from .._lazy import attach

if TYPE_CHECKING:
    from .build import build, read_manifest, read_processed
    from .episodes import SHORT_BREAK_LS, cla_at, stitch_episodes
    from .facts import (CARE_LEAVER_EXCLUDED_REC, age_at, care_leaver_eligible, children_looked_after_at,
                        continuously_looked_after_12m)
    from .geography import (DISTANCE_BANDS, GEO_COLUMNS, add_geography, home_councils, normalise_postcode,
                            read_postcode_lookup)
    from .periods import assign_periods, periods_table
    from .placements import DEFAULT_RULE, PlacementRule, assign_placements, placement_counts, placements_table

__all__ = [
    "CARE_LEAVER_EXCLUDED_REC", "DEFAULT_RULE", "DISTANCE_BANDS", "GEO_COLUMNS", "PlacementRule",
    "SHORT_BREAK_LS", "add_geography", "age_at", "assign_periods", "assign_placements", "build",
    "care_leaver_eligible", "children_looked_after_at", "cla_at", "continuously_looked_after_12m",
    "home_councils", "normalise_postcode", "periods_table", "placement_counts", "placements_table",
    "read_manifest", "read_postcode_lookup", "read_processed", "stitch_episodes",
]

attach(__name__, {
    **dict.fromkeys(("build", "read_manifest", "read_processed"), ".build"),
    **dict.fromkeys(("SHORT_BREAK_LS", "cla_at", "stitch_episodes"), ".episodes"),
    **dict.fromkeys(("CARE_LEAVER_EXCLUDED_REC", "age_at", "care_leaver_eligible", "children_looked_after_at",
                     "continuously_looked_after_12m"), ".facts"),
    **dict.fromkeys(("DISTANCE_BANDS", "GEO_COLUMNS", "add_geography", "home_councils", "normalise_postcode",
                     "read_postcode_lookup"), ".geography"),
    **dict.fromkeys(("assign_periods", "periods_table"), ".periods"),
    **dict.fromkeys(("DEFAULT_RULE", "PlacementRule", "assign_placements", "placement_counts",
                     "placements_table"), ".placements"),
})

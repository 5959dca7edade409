"""Present stage: tables, charts and page furniture for briefings.

Names are imported when first used (:mod:`cpanalysis._lazy`): a page without
charts does not import matplotlib.
"""

from typing import TYPE_CHECKING

from .._lazy import attach

if TYPE_CHECKING:
    from .charts import Chart, line_chart
    from .page import Fragment, is_synthetic, title_block
    from .tables import Table

__all__ = ["Chart", "Fragment", "Table", "is_synthetic", "line_chart", "title_block"]

attach(__name__, {
    "Chart": ".charts",
    "Fragment": ".page",
    "Table": ".tables",
    "is_synthetic": ".page",
    "line_chart": ".charts",
    "title_block": ".page",
})

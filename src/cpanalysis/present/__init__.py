"""Present stage: tables, charts and page furniture for briefings.

Names are imported when first used (:mod:`cpanalysis._lazy`): a page without
charts does not import matplotlib.
"""

from typing import TYPE_CHECKING

from .._lazy import attach

if TYPE_CHECKING:
    from .charts import Chart, line_chart
    from .page import Fragment, hidden_meaning, is_synthetic, symbols_key, title_block
    from .tables import Table

__all__ = ["Chart", "Fragment", "Table", "hidden_meaning", "is_synthetic", "line_chart", "symbols_key", "title_block"]

attach(__name__, {
    "Chart": ".charts",
    "Fragment": ".page",
    "Table": ".tables",
    "hidden_meaning": ".page",
    "is_synthetic": ".page",
    "symbols_key": ".page",
    "line_chart": ".charts",
    "title_block": ".page",
})

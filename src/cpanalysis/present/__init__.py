"""Present stage: tables, charts and page furniture for briefings."""

from .charts import Chart, line_chart
from .page import Fragment, is_synthetic, title_block
from .tables import Table

__all__ = ["Chart", "Fragment", "Table", "is_synthetic", "line_chart", "title_block"]

"""Load stage: read SSDA903 returns and Virtual School extracts into typed frames.

Names are imported when first used (:mod:`cpanalysis._lazy`).
"""

from typing import TYPE_CHECKING

from .._lazy import attach

if TYPE_CHECKING:
    from .csv import read_csv_table
    from .layout import Layout, SourceFile, discover, parse_year
    from .ssda903 import COLUMNS, Return903, find_return_years, read_returns, read_table
    from .tables import ALIASES, TABLES, TableSpec, canonical_table
    from .xml import read_xml_return

__all__ = [
    "ALIASES", "COLUMNS", "Layout", "Return903", "SourceFile", "TABLES", "TableSpec",
    "canonical_table", "discover", "find_return_years", "parse_year", "read_csv_table",
    "read_returns", "read_table", "read_xml_return",
]

attach(__name__, {
    "read_csv_table": ".csv",
    **dict.fromkeys(("Layout", "SourceFile", "discover", "parse_year"), ".layout"),
    **dict.fromkeys(("COLUMNS", "Return903", "find_return_years", "read_returns", "read_table"), ".ssda903"),
    **dict.fromkeys(("ALIASES", "TABLES", "TableSpec", "canonical_table"), ".tables"),
    "read_xml_return": ".xml",
})

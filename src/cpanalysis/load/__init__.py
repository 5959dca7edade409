"""Load stage: read SSDA903 returns and Virtual School extracts into typed frames."""

from .ssda903 import COLUMNS, Return903, find_return_years, read_returns, read_table

__all__ = ["COLUMNS", "Return903", "find_return_years", "read_returns", "read_table"]

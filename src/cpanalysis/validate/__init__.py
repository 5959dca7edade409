"""Validate stage: schemas per table and return year, and the validation report."""

from .catalogue import ERROR, RULES, WARNING, Rule
from .report import REPORT_COLUMNS, Report, summary_text

__all__ = ["ERROR", "REPORT_COLUMNS", "RULES", "Report", "Rule", "WARNING", "summary_text"]

"""Validate stage: schemas per table and return year, and the validation report."""

from .catalogue import ERROR, RULES, WARNING, Rule
from .report import REPORT_COLUMNS, Report, summary_text

__all__ = ["ERROR", "REPORT_COLUMNS", "RULES", "Report", "Rule", "Validated", "WARNING",
           "summary_text", "validate_return"]


def __getattr__(name: str):  # lazy: run imports the load stage, which imports report
    if name in ("Validated", "validate_return"):
        from . import run
        return getattr(run, name)
    raise AttributeError(name)

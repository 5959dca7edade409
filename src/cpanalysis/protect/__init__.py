"""Small-cohort protection: suppression, audit, proportions, comparisons."""

from .audit import AuditReport, audit
from .suppression import SuppressedTable, suppress

__all__ = ["AuditReport", "SuppressedTable", "audit", "suppress"]

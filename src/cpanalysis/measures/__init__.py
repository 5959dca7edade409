"""Measure stage: the registry and the computations behind each scorecard measure."""

from .general import cared_for_children, cared_for_children_by_quarter
from .registry import MEASURES, Measure, get, register

__all__ = ["MEASURES", "Measure", "cared_for_children", "cared_for_children_by_quarter", "get", "register"]

"""Measure stage: the registry and the computations behind each scorecard measure.

Importing the package registers every measure (one module per pledge).
"""

from . import adulthood, education, flows, good_parent, health, permanence  # noqa: F401  (register measures)
from .data import MeasureData
from .general import cared_for_children, cared_for_children_by_quarter
from .registry import MEASURES, Measure, Result, get, register

__all__ = [
    "MEASURES",
    "Measure",
    "MeasureData",
    "Result",
    "cared_for_children",
    "cared_for_children_by_quarter",
    "get",
    "register",
]

"""The whole-publication intruder, as the tests use it: :mod:`cpanalysis.audit`.

The intruder lives in the package (the run's audit step uses it on every
publication); it imports nothing from the protection code. This shim keeps the
tests' older helper names (``attack/intruder.py``: percentage and table helpers
used by the other attack tests), which it shadows on import, loaded lazily.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from cpanalysis.audit import Finding, Model, attack, read_pages, read_publication

__all__ = ["Finding", "Model", "attack", "read_pages", "read_publication"]

_LEGACY = ("counts_for", "differences", "pinned_small", "tables", "table")


def __getattr__(name: str):
    """The older helpers of ``attack/intruder.py``, loaded on first use."""
    if name not in _LEGACY:
        raise AttributeError(name)
    mod = sys.modules.get("attack._intruder_helpers")
    if mod is None:
        path = Path(__file__).resolve().parent.parent / "intruder.py"
        spec = importlib.util.spec_from_file_location("attack._intruder_helpers", path)
        mod = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = mod
        spec.loader.exec_module(mod)
    return getattr(mod, name)

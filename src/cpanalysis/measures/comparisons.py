"""What a measure is compared with: comparator areas, the council's targets, RAG ratings.

``comparators.toml`` holds published comparator values (England, North West,
statistical neighbours), each with its source and year; ``targets.toml`` holds
the council's targets. Both ship with the package and can be replaced by the
council's own files.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from importlib.resources import files
from pathlib import Path

import pandas as pd

from .registry import Measure

__all__ = ["AREAS", "load_comparators", "load_targets", "rag"]

#: Comparator areas and their column names.
AREAS = {"England": "england", "North West": "north_west", "Statistical neighbours": "statistical_neighbours"}


def rag(measure: Measure, value: float | None, target: Mapping | None) -> str:
    """Red / Amber / Green against the council's target (``targets.toml``); ``z`` without one.

    Green: meets the target in the direction of the measure's polarity; amber:
    misses it by no more than ``amber_within``; red otherwise.
    """
    if target is None or value is None or pd.isna(value) or measure.polarity == "neutral":
        return "z"
    t = float(target["target"])
    gap = (value - t) if measure.polarity == "higher_is_better" else (t - value)
    if gap >= 0:
        return "Green"
    return "Amber" if -gap <= float(target.get("amber_within", 0.0)) else "Red"


def _toml(path: Path | str | None, name: str) -> dict:
    if path is None:
        with files("cpanalysis.measures").joinpath(name).open("rb") as fh:
            return tomllib.load(fh)
    with Path(path).open("rb") as fh:
        return tomllib.load(fh)


def load_comparators(path: Path | str | None = None) -> pd.DataFrame:
    """Read ``comparators.toml`` (shipped copy by default): one row per measure and area.

    Every entry must name its ``source`` and ``year``; an entry without them
    is refused (``ValueError``).
    """
    doc = _toml(path, "comparators.toml")
    rows = doc.get("comparator", [])
    for r in rows:
        for key in ("measure", "area", "value", "unit", "year", "source"):
            if key not in r or r[key] in ("", None):
                raise ValueError(f"comparator {r} lacks {key}")
        if r["area"] not in AREAS:
            raise ValueError(f"comparator area {r['area']!r} is not one of {sorted(AREAS)}")
    out = pd.DataFrame(rows, columns=["measure", "area", "value", "unit", "year", "source"])
    out.attrs["version"] = doc.get("version", "")
    return out


def load_targets(path: Path | str | None = None) -> dict[str, dict]:
    """Read ``targets.toml`` (shipped copy by default): measure id -> target entry."""
    return dict(_toml(path, "targets.toml").get("targets", {}))

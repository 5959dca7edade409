"""What a measure is compared with: comparator areas, the council's targets, RAG ratings.

Comparators come from one of two places, each figure with its year and source:

* DfE's published files for a council named by its DfE LA code
  (:func:`load_comparators` with ``store`` and ``la_code``;
  :mod:`cpanalysis.benchmarks`): England, the council's region, the mean of its
  ten statistical neighbours, and its rank and quartile band among councils,
  for every measure DfE publishes by council;
* ``comparators.toml`` (shipped: real England and North West figures typed in
  from DfE's releases, for the demo), or the council's own copy.

``targets.toml`` holds the council's targets. Both ship with the package and
can be replaced by the council's own files.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from importlib.resources import files
from pathlib import Path

import numpy as np
import pandas as pd

from .registry import Measure

__all__ = ["AREAS", "COMPARATOR_COLUMNS", "KINDS", "comparators_for_run", "load_comparators", "load_targets", "rag"]

#: Comparator areas of ``comparators.toml`` and their column names.
AREAS = {"England": "england", "North West": "north_west", "Statistical neighbours": "statistical_neighbours"}

#: What a comparator row is: England, the council's region, or its statistical neighbours' mean.
KINDS = ("england", "region", "neighbours")

#: Columns of :func:`load_comparators`' frame.
COMPARATOR_COLUMNS = ("measure", "area", "value", "unit", "year", "source", "kind", "label", "rank", "ranked",
                      "quartile", "symbol", "council_symbol")


def _kind(area: str) -> str:
    return {"England": "england", "Statistical neighbours": "neighbours"}.get(area, "region")


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


def load_comparators(path: Path | str | None = None, *, store: object | None = None,
                     la_code: str | None = None) -> pd.DataFrame:
    """One row per measure and comparator area, each with its year and source.

    Parameters
    ----------
    path : str or pathlib.Path, optional
        A ``comparators.toml`` (default: the shipped copy). Every entry must
        name its ``source`` and ``year``; an entry without them is refused
        (``ValueError``).
    store : cpanalysis.benchmarks.store.Store or str or pathlib.Path, optional
        DfE's published figures: a store, a store written by ``cpanalysis
        benchmarks import`` or a folder of DfE downloads. With ``la_code``,
        the comparators come from it instead of the TOML
        (:func:`cpanalysis.benchmarks.compare.compare`).
    la_code : str, optional
        The council's DfE LA code (``358``) or its E-code.

    Returns
    -------
    pandas.DataFrame
        :data:`COMPARATOR_COLUMNS`: ``area`` (``England``, the region's name,
        ``Statistical neighbours``), ``kind`` (:data:`KINDS`), ``value`` (NaN
        with ``symbol`` ``c``/``x`` when DfE publishes none for the area),
        ``unit``, ``year`` and ``source`` (``"2024-25"``, ``"DfE, Children
        looked after in England 2025"``), ``label`` (``"England 2024-25 (DfE,
        Children looked after in England 2025)"``); on England's row the
        council's ``rank`` among ``ranked`` councils and its LAIT
        ``quartile`` band (A best to D worst), or ``council_symbol`` (``c``)
        when DfE suppressed the council's own figure (then neither is given:
        a rank would narrow the hidden value down).
    """
    if store is not None and la_code:
        return _from_store(store, la_code)
    doc = _toml(path, "comparators.toml")
    rows = doc.get("comparator", [])
    for r in rows:
        for key in ("measure", "area", "value", "unit", "year", "source"):
            if key not in r or r[key] in ("", None):
                raise ValueError(f"comparator {r} lacks {key}")
        if r["area"] not in AREAS:
            raise ValueError(f"comparator area {r['area']!r} is not one of {sorted(AREAS)}")
    out = pd.DataFrame(rows, columns=["measure", "area", "value", "unit", "year", "source"])
    out["kind"] = out["area"].map(_kind)
    out["label"] = out["area"] + " " + out["year"].astype(str) + " (" + out["source"].astype(str) + ")"
    out["rank"], out["ranked"], out["quartile"], out["symbol"], out["council_symbol"] = np.nan, np.nan, "", "", ""
    out = out.loc[:, list(COMPARATOR_COLUMNS)]
    out.attrs["version"] = doc.get("version", "")
    return out


def _from_store(store: object, la_code: str) -> pd.DataFrame:
    """Comparator rows for one council from DfE's published figures (scorecard measures only)."""
    from ..benchmarks.compare import compare, short_release
    from ..benchmarks.store import Store, load
    from .registry import MEASURES

    st = store if isinstance(store, Store) else load(store)  # type: ignore[arg-type]
    frame = compare(st, la_code, ids=list(MEASURES))
    rows = []
    for r in frame.itertuples(index=False):
        unit = "percent" if r.unit == "percent" else r.unit
        source = short_release(r.release)
        region = r.region_name or "Region"
        for area, kind, value, sym, lab in (
                ("England", "england", r.england, "", r.england_label),
                (region, "region", r.region, r.region_symbol, r.region_label),
                ("Statistical neighbours", "neighbours", r.neighbours_mean, "", r.neighbours_label)):
            missing = value is None or pd.isna(value)
            rows.append({"measure": r.id, "area": area, "value": np.nan if missing else float(value), "unit": unit,
                         "year": r.year, "source": source, "kind": kind, "label": lab,
                         "rank": r.rank if kind == "england" else np.nan,
                         "ranked": r.ranked if kind == "england" else np.nan,
                         "quartile": r.quartile if kind == "england" else "",
                         "symbol": (sym or "x") if missing else "",
                         "council_symbol": r.council_symbol if kind == "england" else ""})
    out = pd.DataFrame(rows, columns=list(COMPARATOR_COLUMNS))
    names = dict(zip(st.areas["la_code"], st.areas["area_name"]))
    out.attrs.update(version=f"DfE published figures for LA {frame.attrs['la_code']}",
                     neighbour_names=[names.get(c, c) for c in frame.attrs["neighbours"]],
                     la_code=frame.attrs["la_code"], area_name=frame.attrs["area_name"],
                     region_name=frame.attrs["region_name"], neighbours=frame.attrs["neighbours"],
                     council_values=dict(zip(frame["id"], frame["council"])))
    return out


def comparators_for_run(la_code: str | None, inputs: Mapping[str, object] | None) -> pd.DataFrame:
    """The comparators of a run: DfE's figures for the council when its settings name its LA code and a
    folder (or store) of DfE downloads (``inputs["benchmarks"]``), else the council's own comparators TOML
    (``inputs["comparators"]``), else the shipped ``comparators.toml``."""
    inputs = inputs or {}
    folder = inputs.get("benchmarks")
    if la_code and folder:
        return load_comparators(store=folder, la_code=str(la_code))
    own = inputs.get("comparators")
    return load_comparators(str(own)) if own else load_comparators()


def load_targets(path: Path | str | None = None) -> dict[str, dict]:
    """Read ``targets.toml`` (shipped copy by default): measure id -> target entry."""
    return dict(_toml(path, "targets.toml").get("targets", {}))

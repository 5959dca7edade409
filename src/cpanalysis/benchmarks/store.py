"""The benchmark store: every DfE figure of a folder of downloads, one release per year.

:func:`import_folder` reads every file of a folder of DfE downloads
(:mod:`cpanalysis.benchmarks.read`), keeps for each file and year the
**latest release that covers the year** (DfE revises earlier years in every
annual release: 31 March 2023 CLA is 83,840 in the 2023 release and 83,750 in
the 2025 release, so the 2025 figure is the one kept), and returns a
:class:`Store`:

* ``figures``: tidy rows (:data:`cpanalysis.benchmarks.read.COLUMNS`);
* ``areas``: each council's old and new code, name, region and type;
* ``neighbours``: DfE's statistical-neighbour groupings (latest model first);
* ``summary``: one row per file: read, skipped (and why), rows kept.

A file the importer does not recognise stops the import with one line naming
it and the columns it expected (:class:`cpanalysis.errors.InputError`, exit 2).
Documentation (``.md``, ``.txt``, ``.pdf``) is listed as skipped.

:func:`save` writes the store as parquet (``FILE``, ``FILE`` with
``.areas.parquet`` and ``.neighbours.parquet``); :func:`load` reads it back,
or imports a folder.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import InputError
from .read import (COLUMNS, SKIPPED, SYNTHETIC_RELEASE, NotRecognised, dfe_name, is_synthetic, read_file,
                   read_lookup, read_neighbours, spec_for, table_name)

__all__ = ["Store", "import_folder", "load", "refuse_synthetic", "save", "summary_text", "synthetic_files"]

_DOCS = (".md", ".txt", ".pdf", ".html", ".docx", ".odt")
#: Known companions of DfE downloads that are not read, and why.
_NOT_READ = {
    "bds_long_0": "LAIT's own dataset (the DfE release files are read instead)",
    "lait_data_dictionary": "LAIT's data dictionary (polarity comes from our measure registry)",
    "la_code_list": "LAIT's LA list (regions come from the LA files and la_lookup)",
}


@dataclass
class Store:
    """DfE figures, areas and statistical neighbours, as imported."""

    figures: pd.DataFrame
    areas: pd.DataFrame
    neighbours: pd.DataFrame
    summary: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def synthetic(self) -> bool:
        """True for the demo's synthetic DfE-format figures (:mod:`cpanalysis.synth.published`), never
        for DfE's published files: every row of a synthetic file carries
        :data:`cpanalysis.benchmarks.read.SYNTHETIC_RELEASE`."""
        if self.figures.empty:
            return False
        release = self.figures["release"]
        if isinstance(release.dtype, pd.CategoricalDtype):  # the importer's: no pass over a million rows
            return SYNTHETIC_RELEASE in set(release.cat.categories)
        return bool((release == SYNTHETIC_RELEASE).any())


def synthetic_files(folder: Path | str) -> list[Path]:
    """The demo's synthetic DfE-format files under ``folder`` (names starting ``synthetic_``), sorted."""
    folder = Path(folder)
    if folder.is_file():
        return [folder] if is_synthetic(folder) else []
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and is_synthetic(p))


def refuse_synthetic(folder: Path | str) -> None:
    """Stop a council's run whose benchmarks input holds the demo's synthetic files.

    A council's comparators must be DfE's published figures: the synthetic
    files are made up for the demo (:mod:`cpanalysis.synth.published`).
    A parquet store written from them is refused too (its figures carry the
    synthetic release label).

    Raises
    ------
    InputError
        One line naming the folder and the first synthetic file.
    """
    folder = Path(folder)
    found = synthetic_files(folder)
    if not found and folder.is_file() and folder.suffix == ".parquet":
        try:
            releases = pd.read_parquet(folder, columns=["release"])["release"].astype(str)
        except (OSError, ValueError, KeyError):
            releases = pd.Series([], dtype=str)
        if (releases == SYNTHETIC_RELEASE).any():
            found = [folder]
    if found:
        raise InputError(f"{folder}: holds synthetic DfE-format files made for the demo ({found[0].name}); a "
                         "council's comparators must come from DfE's published downloads: point [inputs] "
                         "benchmarks in the settings file at them")


def _release_order(frame: pd.DataFrame) -> str:
    """A file's release is named by the latest year it covers ("2024-25" for the 2025 release)."""
    return str(frame["year"].max())


def _is_neighbours(path: Path) -> bool:
    n = dfe_name(path).lower()
    return n.startswith("sn_") or "statistical_neighbour" in n


def _base(path: Path) -> str:
    return re.sub(r"\.(csv|xlsx|parquet)(\.gz)?$", "", dfe_name(path))


def _areas_from_figures(figures: pd.DataFrame) -> pd.DataFrame:
    """Each council's codes, name and region, from the LA rows of the latest year of the figures."""
    local = figures.loc[figures["area_type"] == "local", ["la_code", "area_code", "area_name", "year", "table"]]
    local = local.sort_values("year").drop_duplicates("la_code", keep="last")
    return local.loc[:, ["la_code", "area_code", "area_name"]].reset_index(drop=True)


def _regions(frames: list[tuple[Path, pd.DataFrame]]) -> pd.DataFrame:
    """la_code -> region code and name, as DfE's LA files give them.

    London boroughs belong to Inner London (E13000001) or Outer London
    (E13000002), as in DfE's LA rows and in LAIT's tables.
    """
    from .read import read_text_csv

    for path, _ in frames:
        raw = read_text_csv(path)
        if {"old_la_code", "region_code", "region_name", "geographic_level"} <= set(raw.columns):
            raw = raw.loc[raw["geographic_level"] == "Local authority"]
            raw = raw.sort_values("time_period").drop_duplicates("old_la_code", keep="last")
            return pd.DataFrame({"la_code": raw["old_la_code"].str.strip(),
                                 "region_code": raw["region_code"].str.strip(),
                                 "region_name": raw["region_name"].str.strip()})
    return pd.DataFrame(columns=["la_code", "region_code", "region_name"])


def import_folder(folder: Path | str) -> Store:
    """Read every DfE download under ``folder`` into a :class:`Store`.

    Rule (DfE; DOMAIN.md section 5): for each table and year the rows of the
    latest release covering that year are kept, all others dropped. Symbols
    stay symbols (``value`` NaN, ``symbol`` ``c``/``z``/``x``/``k``/``low``),
    never 0. Checked by ``tests/benchmarks/test_store.py`` against the 2023
    and 2025 releases' 31 March 2023 figures.

    Raises
    ------
    InputError
        When the folder is missing or holds no DfE file, or a file is not
        recognised (one line per file: its name and the columns expected).
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(f"{folder}: not a folder of DfE downloads")
    read: list[tuple[Path, pd.DataFrame]] = []
    summary: list[dict] = []
    lookups: list[pd.DataFrame] = []
    neighbours: list[pd.DataFrame] = []
    problems: list[str] = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")):
        rel = str(path.relative_to(folder))
        base = _base(path)
        try:
            if path.suffix.lower() in _DOCS:
                summary.append({"file": rel, "table": "", "status": "skipped", "note": "documentation", "rows": 0})
            elif base in _NOT_READ or table_name(path) in SKIPPED:
                why = _NOT_READ.get(base) or SKIPPED[table_name(path)]
                summary.append({"file": rel, "table": "", "status": "skipped", "note": why, "rows": 0})
            elif base.startswith("la_lookup"):
                lookups.append(read_lookup(path))
                summary.append({"file": rel, "table": "la_lookup", "status": "read", "note": "LA lookup",
                                "rows": len(lookups[-1])})
            elif _is_neighbours(path):
                if path.suffix.lower() == ".xlsx":
                    summary.append({"file": rel, "table": "", "status": "skipped", "rows": 0,
                                    "note": "Excel copy of DfE's groupings: save it as CSV to import it"})
                else:
                    neighbours.append(read_neighbours(path))
                    summary.append({"file": rel, "table": "statistical_neighbours", "status": "read",
                                    "note": f"model {neighbours[-1]['model'].iloc[0]}",
                                    "rows": len(neighbours[-1])})
            elif spec_for(path) is not None:
                frame = read_file(path)
                read.append((path, frame))
                summary.append({"file": rel, "table": frame["table"].iloc[0] if len(frame) else table_name(path),
                                "status": "read", "note": frame["release"].iloc[0] if len(frame) else "",
                                "rows": len(frame)})
            else:
                read_file(path)  # raises NotRecognised with the columns expected
        except NotRecognised as exc:
            problems.append(str(exc))
    if problems:
        raise InputError("\n".join(problems))
    made_up = [p for p, _ in read if is_synthetic(p)]
    if made_up and len(made_up) < len(read):
        raise InputError(f"{folder}: mixes the demo's synthetic DfE-format files ({made_up[0].name}) with DfE's "
                         "published files; keep them in separate folders")
    if not read:
        raise InputError(f"{folder}: no DfE download found (expected files such as "
                         "la_cla_placement_stability.csv from Explore Education Statistics)")
    figures = _latest_releases(read, summary)
    areas = _areas(figures, lookups, read)
    sn = _neighbours(neighbours)
    store = Store(figures, areas, sn, pd.DataFrame(summary))
    store.summary.attrs["checks"] = _checks(figures, areas, sn)
    return store


def _checks(figures: pd.DataFrame, areas: pd.DataFrame, sn: pd.DataFrame) -> dict[str, object]:
    """Figures that should not be there: duplicates, cell text that is not a GSS symbol, councils without neighbours."""
    from .read import SYMBOLS

    key = ["table", "measure", "area_code", "la_code", "year", "breakdown"]
    dup = int(figures.duplicated(key).sum())
    sym = figures["symbol"].astype(str)
    odd = sorted(set(sym.unique()) - set(SYMBOLS) - {""})
    current = set(areas.loc[areas["current"], "la_code"])
    with_sn = set(sn["la_code"]) if not sn.empty else set()
    return {"duplicate figures": dup, "unknown symbols": odd, "councils without neighbours": sorted(current - with_sn)}


def _latest_releases(read: list[tuple[Path, pd.DataFrame]], summary: list[dict]) -> pd.DataFrame:
    """Keep, for each table and year, the rows of the latest release that covers the year.

    Decided per file and year (a release is named by the latest year it
    covers), so only the years a later release revises are filtered out.
    """
    best: dict[tuple[str, str], str] = {}
    files = []
    for path, f in read:
        if f.empty:
            files.append((path, f, "", []))
            continue
        table, order, years = str(f["table"].iloc[0]), _release_order(f), list(f["year"].unique())
        for y in years:
            best[(table, y)] = max(best.get((table, y), ""), order)
        files.append((path, f, order, years))
    kept_frames, kept = [], {}
    for path, f, order, years in files:
        if f.empty:
            kept[str(path)] = 0
            continue
        table = str(f["table"].iloc[0])
        keep = [y for y in years if best[(table, y)] == order]
        g = f if len(keep) == len(years) else f.loc[f["year"].isin(keep)]
        kept[str(path)] = len(g)
        kept_frames.append(g)
    for row, (path, _) in zip([s for s in summary if s["status"] == "read" and s["table"] not in
                               ("la_lookup", "statistical_neighbours")], read):
        row["kept"] = int(kept.get(str(path), 0))
    out = pd.concat(kept_frames, ignore_index=True).loc[:, list(COLUMNS)]
    for c in ("measure", "area_type", "unit", "table", "release", "symbol"):
        out[c] = out[c].astype("category")
    return out


def _areas(figures: pd.DataFrame, lookups: list[pd.DataFrame], read: list[tuple[Path, pd.DataFrame]]) -> pd.DataFrame:
    areas = _areas_from_figures(figures)
    first = [(p, f) for p, f in read if f["table"].iloc[0] == "cla_number_and_rate_per_10k_children"] or read
    areas = areas.merge(_regions(first[-1:]), on="la_code", how="left")
    if lookups:
        extra = lookups[-1].loc[:, ["la_code", "la_type", "current"]]
        areas = areas.merge(extra, on="la_code", how="left")
    else:
        areas["la_type"] = ""
        areas["current"] = True
    areas["current"] = areas["current"].fillna(False).astype(bool)
    # placeholder councils (Cumbria 909, Northamptonshire 928) publish only z in the latest year
    latest = figures["year"].max()
    live = figures.loc[(figures["area_type"] == "local") & (figures["year"] == latest) & figures["value"].notna(),
                       "la_code"].unique()
    areas.loc[~areas["la_code"].isin(live), "current"] = False
    return areas.fillna({"la_type": "", "region_code": "", "region_name": ""}).reset_index(drop=True)


def _neighbours(frames: list[pd.DataFrame]) -> pd.DataFrame:
    cols = ["model", "la_code", "rank", "neighbour_la_code", "closeness", "current"]
    if not frames:
        return pd.DataFrame(columns=cols)
    sn = pd.concat(frames, ignore_index=True)
    sn = sn.loc[sn["current"].astype(bool)]
    sn = sn.drop_duplicates(["model", "la_code", "rank"]).sort_values(["model", "la_code", "rank"],
                                                                      ascending=[False, True, True])
    return sn.loc[:, cols].reset_index(drop=True)


def summary_text(store: Store) -> str:
    """The validation summary: files read and skipped, rows kept, years, symbols, councils."""
    s = store.summary
    f = store.figures
    lines = []
    for r in s.itertuples():
        kept = getattr(r, "kept", None)
        extra = f", {int(kept)} kept" if isinstance(kept, (int, float)) and not pd.isna(kept) else ""
        lines.append(f"{r.status:8} {r.file}: {r.rows} rows{extra}{'; ' + r.note if r.note else ''}")
    sym = f["symbol"].astype(str).value_counts()
    sym_words = ", ".join(f"{k} {v}" for k, v in sym.items() if k) or "none"
    years = sorted(f["year"].unique())
    lines.append(f"figures: {len(f)} rows from {f['table'].nunique()} tables, years {years[0]} to {years[-1]}; "
                 f"symbols: {sym_words}")
    lines.append(f"councils: {int(store.areas['current'].sum())} current of {len(store.areas)}; "
                 f"statistical-neighbour models: {', '.join(sorted(store.neighbours['model'].unique())) or 'none'}")
    checks = s.attrs.get("checks", {})
    if checks:
        odd = checks["unknown symbols"]
        nosn = checks["councils without neighbours"]
        lines.append(f"checks: {checks['duplicate figures']} duplicate figures; "
                     f"cell text that is not a number or a GSS symbol: {', '.join(odd) if odd else 'none'}; "
                     f"current councils without statistical neighbours: {', '.join(nosn) if nosn else 'none'}")
    return "\n".join(lines)


def _siblings(out: Path) -> tuple[Path, Path]:
    stem = out.name[: -len(".parquet")] if out.name.endswith(".parquet") else out.name
    return out.with_name(stem + ".areas.parquet"), out.with_name(stem + ".neighbours.parquet")


def save(store: Store, out: Path | str) -> list[Path]:
    """Write the store as parquet: figures to ``out``, areas and neighbours beside it, and the
    validation summary (one row per file: read or skipped, why, rows read and kept) as CSV."""
    out = Path(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        areas_p, sn_p = _siblings(out)
        summary_p = areas_p.with_name(areas_p.name.replace(".areas.parquet", ".summary.csv"))
        store.figures.to_parquet(out, index=False)
        store.areas.to_parquet(areas_p, index=False)
        store.neighbours.to_parquet(sn_p, index=False)
        written = [out, areas_p, sn_p]
        if not store.summary.empty:
            store.summary.to_csv(summary_p, index=False)
            written.append(summary_p)
    except OSError as exc:
        raise InputError(f"{out}: cannot write the benchmark store ({exc.strerror or exc})") from None
    return written


def load(path: Path | str) -> Store:
    """A store from a parquet file written by :func:`save`, or imported from a folder of downloads.

    Read once per process for each path (and its modification time): the scorecard's comparators,
    the benchmark trend charts, the methodology page and the Virtual School's national figures of one
    notebook all read the same store. Treat the store as read-only.
    """
    path = Path(path).resolve()
    stamp = path.stat().st_mtime if path.exists() else 0.0
    return _load(str(path), stamp)


@functools.lru_cache(maxsize=4)
def _load(where: str, stamp: float) -> Store:
    path = Path(where)
    if path.is_dir():
        return import_folder(path)
    if not path.is_file():
        raise InputError(f"{path}: no benchmark store or folder of DfE downloads here")
    areas_p, sn_p = _siblings(path)
    try:
        return Store(pd.read_parquet(path), pd.read_parquet(areas_p), pd.read_parquet(sn_p))
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: not a benchmark store written by cpanalysis benchmarks import ({exc})") from None

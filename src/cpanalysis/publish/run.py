"""``cpanalysis run``: one quarter's briefings, from raw data to checked HTML.

Steps: make demo data when the raw folder is empty; build the processed data
once (:func:`cpanalysis.derive.build`) so that notebooks only read it; run every notebook in the
notebooks folder at once, one kernel each, with the quarter's parameters
(executed copies go to a private folder, never the published one); convert each
to HTML; check each page with the publication gate and publish only those it
passes; write the quarter's index page; check the whole published folder again
(the gate's last word); write ``run_log.json``.
"""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError, ProblemsFound
from ..quarters import Quarter
from .gate import check_dir, checkable_ids, format_findings
from .ids import child_ids
from .index import write_index
from .kernels import available as kernels_available
from .kernels import start_server
from .parallel import NotebookResult, Progress, publish_notebooks
from .runlog import code_version, file_hashes, package_versions

__all__ = ["RUN_LOG", "RunConfig", "run_quarter"]

#: Name of the run log written beside the briefings (and, in full, in the private folder).
RUN_LOG = "run_log.json"


@dataclass
class RunConfig:
    """Every choice a quarterly run makes; recorded in the run log."""

    quarter: str
    council: str = "Demo Borough"
    raw_dir: Path = Path("data/raw")
    processed_dir: Path = Path("data/processed")
    notebooks_dir: Path = Path("notebooks")
    outputs_dir: Path = Path("outputs")
    private_dir: Path = Path("private")
    threshold: int = 5
    seed: int = 1
    notebooks: list[str] = field(default_factory=list)
    workers: int | None = None
    #: Fork each notebook's kernel from a pre-loaded server (:mod:`cpanalysis.publish.kernels`)
    #: where the platform can; False starts a new Python for each, as Jupyter does.
    fork_kernels: bool = True


def _ensure_data(config: RunConfig) -> bool:
    """Generate synthetic data into an empty raw folder; return True if it did."""
    raw = config.raw_dir
    has_years = raw.is_dir() and any(p.is_dir() and p.name[:4].isdigit() for p in raw.iterdir())
    if has_years:
        return False
    try:
        from ..synth import generate  # type: ignore[attr-defined]
    except ImportError as exc:
        raise InputError(f"{raw}: no return-year folders, and no synthetic data generator to make some") from exc

    print(f"cpanalysis run: {raw} has no return-year folders; generating synthetic data (seed {config.seed})")
    generate(raw, seed=config.seed)
    return True


def _check_quarter_in_data(quarter: Quarter, raw: Path) -> None:
    """Refuse a quarter outside the return years in the raw folder (before anything is built)."""
    from ..load import find_return_years

    years = [y for y, _ in find_return_years(raw)]
    if not years:
        raise InputError(f"{raw}: no return-year folders")
    if not years[0] <= quarter.year <= years[-1]:
        raise InputError(
            f"quarter {quarter.label} is outside the data ({years[0]}-{(years[0] + 1) % 100:02d} "
            f"to {years[-1]}-{(years[-1] + 1) % 100:02d})"
        )


def _longest_first(notebooks: list[Path], last_log: Path) -> list[Path]:
    """Order notebooks by their time in the last run, longest (or new) first.

    With fewer kernels than notebooks, starting the longest first keeps the
    last kernel from running alone at the end. The order changes nothing in
    the output.
    """
    try:
        seconds = {r["notebook"]: float(r["seconds"]) for r in json.loads(last_log.read_text())["notebooks"]}
    except (OSError, ValueError, KeyError, TypeError):
        return notebooks
    return sorted(notebooks, key=lambda p: (-seconds.get(p.name, float("inf")), p.name))


def _build(config: RunConfig) -> dict[str, Any]:
    """Build the processed data once, before any notebook reads it; return what the log records."""
    from ..derive import build

    started = time.perf_counter()
    print(f"cpanalysis run: building {config.processed_dir} from {config.raw_dir}", flush=True)
    build(config.raw_dir, config.processed_dir)
    return {"processed_dir": str(config.processed_dir), "seconds": round(time.perf_counter() - started, 2)}


def _check_folders(config: RunConfig, out_dir: Path, private: Path) -> None:
    """Refuse a private folder inside the published one (or the other way round)."""
    o, p = out_dir.resolve(), private.resolve()
    outputs = config.outputs_dir.resolve()
    if p == o or o in p.parents or p in o.parents or outputs in p.parents or p == outputs:
        raise InputError(
            f"private folder {config.private_dir} must not be inside or contain the published folder "
            f"{config.outputs_dir}: executed notebooks hold data about children"
        )


def _log(config: RunConfig, generated: bool, built: dict[str, Any], results: list[NotebookResult],
         gate: dict[str, Any], seconds: float, public: bool, forked: bool) -> dict[str, Any]:
    rows = []
    for r in results:
        row: dict[str, Any] = {"notebook": r.notebook, "status": r.status, "seconds": r.seconds, "html": r.html}
        if r.failure is not None:
            # The message of an exception may quote data; only the private log keeps it.
            row["failure"] = {"cell": r.failure.cell, "ename": r.failure.ename}
            if not public:
                row["failure"]["evalue"] = r.failure.evalue
        if r.findings:
            row["findings"] = len(r.findings) if public else r.findings
        rows.append(row)
    def where(v: Path) -> str:
        # A full path may hold a user name or a server's layout: the public log keeps only the folder name.
        return (v.name or str(v)) if public and v.is_absolute() else str(v)

    return {
        "config": {k: where(v) if isinstance(v, Path) else v for k, v in asdict(config).items()},
        "synthetic_data_generated": generated,
        "build": {k: where(Path(v)) if k.endswith("_dir") else v for k, v in built.items()} if built else built,
        "code": code_version(Path(__file__).parent),
        "packages": package_versions(),
        "inputs": file_hashes(config.raw_dir),
        "notebooks": rows,
        "kernels": "forked from a pre-loaded server" if forked else "a new Python each",
        "gate": gate,
        "seconds": round(seconds, 2),
    }


def run_quarter(config: RunConfig) -> Path:
    """Build one quarter's briefings.

    Returns
    -------
    pathlib.Path
        The folder of published HTML, ``outputs/<quarter>/``.

    Raises
    ------
    InputError
        Unknown quarter, missing notebooks folder, private folder inside the
        published one, or unusable data.
    ProblemsFound
        A notebook failed or a page was refused by the publication gate; no
        HTML is published for it, the others are.
    """
    started = time.perf_counter()
    quarter = Quarter.parse(config.quarter)
    if not config.notebooks_dir.is_dir():
        raise InputError(f"{config.notebooks_dir}: notebooks folder missing (run from the project folder)")
    notebooks = sorted(config.notebooks_dir.glob("*.ipynb"))
    if config.notebooks:
        notebooks = [p for p in notebooks if p.stem in config.notebooks]
    if not notebooks:
        raise InputError(f"{config.notebooks_dir}: no notebooks to run")
    out_dir = config.outputs_dir / quarter.slug
    private = config.private_dir / quarter.slug
    _check_folders(config, out_dir, private)
    forked = config.fork_kernels and kernels_available()
    if forked:
        # The kernels' server imports the libraries while the data are made and built.
        start_server()
    generated = _ensure_data(config)
    _check_quarter_in_data(quarter, config.raw_dir)
    built = _build(config)
    notebooks = _longest_first(notebooks, private / RUN_LOG)
    # Remove stale output first: nothing from an earlier run may pass for this one.
    for folder in (out_dir, private):
        if folder.exists():
            shutil.rmtree(folder)
    params = {
        "quarter": quarter.label,
        "council": config.council,
        "raw_dir": str(config.raw_dir.resolve()),
        "processed_dir": str(config.processed_dir.resolve()),
        "threshold": config.threshold,
    }
    ids = child_ids(config.raw_dir)
    print(f"cpanalysis run: {len(notebooks)} notebook(s) for {quarter.label}", flush=True)
    results = publish_notebooks(
        notebooks, out_dir=out_dir, private_dir=private, parameters=params,
        cwd=config.notebooks_dir.resolve(), threshold=config.threshold, child_ids=ids,
        workers=config.workers, progress=Progress(len(notebooks)), forked=forked,
    )
    write_index(out_dir, config.council, quarter.label, config.threshold)
    # The gate's last word: every page in the published folder, the index included.
    findings = check_dir(out_dir, threshold=config.threshold, child_ids=ids)
    gate = {"threshold": config.threshold, "child_ids_read": len(ids),
            "child_ids_checked": len(checkable_ids(ids)),
            "pages": len(list(out_dir.glob("*.html"))), "findings": len(findings)}
    seconds = time.perf_counter() - started
    for public, folder in ((True, out_dir), (False, private)):
        log = _log(config, generated, built, results, gate, seconds, public, forked)
        (folder / RUN_LOG).write_text(json.dumps(log, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    failed = [r for r in results if r.status == "failed"]
    refused = [r for r in results if r.status == "refused"]
    problems = []
    for r in failed:
        problems.append(f"{r.notebook} failed at {r.failure}")
    for r in refused:
        problems.append(f"{r.notebook} refused by the publication gate:\n  " + "\n  ".join(r.findings[:20]))
    if findings:
        for f in findings:
            Path(f.file).unlink(missing_ok=True)
        problems.append("published folder refused by the publication gate (pages removed):\n  "
                        + format_findings(findings).replace("\n", "\n  "))
    if problems:
        raise ProblemsFound(
            f"{len(failed)} notebook(s) failed, {len(refused)} refused; no HTML was published for them "
            f"(executed notebooks in {private}):\n" + "\n".join(problems)
        )
    return out_dir

"""``cpanalysis run``: one quarter's briefings, from raw data to checked HTML.

Steps: make demo data when the raw folder is empty; run every notebook in the
notebooks folder with the quarter's parameters (executed copies go to a private
folder); convert each to HTML in ``outputs/<quarter>/``; write ``run_log.json``.
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..errors import InputError, ProblemsFound
from ..load import find_return_years
from ..quarters import Quarter
from .render import execute_notebook, to_html
from .runlog import code_version, file_hashes, package_versions

__all__ = ["RunConfig", "run_quarter"]


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


def _ensure_data(config: RunConfig) -> bool:
    """Generate synthetic data into an empty raw folder; return True if it did."""
    raw = config.raw_dir
    has_years = raw.is_dir() and any(p.is_dir() and p.name[:4].isdigit() for p in raw.iterdir())
    if has_years:
        return False
    from ..synth import generate

    print(f"cpanalysis run: {raw} has no return-year folders; generating synthetic data (seed {config.seed})")
    generate(raw, seed=config.seed)
    return True


def run_quarter(config: RunConfig) -> Path:
    """Build one quarter's briefings.

    Returns
    -------
    pathlib.Path
        The folder of published HTML, ``outputs/<quarter>/``.

    Raises
    ------
    InputError
        Unknown quarter, missing notebooks folder, or unusable data.
    ProblemsFound
        A notebook failed; its HTML is not written.
    """
    quarter = Quarter.parse(config.quarter)
    if not config.notebooks_dir.is_dir():
        raise InputError(f"{config.notebooks_dir}: notebooks folder missing (run from the project folder)")
    generated = _ensure_data(config)
    years = [y for y, _ in find_return_years(config.raw_dir)]
    if not years[0] <= quarter.year <= years[-1]:
        raise InputError(
            f"quarter {quarter.label} is outside the data ({years[0]}-{(years[0] + 1) % 100:02d} "
            f"to {years[-1]}-{(years[-1] + 1) % 100:02d})"
        )
    notebooks = sorted(config.notebooks_dir.glob("*.ipynb"))
    if config.notebooks:
        notebooks = [p for p in notebooks if p.stem in config.notebooks]
    out_dir = config.outputs_dir / quarter.slug
    private = config.private_dir / quarter.slug
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    params = {
        "quarter": quarter.label,
        "council": config.council,
        "raw_dir": str(config.raw_dir.resolve()),
        "processed_dir": str(config.processed_dir.resolve()),
        "threshold": config.threshold,
    }
    results = []
    for i, nb in enumerate(notebooks, 1):
        print(f"[{i}/{len(notebooks)}] {nb.stem} ...", flush=True)
        started = time.perf_counter()
        status, failure = "ok", None
        try:
            executed = execute_notebook(nb, private / nb.name, params, cwd=config.notebooks_dir)
            (out_dir / f"{nb.stem}.html").write_text(to_html(executed), encoding="utf-8")
        except Exception as exc:  # a failing notebook must not stop the others
            status, failure = "failed", f"{type(exc).__name__}: {str(exc).strip().splitlines()[-1] if str(exc).strip() else ''}"
            print(f"    failed: {failure}", file=sys.stderr)
        results.append({"notebook": nb.name, "status": status, "seconds": round(time.perf_counter() - started, 2),
                        "failure": failure})
    log = {
        "config": {k: str(v) if isinstance(v, Path) else v for k, v in asdict(config).items()},
        "synthetic_data_generated": generated,
        "code": code_version(),
        "packages": package_versions(),
        "inputs": file_hashes(config.raw_dir),
        "notebooks": results,
    }
    (out_dir / "run_log.json").write_text(json.dumps(log, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    failed = [r["notebook"] for r in results if r["status"] != "ok"]
    if failed:
        raise ProblemsFound(f"{len(failed)} notebook(s) failed: {', '.join(failed)}; see {private}")
    return out_dir

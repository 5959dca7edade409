"""Benchmark: the full quarterly run against the floor of the toolchain, measured in one run.

* **run**: ``cpanalysis run --quarter Q`` in a fresh Python process, for the
  synthetic council (``cpanalysis.synth.generate``, seed 1): quarter check,
  data build, the kernels' server, every notebook at once, HTML, gate, index
  and run log. What an analyst waits for.
* **floor**: the same number of empty notebooks through papermill and
  nbconvert's stock HTML exporter, as many at once, also in a fresh Python
  process: starting Python, importing the two tools, starting a kernel for
  each notebook and converting it. No run can be faster than this on the
  same machine.
* **work**: the notebooks' own code (every cell, no kernel, no conversion)
  run one after another in one Python that has already imported everything,
  as CPU seconds. Divided by the number of CPUs, it is the least time any
  way of running these notebooks needs on this machine, however it starts
  them; it shows how much of the run is the briefings' computation itself.

Run and floor are timed ``--repeat`` times (default 3), alternately, and the
best taken, because these shared machines are noisy. Prints all three and the
ratio run/floor; the target is at most 1.5 (issue 6). Exit code 0 either way,
unless the run fails.

Usage: ``python bench/bench_briefing.py [--quarter 2024-25-Q3] [--repeat 3] [--jobs N]``
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = 1.5


def _floor_body(folder: Path, n: int, workers: int) -> None:
    """Inside the floor's own process: ``n`` empty notebooks through papermill then nbconvert."""
    from concurrent.futures import ThreadPoolExecutor

    import nbformat
    from nbconvert import HTMLExporter
    from nbformat.v4 import new_code_cell, new_notebook

    from cpanalysis.publish.render import execute_notebook

    empty = new_notebook(cells=[new_code_cell('quarter = ""', metadata={"tags": ["parameters"]})])
    empty.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}

    def one(i: int) -> None:
        path = folder / f"empty{i}.ipynb"
        nbformat.write(empty, path)
        nb = execute_notebook(path, folder / "executed" / path.name, {"quarter": "2024-25 Q3"}, folder)
        body, _ = HTMLExporter().from_notebook_node(nb)
        (folder / f"{path.stem}.html").write_text(body, encoding="utf-8")

    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(one, range(n)))


def _timed(cmd: list[str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"failed ({done.returncode}): {' '.join(cmd)}\n{done.stderr[-3000:]}")
    return seconds


def _floor(folder: Path, n: int, workers: int) -> float:
    """Wall seconds of a fresh process putting ``n`` empty notebooks through the tools, ``workers`` at once."""
    folder.mkdir(parents=True)
    try:
        return _timed([sys.executable, __file__, "--floor-only", str(folder), "--notebooks", str(n),
                       "--jobs", str(workers)])
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _run(base: Path, raw: Path, quarter: str, workers: int) -> tuple[float, int]:
    """Wall seconds of ``cpanalysis run`` in a fresh process, and how many notebooks it published."""
    out, private = base / "outputs", base / "private"
    seconds = _timed([sys.executable, "-m", "cpanalysis.cli", "run", "--quarter", quarter, "--raw", str(raw),
                      "--processed", str(base / "processed"), "--outputs", str(out), "--private", str(private),
                      "--notebooks", str(ROOT / "notebooks"), "--jobs", str(workers)])
    [log] = private.glob(f"*/run_log.json")
    published = sum(r["status"] == "ok" for r in json.loads(log.read_text())["notebooks"])
    return seconds, published


def _work(raw: Path, processed: Path, quarter: str) -> float:
    """CPU seconds of every publishable notebook's cells, run in this (warmed) process one after another."""
    import importlib

    import nbformat
    from IPython.core.interactiveshell import InteractiveShell

    from cpanalysis.publish.kernels import PRELOAD
    from cpanalysis.publish.render import is_publishable
    from cpanalysis.quarters import Quarter

    for module in PRELOAD:
        importlib.import_module(module)
    params = {"quarter": Quarter.parse(quarter).label, "council": "Demo Borough", "raw_dir": str(raw),
              "processed_dir": str(processed), "threshold": 5}
    shell = InteractiveShell.instance()
    cpu = 0.0
    here = Path.cwd()
    os.chdir(ROOT / "notebooks")
    try:
        for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
            nb = nbformat.read(path, as_version=4)
            if not is_publishable(nb):
                continue
            shell.reset(new_session=False)
            started = time.process_time()
            for cell in nb.cells:
                if cell.cell_type != "code":
                    continue
                result = shell.run_cell(cell.source, silent=True)
                if "parameters" in cell.metadata.get("tags", []):
                    shell.user_ns.update(params)
                elif not result.success:
                    raise SystemExit(f"{path.name}: a cell failed: {result.error_in_exec}")
            cpu += time.process_time() - started
    finally:
        os.chdir(here)
    return cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quarter", default="2024-25-Q3")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=None, help="notebooks at once (default: as cpanalysis run)")
    parser.add_argument("--floor-only", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--notebooks", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.floor_only is not None:
        _floor_body(args.floor_only, args.notebooks, args.jobs)
        return 0

    from cpanalysis.synth import generate

    cpus = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="bench-briefing-") as tmp:
        base = Path(tmp)
        raw = base / "raw"
        generate(raw, seed=1)
        notebooks = len(list((ROOT / "notebooks").glob("*.ipynb")))
        workers = max(1, min(notebooks, args.jobs or 2 * cpus))
        runs, floors = [], []
        for i in range(args.repeat):
            # Each run starts from nothing built, as a council's first run of a quarter's data.
            seconds, published = _run(base / f"run{i}", raw, args.quarter, workers)
            runs.append(seconds)
            floors.append(_floor(base / f"floor{i}", published, workers))
        work = _work(raw, base / "run0" / "processed", args.quarter)
    run, floor = min(runs), min(floors)
    ratio = run / floor
    print("data: synthetic council (cpanalysis.synth.generate, seed 1)")
    print(f"notebooks published: {published}, at most {workers} at once, {cpus} CPUs, best of {args.repeat}")
    print(f"full quarterly run:  {run:6.2f} s  (all: {', '.join(f'{s:.2f}' for s in runs)})")
    print(f"toolchain floor:     {floor:6.2f} s  (all: {', '.join(f'{s:.2f}' for s in floors)})")
    print(f"notebooks' own work: {work:6.2f} CPU s, so at least {work / cpus:.2f} s on {cpus} CPUs "
          f"({work / cpus / floor:.2f}x the floor) before any kernel, conversion or build")
    print(f"ratio: {ratio:.2f}x (target <= {TARGET}x): {'met' if ratio <= TARGET else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Run several notebooks at once, one kernel each, and publish each one that passes.

For each notebook, in its own thread with its own kernel (IPC sockets, see
:mod:`cpanalysis.publish.render`): execute it with papermill into the private
folder, convert it to HTML, check the HTML with the gate, and only then write
it into the published folder under a temporary name and rename it. A notebook
that fails or is refused leaves no HTML in the published folder; the others
carry on.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from ..protect.policy import DisclosurePolicy
from .gate import check_html
from .render import execute_notebook, is_publishable, to_html

__all__ = ["Failure", "NotebookResult", "Progress", "publish_notebooks"]


@dataclass(frozen=True)
class Failure:
    """Where a notebook failed.

    Attributes
    ----------
    cell : int or None
        1-based number of the failing cell in the source notebook (papermill's
        injected parameters cell not counted); None when no cell ran.
    ename, evalue : str
        The exception's name and message.
    """

    cell: int | None
    ename: str
    evalue: str

    def __str__(self) -> str:
        where = f"cell {self.cell}: " if self.cell is not None else ""
        return f"{where}{self.ename}: {self.evalue}".strip()


@dataclass
class NotebookResult:
    """What happened to one notebook.

    ``status`` is ``"ok"`` (published), ``"failed"`` (a cell raised),
    ``"refused"`` (the gate found something; see ``findings``) or ``"skipped"``
    (its metadata says it is not for publication).
    """

    notebook: str
    status: str
    seconds: float = 0.0
    failure: Failure | None = None
    findings: list[str] = field(default_factory=list)
    html: str | None = None


class Progress:
    """One line on the terminal per notebook started and finished (thread-safe)."""

    def __init__(self, total: int, stream: Any = None) -> None:
        self.total = total
        self.done = 0
        self.stream = stream if stream is not None else sys.stdout
        self._lock = threading.Lock()

    def say(self, name: str, text: str, finished: bool = False) -> None:
        """Print ``[done/total] name: text``."""
        with self._lock:
            if finished:
                self.done += 1
            print(f"[{self.done}/{self.total}] {name}: {text}", file=self.stream, flush=True)


def _source_cell(executed: Path, cell_index: int) -> int:
    """1-based number in the source notebook of the executed notebook's cell ``cell_index``."""
    try:
        nb = nbformat.read(executed, as_version=4)
    except Exception:  # noqa: BLE001 - a best-effort label only
        return cell_index + 1
    injected = sum(
        "injected-parameters" in c.get("metadata", {}).get("tags", []) for c in nb.cells[:cell_index]
    )
    return cell_index + 1 - injected


def _one(
    source: Path,
    *,
    out_dir: Path,
    private_dir: Path,
    parameters: dict[str, Any],
    cwd: Path,
    policy: DisclosurePolicy,
    child_ids: frozenset[str],
    socket_root: str,
    progress: Progress,
    forked: bool,
    cancelled: threading.Event,
) -> NotebookResult:
    import papermill

    name = source.stem
    target = out_dir / f"{name}.html"
    started = time.perf_counter()
    if not is_publishable(source):
        progress.say(name, "skipped (its metadata says it is not for publication)", finished=True)
        return NotebookResult(source.name, "skipped")
    if cancelled.is_set():
        return NotebookResult(source.name, "cancelled")
    progress.say(name, "started")
    executed = private_dir / source.name
    try:
        nb = execute_notebook(source, executed, parameters, cwd, socket_root=socket_root,
                              kernel_log=private_dir / f"{name}.kernel.log", forked=forked)
        page = to_html(nb)
    except papermill.PapermillExecutionError as exc:
        failure = Failure(_source_cell(executed, exc.cell_index), str(exc.ename), str(exc.evalue))
    except Exception as exc:  # noqa: BLE001 - one failing notebook must not stop the others
        failure = Failure(None, type(exc).__name__, str(exc).strip().splitlines()[-1] if str(exc).strip() else "")
    else:
        findings = check_html(page, name=str(target), policy=policy, child_ids=child_ids)
        seconds = round(time.perf_counter() - started, 2)
        if findings:
            refused = private_dir / "refused" / target.name
            refused.parent.mkdir(parents=True, exist_ok=True)
            refused.write_text(page, encoding="utf-8")
            progress.say(name, f"REFUSED by the publication gate ({len(findings)} finding(s)); "
                         f"kept privately as {refused}", finished=True)
            return NotebookResult(source.name, "refused", seconds, findings=[str(f) for f in findings])
        partial = out_dir / f".{name}.html.partial"
        partial.write_text(page, encoding="utf-8")
        os.replace(partial, target)
        progress.say(name, f"ok ({seconds:.1f} s)", finished=True)
        return NotebookResult(source.name, "ok", seconds, html=target.name)
    seconds = round(time.perf_counter() - started, 2)
    progress.say(name, f"FAILED at {failure}", finished=True)
    return NotebookResult(source.name, "failed", seconds, failure=failure)


def publish_notebooks(
    notebooks: Iterable[Path],
    *,
    out_dir: Path,
    private_dir: Path,
    parameters: dict[str, Any],
    cwd: Path,
    policy: DisclosurePolicy,
    child_ids: Iterable[str] = (),
    workers: int | None = None,
    progress: Progress | None = None,
    forked: bool = True,
) -> list[NotebookResult]:
    """Execute, convert, gate and publish ``notebooks`` in parallel.

    Parameters
    ----------
    notebooks : iterable of pathlib.Path
        Source notebooks.
    out_dir, private_dir : pathlib.Path
        The published folder and the private one (executed notebooks, refused pages).
    parameters : dict
        Papermill parameters, the same for every notebook.
    cwd : pathlib.Path
        Kernels' working folder.
    policy : DisclosurePolicy
        What the publication gate lets through.
    child_ids : iterable of str
        CHILD ids the gate refuses.
    workers : int, optional
        Kernels at once (default: twice the number of CPUs, at most the number of notebooks).
    progress : Progress, optional
        Where progress lines go (default: the terminal).
    forked : bool
        Fork each kernel from the pre-loaded server (:mod:`cpanalysis.publish.kernels`;
        the default, where the platform can) rather than start a new Python for it.

    Returns
    -------
    list of NotebookResult
        In the order of ``notebooks``.

    Raises
    ------
    KeyboardInterrupt
        On Ctrl-C (or SIGTERM turned into one by the caller): no further
        notebook starts, running forked kernels are killed, and the interrupt
        is raised again once the threads have stopped.
    """
    from .kernels import allow_kernels, available

    forked = forked and available()
    allow_kernels()  # an earlier interrupted run in this process does not stop this one
    notebooks = [Path(nb).resolve() for nb in notebooks]
    out_dir, private_dir, cwd = Path(out_dir).resolve(), Path(private_dir).resolve(), Path(cwd).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    private_dir.mkdir(parents=True, exist_ok=True)
    progress = progress or Progress(len(notebooks))
    ids = frozenset(child_ids)
    # Kernels spend part of their time waiting (start-up, disk), so twice as
    # many as CPUs finish sooner than one per CPU (measured: 29 s against 35 s
    # for six notebooks on two cores).
    n = max(1, min(len(notebooks), workers or 2 * (os.cpu_count() or 1)))
    socket_root = tempfile.mkdtemp(prefix="cpanalysis-")
    cancelled = threading.Event()
    pool = ThreadPoolExecutor(max_workers=n, thread_name_prefix="notebook")
    try:
        futures = [
            pool.submit(
                _one, nb, out_dir=out_dir, private_dir=private_dir, parameters=parameters, cwd=cwd,
                policy=policy, child_ids=ids, socket_root=socket_root, progress=progress,
                forked=forked, cancelled=cancelled,
            )
            for nb in notebooks
        ]
        results = [f.result() for f in futures]
    except KeyboardInterrupt:
        cancelled.set()
        pool.shutdown(wait=False, cancel_futures=True)
        from .kernels import kill_kernels

        kill_kernels()  # running notebooks end at once (their kernel is gone)
        pool.shutdown(wait=True)
        raise
    finally:
        pool.shutdown(wait=True)
        shutil.rmtree(socket_root, ignore_errors=True)
    return results

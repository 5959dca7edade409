"""Safe runs: one at a time, swapped in whole, ``--only`` keeps the other pages, Ctrl-C publishes nothing."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from publish_fixture import FIXTURE_NOTEBOOKS, QUARTER, cli
from g1_fixture import write_fixture

pytestmark = pytest.mark.slow


def _dirs(root: Path) -> dict[str, Path]:
    return {"outputs": root / "outputs", "private": root / "private", "processed": root / "processed",
            "notebooks": root / "notebooks", "raw": write_fixture(root / "raw")}


def _args(d: dict[str, Path], *extra: str) -> list[str]:
    return ["run", "--quarter", QUARTER, "--raw", str(d["raw"]), "--notebooks", str(d["notebooks"]),
            "--outputs", str(d["outputs"]), "--private", str(d["private"]), "--processed", str(d["processed"]),
            *extra]


def _sleeping_notebook(path: Path) -> None:
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('quarter = "2024-25 Q3"\ncouncil = "x"\npolicy = {}')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell("import time\ntime.sleep(120)")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    nbformat.write(nb, path)


def test_only_replaces_only_its_own_pages(tmp_path):
    d = _dirs(tmp_path)
    d["notebooks"].mkdir()
    shutil.copy(FIXTURE_NOTEBOOKS / "clean.ipynb", d["notebooks"] / "clean.ipynb")
    published = d["outputs"] / QUARTER
    published.mkdir(parents=True)
    (published / "other_briefing.html").write_text("<html><body><main><h1>Other</h1></main></body></html>")
    (published / "clean.html").write_text("<html><body><main><h1>Old clean</h1></main></body></html>")
    result = cli(_args(d, "--only", "clean"))
    assert result.code == 0, result.stderr
    assert (published / "other_briefing.html").read_text().count("Other") == 1
    assert "Old clean" not in (published / "clean.html").read_text()
    assert "other_briefing.html" in (published / "index.html").read_text()
    assert not (published / "PARTIAL.txt").exists()
    assert [p.name for p in d["outputs"].iterdir()] == [QUARTER]  # no staging folder left


def test_only_with_an_unknown_name_is_one_line(tmp_path):
    d = _dirs(tmp_path)
    d["notebooks"].mkdir()
    shutil.copy(FIXTURE_NOTEBOOKS / "clean.ipynb", d["notebooks"] / "clean.ipynb")
    result = cli(_args(d, "--only", "scorecrd"))
    assert result.code == 2
    assert "no notebook named scorecrd" in result.stderr


def test_a_second_run_in_the_same_folder_refuses_in_one_line(tmp_path):
    d = _dirs(tmp_path)
    d["notebooks"].mkdir()
    shutil.copy(FIXTURE_NOTEBOOKS / "clean.ipynb", d["notebooks"] / "clean.ipynb")
    d["private"].mkdir()
    with open(d["private"] / ".cpanalysis-run.lock", "a+") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = cli(_args(d))
    assert result.code == 2
    assert "another cpanalysis run is using this folder" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (d["outputs"] / QUARTER).exists()


def test_a_set_with_a_failed_page_is_marked_partial(tmp_path):
    d = _dirs(tmp_path)
    d["notebooks"].mkdir()
    for name in ("clean", "broken"):
        shutil.copy(FIXTURE_NOTEBOOKS / f"{name}.ipynb", d["notebooks"] / f"{name}.ipynb")
    result = cli(_args(d))
    assert result.code == 1
    marker = (d["outputs"] / QUARTER / "PARTIAL.txt").read_text()
    assert "broken" in marker and "not complete" in marker
    log = json.loads((d["outputs"] / QUARTER / "run_log.json").read_text())
    assert log["status"] == "partial"


def _as_from_a_terminal() -> None:
    """The run's signal state as a shell in a terminal gives it: Ctrl-C neither ignored nor blocked.

    A child inherits ignored signals and the signal mask, so a test process started in the
    background, or holding threads that block SIGINT, would otherwise start the run deaf to it.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def test_ctrl_c_stops_kernels_and_leaves_the_previous_set(tmp_path):
    d = _dirs(tmp_path)
    d["notebooks"].mkdir()
    _sleeping_notebook(d["notebooks"] / "a_sleeper.ipynb")
    shutil.copy(FIXTURE_NOTEBOOKS / "clean.ipynb", d["notebooks"] / "clean.ipynb")
    published = d["outputs"] / QUARTER
    published.mkdir(parents=True)
    (published / "index.html").write_text("<html><body><main><h1>Last quarter's complete set</h1></main></body></html>")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "cpanalysis.cli", *_args(d, "--jobs", "1")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            start_new_session=True, preexec_fn=_as_from_a_terminal)
    assert proc.stdout is not None
    seen = ""
    deadline = time.monotonic() + 90
    while "a_sleeper: started" not in seen and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        seen += line
    assert "a_sleeper: started" in seen, seen
    time.sleep(3)  # the kernel is running its two-minute cell
    started = time.monotonic()
    proc.send_signal(signal.SIGINT)
    try:
        out, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:  # say where it is stuck (the CLI prints its threads on SIGUSR1)
        proc.send_signal(signal.SIGUSR1)
        time.sleep(2)
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        pytest.fail(f"the run did not stop within 60 s of Ctrl-C:\n{seen}{out}\n{err[-6000:]}")
    assert time.monotonic() - started < 30  # it did not sit out the two minutes
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    assert "clean: started" not in seen + out  # nothing started after the interrupt
    assert (published / "index.html").read_text().count("Last quarter's complete set") == 1
    assert not (published / "clean.html").exists()
    assert sorted(p.name for p in d["outputs"].iterdir()) == [QUARTER]
    assert json.loads((d["private"] / QUARTER / "run_log.json").read_text())["status"] == "interrupted"

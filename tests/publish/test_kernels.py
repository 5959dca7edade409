"""Kernels forked from the pre-loaded server behave as kernels started the usual way."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import nbformat
import papermill
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from cpanalysis.protect.policy import DisclosurePolicy
from cpanalysis.publish.kernels import ForkedKernelProcess, fork_kernel, start_server
from cpanalysis.publish.render import execute_notebook

POLICY = DisclosurePolicy(threshold=5)

CELLS = [
    'quarter = ""',
    "import os, sys\nprint(os.getcwd())\nprint(os.getppid())",
    "import pandas as pd\npd.DataFrame({'children': [5, 7]}).to_html()",
    "'matplotlib.pyplot' in sys.modules, os.environ.get('CPANALYSIS_TEST_ENV')",
    "import numpy as np\nos.getpgid(0) == os.getpid(), os.isatty(0), np.random.random()",
]


def _notebook(folder, cells=CELLS):
    nb = new_notebook(cells=[new_code_cell(c) for c in cells])
    nb.cells[0].metadata["tags"] = ["parameters"]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder / "nb.ipynb"
    nbformat.write(nb, path)
    return path


def _outputs(nb):
    return [[{k: v for k, v in o.items() if k != "execution_count"} for o in c.outputs] for c in nb.cells]


def test_forked_kernel_runs_a_notebook_as_a_new_python_does(tmp_path, monkeypatch):
    monkeypatch.setenv("CPANALYSIS_TEST_ENV", "passed through")
    source = _notebook(tmp_path)
    work = tmp_path / "work"
    work.mkdir()
    usual = execute_notebook(source, tmp_path / "usual.ipynb", {"quarter": "2024-25 Q3"}, work)
    forked = execute_notebook(source, tmp_path / "forked.ipynb", {"quarter": "2024-25 Q3"}, work, forked=True)
    usual_out, forked_out = _outputs(usual), _outputs(forked)
    # The working folder, the DataFrame's HTML and the environment are the same ...
    cwd_usual, ppid_usual = usual_out[2][0]["text"].split()
    cwd_forked, ppid_forked = forked_out[2][0]["text"].split()
    assert cwd_usual == cwd_forked == str(work)
    assert usual_out[3] == forked_out[3]
    assert "passed through" in forked_out[4][0]["data"]["text/plain"]
    # ... but the forked kernel's parent is the server (not this process), which
    # had imported matplotlib before the fork; the usual kernel imports it never.
    assert int(ppid_usual) == os.getpid() and int(ppid_forked) != os.getpid()
    assert forked_out[4][0]["data"]["text/plain"].startswith("(True,")
    assert usual_out[4][0]["data"]["text/plain"].startswith("(False,")
    # Each kernel leads its own process group and reads nothing from the terminal, as a launched one.
    for out in (usual_out, forked_out):
        assert out[5][0]["data"]["text/plain"].startswith("(True, False, ")
    # numpy's global random state is not the server's, shared by every fork.
    again = _outputs(execute_notebook(source, tmp_path / "again.ipynb", {"quarter": "2024-25 Q3"}, work, forked=True))
    assert again[5][0]["data"]["text/plain"] != forked_out[5][0]["data"]["text/plain"]


def test_failing_cell_is_reported_from_a_forked_kernel(tmp_path):
    source = _notebook(tmp_path, ['quarter = ""', "x = 1", "raise ValueError('cell two broke')"])
    with pytest.raises(papermill.PapermillExecutionError) as info:
        execute_notebook(source, tmp_path / "out.ipynb", {}, tmp_path, forked=True)
    assert info.value.ename == "ValueError" and "cell two broke" in info.value.evalue
    assert info.value.cell_index == 2  # no parameters given, so no injected cell


def test_forked_kernel_process_signals_and_exit_code(tmp_path):
    """The Popen methods jupyter_client uses, on a kernel left waiting for its client."""
    connection = tmp_path / "kernel.json"
    # A kernel with no client: it writes a connection file and waits.
    process = fork_kernel(["python", "-m", "ipykernel_launcher", "-f", str(connection)],
                          cwd=tmp_path, env=dict(os.environ), log=str(tmp_path / "kernel.log"))
    assert isinstance(process, ForkedKernelProcess)
    assert process.poll() is None and process.returncode is None
    assert process.wait(timeout=0.1) is None  # still running
    process.kill()
    assert process.wait(timeout=30) == -signal.SIGKILL
    assert process.poll() == -signal.SIGKILL
    process.kill()  # already gone: nothing happens


def test_a_kernel_starting_when_the_run_is_interrupted_is_killed_as_soon_as_it_exists(tmp_path):
    """Ctrl-C while the first kernel waits for the server's imports: kill_kernels() finds no kernel to
    kill yet, so the kernel must die as soon as it exists, or its notebook runs to the end."""
    from cpanalysis.publish.kernels import allow_kernels, kill_kernels

    kill_kernels()  # the interrupt arrives before the kernel exists
    try:
        process = fork_kernel(["python", "-m", "ipykernel_launcher", "-f", str(tmp_path / "kernel.json")],
                              cwd=tmp_path, env=dict(os.environ), log=str(tmp_path / "kernel.log"))
        assert process.wait(timeout=30) == -signal.SIGKILL
    finally:
        allow_kernels()
    # A new run in the same process starts kernels again.
    process = fork_kernel(["python", "-m", "ipykernel_launcher", "-f", str(tmp_path / "kernel2.json")],
                          cwd=tmp_path, env=dict(os.environ), log=str(tmp_path / "kernel2.log"))
    assert process.wait(timeout=0.5) is None
    process.kill()
    assert process.wait(timeout=30) == -signal.SIGKILL


def test_only_ipykernel_commands_are_forked(tmp_path):
    with pytest.raises(ValueError, match="not an ipykernel command"):
        fork_kernel(["R", "--slave", "-f", "k.json"], cwd=tmp_path, env={})


def test_one_server_per_process():
    from multiprocessing import forkserver

    start_server()
    pid = forkserver._forkserver._forkserver_pid
    start_server()
    assert pid is not None and forkserver._forkserver._forkserver_pid == pid


def test_platforms_without_fork_start_a_new_python(tmp_path, monkeypatch):
    """Where the forkserver is not available (Windows), notebooks still run, in kernels started as usual."""
    import cpanalysis.publish.kernels as kernels
    from cpanalysis.publish.parallel import publish_notebooks

    def no_fork(*args, **kwargs):
        raise AssertionError("forked on a platform that cannot fork")

    monkeypatch.setattr(kernels, "available", lambda: False)
    monkeypatch.setattr(kernels, "fork_kernel", no_fork)
    source = _notebook(tmp_path, ['quarter = ""', "from IPython.display import HTML\nHTML('<p>%s children</p>' % 12)"])
    [result] = publish_notebooks([source], out_dir=tmp_path / "out", private_dir=tmp_path / "private",
                                 parameters={"quarter": "2024-25 Q3"}, cwd=tmp_path, policy=POLICY)
    assert result.status == "ok", result.failure
    assert "12 children" in (tmp_path / "out" / "nb.html").read_text()


def _script(tmp_path, body: str):
    script = tmp_path / "script.py"
    script.write_text(textwrap.dedent(body))
    return subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True, cwd=tmp_path)


def _gone(pid: int, seconds: float) -> bool:
    """True once ``pid`` has exited (a zombie counts as exited) within ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{pid}/stat") as f:
                if f.read().rsplit(")", 1)[1].split()[0] == "Z":
                    return True
        except FileNotFoundError:
            return True
        time.sleep(0.2)
    return False


_FORK = """
import os, sys
from cpanalysis.publish.kernels import fork_kernel
k = fork_kernel(["python", "-m", "ipykernel_launcher", "-f", os.path.abspath("k.json")],
                cwd=".", env=dict(os.environ), log="kernel.log")
print(k.pid, flush=True)
"""


def test_kernels_end_when_the_run_is_killed(tmp_path):
    run = _script(tmp_path, _FORK + "import time; time.sleep(120)\n")
    try:
        kernel = int(run.stdout.readline())
        assert not _gone(kernel, 1)
        run.kill()
        run.wait(10)
        assert _gone(kernel, 30), "a forked kernel outlived the run that started it"
    finally:
        run.kill()
        run.wait(10)


def test_a_kernel_left_running_does_not_keep_the_run_from_exiting(tmp_path):
    run = _script(tmp_path, _FORK)  # the script ends without stopping its kernel
    try:
        kernel = int(run.stdout.readline())
        assert run.wait(30) == 0
        assert _gone(kernel, 10)
    finally:
        run.kill()
        run.wait(10)


def test_the_run_imports_where_processes_cannot_be_forked():
    """Windows has no forkserver machinery: importing the run must not need it, and nothing forks."""
    code = textwrap.dedent("""
        import sys
        import multiprocessing.context as ctx
        # What the run imports besides the kernels module, imported while this is still Linux.
        import cpanalysis.publish.gate, cpanalysis.publish.ids, cpanalysis.publish.index, cpanalysis.publish.runlog
        del ctx.ForkServerProcess
        sys.platform = "win32"
        import cpanalysis.publish.run, cpanalysis.publish.kernels as k
        print(k.available(), hasattr(k, "_KernelProcess"))
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "False"]

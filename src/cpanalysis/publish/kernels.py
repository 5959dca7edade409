"""Pre-loaded notebook kernels: import the heavy libraries once, fork a kernel per notebook.

A Jupyter kernel started the usual way is a new Python process that imports
IPython, ipykernel, pandas, scipy, matplotlib and cpanalysis before it runs a
single cell: about 1.5-2 s of CPU for each notebook, most of a quarterly run on
a two-core machine. Here a server process (the standard library's
``multiprocessing`` *forkserver*) imports them once; each notebook's kernel is
then a fork of it, ready in a fraction of a second and sharing the imported
code copy-on-write.

The kernel itself is the stock ``ipykernel`` kernel (``IPKernelApp``) started
with the connection file jupyter_client wrote, so papermill and nbclient talk
to it exactly as to any other; only the way its process comes into being
differs. :class:`ForkedKernelProcess` gives jupyter_client's local provisioner
the ``subprocess.Popen`` methods it uses (poll, wait, send_signal, kill,
terminate) on top of :class:`multiprocessing.Process`.

The server starts once per Python process (:func:`start_server`, early, so
that its imports overlap with the data build) and stops with it. A kernel's
parent is the server: if the run dies, the server exits and so do its kernels.
"""

from __future__ import annotations

import atexit
import io
import multiprocessing
import multiprocessing.util  # before this module's exit handler is registered (see kill_kernels)
import os
import signal
import sys
import threading
from collections.abc import Mapping, Sequence
from typing import Any
from weakref import WeakSet

__all__ = ["PRELOAD", "ForkedKernelProcess", "allow_kernels", "available", "fork_kernel", "kill_kernels",
           "start_server"]

#: Modules the server imports before forking kernels: what notebooks import, and the kernel.
PRELOAD: tuple[str, ...] = (
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "IPython.core.interactiveshell",
    "matplotlib_inline.backend_inline",
    "numpy",
    "pandas",
    "pyarrow.parquet",
    "pyarrow.dataset",
    "pyarrow.pandas_compat",
    "pandas.core.arrays.arrow.extension_types",
    "scipy.stats",
    "matplotlib.pyplot",
    "PIL.PngImagePlugin",
    "afcharts",
    "cpanalysis.measures",
    "cpanalysis.measures.scorecard",
    "cpanalysis.present",
    "cpanalysis.present.care_leavers",
    "cpanalysis.present.health",
    "cpanalysis.present.scorecard",
    "cpanalysis.present.stability",
    "cpanalysis.present.methodology",
    "cpanalysis.virtual_school",
    "cpanalysis.virtual_school.sections",
)

_lock = threading.Lock()
_started = False
#: Forked kernels still known to this process (killed at exit, see :func:`kill_kernels`).
_kernels: WeakSet[Any] = WeakSet()
#: Set by :func:`kill_kernels`: a kernel whose start was under way then is killed as soon as it exists.
_stopping = threading.Event()


def available() -> bool:
    """True where kernels are forked: Linux only.

    Windows has no fork; macOS can fork, but forking a process that has
    loaded its system numerical libraries is unsafe there (why Python starts
    processes afresh on macOS by default).
    """
    return sys.platform.startswith("linux") and "forkserver" in multiprocessing.get_all_start_methods()


def start_server(preload: Sequence[str] = PRELOAD) -> None:
    """Start the fork server (once per process; nothing where :func:`available` is false).

    Returns at once: the server does its imports in the background, and the
    first kernel waits for them. The server lives as long as this process, so
    kernels run the cpanalysis code it imported when it started: in a long
    Python session (JupyterLab), restart it after changing that code.
    """
    global _started
    with _lock:
        if not _started and available():
            from multiprocessing import forkserver

            multiprocessing.get_context("forkserver").set_forkserver_preload(list(preload))
            forkserver.ensure_running()
            _started = True


if sys.platform != "win32":  # the forkserver machinery exists only on Unix
    import multiprocessing.context
    from multiprocessing import forkserver, popen_forkserver, spawn, util
    from multiprocessing.context import reduction, set_spawning_popen

    class _KernelPopen(popen_forkserver.Popen):
        """The standard library's forkserver launch, without the main module.

        multiprocessing runs the parent's main script again in every child (so
        that functions defined there can be unpickled). A kernel needs nothing
        from it, and it may be a script without an ``if __name__ == "__main__"``
        guard, which would start a whole run again inside each kernel. This is
        ``popen_forkserver.Popen._launch`` (CPython 3.11) with the main module
        left out of the preparation data.
        """

        def _launch(self, process_obj: Any) -> None:
            prep_data = spawn.get_preparation_data(process_obj._name)
            prep_data.pop("init_main_from_path", None)
            prep_data.pop("init_main_from_name", None)
            buf = io.BytesIO()
            set_spawning_popen(self)
            try:
                reduction.dump(prep_data, buf)
                reduction.dump(process_obj, buf)
            finally:
                set_spawning_popen(None)
            self.sentinel, w = forkserver.connect_to_new_process(self._fds)
            _parent_w = os.dup(w)
            self.finalizer = util.Finalize(self, util.close_fds, (_parent_w, self.sentinel))
            with open(w, "wb", closefd=True) as f:
                f.write(buf.getbuffer())
            self.pid = forkserver.read_signed(self.sentinel)

    class _KernelProcess(multiprocessing.context.ForkServerProcess):
        @staticmethod
        def _Popen(process_obj: Any) -> _KernelPopen:
            return _KernelPopen(process_obj)


def _kernel_main(argv: list[str], cwd: str, env: dict[str, str], log: str | None) -> None:
    """Body of a forked kernel process: become ``python -m ipykernel_launcher argv``."""
    from multiprocessing import forkserver

    # The server learns that the run has gone when its "alive" pipe closes;
    # a kernel holding a copy of that pipe would keep it (and itself) alive.
    alive = getattr(forkserver._forkserver, "_forkserver_alive_fd", None)
    if alive is not None:
        os.close(alive)
        forkserver._forkserver._forkserver_alive_fd = None
    # Its own session and process group, as jupyter_client gives a launched
    # kernel: the terminal's Ctrl-C goes to the run, which interrupts or stops
    # kernels itself, and a kill reaches what the kernel started.
    os.setsid()
    os.environ.clear()
    os.environ.update(env)
    os.chdir(cwd)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    if log:
        fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        os.close(fd)
    # State the server set up once and every fork would otherwise share.
    import numpy as np

    np.random.seed()
    # A kernel must see SIGINT as an interrupt (KeyboardInterrupt), whatever
    # handler the server had.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    from ipykernel.kernelapp import IPKernelApp

    # As a launched kernel watches the process that started it (JPY_PARENT_PID,
    # read when ipykernel was imported: in the server, before any kernel), this
    # one watches the server, and exits if the server goes.
    argv = [*argv, f"--IPKernelApp.parent_handle={os.getppid()}"]
    sys.argv = ["ipykernel_launcher", *argv]
    IPKernelApp.launch_instance(argv=argv)


class ForkedKernelProcess:
    """A forked kernel, seen through the parts of ``subprocess.Popen`` jupyter_client uses."""

    stdin = stdout = stderr = None

    def __init__(self, process: Any) -> None:
        self._process = process
        self.pid: int = process.pid

    @property
    def returncode(self) -> int | None:
        """Exit code, or None while the kernel runs."""
        return self._process.exitcode

    def poll(self) -> int | None:
        """Exit code, or None while the kernel runs (never blocks)."""
        return self._process.exitcode

    def wait(self, timeout: float | None = None) -> int | None:
        """Wait for the kernel to exit; return its exit code."""
        self._process.join(timeout)
        return self._process.exitcode

    def send_signal(self, signum: int) -> None:
        """Send ``signum`` to the kernel (nothing when it has already exited)."""
        if self._process.exitcode is None:
            try:
                os.kill(self.pid, signum)
            except ProcessLookupError:
                pass

    def terminate(self) -> None:
        """SIGTERM."""
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        """SIGKILL."""
        self.send_signal(signal.SIGKILL)


def fork_kernel(cmd: Sequence[str], *, cwd: str | os.PathLike[str], env: Mapping[str, str],
                log: str | None = None) -> ForkedKernelProcess:
    """Start a kernel for jupyter_client's command ``cmd`` by forking the pre-loaded server.

    Parameters
    ----------
    cmd : sequence of str
        The kernelspec's command with the connection file filled in
        (``python -m ipykernel_launcher -f FILE``); everything after the
        module name is passed on to the kernel.
    cwd : path
        The kernel's working folder.
    env : mapping
        The kernel's environment (as jupyter_client prepared it).
    log : str, optional
        File for the kernel process's own output (default: the server's).
    """
    cmd = list(cmd)
    try:
        argv = cmd[cmd.index("ipykernel_launcher") + 1:]
    except ValueError:
        raise ValueError(f"not an ipykernel command, cannot fork it: {cmd}") from None
    start_server()
    process = _KernelProcess(target=_kernel_main, args=(argv, os.fspath(cwd), dict(env), log),
                             name="cpanalysis-kernel", daemon=False)
    process.start()  # waits for the server's imports when it is the first kernel
    _kernels.add(process)
    if _stopping.is_set():  # the run was interrupted while this kernel was starting
        _kill(process)
    return ForkedKernelProcess(process)


def allow_kernels() -> None:
    """Let kernels start again after :func:`kill_kernels` (a new run in the same process)."""
    _stopping.clear()


def _kill(process: Any) -> None:
    if process.exitcode is None:
        for kill in (os.killpg, os.kill):  # its group; the kernel alone if it has none yet
            try:
                kill(process.pid, signal.SIGKILL)
                break
            except OSError:
                pass
        process.join(5)


@atexit.register
def kill_kernels() -> None:
    """Kill forked kernels nobody shut down, so that this process can exit.

    Also called when a run is interrupted: every running notebook's kernel
    dies, so its thread ends at once instead of running the notebook to the end.

    Registered after multiprocessing's own exit handler, so it runs before it:
    that handler waits for every non-daemon child, and a kernel left running
    (a run that failed between starting a kernel and stopping it) never ends
    on its own while the server lives.

    A kernel still starting when this is called (the first kernel waits for
    the server's imports, seconds) is killed as soon as it exists
    (:func:`fork_kernel`), until :func:`allow_kernels`.
    """
    _stopping.set()
    for process in list(_kernels):
        _kill(process)

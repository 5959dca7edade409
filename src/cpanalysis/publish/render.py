"""Execute a parameterised notebook (papermill) and convert it to HTML (nbconvert).

The executed notebook holds data about children, so it is written to a private
folder; only the HTML, made with the cpanalysis template (no code, no prompts,
no scripts, no external requests), goes to the published folder.

Each notebook gets its own kernel, talking over IPC sockets in a folder of its
own rather than TCP ports: several kernels starting at once cannot race for
the same port (jupyter_client picks TCP ports by asking for a free one, closing
it and binding again, which another kernel can take in between).
"""

from __future__ import annotations

import html
import os
import re
import tempfile
from pathlib import Path
from typing import Any

import nbformat
from jupyter_client.manager import AsyncKernelManager

__all__ = ["TEMPLATE_DIR", "IPCKernelManager", "execute_notebook", "is_publishable", "to_html"]

#: Folder holding the nbconvert template ``cpanalysis``.
TEMPLATE_DIR = Path(__file__).parent / "templates"


class IPCKernelManager(AsyncKernelManager):
    """A kernel manager whose kernel listens on IPC sockets in a fresh temporary folder.

    The folder is made under :attr:`socket_root` (a short path: Unix socket
    paths are limited to about 100 characters) and left for the caller to
    remove with the root.
    """

    socket_root: str | None = None
    #: File that receives the kernel process's own output (its log, not cells' output).
    kernel_log: str | None = None
    #: Fork the kernel from the pre-loaded server (:mod:`cpanalysis.publish.kernels`)
    #: instead of starting a new Python.
    forked: bool = False

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        folder = tempfile.mkdtemp(prefix="k", dir=self.socket_root)
        self.transport = "ipc"
        self.ip = os.path.join(folder, "kernel")

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
        if self.forked and "ipykernel_launcher" in kernel_cmd:  # any other kernelspec starts as usual
            from .kernels import fork_kernel

            # What LocalProvisioner.launch_kernel does, with a fork for Popen.
            provisioner = self.provisioner
            assert provisioner is not None
            cwd = kw.get("cwd") or os.getcwd()
            env = os.environ if kw.get("env") is None else kw["env"]
            process = fork_kernel(kernel_cmd, cwd=cwd, env=env, log=self.kernel_log)
            # The kernel makes itself a process group (os.setsid), as a launched one is made.
            provisioner.process, provisioner.pid, provisioner.pgid, provisioner.cwd = (  # type: ignore[attr-defined]
                process, process.pid, process.pid, cwd)
            self._reconcile_connection_info(provisioner.connection_info)
            return None
        if self.kernel_log is None:
            return await super()._async_launch_kernel(kernel_cmd, **kw)
        # The kernel's start-up and shutdown messages would interleave with the
        # progress lines of other notebooks; they go to a private log instead.
        with open(self.kernel_log, "ab") as log:
            return await super()._async_launch_kernel(kernel_cmd, stdout=log, stderr=log, **kw)


def is_publishable(notebook: Path | nbformat.NotebookNode) -> bool:
    """False when the notebook's metadata says ``"cpanalysis": {"publish": false}``."""
    nb = notebook if isinstance(notebook, nbformat.NotebookNode) else nbformat.read(notebook, as_version=4)
    return nb.metadata.get("cpanalysis", {}).get("publish", True) is not False


def execute_notebook(
    source: Path,
    executed: Path,
    parameters: dict[str, Any],
    cwd: Path,
    *,
    socket_root: str | None = None,
    kernel_log: Path | None = None,
    forked: bool = False,
) -> nbformat.NotebookNode:
    """Run ``source`` with ``parameters`` through papermill, writing ``executed``.

    Parameters
    ----------
    source, executed : pathlib.Path
        The notebook, and where the executed copy goes (a private folder).
    parameters : dict
        Injected after the cell tagged ``parameters``.
    cwd : pathlib.Path
        Working folder of the kernel.
    socket_root : str, optional
        Folder for the kernel's IPC sockets (default: the system temporary folder).
    kernel_log : pathlib.Path, optional
        File for the kernel process's own messages (default: the terminal).
    forked : bool
        Fork the kernel from the pre-loaded server (:mod:`cpanalysis.publish.kernels`)
        rather than start a new Python (default: a new Python, as Jupyter does).

    Raises
    ------
    papermill.PapermillExecutionError
        When a cell fails; the executed notebook is still written, showing it.
    """
    import papermill

    source, executed = Path(source).resolve(), Path(executed).resolve()
    executed.parent.mkdir(parents=True, exist_ok=True)
    manager = type(
        "_RunKernelManager", (IPCKernelManager,),
        {"socket_root": socket_root, "kernel_log": str(kernel_log) if kernel_log else None, "forked": forked},
    )
    return papermill.execute_notebook(
        str(source),
        str(executed),
        parameters=parameters,
        # Not papermill's ``cwd``: it changes the working folder of the whole
        # process, which other threads share. The kernel alone starts there.
        resources={"metadata": {"path": str(Path(cwd).resolve())}},
        kernel_name="python3",
        progress_bar=False,
        log_output=False,
        report_mode=True,
        kernel_manager_class=manager,
    )


_TABLE_WRAP = re.compile(r'<div class="table-wrap">(\s*<table[^>]*>\s*<caption[^>]*>(.*?)</caption>)', re.DOTALL)


def _focusable_table_wraps(body: str) -> str:
    """Make each sideways-scrolling table wrapper a labelled region keyboard users can scroll.

    A table wider than a phone scrolls inside its ``<div class="table-wrap">``;
    WCAG 2.1.1 (axe ``scrollable-region-focusable``) needs that box focusable,
    and a focusable region needs a name: the table's caption.
    """

    def label(m: re.Match[str]) -> str:
        caption = html.escape(" ".join(re.sub(r"<[^>]+>", "", html.unescape(m.group(2))).split()), quote=True)
        return f'<div class="table-wrap" role="region" tabindex="0" aria-label="{caption}">{m.group(1)}'

    return _TABLE_WRAP.sub(label, body)


def to_html(executed: Path | nbformat.NotebookNode) -> str:
    """Convert an executed notebook to one self-contained HTML page.

    The page depends only on the notebook's outputs and Markdown: cell ids,
    execution counts, timestamps and papermill's metadata are not rendered.
    """
    from nbconvert import HTMLExporter

    nb = executed if isinstance(executed, nbformat.NotebookNode) else nbformat.read(executed, as_version=4)
    exporter = HTMLExporter(
        template_name="cpanalysis",
        extra_template_basedirs=[str(TEMPLATE_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        exclude_anchor_links=True,
    )
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": "briefing"}})
    body = _focusable_table_wraps(body)
    if not body.endswith("\n"):
        body += "\n"
    return body

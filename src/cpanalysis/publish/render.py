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

import base64
import html
import os
import re
import tempfile
from pathlib import Path
from typing import Any

import nbformat
from jupyter_client.manager import AsyncKernelManager

from .downloads import csv_name, workbook_name

__all__ = [
    "BRIEFINGS", "LANDSCAPE_COLUMNS", "TEMPLATE_DIR", "IPCKernelManager", "drop_dead_links", "execute_notebook",
    "is_publishable", "local_links", "to_html",
]

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


#: The quarter's briefings in reading order, as the navigation of every page lists them:
#: (file name without ``.html``, label in the navigation).
BRIEFINGS: tuple[tuple[str, str], ...] = (
    ("scorecard", "Scorecard"),
    ("annual_report", "Annual report"),
    ("placement_stability", "Placement stability"),
    ("care_leavers", "Care leavers"),
    ("health", "Health and wellbeing"),
    ("virtual_school_annual", "Virtual School annual report"),
    ("methodology", "Methodology"),
)

#: A page with a table this many columns wide or wider is printed on landscape A4.
LANDSCAPE_COLUMNS = 8

_WRAP_OPEN = re.compile(r'''<div class=["']table-wrap["'][^>]*>\s*$''')
_TABLE = re.compile(r"<table\b.*?</table>", re.DOTALL)
_CAPTION = re.compile(r"<caption[^>]*>(.*?)</caption>", re.DOTALL)
_FIRST_ROW = re.compile(r"<tr\b[^>]*>(.*?)</tr>", re.DOTALL)
_CELL = re.compile(r"<t[hd]\b([^>]*)>", re.DOTALL)
_COLSPAN = re.compile(r"""colspan=["']?(\d+)""")
_CHART_IMG = re.compile(r'(<figure class="chart">(?:(?!</figure>).)*?)<img\b([^>]*)>', re.DOTALL)
_PNG_SRC = re.compile(r'\bsrc="data:image/png;base64,([A-Za-z0-9+/=]+)"')
_CHART_TITLE = re.compile(r'<p class="chart-title">(.*?)</p>', re.DOTALL)


def _text(fragment: str) -> str:
    """Plain text of an HTML fragment, escaped for an attribute."""
    return html.escape(" ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split()), quote=True)


def _columns(table: str) -> int:
    """Number of columns of a table, from its first row (colspans counted)."""
    m = _FIRST_ROW.search(table)
    if not m:
        return 0
    return sum(int(c.group(1)) if (c := _COLSPAN.search(attrs)) else 1 for attrs in _CELL.findall(m.group(1)))


def _tables(body: str, page: str | None) -> tuple[str, int]:
    """Each table in a labelled, keyboard-scrollable region, with a hint and a download link.

    A table wider than a phone scrolls inside its ``<div class="table-wrap">``;
    WCAG 2.1.1 (axe ``scrollable-region-focusable``) needs that box focusable,
    and a focusable region needs a name: the table's caption. Anything after
    the table inside its wrapper (a key) is put under the region, so it never
    scrolls out of view with the table's columns. Under each table
    goes a link to its CSV (:func:`cpanalysis.publish.downloads.csv_name`,
    numbered in page order) when the page's name is known.

    Returns
    -------
    tuple of (str, int)
        The body, and the widest table's number of columns.
    """
    out, pos, n, widest = [], 0, 0, 0
    for m in _TABLE.finditer(body):
        if m.start() < pos:  # inside a wrapper already copied (not expected: tables do not nest)
            continue
        n += 1
        table = m.group(0)
        cols = _columns(table)
        widest = max(widest, cols)
        cap = _CAPTION.search(table)
        label = _text(cap.group(1)) if cap else f"Table {n}"
        before = body[pos:m.start()]
        after, tail = m.end(), ""
        wrap = _WRAP_OPEN.search(before)
        if wrap:
            close = body.find("</div>", m.end())
            if close == -1 or "<div" in body[m.end():close]:  # a wrapper we cannot delimit: left as it is
                out.append(body[pos:m.end()])
                pos = m.end()
                continue
            # Words after the table in its wrapper (a key) go under the region, not into its scrolling.
            before, tail, after = before[:wrap.start()], body[m.end():close], close + len("</div>")
        out.append(before)
        if cols >= 3:
            out.append('<p class="scroll-hint">If the table is cut off on the right, scroll it sideways '
                       "(or select it and use the arrow keys).</p>")
        out.append(f'<div class="table-wrap" role="region" tabindex="0" aria-label="{label}">{table}</div>{tail}')
        if page:
            out.append(f'<p class="download"><a href="{html.escape(csv_name(page, n))}" download>'
                       f'Download this table (CSV)<span class="visually-hidden">: {label}</span></a></p>')
        pos = after
    out.append(body[pos:])
    return "".join(out), widest


def _png_size(data: str) -> tuple[int, int] | None:
    """Width and height of a base64 PNG, from its header."""
    try:
        head = base64.b64decode(data[:44])
    except ValueError:
        return None
    if head[:8] != b"\x89PNG\r\n\x1a\n" or len(head) < 24:
        return None
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def _charts(body: str) -> str:
    """Give each chart image its drawn size and put it in a labelled region that can scroll.

    At its drawn size the text in the image is as large as the chart code
    made it; where the screen is narrower, the image scrolls sideways inside
    the region rather than shrinking its words out of reach.
    """

    def wrap(m: re.Match[str]) -> str:
        head, attrs = m.group(1), m.group(2)
        if "chart-wrap" in head:
            return m.group(0)
        src = _PNG_SRC.search(attrs)
        size = _png_size(src.group(1)) if src else None
        if size and not re.search(r"\bwidth=", attrs):
            attrs = f'{attrs.rstrip("/ ")} width="{size[0]}" height="{size[1]}"'
        title = _CHART_TITLE.search(head)
        label = f"Chart: {_text(title.group(1))}" if title else "Chart"
        hint = ('<p class="scroll-hint">If the chart is cut off on the right, scroll it sideways '
                "(or select it and use the arrow keys).</p>")
        return (f'{head}{hint}<div class="chart-wrap" role="region" tabindex="0" aria-label="{label}">'
                f"<img{attrs}></div>")

    return _CHART_IMG.sub(wrap, body)


def _page_name(nb: nbformat.NotebookNode) -> str | None:
    """The briefing's file name (without ``.html``): its source notebook's name, as papermill recorded it."""
    source = nb.metadata.get("papermill", {}).get("input_path")
    return Path(source).stem if source else None


_QUARTER_PARAM = re.compile(r"""^quarter\s*=\s*["']([^"']+)["']""", re.MULTILINE)


def _quarter_slug(nb: nbformat.NotebookNode) -> str | None:
    """The quarter the notebook was run for (``2024-25-Q3``), from papermill's injected parameters."""
    for cell in nb.cells:
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            m = _QUARTER_PARAM.search(cell.source)
            if m:
                return re.sub(r"\s+", "-", m.group(1).strip())
    return None


def to_html(executed: Path | nbformat.NotebookNode, *, name: str | None = None) -> str:
    """Convert an executed notebook to one self-contained HTML page.

    The page depends only on the notebook's outputs and Markdown: cell ids,
    execution counts, timestamps and papermill's metadata are not rendered.
    When the page's name is known (``name``, else the source notebook's name
    that papermill recorded) the page gets the navigation across the quarter's
    briefings (:data:`BRIEFINGS`), a CSV link under each table and a link to
    the quarter's workbook (:mod:`cpanalysis.publish.downloads`). A page with
    a table of :data:`LANDSCAPE_COLUMNS` columns or more prints on landscape A4.
    """
    from nbconvert import HTMLExporter

    nb = executed if isinstance(executed, nbformat.NotebookNode) else nbformat.read(executed, as_version=4)
    page = name or _page_name(nb)
    site: dict[str, Any] = {}
    if page:
        slug = _quarter_slug(nb)
        site = {"page": page, "nav": [list(b) for b in BRIEFINGS],
                "workbook": workbook_name(slug) if slug else None}
    exporter = HTMLExporter(
        template_name="cpanalysis",
        extra_template_basedirs=[str(TEMPLATE_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        exclude_anchor_links=True,
    )
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": "briefing"}, "cpanalysis": site})
    body, widest = _tables(body, page)
    body = _charts(body)
    if widest >= LANDSCAPE_COLUMNS:
        body = body.replace("<body>", '<body class="landscape">', 1)
    if not body.endswith("\n"):
        body += "\n"
    return body


_HREF = re.compile(r"""<a\b[^>]*?\bhref=["']([^"'#?]+)[^"']*["'][^>]*>""", re.IGNORECASE)
_ANCHOR = re.compile(r"""<a\b[^>]*?\bhref=["']([^"'#?]+)[^"']*["'][^>]*>(.*?)</a>""", re.DOTALL | re.IGNORECASE)
_HOLDER = re.compile(r"<(li|p)\b[^>]*>(?:(?!</?(?:li|p)\b).)*?</\1>", re.DOTALL | re.IGNORECASE)
_DOWNLOAD_LINE = re.compile(r"""^<p class=["']download(?:-all)?["']""")


def _local(target: str) -> bool:
    return not re.match(r"^[a-z][a-z0-9+.-]*:|^/", target, re.IGNORECASE)


def local_links(page_html: str) -> list[str]:
    """Every file a page links to in its own folder (``href`` without scheme, host or leading ``/``)."""
    return [html.unescape(t) for t in _HREF.findall(page_html) if _local(t)]


def drop_dead_links(page: Path) -> list[str]:
    """Remove from a page every link to a file that is not beside it; return the targets removed.

    A briefing links the quarter's other briefings, the index, its tables'
    CSV files and the workbook, all made before it is known which of them
    will be published (a notebook may fail, a page or a download may be
    refused by the gate, ``--only`` makes some pages alone). A list item or
    paragraph that is nothing but a dead link (a navigation item), and a
    download line, go with it, so the navigation and the download lines only
    ever offer what is there; in any other text the words stay and only the
    link goes.
    """
    page = Path(page)
    text = page.read_text(encoding="utf-8")
    folder = page.parent
    dead: list[str] = []

    def missing(target: str) -> bool:
        target = html.unescape(target)
        return _local(target) and not (folder / target).is_file()

    def unlink(fragment: str) -> str:
        return _ANCHOR.sub(lambda a: a.group(2) if missing(a.group(1)) else a.group(0), fragment)

    def holder(m: re.Match[str]) -> str:
        fragment = m.group(0)
        targets = [t for t in local_links(fragment) if missing(t)]
        if not targets:
            return fragment
        dead.extend(targets)
        rest = _ANCHOR.sub(lambda a: "" if missing(a.group(1)) else a.group(0), fragment)
        if _DOWNLOAD_LINE.match(fragment) or not re.sub(r"<[^>]+>", "", rest).strip(" \n\t.,;:()"):
            return ""
        return unlink(fragment)

    new = _HOLDER.sub(holder, text)
    dead += [html.unescape(a.group(1)) for a in _ANCHOR.finditer(new) if missing(a.group(1))]
    new = unlink(new)
    if new != text:
        page.write_text(new, encoding="utf-8")
    return dead

"""Execute a parameterised notebook (papermill) and convert it to HTML (nbconvert).

The executed notebook holds data about children, so it is written to a private
folder; only the HTML, made with the cpanalysis template (no code, no prompts,
no scripts, no external requests), goes to the published folder.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat

__all__ = ["TEMPLATE_DIR", "execute_notebook", "to_html"]

#: Folder holding the nbconvert template ``cpanalysis``.
TEMPLATE_DIR = Path(__file__).parent / "templates"


def execute_notebook(source: Path, executed: Path, parameters: dict[str, Any], cwd: Path) -> nbformat.NotebookNode:
    """Run ``source`` with ``parameters`` through papermill, writing ``executed``.

    Raises
    ------
    papermill.PapermillExecutionError
        When a cell fails; the executed notebook is still written, showing it.
    """
    import papermill

    executed.parent.mkdir(parents=True, exist_ok=True)
    return papermill.execute_notebook(
        str(source),
        str(executed),
        parameters=parameters,
        cwd=str(cwd),
        kernel_name="python3",
        progress_bar=False,
        log_output=False,
        report_mode=True,
    )


def to_html(executed: Path | nbformat.NotebookNode) -> str:
    """Convert an executed notebook to one self-contained HTML page."""
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
    return body

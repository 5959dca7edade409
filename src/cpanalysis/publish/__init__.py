"""Publish stage: notebooks to checked, accessible HTML briefings.

``run`` (one quarter, parallel kernels, index page, run log), ``render``
(papermill and the nbconvert template), ``gate`` (the publication gate, with
``numbers`` reading counts and percentages in text), ``index``, ``ids``,
``parallel``, ``runlog`` and ``cli`` (``cpanalysis run`` and ``cpanalysis check``).

Names are imported when first used (:mod:`cpanalysis._lazy`): a notebook
kernel that formats percentages with :mod:`~cpanalysis.publish.numbers` does
not import nbformat, nbconvert or papermill.
"""

from typing import TYPE_CHECKING

from .._lazy import attach

if TYPE_CHECKING:
    from .gate import Finding, check_dir, check_html, format_findings
    from .render import execute_notebook, is_publishable, to_html
    from .run import RunConfig, run_quarter

__all__ = [
    "Finding",
    "RunConfig",
    "check_dir",
    "check_html",
    "execute_notebook",
    "format_findings",
    "is_publishable",
    "run_quarter",
    "to_html",
]

attach(__name__, {
    **dict.fromkeys(("Finding", "check_dir", "check_html", "format_findings"), ".gate"),
    **dict.fromkeys(("execute_notebook", "is_publishable", "to_html"), ".render"),
    **dict.fromkeys(("RunConfig", "run_quarter"), ".run"),
})

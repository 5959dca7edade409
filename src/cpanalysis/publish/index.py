"""The quarter's index page: one link to every published briefing."""

from __future__ import annotations

import html
import re
from pathlib import Path

from ..protect.policy import DisclosurePolicy

from .render import TEMPLATE_DIR

__all__ = ["INDEX_NAME", "page_title", "write_index"]

#: File name of the index page in ``outputs/<quarter>/``.
INDEX_NAME = "index.html"

_TITLE = re.compile(r"<title>(.*?)</title>", re.IGNORECASE | re.DOTALL)


def page_title(page: Path) -> str:
    """The text of a page's ``<title>`` (the file name when it has none)."""
    m = _TITLE.search(page.read_text(encoding="utf-8"))
    return html.unescape(" ".join(m.group(1).split())) if m else page.stem


def write_index(folder: Path, council: str, quarter_label: str, policy: DisclosurePolicy) -> Path:
    """Write ``index.html`` in ``folder`` linking every other ``*.html`` there, by title.

    The page uses the briefings' stylesheet, has one ``<h1>``, a ``<main>``
    landmark and ``lang="en"``, and loads nothing from anywhere.

    Returns
    -------
    pathlib.Path
        The index page.
    """
    esc = html.escape
    pages = sorted(p for p in folder.glob("*.html") if p.name != INDEX_NAME)
    items = "\n".join(
        f'<li><a href="{esc(p.name)}">{esc(page_title(p))}</a></li>' for p in pages
    )
    css = (TEMPLATE_DIR / "cpanalysis" / "briefing.css").read_text(encoding="utf-8")
    heading = f"Briefings for {council}, {quarter_label}"
    body = (
        f"<ul>\n{items}\n</ul>" if pages else "<p>No briefings were published for this quarter.</p>"
    )
    text = (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(heading)}</title>\n<style>\n{css}</style>\n</head>\n<body>\n"
        '<a class="skip-link" href="#content">Skip to main content</a>\n'
        f'<main id="content">\n<h1>{esc(heading)}</h1>\n'
        "<p>Each briefing is one page for the corporate parenting committee. Counts from 1 to "
        f"{policy.threshold - 1} are shown as c to protect children's privacy.</p>\n"
        f"{body}\n</main>\n</body>\n</html>\n"
    )
    out = folder / INDEX_NAME
    out.write_text(text, encoding="utf-8")
    return out

"""Accessible HTML tables: a caption, header cells with scope, no styling ids.

pandas' own ``to_html`` has no caption and its Styler adds random ids, so a
briefing would differ from run to run; this renderer is small and exact.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

__all__ = ["Table", "wrap_table"]


@dataclass(frozen=True)
class Table:
    """A published table.

    Parameters
    ----------
    data : pandas.DataFrame
        Cells already formatted for publication (strings), or numbers to show
        as they are. The index, when named or ``row_header`` is set, becomes
        the row headers.
    caption : str
        What the table shows (required: screen readers announce it).
    row_header : bool
        Whether the first column labels the rows (rendered as ``<th scope="row">``).
    """

    data: pd.DataFrame
    caption: str
    row_header: bool = True

    def to_html(self) -> str:
        """The table as an HTML fragment."""
        esc = html.escape
        df = self.data
        parts = ["<table>", f"<caption>{esc(self.caption)}</caption>"]
        head = "".join(f'<th scope="col">{esc(str(c))}</th>' for c in df.columns)
        parts.append(f"<thead><tr>{head}</tr></thead><tbody>")
        for row in df.itertuples(index=False):
            cells = []
            for j, value in enumerate(row):
                text = esc(_fmt(value))
                if j == 0 and self.row_header:
                    cells.append(f'<th scope="row">{text}</th>')
                else:
                    cells.append(f'<td class="num">{text}</td>' if _is_num(value) else f"<td>{text}</td>")
            parts.append("<tr>" + "".join(cells) + "</tr>")
        parts.append("</tbody></table>")
        return wrap_table("".join(parts))

    def _repr_html_(self) -> str:
        return self.to_html()


def wrap_table(table_html: str) -> str:
    """Wrap a table so a wide one scrolls inside the page, not the page itself.

    When the page is published, :func:`cpanalysis.publish.render.to_html`
    makes each wrapper a labelled, keyboard-focusable region (named by the
    table's caption), so people who do not use a mouse can scroll it too.
    """
    return f'<div class="table-wrap">{table_html}</div>'


def _is_num(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _fmt(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)

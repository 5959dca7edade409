"""Charts in the Government Analysis Function style (``afcharts``).

Every chart carries a headline title that says the finding, a subtitle that
says what is measured, a source line and alt text that states what the chart
shows. It is embedded in the page as a PNG ``data:`` URI inside a ``<figure>``,
so the briefing is one self-contained file, and rendered without timestamps so
the same data give the same bytes.
"""

from __future__ import annotations

import base64
import html
import io
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

__all__ = ["Chart", "line_chart", "render_png"]

_STYLE = "afcharts.afcharts"


@dataclass(frozen=True)
class Chart:
    """A rendered chart with the words that go with it.

    Attributes
    ----------
    title : str
        Headline that states the finding.
    subtitle : str
        What is measured, and when.
    source : str
        Where the data come from.
    alt : str
        Alternative text stating what the chart shows, values included.
    png : bytes
        The image.
    """

    title: str
    subtitle: str
    source: str
    alt: str
    png: bytes

    def to_html(self) -> str:
        """The chart as a ``<figure>`` with title, subtitle, image and source."""
        esc = html.escape
        data = base64.b64encode(self.png).decode("ascii")
        return (
            '<figure class="chart">'
            f'<p class="chart-title">{esc(self.title)}</p>'
            f'<p class="chart-subtitle">{esc(self.subtitle)}</p>'
            f'<img src="data:image/png;base64,{data}" alt="{esc(self.alt)}">'
            f'<figcaption>Source: {esc(self.source)}</figcaption>'
            "</figure>"
        )

    def _repr_html_(self) -> str:
        return self.to_html()


def render_png(fig: plt.Figure) -> bytes:
    """The figure as PNG bytes with no timestamp or software tag (same data, same bytes); closes it."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue()


def line_chart(
    data: pd.DataFrame,
    x: str,
    y: str,
    *,
    title: str,
    subtitle: str,
    source: str,
    alt: str,
    y_label: str,
) -> Chart:
    """A single-series line chart with points marked, y axis from zero.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per point, in plotting order; only published values.
    x, y : str
        Column names for the category axis and the value.
    title, subtitle, source, alt, y_label : str
        The words of the chart (see :class:`Chart`).
    """
    with plt.style.context(_STYLE):
        fig, ax = plt.subplots(figsize=(8, 4))
        ax.plot(list(data[x]), list(data[y]), marker="o")
        ax.set_ylim(bottom=0, top=max(1.0, float(data[y].max())) * 1.15)
        ax.set_ylabel(y_label)
        ax.tick_params(axis="x", labelrotation=0, labelsize=10)
        fig.tight_layout()
        return Chart(title=title, subtitle=subtitle, source=source, alt=alt, png=render_png(fig))

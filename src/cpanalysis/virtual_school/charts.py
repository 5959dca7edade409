"""Charts of Virtual School outcomes: only published values, alt text with the numbers.

Built on :class:`cpanalysis.present.Chart` (headline title, subtitle, source,
alt text, PNG) in the Analysis Function style (``afcharts``).
"""

from __future__ import annotations


import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from ..present import Chart, line_chart  # noqa: E402
from ..protect.funnel import funnel_chart, funnel_limits  # noqa: E402
from ..protect.rounding import round_half_away  # noqa: E402
from ..present.charts import render_png  # noqa: E402
from .analysis import BandAnalysis  # noqa: E402

__all__ = ["band_chart", "funnel", "trend_chart"]



def _fmt(v: float, pct: bool) -> str:
    return f"{round_half_away(v, 0):g}%" if pct else f"{round_half_away(v, 1):.1f}"


def band_chart(ba: BandAnalysis, *, title: str, subtitle: str, source: str) -> Chart | None:
    """Each band's value with its 95% interval (points and whiskers); None when nothing is published.

    Points and whiskers are the published values of the band table
    (``ba.values``, ``ba.intervals``: the same rounding, outwards for limits),
    and the alt text quotes the table's cells, so chart and table agree.
    """
    if ba.comparison is None or not ba.values:
        return None
    with plt.style.context("afcharts.afcharts"):
        fig, ax = plt.subplots(figsize=(8, 0.6 * len(ba.labels) + 1.6))
        ys = np.arange(len(ba.labels))[::-1]
        lo = [max(0.0, v - a) for v, (a, _) in zip(ba.values, ba.intervals)]
        hi = [max(0.0, b - v) for v, (_, b) in zip(ba.values, ba.intervals)]
        ax.errorbar(ba.values, ys, xerr=[lo, hi], fmt="o", capsize=4)
        ax.set_yticks(ys, ba.labels)
        if ba.measure.kind == "proportion":
            ax.set_xlim(0, 100)
            ax.set_xlabel("Percentage of pupils (95% confidence interval)")
        else:
            ax.set_xlabel("Average (95% confidence interval)")
        fig.tight_layout()
        png = render_png(fig)
    value_col = "Percentage" if ba.measure.kind == "proportion" else "Average"
    points = "; ".join(f"{r['Band']}: {r[value_col]} (95% confidence interval {r['95% confidence interval']})"
                       for _, r in ba.display.iterrows())
    alt = f"Chart of {ba.measure.label} by band, each with its 95% confidence interval. {points}."
    return Chart(title=title, subtitle=subtitle, source=source, alt=alt, png=png)


def trend_chart(trend: pd.DataFrame, *, label: str, title: str, source: str, percent: bool = True) -> Chart | None:
    """Line chart of a measure's published values by academic year (years without a figure left off).

    The alt text says why a year is missing: no assessment, no results in the
    extract, or hidden to protect children (``trend["status"]``, from
    :func:`cpanalysis.virtual_school.analysis.trend_table`).
    """
    shown = trend.loc[trend["value"].notna()]
    if shown.empty:
        return None
    col = "Percentage" if "Percentage" in shown.columns else "Average"
    points = "; ".join(f"{y}: {v}" for y, v in zip(shown["Academic year"], shown[col]))
    notes = []
    for status, words in (("no assessment", "No assessment"), ("no results", "No results in the extract"),
                          ("hidden", "Not shown to protect children")):
        ys = trend.loc[trend["status"] == status, "Academic year"].tolist() if "status" in trend else []
        if ys:
            notes.append(f"{words}: {', '.join(ys)}.")
    note = (" " + " ".join(notes)) if notes else ""
    return line_chart(shown, "Academic year", "value", title=title,
                      subtitle=f"{label[:1].upper() + label[1:]}, by academic year",
                      source=source, alt=f"Line chart of {label} by academic year. {points}.{note}",
                      y_label="Percentage" if percent else "Average")


def funnel(numerator: int, denominator: int, baseline: float, *, label: str, comparator: str,
           title: str, source: str, verdict: str) -> Chart:
    """The council's value against 95% and 99.8% funnel limits around a national figure.

    Call only with a publishable numerator and denominator.
    """
    fig = funnel_chart([numerator], [denominator], baseline, labels=["This council"], comparator=comparator,
                       title=label[:1].upper() + label[1:])
    png = render_png(fig)
    lim = funnel_limits(baseline, denominator).iloc[0]
    value = 100 * numerator / denominator
    alt = (f"Funnel chart of {label}: this council {_fmt(value, True)}, from {denominator} pupils, against "
           f"{comparator} at {100 * baseline:g}%, with 95% limits of {_fmt(100 * lim['lower_95'], True)} to "
           f"{_fmt(100 * lim['upper_95'], True)} and 99.8% limits of {_fmt(100 * lim['lower_99.8'], True)} to "
           f"{_fmt(100 * lim['upper_99.8'], True)} at that size: {verdict}.")
    return Chart(title=title, subtitle=f"{label[:1].upper() + label[1:]}, compared with {comparator}",
                 source=source, alt=alt, png=png)

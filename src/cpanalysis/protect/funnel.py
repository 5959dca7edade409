"""Comparison with a benchmark: funnel-plot control limits and verdicts.

Method: the OHID/PHE Fingertips funnel plot for proportions
(Spiegelhalter 2005, "Funnel plots for comparing institutional performance",
*Statistics in Medicine* 24:1185-1202; PHEindicatormethods
``phe_fun_prop_plot``). Control limits at 95% and 99.8% around a comparator
proportion ``p0`` for a denominator ``n`` use the normal approximation to the
binomial::

    p0 +/- z * sqrt(p0 (1 - p0) / n)        z = 1.959964 (95%), 3.090232 (99.8%)

clipped to [0, 1]. This reproduces PHEindicatormethods' funnel test data to
6 decimal places (baseline 80.642448%, n = 20: 63.326743% to 97.958152% at
95%; see ``tests/protect/test_funnel.py``); the limits are symmetric, so they
are not Wilson-style limits.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .proportion import z_for

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = ["VERDICT_MEANINGS", "funnel_chart", "funnel_limits", "funnel_verdict"]

LEVELS = (0.95, 0.998)


def funnel_limits(
    baseline: float,
    denominators: Sequence[int] | np.ndarray | int,
    levels: Sequence[float] = LEVELS,
) -> pd.DataFrame:
    """Funnel-plot control limits around a comparator proportion.

    Implements the PHE/OHID Fingertips funnel plot for proportions
    (Spiegelhalter 2005; PHEindicatormethods ``phe_fun_prop_plot``): normal
    approximation to the binomial around the baseline, 95% and 99.8%.

    Parameters
    ----------
    baseline : float
        Comparator proportion between 0 and 1 (England, statistical
        neighbours).
    denominators : int or sequence of int
        Group sizes at which to compute the limits.
    levels : sequence of float
        Confidence levels, default (0.95, 0.998).

    Returns
    -------
    pandas.DataFrame
        Column ``n`` and, per level, ``lower_95``/``upper_95`` style columns
        (``lower_99.8``...), as proportions.

    Examples
    --------
    >>> round(float(funnel_limits(0.80642448, 20)["lower_95"].iloc[0]), 6)
    0.633267
    """
    if not 0 <= baseline <= 1:
        raise ValueError("baseline must be a proportion between 0 and 1")
    n = np.atleast_1d(np.asarray(denominators, dtype=float))
    if (n <= 0).any():
        raise ValueError("denominators must be positive")
    out = pd.DataFrame({"n": n.astype(int)})
    se = np.sqrt(baseline * (1 - baseline) / n)
    for level in levels:
        z = z_for(level)
        tag = f"{100 * level:g}"
        out[f"lower_{tag}"] = np.clip(baseline - z * se, 0.0, 1.0)
        out[f"upper_{tag}"] = np.clip(baseline + z * se, 0.0, 1.0)
    return out


def funnel_verdict(
    numerator: int,
    denominator: int,
    baseline: float,
    comparator: str = "England",
    levels: Sequence[float] = LEVELS,
) -> str:
    """Plain-English verdict of a value against funnel limits, with no method words in it.

    Method: PHE/OHID funnel plot limits (:func:`funnel_limits`). The verdict
    names no limit, so it can stand in a table cell a councillor reads; the
    page's key says what each word means (:data:`VERDICT_MEANINGS`) and the
    methodology page names the method:

    * ``"similar to England"``: within the narrowest limits (95%);
    * ``"higher than England"`` / ``"lower than England"``: outside the 95%
      limits but within the widest (99.8%);
    * ``"much higher than England"`` / ``"much lower than England"``:
      outside the widest limits (99.8%).

    With a single level, a value outside it is "higher" or "lower" (never "much").

    Parameters
    ----------
    numerator, denominator : int
    baseline : float
        Comparator proportion.
    comparator : str
        Name of the comparator used in the sentence.
    levels : sequence of float

    Examples
    --------
    >>> funnel_verdict(10, 20, 0.8)
    'much lower than England'
    >>> funnel_verdict(12, 20, 0.8)
    'lower than England'
    >>> funnel_verdict(16, 20, 0.8)
    'similar to England'
    """
    if denominator <= 0 or not 0 <= numerator <= denominator:
        raise ValueError("need 0 <= numerator <= denominator and denominator > 0")
    value = numerator / denominator
    lim = funnel_limits(baseline, denominator, levels).iloc[0]
    exceeded = [level for level in sorted(levels)
                if value > lim[f"upper_{100 * level:g}"] or value < lim[f"lower_{100 * level:g}"]]
    if not exceeded:
        return f"similar to {comparator}"
    word = "higher" if value > baseline else "lower"
    much = len(levels) > 1 and max(exceeded) == max(levels)
    return f"{'much ' if much else ''}{word} than {comparator}"


#: What each verdict word of :func:`funnel_verdict` means, in words for a page's key.
VERDICT_MEANINGS: dict[str, str] = {
    "similar to": "the difference is no bigger than chance alone often makes in a group of this size",
    "higher than or lower than": "a difference this big would happen by chance alone in fewer than 1 in 20 "
                               "groups of this size",
    "much higher than or much lower than": "a difference this big would happen by chance alone in fewer than "
                                         "1 in 500 groups of this size",
}


def funnel_chart(
    numerators: Sequence[int],
    denominators: Sequence[int],
    baseline: float,
    *,
    labels: Sequence[str] | None = None,
    comparator: str = "England",
    title: str | None = None,
) -> Figure:
    """Funnel chart: values against 95% and 99.8% limits around a comparator.

    Method: PHE/OHID Fingertips funnel plot (Spiegelhalter 2005), limits from
    :func:`funnel_limits`. Percentages on the y axis, group size on the x
    axis. Returns a matplotlib Figure (not shown or saved).
    """
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    num = np.asarray(numerators, dtype=float)
    den = np.asarray(denominators, dtype=float)
    top = max(float(den.max()) * 1.1, 10.0)
    grid = np.unique(np.linspace(1, top, 200).round().astype(int))
    lim = funnel_limits(baseline, grid)
    fig, ax = plt.subplots(figsize=(7, 4.5))
    ax.axhline(100 * baseline, color="black", linewidth=1, label=comparator)
    for tag, style in (("95", "--"), ("99.8", ":")):
        ax.plot(grid, 100 * lim[f"lower_{tag}"], style, color="grey", label=f"{tag}% limits")
        ax.plot(grid, 100 * lim[f"upper_{tag}"], style, color="grey")
    ax.scatter(den, 100 * num / den, color="#12436D", zorder=3)
    if labels is not None:
        for x, y, text in zip(den, 100 * num / den, labels):
            ax.annotate(str(text), (x, y), textcoords="offset points", xytext=(4, 4), fontsize=8)
    ax.set_xlabel("Number of children")
    ax.set_ylabel("Percentage")
    ax.set_ylim(0, 100)
    ax.set_title(title or f"Compared with {comparator}")
    ax.legend(frameon=False, fontsize=8)
    fig.tight_layout()
    return fig



"""Effect sizes with intervals: differences in proportions, odds ratios, means.

* Difference of two proportions: Newcombe (1998) method 10, the "hybrid
  score" interval built from two Wilson intervals (Newcombe, "Interval
  estimation for the difference between independent proportions",
  *Statistics in Medicine* 17:873-890).
* Odds ratio: Woolf (1955) logit interval, with the Haldane-Anscombe
  correction (add 0.5 to every cell) when a cell is zero.
* Difference of two means: Welch (1947) interval with Welch-Satterthwaite
  degrees of freedom; one mean: Student t interval.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
# scipy.special, not scipy.stats: t.ppf(q, df) is special.stdtrit(df, q), and
# scipy.stats costs every briefing kernel half a second to import.
from scipy.special import stdtrit

from .proportion import wilson_interval, z_for

__all__ = ["Estimate", "mean_interval", "newcombe_difference", "odds_ratio", "welch_difference"]


@dataclass(frozen=True)
class Estimate:
    """A point estimate with a confidence interval."""

    estimate: float
    lower: float
    upper: float
    confidence: float
    method: str


def newcombe_difference(x1: int, n1: int, x2: int, n2: int, confidence: float = 0.95) -> Estimate:
    """Difference ``x1/n1 - x2/n2`` with Newcombe's method 10 interval.

    Implements Newcombe (1998) method 10 (hybrid Wilson score)::

        lower = d - sqrt((p1 - l1)^2 + (u2 - p2)^2)
        upper = d + sqrt((u1 - p1)^2 + (p2 - l2)^2)

    where ``(l_i, u_i)`` are Wilson (1927) intervals.

    Examples
    --------
    Newcombe (1998) Table II, example (a), 56/70 - 48/80:

    >>> e = newcombe_difference(56, 70, 48, 80)
    >>> round(e.lower, 4), round(e.upper, 4)
    (0.0524, 0.3339)
    """
    p1, p2 = x1 / n1, x2 / n2
    l1, u1 = wilson_interval(x1, n1, confidence)
    l2, u2 = wilson_interval(x2, n2, confidence)
    d = p1 - p2
    lower = d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    upper = d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return Estimate(d, lower, upper, confidence, "Newcombe (1998) method 10")


def odds_ratio(a: int, b: int, c: int, d: int, confidence: float = 0.95) -> Estimate:
    """Odds ratio ``(a/b) / (c/d)`` with Woolf's logit interval.

    Method: Woolf (1955), ``exp(log OR +/- z sqrt(1/a + 1/b + 1/c + 1/d))``;
    when any cell is zero, 0.5 is added to all four (Haldane 1956; Anscombe
    1956). ``a, b`` are successes and failures in the band, ``c, d`` in the
    reference band.
    """
    cells = [float(a), float(b), float(c), float(d)]
    method = "Woolf (1955) logit"
    if min(cells) == 0:
        cells = [v + 0.5 for v in cells]
        method += ", Haldane-Anscombe 0.5 correction"
    a_, b_, c_, d_ = cells
    log_or = math.log((a_ * d_) / (b_ * c_))
    se = math.sqrt(sum(1 / v for v in cells))
    z = z_for(confidence)
    return Estimate(math.exp(log_or), math.exp(log_or - z * se), math.exp(log_or + z * se), confidence, method)


def mean_interval(values: Sequence[float], confidence: float = 0.95) -> Estimate:
    """Mean with a Student t interval (Student 1908)."""
    y = np.asarray(values, dtype=float)
    if y.size < 2:
        raise ValueError("need at least two values for an interval")
    m = float(y.mean())
    half = float(stdtrit(y.size - 1, 0.5 + confidence / 2) * y.std(ddof=1) / math.sqrt(y.size))  # t.ppf
    return Estimate(m, m - half, m + half, confidence, "Student t")


def welch_difference(a: Sequence[float], b: Sequence[float], confidence: float = 0.95) -> Estimate:
    """Difference of means ``mean(a) - mean(b)`` with Welch's interval.

    Method: Welch (1947), Welch-Satterthwaite degrees of freedom.
    """
    x, y = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if x.size < 2 or y.size < 2:
        raise ValueError("need at least two values in each group")
    vx, vy = x.var(ddof=1) / x.size, y.var(ddof=1) / y.size
    se = math.sqrt(vx + vy)
    d = float(x.mean() - y.mean())
    if se == 0:
        return Estimate(d, d, d, confidence, "Welch (1947)")
    df = (vx + vy) ** 2 / (vx**2 / (x.size - 1) + vy**2 / (y.size - 1))
    half = float(stdtrit(df, 0.5 + confidence / 2) * se)  # scipy.stats.t.ppf
    return Estimate(d, d - half, d + half, confidence, "Welch (1947)")

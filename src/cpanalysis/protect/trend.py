"""Ordered-trend tests across bands: Cochran-Armitage / linear-by-linear.

Method
------
For ``k`` ordered bands with sizes ``n_i``, successes ``x_i`` and scores
``s_i`` the statistic is ``T = sum(s_i x_i)``. Conditional on the margins
(band sizes and total successes ``S``), ``T`` has a known distribution under
"no trend" (Cochran 1954, *Biometrics* 10:417-451; Armitage 1955,
*Biometrics* 11:375-386; the linear-by-linear association test of Agresti
2013, *Categorical Data Analysis*, section 3.4.6; R ``coin::independence_test``):

* **exact**: the multivariate hypergeometric distribution of ``(x_i)``,
  enumerated by convolution over bands; the two-sided p-value adds the
  probabilities of every table with ``|T - E[T]| >= |t_obs - E[T]|``;
* **asymptotic**: ``Z = (T - E[T]) / sqrt(Var[T])`` with the permutation
  variance ``Var[T] = S (N - S) / (N^2 (N - 1)) * (N sum n_i s_i^2 -
  (sum n_i s_i)^2)``; ``Z^2`` is ``(N - 1) r^2`` (Agresti's ``M^2``).

``method="auto"`` uses the exact test when any expected cell count
(``n_i S / N`` or ``n_i (N - S) / N``) is below 5 (DOMAIN.md section 7).

For continuous outcomes, :func:`mean_trend` regresses the outcome on the band
score (ordinary least squares slope t-test).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
# scipy.special here (norm.sf(z) is special.ndtr(-z)); scipy.stats, which costs a
# kernel half a second to import, only inside mean_trend.
from scipy.special import ndtr

__all__ = ["TrendResult", "cochran_armitage", "mean_trend"]


@dataclass(frozen=True)
class TrendResult:
    """An ordered-trend test result.

    Attributes
    ----------
    statistic : float
        ``T = sum(s_i x_i)`` (proportions) or the OLS slope (means).
    z : float
        Standardised statistic (Z or t).
    p_value : float
        Two-sided p-value.
    method : str
        ``"exact"``, ``"asymptotic"`` or ``"ols"``.
    """

    statistic: float
    z: float
    p_value: float
    method: str


def _check(successes: Sequence[int], totals: Sequence[int], scores: Sequence[float] | None) -> tuple[list[int], list[int], list[float]]:
    x = [int(v) for v in successes]
    n = [int(v) for v in totals]
    if len(x) != len(n) or len(x) < 2:
        raise ValueError("need successes and totals for at least two bands")
    if any(v < 0 for v in x) or any(a > b for a, b in zip(x, n)):
        raise ValueError("need 0 <= successes <= totals in every band")
    s = list(range(len(x))) if scores is None else [float(v) for v in scores]
    if len(s) != len(x):
        raise ValueError("one score per band")
    return x, n, s


def _exact_p(x: list[int], n: list[int], s: list[float]) -> float:
    """Exact conditional two-sided p-value by convolution over bands."""
    total_s = sum(x)
    big_n = sum(n)
    # dist maps (successes so far, T so far) -> number of ways (exact ints).
    dist: dict[tuple[int, float], int] = {(0, 0.0): 1}
    for ni, si in zip(n, s):
        nxt: dict[tuple[int, float], int] = {}
        for (k, t), w in dist.items():
            for xi in range(0, min(ni, total_s - k) + 1):
                key = (k + xi, t + si * xi)
                nxt[key] = nxt.get(key, 0) + w * math.comb(ni, xi)
        dist = nxt
    denom = math.comb(big_n, total_s)
    expected = total_s * sum(a * b for a, b in zip(n, s)) / big_n
    t_obs = sum(a * b for a, b in zip(s, x))
    d_obs = abs(t_obs - float(expected))
    tail = sum(w for (k, t), w in dist.items() if k == total_s and abs(t - float(expected)) >= d_obs - 1e-9)
    return min(1.0, tail / denom)


def cochran_armitage(
    successes: Sequence[int],
    totals: Sequence[int],
    scores: Sequence[float] | None = None,
    *,
    method: str = "auto",
) -> TrendResult:
    """Cochran-Armitage (linear-by-linear) test for a trend in proportions.

    Implements Cochran (1954) and Armitage (1955) in the conditional
    linear-by-linear form (Agresti 2013, section 3.4.6), exact by enumeration
    of all tables with the observed margins or asymptotic (normal).

    Parameters
    ----------
    successes, totals : sequence of int
        Per ordered band.
    scores : sequence of float, optional
        Band scores; default ``0, 1, ..., k - 1``.
    method : {"auto", "exact", "asymptotic"}
        ``"auto"``: exact when any expected count is below 5.

    Returns
    -------
    TrendResult

    Examples
    --------
    >>> round(cochran_armitage([0, 1, 2], [2, 2, 2], method="exact").p_value, 6)
    0.2
    """
    x, n, s = _check(successes, totals, scores)
    big_n, total_s = sum(n), sum(x)
    t_obs = float(sum(a * b for a, b in zip(s, x)))
    sum_ns = sum(a * b for a, b in zip(n, s))
    sum_ns2 = sum(a * b * b for a, b in zip(n, s))
    expected = total_s * sum_ns / big_n
    var = total_s * (big_n - total_s) * (big_n * sum_ns2 - sum_ns**2) / (big_n**2 * (big_n - 1)) if big_n > 1 else 0.0
    z = (t_obs - expected) / math.sqrt(var) if var > 0 else 0.0
    if method == "auto":
        small = any(ni * total_s / big_n < 5 or ni * (big_n - total_s) / big_n < 5 for ni in n)
        method = "exact" if small else "asymptotic"
    if var == 0:
        return TrendResult(t_obs, 0.0, 1.0, method)
    if method == "exact":
        return TrendResult(t_obs, z, _exact_p(x, n, s), "exact")
    if method == "asymptotic":
        return TrendResult(t_obs, z, float(2 * ndtr(-abs(z))), "asymptotic")
    raise ValueError("method must be 'auto', 'exact' or 'asymptotic'")


def mean_trend(values: Sequence[float], band_index: Sequence[int], scores: Sequence[float] | None = None) -> TrendResult:
    """Trend in a continuous outcome across ordered bands.

    Method: ordinary least squares regression of the outcome on the band
    score, two-sided t-test of the slope (the continuous analogue of the
    Cochran-Armitage test; Armitage, Berry & Matthews 2002, *Statistical
    Methods in Medical Research*, section 11.x), via
    :func:`scipy.stats.linregress`.

    Parameters
    ----------
    values : sequence of float
        Outcome per child (e.g. Attainment 8).
    band_index : sequence of int
        Band of each child (0-based, ordered).
    scores : sequence of float, optional
        Score of each band; default the band index.
    """
    y = np.asarray(values, dtype=float)
    b = np.asarray(band_index, dtype=int)
    sc = np.arange(b.max() + 1, dtype=float) if scores is None else np.asarray(scores, dtype=float)
    xs = sc[b]
    if np.unique(xs).size < 2 or y.size < 3:
        raise ValueError("need at least three children in at least two bands")
    from scipy import stats

    res = stats.linregress(xs, y)
    t = res.slope / res.stderr if res.stderr > 0 else 0.0
    return TrendResult(float(res.slope), float(t), float(res.pvalue), "ols")

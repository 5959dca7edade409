"""Outcomes by placement count (or any ordered banding).

Bands (default 1, 2, 3-4, 5+) are merged with a neighbour until each can be
published (DOMAIN.md section 7); then :func:`compare_by_band` reports the
outcome per band with Wilson intervals (or means with t intervals), an
ordered-trend test (Cochran-Armitage, exact when counts are small; OLS slope
for means), the first-to-last band difference with an interval (Newcombe
method 10 / Welch), odds ratios against the first band (Woolf), and a
sentence that never turns "not significant" into "no difference".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .policy import DEFAULT_POLICY, DisclosurePolicy
from .effect import Estimate, mean_interval, newcombe_difference, odds_ratio, welch_difference
from .proportion import wilson_interval
from .rounding import round_half_away
from .trend import TrendResult, cochran_armitage, mean_trend

__all__ = ["DEFAULT_BANDS", "Band", "BandComparison", "compare_by_band", "format_p", "merge_bands", "merge_pair"]


@dataclass(frozen=True)
class Band:
    """An inclusive range of counts; ``high=None`` means "and over"."""

    low: int
    high: int | None

    @property
    def label(self) -> str:
        if self.high is None:
            return f"{self.low}+"
        return str(self.low) if self.low == self.high else f"{self.low}-{self.high}"

    def contains(self, v: float) -> bool:
        return v >= self.low and (self.high is None or v <= self.high)


DEFAULT_BANDS: tuple[Band, ...] = (Band(1, 1), Band(2, 2), Band(3, 4), Band(5, None))


def _publishable(n: int, x: int | None, policy: DisclosurePolicy) -> bool:
    if n < policy.threshold:
        return False
    if x is None:
        return True
    if policy.is_small(x) or policy.is_small(n - x):
        return False
    return not ((x == 0 or x == n) and n < policy.small_group)


def merge_pair(n: Sequence[int], bad: Sequence[int]) -> tuple[int, int]:
    """The two adjacent bands to merge next: the smallest unpublishable band (first on ties) and its
    smaller neighbour (the earlier one on ties), as (first, second) positions."""
    i = min(bad, key=lambda j: (n[j], j))
    if i == 0:
        j = 1
    elif i == len(n) - 1:
        j = i - 1
    else:
        j = i - 1 if n[i - 1] <= n[i + 1] else i + 1
    return min(i, j), max(i, j)


def merge_bands(
    counts: Sequence[int],
    successes: Sequence[int] | None = None,
    bands: Sequence[Band] = DEFAULT_BANDS,
    *,
    policy: DisclosurePolicy,
) -> list[Band]:
    """Merge adjacent bands until every band is publishable.

    A band is publishable under ``policy`` when it has at least
    ``policy.threshold`` children and (for a yes/no outcome) neither the
    successes nor the failures are from 1 to ``policy.threshold - 1``, and it
    is not 0% or 100% of fewer than ``policy.small_group`` children (DfE
    suppression, DOMAIN.md section 6).
    Deterministic: the smallest unpublishable band (first on ties) merges with
    its smaller neighbour (the earlier one on ties).

    Returns
    -------
    list of Band
    """
    bands = list(bands)
    n = [int(v) for v in counts]
    x = None if successes is None else [int(v) for v in successes]
    while len(bands) > 1:
        bad = [i for i in range(len(bands)) if not _publishable(n[i], None if x is None else x[i], policy)]
        if not bad:
            break
        a, b = merge_pair(n, bad)
        merged = Band(bands[a].low, bands[b].high)
        bands[a : b + 1] = [merged]
        n[a : b + 1] = [n[a] + n[b]]
        if x is not None:
            x[a : b + 1] = [x[a] + x[b]]
    return bands


def format_p(p: float) -> str:
    """"p < 0.001", "p = 0.003" or "p = 0.07" (halves rounded away from zero)."""
    if p < 0.001:
        return "p < 0.001"
    if p < 0.01:
        return f"p = {round_half_away(p, 3):.3f}"
    return f"p = {round_half_away(p, 2):.2f}"


@dataclass(frozen=True)
class BandComparison:
    """Result of :func:`compare_by_band`.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per (merged) band.
    trend : TrendResult
    difference : Estimate
        Last band minus first band (percentage points or outcome units).
    kind : str
        ``"proportion"`` or ``"mean"``.
    sentence : str
    """

    table: pd.DataFrame
    trend: TrendResult
    difference: Estimate
    kind: str
    sentence: str


def _sentence(kind: str, first: str, last: str, diff: Estimate, trend: TrendResult, alpha: float, unit: str) -> str:
    scale = 100.0 if kind == "proportion" else 1.0
    lo, hi, est = (round_half_away(scale * v, 0 if kind == "proportion" else 1) for v in (diff.lower, diff.upper, diff.estimate))
    pct = f"{100 * diff.confidence:g}"
    span = f"{lo:g} to {hi:g} {unit}"
    if trend.p_value < alpha:
        direction = "lower" if diff.estimate < 0 else "higher"
        what = "the rate" if kind == "proportion" else "the average"
        return (
            f"Outcomes change with the number of placements ({trend.method} trend test, {format_p(trend.p_value)}): "
            f"for children in the {last} band {what} was {abs(est):g} {unit} {direction} than in the {first} band "
            f"({pct}% CI {span})."
        )
    return (
        f"The trend across bands is not statistically significant ({format_p(trend.p_value)}): "
        f"the data are consistent with anything from no difference to a gap of "
        f"{max(abs(lo), abs(hi)):g} {unit} between the {first} and {last} bands "
        f"({pct}% CI {span}); this is not evidence that outcomes are the same."
    )


def compare_by_band(
    placements: Sequence[float],
    outcome: Sequence[float],
    *,
    bands: Sequence[Band] = DEFAULT_BANDS,
    kind: str = "auto",
    policy: DisclosurePolicy = DEFAULT_POLICY,
    confidence: float = 0.95,
    alpha: float = 0.05,
    method: str = "auto",
) -> BandComparison:
    """Compare an outcome across ordered bands of placement count.

    Methods: bands merged until publishable (DfE suppression); Wilson (1927)
    intervals per band; Cochran (1954) / Armitage (1955) trend test,
    linear-by-linear form, exact when any expected count is under 5; Newcombe
    (1998) method 10 interval for the last-minus-first difference; Woolf
    (1955) odds ratios against the first band. For continuous outcomes
    (Attainment 8, Progress 8, attendance): Student t intervals per band, OLS
    slope trend test, Welch (1947) difference. Wording follows DOMAIN.md
    section 7: "not statistically significant" never becomes "no difference".

    Parameters
    ----------
    placements : sequence of number
        Placement count (or any ordered value) per child.
    outcome : sequence of number
        0/1 (or bool) per child for a proportion; any numbers for a mean.
    bands : sequence of Band
        Starting bands, default 1, 2, 3-4, 5+. Children outside every band
        are left out.
    kind : {"auto", "proportion", "mean"}
        ``"auto"``: proportion when every outcome is 0 or 1.
    policy : DisclosurePolicy, default DEFAULT_POLICY
        Publishability rules for merging (see :func:`merge_bands`). The
        default (DfE's rules) is for interactive use: code in this package
        always passes the run's policy.
    confidence, alpha : float
    method : {"auto", "exact", "asymptotic"}
        Trend test for proportions.

    Returns
    -------
    BandComparison

    Raises
    ------
    ValueError
        When fewer than two publishable bands remain.
    """
    pl = np.asarray(placements, dtype=float)
    y = np.asarray(outcome, dtype=float)
    if pl.shape != y.shape:
        raise ValueError("placements and outcome must have the same length")
    if kind == "auto":
        kind = "proportion" if np.isin(y, (0.0, 1.0)).all() else "mean"
    if kind not in ("proportion", "mean"):
        raise ValueError("kind must be 'auto', 'proportion' or 'mean'")

    def assign(bs: Sequence[Band]) -> np.ndarray:
        idx = np.full(pl.size, -1)
        for i, b in enumerate(bs):
            idx[(pl >= b.low) & ((pl <= b.high) if b.high is not None else True) & (idx < 0)] = i
        return idx

    idx = assign(bands)
    n = [int((idx == i).sum()) for i in range(len(bands))]
    x = [int(y[idx == i].sum()) for i in range(len(bands))] if kind == "proportion" else None
    merged = merge_bands(n, x, bands, policy=policy)
    if len(merged) < 2:
        raise ValueError("fewer than two publishable bands: too few children to compare")
    idx = assign(merged)
    rows = []
    if kind == "proportion":
        n = [int((idx == i).sum()) for i in range(len(merged))]
        x = [int(y[idx == i].sum()) for i in range(len(merged))]
        for i, b in enumerate(merged):
            lo, hi = wilson_interval(x[i], n[i], confidence)
            ratio = odds_ratio(x[i], n[i] - x[i], x[0], n[0] - x[0], confidence)
            rows.append(
                {"band": b.label, "n": n[i], "successes": x[i], "proportion": x[i] / n[i], "lower": lo, "upper": hi,
                 "odds_ratio": ratio.estimate, "or_lower": ratio.lower, "or_upper": ratio.upper}
            )
        trend = cochran_armitage(x, n, method=method)
        diff = newcombe_difference(x[-1], n[-1], x[0], n[0], confidence)
        unit = "percentage points"
    else:
        groups = [y[idx == i] for i in range(len(merged))]
        for b, g in zip(merged, groups):
            est = mean_interval(g, confidence)
            rows.append({"band": b.label, "n": int(g.size), "mean": est.estimate, "lower": est.lower, "upper": est.upper})
        keep = idx >= 0
        trend = mean_trend(y[keep], idx[keep])
        diff = welch_difference(groups[-1], groups[0], confidence)
        unit = "points"
    table = pd.DataFrame(rows)
    sentence = _sentence(kind, merged[0].label, merged[-1].label, diff, trend, alpha, unit)
    return BandComparison(table, trend, diff, kind, sentence)

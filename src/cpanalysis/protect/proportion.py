"""Percentages with caveats: Wilson intervals, reliability and suppression.

A :class:`Proportion` carries everything an analyst must say about a
percentage of a small cohort (DOMAIN.md section 7): numerator, denominator,
value, a Wilson score interval, "one child = N percentage points", a
low-reliability flag and whether it must be suppressed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# scipy.special, not scipy.stats: norm.ppf is special.ndtri, and scipy.stats costs
# every briefing kernel half a second to import.
from scipy.special import ndtri

from .policy import DEFAULT_POLICY, DisclosurePolicy
from .rounding import round_half_away

__all__ = ["Proportion", "proportion", "wilson_interval", "z_for"]


def z_for(confidence: float) -> float:
    """Two-sided standard normal quantile, e.g. 1.959964 for 0.95, 3.090232 for 0.998."""
    if not 0 < confidence < 1:
        raise ValueError("confidence must be between 0 and 1")
    return float(ndtri(0.5 + confidence / 2))  # scipy.stats.norm.ppf


def wilson_interval(numerator: int, denominator: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a proportion.

    Implements Wilson (1927), "Probable inference, the law of succession, and
    statistical inference", *JASA* 22:209-212, as used by OHID/PHE Fingertips
    (PHEindicatormethods ``phe_proportion``, method "wilson"):

    ``(2r + z^2 -/+ z sqrt(z^2 + 4r(1 - r/n))) / (2(n + z^2))``.

    Parameters
    ----------
    numerator, denominator : int
        ``0 <= numerator <= denominator``, ``denominator > 0``.
    confidence : float
        0.95 (default) or e.g. 0.998 (Fingertips' outer limits).

    Returns
    -------
    (lower, upper) : tuple of float
        Proportions between 0 and 1.

    Examples
    --------
    >>> [round(v, 6) for v in wilson_interval(8, 21)]
    [0.20751, 0.591213]
    """
    r, n = numerator, denominator
    if n <= 0 or r < 0 or r > n:
        raise ValueError("need 0 <= numerator <= denominator and denominator > 0")
    z = z_for(confidence)
    centre = 2 * r + z * z
    half = z * math.sqrt(z * z + 4 * r * (1 - r / n))
    den = 2 * (n + z * z)
    return max(0.0, (centre - half) / den), min(1.0, (centre + half) / den)


@dataclass(frozen=True)
class Proportion:
    """A percentage with the caveats it needs.

    Build with :func:`proportion`.
    """

    numerator: int
    denominator: int
    confidence: float
    lower: float
    upper: float
    policy: DisclosurePolicy

    @property
    def threshold(self) -> int:
        """Primary suppression threshold (``policy.threshold``)."""
        return self.policy.threshold

    @property
    def reliability_limit(self) -> int:
        """Denominators below this are low reliability (``policy.reliability_limit``)."""
        return self.policy.reliability_limit

    @property
    def small_group(self) -> int:
        """0% or 100% of fewer than this is hidden (``policy.small_group``)."""
        return self.policy.small_group

    @property
    def value(self) -> float:
        """The proportion, between 0 and 1."""
        return self.numerator / self.denominator

    @property
    def percentage_points_per_child(self) -> float:
        """How far one child moves the percentage: ``100 / denominator``."""
        return 100.0 / self.denominator

    @property
    def low_reliability(self) -> bool:
        """True when the denominator is below ``reliability_limit`` (GSS ``u``)."""
        return self.denominator < self.reliability_limit

    @property
    def suppressed(self) -> bool:
        """True when the numerator or denominator would be suppressed.

        Counts from 1 to ``threshold - 1`` are hidden, and so is any
        percentage derived from them (numerator, denominator or the
        complement). 0% or 100% of a group smaller than ``small_group``
        (as :func:`cpanalysis.protect.suppress`) is
        attribute-disclosive: "0 of 6 passed" says something about each of
        the six (DOMAIN.md section 6).
        """
        small = self.policy.is_small
        rest = self.denominator - self.numerator
        if small(self.numerator) or small(self.denominator) or small(rest):
            return True
        all_or_none = self.numerator == 0 or rest == 0
        return all_or_none and 0 < self.denominator < self.small_group

    @property
    def status(self) -> str:
        """``"primary"`` when suppressed, ``"low_reliability"`` or ``"shown"``."""
        if self.suppressed:
            return "primary"
        return "low_reliability" if self.low_reliability else "shown"

    @property
    def one_child_note(self) -> str:
        """E.g. "one child = 4.8 percentage points"."""
        pts = round_half_away(self.percentage_points_per_child, 1)
        return f"one child = {pts:g} percentage points"

    def for_table(self, decimals: int = 0) -> str:
        """Table rendering: a percentage, ``c`` if suppressed, ``u``-flagged if unreliable."""
        if self.suppressed:
            return "c"
        pct = _fmt(100 * self.value, decimals)
        return f"{pct} u" if self.low_reliability else pct

    def for_sentence(self, decimals: int = 0) -> str:
        """Sentence rendering, e.g. "8 of 21 (38%, 95% CI 21% to 59%)".

        Suppressed proportions render as "a suppressed number (c)".
        """
        if self.suppressed:
            return "a suppressed number (c)"
        level = f"{100 * self.confidence:g}"
        return (
            f"{self.numerator} of {self.denominator} ({_fmt(100 * self.value, decimals)}, "
            f"{level}% CI {_fmt(100 * self.lower, decimals)} to {_fmt(100 * self.upper, decimals)})"
        )

    def __str__(self) -> str:
        return self.for_sentence()


def _fmt(pct: float, decimals: int) -> str:
    v = round_half_away(pct, decimals)
    return f"{v:.{decimals}f}%"


def proportion(
    numerator: int,
    denominator: int,
    *,
    policy: DisclosurePolicy = DEFAULT_POLICY,
    confidence: float = 0.95,
) -> Proportion:
    """A proportion with a Wilson interval, caveats and suppression status.

    Method: Wilson (1927) score interval (the OHID/PHE standard,
    PHEindicatormethods ``phe_proportion``) at 95% by default, 99.8% on
    request; "one child = 100/n percentage points" (DOMAIN.md section 7);
    suppression of numerators/denominators from 1 to ``threshold - 1`` (DfE);
    rounding half away from zero (DfE ``round_five_up``).

    Parameters
    ----------
    numerator, denominator : int
    policy : DisclosurePolicy, default DEFAULT_POLICY
        The run's disclosure policy: counts from 1 to ``threshold - 1`` are
        suppressed, denominators below ``reliability_limit`` are flagged low
        reliability (GSS ``u``), 0% or 100% of fewer than ``small_group`` is
        suppressed (attribute disclosure). The default (DfE's rules) is for
        interactive use: code in this package always passes the run's policy.
    confidence : float, default 0.95

    Returns
    -------
    Proportion

    Examples
    --------
    >>> proportion(8, 21).for_sentence()
    '8 of 21 (38%, 95% CI 21% to 59%)'
    """
    for name, v in (("numerator", numerator), ("denominator", denominator)):
        if isinstance(v, bool) or int(v) != v:
            raise ValueError(f"{name} must be a whole number")
    lo, hi = wilson_interval(int(numerator), int(denominator), confidence)
    if not isinstance(policy, DisclosurePolicy):
        raise TypeError(f"policy must be a DisclosurePolicy, not {type(policy).__name__}")
    return Proportion(int(numerator), int(denominator), confidence, lo, hi, policy)

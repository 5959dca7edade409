"""How one measure's value is published: shown, rounded or hidden.

Every output that prints a registry measure (the scorecard, ``cpanalysis
measures``, the briefings' tables and charts) decides here, under the run's
:class:`~cpanalysis.protect.policy.DisclosurePolicy`, what may be printed for
one value (DOMAIN.md section 6). Ties between values (across measures, across
the quarters of a year to date) are :mod:`cpanalysis.measures.linked`'s.

Rules, for one value on its own:

* counts from 1 to ``threshold - 1`` are ``c``; a true zero is 0;
* a percentage is ``c`` when its numerator, denominator or the rest is from 1
  to ``threshold - 1``, or it is 0% or 100% of fewer than ``small_group``
  (:func:`cpanalysis.protect.proportion`); ``u`` flags a denominator under
  ``reliability_limit``;
* averages (days, scores) over fewer than ``threshold`` children are ``c``
  (a mean of one child's days is that child's days);
* not available is ``x``, a percentage of nobody is ``z``.

**Rounding instead of hiding** (:func:`round_percentage`). A percentage of a
large group whose small part is the rest (532 of 536 reviews on time: 4 late)
or the numerator need not be hidden: it is published as a whole-number (or
coarser) percentage, "about 99%", *without* its numerator, denominator or
rest, when

1. the group has at least ``policy.round_percent_base`` children, and
2. every published percentage that some small count could round to covers
   counts at least ``policy.width`` apart (the width the interval attack asks
   of a hidden cell, :mod:`cpanalysis.protect.audit`): 99% of 536 is any count
   from 528 to 533, so the late reviews are anything from 3 to 8.

The step (1%, else 5%, else 10%) is the finest for which rule 2 holds for
every such percentage of the group's size, and a value is rounded whenever the
counts its percentage covers include a small one, *whatever the true count*:
531 of 536 (5 late, publishable exactly) is "about 99%" too, so seeing a
rounded value tells a reader nothing beyond the range of counts it covers.
0% and 100% are never the result of rounding (they would claim none or all);
a value that would round to them follows the rules above. The group's size
is printed rounded to 10 ("about 540") or not at all.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from ..protect.policy import DisclosurePolicy
from ..protect.proportion import proportion
from ..protect.rounding import round_half_away, round_to_base
from .registry import Measure

__all__ = [
    "DECISIONS", "HIDDEN", "PUBLISHED", "ROUNDING_STEPS", "Rounded", "consistent_counts", "decision",
    "published_figures", "publish", "round_percentage", "rounding_step", "share_display",
]

#: Statuses whose value may be printed ("rounded": a rounded percentage without its counts).
PUBLISHED = frozenset({"shown", "zero", "low_reliability", "rounded"})
#: Statuses shown as ``c``.
HIDDEN = frozenset({"primary", "secondary"})

#: Rounding steps tried, finest first (percentage points).
ROUNDING_STEPS = (1, 5, 10)


def _int(v: object) -> int | None:
    return None if v is None or pd.isna(v) else int(v)  # type: ignore[arg-type]


def _rounded_percent(k: int, n: int, step: int) -> int:
    """``100 k / n`` rounded half up to a multiple of ``step``, in exact integer arithmetic."""
    return (200 * k + n * step) // (2 * n * step) * step


def consistent_counts(percent: int, step: int, n: int) -> range:
    """Every count of ``n`` whose percentage rounds (to ``step``) to ``percent``: what a reader can infer."""
    ks = [k for k in range(n + 1) if _rounded_percent(k, n, step) == percent]
    return range(ks[0], ks[-1] + 1) if ks else range(0)


def _unsafe(k: int, n: int, policy: DisclosurePolicy) -> bool:
    return policy.is_small(k) or policy.is_small(n - k)


@lru_cache(maxsize=4096)
def _step(n: int, policy: DisclosurePolicy) -> int | None:
    for step in ROUNDING_STEPS:
        spans: dict[int, list[int]] = {}
        for k in range(n + 1):
            d = _rounded_percent(k, n, step)
            if 0 < d < 100:
                spans.setdefault(d, []).append(k)
        needed = [ks for ks in spans.values() if any(_unsafe(k, n, policy) for k in ks)]
        if needed and all(ks[-1] - ks[0] >= policy.width for ks in needed):
            return step
    return None


def rounding_step(n: int, *, policy: DisclosurePolicy) -> int | None:
    """The percentage step a group of ``n`` may be rounded to (module docstring), or None.

    None when ``n`` is under ``policy.round_percent_base`` or no step keeps
    every small count's published range ``policy.width`` wide.

    Examples
    --------
    >>> from cpanalysis.protect.policy import DEFAULT_POLICY
    >>> rounding_step(536, policy=DEFAULT_POLICY), rounding_step(111, policy=DEFAULT_POLICY)
    (1, 5)
    >>> rounding_step(106, policy=DEFAULT_POLICY) is None
    True
    """
    if n < policy.round_percent_base:
        return None
    return _step(int(n), policy)


@dataclass(frozen=True)
class Rounded:
    """A percentage published rounded, without its counts.

    Attributes
    ----------
    percent : int
        The published percentage (a multiple of ``step``, never 0 or 100).
    step : int
        The rounding step in percentage points.
    base : int
        The group's size rounded to 10, as printed ("about 540").
    counts : range
        Every count consistent with ``percent`` (for checking; never printed).
    """

    percent: int
    step: int
    base: int
    counts: range

    @property
    def display(self) -> str:
        """As printed: "about 99%"."""
        return f"about {self.percent}%"

    @property
    def rule(self) -> str:
        """The rounding, in words: "rounded to the nearest whole number" or "... nearest 5%"."""
        return "rounded to the nearest whole number" if self.step == 1 else f"rounded to the nearest {self.step}%"


def round_percentage(numerator: int, denominator: int, *, policy: DisclosurePolicy) -> Rounded | None:
    """The rounded form of ``numerator`` of ``denominator`` when it is published rounded, else None.

    Method in the module docstring: rounded when the group is at least
    ``policy.round_percent_base``, a step exists for its size
    (:func:`rounding_step`), the result is neither 0% nor 100%, and the counts
    it covers include a small one (numerator or rest from 1 to
    ``threshold - 1``). Checked by ``tests/measures/test_disclosure.py`` on
    hand numbers (532 of 536: "about 99%", consistent with 528 to 533).

    Examples
    --------
    >>> from cpanalysis.protect.policy import DEFAULT_POLICY
    >>> r = round_percentage(532, 536, policy=DEFAULT_POLICY)
    >>> r.display, list(r.counts), r.base
    ('about 99%', [528, 529, 530, 531, 532, 533], 540)
    >>> round_percentage(19, 21, policy=DEFAULT_POLICY) is None
    True
    """
    n, k = int(denominator), int(numerator)
    if not 0 <= k <= n:
        return None
    step = rounding_step(n, policy=policy)
    if step is None:
        return None
    d = _rounded_percent(k, n, step)
    if not 0 < d < 100:
        return None
    counts = consistent_counts(d, step, n)
    if not any(_unsafe(c, n, policy) for c in counts):
        return None
    return Rounded(d, step, round_to_base(n, 10), counts)


def publish(measure: Measure, numerator, denominator, value, available: bool, *,
            policy: DisclosurePolicy) -> tuple[str, str]:
    """The published display and cell status of one value (module docstring).

    Returns
    -------
    (display, status) : tuple of str
        ``status`` is one of ``shown``, ``zero``, ``low_reliability``,
        ``rounded`` (a rounded percentage, "about 99%"), ``primary`` (``c``),
        ``not_available`` (``x``), ``not_applicable`` (``z``).
    """
    if not available:
        return "x", "not_available"
    num, den = _int(numerator), _int(denominator)
    dec = measure.decimals
    if measure.unit == "percent":
        if num is not None and den is not None:
            if den == 0:
                return "z", "not_applicable"
            r = round_percentage(num, den, policy=policy)
            if r is not None:
                return r.display, "rounded"
            p = proportion(num, den, policy=policy)
            if p.suppressed:
                return "c", "primary"
            shown = f"{round_half_away(100 * num / den, dec):.{dec}f}%"
            return (shown, "low_reliability") if p.low_reliability else (shown, "shown")
        if value is None or pd.isna(value):
            return "x", "not_available"
        return f"{round_half_away(float(value), dec):.{dec}f}%", "shown"   # supplied without counts
    if measure.unit in ("days", "mean"):
        if den is not None and den == 0:
            return "z", "not_applicable"
        if den is not None and den < policy.threshold:
            return "c", "primary"
        if value is None or pd.isna(value):
            return "z", "not_applicable"
        return f"{round_half_away(float(value), dec):.{dec}f}", "shown"
    # counts and rates: the count is the numerator
    n = num if num is not None else (None if value is None or pd.isna(value) else int(round(float(value))))
    if n is None:
        return "x", "not_available"
    if n == 0:
        return "0", "zero"
    if n < policy.threshold:
        return "c", "primary"
    if measure.unit == "rate_per_10000":
        return f"{round_half_away(float(value), dec):.{dec}f}", "shown"
    return f"{n:,}", "shown"


def published_figures(row: Mapping, status: str, *, policy: DisclosurePolicy) -> dict:
    """A result row as a reader knows it: the row itself, or for a rounded value its published figures.

    For a ``rounded`` percentage the numerator and denominator are those of
    the published percentage of the rounded group size (about 99% of about
    540: 535 of 540), ``value`` the published percentage, so that anything
    worked out from them (direction of travel, RAG, funnel verdicts) is a
    function of what is printed and cannot narrow the range it covers.
    """
    out = {k: row[k] for k in ("numerator", "denominator", "value", "spread") if k in row}
    if status == "rounded":
        r = round_percentage(int(row["numerator"]), int(row["denominator"]), policy=policy)
        if r is not None:
            out.update(numerator=int(round_half_away(r.percent * r.base / 100)), denominator=r.base,
                       value=float(r.percent), spread=float("nan"))
    return out


def share_display(measure: Measure, numerator, denominator, *, policy: DisclosurePolicy) -> str:
    """A count measure's share of its denominator (``P3.9``: % of cared for children), protected."""
    num, den = _int(numerator), _int(denominator)
    if not measure.share_of or measure.unit != "count" or num is None or den is None:
        return ""
    if den == 0:
        return "z"
    return proportion(num, den, policy=policy).for_table(1)


#: Every decision a published value can have, in words (for the methodology page).
DECISIONS = {
    "shown": "shown",
    "zero": "shown",
    "low_reliability": "shown",
    "rounded": "rounded",
    "primary": "hidden: primary",
    "secondary": "hidden: secondary",
    "not_available": "not available",
    "not_applicable": "not applicable",
}


def decision(status: str, numerator=None, denominator=None, *, policy: DisclosurePolicy) -> tuple[str, str]:
    """(decision, reason) for a published status, in plain words.

    ``decision`` is ``shown``, ``rounded``, ``hidden: primary``, ``hidden:
    secondary``, ``not available`` or ``not applicable``. The reason states
    the rule, never the hidden number or which part of it is small.
    """
    small = f"1 to {policy.threshold - 1}"
    reasons = {
        "shown": "no number in it is small enough to identify a child",
        "zero": "a true zero",
        "low_reliability": f"shown, marked u: fewer than {policy.reliability_limit} children",
        "primary": (f"the number counted, the group or the rest is from {small}, or it is 0% or 100% of "
                    f"fewer than {policy.small_group} children"),
        "secondary": "hidden so that no hidden number can be worked out by subtraction from other figures "
                     "or from the earlier quarters of the year",
        "not_available": "the data it needs are not available",
        "not_applicable": "there is nobody to take a percentage of",
    }
    if status == "rounded":
        r = None
        if numerator is not None and denominator is not None:
            r = round_percentage(int(numerator), int(denominator), policy=policy)
        rule = r.rule if r is not None else "rounded"
        return "rounded", (f"{rule}, shown without its counts, of a group of about {r.base:,}: every count it "
                           f"could stand for is in a range at least {policy.width} wide"
                           if r is not None else rule)
    if status not in reasons:
        raise ValueError(f"unknown status {status!r}")
    return DECISIONS[status], reasons[status]

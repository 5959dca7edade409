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

**Rounding instead of hiding** (:func:`round_percentage`; the ONS and GSS
practice of publishing rounded percentages rather than suppressing). A
percentage of a large group whose small part is the rest (532 of 536 reviews
on time: 4 late) or the numerator need not be hidden: it is published rounded,
*without* its numerator, denominator or rest, when

1. the group has at least ``policy.round_percent_base`` children, and
2. every published bucket that some small count could fall in covers counts
   at least ``policy.width`` apart (the width the interval attack asks of a
   hidden cell, :mod:`cpanalysis.protect.audit`).

Buckets are the percentage rounded to a step (1%, else 5%, else 10%: the
finest for which rule 2 holds for the group's size), except at the ends: 0%
and 100% would claim none or all, so the end bucket merges with its
neighbour and reads "99% or more" (at step 1 of 536: any count from 528 to
536, so the late reviews are anything from 0 to 8) or "1% or less". Where no
step works, a band at either end is used ("95% or more" of 106: 101 to 106,
:func:`top_band`). A value is published in its bucket whenever the bucket
includes a small count, *whatever the true count*: 531 of 536 (5 late,
publishable exactly) is "99% or more" too, so seeing a bucket tells a reader
nothing beyond the range of counts it covers, and a hidden ``c`` can never be
told apart from a bucket's counts. The group's size is printed rounded to 10
("about 540") or not at all. Checked by ``tests/measures/test_disclosure.py``:
hand numbers, and a brute-force reader over every count of every group size
from 100 to 800 at thresholds 5 and 10.
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
    "BAND_EDGES", "HIDDEN", "PUBLISHED", "ROUNDING_STEPS", "Rounded", "bucket_counts", "published_figures", "publish",
    "round_percentage", "rounded_form", "rounding_step", "share_display",
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


def _unsafe(k: int, n: int, policy: DisclosurePolicy) -> bool:
    return policy.is_small(k) or policy.is_small(n - k)


def _bucket(k: int, n: int, step: int) -> int:
    """The published bucket of ``k`` of ``n`` at ``step``: its rounded percentage, the ends merged.

    0% and 100% would claim none or all, so the end buckets merge with their
    neighbours: ``100 - step`` stands for "``100 - step``% or more" and ``step``
    for "``step``% or less" (at step 1 of 536: 99% or more is 528 to 536).
    """
    d = _rounded_percent(k, n, step)
    return 100 - step if d >= 100 - step else step if d <= step else d


def bucket_counts(k: int, n: int, step: int) -> range:
    """Every count of ``n`` in the same published bucket as ``k`` (:func:`_bucket`): what a reader can infer."""
    b = _bucket(k, n, step)
    ks = [c for c in range(n + 1) if _bucket(c, n, step) == b]
    return range(ks[0], ks[-1] + 1)


@lru_cache(maxsize=4096)
def _step(n: int, policy: DisclosurePolicy) -> int | None:
    for step in ROUNDING_STEPS:
        spans: dict[int, list[int]] = {}
        for k in range(n + 1):
            spans.setdefault(_bucket(k, n, step), []).append(k)
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
    >>> rounding_step(536, policy=DEFAULT_POLICY), rounding_step(106, policy=DEFAULT_POLICY)
    (1, 5)
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
    #: ``"nearest"`` (about 99%), ``"at_least"`` (95% or more) or ``"at_most"`` (5% or less).
    kind: str = "nearest"

    @property
    def display(self) -> str:
        """As printed: "about 99%", "95% or more", "5% or less"."""
        if self.kind == "at_least":
            return f"{self.percent}% or more"
        if self.kind == "at_most":
            return f"{self.percent}% or less"
        return f"about {self.percent}%"

    @property
    def rule(self) -> str:
        """The rounding, in words: "rounded to the nearest whole number", "... nearest 5%", "shown as a band"."""
        if self.kind != "nearest":
            return "shown as a band of 5 percentage points or more"
        return "rounded to the nearest whole number" if self.step == 1 else f"rounded to the nearest {self.step}%"


def round_percentage(numerator: int, denominator: int, *, policy: DisclosurePolicy) -> Rounded | None:
    """The rounded form of ``numerator`` of ``denominator`` when it is published rounded, else None.

    Method in the module docstring: rounded when the group is at least
    ``policy.round_percent_base``, a step exists for its size
    (:func:`rounding_step`; else a band at either end, :func:`top_band`), and
    the counts its bucket covers include a small one (numerator or rest from
    1 to ``threshold - 1``). Checked by ``tests/measures/test_disclosure.py``
    on hand numbers (532 of 536: "99% or more", consistent with 528 to 536).

    Examples
    --------
    >>> from cpanalysis.protect.policy import DEFAULT_POLICY
    >>> r = round_percentage(532, 536, policy=DEFAULT_POLICY)
    >>> r.display, list(r.counts), r.base
    ('99% or more', [528, 529, 530, 531, 532, 533, 534, 535, 536], 540)
    >>> round_percentage(19, 21, policy=DEFAULT_POLICY) is None
    True
    """
    n, k = int(denominator), int(numerator)
    if not 0 <= k <= n:
        return None
    if n < policy.round_percent_base:
        return None
    step = rounding_step(n, policy=policy)
    if step is None:
        return _band(k, n, policy)
    counts = bucket_counts(k, n, step)
    if not any(_unsafe(c, n, policy) for c in counts):
        return None
    b = _bucket(k, n, step)
    kind = "at_least" if b == 100 - step else "at_most" if b == step else "nearest"
    return Rounded(b, step, round_to_base(n, 10), counts, kind)


#: Band edges tried for "L% or more" / "U% or less", nearest the end first.
BAND_EDGES = (95, 90, 85, 80, 75)


def top_band(n: int, *, policy: DisclosurePolicy) -> int | None:
    """The edge L of the "L% or more" band for a group of ``n`` (None when there is none).

    The largest multiple of 5 from :data:`BAND_EDGES` whose band leaves the rest
    (those not counted) anywhere from 0 to at least ``policy.width``: every
    count k with ``100 k / n >= L`` is published as "L% or more", so the rest
    is known only to lie in ``0 .. floor(n (100 - L) / 100)``. The decision
    depends on ``n`` alone, never on the true count.

    Examples
    --------
    >>> from cpanalysis.protect.policy import DEFAULT_POLICY
    >>> top_band(106, policy=DEFAULT_POLICY)   # 95% of 106 is 100.7: the rest is 0 to 5
    95
    """
    for edge in BAND_EDGES:
        if n * (100 - edge) // 100 >= policy.width:
            return edge
    return None


def _band(k: int, n: int, policy: DisclosurePolicy) -> Rounded | None:
    """A percentage whose small part is hidden by a band at either end (:func:`top_band`), or None."""
    edge = top_band(n, policy=policy)
    if edge is None:
        return None
    low = -(-edge * n // 100)          # smallest count with 100 k / n >= edge
    high = (100 - edge) * n // 100     # largest count with 100 k / n <= 100 - edge
    if k >= low and any(_unsafe(c, n, policy) for c in range(low, n + 1)):
        return Rounded(edge, 100 - edge, round_to_base(n, 10), range(low, n + 1), "at_least")
    if k <= high and any(_unsafe(c, n, policy) for c in range(0, high + 1)):
        return Rounded(100 - edge, 100 - edge, round_to_base(n, 10), range(0, high + 1), "at_most")
    return None


def rounded_form(numerator: int, denominator: int, form: tuple[str, int]) -> Rounded | None:
    """``numerator`` of ``denominator`` in one rounding ``form``, or None when the form does not hold it.

    Used for year-to-date values published rounded instead of hidden
    (:func:`cpanalysis.measures.linked.ytd_percentage`), which choose the form
    themselves.

    Parameters
    ----------
    numerator, denominator : int
        The counts (``0 <= numerator <= denominator``, ``denominator > 0``).
    form : (str, int)
        ``("step", s)``: the percentage rounded to ``s`` points, the end
        buckets merged (:func:`bucket_counts`); ``("at_least", L)``: the band
        "L% or more" (``100 k >= L n``); ``("at_most", U)``: "U% or less"
        (``100 k <= U n``).

    Returns
    -------
    Rounded or None
        The form (``counts``: every numerator of ``denominator`` printed the
        same), or None for a band that does not hold the value.

    Examples
    --------
    >>> rounded_form(92, 106, ("at_least", 80)).display, list(rounded_form(92, 106, ("at_least", 80)).counts)[:2]
    ('80% or more', [85, 86])
    >>> rounded_form(92, 106, ("step", 5)).display, list(rounded_form(92, 106, ("step", 5)).counts)
    ('about 85%', [88, 89, 90, 91, 92])
    >>> rounded_form(60, 106, ("at_least", 80)) is None
    True
    """
    k, n = int(numerator), int(denominator)
    kind, x = form
    if n <= 0 or not 0 <= k <= n:
        return None
    base = round_to_base(n, 10)
    if kind == "step":
        b = _bucket(k, n, x)
        shape = "at_least" if b == 100 - x else "at_most" if b == x else "nearest"
        return Rounded(b, x, base, bucket_counts(k, n, x), shape)
    if kind == "at_least":
        low = -(-x * n // 100)          # smallest count with 100 k / n >= x
        return Rounded(x, 100 - x, base, range(low, n + 1), "at_least") if k >= low else None
    if kind == "at_most":
        high = x * n // 100             # largest count with 100 k / n <= x
        return Rounded(x, x, base, range(0, high + 1), "at_most") if k <= high else None
    raise ValueError(f"unknown rounding form {form!r}")


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
        shown = f"{round_half_away(float(value), dec):,.{dec}f}"
        # An average says its unit ("412 days"): a bare small average would read as a count of children.
        return (f"{shown} days" if measure.unit == "days" else shown), "shown"
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


def published_figures(row: Mapping, status: str, *, policy: DisclosurePolicy, form: Rounded | None = None) -> dict:
    """A result row as a reader knows it: the row itself, or for a rounded value its published figures.

    For a ``rounded`` percentage the numerator and denominator are those of
    the published percentage of the rounded group size (99% of about
    540: 535 of 540), ``value`` the published percentage, so that anything
    worked out from them (direction of travel, RAG, funnel verdicts) is a
    function of what is printed and cannot narrow the range it covers.

    Parameters
    ----------
    row : mapping
        ``numerator``, ``denominator``, ``value`` (and ``spread``).
    status : str
        The value's status as printed.
    policy : DisclosurePolicy
        The run's disclosure policy.
    form : Rounded, optional
        The form the value was printed in when it is not its own rounding (a
        year-to-date value rounded instead of hidden,
        :func:`cpanalysis.measures.linked.ytd_rounded`). A band given here
        ("80% or more") says only that the value is at least (at most) its
        edge, which may be far from it: it has no figures (None), as has a
        ``rounded`` value whose form is neither given nor its own rounding.
        Nothing is worked out from counts that are not printed.
    """
    out = {k: row[k] for k in ("numerator", "denominator", "value", "spread") if k in row}
    if status == "rounded":
        r = form if form is not None else round_percentage(int(row["numerator"]), int(row["denominator"]),
                                                           policy=policy)
        if r is not None and (form is None or form.kind == "nearest"):
            out.update(numerator=int(round_half_away(r.percent * r.base / 100)), denominator=r.base,
                       value=float(r.percent), spread=float("nan"))
        else:
            out.update(numerator=None, denominator=None, value=float("nan"), spread=float("nan"))
    return out


def share_display(measure: Measure, numerator, denominator, *, policy: DisclosurePolicy) -> str:
    """A count measure's share of its denominator (``P3.9``: % of cared for children), protected."""
    num, den = _int(numerator), _int(denominator)
    if not measure.share_of or measure.unit != "count" or num is None or den is None:
        return ""
    if den == 0:
        return "z"
    return proportion(num, den, policy=policy).for_table(1)

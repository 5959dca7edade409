"""Secondary suppression across measures and across quarters.

Each measure's value is protected on its own by
:func:`cpanalysis.measures.scorecard.publish`. Some published values are tied
to each other, and subtraction between them can give back a count of 1 to
``threshold - 1`` children that no single value shows. Two kinds of tie are
handled here, in one place, for every output that publishes measures (the
scorecard, ``cpanalysis measures``, the briefings' tables and charts):

**Links between measures** (:data:`LINKS`), for the same children and period:

* ``parts``: shares of one group that do not cover it (EET and NEET of care
  leavers leave "not in touch or activity not known"). When that rest is 1 to
  ``threshold - 1``, the last part listed (NEET: the committee's headline,
  EET, is listed first and stays in view) is hidden too.
* ``nested``: one group inside another (SDQ 20+ inside SDQ 17+). When the
  difference is 1 to ``threshold - 1``, the inner value is hidden.
* ``partition``: a total and parts that add up to it exactly (children who
  left care, by reason). When one part is hidden, or the hidden parts add up
  to 1 to ``threshold - 1``, the smallest published part is hidden too, until
  the hidden parts are two or more and add up to 0 or at least ``threshold``.
* ``within``: counts of groups that cannot overlap, inside a total that they
  need not cover (the children in care by placement group: foster care in
  house and external, family and friends, residential, placed with parents,
  educational or residential provision). The total minus the published groups
  is the room left for the hidden groups and the uncovered children: each
  hidden group is known to be from 0 to that room, so while a group is hidden
  the room must be 0 or at least the policy's protection width (else, with
  none hidden, 0 or at least the threshold); the smallest published group is
  hidden until it is.
* ``nested_sum``: the last measure is inside the sum of the others (care
  orders discharged, inside returned home plus child arrangements orders).
  When the difference is 1 to ``threshold - 1``, the inner value is hidden.
* ``excess``: children and the events they had (children who moved, and the
  moves they made). Moves minus children is the number of extra moves, ``e``.
  When ``e >= 1``, the children who moved more than once number from 1 to
  ``e``, and those who moved three times or more from 0 to ``e / 2`` (each of
  them makes two extra moves or more). Either range is narrower than the
  policy's protection width ``w`` (:attr:`DisclosurePolicy.width`) unless
  ``e >= 2w``, so the number of moves is hidden when ``1 <= e < 2w``.

**Quarters of a year to date.** A year-to-date value published every quarter
gives, by subtraction from the last one published in the same return year,
the children of the quarters between. A year-to-date count is therefore
published only when that difference is 0 or at least ``threshold``;
otherwise it is hidden and the next quarter is compared with the last value
published.

A year-to-date **percentage** is worked with as a reader holding every value
published earlier in the year would work with it (:func:`ytd_flags`). What a
reader knows of one quarter is a set of possible (numerator, group) pairs:
one pair for an exact value; for a rounded one ("about 85%", "80% or more")
every pair that would be printed the same. The group's size is taken as
known exactly (the care leaver tables print it) unless the group itself grew
by a small number, when only its size rounded to 10 is assumed known. A
year-to-date group only grows, and so do its numerator and its rest, so the
quarters' sets are tied by ``k <= k'``, ``n <= n'`` and ``n - k <= n' - k'``.
For every pair of consecutive published quarters, the increment of the
group, of the numerator and of the rest must each keep a feasible range
(over all pairs the quarters allow together, a later quarter narrowing an
earlier one included) that does not reach into 1 to ``threshold - 1``, or is
at least ``policy.width`` wide and not inside it: the width the interval
attack asks of a hidden count. Exact points give the rule for counts above.

**Rounded instead of hidden** ("hide no more than needed": the ONS and GSS
practice of publishing a rounded percentage rather than suppressing it). When
the value as it would otherwise be printed fails that test, it is published
rounded if some rounding keeps every range safe: the percentage to a step
(1, 5 or 10 points, end buckets merged as in
:mod:`cpanalysis.measures.disclosure`), else a band "L% or more" or "U% or
less" (L from 95 down to 75), for a group of at least
``policy.round_percent_base``. What is printed is chosen from what the
reader holds already (the earlier quarters and the group), never from the
true count: of every count the quarter could have, those whose own printing
fails are "needy". Forms are tried finest first; in each bucket (less the
counts a finer bucket took already) that holds needy counts, those are
printed in the bucket together with as few of its other counts as make the
whole safe, nearest the needy ones first. A count that could be printed
exactly is printed in the bucket, *whatever its true increment*, when the
bucket needs it, so seeing the bucket tells a reader only the counts printed
in it, never which of them is true. The counts printed the same are the
reader's set, checked once more with the earlier quarters. Needy counts in
no safe bucket are hidden. Later quarters of the year compare with that
set, a range, not with the true count, and also with the quarters before it
(so a caller that prints ``c`` for it instead stays safe). All in exact
integer arithmetic.

Hidden values get status ``secondary`` (shown ``c``). Method: the GSS / DfE
secondary-suppression principle (no published figure may let a suppressed
count be recovered by differencing), applied deterministically.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from ..protect.policy import DisclosurePolicy
from ..quarters import Quarter
from .data import MeasureData
from ..protect.rounding import round_to_base
from .disclosure import BAND_EDGES, PUBLISHED, ROUNDING_STEPS, Rounded, publish, rounded_form
from .registry import MEASURES

__all__ = [
    "LINKS", "Link", "YtdDecision", "chain_safe", "hidden_by_links", "nested_gap_small", "range_safe", "remainder_part",
    "ytd_flags", "ytd_hidden", "ytd_percentage", "ytd_rounded",
]


@dataclass(frozen=True)
class Link:
    """A tie between measures that subtraction could exploit.

    Attributes
    ----------
    kind : str
        ``parts``, ``nested`` (first contains second) or ``excess`` (first
        counts children, second their events).
    ids : tuple of str
        The measures, in the order the kind describes.
    why : str
        What the difference would reveal.
    """

    kind: Literal["parts", "nested", "excess", "partition", "within", "nested_sum"]
    ids: tuple[str, ...]
    why: str


LINKS: tuple[Link, ...] = (
    Link("parts", ("P2.12a", "P2.12"), "care leavers aged 17-18 neither in EET nor NEET (not in touch or not known)"),
    Link("parts", ("P2.15a", "P2.15"), "care leavers aged 19-21 neither in EET nor NEET (not in touch or not known)"),
    Link("nested", ("P4.6a", "P4.6"), "children with an SDQ score of 17 to 19"),
    Link("excess", ("P3.7", "P3.7a"), "children who moved more than once in the quarter"),
    Link("partition", ("G6", "P3.21", "P3.22", "P3.23", "P3.24", "P3.26", "P3.27"),
         "children who left care in the quarter for one reason"),
    Link("within", ("G1", "P3.1", "P3.2", "P3.10", "P3.3", "P3.9", "P2.10"),
         "cared for children in none of the placement groups shown"),
    Link("nested_sum", ("P3.21", "P3.24", "P3.25"),
         "children who went home or to a child arrangements order without a care order discharged"),
)


def _small(n: object, policy: DisclosurePolicy) -> bool:
    return n is not None and not pd.isna(n) and 1 <= int(n) < policy.threshold


def remainder_part(numerators: Sequence[int], denominator: int, policy: DisclosurePolicy) -> int | None:
    """Which part to hide when shares of one group leave a small rest (``parts``), or None.

    The rest is ``denominator - sum(numerators)``; when it is 1 to
    ``threshold - 1`` one part must be hidden, and any one will do (with it
    hidden, it and the rest are known only as their sum, itself at least the
    threshold because the part was publishable). The parts are listed with the
    committee's headline first (EET, then NEET), so the **last** is hidden:
    the headline stays in view. Every output that publishes the parts calls
    this, so all hide the same one.
    """
    if not _small(int(denominator) - sum(int(n) for n in numerators), policy):
        return None
    return len(numerators) - 1


def nested_gap_small(outer: int, inner: int, policy: DisclosurePolicy) -> bool:
    """Whether the children in ``outer`` but not ``inner`` number 1 to ``threshold - 1`` (``nested``)."""
    return _small(int(outer) - int(inner), policy)


def hidden_by_links(rows: Mapping[str, Mapping], published: set[str], policy: DisclosurePolicy) -> set[str]:
    """The measure ids to hide so that no link gives back a small count.

    Parameters
    ----------
    rows : mapping of id to a row with ``numerator`` and ``denominator``
        One council's unprotected results for one period.
    published : set of str
        Ids whose value is published so far (not ``c``, ``x`` or ``z``).
    policy : DisclosurePolicy
        The run's disclosure policy.

    Returns
    -------
    set of str
        Ids to hide as secondary suppressions (a subset of ``published``).
    """
    hide: set[str] = set()
    for link in LINKS:
        if link.kind == "partition":
            hide |= _partition_hidden(link.ids[0], link.ids[1:], rows, published - hide, policy)
            continue
        if link.kind == "within":
            hide |= _within_hidden(link.ids[0], link.ids[1:], rows, published - hide, policy)
            continue
        if not all(i in rows and i in published and i not in hide for i in link.ids):
            continue  # a part already hidden leaves the difference unknown
        num = [rows[i]["numerator"] for i in link.ids]
        if any(n is None or pd.isna(n) for n in num):
            continue
        num = [int(n) for n in num]
        if link.kind == "parts":
            den = rows[link.ids[0]]["denominator"]
            if den is None or pd.isna(den):
                continue
            k = remainder_part(num, int(den), policy)
            if k is not None:
                hide.add(link.ids[k])
        elif link.kind == "nested":
            if nested_gap_small(num[0], num[1], policy):
                hide.add(link.ids[1])
        elif link.kind == "nested_sum":
            if nested_gap_small(sum(num[:-1]), num[-1], policy):
                hide.add(link.ids[-1])
        elif 1 <= num[1] - num[0] < 2 * policy.width:  # excess: extra events (see the module docstring)
            hide.add(link.ids[1])
    return hide


def _partition_hidden(total: str, parts: Sequence[str], rows: Mapping[str, Mapping], published: set[str],
                      policy: DisclosurePolicy) -> set[str]:
    """Parts to hide so that a published total minus the published parts gives back no small count.

    With the total published, the hidden parts add up to the total minus the
    published parts: one hidden part is given back exactly, and several
    hidden parts adding up to 1 to ``threshold - 1`` are a small group. The
    smallest published part (ties: the first listed) is hidden until neither
    holds; if every part is hidden and still one alone, the total goes too.
    """
    if total not in rows or total not in published or any(i not in rows for i in parts):
        return set()
    if any(rows[i]["numerator"] is None or pd.isna(rows[i]["numerator"]) for i in parts):
        return set()
    shown = [i for i in parts if i in published]
    hidden = [i for i in parts if i not in published]
    out: set[str] = set()

    def leaks() -> bool:
        rest = sum(int(rows[i]["numerator"]) for i in hidden)
        return bool(hidden) and (len(hidden) == 1 or _small(rest, policy))

    while leaks() and shown:
        j = min(shown, key=lambda i: (int(rows[i]["numerator"]), parts.index(i)))
        shown.remove(j)
        hidden.append(j)
        out.add(j)
    if leaks():
        out.add(total)
    return out


def _within_hidden(total: str, parts: Sequence[str], rows: Mapping[str, Mapping], published: set[str],
                   policy: DisclosurePolicy) -> set[str]:
    """Groups to hide so that a total minus the published groups that cannot overlap bounds no small count.

    The room ``total - sum(published groups)`` holds the hidden groups and the
    children in none of them. With a group hidden it must be 0 or at least
    ``policy.width`` (each hidden group is known only to be 0 to the room);
    with none hidden, 0 or at least ``policy.threshold`` (the room is then the
    uncovered children, exactly). The smallest published group (ties: the
    first listed) is hidden until it is. Groups not available (``x``) are left
    out of both sides.
    """
    def count(i: str) -> int | None:
        n = rows[i]["numerator"] if i in rows else None
        return None if n is None or pd.isna(n) else int(n)

    whole = count(total) if total in published else None
    if whole is None:
        return set()
    shown = [i for i in parts if i in published and count(i) is not None]
    hidden = [i for i in parts if i not in published and count(i) is not None]
    out: set[str] = set()
    while shown:
        room = whole - sum(count(i) for i in shown)  # type: ignore[misc]
        limit = policy.width if hidden else policy.threshold
        if room == 0 or room >= limit:
            break
        j = min(shown, key=lambda i: (count(i), parts.index(i)))
        shown.remove(j)
        hidden.append(j)
        out.add(j)
    return out


def _int0(v: object) -> int:
    return 0 if v is None or pd.isna(v) else int(v)


def _increment_small(now: Mapping, before: Mapping, percent: bool, policy: DisclosurePolicy) -> bool:
    dn = _int0(now["numerator"]) - _int0(before["numerator"])
    dd = _int0(now["denominator"]) - _int0(before["denominator"])
    checks = [dn, dd, dd - dn] if percent else [dn]
    return any(_small(abs(x), policy) for x in checks)


#: A reader's knowledge of one quarter's year-to-date percentage: the (numerator, group) pairs it may be.
Pairs = frozenset[tuple[int, int]]


def range_safe(low: int, high: int, policy: DisclosurePolicy) -> bool:
    """Whether a count known only to lie in ``low .. high`` is protected (the interval attack's test).

    Safe when the range does not reach into 1 to ``threshold - 1``, or when it
    is at least ``policy.width`` wide (``high - low``) and not inside it.

    Examples
    --------
    >>> from cpanalysis.protect.policy import DisclosurePolicy
    >>> p = DisclosurePolicy(threshold=5)
    >>> range_safe(0, 0, p), range_safe(3, 7, p), range_safe(0, 10, p), range_safe(28, 31, p)
    (True, False, True, True)
    """
    if high < 1 or low > policy.threshold - 1:
        return True
    if low >= 1 and high <= policy.threshold - 1:
        return False
    return high - low >= policy.width


def _grows(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether year to date ``a`` can be followed by ``b``: numerator, group and rest only grow."""
    return a[0] <= b[0] and a[1] <= b[1] and a[1] - a[0] <= b[1] - b[0]


def chain_safe(chain: Sequence[Pairs], policy: DisclosurePolicy) -> bool:
    """Whether the published quarters of a year to date, as a reader knows them, give back no small increment.

    Parameters
    ----------
    chain : sequence of sets of (numerator, group) pairs
        Every quarter published so far in the return year, oldest first: one
        pair for an exact value, the pairs printed the same for a rounded one.
    policy : DisclosurePolicy
        The run's disclosure policy.

    Returns
    -------
    bool
        False when, for some pair of consecutive quarters, the increment of
        the group, the numerator or the rest has a feasible range that fails
        :func:`range_safe`, or when no assignment fits the chain (a year to
        date that shrinks: the caller hides). Only the last two quarters'
        exact values are compared when every quarter is exact (earlier pairs
        were checked when published); a difference is then taken as it is,
        increase or fall (the rule for exact values before ranges).

    Notes
    -----
    Feasibility over the chain: forward, the pairs of each quarter that some
    pair of the quarter before can grow into; backward, those that can grow
    into some pair of the quarter after. Every pair left lies on a full
    assignment, so the increments' ranges are those over every assignment the
    chain allows (a later quarter narrowing an earlier one included).
    """
    chain = [frozenset(s) for s in chain]
    if len(chain) < 2:
        return bool(chain) and all(chain)
    if all(len(s) == 1 for s in chain):
        (k0, n0), = chain[-2]
        (k1, n1), = chain[-1]
        return not any(_small(abs(x), policy) for x in (k1 - k0, n1 - n0, (n1 - k1) - (n0 - k0)))
    forward = [chain[0]]
    for s in chain[1:]:
        forward.append(frozenset(q for q in s if any(_grows(p, q) for p in forward[-1])))
        if not forward[-1]:
            return False
    ok = [forward[-1]]
    for s in reversed(forward[:-1]):
        ok.insert(0, frozenset(p for p in s if any(_grows(p, q) for q in ok[0])))
    for a, b in zip(ok, ok[1:]):
        incs = [(q[0] - p[0], q[1] - p[1], (q[1] - q[0]) - (p[1] - p[0])) for p in a for q in b if _grows(p, q)]
        for j in range(3):
            if not range_safe(min(x[j] for x in incs), max(x[j] for x in incs), policy):
                return False
    return True


def _forms() -> list[tuple[str, int]]:
    """The roundings tried, finest first: steps, then bands at the top, then at the bottom."""
    return ([("step", s) for s in ROUNDING_STEPS] + [("at_least", e) for e in BAND_EDGES]
            + [("at_most", 100 - e) for e in BAND_EDGES])


def _group_sizes(n: int, base_hidden: bool) -> list[int]:
    """The group sizes a reader cannot tell apart: ``n`` itself, or every size printed "about" the same."""
    if not base_hidden:
        return [n]
    b = round_to_base(n, 10)
    return [m for m in range(max(0, b - 5), b + 5) if round_to_base(m, 10) == b]


@dataclass(frozen=True)
class YtdDecision:
    """How one quarter's year-to-date percentage is printed, and what a reader then knows.

    Attributes
    ----------
    kind : str
        ``own`` (printed as :func:`~cpanalysis.measures.disclosure.publish`
        prints it on its own), ``rounded`` (printed as ``form``) or ``hidden``.
    form : Rounded or None
        The rounded form, for ``rounded``.
    pairs : frozenset
        The (numerator, group) pairs a reader cannot tell apart from the truth.
    """

    kind: str
    form: Rounded | None
    pairs: Pairs


def ytd_percentage(measure_id: str, numerator: int, denominator: int, full: Sequence[Pairs],
                   own: Sequence[Pairs], policy: DisclosurePolicy, *, base_hidden: bool = False) -> YtdDecision:
    """Print a year-to-date percentage as it is, rounded, or hidden, given the quarters published before it.

    Implements the rule in the module docstring ("rounded instead of
    hidden"), in exact integer arithmetic, by enumerating every (numerator,
    group) pair the quarter could have.

    Parameters
    ----------
    measure_id : str
        Registry id (a percentage).
    numerator, denominator : int
        The quarter's true counts.
    full : sequence of sets of pairs
        The earlier quarters of the return year as printed, oldest first
        (exact values, rounded ones, and those printed rounded here).
    own : sequence of sets of pairs
        The same without the quarters printed rounded here (for a caller that
        prints ``c`` for them instead: both must be safe).
    policy : DisclosurePolicy
        The run's disclosure policy.
    base_hidden : bool, default False
        The group grew by a small number since its last published size (its
        size is hidden; a reader is assumed to know it rounded to 10).

    Returns
    -------
    YtdDecision
        ``own`` with the value's own pairs, ``rounded`` with the form and the
        bucket's pairs, or ``hidden`` (no pairs).
    """
    m = MEASURES[measure_id]
    k, n = int(numerator), int(denominator)
    last_full, last_own = (full[-1] if full else None), (own[-1] if own else None)
    sizes = _group_sizes(n, base_hidden)

    def feasible(p: tuple[int, int]) -> bool:
        return all(last is None or any(_grows(q, p) for q in last) for last in (last_full, last_own))

    pairs = [(c, g) for g in sizes for c in range(g + 1) if feasible((c, g))]
    if (k, n) not in pairs:
        return YtdDecision("hidden", None, frozenset())  # the year to date shrank: nothing safe to say
    shown = {p: publish(m, p[0], p[1], None, True, policy=policy) for p in pairs}
    by_display: dict[str, set[tuple[int, int]]] = {}
    for p, (disp, status) in shown.items():
        if status in PUBLISHED:
            by_display.setdefault(disp, set()).add(p)

    def safe(s: Pairs, both: bool) -> bool:
        return chain_safe([*full, s], policy) and (not both or chain_safe([*own, s], policy))

    verdict: dict[str, bool] = {d: not base_hidden and safe(frozenset(s), True) for d, s in by_display.items()}
    needy = {p for p in pairs if shown[p][1] in PUBLISHED and not verdict[shown[p][0]]}

    # The buckets printed, chosen from what the reader holds, never from the true count: finest form
    # first, each bucket (less the pairs a finer one took) that holds needy pairs prints them, with as
    # few of its other pairs as make it safe, nearest the needy ones first (with any printed the same).
    chosen: dict[tuple[int, int], tuple[str, tuple[str, int]]] = {}
    if needy and min(sizes) >= policy.round_percent_base:
        for f in _forms():
            groups: dict[str, set[tuple[int, int]]] = {}
            for p in pairs:
                r = rounded_form(p[0], p[1], f)
                if r is not None and shown[p][1] in PUBLISHED and p not in chosen:
                    groups.setdefault(r.display, set()).add(p)
            for disp, bucket in groups.items():
                core = bucket & needy
                if not core:
                    continue
                take = core | {p for p, (d, _) in chosen.items() if d == disp}
                near = sorted(bucket - core,
                              key=lambda p: (min(abs(p[0] - q[0]) + abs(p[1] - q[1]) for q in core), p))
                ok = safe(frozenset(take), False)
                for p in near:
                    if ok:
                        break
                    take.add(p)
                    ok = safe(frozenset(take), False)
                if ok:
                    chosen.update({p: (disp, f) for p in take & bucket})
    printed: dict[tuple[int, int], tuple[str, str]] = {}
    for p in pairs:
        if p in chosen:
            printed[p] = ("rounded", chosen[p][0])
        elif p in needy or shown[p][1] not in PUBLISHED:
            printed[p] = ("hidden", "c")
        else:
            printed[p] = ("own", shown[p][0])
    kind, disp = printed[(k, n)]
    if kind == "hidden":
        return YtdDecision("hidden", None, frozenset())
    # What a reader cannot tell apart from the truth: every pair printed the same (checked once more).
    same = frozenset(p for p in pairs if printed[p][0] != "hidden" and printed[p][1] == disp)
    # A caller that prints c for the values rounded here prints the others, to a reader holding only
    # the quarters printed on their own: any pair that grows from those and is printed the same.
    alike = frozenset(p for p in ((c, g) for g in sizes for c in range(g + 1))
                      if (last_own is None or any(_grows(q, p) for q in last_own))
                      and printed.get(p, ("own", ""))[0] == "own"
                      and publish(m, p[0], p[1], None, True, policy=policy)[0] == disp)
    if not chain_safe([*full, same], policy) or (kind == "own" and not chain_safe([*own, alike], policy)):
        return YtdDecision("hidden", None, frozenset())
    if kind == "rounded":
        return YtdDecision("rounded", rounded_form(k, n, chosen[(k, n)][1]), same)
    return YtdDecision("own", None, same)


def ytd_flags(measure_id: str, data: MeasureData, quarter: Quarter, policy: DisclosurePolicy) -> pd.DataFrame:
    """Which councils' year-to-date value (and base) must be hidden because of earlier quarters.

    Walks the return year's quarters from Q1 to ``quarter``, keeping for each
    council what a reader holds of every value published so far, and hides
    (or, for a percentage, prints rounded) a quarter whose increment over
    them a reader could pin to 1 to ``threshold - 1`` (module docstring:
    counts compare exact differences with the last value published;
    percentages follow :func:`ytd_percentage`). A measure that is not
    year-to-date, or Q1, hides nothing here.

    Parameters
    ----------
    measure_id : str
        Registry id.
    data : MeasureData
        The data (one council or several).
    quarter : Quarter
        The quarter whose values are asked about.
    policy : DisclosurePolicy
        The run's disclosure policy.

    Returns
    -------
    pandas.DataFrame
        Indexed by council label: ``value`` (hide the value, unless it is
        printed as ``rounded``), ``base`` (hide its denominator too: the
        group itself grew by a small number) and ``rounded`` (a
        :class:`~cpanalysis.measures.disclosure.Rounded` to print instead of
        ``c``, or None). A caller that prints ``rounded`` must print it in
        every output of the value; one that prints ``c`` for it stays safe too.
    """
    return data.memo(("linked.ytd_flags", measure_id, quarter, policy),
                     lambda: _ytd_flags(measure_id, data, quarter, policy)).copy()


def _ytd_flags(measure_id: str, data: MeasureData, quarter: Quarter, policy: DisclosurePolicy) -> pd.DataFrame:
    m = MEASURES[measure_id]
    frames = [m.results(data, Quarter(quarter.year, k)) for k in range(1, quarter.q + 1)
              if data.covers(Quarter(quarter.year, k))] if m.period == "year_to_date" else []
    if len(frames) < 2:
        index = frames[-1].index if frames else pd.Index(data.councils, name="council")
        return pd.DataFrame({"value": False, "base": False, "rounded": None}, index=index)

    out = {}
    percent = m.unit == "percent"
    order = next((link.ids for link in LINKS if link.kind == "parts" and measure_id in link.ids), (measure_id,))
    siblings = [i for i in order if i != measure_id]
    sib_frames = {i: [MEASURES[i].results(data, Quarter(quarter.year, k)) for k in range(1, len(frames) + 1)]
                  for i in siblings}
    for council in frames[-1].index:
        # The base (the group: its denominator) is walked on its own, so every measure of the same
        # group agrees on it; then the value, which is hidden too whenever its base is.
        last_base, base = None, False
        last, hidden, form = None, False, None
        full: list[Pairs] = []   # what a reader holds of each quarter printed (rounded here included)
        own: list[Pairs] = []    # the same without the quarters printed rounded here
        bounds: list[tuple[int, int]] = []   # (group, published sibling parts) where this part was hidden
        for k, frame in enumerate(frames):
            row = frame.loc[council]
            sib = [(i, f[k].loc[council]) for i, f in sib_frames.items()]
            den = _int0(row["denominator"])
            if percent:
                base = last_base is not None and _small(abs(den - last_base), policy)
                if not base and not _small(den, policy):
                    last_base = den
            _, status = publish(m, row["numerator"], row["denominator"], row["value"], bool(row["available"]),
                                policy=policy)
            form = None
            if status not in PUBLISHED or _part_hidden(measure_id, row, order, dict(sib), policy):
                hidden = True  # hidden on its own; later quarters compare with the last published
                shown_sib = sum(_int0(r["numerator"]) for i, r in sib if _published(MEASURES[i], r, policy))
                if sib and row["denominator"] is not None and not pd.isna(row["denominator"]):
                    bounds.append((_int0(row["denominator"]), shown_sib))
                continue
            if percent and not pd.isna(row["numerator"]) and not pd.isna(row["denominator"]):
                d = ytd_percentage(measure_id, _int0(row["numerator"]), den, full, own, policy, base_hidden=base)
                # The earlier hidden part is bounded by the fewest not in this part that the reader can be sure of.
                if d.kind != "hidden" and _bounds_earlier_part(
                        pd.Series({"numerator": min(c - (g - den) for c, g in d.pairs), "denominator": den}),
                        bounds, policy):
                    d = YtdDecision("hidden", None, frozenset())
                hidden = d.kind != "own"
                form = d.form
                if d.kind != "hidden":
                    full.append(d.pairs)
                if d.kind == "own":
                    own.append(d.pairs)
                continue
            hidden = (base or (last is not None and _increment_small(row, last, percent, policy))
                      or _bounds_earlier_part(row, bounds, policy))
            if not hidden:
                last = row
        out[council] = (hidden, base, form)
    frame = pd.DataFrame.from_dict(out, orient="index", columns=["value", "base", "rounded"])
    frame["value"] = frame["value"].astype(bool)
    frame["base"] = frame["base"].astype(bool)
    frame["rounded"] = frame["rounded"].astype(object).where(frame["rounded"].notna(), None)
    return frame


def ytd_rounded(measure_id: str, data: MeasureData, quarter: Quarter, policy: DisclosurePolicy) -> pd.Series:
    """The rounded form each council's year-to-date value is printed in instead of ``c``, or None.

    Column ``rounded`` of :func:`ytd_flags`.
    """
    return ytd_flags(measure_id, data, quarter, policy)["rounded"]


def _published(m: object, row: pd.Series, policy: DisclosurePolicy) -> bool:
    """Whether a sibling part's own value is printed (before any tie: the stricter assumption)."""
    _, status = publish(m, row["numerator"], row["denominator"], row["value"], bool(row["available"]),
                        policy=policy)
    return status in PUBLISHED


def _part_hidden(measure_id: str, row: pd.Series, order: Sequence[str], siblings: Mapping[str, pd.Series],
                 policy: DisclosurePolicy) -> bool:
    """Whether the parts rule (:func:`remainder_part`, in the link's order) hides this part in its quarter."""
    if not siblings or row["numerator"] is None or pd.isna(row["numerator"]):
        return False
    rows = {measure_id: row, **siblings}
    nums = [_int0(rows[i]["numerator"]) for i in order]
    k = remainder_part(nums, _int0(row["denominator"]), policy)
    return k is not None and order[k] == measure_id


def _bounds_earlier_part(row: pd.Series, bounds: list[tuple[int, int]], policy: DisclosurePolicy) -> bool:
    """Whether this quarter's part would narrow an earlier quarter's hidden part to a small range.

    A year-to-date group only grows and a child's activity is counted once,
    so those not in this part now (n' - k') include everyone not in it at an
    earlier quarter. With the earlier part hidden beside its published
    siblings s (so it was at most n - s), it was at least n - (n' - k'): a
    range (n' - k') - s wide. Narrower than ``policy.width`` and reaching
    into 1 to ``threshold - 1``, it would give the hidden part back.
    """
    if row["numerator"] is None or pd.isna(row["numerator"]):
        return False
    not_now = _int0(row["denominator"]) - _int0(row["numerator"])
    for n, s in bounds:
        low, high = max(0, n - not_now), n - s
        if high - low < policy.width and high >= 1 and low < policy.threshold:
            return True
    return False


def ytd_hidden(measure_id: str, data: MeasureData, quarter: Quarter, policy: DisclosurePolicy) -> pd.Series:
    """Which councils' year-to-date value must be hidden (:func:`ytd_flags`, column ``value``)."""
    return ytd_flags(measure_id, data, quarter, policy)["value"]

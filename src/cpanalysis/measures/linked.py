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
the children of the quarters between. A year-to-date value is therefore
published only when that difference, in its numerator, its denominator and
(for a percentage) the rest, is 0 or at least ``threshold``; otherwise it is
hidden and the next quarter is compared with the last value published.

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
from .disclosure import PUBLISHED, publish
from .registry import MEASURES

__all__ = ["LINKS", "Link", "hidden_by_links", "nested_gap_small", "remainder_part", "ytd_flags", "ytd_hidden"]


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


def ytd_flags(measure_id: str, data: MeasureData, quarter: Quarter, policy: DisclosurePolicy) -> pd.DataFrame:
    """Which councils' year-to-date value (and base) must be hidden because of earlier quarters.

    Walks the return year's quarters from Q1 to ``quarter``, keeping for each
    council the last value that could be published, and hides a quarter whose
    difference from it is 1 to ``threshold - 1`` (module docstring). A measure
    that is not year-to-date, or Q1, hides nothing here.

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
        Indexed by council label: ``value`` (hide the value) and ``base``
        (hide its denominator too: the group itself grew by a small number).
    """
    m = MEASURES[measure_id]
    frames = [m.results(data, Quarter(quarter.year, k)) for k in range(1, quarter.q + 1)
              if data.covers(Quarter(quarter.year, k))] if m.period == "year_to_date" else []
    if len(frames) < 2:
        index = frames[-1].index if frames else pd.Index(data.councils, name="council")
        return pd.DataFrame({"value": False, "base": False}, index=index)

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
        last, hidden = None, False
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
            if status not in PUBLISHED or _part_hidden(measure_id, row, order, dict(sib), policy):
                hidden = True  # hidden on its own; later quarters compare with the last published
                shown_sib = sum(_int0(r["numerator"]) for i, r in sib if _published(MEASURES[i], r, policy))
                if sib and row["denominator"] is not None and not pd.isna(row["denominator"]):
                    bounds.append((_int0(row["denominator"]), shown_sib))
                continue
            # A rounded value is printed as a range at least policy.width wide (measures.disclosure): less
            # an exact earlier value it stays that wide, so only its base is checked.
            exact = status != "rounded"
            hidden = (base or (exact and last is not None and _increment_small(row, last, percent, policy))
                      or (exact and _bounds_earlier_part(row, bounds, policy)))
            if not hidden:
                last = row
        out[council] = (hidden, base)
    return pd.DataFrame.from_dict(out, orient="index", columns=["value", "base"]).astype(bool)


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

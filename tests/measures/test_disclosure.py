"""Rounded percentages instead of hidden ones (cpanalysis.measures.disclosure), checked two ways.

Hand numbers (worked on paper):

* 532 of 536 reviews on time (P1.2 of the synthetic council, 2024-25 Q3). One
  review is 100/536 = 0.187 points, so whole-number rounding is the finest step.
  99% (98.5 <= 100k/536 < 99.5) is k from 528 to 533 (98.5% of 536 = 527.96,
  99.5% = 533.32); 100% would be 534 to 536, and merges with it: "99% or
  more" is any k from 528 to 536, so the late reviews are anything from 0 to 8.
* 103 of 106 care leavers in touch (P5.9). One young person is 0.94 points:
  at step 1 the bucket 97% holds 103 alone; at step 5 the top bucket merges
  95% and 100% (92.5 <= 100k/106: k >= 98.05), so "95% or more" is 99 to 106
  and those not in touch are anything from 0 to 7.
* 19 of 21: under the 100 children a rounded percentage needs: not rounded.

The brute-force reader knows only the rule and the printed text: for every
group size from 100 to 800 and every count, it groups the counts by what is
printed and checks that any printed text a small count can produce covers counts
at least the policy's width apart, and that a hidden ``c`` is never printed for
a count whose neighbours are all printed (the c would pin it).
"""

from __future__ import annotations

import pytest

from cpanalysis.measures.disclosure import publish, round_percentage, rounding_step
from cpanalysis.measures.registry import MEASURES
from cpanalysis.protect.policy import DisclosurePolicy

POLICY = DisclosurePolicy(threshold=5)


def test_reviews_on_time_532_of_536():
    r = round_percentage(532, 536, policy=POLICY)
    assert (r.display, r.counts, r.base) == ("99% or more", range(528, 537), 540)
    assert rounding_step(536, policy=POLICY) == 1
    # 531 of 536 (5 late) is publishable alone, but shares the bucket: printed the same.
    assert round_percentage(531, 536, policy=POLICY).display == "99% or more"
    # 527 of 536 (98.3%) is in the 98% bucket, 522..527, with no small rest: printed exactly.
    assert round_percentage(527, 536, policy=POLICY) is None


def test_care_leavers_in_touch_103_of_106():
    assert rounding_step(106, policy=POLICY) == 5
    r = round_percentage(103, 106, policy=POLICY)
    assert (r.display, r.counts) == ("95% or more", range(99, 107))
    # 98 of 106 (92.45%) rounds to 90%: 90 to 98, no small rest: printed exactly.
    assert round_percentage(98, 106, policy=POLICY) is None


def test_small_groups_are_never_rounded():
    assert round_percentage(19, 21, policy=POLICY) is None
    assert round_percentage(96, 99, policy=POLICY) is None


def test_the_scorecard_publishes_the_bucket_without_counts():
    p12 = MEASURES["P1.2"]
    assert publish(p12, 532, 536, None, True, policy=POLICY) == ("99% or more", "rounded")
    assert publish(p12, 20, 21, None, True, policy=POLICY) == ("c", "primary")


def _reader(n: int, policy: DisclosurePolicy) -> dict[str, list[int]]:
    """Counts of n grouped by what a percentage measure prints for them."""
    seen: dict[str, list[int]] = {}
    for k in range(n + 1):
        display, _ = publish(MEASURES["P1.2"], k, n, None, True, policy=policy)
        seen.setdefault(display, []).append(k)
    return seen


@pytest.mark.parametrize("threshold", [5, 10])
def test_no_printed_text_narrows_a_small_count(threshold):
    policy = DisclosurePolicy(threshold=threshold)
    for n in range(100, 801, 7):
        for text, ks in _reader(n, policy).items():
            # Each end on its own: "c" stands for small numerators and small rests alike, and
            # a reader who can tell which end from the neighbouring buckets gets one of them.
            for side in ([k for k in ks if 2 * k < n], [k for k in ks if 2 * k >= n]):
                if any(policy.is_small(k) or policy.is_small(n - k) for k in side):
                    assert max(side) - min(side) >= policy.width, (n, text, side)

"""Properties of the gate's count rule, over many numbers and thresholds (hypothesis)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cpanalysis.protect.policy import DisclosurePolicy
from cpanalysis.publish.gate import check_html
from cpanalysis.publish.numbers import point_bases, small_counts

POLICY = DisclosurePolicy(threshold=5)

HEADERS = ["Children", "Number", "Care leavers", "Cared for children at quarter end", "Moved 3+ times"]


def _table(header: str, cell: str) -> str:
    return (f"<main><table><caption>t</caption><thead><tr><th>Group</th><th>{header}</th></tr></thead>"
            f"<tbody><tr><th>Boys</th><td>{cell}</td></tr></tbody></table></main>")


@given(threshold=st.integers(2, 11), n=st.integers(0, 5000), header=st.sampled_from(HEADERS))
def test_a_table_cell_is_refused_exactly_when_it_is_a_small_count(threshold, n, header):
    rules = [f.rule for f in check_html(_table(header, f"{n:,}"), policy=DisclosurePolicy(threshold=threshold))]
    assert rules == (["small-count"] if 1 <= n < threshold else [])


@given(threshold=st.integers(2, 11), n=st.integers(1, 10), noun=st.sampled_from(
    ["children", "care leavers", "young people", "pupils", "boys"]))
def test_a_count_of_people_in_a_sentence_is_refused_exactly_when_small(threshold, n, noun):
    found = small_counts(f"In the quarter {n} {noun} moved school.", threshold)
    assert found == ([(n, 15)] if n < threshold else [])


@given(year=st.integers(2000, 2040), q=st.integers(1, 4))
def test_quarter_labels_are_never_counts(year, q):
    label = f"{year}-{(year + 1) % 100:02d} Q{q}"
    assert small_counts(f"At the end of {label}, as in {label}.", 11) == []


@given(years=st.integers(1, 12), threshold=st.integers(2, 11))
def test_a_count_of_return_years_is_never_a_count_of_children(years, threshold):
    text = f"Input: SSDA903 returns for {years} return years (2017-18 to 2024-25)."
    assert small_counts(text, threshold) == []


@given(n=st.integers(5, 100), k=st.integers(0, 100), places=st.integers(0, 1))
def test_a_percentage_of_a_cohort_stated_in_the_sentence_before(n, k, places):
    """Refused exactly when the count is small, or all or none of a group under 10.

    Up to 100 pupils every count prints as a different percentage, so the
    percentage gives the count away exactly.
    """
    k = min(k, n)
    pct = f"{100 * k / n:.{places}f}"
    html = f"<main><p>There were {n} pupils in the cohort.</p><p>{pct}% met the standard.</p></main>"
    found = {f.rule for f in check_html(html, policy=POLICY)}
    if 1 <= k < POLICY.threshold:
        assert found == {"suppressed-percentage"}
    elif k in (0, n) and n < POLICY.small_group:
        assert found == {"attribute-disclosure"}
    else:
        assert found == set()


@given(n=st.integers(2, 400), places=st.integers(0, 2))
def test_one_child_worth_n_points_gives_a_range_holding_the_group(n, places):
    points = round(100 / n, places)
    if points == 0:
        return
    bases = point_bases(f"one child = {points:.{places}f} percentage points")
    assert len(bases) == 1 and bases[0].lo <= n <= bases[0].hi


@given(n=st.integers(2, 30), small_group=st.integers(2, 20), word=st.sampled_from(["None of the", "All"]))
def test_all_or_none_is_refused_exactly_below_small_group(n, small_group, word):
    policy = DisclosurePolicy(threshold=2, small_group=small_group)
    html = f"<main><p>{word} {n} pupils met the standard.</p></main>"
    found = {f.rule for f in check_html(html, policy=policy)}
    assert found == ({"attribute-disclosure"} if n < small_group else set())

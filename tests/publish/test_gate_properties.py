"""Properties of the gate's count rule, over many numbers and thresholds (hypothesis)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cpanalysis.protect.policy import DisclosurePolicy
from cpanalysis.publish.gate import check_html
from cpanalysis.publish.numbers import small_counts

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

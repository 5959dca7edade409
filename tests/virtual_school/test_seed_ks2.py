"""The seed's KS2 table (seeds/001, section 5.3): 21 pupils, and what suppression hides.

Reconstructed from the published percentages of 21 pupils (one pupil = 4.76
points): reading 43/38/19% = 9/8/4, writing 48/33/19% = 10/7/4, maths
38/38/24% = 8/8/5, all three 24/52/24% = 5/11/5 (met / not yet met / did not
take). Worked by hand: the two "did not take" cells of 4 are primary
suppressions; each row is published with its total of 21, so one more cell per
row must go, and the smallest cell left in each row is "not yet met" (8 in
reading, 7 in writing). Maths has no count under 5 and is shown in full.

The three-subject row is nested in each subject: 9 met reading but only 5 met
all three, so 4 pupils met reading but not all three (maths: 3). Publishing
both "met" counts would give those small groups back by subtraction, so the
three-subject row is left out of the counts table (its percentage is hidden
by the same rule in the national comparison table).
"""

import pandas as pd
import pytest

from cpanalysis.protect.policy import DisclosurePolicy
from cpanalysis.virtual_school.analysis import status_table

POLICY = DisclosurePolicy(threshold=5)

COUNTS = {"read": (9, 8, 4), "writ": (10, 7, 4), "mat": (8, 8, 5), "rwm": (5, 11, 5)}
STATUSES = ("met", "not yet met", "did not take")


@pytest.fixture
def seed_year6() -> pd.DataFrame:
    cols = {}
    for subject, counts in COUNTS.items():
        cols[f"ks2_{subject}_status"] = [s for s, k in zip(STATUSES, counts) for _ in range(k)]
    return pd.DataFrame(cols)


def test_reconstruction_reproduces_the_published_percentages(seed_year6):
    _, _, _ = status_table(seed_year6, policy=POLICY)
    assert len(seed_year6) == 21
    # The seed as printed (nothing suppressed): each subject's statuses as whole percentages of 21.
    pct = pd.DataFrame({s: seed_year6[f"ks2_{k}_status"].value_counts().reindex(list(STATUSES)) for k, s in zip(
        COUNTS, ("Reading", "Writing", "Maths", "Reading, writing and maths"))}).T.mul(100 / 21).round().astype(int)
    assert pct.loc["Reading"].tolist()[:3] == [43, 38, 19]
    assert pct.loc["Writing"].tolist()[:3] == [48, 33, 19]
    assert pct.loc["Maths"].tolist()[:3] == [38, 38, 24]
    assert pct.loc["Reading, writing and maths"].tolist()[:3] == [24, 52, 24]


def test_suppression_hides_did_not_take_and_one_more_cell_in_reading_and_writing(seed_year6):
    table, numbers, percents = status_table(seed_year6, policy=POLICY)
    status = table.status.drop(index="Total")
    assert status.loc["Reading"].tolist() == ["shown", "secondary", "primary", "shown"]
    assert status.loc["Writing"].tolist() == ["shown", "secondary", "primary", "shown"]
    assert status.loc["Maths"].tolist() == ["shown"] * 4
    assert "Reading, writing and maths" not in status.index
    assert "Reading, writing and maths" not in numbers["Subject"].tolist()
    assert numbers.set_index("Subject").loc["Reading"].tolist() == [9, "c", "c", 21]
    assert numbers.set_index("Subject").loc["Writing"].tolist() == [10, "c", "c", 21]
    assert percents.set_index("Subject").loc["Reading"].tolist() == ["43%", "c", "c"]
    assert percents.set_index("Subject").loc["Writing"].tolist() == ["48%", "c", "c"]
    assert percents.set_index("Subject").loc["Maths"].tolist() == ["38%", "38%", "24%"]
    assert table.report.ok


def test_published_seed_table_passes_the_gate(seed_year6):
    from cpanalysis.present import Table
    from cpanalysis.publish.gate import check_html

    _, numbers, percents = status_table(seed_year6, policy=POLICY)
    html = Table(numbers, caption="KS2 (number)").to_html() + Table(percents, caption="KS2 (percentage)").to_html()
    assert check_html(html, policy=POLICY) == []
    # The seed as printed would be refused: 19% of 21 can only be 4 pupils.
    assert check_html("<p>Reading: 19% of 21 pupils did not take the test.</p>", policy=POLICY)

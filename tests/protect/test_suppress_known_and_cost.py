"""``suppress(known=..., cost=...)``: cells a reader has from another table, and cells worth more to the reader.

Each table is small enough to work by hand; the expected pattern is written out in each test.
"""

from __future__ import annotations

import pandas as pd
import pytest

from cpanalysis.errors import DisclosureError, InputError
from cpanalysis.protect import suppress
from cpanalysis.protect.policy import DisclosurePolicy

POLICY = DisclosurePolicy(threshold=5)


def _column(values: dict[str, int]) -> pd.DataFrame:
    return pd.DataFrame({"Pupils": list(values.values())}, index=list(values))


def test_without_known_cells_a_small_group_is_covered_by_its_smallest_neighbour():
    t = suppress(_column({"EYFS": 3, "KS1": 20, "KS2": 15, "KS4": 12}), policy=POLICY)
    # 3 is primary; the column's total (50) stays shown, so one more group is hidden: the smallest, 12.
    assert t.published()["Pupils"].tolist() == ["c", 20, 15, "c", 50]


def test_groups_printed_elsewhere_are_never_the_secondary_so_the_total_is():
    groups = {"EYFS": 3, "KS1": 20, "KS2": 15, "KS4": 12}
    # Each key stage table prints its year group's cohort when it is not small.
    t = suppress(_column(groups), policy=POLICY, known=[(g, "Pupils") for g, n in groups.items() if n >= 5])
    # Hiding KS4 would protect nothing (its key stage table prints 12), so the total is hidden:
    # 50 - 20 - 15 - 12 = 3 can no longer be worked out.
    assert t.published()["Pupils"].tolist() == ["c", 20, 15, 12, "c"]
    assert t.status.loc["EYFS", "Pupils"] == "primary" and t.status.loc["Total", "Pupils"] == "secondary"


def test_a_known_total_is_kept_and_the_secondary_found_among_the_parts():
    t = suppress(_column({"a": 3, "b": 10, "c": 9}), policy=POLICY, known=[("Total", "Pupils")])
    assert t.published()["Pupils"].tolist() == ["c", 10, "c", 22]


def test_cost_steers_the_choice_to_the_cell_of_little_use():
    counts = _column({"small": 3, "headline": 10, "other": 10})
    plain = suppress(counts, policy=POLICY)
    # Tie between the two 10s: by position, "headline" is hidden.
    assert plain.published()["Pupils"].tolist() == ["c", "c", 10, 23]
    costly = suppress(counts, policy=POLICY, cost={("headline", "Pupils"): 1.0})
    assert costly.published()["Pupils"].tolist() == ["c", 10, "c", 23]


def test_a_small_cell_known_elsewhere_is_printed_c_and_not_protected_here():
    t = suppress(_column({"a": 3, "b": 10, "c": 10}), policy=POLICY, known=[("a", "Pupils")])
    assert t.published()["Pupils"].tolist() == ["c", 10, 10, 23]
    assert t.n_secondary == 0


def test_a_small_cell_whose_line_is_all_known_cannot_be_protected():
    with pytest.raises(DisclosureError):
        suppress(_column({"a": 3, "b": 10}), policy=POLICY, known=[("b", "Pupils"), ("Total", "Pupils")])


def test_a_known_cell_must_be_in_the_table():
    with pytest.raises(InputError, match="no cell"):
        suppress(_column({"a": 3, "b": 10}), policy=POLICY, known=[("z", "Pupils")])


def test_known_cells_in_a_two_way_table_with_column_groups():
    counts = pd.DataFrame({"x": [3, 10, 12], "y": [9, 11, 13]}, index=["p", "q", "r"])
    t = suppress(counts, policy=POLICY, col_groups={"x and y": ["x", "y"]}, known=[("Total", "Total")])
    assert t.status.loc["Total", "Total"] == "shown" and t.status.loc["p", "x"] == "primary"
    assert t.n_secondary >= 3

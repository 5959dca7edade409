"""Pages print each measure as the run's protected publication printed it, and protect nothing for themselves.

The run builds one :class:`~cpanalysis.measures.publication.QuarterPublication` before any
notebook: the scorecard of the quarter and, in ``extras["points"]``, the scorecard cell of
every measure at every period a page shows (:func:`~cpanalysis.measures.publication.page_quarters`).
The care leavers, health and stability sections, given the publication, take every value
from it. These tests change the publication and check that the page follows, so they fail
if a section goes back to protecting a measure on its own.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pandas as pd
import pytest

from cpanalysis.measures.publication import build_publication, page_quarters, run_data
from cpanalysis.present import care_leavers as cl
from cpanalysis.present import health
from cpanalysis.present import stability as st
from cpanalysis.present.funnel import measure_points
from cpanalysis.protect.policy import DisclosurePolicy
from cpanalysis.quarters import Quarter

POLICY = DisclosurePolicy(threshold=5)
Q3 = Quarter.parse("2024-25 Q3")


@pytest.fixture(scope="module")
def council(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic council of 150 children over five return years (2021-22 to 2025-26), processed."""
    from cpanalysis.derive.build import build
    from cpanalysis.synth import generate

    root = tmp_path_factory.mktemp("pages")
    generate(root / "raw", seed=2, children=150, years=5)
    build(root / "raw", root / "processed")
    return root / "processed"


@pytest.fixture(scope="module")
def pub(council):
    return build_publication(council, Q3, policy=POLICY, council="Demo Borough", la_code=None, inputs={})


def _cells(html: str) -> list[list[str]]:
    return [re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row) for row in re.findall(r"<tr>(.*?)</tr>", html, re.S)]


def test_page_quarters_are_the_last_eight_and_the_earlier_year_ends(council):
    data = run_data(council, {})
    assert data.years == [2021, 2022, 2023, 2024, 2025]
    got = [q.label for q in page_quarters(data, Q3)]
    # 2022-23 Q4 to 2024-25 Q3 (eight quarters), and the year ends before them in the data: 2021-22 Q4.
    assert got == ["2021-22 Q4", "2022-23 Q4", "2023-24 Q1", "2023-24 Q2", "2023-24 Q3", "2023-24 Q4",
                   "2024-25 Q1", "2024-25 Q2", "2024-25 Q3"]


def test_every_page_point_of_this_quarter_is_the_scorecards_cell(council, pub):
    data = run_data(council, {})
    card = pub.card.set_index("id")
    for mid in ("P5.9", "P5.10", "P2.12", "P2.12a", "P2.15", "P2.15a", "P5.2", "P5.2a", "P5.6",
                "P4.9", "P4.10", "P4.11", "P4.12", "P4.13", "P4.6a", "P4.6", "P4.14", "P4.8", "P3.19", "P3.20"):
        last = measure_points(data, mid, Q3, policy=POLICY, publication=pub)[-1]
        assert last.cell() == card.at[mid, "this_quarter"], mid
        assert last.status == card.at[mid, "status"], mid


def _with_point(pub, mid: str, point: str, shown: str, status: str):
    """The publication with one printed cell changed (as if the run's protection had chosen otherwise)."""
    points = pub.extras["points"].copy()
    at = (points["id"] == mid) & (points["point"] == point)
    assert at.sum() == 1, (mid, point)
    points.loc[at, ["shown", "status"]] = [shown, status]
    return dataclasses.replace(pub, extras=pub.extras | {"points": points})


def test_a_value_the_publication_hides_is_hidden_on_the_page(council, pub):
    data = run_data(council, {})

    def latest_row(publication):
        html = st.stability_over_time_section(data, Q3, policy=POLICY, publication=publication).html
        return next(r for r in _cells(html) if r and r[0] == "2024-25 Q3")

    shown = pub.printed("P3.19", "2024-25 Q3")[0]
    assert shown not in ("c", "x")
    before = latest_row(pub)
    assert before[1] == shown
    after = latest_row(_with_point(pub, "P3.19", "2024-25 Q3", "c", "secondary"))
    assert after[1] == "c" and after[2] == before[2]
    # without the publication the section shows it: the page follows the publication, not its own rule
    assert latest_row(None) == before


def test_a_figure_published_earlier_is_repeated_as_it_was_printed(council, pub):
    data = run_data(council, {})
    was = pub.printed("P3.19", "2024-25 Q2")
    assert was is not None and was[0] not in ("c", "x")
    earlier = _with_point(pub, "P3.19", "2024-25 Q2", "12.3%", "as_published")
    html = st.stability_over_time_section(data, Q3, policy=POLICY, publication=earlier).html
    row = next(r for r in _cells(html) if r and r[0] == "2024-25 Q2")
    assert row[1] == "12.3%"
    pts = measure_points(data, "P3.19", Q3, policy=POLICY, publication=earlier)
    q2 = next(p for p in pts if p.label == "2024-25 Q2")
    assert q2.value == 12.3 and q2.status == "shown"  # a chart draws the number printed, not today's


def test_health_and_placed_with_parents_follow_the_publication(council, pub):
    data = run_data(council, {})
    hidden = _with_point(_with_point(pub, "P4.13", "2023-24", "c", "secondary"), "P3.9", "2024-25 Q3", "c",
                         "secondary")
    sdq = health.sdq_section(data, Q3, council="Demo Borough", policy=POLICY, publication=hidden).html
    row = next(r for r in _cells(sdq) if r and r[0] == "2023-24")
    assert row[4] == "c"  # "Average score"
    pwp = st.placed_with_parents_section(data, Q3, policy=POLICY, publication=hidden).html
    row = next(r for r in _cells(pwp) if r and r[0] == "2024-25 Q3")
    assert row[1:] == ["c", "c"]


def test_the_deep_dives_are_protected_once_by_the_run(council, pub):
    data = run_data(council, {})
    kept = pub.extras["deep_dives"]["placement_moves"]
    assert pub.deep_dive("placement_moves", data) is kept
    changed = dataclasses.replace(pub, extras=pub.extras | {"deep_dives": {
        "placement_moves": dataclasses.replace(kept, summary=kept.summary | {"moves": "c", "children": "c"})}})
    html = st.moves_section(data, Q3, policy=POLICY, publication=changed).html
    assert "too few to show" in html
    with pytest.raises(KeyError):
        pub.deep_dive("no such", data)


def test_the_publication_keeps_what_each_part_cost(pub):
    seconds = pub.extras["seconds"]
    assert set(seconds) == {"scorecard", "trends", "pages"} and all(v >= 0 for v in seconds.values())
    assert isinstance(pub.extras["points"], pd.DataFrame) and not pub.extras["points"].empty


def test_the_publication_says_how_each_page_table_was_made_publishable(pub):
    tables = pub.page_tables()
    assert set(tables) == {"placement_moves", "out_of_borough", "missing_from_care"}
    moves = tables["placement_moves"]
    dive = pub.extras["deep_dives"]["placement_moves"]
    # This small council's moves are hidden every quarter (the extra moves are fewer than twice the
    # width): only the children by number of moves is published, with nothing merged first.
    assert list(dive.tables) == ["children by number of moves"] and moves["before hiding"] == {}
    assert moves["hidden cells"] == {"children by number of moves": sum(
        str(v) == "c" for v in dive.tables["children by number of moves"].to_numpy().ravel())} != {
        "children by number of moves": 0}


def test_page_tables_report_each_choice_and_hidden_cell(pub):
    from cpanalysis.measures.deep_dives import DeepDive

    dive = DeepDive({}, {"moves by reason": pd.DataFrame({"moves": ["19", "c", "c", "98"]})},
                    choices={"moves by reason": "9 reasons merged into one named group"})
    made = dataclasses.replace(pub, extras=pub.extras | {"deep_dives": {"placement_moves": dive}})
    assert made.page_tables() == {"placement_moves": {"hidden cells": {"moves by reason": 2},
                                                      "before hiding": {"moves by reason":
                                                                        "9 reasons merged into one named group"}}}

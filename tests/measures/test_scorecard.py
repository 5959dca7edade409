"""Scorecard protection, direction of travel, RAG and the measures command.

Direction-of-travel literals: Newcombe (1998) Table II example (a),
56/70 vs 48/80, interval 0.0524 to 0.3339 (excludes 0: a change); the exact
conditional Poisson test of 30 vs 10 is two-sided p = 0.0022 (binomial 30 of
40 at 1/2), of 12 vs 10 p = 0.83.
"""

import pandas as pd
import pytest

from cpanalysis.protect.policy import DisclosurePolicy
from cpanalysis.errors import InputError
from cpanalysis.measures import get
from cpanalysis.measures.council_inputs import read_council_measures
from cpanalysis.measures.scorecard import direction_of_travel, publish, rag, scorecard, scorecard_html
from cpanalysis.quarters import Quarter
from fixture_measures import data

POLICY = DisclosurePolicy(threshold=5)

Q3 = Quarter.parse("2024-25 Q3")


def row(num=None, den=None, value=None, spread=None):
    return {"numerator": num, "denominator": den, "value": value, "spread": spread}


def test_publish_counts_and_percentages():
    g1, p12 = get("G1"), get("P1.2")
    assert publish(g1, 0, None, 0.0, True, policy=POLICY) == ("0", "zero")
    assert publish(g1, 4, None, 4.0, True, policy=POLICY) == ("c", "primary")
    assert publish(g1, 512, None, 512.0, True, policy=POLICY) == ("512", "shown")
    # complement 3 of 503: rounded, "99% or more" is 496 to 503 (98.5% of 503 = 495.5)
    assert publish(p12, 500, 503, None, True, policy=POLICY) == ("99% or more", "rounded")
    assert publish(p12, 90, 93, None, True, policy=POLICY) == ("c", "primary")         # complement 3 of 93
    assert publish(p12, 8, 21, None, True, policy=POLICY) == ("38.1%", "shown")
    assert publish(p12, 8, 15, None, True, policy=POLICY) == ("53.3%", "low_reliability")
    assert publish(p12, 0, 0, None, True, policy=POLICY) == ("z", "not_applicable")
    assert publish(p12, None, None, None, False, policy=POLICY) == ("x", "not_available")
    assert publish(get("P3.15"), None, 3, 400.0, True, policy=POLICY) == ("c", "primary")  # mean of 3 children
    # An average of days says so: a bare "3" (seed 5, 2,500 children, 2 years) read as a count of 3 children.
    assert publish(get("P3.15"), None, 7, 3.0, True, policy=POLICY) == ("3 days", "shown")
    assert publish(get("P3.15"), None, 30, 1234.4, True, policy=POLICY) == ("1,234 days", "shown")


def test_direction_uses_intervals_and_polarity():
    p13 = get("P1.3")   # higher is better
    assert direction_of_travel(p13, row(56, 70), row(48, 80)) == "improving"
    assert direction_of_travel(p13, row(48, 80), row(56, 70)) == "worsening"
    assert direction_of_travel(p13, row(10, 20), row(9, 20)) == "no meaningful change"
    p37 = get("P3.7")   # lower is better
    assert direction_of_travel(p37, row(30), row(10)) == "worsening"
    assert direction_of_travel(p37, row(12), row(10)) == "no meaningful change"
    assert direction_of_travel(get("G1"), row(30), row(10)) == "higher"


def test_rag():
    p12 = get("P1.2")
    t = {"target": 95.0, "amber_within": 5.0}
    assert rag(p12, 96.0, t) == "Green" and rag(p12, 91.0, t) == "Amber" and rag(p12, 80.0, t) == "Red"
    assert rag(get("P3.7"), 80.0, {"target": 90.0}) == "Green"
    assert rag(p12, 96.0, None) == "z"


def test_scorecard_never_shows_a_number_beside_a_suppression():
    card = scorecard(data(), Q3, targets={"P3.7": {"target": 10}}, policy=POLICY)
    sup = card.loc[(card["status"] == "primary")]
    assert len(sup) > 0
    assert (sup["this_quarter"] == "c").all()
    assert sup["direction"].isin(["c"]).all() and sup["rag"].eq("c").all()
    assert sup["share"].eq("").all()
    prev_c = card.loc[card["previous_quarter"] == "c"]
    assert prev_c["direction"].eq("c").all()
    html = scorecard_html(card)
    assert "<caption>" in html and 'scope="col"' in html


def test_council_csv(tmp_path):
    p = tmp_path / "council_measures.csv"
    p.write_text("measure_id,quarter,numerator,denominator,value,source\n"
                 "P1.1,2024-25-Q3,12,,,Advocacy provider\nP2.2,2024-25 Q3,45,50,,Virtual School\n")
    fx = data(council_measures=read_council_measures(p))
    assert get("P1.1").compute(fx, Q3).numerator == 12
    assert get("P2.2").compute(fx, Q3).value == pytest.approx(90.0)
    assert not get("P3.8").compute(fx, Q3).available


def test_council_csv_rejects_bad_quarter(tmp_path):
    p = tmp_path / "c.csv"
    p.write_text("measure_id,quarter,numerator,denominator,value,source\nP1.1,2024 Q3,1,,,x\n")
    with pytest.raises(InputError):
        read_council_measures(p)


def test_cli_quarter_outside_data(tmp_path, capsys):
    from cpanalysis.derive import build
    from cpanalysis.measures import cli
    from cpanalysis.synth import generate
    import argparse

    generate(tmp_path / "raw", seed=3, years=2, last_year=2024, children=80)
    build(tmp_path / "raw", tmp_path / "proc")
    ap = argparse.ArgumentParser()
    cli.add_parser(ap.add_subparsers(dest="command"))
    args = ap.parse_args(["measures", "--processed", str(tmp_path / "proc"), "--quarter", "2024-25-Q3",
                          "--format", "csv"])
    assert cli.run(args) == 0
    out = pd.read_csv(__import__("io").StringIO(capsys.readouterr().out))
    assert list(out.columns[:3]) == ["id", "title", "unit"] and {"display", "status"} <= set(out.columns)
    with pytest.raises(InputError):
        cli.run(ap.parse_args(["measures", "--processed", str(tmp_path / "proc"), "--quarter", "2030-31-Q1"]))


def test_same_quarter_last_year_as_it_was_published(tmp_path):
    # The hand-built G1 fixture (tests/g1_fixture.py): one child (I) in care at 31 March 2024, none at
    # 31 December 2023. 2024-25 Q4 is set beside 2023-24 Q4 (1 child: hidden, c); 2024-25 Q3 beside
    # 2023-24 Q3 (nobody: 0); a quarter a year before the first return year is not available (x).
    # G1 at 31 March 2025 by hand: A, B, F, G, H = 5 (C and D have left, E is on short breaks).
    from g1_fixture import write_fixture

    from cpanalysis.derive.build import build
    from cpanalysis.measures import MeasureData
    from cpanalysis.quarters import Quarter

    build(write_fixture(tmp_path / "raw"), tmp_path / "p")
    d = MeasureData.from_processed(tmp_path / "p")
    row = lambda q: scorecard(d, q, ids=["G1"], policy=POLICY).iloc[0]  # noqa: E731
    assert (row(Quarter(2024, 4))["this_quarter"], row(Quarter(2024, 4))["same_quarter_last_year"]) == ("5", "c")
    assert row(Quarter(2024, 3))["same_quarter_last_year"] == "0"
    assert row(Quarter(2023, 4))["same_quarter_last_year"] == "x"
    assert scorecard(d, Quarter(2024, 3), ids=["G1"], policy=POLICY).attrs["same_quarter_last_year"] == "2023-24 Q3"


@pytest.mark.parametrize("value, unit, printed", [
    (10.0, "percent", "10%"), (68.84, "percent", "68.8%"), (83630.0, "count", "83,630"),
    (538.25, "count", "538.3"), (1234567.0, "count", "1,234,567"), (72.0, "rate_per_10000", "72"),
])
def test_comparators_print_with_thousands_separated_and_never_in_exponent_form(value, unit, printed):
    from cpanalysis.measures.scorecard import _comparator_value

    assert _comparator_value(value, unit) == printed

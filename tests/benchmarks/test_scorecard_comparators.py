"""The scorecard's comparators: from DfE's files for a real LA code, or the shipped England figures.

Oracle: the published lines quoted in ``test_compare.py`` (Trafford 358, 2025
CLA release): P3.19 England 10, North West 9, neighbours
(11+12+10+16+8+11+11+11+12+8)/10 = 11.0, rank 5 of 151, band A (6 <= Q25 = 8);
P4.13 SDQ England 14.9, North West 14.4, neighbours 148.2/10 = 14.82 -> 14.8;
the shipped ``comparators.toml``: DfE's 2023-24 figures (P4.9 England 89; P3.9
England 6, North West 10).
"""

from __future__ import annotations

import tomllib
from importlib.resources import files

import pytest

from cpanalysis.measures.comparisons import comparators_for_run, load_comparators
from cpanalysis.measures.scorecard import NO_NATIONAL, scorecard, scorecard_html
from cpanalysis.present.scorecard import comparators_note
from cpanalysis.protect.policy import DisclosurePolicy
from cpanalysis.publish.gate import check_html, format_findings
from cpanalysis.quarters import Quarter
from measures.fixture_measures import data

POLICY = DisclosurePolicy(threshold=5)
Q3 = Quarter(2024, 3)


@pytest.fixture(scope="module")
def trafford(store):
    comps = load_comparators(store=store, la_code="358")
    return comps, scorecard(data(), Q3, policy=POLICY, comparators=comps).set_index("id")


def test_dfe_comparators_fill_the_scorecard(trafford):
    comps, card = trafford
    r = card.loc["P3.19"]
    assert (r["england"], r["region"], r["statistical_neighbours"]) == ("10%", "9%", "11%")
    assert (r["rank"], r["quartile"]) == ("5 of 151", "A")
    assert r["comparator_source"] == "2024-25 (DfE, Children looked after in England 2025)"
    sdq = card.loc["P4.13"]
    assert (sdq["england"], sdq["region"], sdq["statistical_neighbours"]) == ("14.9", "14.4", "14.8")
    assert card.attrs["region_name"] == "North West"
    lab = comps.loc[(comps["measure"] == "P3.19") & (comps["kind"] == "england"), "label"].iloc[0]
    assert lab == "England 2024-25 (DfE, Children looked after in England 2025)"


def test_no_national_figure_is_said_not_x(trafford):
    _, card = trafford
    # advocacy (P1.1): DfE publishes nothing by council
    assert card.loc["P1.1", "england"] == NO_NATIONAL == "no national figure published"
    assert card.loc["P1.1", "rank"] == ""


def test_suppressed_council_figure_has_no_rank(trafford):
    # DfE shows c for a part of Trafford's residential share (P3.3): no rank or band, which would narrow it down
    _, card = trafford
    assert (card.loc["P3.3", "rank"], card.loc["P3.3", "quartile"]) == ("c", "c")


def test_protection_kept_and_gate_passes(trafford):
    _, card = trafford
    hidden = card.loc[card["status"].isin(["primary", "secondary"])]
    assert len(hidden) > 0
    # a hidden value never gets a funnel verdict against any comparator
    for col in ("funnel_england", "funnel_region", "funnel_statistical_neighbours"):
        assert set(hidden[col]) <= {"c", ""}
    page = scorecard_html(card.reset_index())
    assert "Region (North West)" in page and "Rank among councils in England (1 = best)" in page
    findings = check_html(f"<html><body>{page}</body></html>", policy=POLICY)
    assert findings == [], format_findings(findings)


def test_demo_without_dfe_files():
    comps = comparators_for_run("", {})
    card = scorecard(data(), Q3, policy=POLICY, comparators=comps).set_index("id")
    assert card.loc["P4.9", "england"] == "89%"
    assert (card.loc["P3.9", "england"], card.loc["P3.9", "region"]) == ("6%", "10%")
    assert card.loc["P3.9", "statistical_neighbours"] == "x"   # DfE publishes it; none held for the demo
    assert card.loc["G3", "england"] == NO_NATIONAL
    page = scorecard_html(card.reset_index())
    assert "Rank among councils" not in page      # no rank held: no empty column
    assert "no statistical neighbours" in comparators_note(card, comps).html


def test_la_code_without_downloads_uses_the_shipped_figures():
    assert comparators_for_run("358", {}).attrs.get("la_code") is None


def test_shipped_figures_cite_dfe_only():
    text = files("cpanalysis.measures").joinpath("comparators.toml").read_text(encoding="utf-8")
    assert "seeds" not in text and "Cheshire" not in text and "Annual Report" not in text
    rows = tomllib.loads(text)["comparator"]
    assert rows and all(r["source"].startswith("DfE, Children looked after in England 20") for r in rows)
    assert all(r["year"] == "2023-24" for r in rows)
    assert not [r for r in rows if r["area"] == "Statistical neighbours"]


def test_note_names_the_neighbours(trafford):
    comps, card = trafford
    note = comparators_note(card, comps).html
    # Trafford's first and last 2025 neighbours: 919 Hertfordshire, 334 Solihull
    assert "Hertfordshire" in note and "Solihull" in note and "DfE code 358" in note


def test_council_comparators_file_used_without_downloads(tmp_path):
    own = tmp_path / "comparators.toml"
    own.write_text('version = "t"\n[[comparator]]\nmeasure = "P4.9"\narea = "England"\nvalue = 77.0\n'
                   'unit = "percent"\nyear = "2024-25"\nsource = "DfE, test"\n', encoding="utf-8")
    comps = comparators_for_run("", {"comparators": str(own)})
    assert comps.attrs["version"] == "t" and comps["value"].tolist() == [77.0]

"""Benchmark trend charts: the council, England and its neighbours' mean over DfE's years, this quarter marked.

Oracle for the published figures: the CSV lines of DfE's releases in ``../shared/dfe-published``, read
by eye (skipped when the folder is absent). Trafford (DfE code 358) and its ten statistical neighbours in
DfE's 2025 groupings (``sn_model_2025_wide.csv``): 919 Hertfordshire, 356 Stockport, 825 Buckinghamshire,
931 Oxfordshire, 936 Surrey, 305 Bromley, 895 Cheshire East, 873 Cambridgeshire, 916 Gloucestershire,
334 Solihull. The neighbour mean is the simple mean of the published values, a ``c`` left out (LAIT);
each year comes from the latest release that covers it.

Worked by hand (file, year ``time_period``, row; value in the percentage column):

* P3.19, 2023-24 (``cla_2025_release/la_cla_placement_stability``, 2024, "With 3 or more placements
  during the year"): England 11; Trafford 5; neighbours 9 + 11 + 9 + 13 + 12 + 8 + 14 + 9 + 13 + 10
  = 108, / 10 = 10.8.
* P4.9, 2020-21 (``cla_2025_release/la_conviction_health_outcome_cla``, 2021, "Had their annual health
  assessment"): England 91; Trafford 84; neighbours 90 + 97 + 99 + 94 + 94 + 95 + 86 + 90 + 87 + 98
  = 930, / 10 = 93.0.
* P2.15a, 2018-19 (``cla_2023_release/la_care_leavers_activity``, 2019, "Aged 19 to 21", "Total in
  education, employment or training": only the 2023 release covers 2019): England 52; Trafford 53;
  neighbours 54 + 56 + 56 + 49 + 58 + 45 + 61 + 47 + 56 + 54 = 536, / 10 = 53.6.
* P5.2a, 2024-25 (``cla_2025_release/la_care_leavers_accommodation_suitability``, 2025, "17 to 18
  years", "Accommodation considered suitable"): England 91; Trafford 93; Oxfordshire c, so the mean is
  of nine: 97 + 97 + 90 + 97 + 98 + 94 + 94 + 94 + 99 = 860, / 9 = 95.556. In 2021 Trafford's own row
  is c: a gap in its line, "c" in the table.
* P3.4, England 2024-25 (``derived/cla_on_31_march_by_characteristics_2021_2025``, 2025, National,
  distance): 18,120 placed more than 20 miles / (81,770 - 6,990 distance not known) = 24.231%.

This quarter's own figures come from a hand-built OC3 (2024-25 Q3: birthdays 1 April to 31 December
2024, year to date), protected as the care leavers page protects them:

* aged 17 (17-18): 10 with May birthdays and 2 with November birthdays, so the year-to-date group grew
  by 2 between Q2 and Q3; in touch 10 of 12 (complement 2: c, primary); EET 7 of 12 would be printed
  on its own (58.3% u), but it and Q2's 5 of 10 would give the 2 new care leavers by subtraction, so it
  is hidden too (c, secondary: the year-to-date rule of :mod:`cpanalysis.measures.linked`, as the page
  and the scorecard apply it);
* aged 20 (19-21): 25; in touch 20 = 80.0%; EET 8 = 32.0%, NEET 14, not known 3 (NEET is the part the
  page hides, so EET stays in view); suitable 20/25 = 80.0%;
* a second OC3 with 108 aged 20, 104 in touch: 96.3% would leave 4 not in touch to be worked out, so it
  is published rounded, "95% or more", and drawn at 95.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from cpanalysis.measures import MeasureData
from cpanalysis.measures.comparisons import load_comparators
from cpanalysis.present.benchmark_trends import (
    KEY_MEASURES,
    NO_NATIONAL,
    SERIES_STYLE,
    OwnFigure,
    benchmark_trends,
    draw_trend,
    own_figures,
    own_from_card,
    trends,
    trends_section,
)
from cpanalysis.measures.disclosure import publish
from cpanalysis.measures.registry import MEASURES
from cpanalysis.present.page import SYNTHETIC_MARKER
from cpanalysis.protect.policy import DisclosurePolicy
from cpanalysis.publish.gate import check_html, format_findings
from cpanalysis.quarters import Quarter

DFE = Path(__file__).resolve().parents[2] / ".." / "shared" / "dfe-published"
POLICY = DisclosurePolicy(threshold=5)
Q = Quarter(2024, 3)
CARE_LEAVERS = KEY_MEASURES["care_leavers"]


def _oc3(year: int, dob: str, n: int, in_touch: list[str], activ: list[str], accom: list[str]) -> list[dict]:
    return [{"CHILD": f"{year}{dob}{k}", "YEAR": year, "DOB": pd.Timestamp(dob), "IN_TOUCH": in_touch[k],
             "ACTIV": activ[k], "ACCOM": accom[k]} for k in range(n)]


@pytest.fixture(scope="module")
def data() -> MeasureData:
    rows = _oc3(2024, "2007-05-01", 10, ["YES"] * 8 + ["NO"] * 2, ["F2"] * 5 + ["G4"] * 5, ["U1"] * 10)
    rows += _oc3(2024, "2007-11-01", 2, ["YES"] * 2, ["F2"] * 2, ["U1"] * 2)
    rows += _oc3(2024, "2004-07-01", 25, ["YES"] * 20 + ["NO"] * 5, ["F2"] * 8 + ["G5"] * 14 + [""] * 3,
                 ["U1"] * 20 + ["B2"] * 5)
    return MeasureData(tables={"oc3": pd.DataFrame(rows)}, years=[2023, 2024])


@pytest.fixture(scope="module")
def own(data) -> dict[str, OwnFigure]:
    return own_figures(data, Q, CARE_LEAVERS, policy=POLICY)


@pytest.fixture(scope="module")
def store():
    if not (DFE / "cla_2025_release").is_dir():
        pytest.skip(f"DfE published files not found at {DFE}")
    from cpanalysis.benchmarks.store import import_folder

    return import_folder(DFE)


def _lines(fig) -> dict[str, dict[str, float]]:
    """Each line's plotted values by DfE year label (legend label -> year -> value), and the marked point."""
    ax = fig.axes[0]
    years = {round(x, 6): t.get_text() for x, t in zip(ax.get_xticks(), ax.get_xticklabels())}
    out = {}
    for line in ax.get_lines():
        xs, ys = line.get_xdata(), line.get_ydata()
        if line.get_marker() == "D":
            out["own"] = {"x": float(xs[0]), "y": float(ys[0])}
            continue
        out[line.get_label()] = {years[round(float(x), 6)]: float(y) for x, y in zip(xs, ys)}
    return out


def _trend(store, own, mid):
    return next(t for t in trends([mid], own, council="Trafford", store=store, la_code="358") if t.measure == mid)


def _table_rows(html: str, caption_start: str) -> list[list[str]]:
    m = re.search(rf"<caption>{re.escape(caption_start)}.*?</caption>(.*?)</table>", html, re.S)
    assert m, caption_start
    return [[c.replace("&#x27;", "'") for c in re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", tr)]
            for tr in re.findall(r"<tr>(.*?)</tr>", m.group(1))]


# -- this quarter's own figure: protected as the page protects it ---------------------------------------


def test_own_figures_are_the_page_s_protected_values(data, own):
    assert own["P5.9"].display == "c" and own["P5.9"].value is None            # 10 of 12: complement 2
    assert own["P5.10"].display == "80.0%" and own["P5.10"].value == 80.0
    assert own["P5.2"].display == "80.0%" and own["P5.2"].value == 80.0
    assert own["P2.15a"].display == "32.0%" and own["P2.15a"].value == 32.0
    # EET 17-18 on its own would be printed ...
    assert publish(MEASURES["P2.12a"], 7, 12, 100 * 7 / 12, True, policy=POLICY) == ("58.3%", "low_reliability")
    # ... but less Q2's 5 of 10 it gives the 2 care leavers added in Q3: hidden too.
    assert own["P2.12a"].display == "c" and own["P2.12a"].value is None
    assert all(f.period == "2024-25 to Q3" and f.words == "year to date" and f.ends == date(2024, 12, 31)
               for f in own.values())


def test_own_figures_are_the_cells_the_care_leavers_page_prints(data, own):
    from cpanalysis.present import care_leavers as cl

    page = {}
    for section, caption, cols in (
            (cl.in_touch_section, "Care leavers the council is in touch with", {"In touch (%)": "in_touch"}),
            (cl.eet_section, "Care leavers in education, employment or training (EET) and not (NEET), by age",
             {"In education, employment or training (%)": "eet"}),
            (cl.accommodation_section, "Care leavers in suitable accommodation, by age",
             {"In suitable accommodation (%)": "suitable"})):
        rows = _table_rows(section(data, Q, council="Demo Borough", policy=POLICY).html, caption)
        head = rows[0]
        for r in rows[1:]:
            if r[0] == "2024-25 to Q3":
                for col, key in cols.items():
                    page[cl.BANDS[r[head.index("Age group")]][key]] = r[head.index(col)]
    assert page == {mid: own[mid].display for mid in CARE_LEAVERS}


def test_a_rounded_figure_is_drawn_at_its_printed_value(tmp_path):
    rows = _oc3(2024, "2004-07-01", 108, ["YES"] * 104 + ["NO"] * 4, ["F2"] * 108, ["U1"] * 108)
    big = MeasureData(tables={"oc3": pd.DataFrame(rows)}, years=[2024])
    fig = own_figures(big, Q, ["P5.10"], policy=POLICY)["P5.10"]
    assert fig.display == "95% or more" and fig.value == 95.0  # never 104 / 108 = 96.3
    comp = load_comparators()
    t = trends(["P5.10"], {"P5.10": fig}, council="Demo Borough", comparators=comp)[0]
    assert _lines(draw_trend(t))["own"]["y"] == 95.0


@pytest.fixture(scope="module")
def synth(tmp_path_factory) -> MeasureData:
    """A small synthetic council with every return (episodes, OC2, OC3)."""
    from cpanalysis.derive.build import build
    from cpanalysis.synth import generate

    root = tmp_path_factory.mktemp("synth")
    generate(root / "raw", seed=3, children=60, years=3)
    build(root / "raw", root / "processed")
    return MeasureData.from_processed(root / "processed")


def test_own_figures_from_the_scorecard_match_the_page_s(synth):
    from cpanalysis.measures.scorecard import scorecard

    ids = [i for page in KEY_MEASURES.values() for i in page]
    card = scorecard(synth, Q, policy=POLICY)
    assert own_from_card(card, Q, ids) == own_figures(synth, Q, ids, policy=POLICY)


# -- DfE's published figures for a real council (../shared/dfe-published) --------------------------------


def test_plotted_england_and_neighbour_means_are_the_files(store, own):
    p319 = _lines(draw_trend(_trend(store, own, "P3.19")))
    assert p319["England"]["2023-24"] == 11
    assert p319["Statistical neighbours' mean"]["2023-24"] == pytest.approx(108 / 10)
    assert p319["Trafford (DfE published)"]["2023-24"] == 5
    p49 = _lines(draw_trend(_trend(store, own, "P4.9")))
    assert p49["England"]["2020-21"] == 91
    assert p49["Statistical neighbours' mean"]["2020-21"] == pytest.approx(930 / 10)
    assert p49["Trafford (DfE published)"]["2020-21"] == 84
    t = _trend(store, own, "P2.15a")
    p215 = _lines(draw_trend(t))
    assert p215["England"]["2018-19"] == 52
    assert p215["Statistical neighbours' mean"]["2018-19"] == pytest.approx(536 / 10)
    assert p215["Trafford (DfE published)"]["2018-19"] == 53
    assert "DfE, Children looked after in England 2023 (2018-19 to 2019-20)" in t.source  # the release that covers it
    assert "DfE, Children looked after in England 2025 (2020-21 to 2024-25)" in t.source
    p34 = _lines(draw_trend(_trend(store, own, "P3.4")))
    assert p34["England"]["2024-25"] == pytest.approx(100 * 18120 / (81770 - 6990))


def test_suppressed_neighbour_is_left_out_and_the_council_s_own_c_is_a_gap(store, own):
    t = _trend(store, own, "P5.2a")
    lines = _lines(draw_trend(t))
    assert lines["England"]["2024-25"] == 91
    assert lines["Statistical neighbours' mean"]["2024-25"] == pytest.approx(860 / 9)
    assert lines["Trafford (DfE published)"]["2024-25"] == 93
    assert pd.isna(lines["Trafford (DfE published)"]["2020-21"])  # DfE's c: a gap in the line
    assert t.neighbour_gaps and "2024-25" in t.neighbour_gaps
    html = benchmark_trends(["P5.2a"], own, council="Trafford", store=store, la_code="358").html
    rows = _table_rows(html, "Care leavers aged 17-18 in suitable accommodation")
    by_year = {r[0]: r[1:] for r in rows[1:]}
    assert by_year["2020-21"][0] == "c"
    assert by_year["2024-25"] == ["93%", "91%", "95.6%"]
    assert "c = suppressed by DfE" in html


def test_this_quarter_s_point_is_the_protected_value_and_a_hidden_one_is_not_drawn(store, own):
    shown = _lines(draw_trend(_trend(store, own, "P5.10")))
    assert shown["own"]["y"] == 80.0
    assert shown["own"]["x"] > max(float(x) for x in draw_trend(_trend(store, own, "P5.10")).axes[0].get_xticks()
                                   if x < 2025.0)  # after 31 March 2024, DfE's last in-touch year
    for mid in ("P5.9", "P2.12a"):  # hidden: primary (P5.9) and secondary (P2.12a)
        t = _trend(store, own, mid)
        assert "own" not in _lines(draw_trend(t))
    html = benchmark_trends(["P5.9", "P2.12a"], own, council="Trafford", store=store, la_code="358").html
    assert "2024-25 to Q3 (Trafford&#x27;s own figure, year to date): c, not drawn" in html
    rows = _table_rows(html, "Care leavers aged 17-18 in education")
    assert rows[-1] == ["2024-25 to Q3 (Trafford's own figure, year to date)", "c", "z", "z"]  # never 58.3%


def test_the_text_alternative_carries_the_plotted_numbers(store, own):
    own = {**own, "P3.19": OwnFigure("P3.19", "2024-25 Q3", "latest quarter", date(2024, 12, 31), "6.2%", 6.2)}
    html = benchmark_trends(["P3.19", "P5.10"], own, council="Trafford", store=store, la_code="358").html
    t = _trend(store, own, "P3.19")
    lines = _lines(draw_trend(t))
    rows = _table_rows(html, "3 or more placements in a year")
    head = rows[0]
    assert head == ["Year", "Trafford (%)", "England (%)", "Statistical neighbours' mean (%)"]
    names = {"Trafford (%)": "Trafford (DfE published)", "England (%)": "England",
             "Statistical neighbours' mean (%)": "Statistical neighbours' mean"}
    for row in rows[1:-1]:
        for col, cell in zip(head[1:], row[1:]):
            plotted = lines[names[col]][row[0]]
            assert cell == f"{round(plotted, 1):g}%", (row[0], col)
    assert rows[1][0] == "2018-19" and rows[-2][0] == "2024-25"
    assert rows[-1] == ["2024-25 Q3 (Trafford's own figure, latest quarter)", "6.2%", "z", "z"]
    assert lines["own"]["y"] == 6.2
    # the alt text states the same values as the table, year by year
    alt = re.search(r'alt="([^"]*3 or more placements[^"]*)"', html).group(1).replace("&#x27;", "'")
    assert "2023-24 11%" in alt and "2023-24 10.8%" in alt and "2023-24 5%" in alt
    assert "Marked point, 2024-25 Q3 (Trafford's own figure, latest quarter): 6.2%" in alt
    in_touch = _table_rows(html, "Care leavers aged 19-21 in touch")
    assert in_touch[-1] == ["2024-25 to Q3 (Trafford's own figure, year to date)", "80.0%", "z", "z"]
    assert "2024-25 to Q3 (Trafford&#x27;s own figure, year to date): 80.0%" in html


def test_every_key_measure_of_the_three_pages_is_charted_with_its_source_and_passes_the_gate(store, synth):
    for page, ids in KEY_MEASURES.items():
        own = own_figures(synth, Q, ids, policy=POLICY)
        html = benchmark_trends(ids, own, council="Trafford", store=store, la_code="358").html
        assert html.count("<img ") == len(ids), page
        assert html.count("Source: DfE, Children looked after in England 202") == len(ids), page
        assert "Hertfordshire" in html  # the neighbours are named
        findings = check_html(f"<html><body>{html}</body></html>", policy=POLICY)
        assert findings == [], format_findings(findings)


def test_a_measure_dfe_does_not_publish_says_so(store, own):
    html = benchmark_trends(["P1.1"], {}, council="Trafford", store=store, la_code="358").html
    assert NO_NATIONAL in html and "<img" not in html


def test_colours_meet_wcag_non_text_contrast():
    def lum(hex_colour: str) -> float:
        rgb = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    for colour, _, _ in SERIES_STYLE.values():
        assert (1.05) / (lum(colour) + 0.05) >= 3.0, colour
    assert len({(c, d, m) for c, d, m in SERIES_STYLE.values()}) == len(SERIES_STYLE)
    assert len({d for _, d, _ in SERIES_STYLE.values()}) == len(SERIES_STYLE)  # never colour alone


# -- the demonstration: no DfE downloads ---------------------------------------------------------------


def test_demo_charts_are_labelled_typed_in_and_synthetic(data, tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / SYNTHETIC_MARKER).write_text("synthetic")
    html = trends_section(data, Q, "care_leavers", council="Demo Borough", policy=POLICY, la_code="", inputs={},
                          raw_dir=raw).html
    assert "Comparators typed in" in html and "fictional council made from synthetic data" in html
    # P5.10 and P5.2 have England and North West figures in the shipped typed-in table (2023-24)
    assert html.count("<img ") == 2
    alt = re.search(r'alt="([^"]*in touch[^"]*)"', html).group(1).replace("&#x27;", "'")
    assert "England, typed in from DfE: 2023-24 92%" in alt
    assert "2024-25 to Q3 (Demo Borough's own figure, synthetic data, year to date): 80.0%" in alt
    assert "Source: typed in from DfE, Children looked after in England" in html
    assert "synthetic data made by cpanalysis" in html
    assert "seeds/" not in html and "comparators.toml" not in html and str(tmp_path) not in html
    # the measures the typed-in table does not hold say so, with their own figure
    assert html.count("the comparators held for this run do not include it") == 4
    findings = check_html(f"<html><body>{html}</body></html>", policy=POLICY)
    assert findings == [], format_findings(findings)

"""Funnel plots as charts, secondary suppression helpers and the periods a measure is shown for.

Funnel limits checked by hand (PHE/OHID, Spiegelhalter 2005): baseline 88%, n = 25:
se = sqrt(0.88 * 0.12 / 25) = 0.0649923; 95%: 0.88 -/+ 1.959964 * se = 0.752618 to 1.007382
(clipped to 100%); 99.8%: 0.88 -/+ 3.090232 * se = 0.679158 to 1.080842 (clipped).
"""

import pandas as pd
import pytest

from cpanalysis.measures import MeasureData
from cpanalysis.measures.registry import Result
from cpanalysis.present.charts import Chart
from cpanalysis.present.funnel import (
    Point,
    comparison_rows,
    funnel_plot,
    hide_nested,
    hide_remainder,
    measure_points,
    one_child,
    trend_chart,
)
from cpanalysis.protect.policy import DisclosurePolicy
from cpanalysis.publish.gate import check_html
from cpanalysis.quarters import Quarter

POLICY = DisclosurePolicy(threshold=5)


def _plot():
    return funnel_plot(20, 25, 0.88, comparator="England", label="Demo Borough, 2024-25 to Q3",
                       who="care leavers aged 19-21", title="Similar to England", subtitle="In suitable accommodation",
                       source="test")


def test_funnel_plot_is_a_chart_with_the_limits_in_its_alt_text():
    chart = _plot()
    assert isinstance(chart, Chart)
    assert chart.png[:8] == b"\x89PNG\r\n\x1a\n"
    assert "80.0%, from 25 care leavers aged 19-21" in chart.alt
    assert "a value from 75.3% to 100.0% is similar to England" in chart.alt
    assert "below 67.9% or above 100.0% much lower or much higher" in chart.alt
    assert chart.alt.endswith("is similar to England.")
    assert "limits" not in chart.alt
    assert check_html(f"<html><body>{chart.to_html()}</body></html>", policy=POLICY) == []


def test_funnel_plot_bytes_are_deterministic():
    assert _plot().png == _plot().png


def _pt(num, den, status="shown", display=None, measure="P2.15a"):
    return Point(measure, "2024-25", "", Result.percent(num, den), display or f"{100 * num / den:.1f}%", status)


def test_hide_remainder_hides_the_last_part_when_the_rest_is_small():
    eet, neet = hide_remainder([_pt(12, 25), _pt(9, 25)], policy=POLICY)       # rest 4
    assert (eet.display, neet.display, neet.status) == ("48.0%", "c", "secondary")
    # NEET goes even when it is the larger: EET, the headline, stays in view (NEET + rest = 16 is known).
    eet, neet = hide_remainder([_pt(9, 25), _pt(12, 25)], policy=POLICY)       # rest 4
    assert (eet.display, neet.display, neet.status) == ("36.0%", "c", "secondary")
    eet, neet = hide_remainder([_pt(12, 25), _pt(8, 25)], policy=POLICY)       # rest 5: nothing to hide
    assert (eet.display, neet.display) == ("48.0%", "32.0%")
    eet, neet = hide_remainder([_pt(12, 25), _pt(3, 25, "primary", "c")], policy=POLICY)  # already hidden
    assert (eet.display, neet.display) == ("48.0%", "c")


def test_hide_nested():
    outer, inner = hide_nested(_pt(8, 20), _pt(6, 20), policy=POLICY)
    assert inner.status == "secondary" and outer.display == "40.0%"
    outer, inner = hide_nested(_pt(11, 20), _pt(6, 20), policy=POLICY)
    assert inner.display == "30.0%"


def test_one_child_wording():
    assert one_child(100) == "one child = 1 percentage point"
    assert one_child(25, "young person") == "one young person = 4 percentage points"


def test_comparison_rows_suppressed_and_missing_comparators():
    comps = pd.DataFrame([{"measure": "P5.2", "area": "England", "value": 88.0, "unit": "percent",
                           "year": "2024", "source": "test"}])
    rows = comparison_rows({"a": _pt(20, 25, measure="P5.2"), "b": _pt(3, 25, "primary", "c", measure="P5.2"),
                            "c": _pt(20, 25, measure="P5.9")}, comps)
    assert list(rows["verdict_england"]) == ["similar to England", "c", "no comparison"]
    assert list(rows["england"]) == ["88%", "88%", "none published"]
    assert rows.attrs["areas"] == {"england": "England"}       # no column for areas nobody publishes
    assert "region" not in rows.columns


def test_trend_chart_plots_only_published_values_and_says_which_are_hidden():
    pts = [_pt(20, 25), Point("P2.15a", "2024-25 to Q3", "", Result.percent(2, 6), "c", "primary")]
    chart = trend_chart({"EET": pts}, title="t", subtitle="Percentage in EET", source="s")
    assert "EET: 2024-25 80.0% (not shown to protect children: 2024-25 to Q3)" in chart.alt
    assert trend_chart({"EET": pts[1:]}, title="t", subtitle="s", source="s") is None


@pytest.mark.parametrize("q, labels", [
    (Quarter(2024, 3), ["2022-23", "2023-24", "2024-25 to Q3"]),
    (Quarter(2024, 4), ["2022-23", "2023-24", "2024-25"]),
])
def test_year_to_date_measures_show_full_years_then_the_year_so_far(q, labels):
    data = MeasureData(tables={"oc3": pd.DataFrame(columns=["CHILD", "YEAR", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"])},
                       years=[2022, 2023, 2024])
    assert [p.label for p in measure_points(data, "P5.10", q, policy=POLICY)] == labels


def test_return_year_and_quarterly_periods():
    data = MeasureData(tables={}, years=[2022, 2023, 2024])
    oc2 = measure_points(data, "P4.9", Quarter(2024, 3), policy=POLICY)
    assert [p.label for p in oc2] == ["2022-23", "2023-24"] and {p.display for p in oc2} == {"x"}
    missing = measure_points(data, "P4.8", Quarter(2024, 3), policy=POLICY)
    assert len(missing) == 8 and missing[0].label == "2022-23 Q4"

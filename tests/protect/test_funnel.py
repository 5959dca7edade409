"""Funnel limits. Source: PHEindicatormethods funnel test data (proportions):
baseline 80.642448%, denominator 20 -> 95% limits 63.326743% to 97.958152%.
The limits are symmetric, i.e. normal approximation around the baseline."""

import pytest

from cpanalysis.protect.funnel import funnel_chart, funnel_limits, funnel_verdict


def test_limits_match_phe_test_data() -> None:
    row = funnel_limits(0.80642448, [20]).iloc[0]
    # The baseline is itself rounded to 6 d.p. in percent, so allow 1e-6 percent.
    assert 100 * row["lower_95"] == pytest.approx(63.326743, abs=1e-6)
    assert 100 * row["upper_95"] == pytest.approx(97.958152, abs=1e-6)


def test_998_limits_wider_and_clipped() -> None:
    row = funnel_limits(0.80642448, [20]).iloc[0]
    assert row["lower_99.8"] < row["lower_95"]
    assert row["upper_99.8"] == 1.0  # 80.6 + 3.09 * 8.83 > 100, clipped


def test_limits_narrow_as_n_grows() -> None:
    lim = funnel_limits(0.5, [10, 100, 1000])
    widths = (lim["upper_95"] - lim["lower_95"]).tolist()
    assert widths[0] > widths[1] > widths[2]


def test_verdicts() -> None:
    # Against 80%, n = 20: 95% limits 62.5%-97.5%, 99.8% limits 52.4%-100%.
    # Plain words, no method term: "much" beyond the 99.8% limits, plain "higher/lower" beyond the 95%.
    assert funnel_verdict(16, 20, 0.8) == "similar to England"
    assert funnel_verdict(12, 20, 0.8) == "lower than England"
    assert funnel_verdict(10, 20, 0.8) == "much lower than England"
    assert funnel_verdict(20, 20, 0.8, comparator="statistical neighbours") == (
        "higher than statistical neighbours"
    )
    # One level only: outside it is "higher", never "much".
    assert funnel_verdict(10, 20, 0.8, levels=(0.998,)) == "lower than England"


def test_chart_draws_limits_and_points() -> None:
    fig = funnel_chart([12, 18], [20, 25], 0.8, labels=["A", "B"])
    ax = fig.axes[0]
    assert len(ax.lines) == 5  # baseline + two lines per level
    assert len(ax.collections[0].get_offsets()) == 2

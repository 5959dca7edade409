"""The council against England and its statistical neighbours over DfE's published years, this quarter marked.

One small line chart per key measure of a briefing (:data:`KEY_MEASURES`):

* the council's own row in DfE's LA-level files, **as DfE published it**
  (DfE's ``c``, ``z``, ``x`` and ``k`` are left as gaps and named under
  the chart), England, and the simple mean of the council's ten DfE
  statistical neighbours (LAIT's mean, a suppressed neighbour left out), for
  every year DfE publishes, each year from the latest release that covers it
  (:func:`cpanalysis.benchmarks.compare.series`); years are labelled as DfE
  labels them ("2023-24": the year to 31 March 2024);
* this quarter's own figure as a distinct marked point, placed on the same
  time axis at the end of the period it covers ("2024-25 Q3 (this council,
  latest quarter)"). It is taken **already protected**
  (:func:`own_figures`): the value the page itself publishes, after primary
  suppression, rounding of large groups and the secondary suppression of
  linked measures and of the quarters of a year to date that the scorecard
  and the page apply (:func:`cpanalysis.present.funnel.measure_points`,
  :func:`cpanalysis.measures.linked.hidden_by_links`). A hidden figure is
  not drawn; a rounded one is drawn at its printed value ("about 99%"). No
  count of the council's children is used or printed here.

Each chart has its title, what is measured, its source and release years
("DfE, Children looked after in England 2025 (2020-21 to 2024-25)"), alt
text with every value drawn, and a small table of the same values (the text
alternative). A measure DfE does not publish by council says "no national
figure published" instead of a chart.

The demonstration council's run has synthetic files in DfE's formats
instead (:mod:`cpanalysis.synth.published`): its charts are drawn from them
in the same way and every label and source says they are synthetic, not
DfE's published figures (:attr:`cpanalysis.benchmarks.store.Store.synthetic`).
A council whose settings name no DfE code and no DfE downloads gets the
comparators the run has: the real England and regional figures typed in
from DfE's releases (:mod:`cpanalysis.measures.comparisons`), labelled as
typed in, beside the council's own figure. Colours are the Analysis Function palette's, each with a contrast of at
least 3:1 against the white background (WCAG 2.2, 1.4.11), and the lines also
differ in dash and marker, so colour is never the only cue (1.4.1).

Checked against figures worked out by hand from DfE's files in
``tests/present/test_benchmark_trends.py``.
"""

from __future__ import annotations

import functools
import html
import math
import re
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import MaxNLocator, PercentFormatter  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from ..benchmarks.mapping import BENCHMARKS, polarity_of  # noqa: E402
from ..measures.data import MeasureData  # noqa: E402
from ..measures.linked import LINKS, hidden_by_links  # noqa: E402
from ..measures.registry import MEASURES  # noqa: E402
from ..protect.policy import DisclosurePolicy  # noqa: E402
from ..protect.rounding import round_half_away  # noqa: E402
from ..quarters import Quarter  # noqa: E402
from .charts import Chart, render_png  # noqa: E402
from .funnel import Point, measure_points  # noqa: E402
from .page import Fragment, is_synthetic  # noqa: E402
from .tables import Table  # noqa: E402

__all__ = [
    "KEY_MEASURES", "NO_NATIONAL", "SERIES_STYLE", "OwnFigure", "Trend", "benchmark_trends", "draw_trend",
    "own_figures", "own_from_card", "store_for_run", "trend_chart", "trends", "trends_section",
]

#: The key measures charted on each briefing (all mapped to a DfE table in :data:`BENCHMARKS`).
KEY_MEASURES: dict[str, tuple[str, ...]] = {
    "placement_stability": ("P3.19", "P3.20", "P3.4"),
    "care_leavers": ("P5.9", "P5.10", "P2.12a", "P2.15a", "P5.2a", "P5.2"),
    "health": ("P4.9", "P4.11", "P4.6a", "P4.13"),
}

#: Short names for chart titles (the registry's title is the subtitle).
SHORT = {
    "P3.19": "3 or more placements in a year",
    "P3.20": "Long-term placement stability",
    "P3.4": "Placed more than 20 miles from home",
    "P5.9": "Care leavers aged 17-18 in touch",
    "P5.10": "Care leavers aged 19-21 in touch",
    "P2.12a": "Care leavers aged 17-18 in education, employment or training",
    "P2.15a": "Care leavers aged 19-21 in education, employment or training",
    "P5.2a": "Care leavers aged 17-18 in suitable accommodation",
    "P5.2": "Care leavers aged 19-21 in suitable accommodation",
    "P4.9": "Annual health assessment",
    "P4.11": "Teeth checked by a dentist",
    "P4.6a": "SDQ score a cause for concern (17 or more)",
    "P4.13": "Average SDQ score",
}

#: What a measure DfE does not publish by council says instead of a chart.
NO_NATIONAL = "no national figure published"

#: Series key -> (colour, line style, marker). Contrast with white: 10.3, 10.9, 3.2, 9.8 (and the own
#: point's black edge 19.6; its orange fill 3.0): WCAG 1.4.11 asks 3:1 for parts of a graphic.
SERIES_STYLE = {
    "council": ("#12436D", "-", "o"),
    "england": ("#3D3D3D", "--", "s"),
    "region": ("#28A197", "-.", "v"),
    "neighbours": ("#801650", ":", "^"),
}
_OWN_FILL, _OWN_EDGE = "#F46A25", "#0b0c0c"

#: DfE's symbols in words (DfE data guidance; GSS).
DFE_SYMBOLS = {
    "c": "suppressed by DfE to protect confidentiality",
    "z": "not applicable",
    "x": "not available",
    "k": "a percentage below 0.5%",
    "low": "rounds to zero but is not zero",
}

#: Legend entries wrap at this many characters (10 pt), so a chart stays about 350 px wide.
_WRAP = 34
_DFE_YEAR = re.compile(r"^(\d{4})-(\d{2})$")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def _esc(text: object) -> str:
    return html.escape(str(text), quote=False)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


# -- this quarter's own figure --------------------------------------------------------------------


@dataclass(frozen=True)
class OwnFigure:
    """This quarter's own figure of a measure, as the briefing publishes it (already protected).

    Attributes
    ----------
    measure : str
        Registry id.
    period : str
        The period as the page labels it: ``"2024-25 Q3"``, ``"2024-25 to Q3"`` (year to date),
        ``"2023-24"`` (the latest complete return year).
    words : str
        What the period is, for the label: ``"latest quarter"``, ``"year to date"``, ``"latest complete year"``.
    ends : datetime.date
        Last day of the period (where the point sits on the time axis).
    display : str
        As printed: ``"6.2%"``, ``"50.0% u"``, ``"about 99%"``, ``"c"``, ``"x"``, ``"z"``.
    value : float or None
        As drawn: the published value (a rounded one's printed percentage); ``None`` when hidden or
        not available, and then nothing is drawn.
    """

    measure: str
    period: str
    words: str
    ends: date
    display: str
    value: float | None

    @classmethod
    def from_point(cls, point: Point, quarter: Quarter) -> OwnFigure:
        """The figure a page's protected :class:`~cpanalysis.present.funnel.Point` publishes.

        Only what the point prints is kept: its cell and, when published, the number printed in it
        (``"11.4%"`` is drawn at 11.4, ``"about 99%"`` at 99); never its counts.
        """
        _, words, ends = _period_of(point.measure, quarter)
        return cls(point.measure, point.label, words, ends, point.cell(), _printed(point.cell(), point.published))

    @classmethod
    def for_year(cls, measure: str, year_label: str, display: str) -> OwnFigure:
        """A figure a page prints for a whole year (``"2023-24"``), e.g. a Virtual School academic year.

        Placed where DfE's figure of the same year sits on the time axis; drawn at the number
        printed, not drawn when the cell is ``c``, ``x`` or ``z``.
        """
        return cls(measure, year_label, "latest academic year", _year_end(year_label), display,
                   _printed(display, display not in ("c", "x", "z")))


def _printed(display: str, published: bool) -> float | None:
    """The number a published cell prints (``"50.0% u"`` -> 50.0), or None for a symbol or a hidden figure."""
    hit = _NUMBER.search(str(display).replace(",", "")) if published else None
    return float(hit.group(0)) if hit else None


def _linked(ids: Sequence[str]) -> list[str]:
    """``ids`` and every measure tied to them by a link (:data:`cpanalysis.measures.linked.LINKS`), transitively."""
    out = list(dict.fromkeys(ids))
    grew = True
    while grew:
        grew = False
        for link in LINKS:
            if any(i in out for i in link.ids):
                for i in link.ids:
                    if i not in out and i in MEASURES:
                        out.append(i)
                        grew = True
    return out


def own_figures(data: MeasureData, quarter: Quarter, ids: Sequence[str], *,
                policy: DisclosurePolicy) -> dict[str, OwnFigure]:
    """This quarter's published figure of each measure, protected as the page and the scorecard protect it.

    The latest period the page shows (:func:`cpanalysis.present.funnel.measure_points`: the quarter, the
    year to date, or the latest complete return year), after primary suppression, rounding and the
    year-to-date checks; then the secondary suppression of linked measures
    (:func:`cpanalysis.measures.linked.hidden_by_links`, the rule behind the page's
    :func:`~cpanalysis.present.funnel.hide_remainder` and :func:`~cpanalysis.present.funnel.hide_nested`
    and the scorecard's :func:`~cpanalysis.measures.scorecard.published_values`), worked out over the
    measures and everything linked to them. A figure hidden there is hidden here (``c``).

    Parameters
    ----------
    data : MeasureData
        The council's data.
    quarter : Quarter
        The briefing's quarter.
    ids : sequence of str
        Registry ids.
    policy : DisclosurePolicy
        The run's disclosure policy.
    """
    wanted = _linked([i for i in ids if i in MEASURES])
    points = {i: measure_points(data, i, quarter, policy=policy, n_years=1, n_quarters=1)[-1] for i in wanted}
    rows = {i: {"numerator": p.result.numerator, "denominator": p.result.denominator} for i, p in points.items()}
    shown = {i for i, p in points.items() if p.published}
    for i in hidden_by_links(rows, shown, policy):
        p = points[i]
        points[i] = Point(p.measure, p.label, p.period, p.result, "c", "secondary", p.hide_base, p.policy)
    return {i: OwnFigure.from_point(points[i], quarter) for i in ids if i in points}


def _period_of(measure_id: str, quarter: Quarter) -> tuple[str, str, date]:
    """(label, words, last day) of the period a measure's figure for ``quarter`` covers (as the pages label it)."""
    m = MEASURES[measure_id]
    if m.period == "return_year":
        last = quarter.year if quarter.q == 4 else quarter.year - 1
        return f"{last}-{(last + 1) % 100:02d}", "latest complete year", date(last + 1, 3, 31)
    if m.period == "year_to_date":
        if quarter.q == 4:
            return quarter.return_year, "full year", quarter.end
        return f"{quarter.return_year} to Q{quarter.q}", "year to date", quarter.end
    return quarter.label, "latest quarter", quarter.end


def own_from_card(card: pd.DataFrame, quarter: Quarter, ids: Sequence[str]) -> dict[str, OwnFigure]:
    """This quarter's figure of each measure as the protected scorecard publishes it.

    ``card`` is :func:`cpanalysis.measures.scorecard.scorecard` (or the run's
    :class:`cpanalysis.measures.publication.QuarterPublication` ``card``). Only the printed cell is
    read: the value drawn is the number printed (``"about 99%"`` is drawn at 99), and a cell the
    scorecard hides (``c``) or lacks (``x``, ``z``) is not drawn.
    """
    from ..measures.disclosure import PUBLISHED

    out = {}
    rows = card.set_index("id") if "id" in card.columns else card
    for mid in ids:
        if mid not in rows.index or mid not in MEASURES:
            continue
        r = rows.loc[mid]
        display, status = str(r["this_quarter"]), str(r["status"])
        label, words, ends = _period_of(mid, quarter)
        out[mid] = OwnFigure(mid, label, words, ends, display, _printed(display, status in PUBLISHED))
    return out


# -- where the comparators come from ----------------------------------------------------------------


@functools.lru_cache(maxsize=2)
def _load_store(path: str, stamp: float):  # noqa: ANN202 - a Store
    from ..benchmarks.store import load

    return load(path)


def store_for_run(la_code: str | None, inputs: Mapping[str, object] | None):  # noqa: ANN201 - Store or None
    """The run's store of DfE figures when its settings name an LA code and DfE downloads, else ``None``.

    ``inputs["benchmarks"]`` is a folder of DfE downloads or a store written by ``cpanalysis benchmarks
    import`` (the same as :func:`cpanalysis.measures.comparisons.comparators_for_run` reads); it is read
    once per process.
    """
    folder = (inputs or {}).get("benchmarks")
    if not la_code or not folder:
        return None
    p = Path(str(folder)).resolve()
    stamp = p.stat().st_mtime if p.exists() else 0.0
    return _load_store(str(p), stamp)


# -- the data of one chart ----------------------------------------------------------------------------


@dataclass
class Trend:
    """What one chart draws and its text alternative says.

    Attributes
    ----------
    measure : str
        Registry id.
    unit : str
        ``percent`` or ``mean`` (the DfE comparator's unit).
    points : pandas.DataFrame
        One row per series and year: ``series`` (:data:`SERIES_STYLE` keys), ``name`` (legend),
        ``year`` (DfE's label), ``ends`` (date), ``value`` (NaN for a gap), ``cell`` (as printed: a
        value or DfE's symbol), ``release``.
    own : OwnFigure or None
        This quarter's own figure.
    own_label : str
        Its legend label.
    kind : str
        ``dfe`` (the council's DfE downloads), ``typed_in`` (a comparators table without a store) or
        ``none`` (DfE publishes nothing comparable).
    area : str
        The council's name as DfE spells it (``dfe``), else the council's.
    source : str
        Where every figure comes from, with release years.
    note : str
        Where DfE's definition differs from ours (:data:`cpanalysis.benchmarks.mapping.BENCHMARKS`).
    missing : str
        Why there is no chart (``none``), or why a comparator is absent.
    """

    measure: str
    unit: str
    points: pd.DataFrame
    own: OwnFigure | None
    own_label: str
    kind: str
    area: str
    source: str
    note: str = ""
    missing: str = ""
    neighbour_gaps: list[str] = field(default_factory=list)

    @property
    def years(self) -> list[str]:
        """DfE's years in the chart, oldest first."""
        return sorted(self.points["year"].unique().tolist(), key=_year_end)


def _year_end(label: str) -> date:
    """Last day of a DfE year: ``"2023-24"`` -> 31 March 2024 (academic years ``"2023/24"`` -> 31 August 2024)."""
    text = str(label)
    m = _DFE_YEAR.match(text)
    if m:
        return date(int(m.group(1)) + 1, 3, 31)
    m = re.match(r"^(\d{4})/(\d{2})$", text)
    if m:
        return date(int(m.group(1)) + 1, 8, 31)
    return date(int(text[:4]), 3, 31) if text[:4].isdigit() else date(1900, 1, 1)


def _x(d: date) -> float:
    """A date as a position on the time axis (years)."""
    return d.year + (d - date(d.year, 1, 1)).days / 365.25


def value_text(value: float, unit: str) -> str:
    """A DfE or comparator value as printed: percentages to one decimal place at most (``10%``, ``95.6%``)."""
    v = round_half_away(float(value), 1)
    return f"{v:g}%" if unit == "percent" else f"{v:.1f}"


def _short_release(release: str) -> str:
    from ..benchmarks.compare import short_release

    return short_release(release)


def _sources(frame: pd.DataFrame) -> str:
    """``"DfE, Children looked after in England 2025 (2020-21 to 2024-25); ... 2023 (2018-19 to 2019-20)"``."""
    parts = []
    for rel, g in frame.groupby("release", sort=False):
        years = sorted(g["year"].unique(), key=_year_end)
        span = years[0] if len(years) == 1 else f"{years[0]} to {years[-1]}"
        parts.append((max(years, key=_year_end), f"{rel} ({span})"))
    return "; ".join(p for _, p in sorted(parts, key=lambda t: _year_end(t[0]), reverse=True))


def _from_store(store: object, la_code: str, mid: str) -> tuple[pd.DataFrame, str, list[str]]:
    """The council, England and neighbour-mean series of one measure from DfE's files."""
    from ..benchmarks.compare import resolve_la, series

    s = series(store, la_code, mid)  # type: ignore[arg-type]
    area = str(resolve_la(store, la_code)["area_name"])  # type: ignore[arg-type]
    own = "synthetic, in DfE's format" if getattr(store, "synthetic", False) else "DfE published"
    unit = BENCHMARKS[mid].unit
    total = len(s.attrs.get("neighbours", []))
    rows = []
    gaps = []
    for r in s.itertuples(index=False):
        release = _short_release(r.release)
        ends = _year_end(r.year)
        for key, name, value, sym in (
                ("council", f"{area} ({own})", r.council, r.council_symbol),
                ("england", "England", r.england, r.england_symbol),
                ("neighbours", "Statistical neighbours' mean", r.neighbours_mean, "" if r.neighbours_n else "x")):
            ok = value is not None and not pd.isna(value)
            rows.append({"series": key, "name": name, "year": r.year, "ends": ends,
                         "value": float(value) if ok else np.nan,
                         "cell": value_text(value, unit) if ok else (str(sym) or "x"), "release": release})
        if total and 0 < r.neighbours_n < total:
            gaps.append(str(r.year))
    return pd.DataFrame(rows), area, gaps


def _from_comparators(comparators: pd.DataFrame, mid: str) -> pd.DataFrame:
    """The comparator figures held for one measure (one year each), as series points."""
    held = comparators.loc[comparators["measure"] == mid]
    typed = not comparators.attrs.get("la_code")
    rows = []
    for r in held.itertuples(index=False):
        kind = getattr(r, "kind", None) or {"England": "england", "Statistical neighbours": "neighbours"}.get(
            r.area, "region")
        name = "Statistical neighbours' mean" if kind == "neighbours" else str(r.area)
        if typed:
            name += ", typed in from DfE" if str(r.source).startswith("DfE") else ", typed in"
        ok = r.value is not None and not pd.isna(r.value)
        unit = "percent" if r.unit == "percent" else "mean"
        sym = str(getattr(r, "symbol", "") or "x")
        rows.append({"series": kind, "name": name, "year": str(r.year), "ends": _year_end(str(r.year)),
                     "value": float(r.value) if ok else np.nan,
                     "cell": value_text(r.value, unit) if ok else sym, "release": str(r.source)})
    return pd.DataFrame(rows, columns=["series", "name", "year", "ends", "value", "cell", "release"])


def trends(ids: Sequence[str], own: Mapping[str, OwnFigure], *, council: str, store: object | None = None,
           la_code: str | None = None, comparators: pd.DataFrame | None = None,
           synthetic: bool = False, own_source: str | None = None) -> list[Trend]:
    """The data of each chart (:class:`Trend`): DfE's series from ``store`` for ``la_code``, else ``comparators``.

    Parameters
    ----------
    ids : sequence of str
        The page's key measures (registry ids).
    own : mapping of str to OwnFigure
        This quarter's published figure of each (:func:`own_figures`).
    council : str
        The council's name, for its own figure.
    store : cpanalysis.benchmarks.store.Store, optional
        DfE's published figures; with ``la_code`` the charts show every published year.
    la_code : str, optional
        The council's DfE LA code (``358``) or E-code.
    comparators : pandas.DataFrame, optional
        :func:`cpanalysis.measures.comparisons.load_comparators` output, used without a store (the
        demonstration's typed-in England and regional figures).
    synthetic : bool
        Whether the council's own data are synthetic (its point is labelled so).
    own_source : str, optional
        Where the council's own figures come from, in words (default: its SSDA903 returns).
    """
    dfe = store is not None and bool(la_code)
    out = []
    for mid in ids:
        b = BENCHMARKS.get(mid)
        fig = own.get(mid)
        who = f"{council}'s own figure" + (", synthetic data" if synthetic else "")
        own_label = f"{fig.period} ({who}, {fig.words})" if fig else ""
        made = "synthetic data made by cpanalysis" if synthetic else (own_source or "its SSDA903 returns")
        own_src = (f"{council}'s own figure: {made}"
                   f", cpanalysis measure {mid}")
        unit = b.unit if b else ("percent" if MEASURES[mid].unit == "percent" else "mean")
        empty = pd.DataFrame(columns=["series", "name", "year", "ends", "value", "cell", "release"])
        if b is None:
            out.append(Trend(mid, unit, empty, fig, own_label, "none", council, own_src,
                             missing=f"{NO_NATIONAL} (DfE publishes no council-level figure for this measure)"))
            continue
        if dfe:
            pts, area, gaps = _from_store(store, str(la_code), mid)
            if pts.empty:
                held = ("the demonstration's synthetic DfE-format files do not hold it (x)"
                        if getattr(store, "synthetic", False) else "the DfE files named in the settings do not hold "
                        "it (x)")
                out.append(Trend(mid, unit, empty, fig, own_label, "dfe", area, own_src, b.note,
                                 missing=f"DfE publishes this measure, but {held}"))
                continue
            out.append(Trend(mid, unit, pts, fig, own_label, "dfe", area,
                             f"{_sources(pts)}; {own_src}", b.note, neighbour_gaps=gaps))
            continue
        comp = comparators if comparators is not None else pd.DataFrame(columns=["measure"])
        pts = _from_comparators(comp, mid)
        typed = not comp.attrs.get("la_code")
        if pts.empty:
            miss = ("DfE publishes this measure, but the comparators held for this run do not include it"
                    + (" (the demonstration's typed-in table holds a few England and regional figures only)"
                       if typed else ""))
            out.append(Trend(mid, unit, empty, fig, own_label, "typed_in", council, own_src, b.note, missing=miss))
            continue
        src = "; ".join(sorted({f"{r} ({y})" for r, y in zip(pts["release"], pts["year"])}))
        src = (f"typed in from {src}" if typed else src) + f"; {own_src}"
        out.append(Trend(mid, unit, pts, fig, own_label, "typed_in" if typed else "dfe", council, src, b.note))
    return out


# -- drawing ------------------------------------------------------------------------------------------


def _axis_top(values: list[float], unit: str) -> float:
    top = max(values) if values else 1.0
    if unit == "percent":
        return 100.0 if top > 60 else float(min(100, math.ceil(top * 1.25 / 10) * 10))
    return float(max(1.0, math.ceil(top * 1.25)))


def draw_trend(trend: Trend) -> plt.Figure:
    """The chart of one :class:`Trend` as a matplotlib figure (the caller renders and closes it).

    One line per series (:data:`SERIES_STYLE`: colour, dash and marker), gaps where DfE published a
    symbol, and this quarter's own figure as a large outlined diamond, its legend entry giving its period
    and printed value; a hidden own figure is not drawn. The axis starts at zero; DfE's years are the ticks.
    """
    pts = trend.points
    with plt.style.context("afcharts.afcharts"):
        fig, ax = plt.subplots(figsize=(3.2, 2.5))  # about 350 px wide: fits a phone unscrolled
        years = trend.years
        for key in SERIES_STYLE:
            s = pts.loc[pts["series"] == key]
            if s.empty:
                continue
            s = s.sort_values("ends")
            colour, dash, marker = SERIES_STYLE[key]
            ax.plot([_x(d) for d in s["ends"]], s["value"].astype(float).tolist(), color=colour, linestyle=dash,
                    marker=marker, markersize=6, linewidth=2, label=textwrap.fill(str(s["name"].iloc[0]), _WRAP))
        values = [float(v) for v in pts["value"] if pd.notna(v)]
        own = trend.own
        drawn = own is not None and own.value is not None
        if drawn:
            ax.plot([_x(own.ends)], [own.value], linestyle="none", marker="D", markersize=11, color=_OWN_FILL,
                    markeredgecolor=_OWN_EDGE, markeredgewidth=1.5, zorder=1.5,  # under a DfE point it meets
                    label=textwrap.fill(f"{trend.own_label}: {own.display}", _WRAP))
            values.append(float(own.value))
        top = _axis_top(values, trend.unit)
        ticks = [_x(_year_end(y)) for y in years]
        ax.set_xticks(ticks, years)
        xs = ticks + ([_x(own.ends)] if drawn else [])
        if xs:
            ax.set_xlim(min(xs) - 0.5, max(xs) + 0.5)
        ax.set_ylim(0, top)
        if trend.unit == "percent":  # the unit on the ticks, so no axis title takes the width
            ax.yaxis.set_major_formatter(PercentFormatter(decimals=0))
        ax.yaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 5, 10]))
        ax.tick_params(axis="both", labelsize=10)
        if len(years) > 2:  # DfE's labels at an angle, so that seven years never run into each other
            ax.tick_params(axis="x", labelrotation=45)
            for lbl in ax.get_xticklabels():
                lbl.set_horizontalalignment("right")
                lbl.set_rotation_mode("anchor")
        ax.grid(True, axis="y", alpha=0.4)
        fig.tight_layout()
        fig.canvas.draw()
        box = ax.get_tightbbox(fig.canvas.get_renderer()).transformed(fig.transFigure.inverted())
        ax.legend(frameon=False, fontsize=10, loc="upper left", bbox_to_anchor=(box.x0, box.y0 - 0.02),
                  bbox_transform=fig.transFigure, ncol=1, handlelength=2.6, borderaxespad=0)
    return fig


def _title(measure_id: str) -> str:
    """A measure's title: the registry's, or a Virtual School measure's label (``VS.<key>``)."""
    if measure_id.startswith("VS."):
        from ..virtual_school.outcomes import MEASURES as VS_MEASURES

        return _cap(VS_MEASURES[measure_id[3:]].label)
    return MEASURES[measure_id].title


def _alt(trend: Trend) -> str:
    """Alt text: what the chart shows and every value drawn or left out."""
    title = _title(trend.measure)
    parts = []
    for key in SERIES_STYLE:
        s = trend.points.loc[trend.points["series"] == key]
        if s.empty:
            continue
        s = s.sort_values("ends")
        vals = [f"{y} {c if pd.notna(v) else _symbol_words(c)}" for y, v, c in zip(s["year"], s["value"], s["cell"])]
        parts.append(f"{s['name'].iloc[0]}: " + "; ".join(vals))
    own = trend.own
    if own is not None:
        shown = (own.display if own.value is not None
                 else f"{own.display}, not drawn: "
                      + ("hidden to protect children" if own.display == "c" else "no figure"))
        parts.append(f"Marked point, {trend.own_label}: {shown}")
    lines = sum(1 for k in SERIES_STYLE if (trend.points["series"] == k).any())
    words = {1: "one line", 2: "two lines", 3: "three lines", 4: "four lines"}
    kind = f"Line chart with {words.get(lines, f'{lines} lines')}" if lines else "Chart"
    marked = " and a marked point" if own is not None and own.value is not None else ""
    return f"{kind}{marked}: {_cap(title)}, by year. " + ". ".join(parts) + "."


def _symbol_words(cell: str) -> str:
    return f"{cell} ({DFE_SYMBOLS[cell]})" if cell in DFE_SYMBOLS else cell


def _headline(trend: Trend) -> str:
    """A title that says the latest published comparison."""
    short = SHORT.get(trend.measure, _title(trend.measure))
    pts = trend.points
    if pts.empty:
        return short
    latest = max(trend.years, key=_year_end)
    y = pts.loc[pts["year"] == latest].set_index("series")
    bits = []
    for key, name in (("council", trend.area), ("england", "England"), ("region", None),
                      ("neighbours", "neighbours")):
        if key in y.index and pd.notna(y.loc[key, "value"]):
            nm = name or str(y.loc[key, "name"]).split(",")[0]
            bits.append(f"{nm} {y.loc[key, 'cell']}")
    return f"{short}, {latest}: " + ", ".join(bits) if bits else f"{short}, {latest}"


def trend_chart(trend: Trend, council: str) -> Chart:
    """One :class:`Trend` as a :class:`~cpanalysis.present.charts.Chart` (title, subtitle, source, alt text)."""
    better = {"higher_is_better": "; higher is better", "lower_is_better": "; lower is better"}.get(
        polarity_of(trend.measure), "")
    years = trend.years
    span = years[0] if len(years) == 1 else f"{years[0]} to {years[-1]}"
    period = "by academic year" if trend.measure.startswith("VS.") else "by year to 31 March"
    subtitle = f"{_cap(_title(trend.measure))}, {period} ({span}){better}"
    png = render_png(draw_trend(trend))
    return Chart(title=_headline(trend), subtitle=subtitle, source=trend.source, alt=_alt(trend), png=png)


def _table(trend: Trend, council: str) -> Table:
    """The chart's values as a table: one row per DfE year, then this quarter's own figure.

    The council's column holds DfE's published figure for each year (``x`` where DfE publishes none for
    the council) and, in the last row, this quarter's own figure as the page publishes it; England and
    the neighbours' mean are ``z`` there (DfE publishes no quarterly figure).
    """
    unit_words = "(%)" if trend.unit == "percent" else "(average score)"
    pts = trend.points
    others = [k for k in SERIES_STYLE if k != "council" and (pts["series"] == k).any()]
    names = {k: str(pts.loc[pts["series"] == k, "name"].iloc[0]) for k in others}
    mine = f"{trend.area if trend.kind == 'dfe' else council} {unit_words}"
    rows = []
    for year in trend.years:
        y = pts.loc[pts["year"] == year].set_index("series")
        row = {"Year": year, mine: str(y.loc["council", "cell"]) if "council" in y.index else "x"}
        for k in others:
            row[f"{names[k]} {unit_words}"] = str(y.loc[k, "cell"]) if k in y.index else "x"
        rows.append(row)
    if trend.own is not None:
        row = {"Year": trend.own_label, mine: trend.own.display}
        row.update({f"{names[k]} {unit_words}": "z" for k in others})
        rows.append(row)
    return Table(pd.DataFrame(rows), caption=f"{SHORT.get(trend.measure, _title(trend.measure))}: the "
                                             "figures in the chart, by year")


def _block(trend: Trend, council: str) -> str:
    """One measure: its chart, what differs from DfE's definition, DfE's symbols used, and its table."""
    short = SHORT.get(trend.measure, _title(trend.measure))
    own_words = ""
    if trend.own is not None:
        own_words = f" {_cap(trend.own_label)}: {trend.own.display}."
    if trend.points.empty:
        return ('<div class="benchmark-trend" style="min-width:0;margin-top:1.5rem">'
                f'<p class="chart-title">{_esc(short)}</p>'
                f"<p>England and statistical neighbours: {_esc(trend.missing)}.{_esc(own_words)}</p></div>")
    chart = trend_chart(trend, council)
    notes = []
    if trend.note:
        notes.append(f"How DfE's figure differs from ours: {trend.note}")
    used = sorted({c for c in trend.points["cell"] if c in DFE_SYMBOLS})
    if used:
        notes.append("Gaps in a line are DfE's own symbols: " + "; ".join(f"{c} = {DFE_SYMBOLS[c]}" for c in used)
                     + ".")
    if trend.neighbour_gaps:
        notes.append("Where DfE suppressed a neighbour's figure, the mean is of the neighbours with a published "
                     f"figure, as DfE's LAIT does ({', '.join(trend.neighbour_gaps)}).")
    if trend.own is not None and trend.own.value is None:
        notes.append(f"{_cap(trend.own_label)} is not drawn: it is {trend.own.display} on this page.")
    table = _table(trend, council).to_html()
    return (f'<div class="benchmark-trend" style="min-width:0">{chart.to_html()}'
            + "".join(f'<p class="small">{_esc(n)}</p>' for n in notes)
            + f"<details><summary>The figures in this chart</summary>{table}</details></div>")


def benchmark_trends(ids: Sequence[str], own: Mapping[str, OwnFigure], *, council: str, store: object | None = None,
                     la_code: str | None = None, comparators: pd.DataFrame | None = None,
                     synthetic: bool = False, own_source: str | None = None) -> Fragment:
    """Small-multiple line charts of the council, England and its neighbours' mean, this quarter marked.

    Parameters are those of :func:`trends`; ``own`` must be the page's protected figures
    (:func:`own_figures`). Returns the charts (each with source, alt text and a table of its values),
    an introduction saying where the figures come from, and "no national figure published" for a
    measure DfE does not publish by council.
    """
    items = trends(ids, own, council=council, store=store, la_code=la_code, comparators=comparators,
                   synthetic=synthetic, own_source=own_source)
    intro = _intro(council, store, la_code, comparators, synthetic)
    blocks = "".join(_block(t, council) for t in items)
    grid = ('<div class="benchmark-trends" style="display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,'
            f'22rem),1fr));gap:0 2rem;align-items:start">{blocks}</div>')
    return Fragment(intro + grid)


def _intro(council: str, store: object | None, la_code: str | None, comparators: pd.DataFrame | None,
           synthetic: bool) -> str:
    """Where the charts' figures come from and how to read the marked point."""
    marker = ("The council's own latest figure (this quarter's, or the latest year's) is the orange diamond with a "
              "black edge, labelled with its period; it is "
              "hidden (c) when showing it could identify a child, and then it is not drawn.")
    if store is not None and la_code:
        from ..benchmarks.compare import neighbours_of, resolve_la

        me = resolve_la(store, str(la_code))  # type: ignore[arg-type]
        names = dict(zip(store.areas["la_code"], store.areas["area_name"]))  # type: ignore[attr-defined]
        sn = [names.get(c, c) for c in neighbours_of(store, me["la_code"])]  # type: ignore[arg-type]
        if getattr(store, "synthetic", False):
            return (f"<p>Synthetic comparators: {_esc(me['area_name'])} is a fictional council, so DfE publishes "
                    "nothing for it. Each chart is drawn from synthetic files in DfE's published formats, made up "
                    "for this demonstration (they are not DfE's published figures): its figure at 31 March of each "
                    "year from its synthetic returns, a synthetic England and the average (mean) of ten fictional "
                    "statistical neighbours" + (f" ({_esc(', '.join(sn))})" if sn else "")
                    + f", drawn exactly as a council's DfE downloads are. {_esc(marker)} A council that names its "
                    "DfE code and DfE's downloads in its settings gets its own published figures, England and its "
                    "statistical neighbours' average for every published year.</p>")
        text = (f"<p>Each chart shows {_esc(me['area_name'])}'s figure as DfE published it, England's, and the "
                "average (mean) of its ten statistical neighbours in DfE's latest groupings"
                + (f" ({_esc(', '.join(sn))})" if sn else "")
                + ", for every year DfE has published (years to 31 March, each from the latest release that covers "
                f"it). {_esc(marker)} DfE's definitions differ from ours in places (noted under each chart), so "
                "compare the marked point with the lines with care.</p>")
        return text
    typed = comparators is None or not comparators.attrs.get("la_code")
    if typed and synthetic:
        return ("<p>Comparators typed in: this council's settings name no DfE code and DfE downloads, so each chart "
                "shows the real England and regional figures typed in from DfE's published releases for this "
                "demonstration (each year's source named under the chart), with no statistical neighbours. "
                f"{_esc(council)} is a fictional council made from synthetic data, so DfE publishes nothing for it; "
                f"its own figure is from the synthetic data. {_esc(marker)} A council that names its DfE code and "
                "its DfE downloads in its settings gets its own published figures, England and its statistical "
                "neighbours' average for every published year.</p>")
    if typed:
        return ("<p>Comparators typed in: the settings name no DfE code and DfE downloads, so each chart shows the "
                "comparator figures typed into the comparators file (one year each, the source named under the "
                f"chart), with no statistical neighbours. {_esc(marker)} Naming the council's DfE code and its DfE "
                "downloads in the settings gives its own published figures, England and its statistical "
                "neighbours' average for every published year.</p>")
    return f"<p>Each chart shows the comparators held for this run (latest published year). {_esc(marker)}</p>"


def trends_section(data: MeasureData, quarter: Quarter, page: str | Sequence[str], *, council: str,
                   policy: DisclosurePolicy, la_code: str | None = None, inputs: Mapping[str, object] | None = None,
                   comparators: pd.DataFrame | None = None, raw_dir: str | Path | None = None,
                   card: pd.DataFrame | None = None) -> Fragment:
    """A briefing's benchmark trend charts, for a notebook cell: :func:`benchmark_trends` of the page's measures.

    Parameters
    ----------
    data : MeasureData
        The council's data.
    quarter : Quarter
        The briefing's quarter.
    page : str or sequence of str
        A key of :data:`KEY_MEASURES` (``"care_leavers"``) or the measure ids.
    council : str
        The council's name.
    policy : DisclosurePolicy
        The run's disclosure policy (this quarter's figures are protected with it: :func:`own_figures`).
    la_code, inputs : optional
        The run's settings: with an LA code and ``inputs["benchmarks"]`` (DfE downloads) the charts show
        DfE's published years (:func:`store_for_run`).
    comparators : pandas.DataFrame, optional
        The run's comparators (:func:`cpanalysis.measures.comparisons.comparators_for_run`), used when
        there are no DfE downloads; read from the settings when not given.
    raw_dir : str or pathlib.Path, optional
        The run's input folder: synthetic data there label the council's own figure synthetic.
    card : pandas.DataFrame, optional
        The run's protected scorecard (the run's publication): this quarter's figures are read from it
        (:func:`own_from_card`) instead of being protected here (:func:`own_figures`).
    """
    ids = KEY_MEASURES[page] if isinstance(page, str) else tuple(page)
    own = own_from_card(card, quarter, ids) if card is not None else own_figures(data, quarter, ids, policy=policy)
    store = store_for_run(la_code, inputs)
    if store is None and comparators is None:
        from ..measures.comparisons import comparators_for_run

        comparators = comparators_for_run(la_code, inputs)
    return benchmark_trends(ids, own, council=council, store=store, la_code=la_code, comparators=comparators,
                            synthetic=bool(raw_dir) and is_synthetic(raw_dir))

"""A measure over time and against comparators: protected values, trend and funnel charts.

The care leavers and health briefings (:mod:`.care_leavers`, :mod:`.health`)
report registry measures over the return years in the data and against the
comparators in ``comparators.toml``. This module holds what they share:

* :func:`measure_points`: a measure's value for each period it can be shown
  for, protected exactly as the scorecard protects it
  (:func:`cpanalysis.measures.scorecard.publish`: counts 1 to ``threshold - 1``
  are ``c``, percentages through :func:`cpanalysis.protect.proportion`, ``x``
  not available, ``z`` not applicable, ``u`` low reliability);
* :func:`hide_remainder` and :func:`hide_nested`: secondary suppression where
  two published percentages of the same children would give a small count by
  subtraction (EET and NEET leave "activity not known"; SDQ 17+ and 20+ leave
  17-19);
* :func:`funnel_plot`: the PHE/OHID funnel plot (95% and 99.8% limits around a
  comparator, :func:`cpanalysis.protect.funnel_limits`) as a
  :class:`~cpanalysis.present.charts.Chart`, in the Analysis Function style;
* :func:`trend_chart`: several series over time, published values only;
* :func:`comparison_table`: the latest value beside England, North West and
  statistical neighbours, with a funnel verdict for each.

Periods. A year-to-date measure (OC3) is shown for each complete return year
(1 April to 31 March) and, for the current year, year to date; never for two
quarters of one year, as the difference of two year-to-date figures would
show the children of a single quarter. A return-year measure (OC2) is shown
for each return year that has ended by the quarter end. A quarterly measure
is shown for the last eight quarters.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from ..protect.policy import DisclosurePolicy
from ..measures.data import MeasureData  # noqa: E402
from ..measures.linked import nested_gap_small, remainder_part, ytd_flags  # noqa: E402
from ..measures.registry import MEASURES, Measure, Result  # noqa: E402
from ..measures.comparisons import load_comparators  # noqa: E402
from ..measures.disclosure import publish, published_figures, round_percentage  # noqa: E402
from ..protect.funnel import VERDICT_MEANINGS, funnel_limits, funnel_verdict  # noqa: E402
from ..protect.proportion import proportion  # noqa: E402
from ..protect.rounding import round_half_away  # noqa: E402
from ..measures.trends import AS_PUBLISHED, annual_label, published_number  # noqa: E402
from ..quarters import Quarter  # noqa: E402
from .charts import Chart, render_png  # noqa: E402
from .tables import Table  # noqa: E402

if TYPE_CHECKING:  # pragma: no cover
    from ..measures.publication import QuarterPublication

__all__ = [
    "PUBLISHED", "Point", "comparator_years", "comparison_areas", "comparison_key", "comparison_rows",
    "comparison_table", "funnel_plot", "hide_nested", "hide_remainder", "measure_points", "one_child", "pct",
    "proportion_words", "series_alt", "trend_chart",
]

#: Statuses whose value may be printed and plotted ("rounded": a rounded percentage without its counts).
PUBLISHED = frozenset({"shown", "zero", "low_reliability", "rounded"})

_MONTH = ("", "January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")

#: The Analysis Function palette (afcharts, main colours), for several series.
PALETTE = ("#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1")


def _day(d: date) -> str:
    return f"{d.day} {_MONTH[d.month]} {d.year}"


def pct(value: float, decimals: int = 1) -> str:
    """A percentage as printed, rounded half away from zero: ``94.1%``."""
    return f"{round_half_away(value, decimals):.{decimals}f}%"


@dataclass(frozen=True)
class Point:
    """One published value of a measure for one period.

    Attributes
    ----------
    measure : str
        Measure id.
    label : str
        Short period label for tables and charts ("2023-24", "2024-25 to Q3").
    period : str
        What the value covers, in words.
    result : Result
        The unprotected figures (for the analyst and for funnel limits; never printed as such).
    display : str
        What may be published: a value, ``c``, ``x``, ``z`` (``u`` added by :meth:`cell`).
    status : str
        ``shown``, ``zero``, ``low_reliability``, ``primary``, ``secondary``,
        ``not_available`` or ``not_applicable``.
    """

    measure: str
    label: str
    period: str
    result: Result
    display: str
    status: str
    hide_base: bool = False
    #: The run's policy, to print a rounded value as published (None for points made by hand).
    policy: DisclosurePolicy | None = None
    #: The number an earlier briefing printed, when the point repeats it and today's data would differ.
    as_printed: float | None = None
    #: The rounded form of a year-to-date value printed rounded instead of hidden
    #: (:func:`cpanalysis.measures.linked.ytd_rounded`), when it is not rounded on its own.
    form: object = None

    @property
    def published(self) -> bool:
        """Whether the value may be printed and plotted."""
        return self.status in PUBLISHED

    @property
    def value(self) -> float | None:
        """The value when published (a rounded value as printed), else ``None``."""
        if self.as_printed is not None:
            return self.as_printed if self.published else None
        if self.status == "rounded":
            r = self._rounded()
            return None if r is None else float(r.percent)
        return self.result.value if self.published else None

    def _rounded(self):  # noqa: ANN202 - a Rounded or None
        """The rounded form of a ``rounded`` point (:func:`cpanalysis.measures.disclosure.round_percentage`)."""
        from ..measures.disclosure import round_percentage

        if self.form is not None:
            return self.form
        n, d = self.result.numerator, self.result.denominator
        if self.policy is None or n is None or not d:
            return None
        return round_percentage(int(n), int(d), policy=self.policy)

    def cell(self) -> str:
        """Table cell: the value with ``u`` when of low reliability, or the symbol."""
        return f"{self.display} u" if self.status == "low_reliability" else self.display

    def base(self, policy: DisclosurePolicy) -> str:
        """The number of children the value is taken over, protected (``c`` for 1 to ``threshold - 1``)."""
        n = self.result.denominator
        if not self.result.available or n is None:
            return "x"
        if self.hide_base and not (self.status == "rounded" and self.form is not None):
            return "c"
        if self.status == "rounded":
            r = self._rounded()
            return f"about {r.base:,}" if r is not None else "c"
        return f"{n:,}" if n == 0 or n >= policy.threshold else "c"


def _period_words(measure: Measure, q: Quarter, current: Quarter) -> tuple[str, str]:
    """(label, words) for the period a value at quarter ``q`` covers."""
    if measure.period == "year_to_date":
        if q.q == 4:
            return q.return_year, f"1 April {q.year} to 31 March {q.year + 1} (full year)"
        return f"{q.return_year} to Q{q.q}", f"1 April {q.year} to {_day(q.end)} (year to date)"
    if measure.period == "return_year":
        return q.return_year, f"year to 31 March {q.year + 1}"
    if measure.period == "rolling_12_months":
        return q.label, f"12 months to {_day(q.end)}"
    return q.label, f"{_day(q.start)} to {_day(q.end)}"


def _periods(measure: Measure, data: MeasureData, quarter: Quarter, n_years: int, n_quarters: int) -> list[Quarter]:
    years = list(data.years)
    if measure.period == "year_to_date":
        past = [Quarter(y, 4) for y in years if y < quarter.year][-(n_years - 1):] if n_years > 1 else []
        return past + [quarter]
    if measure.period == "return_year":
        last = quarter.year if quarter.q == 4 else quarter.year - 1
        shown = sorted({y for y in years if y < last} | {last})  # the latest year always, "x" when absent
        return [Quarter(y, 4) for y in shown][-n_years:]
    return quarter.previous(n_quarters)


def measure_points(data: MeasureData, measure_id: str, quarter: Quarter, *, policy: DisclosurePolicy,
                   n_years: int = 5, n_quarters: int = 8,
                   publication: "QuarterPublication | None" = None) -> list[Point]:
    """A measure's protected value for each period it is shown for, oldest first.

    Periods are described in the module docstring. A quarter outside the data
    gives ``x`` (not available), never 0. A year-to-date value whose
    difference from the last one published in its return year would be a
    small count is hidden with its base (:func:`cpanalysis.measures.linked.ytd_hidden`).

    With the run's ``publication``, every value is printed exactly as that
    period's protected scorecard printed it
    (:meth:`cpanalysis.measures.publication.QuarterPublication.printed`): the
    page protects nothing for itself, a figure hidden by a link to another
    measure is hidden here too, and a figure an earlier briefing published is
    repeated as it was published. Without it (a page run by hand, a test), the
    measure is protected on its own as the scorecard would protect it alone.

    Parameters
    ----------
    data : MeasureData
        One council's data.
    measure_id : str
        Registry id, e.g. ``"P5.10"``.
    quarter : Quarter
        The briefing's quarter (the latest period shown).
    policy : DisclosurePolicy
        The run's disclosure policy.
    n_years, n_quarters : int
        How many return years (annual measures) or quarters (quarterly ones).
    publication : QuarterPublication, optional
        The run's protected figures (:func:`cpanalysis.measures.publication.publication_for`).
    """
    m = MEASURES[measure_id]
    out = []
    for q in _periods(m, data, quarter, n_years, n_quarters):
        label, words = _period_words(m, q, quarter)
        if m.period in ("snapshot", "rolling_12_months") and not data.covers(q):
            res = Result.not_available("quarter outside the data")
        else:
            res = m.compute(data, q)  # type: ignore[misc]
        display, status = publish(m, res.numerator, res.denominator, res.value, res.available, policy=policy)
        hide_base = False
        form = None
        if m.period == "year_to_date" and res.available:
            flags = ytd_flags(m.id, data, q, policy).iloc[0]
            hide_base = bool(flags["base"])  # the group grew by a small number since its last published size
            if flags["value"] and status in PUBLISHED:  # so did the children counted, or the rest
                form = flags["rounded"]
                display, status = (form.display, "rounded") if form is not None else ("c", "secondary")
        printed = None
        if publication is not None and res.available:
            printed = publication.printed(m.id, annual_label(q) if m.period == "return_year" else q.label)
        if printed is not None:
            display, status, as_printed = _as_printed(*printed)
            out.append(Point(m.id, label, words, res, display, status, hide_base, policy, as_printed,
                             form if status == "rounded" else None))
            continue
        out.append(Point(m.id, label, words, res, display, status, hide_base, policy, form=form))
    return out


def _as_printed(shown: str, status: str) -> tuple[str, str, float | None]:
    """A point's display and status from the cell a scorecard printed (and, when repeated as published, its number)."""
    text = shown.strip()
    display = text[:-2] if text.endswith(" u") else text
    if status != AS_PUBLISHED:
        return display, status, None
    if text in ("c", "x", "z"):
        return text, {"c": "secondary", "x": "not_available", "z": "not_applicable"}[text], None
    if text.endswith(" u"):
        kind = "low_reliability"
    elif text.startswith("about ") or text.endswith((" or more", " or less")):
        kind = "rounded"
    else:
        kind = "shown"
    return display, kind, published_number(text)


def _secondary(p: Point) -> Point:
    return replace(p, display="c", status="secondary")


def hide_remainder(parts: Sequence[Point], policy: DisclosurePolicy) -> list[Point]:
    """Secondary suppression for shares of one group that do not add up to it.

    ``parts`` are published percentages of the same children (e.g. EET and
    NEET of care leavers aged 19-21 in one year). When the children in none
    of them (here: activity not known) number 1 to ``threshold - 1``,
    subtraction would show that count, so the last part (NEET: the
    headline, EET, comes first and stays in view;
    :func:`cpanalysis.measures.linked.remainder_part`) is hidden too (status
    ``secondary``, shown ``c``).
    With that part hidden the remainder can be anything from 0 to it plus the
    remainder, so neither is known.
    """
    parts = list(parts)
    shown = [i for i, p in enumerate(parts) if p.published]
    if len(shown) < len(parts) or not parts:
        return parts  # a part already hidden leaves the remainder uncertain
    i = remainder_part([int(p.result.numerator or 0) for p in parts], parts[0].result.denominator or 0, policy)
    if i is not None:
        parts[i] = _secondary(parts[i])
    return parts


def hide_nested(outer: Point, inner: Point, policy: DisclosurePolicy) -> tuple[Point, Point]:
    """Secondary suppression for nested percentages of the same children (SDQ 17+ and 20+).

    When both are published and the children in the outer group but not the
    inner (SDQ 17-19) number 1 to ``threshold - 1``, the inner value is hidden
    (status ``secondary``).
    """
    if outer.published and inner.published and nested_gap_small(
            int(outer.result.numerator or 0), int(inner.result.numerator or 0), policy):
        return outer, _secondary(inner)
    return outer, inner


# -- charts ----------------------------------------------------------------


def _fmt_value(v: float, unit: str) -> str:
    if unit == "percent":
        return pct(v)
    if unit == "count":
        return f"{int(round(v)):,}"
    return f"{round_half_away(v, 1):.1f}"


def series_alt(series: Mapping[str, Sequence[Point]], unit: str) -> str:
    """Alt-text words for each series: published values, and which periods are hidden and why."""
    parts = []
    for name, points in series.items():
        vals = [f"{p.label} {_fmt_value(float(p.result.value), unit)}" for p in points
                if p.published and p.result.value is not None]
        hidden = [p.label for p in points if p.status in ("primary", "secondary")]
        missing = [p.label for p in points if p.status in ("not_available", "not_applicable")]
        text = f"{name}: " + ("; ".join(vals) if vals else "no value can be shown")
        if hidden:
            text += f" (not shown to protect children: {', '.join(hidden)})"
        if missing:
            text += f" (not available: {', '.join(missing)})"
        parts.append(text)
    return ". ".join(parts) + "."


def trend_chart(series: Mapping[str, Sequence[Point]], *, title: str, subtitle: str, source: str,
                unit: str = "percent", y_label: str = "Percentage") -> Chart | None:
    """Line chart of one or more series over the same periods; only published values are drawn.

    A hidden or unavailable period leaves a gap in its line. Returns ``None``
    when no value at all can be shown.

    Parameters
    ----------
    series : mapping of str to sequence of Point
        Series name (legend and alt text) to its points, all over the same periods.
    title, subtitle, source : str
        The chart's words (see :class:`~cpanalysis.present.charts.Chart`).
    unit : str
        ``percent`` (axis 0-100), ``count`` or ``mean`` (axis from zero).
    y_label : str
        Axis label.
    """
    if not any(p.published and p.result.value is not None for pts in series.values() for p in pts):
        return None
    labels = [p.label for p in next(iter(series.values()))]
    xs = np.arange(len(labels))
    top = 0.0
    with plt.style.context("afcharts.afcharts"):
        fig, ax = plt.subplots(figsize=(8, 4.2))
        for k, (name, points) in enumerate(series.items()):
            ys = np.array([float(p.result.value) if p.published and p.result.value is not None else np.nan
                           for p in points])
            top = max(top, float(np.nanmax(ys)) if np.isfinite(ys).any() else 0.0)
            ax.plot(xs, ys, marker="o", color=PALETTE[k % len(PALETTE)], label=name)
        ax.set_xticks(xs, [lbl.replace(" to ", "\nto ") for lbl in labels])
        if unit == "percent":
            ax.set_ylim(0, 100)
        else:
            ax.set_ylim(0, max(1.0, top) * 1.15)
        ax.set_ylabel(y_label)
        ax.tick_params(axis="x", labelrotation=0, labelsize=9)
        if len(series) > 1:
            # Below the axes, so it never covers a line.
            ax.legend(frameon=False, fontsize=9, loc="upper center", bbox_to_anchor=(0.5, -0.18),
                      ncol=min(len(series), 3))
        fig.tight_layout()
        png = render_png(fig)
    words = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}
    kind = "Line chart" if len(series) == 1 else f"Line chart with {words.get(len(series), len(series))} lines"
    alt = f"{kind}: {subtitle[:1].lower() + subtitle[1:]}. " + series_alt(series, unit)
    return Chart(title=title, subtitle=subtitle, source=source, alt=alt, png=png)


def funnel_plot(numerator: int, denominator: int, baseline: float, *, comparator: str, label: str,
                who: str, title: str, subtitle: str, source: str, verdict: str | None = None) -> Chart:
    """PHE/OHID funnel plot of one published value against a comparator, as a :class:`Chart`.

    Method: 95% and 99.8% control limits around the comparator proportion
    for every group size (:func:`cpanalysis.protect.funnel_limits`,
    Spiegelhalter 2005); the council's value is drawn at its group size.
    Call only with a publishable value (not suppressed): the point is drawn.
    The legend and alt text use the verdict words of the tables (the 95%
    lines bound "similar", the 99.8% lines "much higher or lower"), not the
    method's terms, which the methodology page names.

    Parameters
    ----------
    numerator, denominator : int
        The council's published value.
    baseline : float
        The comparator as a proportion (0-1).
    comparator : str
        Its name ("England").
    label : str
        The council's point label ("Demo Borough, 2024-25 to Q3").
    who : str
        Who is counted, plural, for the axis and alt text ("care leavers aged 19-21").
    title, subtitle, source : str
        The chart's words.
    verdict : str, optional
        :func:`cpanalysis.protect.funnel_verdict` wording; computed when not given.
    """
    verdict = verdict or funnel_verdict(numerator, denominator, baseline, comparator)
    value = 100 * numerator / denominator
    top = max(denominator * 1.6, 40)
    grid = np.unique(np.linspace(5, top, 300).round().astype(int))
    lim = funnel_limits(baseline, grid)
    here = funnel_limits(baseline, denominator).iloc[0]
    with plt.style.context("afcharts.afcharts"):
        fig, ax = plt.subplots(figsize=(8, 4.5))
        ax.axhline(100 * baseline, color="#3D3D3D", linewidth=1.2, label=f"{comparator} ({pct(100 * baseline, 0)})")
        ax.plot(grid, 100 * lim["lower_95"], "--", color="#707071", linewidth=1,
                label=f"Similar to {comparator} between the dashed lines")
        ax.plot(grid, 100 * lim["upper_95"], "--", color="#707071", linewidth=1)
        ax.plot(grid, 100 * lim["lower_99.8"], ":", color="#707071", linewidth=1.2,
                label=f"Much higher or lower than {comparator} beyond the dotted lines")
        ax.plot(grid, 100 * lim["upper_99.8"], ":", color="#707071", linewidth=1.2)
        ax.scatter([denominator], [value], s=60, color=PALETTE[0], zorder=3, label=label)
        ax.annotate(pct(value), (denominator, value), textcoords="offset points", xytext=(6, 6), fontsize=9)
        low = max(0.0, min(100 * float(lim["lower_99.8"].min()), value) - 5)
        ax.set_ylim(low, 100)
        ax.set_xlim(0, top)
        ax.set_xlabel(f"Number of {who}")
        ax.set_ylabel("Percentage")
        ax.legend(frameon=False, fontsize=8, loc="lower right")
        fig.tight_layout()
        png = render_png(fig)
    alt = (f"Funnel plot comparing {label} with {comparator}. {label}: {pct(value)}, from {denominator:,} {who}. "
           f"{comparator}: {pct(100 * baseline, 0)}. For a group this size a value from "
           f"{pct(100 * here['lower_95'])} to {pct(100 * here['upper_95'])} is similar to {comparator}, and one "
           f"below {pct(100 * here['lower_99.8'])} or above {pct(100 * here['upper_99.8'])} much lower or much "
           f"higher: {label} is {verdict}.")
    return Chart(title=title, subtitle=subtitle, source=source, alt=alt, png=png)


# -- comparators -----------------------------------------------------------

#: Comparator kinds in the order they are shown (``kind`` of :func:`cpanalysis.measures.comparisons.load_comparators`).
KINDS = ("england", "region", "neighbours")

#: What a comparison cell says when no comparator figure is published for the measure.
NO_FIGURE = "none published"


def comparison_rows(points: Mapping[str, Point], comparators: pd.DataFrame | None = None) -> pd.DataFrame:
    """The latest value of each measure beside each comparator, with funnel verdicts.

    Parameters
    ----------
    points : mapping of str to Point
        Row label (the measure in words) to its latest point.
    comparators : pandas.DataFrame, optional
        :func:`cpanalysis.measures.comparisons.load_comparators` output (default: the shipped file).

    Returns
    -------
    pandas.DataFrame
        One row per measure: ``measure``, ``id``, ``council`` (the published cell),
        then per comparator kind held for any of the measures (England, the
        region, statistical neighbours: :data:`KINDS`; ``attrs["areas"]`` names
        each) its value (:data:`NO_FIGURE` when none is published for the
        measure) and ``verdict_<kind>``: the funnel verdict, ``c`` when the
        council's value is hidden, ``z`` when it cannot be compared, ``no
        comparison`` with no comparator. A rounded value is compared as it is
        printed (its bucket's published figures), never by its counts.
    """
    comparators = load_comparators() if comparators is None else comparators
    ids = [p.measure for p in points.values()]
    held = comparators.loc[comparators["measure"].isin(ids) & comparators["value"].notna()]
    kinds = held["kind"] if "kind" in held.columns else held["area"].map(
        {"England": "england", "Statistical neighbours": "neighbours"}).fillna("region")
    areas = {k: held.loc[kinds == k, "area"].iloc[0] for k in KINDS if (kinds == k).any()}
    rows = []
    for name, p in points.items():
        row = {"measure": name, "id": p.measure, "council": p.cell()}
        for kind, area in areas.items():
            c = held.loc[(held["measure"] == p.measure) & (held["area"] == area)]
            if c.empty:
                row[kind], row[f"verdict_{kind}"] = NO_FIGURE, "no comparison"
                continue
            base = float(c["value"].iloc[0])
            row[kind] = pct(base, 0) if c["unit"].iloc[0] == "percent" else f"{base:g}"
            num, den = _published_counts(p)
            if p.status in ("primary", "secondary"):
                row[f"verdict_{kind}"] = "c"
            elif p.published and num is not None and den and c["unit"].iloc[0] == "percent":
                row[f"verdict_{kind}"] = funnel_verdict(int(num), int(den), base / 100, _area_words(area))
            else:
                row[f"verdict_{kind}"] = "z"
        rows.append(row)
    out = pd.DataFrame(rows)
    out.attrs["areas"] = areas
    return out


def _published_counts(p: Point) -> tuple[int | None, int | None]:
    """The counts a reader holds for a point: its own, or a rounded value's published figures."""
    if p.status == "rounded":
        if p.policy is None or p.result.numerator is None or not p.result.denominator:
            return None, None
        f = published_figures({"numerator": p.result.numerator, "denominator": p.result.denominator},
                              "rounded", policy=p.policy)
        return f["numerator"], f["denominator"]
    return p.result.numerator, p.result.denominator


def _area_words(area: str) -> str:
    return "statistical neighbours" if area == "Statistical neighbours" else area


def comparison_table(rows: pd.DataFrame, caption: str, council: str) -> Table:
    """:func:`comparison_rows` as an accessible table (value, comparator, verdict per comparator held)."""
    cols = {"measure": "Measure", "council": f"{council} (%)"}
    for kind, area in rows.attrs.get("areas", {}).items():
        cols[kind] = f"{area} (%)"
        cols[f"verdict_{kind}"] = f"Compared with {_area_words(area)}"
    return Table(rows[list(cols)].rename(columns=cols), caption=caption)


def comparison_areas(ids: Sequence[str], comparators: pd.DataFrame | None = None) -> list[str]:
    """The comparators with a figure for any of ``ids``, England first and statistical neighbours last.

    Parameters
    ----------
    ids : sequence of str
        Measure ids.
    comparators : pandas.DataFrame, optional
        :func:`cpanalysis.measures.comparisons.load_comparators` output (default: the shipped file).
    """
    comparators = load_comparators() if comparators is None else comparators
    held = comparators.loc[comparators["measure"].isin(list(ids)) & comparators["value"].notna(), "area"]
    return sorted(set(held), key=lambda a: (a != "England", a == "Statistical neighbours", a))


def comparison_key(areas: Sequence[str] = ("England",)) -> str:
    """The page's key to the comparison words of :func:`cpanalysis.protect.funnel.funnel_verdict`, as HTML.

    Says once what "similar to", "higher than" and "much higher than" mean
    (:data:`cpanalysis.protect.funnel.VERDICT_MEANINGS`), that the comparison
    allows for the size of the group, and that the method is on the
    methodology page; no method term appears in the tables.

    Parameters
    ----------
    areas : sequence of str
        The comparators the page uses, as named in its tables ("England", "North West").

    Examples
    --------
    >>> "much higher than" in comparison_key(["England"])
    True
    """
    import html as _html

    names = [_area_words(a) for a in areas] or ["England"]
    said = [f"the {n}" if n.split(" ")[0] in ("North", "South", "East", "West") else n for n in names]
    who = said[0] if len(said) == 1 else ", ".join(said[:-1]) + " or " + said[-1]
    items = "".join(f"<dt>{_html.escape(word)} {_html.escape(names[0])}</dt><dd>{_html.escape(meaning)}</dd>"
                    for word, meaning in VERDICT_MEANINGS.items())
    return (f'<div class="comparison-key"><p>How the council compares with {_html.escape(who)} allows for the '
            "number of children: a small group's percentage can differ a lot by chance. The words mean:</p>"
            f"<dl>{items}</dl><p>The methodology page says how the comparison is made.</p></div>")


def comparator_years(ids: Sequence[str], comparators: pd.DataFrame | None = None) -> str:
    """Sentence naming the year and source of every comparator used (or saying there are none)."""
    comparators = load_comparators() if comparators is None else comparators
    c = comparators.loc[comparators["measure"].isin(list(ids))]
    if c.empty:
        return "No comparator figures are published for these measures."
    groups = c.groupby(["year", "source"], sort=True)["measure"].apply(lambda s: ", ".join(sorted(set(s))))
    parts = [f"{ms}: {src}; year: {yr}" for (yr, src), ms in groups.items()]
    return "Comparators (" + " | ".join(parts) + ")."


def one_child(denominator: int, noun: str = "child") -> str:
    """How far one person moves a percentage: "one child = 1.2 percentage points"."""
    pts = round_half_away(100.0 / denominator, 1)
    return f"one {noun} = {pts:g} percentage point{'' if pts == 1 else 's'}"


def proportion_words(p: Point, policy: DisclosurePolicy, noun: str = "child") -> str:
    """A published percentage with its 95% interval and one-child note, without "of N" wording.

    E.g. "94.1% (95% confidence interval 88% to 97%; 102 children, one child =
    1 percentage point)". Suppressed points read "not shown (c)".
    """
    if not p.published or p.result.numerator is None or not p.result.denominator:
        return {"not_available": "not available (x)", "not_applicable": "not applicable (z)"}.get(
            p.status, "not shown to protect children's privacy (c)")
    if p.status == "rounded":
        r = round_percentage(int(p.result.numerator), int(p.result.denominator), policy=policy)
        if r is not None:
            return f"{r.display} ({r.rule}, of about {r.base:,} {noun if noun == 'child' else noun}s)".replace(
                "childs", "children").replace("young persons", "young people")
    pr = proportion(int(p.result.numerator), int(p.result.denominator), policy=policy)
    flag = ", low reliability (u)" if pr.low_reliability else ""
    return (f"{p.display} (95% confidence interval {pct(100 * pr.lower, 0)} to {pct(100 * pr.upper, 0)}; "
            f"{one_child(int(p.result.denominator), noun)}{flag})")

"""Protected tables and small-cohort comparisons of Virtual School outcomes.

Every count goes through :func:`cpanalysis.protect.suppress` (primary and
secondary suppression, audited by the interval attack) and every comparison
through :mod:`cpanalysis.protect` (Wilson intervals, funnel limits,
ordered-trend tests, Newcombe differences). This module only arranges their
results into tables for publication; it computes no statistic of its own.

Percentages are printed with no decimals when the denominator is 100 or less
and one decimal above, and confidence limits are rounded outwards (lower down,
upper up); any printed percentage that a count under the threshold could also
produce (:func:`cpanalysis.publish.numbers.implied_small_counts`) is printed
with one more decimal (or, for a confidence limit, moved one step outwards),
so a reader cannot mistake a limit for a small count and the gate agrees.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import pandas as pd

from ..protect import SuppressedTable, suppress
from ..protect.bands import DEFAULT_BANDS, Band, BandComparison, compare_by_band
from ..protect.effect import mean_interval
from ..protect.funnel import funnel_verdict
from ..protect.proportion import proportion
from ..protect.rounding import round_half_away
from ..publish.numbers import Percentage, implied_small_counts
from .national import GROUPS, national_figure
from .outcomes import BREAKDOWNS, MEASURES, Measure

__all__ = [
    "BandAnalysis", "RateTable", "band_analysis", "format_interval", "format_percent", "national_table",
    "rate_table", "status_table", "trend_table",
]

CONFIDENTIAL = "c"
NOT_AVAILABLE = "x"
NOT_APPLICABLE = "z"


def _collides(value: float, places: int, n: int, threshold: int) -> bool:
    pct = Percentage(Decimal(f"{value:.{places}f}"), places, 0)
    return bool(implied_small_counts(pct, n, threshold))


def format_percent(numerator: int, denominator: int, threshold: int = 5) -> str:
    """A published percentage: no decimals up to a denominator of 100, one above.

    One more decimal is used when the printed value could also come from a count
    from 1 to ``threshold - 1`` of the same denominator. Rounding is half away
    from zero (DfE ``round_five_up``).

    Examples
    --------
    >>> format_percent(9, 21)
    '43%'
    >>> format_percent(5, 250)
    '2.0%'
    """
    places = 0 if denominator <= 100 else 1
    for p in range(places, 4):
        v = round_half_away(100.0 * numerator / denominator, p)
        if numerator < threshold or not _collides(v, p, denominator, threshold):
            return f"{v:.{p}f}%"
    return f"{v:.3f}%"  # pragma: no cover - four decimals always separate counts under 1,000


def format_interval(lower: float, upper: float, denominator: int, threshold: int = 5) -> str:
    """A confidence interval for publication, rounded outwards: ``"21% to 60%"``.

    The lower limit is rounded down and the upper up (the printed interval
    contains the true one); a limit that prints like a percentage of a count
    under ``threshold`` of ``denominator`` moves one more step outwards.
    """
    places = 0 if denominator <= 100 else 1
    step = 10.0 ** -places
    lo = math.floor(100 * lower / step + 1e-9) * step
    hi = math.ceil(100 * upper / step - 1e-9) * step
    while lo > 0 and _collides(lo, places, denominator, threshold):
        lo = max(0.0, lo - step)
    while hi < 100 and _collides(hi, places, denominator, threshold):
        hi = min(100.0, hi + step)
    return f"{lo:.{places}f}% to {hi:.{places}f}%"


def _measure(key: str | Measure) -> Measure:
    return key if isinstance(key, Measure) else MEASURES[key]


def _category_labels(by: str) -> dict | None:
    b = BREAKDOWNS.get(by)
    return b.categories if b is not None else None


@dataclass(frozen=True)
class RateTable:
    """A protected table of a measure by a characteristic.

    Attributes
    ----------
    counts : SuppressedTable
        The audited count table (rows: categories and ``Total``).
    display : pandas.DataFrame
        Cells ready to publish: ``c`` where hidden.
    measure : Measure
    by : str or None
    """

    counts: SuppressedTable
    display: pd.DataFrame
    measure: Measure
    by: str | None


def _groups(frame: pd.DataFrame, by: str | None) -> tuple[pd.Series, list]:
    if by is None:
        return pd.Series("All pupils", index=frame.index), ["All pupils"]
    labels = _category_labels(by)
    col = frame[by]
    if labels is not None:
        order = list(labels)
        return col.map(labels), [labels[k] for k in order]
    values = col.astype("str").where(col.notna(), "not recorded")
    return values, sorted(values.unique().tolist())


def rate_table(frame: pd.DataFrame, measure: str | Measure, by: str | None = None, *,
               threshold: int = 5) -> RateTable:
    """Counts, percentage (or average) and 95% interval of a measure, by a characteristic.

    Proportions: rows are the categories of ``by``, columns pupils, the number
    with the outcome and the percentage with a Wilson (1927) interval
    (:func:`cpanalysis.protect.proportion.proportion`). Means (Attainment 8,
    Progress 8, attendance): the number of pupils and the mean with a Student
    t interval (:func:`cpanalysis.protect.effect.mean_interval`). Counts are
    suppressed with :func:`cpanalysis.protect.suppress` (counts 1 to
    ``threshold - 1``, secondary suppression, attribute disclosure); a
    percentage, average or interval is hidden whenever its numerator or
    denominator is.

    Parameters
    ----------
    frame : pandas.DataFrame
        From :func:`cpanalysis.virtual_school.outcomes.stage_frame`.
    measure : str or Measure
    by : str, optional
        A column of ``frame`` (``SEN``, ``PHASE``, ``OFSTED_GRADE``,
        ``SCHOOL_LA`` or a key of :data:`BREAKDOWNS`).
    threshold : int
    """
    m = _measure(measure)
    f = frame.loc[frame[m.key].notna()]
    group, order = _groups(f, by)
    present = [g for g in order if (group == g).any()] or order[:1]
    if m.kind == "proportion":
        y = f[m.key].astype(int)
        counts = pd.DataFrame({
            "with": [int(y[group == g].sum()) for g in present],
            "without": [int((1 - y[group == g]).sum()) for g in present],
        }, index=present)
    else:
        counts = pd.DataFrame({"pupils": [int((group == g).sum()) for g in present]}, index=present)
    table = suppress(counts, threshold=threshold)
    vals, hid = table.values, table.hidden
    rows = []
    for label in table.values.index:
        total_col = "Total"
        n = int(vals.loc[label, total_col])
        n_hidden = bool(hid.loc[label, total_col])
        cells = {"Group": "All pupils" if label == "Total" else label,
                 "Pupils": CONFIDENTIAL if n_hidden else n}
        members = f.index if label == "Total" else group.index[group == label]
        if m.kind == "proportion":
            x = int(vals.loc[label, "with"])
            x_hidden = bool(hid.loc[label, "with"])
            cells["Number"] = CONFIDENTIAL if x_hidden else x
            if n_hidden or x_hidden or n == 0:
                cells["Percentage"] = CONFIDENTIAL if n else NOT_APPLICABLE
                cells["95% confidence interval"] = CONFIDENTIAL if n else NOT_APPLICABLE
            else:
                p = proportion(x, n, threshold=threshold)
                cells["Percentage"] = format_percent(x, n, threshold)
                cells["95% confidence interval"] = format_interval(p.lower, p.upper, n, threshold)
        else:
            vals_m = f.loc[members, m.key].astype(float)
            scale = 100.0 if m.key == "attendance" else 1.0
            if n_hidden or n < 2:
                cells["Average"] = CONFIDENTIAL if n else NOT_APPLICABLE
                cells["95% confidence interval"] = CONFIDENTIAL if n else NOT_APPLICABLE
            else:
                est = mean_interval(vals_m.to_numpy(), 0.95)
                unit = "%" if scale == 100 else ""
                cells["Average"] = f"{round_half_away(scale * est.estimate, 1):.1f}{unit}"
                cells["95% confidence interval"] = (f"{round_half_away(scale * est.lower, 1):.1f}{unit} to "
                                                    f"{round_half_away(scale * est.upper, 1):.1f}{unit}")
        rows.append(cells)
    display = pd.DataFrame(rows)
    if by is None:
        display = display.iloc[[-1]].reset_index(drop=True)
    return RateTable(counts=table, display=display, measure=m, by=by)


def status_table(frame: pd.DataFrame, stage: str = "KS2", *, threshold: int = 5) -> tuple[SuppressedTable, pd.DataFrame, pd.DataFrame]:
    """The seed's KS2 table: met / not yet met / did not take, per subject.

    Rows are the subjects (reading, writing, maths, all three), columns the
    three statuses and the total (the pupils in the year group); each row is
    one published equation ``total = met + not yet met + did not take``. The
    all-three row is left out when a subject's "met" exceeds it by 1 to
    ``threshold - 1`` pupils (nested measures, :data:`NESTED`).
    Suppression (:func:`cpanalysis.protect.suppress`) also protects the column
    sums across subjects, which are not published: a stricter table than the
    one shown.

    Returns
    -------
    (SuppressedTable, pandas.DataFrame, pandas.DataFrame)
        The audited counts, the published numbers and the published
        percentages of each subject's pupils (``c`` where hidden).
    """
    subjects = {"read": "Reading", "writ": "Writing", "mat": "Maths", "rwm": "Reading, writing and maths"}
    statuses = ["met", "not yet met", "did not take"]
    prefix = stage.lower()
    counts = pd.DataFrame(
        [[int((frame[f"{prefix}_{s}_status"] == st).sum()) for st in statuses] for s in subjects],
        index=list(subjects.values()), columns=["Met the expected standard", "Not yet met", "Did not take"],
    )
    # Nested rows: each subject's "met" contains "all three met"; when one differs from it by 1 to
    # threshold - 1, publishing both counts would give those pupils back, so the all-three row is
    # left out of the counts table (its percentage is protected the same way in national_table).
    met = counts.iloc[:, 0]
    rwm = subjects["rwm"]
    if any(1 <= int(met[subjects[s]]) - int(met[rwm]) < threshold for s in ("read", "writ", "mat")):
        counts = counts.drop(index=rwm)
    table = suppress(counts, threshold=threshold)
    pub = table.published().drop(index="Total").rename(columns={"Total": "Pupils"})
    pct = table.percentages("rows").drop(index="Total").drop(columns="Total")
    vals = table.values.drop(index="Total")
    for r in pct.index:
        n = int(vals.loc[r, "Total"])
        for c in pct.columns:
            if pct.loc[r, c] != CONFIDENTIAL and n:
                pct.loc[r, c] = format_percent(int(vals.loc[r, c]), n, threshold)
    pub = pub.reset_index(names="Subject")
    pct = pct.rename(columns={c: f"{c} (%)" for c in pct.columns}).reset_index(names="Subject")
    return table, pub, pct


@dataclass(frozen=True)
class BandAnalysis:
    """An outcome compared across ordered bands, ready to publish.

    Attributes
    ----------
    comparison : BandComparison or None
        From :func:`cpanalysis.protect.bands.compare_by_band`; None when fewer
        than two publishable bands remain.
    display : pandas.DataFrame
        One row per (merged) band: label, pupils, number/average, percentage, interval.
    sentence : str
        The honest sentence (trend test, effect with interval), in band words.
    labels : list of str
        Band labels in words.
    values : list of float or None
        Published value per band (percentage or mean) for charts.
    intervals : list of tuple of float
    """

    comparison: BandComparison | None
    display: pd.DataFrame
    sentence: str
    labels: list[str]
    values: list[float]
    intervals: list[tuple[float, float]]
    measure: Measure
    breakdown: str


def _band_words(band: Band, by: str) -> str:
    cats = _category_labels(by)
    if cats is None:  # placements: counts
        word = {1: "one placement", 2: "two placements"}
        if band.high is None:
            return f"{band.low}+ placements"
        if band.low == band.high:
            return word.get(band.low, f"{band.low}-{band.high} placements")
        return f"{band.low}-{band.high} placements"
    lo = cats[band.low]
    hi = cats[band.high if band.high is not None else max(cats)]
    return lo if lo == hi else f"{lo} to {hi}"


def _relabel(sentence: str, bands: Sequence[Band], by: str) -> str:
    first, last = bands[0], bands[-1]
    w_first, w_last = _band_words(first, by), _band_words(last, by)
    out = sentence.replace(f"between the {first.label} and {last.label} bands",
                           f"between children with {w_first} and children with {w_last}")
    out = out.replace(f"in the {last.label} band", f"with {w_last}")
    out = out.replace(f"in the {first.label} band", f"with {w_first}")
    out = out.replace("change with the number of placements", f"change with the {BREAKDOWNS[by].label}"
                      if by in BREAKDOWNS else "change across the bands")
    return out


def band_analysis(frame: pd.DataFrame, measure: str | Measure, by: str = "placements", *,
                  threshold: int = 5) -> BandAnalysis:
    """Compare an outcome across ordered bands of a characteristic.

    Calls :func:`cpanalysis.protect.bands.compare_by_band`: bands (placements
    1, 2, 3-4, 5+; or each category of a coded characteristic) are merged
    until each is publishable; Cochran-Armitage trend test (exact when
    expected counts are small) or OLS slope for averages; the last-minus-first
    difference with a Newcombe (1998) or Welch interval; the sentence says
    "not statistically significant" without ever saying "no difference".

    Parameters
    ----------
    frame : pandas.DataFrame
        From :func:`~cpanalysis.virtual_school.outcomes.stage_frame`.
    measure : str or Measure
    by : str
        A key of :data:`~cpanalysis.virtual_school.outcomes.BREAKDOWNS`.
    threshold : int
    """
    m = _measure(measure)
    f = frame.loc[frame[m.key].notna() & frame[by].notna()]
    cats = _category_labels(by)
    bands = DEFAULT_BANDS if cats is None else tuple(Band(k, k) for k in sorted(cats))
    y = f[m.key].astype(float).to_numpy()
    if m.key == "attendance":
        y = 100 * y
    try:
        comp = compare_by_band(f[by].to_numpy(dtype=float), y, bands=bands,
                               kind=m.kind, threshold=threshold)
    except ValueError:
        words = BREAKDOWNS[by].label if by in BREAKDOWNS else by
        return BandAnalysis(None, pd.DataFrame(), (
            f"Too few pupils to compare {m.label} by {words} without risking identifying them; "
            "no comparison is published."), [], [], [], m, by)
    merged = [_parse_band(lbl) for lbl in comp.table["band"]]
    labels = [_band_words(b, by) for b in merged]
    rows, values, intervals = [], [], []
    for label, (_, r) in zip(labels, comp.table.iterrows()):
        n = int(r["n"])
        if comp.kind == "proportion":
            x = int(r["successes"])
            rows.append({"Band": label, "Pupils": n, "Number": x,
                         "Percentage": format_percent(x, n, threshold),
                         "95% confidence interval": format_interval(r["lower"], r["upper"], n, threshold)})
            values.append(100 * x / n)
            intervals.append((100 * r["lower"], 100 * r["upper"]))
        else:
            rows.append({"Band": label, "Pupils": n, "Average": f"{round_half_away(r['mean'], 1):.1f}",
                         "95% confidence interval": f"{round_half_away(r['lower'], 1):.1f} to "
                                                    f"{round_half_away(r['upper'], 1):.1f}"})
            values.append(float(r["mean"]))
            intervals.append((float(r["lower"]), float(r["upper"])))
    sentence = _relabel(comp.sentence, merged, by)
    return BandAnalysis(comp, pd.DataFrame(rows), sentence, labels, values, intervals, m, by)


def _parse_band(label: str) -> Band:
    if label.endswith("+"):
        return Band(int(label[:-1]), None)
    if "-" in label:
        a, b = label.split("-")
        return Band(int(a), int(b))
    return Band(int(label), int(label))


#: Nested measures (outer contains inner, same pupils): publishing both gives the pupils in
#: between by subtraction, so when they number 1 to threshold - 1 the inner one is hidden.
NESTED = (
    ("basics4", "basics5"),
    ("ks1_read", "ks1_rwm"), ("ks1_writ", "ks1_rwm"), ("ks1_mat", "ks1_rwm"),
    ("ks2_read", "ks2_rwm"), ("ks2_writ", "ks2_rwm"), ("ks2_mat", "ks2_rwm"),
)


def _nested_hidden(counts: dict[str, int | None], threshold: int) -> set[str]:
    """Inner measures to hide: published outer minus published inner is 1 to ``threshold - 1``."""
    hide = set()
    for outer, inner in NESTED:
        a, b = counts.get(outer), counts.get(inner)
        if a is not None and b is not None and 1 <= a - b < threshold:
            hide.add(inner)
    return hide


def national_table(frames: dict[str, pd.DataFrame], measures: Sequence[str], year: int, *,
                   threshold: int = 5) -> pd.DataFrame:
    """Headline measures with national figures for children in care and all pupils.

    For a percentage the verdict uses funnel-plot control limits around the
    national figure for children in care (:func:`cpanalysis.protect.funnel.funnel_verdict`,
    PHE/OHID method, 95% and 99.8%); for an average, whether the national
    figure lies inside the local 95% interval. A local value that cannot be
    published gets no verdict (``c``); a national figure missing from
    ``national.toml`` is ``x``.

    Parameters
    ----------
    frames : dict of str to DataFrame
        Stage frames by stage (``"EYFS"``, ``"KS2"``...).
    measures : sequence of str
    year : int
    """
    tables = {key: rate_table(frames[MEASURES[key].stage], MEASURES[key], threshold=threshold) for key in measures}
    shown = {key: int(t.counts.values.loc["Total", "with"]) for key, t in tables.items()
             if MEASURES[key].kind == "proportion"
             and t.display.iloc[0]["Percentage"] not in (CONFIDENTIAL, NOT_APPLICABLE)}
    nested_hidden = _nested_hidden(shown, threshold)
    rows = []
    for key in measures:
        m = MEASURES[key]
        rt = tables[key]
        d = rt.display.iloc[0].copy()
        if key in nested_hidden:  # secondary: the outer measure minus this one would be a small count
            d["Percentage"], d["95% confidence interval"] = CONFIDENTIAL, CONFIDENTIAL
        cla = national_figure(key, "cla", year)
        allp = national_figure(key, "all", year)
        value_col = "Percentage" if m.kind == "proportion" else "Average"
        row = {"Measure": m.label[:1].upper() + m.label[1:], "Pupils": d["Pupils"], "This council": d[value_col],
               "95% confidence interval": d["95% confidence interval"]}
        unit = "%" if m.kind == "proportion" else ""
        row["England: children in care"] = f"{cla.value:g}{unit}" if cla else NOT_AVAILABLE
        row["England: all pupils"] = f"{allp.value:g}{unit}" if allp else NOT_AVAILABLE
        hidden = d[value_col] in (CONFIDENTIAL, NOT_APPLICABLE)
        if cla is None:
            verdict = NOT_AVAILABLE
        elif hidden:
            verdict = CONFIDENTIAL
        elif m.kind == "proportion":
            n = int(rt.counts.values.loc["Total", "Total"])
            x = int(rt.counts.values.loc["Total", "with"])
            verdict = funnel_verdict(x, n, cla.proportion, comparator="children in care in England")
        else:
            vals = frames[m.stage][m.key].dropna().to_numpy(dtype=float)
            est = mean_interval(vals)
            if est.lower <= cla.value <= est.upper:
                verdict = "similar to children in care in England (national figure inside the 95% interval)"
            else:
                word = "higher" if est.estimate > cla.value else "lower"
                verdict = f"{word} than children in care in England (national figure outside the 95% interval)"
        row["Compared with children in care in England"] = verdict
        rows.append(row)
    return pd.DataFrame(rows)


def trend_table(frames: dict[int, pd.DataFrame], measure: str | Measure, *, threshold: int = 5) -> pd.DataFrame:
    """A measure over academic years: pupils, number, percentage and interval per year.

    Each year is protected as a row of one suppressed table (years by
    with / without the outcome, :func:`cpanalysis.protect.suppress`).

    Parameters
    ----------
    frames : dict of int to DataFrame
        Stage frame per academic year (start year), oldest first.
    measure : str or Measure

    Returns
    -------
    pandas.DataFrame
        ``Academic year``, ``Pupils``, ``Number``/``Average``, ``Percentage``,
        ``95% confidence interval`` and a float column ``value`` (published
        percentage or average, NaN where hidden) for charts.
    """
    from .years import academic_year_label

    m = _measure(measure)
    rows = []
    for year, f in frames.items():
        rt = rate_table(f, m, threshold=threshold)
        d = rt.display.iloc[0].to_dict()
        d["Group"] = academic_year_label(year)
        shown = d.get("Percentage", d.get("Average"))
        if m.kind == "proportion" and shown not in (CONFIDENTIAL, NOT_APPLICABLE):
            t = rt.counts.values.loc["Total"]
            value = 100.0 * t["with"] / t["Total"]
        elif m.kind == "mean" and shown not in (CONFIDENTIAL, NOT_APPLICABLE):
            v = f[m.key].dropna().astype(float)
            value = float(v.mean()) * (100 if m.key == "attendance" else 1)
        else:
            value = np.nan
        d["value"] = value
        rows.append(d)
    out = pd.DataFrame(rows).rename(columns={"Group": "Academic year"})
    return out


def group_words(group: str) -> str:
    """``"cla"`` -> "children in care nationally"."""
    return GROUPS[group]

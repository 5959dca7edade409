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
from ..protect.ledger import protect_table
from ..protect.policy import DisclosurePolicy
from ..protect.bands import DEFAULT_BANDS, Band, BandComparison, compare_by_band, format_p, merge_pair
from ..protect.effect import mean_interval
from ..protect.funnel import funnel_verdict
from ..protect.proportion import proportion
from ..protect.rounding import round_half_away
from ..publish.numbers import Percentage, implied_small_counts
from .national import GROUPS, NO_FIGURE, NationalFigures, toml_figures
from .outcomes import BREAKDOWNS, MEASURES, Measure, frame_key, pupil_keys

__all__ = [
    "COUNT_UNITS", "BandAnalysis", "RateTable", "band_analysis", "band_list", "band_words", "comparison_sentence",
    "evidence", "format_interval", "format_percent", "mean_verdict", "national_table", "published_interval", "published_percent",
    "rate_table", "rate_table_key", "status_table", "trend_table", "verdict_words",
]

CONFIDENTIAL = "c"
NOT_AVAILABLE = "x"
NOT_APPLICABLE = "z"


def _collides(value: float, places: int, n: int, threshold: int) -> bool:
    pct = Percentage(Decimal(f"{value:.{places}f}"), places, 0)
    return bool(implied_small_counts(pct, n, threshold))


def published_percent(numerator: int, denominator: int, *, policy: DisclosurePolicy) -> tuple[float, int]:
    """The value and decimal places of a published percentage (see :func:`format_percent`)."""
    threshold = policy.threshold
    places = 0 if denominator <= 100 else 1
    for p in range(places, 4):
        v = round_half_away(100.0 * numerator / denominator, p)
        if numerator < threshold or not _collides(v, p, denominator, threshold):
            return v, p
    return v, 3  # pragma: no cover - four decimals always separate counts under 1,000


def format_percent(numerator: int, denominator: int, *, policy: DisclosurePolicy) -> str:
    """A published percentage: no decimals up to a denominator of 100, one above.

    One more decimal is used when the printed value could also come from a count
    from 1 to ``policy.threshold - 1`` of the same denominator. Rounding is half
    away from zero (DfE ``round_five_up``).

    Examples
    --------
    >>> from cpanalysis.protect.policy import DisclosurePolicy
    >>> format_percent(9, 21, policy=DisclosurePolicy())
    '43%'
    >>> format_percent(5, 250, policy=DisclosurePolicy())
    '2.0%'
    """
    v, p = published_percent(numerator, denominator, policy=policy)
    return f"{v:.{p}f}%"


def published_interval(lower: float, upper: float, denominator: int, *,
                       policy: DisclosurePolicy) -> tuple[float, float, int]:
    """Confidence limits as published: percentages rounded outwards, and their decimal places.

    The lower limit (a proportion, 0 to 1) is rounded down and the upper up, so
    the printed interval contains the true one; a limit that prints like a
    percentage of a count from 1 to ``policy.threshold - 1`` of ``denominator``
    moves one more step outwards. Tables (:func:`format_interval`) and charts
    (:func:`cpanalysis.virtual_school.charts.band_chart`) both use these
    numbers, so a chart's whiskers are the table's interval.
    """
    threshold = policy.threshold
    places = 0 if denominator <= 100 else 1
    step = 10.0 ** -places
    lo = math.floor(100 * lower / step + 1e-9) * step
    hi = math.ceil(100 * upper / step - 1e-9) * step
    while lo > 0 and _collides(lo, places, denominator, threshold):
        lo = max(0.0, lo - step)
    while hi < 100 and _collides(hi, places, denominator, threshold):
        hi = min(100.0, hi + step)
    return round(lo, places), round(hi, places), places


def format_interval(lower: float, upper: float, denominator: int, *, policy: DisclosurePolicy) -> str:
    """A confidence interval for publication, rounded outwards: ``"21% to 60%"``.

    See :func:`published_interval`.
    """
    lo, hi, places = published_interval(lower, upper, denominator, policy=policy)
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


def merge_small_groups(group: pd.Series, order: list, *, policy: DisclosurePolicy) -> tuple[pd.Series, list]:
    """Merge the groups of fewer than ``policy.threshold`` pupils into one named group, before any cell is hidden.

    Official statistics merge small categories rather than hide them (GSS
    guidance on disclosure control): a breakdown by school phase with two
    pupils in alternative provision becomes "special school and alternative
    provision (together)". When the merged group is still small the smallest
    other group joins it. Every table of the same pupils by the same
    characteristic merges the same groups (the decision depends only on how
    many pupils each group has), so no two tables can be subtracted to give
    a small group back.

    Returns
    -------
    (pandas.Series, list)
        The relabelled groups and the new order (the merged group last).
    """
    sizes = group.value_counts()
    present = [g for g in order if sizes.get(g, 0) > 0]
    small = [g for g in present if policy.is_small(int(sizes[g]))]
    if not small or len(present) < 2:
        return group, order
    merged = list(small)
    rest = sorted((g for g in present if g not in merged), key=lambda g: (int(sizes[g]), present.index(g)))
    while policy.is_small(int(sum(sizes[g] for g in merged))) and rest:
        merged.append(rest.pop(0))
    if len(merged) == len(present):
        return group, order       # nothing left to show apart: suppression decides
    merged = [g for g in present if g in merged]
    label = (", ".join(merged[:-1]) + " and " + merged[-1]) + " (together)"
    out = group.where(~group.isin(merged), label)
    return out, [g for g in order if g not in merged] + [label]


def rate_table_key(measure: str, by: str | None, pupils: str) -> str:
    """The key of a :func:`rate_table` on the page's ledger: measure, breakdown and pupils (:func:`pupils_key`)."""
    return f"{measure} by {by or 'all'}, {pupils}"


def rate_table(frame: pd.DataFrame, measure: str | Measure, by: str | None = None, *,
               policy: DisclosurePolicy) -> RateTable:
    """Counts, percentage (or average) and 95% interval of a measure, by a characteristic.

    Proportions: rows are the categories of ``by``, columns pupils, the number
    with the outcome and the percentage with a Wilson (1927) interval
    (:func:`cpanalysis.protect.proportion.proportion`). Means (Attainment 8,
    Progress 8, attendance): the number of pupils and the mean with a Student
    t interval (:func:`cpanalysis.protect.effect.mean_interval`). Counts are
    suppressed with :func:`cpanalysis.protect.suppress` (counts 1 to
    ``policy.threshold - 1``, secondary suppression, attribute disclosure); a
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
    policy : DisclosurePolicy
        The run's disclosure policy.
    """
    m = _measure(measure)
    f = frame.loc[frame[m.key].notna()]
    group, order = _groups(f, by)
    if by is not None:
        group, order = merge_small_groups(group, order, policy=policy)
    present = [g for g in order if (group == g).any()] or order[:1]
    if m.kind == "proportion":
        y = f[m.key].astype(int)
        counts = pd.DataFrame({
            "with": [int(y[group == g].sum()) for g in present],
            "without": [int((1 - y[group == g]).sum()) for g in present],
        }, index=present)
    else:
        counts = pd.DataFrame({"pupils": [int((group == g).sum()) for g in present]}, index=present)
    # The printed counts (pupils, and the number with the outcome), with the pupils each counts, for the
    # page's ledger (cpanalysis.protect.ledger): a breakdown is cheaper to hide than the headline row.
    keys = pupil_keys(f)
    members, cost = {}, {}
    for label in [*present, "Total"]:
        inside = keys if label == "Total" else keys[(group == label).to_numpy()]
        members[(label, "Total")] = frozenset(inside)
        if m.kind == "proportion":
            members[(label, "with")] = frozenset(inside[(y[inside.index] == 1).to_numpy()])
    for cell in members:  # the headline (all pupils) costs more to hide than a breakdown
        cost[cell] = 2.0 if cell[0] == "Total" or by is None else 1.0
    labels = {cell: m.key for cell in members if cell[1] == "with"}
    table = protect_table(rate_table_key(m.key, by, frame_key(f)), counts, members, policy=policy, cost=cost,
                          labels=labels)
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
                p = proportion(x, n, policy=policy)
                cells["Percentage"] = format_percent(x, n, policy=policy)
                cells["95% confidence interval"] = format_interval(p.lower, p.upper, n, policy=policy)
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


def status_table(frame: pd.DataFrame, stage: str = "KS2", *,
                 policy: DisclosurePolicy) -> tuple[SuppressedTable, pd.DataFrame, pd.DataFrame]:
    """The seed's KS2 table: met / not yet met / did not take, per subject.

    Rows are the subjects (reading, writing, maths, all three), columns the
    three statuses and the total (the pupils in the year group); each row is
    one published equation ``total = met + not yet met + did not take``. The
    all-three row is left out when a subject's "met" exceeds it by 1 to
    ``policy.threshold - 1`` pupils (nested measures, :data:`NESTED`).
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
    if any(policy.is_small(int(met[subjects[s]]) - int(met[rwm])) for s in ("read", "writ", "mat")):
        counts = counts.drop(index=rwm)
    # The printed cells (the Total row, sums over subjects, is not printed), with the pupils each counts,
    # for the page's ledger; the detail of the status table is cheaper to hide than a headline.
    keys = pupil_keys(frame)
    members = {}
    for s, label in subjects.items():
        if label not in counts.index:
            continue
        for st, column in zip(statuses, counts.columns):
            members[(label, column)] = frozenset(keys[(frame[f"{prefix}_{s}_status"] == st).to_numpy()])
        members[(label, "Total")] = frozenset().union(*(members[(label, c)] for c in counts.columns))
    labels = {(label, column): f"{prefix}_{s}" if column == counts.columns[0] else f"{prefix}_{s}: {column}"
              for s, label in subjects.items() for column in counts.columns if (label, column) in members}
    table = protect_table(f"{stage} pupils by result and subject, {frame_key(frame)}", counts, members,
                          policy=policy, cost=dict.fromkeys(members, 0.5), labels=labels, whole_rows=True)
    pub = table.published().drop(index="Total").rename(columns={"Total": "Pupils"})
    pct = table.percentages("rows").drop(index="Total").drop(columns="Total")
    vals = table.values.drop(index="Total")
    for r in pct.index:
        n = int(vals.loc[r, "Total"])
        for c in pct.columns:
            if pct.loc[r, c] != CONFIDENTIAL and n:
                pct.loc[r, c] = format_percent(int(vals.loc[r, c]), n, policy=policy)
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
        The honest sentence (test, effect with interval), in band words.
    labels : list of str
        Band labels in words.
    values : list of float
        Each band's value as published (the table's percentage or average).
    intervals : list of tuple of float
        Each band's 95% confidence limits as published (the table's interval,
        :func:`published_interval`): a chart draws exactly what the table prints.
    measure : Measure
    breakdown : str
    asked : tuple of Band
        The bands asked for, before merging.
    bands : tuple of Band
        The bands compared (after merging; empty when there is no comparison).
    """

    comparison: BandComparison | None
    display: pd.DataFrame
    sentence: str
    labels: list[str]
    values: list[float]
    intervals: list[tuple[float, float]]
    measure: Measure
    breakdown: str
    asked: tuple[Band, ...] = ()
    bands: tuple[Band, ...] = ()

    @property
    def merged_note(self) -> str:
        """A sentence when bands had to be merged to be published, else empty."""
        if not self.bands or tuple(self.bands) == tuple(self.asked):
            return ""
        return (f"The {band_list(self.asked)} asked for were merged into {band_list(self.bands)} so that every "
                "band is large enough to publish.")


#: Units of the count breakdowns (singular, plural); coded breakdowns use their category words.
COUNT_UNITS = {"placements": ("placement", "placements"), "placement_moves": ("placement move", "placement moves")}
_NUMBER_WORDS = {0: "no", 1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven",
                 8: "eight", 9: "nine", 10: "ten"}


def band_words(band: Band, by: str) -> str:
    """A band in words: ``"one placement"``, ``"3-4 placements"``, ``"3+ placement moves"``, ``"EHC plan"``.

    Single numbers are written as words (a bare digit next to a noun would read
    as a count of children); ranges and open bands keep digits (``3-4``, ``5+``).
    """
    cats = _category_labels(by)
    if cats is None:
        one, many = COUNT_UNITS.get(by, ("", BREAKDOWNS[by].label if by in BREAKDOWNS else by))
        if band.high is None:
            return f"{band.low}+ {many}"
        if band.low == band.high:
            word = _NUMBER_WORDS.get(band.low, str(band.low))
            return f"{word} {one if band.low == 1 else many}"
        return f"{band.low}-{band.high} {many}"
    lo = cats[band.low]
    hi = cats[band.high if band.high is not None else max(cats)]
    return lo if lo == hi else f"{lo} to {hi}"


def band_list(bands: Sequence[Band]) -> str:
    """``"bands 1, 2, 3-4 and 5+"`` (the label shape the publication gate reads as labels, not counts)."""
    labels = [b.label for b in bands]
    return "band " + labels[0] if len(labels) == 1 else "bands " + ", ".join(labels[:-1]) + " and " + labels[-1]


_TEST_WORDS = {"exact": "exact Cochran-Armitage test", "asymptotic": "Cochran-Armitage test",
               "ols": "least-squares trend test"}


def _p_words(p: float, alpha: float) -> str:
    """``format_p``, with one more decimal when two would print the significance level itself.

    ``p = 0.0505`` prints as "p = 0.051", not "p = 0.05": beside "not
    statistically significant at the 5% level", "p = 0.05" reads as a
    contradiction.
    """
    text = format_p(p)
    if p >= 0.01 and round_half_away(p, 2) == round_half_away(alpha, 2):
        text = f"p = {round_half_away(p, 3):.3f}"
    return text


def _limits(d, scale: float, places: int) -> tuple[float, float, float, int]:
    """Difference and limits as printed; one more decimal when rounding would put a limit on zero.

    An interval of -0.5 to -54.7 points excludes no difference; printed with
    no decimals it would read "-55 to -1" (half away from zero) or, rounded
    outwards, "-55 to 0", which looks as if it included no difference.
    """
    raw = [scale * v for v in (d.lower, d.upper, d.estimate)]
    pl = places
    while pl < places + 2 and any(v != 0 and abs(v) < 10 ** -pl for v in raw[:2]):
        pl += 1
    lo, hi, est = (round_half_away(v, pl) for v in raw)
    return lo, hi, est, pl


def evidence(comp: BandComparison, *, alpha: float = 0.05) -> str:
    """What the test and the interval say together: ``"significant"``, ``"not significant"`` or ``"mixed"``.

    ``"mixed"`` when they disagree: the trend test's p is at least ``alpha``
    while the interval of the last-minus-first difference excludes zero, or
    the other way round. That happens at the margin (different methods, and
    with more than two bands, different questions: a trend across all bands
    against the gap between the first and last).
    """
    d, tr = comp.difference, comp.trend
    excludes = d.lower > 0 or d.upper < 0
    significant = tr.p_value < alpha
    if significant == excludes:
        return "significant" if significant else "not significant"
    return "mixed"


def verdict_words(comp: BandComparison | None, *, alpha: float = 0.05) -> str:
    """A chart title's verdict, in the same terms as :func:`comparison_sentence`."""
    if comp is None:
        return "not compared"
    return {"significant": "a statistically significant difference",
            "not significant": "not statistically significant",
            "mixed": "borderline: the test and the interval disagree"}[evidence(comp, alpha=alpha)]


def comparison_sentence(comp: BandComparison, first: str, last: str, *, alpha: float = 0.05) -> str:
    """The plain sentence for a comparison across bands (DOMAIN.md section 7).

    The difference is the last band minus the first with its interval
    (Newcombe 1998 method 10 for percentages, Welch for averages); the p-value
    is the ordered-trend test's (Cochran-Armitage, exact when expected counts
    are small; with two bands it is the test of the difference). A result that
    is not statistically significant is never called "no difference": the
    sentence says what the interval allows, "anything from no difference to a
    gap of ...".

    When the two disagree (:func:`evidence` is ``"mixed"``: p at or above
    ``alpha`` with an interval that excludes no difference, or p below it with
    an interval that includes it), the sentence states both results as they
    are, says they disagree and calls the evidence borderline; it never says
    "not statistically significant" and then quotes an interval that rules
    out no difference as if it agreed.

    Parameters
    ----------
    comp : BandComparison
    first, last : str
        The first and last bands in words (:func:`band_words`).
    alpha : float
        Significance level.

    Examples
    --------
    Tested in ``tests/virtual_school/test_analysis.py`` on hand-counted bands:
    13 of 22 against 5 of 18 (Cochran-Armitage p = 0.0505, Newcombe interval
    -54.7 to -0.5 points) gives the "mixed" wording.
    """
    d, tr = comp.difference, comp.trend
    prop = comp.kind == "proportion"
    scale, places = (100.0, 0) if prop else (1.0, 1)
    unit = "percentage points" if prop else "points"
    lo, hi, est, pl = _limits(d, scale, places)
    two = len(comp.table) == 2
    test = _TEST_WORDS.get(tr.method, f"{tr.method} test")
    if not two:
        test = test.replace(" test", " trend test across the ordered bands")
    ci = f"{100 * d.confidence:g}% CI {lo:.{pl}f} to {hi:.{pl}f} {unit}"
    p = _p_words(tr.p_value, alpha)
    level = f"{100 * alpha:g}%"
    what = "the percentage" if prop else "the average"
    direction = "lower" if d.estimate < 0 else "higher"
    gap = (f"For children with {last}, {what} was {abs(est):.{pl}f} {unit} {direction} than for children with "
           f"{first}")
    kind = evidence(comp, alpha=alpha)
    if kind == "significant":
        return (f"{gap} ({ci}). This is statistically significant ({test}, {p}): chance alone is an unlikely "
                "explanation, though with groups this small the size of the gap is uncertain.")
    if kind == "mixed":
        near, far = sorted((abs(lo), abs(hi)))
        interval = f"{100 * d.confidence:g}% confidence interval of the gap, {lo:.{pl}f} to {hi:.{pl}f} {unit},"
        if tr.p_value >= alpha:
            return (f"{gap}. The two checks of this gap disagree, as they can when the evidence is borderline: "
                    f"the {test} does not find it statistically significant at the {level} level ({p}), while "
                    f"the {interval} does not include no difference. Read it as weak evidence of a real gap: "
                    f"chance cannot be ruled out, and if the gap is real it could be anywhere from {near:.{pl}f} "
                    f"to {far:.{pl}f} {unit}.")
        return (f"{gap}. The two checks of this gap disagree, as they can when the evidence is borderline: "
                f"the {test} finds it statistically significant at the {level} level ({p}), while the "
                f"{interval} includes no difference. Read it as weak evidence of a real gap: chance cannot be "
                f"ruled out, and the data are consistent with anything from no difference to a gap of "
                f"{max(near, far):.{pl}f} {unit}.")
    far = max(abs(lo), abs(hi))
    span = f"anything from no difference to a gap of {far:.{pl}f} {unit}"
    subject = (f"The difference between children with {last} and children with {first}" if two else
               f"The trend across the bands, from children with {first} to children with {last},")
    return (f"{subject} is not statistically significant ({test}, {p}): the data are consistent with {span} "
            f"({ci}, {last} compared with {first}); this is not evidence that outcomes are the same.")


def _unpublishable_bands(comp: BandComparison, policy: DisclosurePolicy) -> list[int]:
    """Bands with a cell :func:`cpanalysis.protect.suppress` would hide in the published band table.

    The band table publishes every band's pupils and number, so their column
    sums are published too: the same rule as every other table (suppress's
    primary, secondary and attribute-disclosure rules, e.g. every pupil with
    the outcome in one band of fewer than ``policy.small_group``) decides.
    """
    t = comp.table
    if comp.kind == "proportion":
        counts = pd.DataFrame({"with": t["successes"].astype(int).to_numpy(),
                               "without": (t["n"] - t["successes"]).astype(int).to_numpy()}, index=list(t["band"]))
    else:
        counts = pd.DataFrame({"pupils": t["n"].astype(int).to_numpy()}, index=list(t["band"]))
    hidden = suppress(counts, policy=policy).hidden.drop(index="Total")
    return [i for i, label in enumerate(counts.index) if bool(hidden.loc[label].any())]


def _merge_one(bands: list[Band], n: list[int], bad: list[int]) -> list[Band]:
    """Merge the smallest unpublishable band with its smaller neighbour (as :func:`~cpanalysis.protect.bands.merge_bands`)."""
    a, b = merge_pair(n, bad)
    return [*bands[:a], Band(bands[a].low, bands[b].high), *bands[b + 1:]]


def band_analysis(frame: pd.DataFrame, measure: str | Measure, by: str = "placements", *,
                  policy: DisclosurePolicy, bands: Sequence[Band] | None = None) -> BandAnalysis:
    """Compare an outcome across ordered bands of a characteristic.

    Calls :func:`cpanalysis.protect.bands.compare_by_band`: bands (placements
    1, 2, 3-4, 5+ unless ``bands`` says otherwise; or each category of a coded
    characteristic) are merged until each is publishable, and further until
    :func:`cpanalysis.protect.suppress` hides nothing in the band table (one
    rule for every table); Cochran-Armitage trend test (exact when expected
    counts are small) or OLS slope for averages; the last-minus-first
    difference with a Newcombe (1998) or Welch interval; the sentence
    (:func:`comparison_sentence`) says "not statistically significant" without
    ever saying "no difference".

    Parameters
    ----------
    frame : pandas.DataFrame
        From :func:`~cpanalysis.virtual_school.outcomes.stage_frame`.
    measure : str or Measure
    by : str
        A key of :data:`~cpanalysis.virtual_school.outcomes.BREAKDOWNS`.
    policy : DisclosurePolicy
        The run's disclosure policy.
    bands : sequence of Band, optional
        Ordered bands of ``by`` (see :func:`cpanalysis.virtual_school.groupings.parse_bands`).
    """
    m = _measure(measure)
    f = frame.loc[frame[m.key].notna() & frame[by].notna()]
    cats = _category_labels(by)
    if bands is None:
        bands = DEFAULT_BANDS if cats is None else tuple(Band(k, k) for k in sorted(cats))
    asked = tuple(bands)
    y = f[m.key].astype(float).to_numpy()
    if m.key == "attendance":
        y = 100 * y
    x = f[by].to_numpy(dtype=float)
    current: list[Band] = list(asked)
    while True:
        try:
            comp = compare_by_band(x, y, bands=current, kind=m.kind, policy=policy)
        except ValueError:
            comp = None
            break
        merged = [_parse_band(lbl) for lbl in comp.table["band"]]
        bad = _unpublishable_bands(comp, policy)
        if not bad:
            break
        if len(merged) <= 2:
            comp = None
            break
        current = _merge_one(merged, [int(v) for v in comp.table["n"]], bad)
    if comp is None:
        words = BREAKDOWNS[by].label if by in BREAKDOWNS else by
        return BandAnalysis(None, pd.DataFrame(), (
            f"Too few pupils to compare {m.label} by {words} without risking identifying them; "
            "no comparison is published."), [], [], [], m, by, asked, ())
    labels = [band_words(b, by) for b in merged]
    rows, values, intervals = [], [], []
    for label, (_, r) in zip(labels, comp.table.iterrows()):
        n = int(r["n"])
        if comp.kind == "proportion":
            k = int(r["successes"])
            v, places = published_percent(k, n, policy=policy)
            lo, hi, ci_places = published_interval(r["lower"], r["upper"], n, policy=policy)
            rows.append({"Band": label, "Pupils": n, "Number": k, "Percentage": f"{v:.{places}f}%",
                         "95% confidence interval": f"{lo:.{ci_places}f}% to {hi:.{ci_places}f}%"})
        else:
            v = round_half_away(float(r["mean"]), 1)
            lo, hi = round_half_away(float(r["lower"]), 1), round_half_away(float(r["upper"]), 1)
            rows.append({"Band": label, "Pupils": n, "Average": f"{v:.1f}",
                         "95% confidence interval": f"{lo:.1f} to {hi:.1f}"})
        values.append(float(v))
        intervals.append((float(lo), float(hi)))
    sentence = comparison_sentence(comp, labels[0], labels[-1])
    return BandAnalysis(comp, pd.DataFrame(rows), sentence, labels, values, intervals, m, by, asked,
                        tuple(merged))


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


def _nested_hidden(counts: dict[str, int | None], policy: DisclosurePolicy) -> set[str]:
    """Inner measures to hide: published outer minus published inner is 1 to ``policy.threshold - 1``."""
    hide = set()
    for outer, inner in NESTED:
        a, b = counts.get(outer), counts.get(inner)
        if a is not None and b is not None and policy.is_small(a - b):
            hide.add(inner)
    return hide


def _column_label(figures: list, generic: str) -> str:
    """A national column's header: its year and release when every figure in it shares them."""
    labels = {f.label for f in figures if f is not None}
    if len(labels) == 1:
        f = next(f for f in figures if f is not None)
        return f"{generic}, {f.year} ({f.source})"
    return generic


def national_table(frames: dict[str, pd.DataFrame], measures: Sequence[str], year: int, *,
                   policy: DisclosurePolicy, national: NationalFigures | None = None) -> pd.DataFrame:
    """Headline measures with national figures for children in care and all pupils.

    For a percentage the comparison uses funnel-plot control limits around
    England's figure for children in care (:func:`cpanalysis.protect.funnel.funnel_verdict`,
    PHE/OHID method, 95% and 99.8%); for an average, whether England's figure
    lies inside the council's 95% interval (Student t,
    :func:`cpanalysis.protect.effect.mean_interval`). The cells say only
    "similar to", "higher than", "lower than" (or "much higher/lower than",
    outside the 99.8% limits) children in care in England: the method is
    described once on the page (:func:`cpanalysis.virtual_school.sections.about_the_figures`).
    A local value that cannot be published gets no comparison (``c``); a
    measure with no national figure for the year says "no national figure
    published" (:data:`~cpanalysis.virtual_school.national.NO_FIGURE`).

    The national columns' headers carry the figures' year and release, e.g.
    "England: children in care, 2023-24 (DfE, Outcomes for children in need
    2025)", when every figure in the column shares them; otherwise the header
    is plain, ``attrs["mixed_sources"]`` is True and ``attrs["sources"]``
    lists each figure's label (the section prints them below the table).

    Parameters
    ----------
    frames : dict of str to DataFrame
        Stage frames by stage (``"EYFS"``, ``"KS2"``...).
    measures : sequence of str
    year : int
    policy : DisclosurePolicy
    national : NationalFigures, optional
        The run's national figures (:func:`cpanalysis.virtual_school.national.national_for_run`);
        default ``national.toml``'s.

    Returns
    -------
    pandas.DataFrame
        Columns ``Measure``, ``Pupils``, ``This council``, ``95% confidence
        interval``, the two England columns and ``Compared with children in
        care in England``; ``attrs["sources"]``: the labels of the national
        figures shown, in order.
    """
    national = national if national is not None else toml_figures()
    tables = {key: rate_table(frames[MEASURES[key].stage], MEASURES[key], policy=policy) for key in measures}
    shown = {key: int(t.counts.values.loc["Total", "with"]) for key, t in tables.items()
             if MEASURES[key].kind == "proportion"
             and t.display.iloc[0]["Percentage"] not in (CONFIDENTIAL, NOT_APPLICABLE)}
    nested_hidden = _nested_hidden(shown, policy)
    rows, cla_figs, all_figs = [], [], []
    for key in measures:
        m = MEASURES[key]
        rt = tables[key]
        d = rt.display.iloc[0].copy()
        if key in nested_hidden:  # secondary: the outer measure minus this one would be a small count
            d["Percentage"], d["95% confidence interval"] = CONFIDENTIAL, CONFIDENTIAL
        cla = national.figure(key, "cla", year)
        allp = national.figure(key, "all", year)
        cla_figs.append(cla)
        all_figs.append(allp)
        value_col = "Percentage" if m.kind == "proportion" else "Average"
        row = {"Measure": m.label[:1].upper() + m.label[1:], "Pupils": d["Pupils"], "This council": d[value_col],
               "95% confidence interval": d["95% confidence interval"]}
        row["England: children in care"] = cla.formatted() if cla else NO_FIGURE
        row["England: all pupils"] = allp.formatted() if allp else NO_FIGURE
        hidden = d[value_col] in (CONFIDENTIAL, NOT_APPLICABLE)
        if cla is None:
            verdict = NO_FIGURE
        elif hidden:
            verdict = CONFIDENTIAL
        elif m.kind == "proportion":
            n = int(rt.counts.values.loc["Total", "Total"])
            x = int(rt.counts.values.loc["Total", "with"])
            verdict = funnel_verdict(x, n, cla.proportion, comparator="children in care in England")
        else:
            verdict = mean_verdict(frames[m.stage][m.key].dropna().to_numpy(dtype=float), cla.value,
                                   "children in care in England")
        row["Compared with children in care in England"] = verdict
        rows.append(row)
    out = pd.DataFrame(rows)
    out = out.rename(columns={"England: children in care": _column_label(cla_figs, "England: children in care"),
                              "England: all pupils": _column_label(all_figs, "England: all pupils")})
    out.attrs["sources"] = list(dict.fromkeys(f.label for f in cla_figs + all_figs if f is not None))
    out.attrs["mixed_sources"] = any(len({f.label for f in col if f is not None}) > 1 for col in (cla_figs, all_figs))
    return out


def mean_verdict(values: np.ndarray, baseline: float, comparator: str) -> str:
    """An average against a national figure, in plain words: "similar to", "higher than" or "lower than".

    Method: "similar" when ``baseline`` lies inside the 95% confidence
    interval of the mean of ``values`` (Student t,
    :func:`cpanalysis.protect.effect.mean_interval`); otherwise higher or
    lower by the side the mean is on. No method words: the page describes
    the method once.

    Examples
    --------
    >>> import numpy as np
    >>> mean_verdict(np.array([10.0, 20.0, 30.0]), 18.0, "England")
    'similar to England'
    """
    est = mean_interval(values)
    if est.lower <= baseline <= est.upper:
        return f"similar to {comparator}"
    word = "higher" if est.estimate > baseline else "lower"
    return f"{word} than {comparator}"


def trend_table(frames: dict[int, pd.DataFrame], measure: str | Measure, *, policy: DisclosurePolicy) -> pd.DataFrame:
    """A measure over academic years: pupils, number, percentage and interval per year.

    Each year is protected as its own table (with / without the outcome,
    :func:`cpanalysis.protect.suppress`). A year with no assessment
    (:data:`cpanalysis.virtual_school.years.NO_ASSESSMENT`, e.g. no key stage 2
    tests in 2019-20 and 2020-21) and no results is shown as ``x`` (not
    available), not as a hidden or empty year.

    Parameters
    ----------
    frames : dict of int to DataFrame
        Stage frame per academic year (start year), oldest first.
    measure : str or Measure
    policy : DisclosurePolicy

    Returns
    -------
    pandas.DataFrame
        ``Academic year`` (``"2023-24"``), ``Pupils``, ``Number``/``Average``,
        ``Percentage``, ``95% confidence interval``; a float column ``value``
        (the published percentage or average as printed, NaN where not
        published) for charts and a text column ``status`` (``"shown"``,
        ``"hidden"``, ``"no assessment"`` or ``"no results"``).
    """
    from .years import academic_year_label, no_assessment_years

    m = _measure(measure)
    none_held = no_assessment_years(m.stage, m.key)
    rows = []
    for year, f in frames.items():
        has = bool(f[m.key].notna().any()) if m.key in f.columns else False
        rt = rate_table(f, m, policy=policy)
        d = rt.display.iloc[0].to_dict()
        d["Group"] = academic_year_label(year)
        shown = d.get("Percentage", d.get("Average"))
        value = np.nan
        if not has:
            d = {k: (NOT_AVAILABLE if k != "Group" else v) for k, v in d.items()}
            status = "no assessment" if year in none_held else "no results"
        elif shown in (CONFIDENTIAL, NOT_APPLICABLE):
            status = "hidden"
        else:
            status = "shown"
            if m.kind == "proportion":
                t = rt.counts.values.loc["Total"]
                value = published_percent(int(t["with"]), int(t["Total"]), policy=policy)[0]
            else:
                v = f[m.key].dropna().astype(float)
                value = round_half_away(float(v.mean()) * (100 if m.key == "attendance" else 1), 1)
        d["value"] = value
        d["status"] = status
        rows.append(d)
    out = pd.DataFrame(rows).rename(columns={"Group": "Academic year"})
    return out


def group_words(group: str) -> str:
    """``"cla"`` -> "children in care nationally"."""
    return GROUPS[group]

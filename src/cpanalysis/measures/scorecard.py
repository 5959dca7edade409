"""The scorecard: every measure for a quarter, protected, with direction of travel, RAG and comparators.

Protection (DOMAIN.md section 6; :mod:`cpanalysis.protect`):

* counts from 1 to ``threshold - 1`` are shown as ``c``; a true zero as 0;
* percentages go through :func:`cpanalysis.protect.proportion.proportion`
  (Wilson 95% interval; ``c`` when the numerator, denominator or complement
  is from 1 to ``threshold - 1``; ``u`` flag when the denominator is under
  20);
* averages (days, scores) over fewer than ``threshold`` children are ``c``
  (a mean of one child's days is that child's days);
* not available is ``x``, a percentage of nobody is ``z``.

Nothing derived from a suppressed figure is shown: when this quarter or the
previous one is suppressed, the previous value is ``c`` as needed, and the
direction of travel, RAG and funnel verdict are ``c`` too. No numeric change
is published at all (a change and one published value give the other).

Direction of travel compares this quarter with the previous one and says
"improving" or "worsening" (by polarity; "higher"/"lower" for measures with
no polarity) only when the difference is statistically meaningful at 95%:

* percentages: Newcombe (1998) method 10 hybrid score interval for the
  difference of two proportions (:func:`cpanalysis.protect.effect.newcombe_difference`)
  must exclude 0;
* counts and rates: the exact conditional test for two Poisson counts (the
  count this quarter is binomial given the sum, p = 1/2 under no change;
  Przyborowski and Wilenski 1940), two-sided p < 0.05. For stock counts
  (children at a date) the two counts share children, so the test is
  conservative;
* averages: Welch (1947) interval for a difference of means from the two
  means, standard deviations and numbers of children, must exclude 0.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..protect.policy import DisclosurePolicy
from ..protect.effect import newcombe_difference
from ..protect.funnel import funnel_verdict
from ..protect.rounding import round_half_away
from ..quarters import Quarter
from .comparisons import AREAS, load_comparators, load_targets, rag
from .data import MeasureData
from .disclosure import HIDDEN, PUBLISHED, _int, publish, published_figures, share_display
from .linked import hidden_by_links, ytd_flags, ytd_rounded
from .registry import MEASURES, Measure

__all__ = [
    "AREAS", "direction_of_travel", "load_comparators", "load_targets", "measure_table", "publish", "published_values",
    "rag", "scorecard", "scorecard_html", "sort_key",
]


def sort_key(measure_id: str) -> tuple:
    """Scorecard order: G before P, then by pledge and number (``P3.4a`` after ``P3.4``)."""
    parts = re.findall(r"\d+|[A-Za-z]+", measure_id)
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts)


_PUBLISHED = PUBLISHED
_HIDDEN = HIDDEN


def _flag(display: str, status: str) -> str:
    """GSS ``u`` beside a value of low reliability (a percentage of fewer than 20 children)."""
    return f"{display} u" if status == "low_reliability" else display


def direction_of_travel(measure: Measure, now: Mapping, before: Mapping, confidence: float = 0.95) -> str:
    """Direction of travel from ``before`` to ``now`` (rows with numerator, denominator, value, spread).

    Methods in the module docstring. Returns ``improving``, ``worsening``,
    ``higher``/``lower`` (no polarity), ``no meaningful change``, or ``z``
    when there is nothing to compare.
    """
    from scipy import stats  # here: briefings that only read comparators need not import it

    sign = 0
    if measure.unit == "percent":
        x1, n1, x2, n2 = (_int(now["numerator"]), _int(now["denominator"]),
                          _int(before["numerator"]), _int(before["denominator"]))
        if None in (x1, n1, x2, n2) or not n1 or not n2:
            return "z"
        est = newcombe_difference(x1, n1, x2, n2, confidence)
        sign = 1 if est.lower > 0 else (-1 if est.upper < 0 else 0)
    elif measure.unit in ("count", "rate_per_10000"):
        a, b = _int(now["numerator"]), _int(before["numerator"])
        if a is None or b is None:
            return "z"
        if a + b > 0 and stats.binomtest(a, a + b, 0.5).pvalue < 1 - confidence:
            sign = 1 if a > b else -1
    else:
        n1, n2 = _int(now["denominator"]), _int(before["denominator"])
        m1, m2, s1, s2 = now["value"], before["value"], now["spread"], before["spread"]
        if None in (n1, n2) or n1 < 2 or n2 < 2 or any(v is None or pd.isna(v) for v in (m1, m2, s1, s2)):
            return "z"
        v1, v2 = s1 ** 2 / n1, s2 ** 2 / n2
        se = math.sqrt(v1 + v2)
        if se > 0:
            df = (v1 + v2) ** 2 / (v1 ** 2 / (n1 - 1) + v2 ** 2 / (n2 - 1))
            half = stats.t.ppf(0.5 + confidence / 2, df) * se
            d = m1 - m2
            sign = 1 if d - half > 0 else (-1 if d + half < 0 else 0)
    if sign == 0:
        return "no meaningful change"
    if measure.polarity == "neutral":
        return "higher" if sign > 0 else "lower"
    good = (sign > 0) == (measure.polarity == "higher_is_better")
    return "improving" if good else "worsening"


def _as_published(row: pd.Series, status: str, policy: DisclosurePolicy, form: object = None) -> pd.Series:
    """The row with the figures a reader holds (:func:`~cpanalysis.measures.disclosure.published_figures`).

    ``form``: the rounded form of a year-to-date value printed rounded instead of hidden
    (:func:`~cpanalysis.measures.linked.ytd_rounded`), when the value is not rounded on its own.
    """
    if status != "rounded":
        return row
    out = row.copy()
    for k, v in published_figures(row, status, policy=policy, form=form).items():
        out[k] = v
    return out


def _measures(ids: list[str] | None) -> list[Measure]:
    ms = [MEASURES[i] for i in ids] if ids else list(MEASURES.values())
    return sorted(ms, key=lambda m: sort_key(m.id))


def _all_results(data: MeasureData, quarter: Quarter, measures: list[Measure]) -> dict[str, pd.DataFrame]:
    return {m.id: m.results(data, quarter) for m in measures}


def published_values(data: MeasureData, quarter: Quarter, measures: list[Measure],
                     res: Mapping[str, pd.DataFrame], policy: DisclosurePolicy) -> dict[tuple[str, str], tuple[str, str]]:
    """(display, status) of every measure and council for a quarter, after all protection.

    Each value is protected on its own (:func:`publish`), then across measures
    and across the quarters of a year to date (:mod:`cpanalysis.measures.linked`):
    a value that would give back a small count by subtraction is hidden as
    ``c`` with status ``secondary``, or, for a year-to-date percentage that a
    coarser rounding protects, printed in that rounding (status ``rounded``,
    :func:`~cpanalysis.measures.linked.ytd_flags`).
    """
    out: dict[tuple[str, str], tuple[str, str]] = {}
    for m in measures:
        f = res[m.id]
        ytd = ytd_flags(m.id, data, quarter, policy) if m.period == "year_to_date" else None
        for council, r in zip(f.index, f.itertuples(index=False)):
            disp, status = publish(m, r.numerator, r.denominator, r.value, r.available, policy=policy)
            if ytd is not None and status in _PUBLISHED and bool(ytd["value"].get(council, False)):
                form = ytd["rounded"].get(council)
                disp, status = (form.display, "rounded") if form is not None else ("c", "secondary")
            out[(m.id, council)] = (disp, status)
    ids = {m.id for m in measures}
    councils = next(iter(res.values())).index if res else []
    for council in councils:
        rows = {i: res[i].loc[council] for i in ids}
        shown = {i for i in ids if out[(i, council)][1] in _PUBLISHED}
        for i in hidden_by_links(rows, shown, policy):
            out[(i, council)] = ("c", "secondary")
    return out


#: Scorecard columns of each kind of comparator (:data:`cpanalysis.measures.comparisons.KINDS`).
COMPARATOR_COLS = {"england": "england", "region": "region", "neighbours": "statistical_neighbours"}
NO_NATIONAL = "no national figure published"


def _region_name(comparators: pd.DataFrame) -> str:
    reg = comparators.loc[comparators["kind"] == "region", "area"] if "kind" in comparators else pd.Series([])
    return str(reg.iloc[0]) if len(reg) else ""


def _comparator_value(value: float, unit: str) -> str:
    """A comparator as printed: to one decimal place at most, thousands separated.

    Examples
    --------
    >>> _comparator_value(10.0, "percent"), _comparator_value(68.84, "percent")
    ('10%', '68.8%')
    >>> _comparator_value(83630, "count"), _comparator_value(538.25, "count"), _comparator_value(1234567, "count")
    ('83,630', '538.3', '1,234,567')
    """
    v = round_half_away(float(value), 1)
    if unit == "percent":
        return f"{v:g}%"
    return f"{int(v):,}" if float(v).is_integer() else f"{v:,.1f}"


def _comparator_cells(m: Measure, comp: pd.DataFrame, status: str, num: int | None, den: int | None) -> dict:
    """England, region and statistical-neighbour cells, funnel verdicts, rank, quartile and source of one row.

    A measure DfE does not publish by council
    (:func:`cpanalysis.benchmarks.mapping.benchmark` is None) and with no
    comparator held says "no national figure published"; one DfE publishes
    but no figure was loaded is ``x``; a figure DfE suppressed is its symbol
    (``c``). Funnel verdicts only for percentages (PHE/OHID limits), ``c``
    when the council's own value is hidden.
    """
    from ..benchmarks.mapping import benchmark

    if "kind" not in comp:
        comp = comp.assign(kind=comp["area"].map(lambda a: {"England": "england", "Statistical neighbours":
                                                             "neighbours"}.get(a, "region")))
    published = benchmark(m.id) is not None
    cells: dict[str, str] = {}
    for kind, col in COMPARATOR_COLS.items():
        c = comp.loc[comp["kind"] == kind]
        verdict = ""
        if c.empty:
            text = "x" if published or not comp.empty else (NO_NATIONAL if kind == "england" else "")
        elif pd.isna(c["value"].iloc[0]):
            text = str(c["symbol"].iloc[0] or "x") if "symbol" in c else "x"
        else:
            value, unit = float(c["value"].iloc[0]), str(c["unit"].iloc[0])
            text = _comparator_value(value, unit)
            if unit == "percent" and num is not None and den:
                area = "statistical neighbours' average" if kind == "neighbours" else str(c["area"].iloc[0])
                verdict = (funnel_verdict(num, den, value / 100, area)
                           if status in _PUBLISHED else "c" if status in _HIDDEN else "")
        cells[col] = text
        cells[f"funnel_{col}"] = verdict
    eng = comp.loc[comp["kind"] == "england"]
    rank = eng["rank"].iloc[0] if not eng.empty and "rank" in eng else np.nan
    ranked = eng["ranked"].iloc[0] if not eng.empty and "ranked" in eng else np.nan
    own = str(eng["council_symbol"].iloc[0]) if not eng.empty and "council_symbol" in eng else ""
    cells["rank"] = f"{int(rank)} of {int(ranked)}" if pd.notna(rank) and pd.notna(ranked) else own
    cells["quartile"] = (str(eng["quartile"].iloc[0]) if not eng.empty and "quartile" in eng else "") or own
    cells["comparator_source"] = (f"{eng['year'].iloc[0]} ({eng['source'].iloc[0]})" if not eng.empty else "")
    return cells


def measure_table(data: MeasureData, quarter: Quarter, *, ids: list[str] | None = None,
                  policy: DisclosurePolicy) -> pd.DataFrame:
    """Every measure's value for one quarter: id, title, numerator, denominator, value, display, status.

    One row per measure (and council, for multi-council data). ``numerator``,
    ``denominator`` and ``value`` are the unprotected figures, for the
    analyst; ``display`` and ``status`` are what may be published.
    """
    measures = _measures(ids)
    res = _all_results(data, quarter, measures)
    pub = published_values(data, quarter, measures, res, policy)
    rows = []
    for m in measures:
        f = res[m.id]
        for council, r in zip(f.index, f.itertuples(index=False)):
            disp, status = pub[(m.id, council)]
            rows.append({"council": council, "id": m.id, "title": m.title, "unit": m.unit,
                         "numerator": _int(r.numerator), "denominator": _int(r.denominator),
                         "value": None if pd.isna(r.value) else float(r.value),
                         "display": disp, "status": status, "note": r.note})
    out = pd.DataFrame(rows)
    out["numerator"] = out["numerator"].astype("Int64")
    out["denominator"] = out["denominator"].astype("Int64")
    if not data.multi_council:
        out = out.drop(columns="council")
    return out


def scorecard(data: MeasureData, quarter: Quarter, *, ids: list[str] | None = None, policy: DisclosurePolicy,
              targets: Mapping[str, Mapping] | None = None, comparators: pd.DataFrame | None = None) -> pd.DataFrame:
    """The protected scorecard for one quarter: a tidy frame, one row per measure (and council).

    Columns: ``id``, ``title``, ``pledge``, ``polarity``, ``unit``, ``period``,
    ``this_quarter``, ``status``, ``share`` (count measures also shown as a
    share), ``previous_quarter``, ``same_quarter_last_year`` (as published
    then), ``direction``, ``target``, ``rag``, the
    comparators ``england``, ``region`` and ``statistical_neighbours``
    (:data:`COMPARATOR_COLS`; "no national figure published" where DfE
    publishes none by council), ``funnel_<column>`` verdicts (PHE/OHID funnel
    limits at 95% and 99.8%, :func:`cpanalysis.protect.funnel.funnel_verdict`),
    ``rank`` ("5 of 151") and ``quartile`` (LAIT's A-D) of the council's
    published DfE figure, ``comparator_source`` (year and release), ``note``.
    Comparators: ``comparators`` (default :func:`load_comparators`, the
    shipped England and North West figures; pass
    ``load_comparators(store=..., la_code=...)`` for a council's DfE
    benchmarks). Every cell is already protected (module docstring).
    """
    targets = load_targets() if targets is None else targets
    comparators = load_comparators() if comparators is None else comparators
    measures = _measures(ids)
    prev_q = quarter.shift(-1)
    now_res = _all_results(data, quarter, measures)
    prev_res = _all_results(data, prev_q, measures) if data.covers(prev_q) else {}
    now_pub = published_values(data, quarter, measures, now_res, policy)
    prev_pub = published_values(data, prev_q, measures, prev_res, policy) if prev_res else {}
    # The same quarter last year, as it was published then (its own protection, recomputed).
    year_q = quarter.shift(-4)
    year_res = _all_results(data, year_q, measures) if data.covers(year_q) else {}
    year_pub = published_values(data, year_q, measures, year_res, policy) if year_res else {}
    rows = []
    for m in measures:
        f_now = now_res[m.id]
        f_prev = prev_res.get(m.id)
        comp = comparators.loc[comparators["measure"] == m.id]
        ytd = m.period == "year_to_date"
        forms = ytd_rounded(m.id, data, quarter, policy) if ytd else None
        pforms = ytd_rounded(m.id, data, prev_q, policy) if ytd and f_prev is not None else None
        for council in f_now.index:
            disp, status = now_pub[(m.id, council)]
            # A rounded value is worked with as it is printed (about 99% of about 540), never its counts.
            r = _as_published(f_now.loc[council], status, policy, None if forms is None else forms.get(council))
            if f_prev is not None:
                pdisp, pstatus = prev_pub[(m.id, council)]
                p = _as_published(f_prev.loc[council], pstatus, policy,
                                  None if pforms is None else pforms.get(council))
            else:
                p, pdisp, pstatus = None, "x", "not_available"
            if status in _HIDDEN or pstatus in _HIDDEN:
                direction = "c"
            elif status not in _PUBLISHED or pstatus not in _PUBLISHED:
                direction = "x" if "not_available" in (status, pstatus) else "z"
            else:
                direction = direction_of_travel(m, r, p)
            value = None if pd.isna(r["value"]) else float(r["value"])
            target = targets.get(m.id)
            grade = rag(m, value, target) if status in _PUBLISHED else ("c" if status in _HIDDEN else "z")
            row = {"council": council, "id": m.id, "title": m.title, "pledge": m.pledge, "polarity": m.polarity,
                   "unit": m.unit, "period": m.period, "this_quarter": _flag(disp, status), "status": status,
                   "share": share_display(m, r["numerator"], r["denominator"], policy=policy) if status in _PUBLISHED else "",
                   "previous_quarter": _flag(pdisp, pstatus),
                   "same_quarter_last_year": _flag(*year_pub.get((m.id, council), ("x", "not_available"))),
                   "direction": direction,
                   "target": "" if target is None else f"{target['target']:g}", "rag": grade}
            num, den = _int(r["numerator"]), _int(r["denominator"])
            row.update(_comparator_cells(m, comp, status, num, den))
            row["note"] = r["note"] if isinstance(r["note"], str) else ""
            rows.append(row)
    out = pd.DataFrame(rows)
    out.attrs.update(quarter=quarter.label, previous_quarter=prev_q.label, same_quarter_last_year=year_q.label,
                     comparators_version=comparators.attrs.get("version", ""), policy=policy,
                     region_name=_region_name(comparators), la_code=comparators.attrs.get("la_code", ""),
                     neighbours=comparators.attrs.get("neighbours", []))
    if not data.multi_council:
        out = out.drop(columns="council")
    return out


_HEAD = {"id": "Ref", "title": "Measure", "polarity": "Better if", "this_quarter": "This quarter",
         "share": "Share", "previous_quarter": "Previous quarter",
         "same_quarter_last_year": "Same quarter last year", "direction": "Direction of travel",
         "target": "Target", "rag": "RAG", "england": "England", "region": "Region",
         "statistical_neighbours": "Statistical neighbours' average", "funnel_england": "Compared with England",
         "rank": "Rank among councils in England (1 = best)",
         "quartile": "Quartile band among councils in England (A = best quarter)",
         "comparator_source": "Year and source of the England, region and neighbour figures"}
_POLARITY = {"higher_is_better": "Higher", "lower_is_better": "Lower", "neutral": "Neither: for information"}


def scorecard_html(card: pd.DataFrame, caption: str | None = None) -> str:
    """The scorecard as an accessible HTML table (caption, header scopes, one row per measure).

    Symbols: ``c`` suppressed, ``x`` not available, ``z`` not applicable,
    ``u`` low reliability (GSS); a key follows the table.
    """
    cols = [c for c in _HEAD if c in card.columns]
    for c in ("rank", "quartile"):  # shown only where some council-level comparator is held
        if c in cols and not card[c].astype(str).str.strip().ne("").any():
            cols.remove(c)
    head = dict(_HEAD)
    if card.attrs.get("region_name"):
        head["region"] = f"Region ({card.attrs['region_name']})"
    cap = caption or f"Corporate parenting scorecard, {card.attrs.get('quarter', '')}"
    out = ['<table class="scorecard">', f"<caption>{html.escape(cap)}</caption>", "<thead><tr>"]
    out += [f'<th scope="col">{html.escape(head[c])}</th>' for c in cols]
    out.append("</tr></thead><tbody>")
    pledge = None
    for _, r in card.iterrows():
        if r.get("pledge") != pledge:
            pledge = r.get("pledge")
            out.append(f'<tr><th scope="rowgroup" colspan="{len(cols)}">{html.escape(str(pledge))}</th></tr>')
        cells = []
        for c in cols:
            v = _POLARITY.get(r[c], r[c]) if c == "polarity" else r[c]
            text = html.escape("" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v))
            cells.append(f'<th scope="row">{text}</th>' if c == "id" else f"<td>{text}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    out.append('<p class="key">Key: c = hidden to protect children\'s privacy: a small number, or one that '
               "would let a small number be worked out; \"99% or more\" and the like = a percentage shown as a "
               "range instead of hidden; x = not available; "
               "z = not applicable; u = low reliability (fewer than 20 children); k = DfE's figure rounds to zero "
               "but is not zero. Direction of travel is "
               "\"improving\" or \"worsening\" only where the change is statistically meaningful at 95%. "
               "Comparators are the figures of the year and source named in their own column; "
               "\"no national figure published\" means DfE publishes no council-level figure for the measure; "
               "the statistical neighbours' average is the simple mean of the published values of the council's "
               "ten DfE statistical neighbours; rank and quartile band (A best, D worst) place the council's "
               "published figure for that year among all councils with one, as DfE's LAIT does.</p>")
    return "\n".join(out)

"""The scorecard briefing: the table by pledge, what changed, and drafted commentary.

Every figure comes from :func:`cpanalysis.measures.scorecard.scorecard`, which
has already protected it (``c``, ``x``, ``z``); this module only chooses what to
say about it. Commentary is drafted for each *exception*:

* a direction of travel that is "improving" or "worsening" (statistically
  meaningful at 95%, never any change at all);
* a value outside the funnel-plot limits around a comparator (PHE method);
* a red RAG rating against the council's target.

An analyst replaces a draft by adding a row to a commentary CSV (columns
``quarter``, ``id``, ``text``); the briefing then prints their words and no
longer labels the sentence a draft.

**Trends.** Given the published trends
(:func:`cpanalysis.measures.trends.scorecard_trends`), :func:`pledge_tables`
follows each pledge's table with small multiples: one sparkline per measure
(an inline SVG, no script, drawn only from the values the quarters'
scorecards printed), hidden or unavailable quarters left as gaps marked
``c`` or ``x`` (never drawn as zero), annual measures one point per year.
Each sparkline's text alternative lists every value as published
(:func:`trend_text`). Small multiples rather than a column in the table: the
scorecard already fills a 1280 px screen and landscape A4, and a grid of
sparklines reflows to one per row on a 390 px phone without making the table
wider.
"""

from __future__ import annotations

import html
import math
import re
from pathlib import Path

import pandas as pd

from ..errors import InputError
from ..measures.scorecard import scorecard_html
from .page import Fragment
from .tables import wrap_table

__all__ = ["commentary_section", "comparators_note", "draft_commentary", "exceptions", "pledge_tables",
           "read_commentary", "trend_figures", "trend_svg", "trend_text"]

_COMPARATORS = {
    "funnel_england": "England",
    "funnel_region": "the region",
    "funnel_north_west": "the North West",
    "funnel_statistical_neighbours": "the statistical neighbours' average",
}


def _is_exceptional_funnel(verdict: object) -> bool:
    return isinstance(verdict, str) and ("higher than" in verdict or "lower than" in verdict)


def exceptions(card: pd.DataFrame) -> pd.DataFrame:
    """The scorecard rows worth the committee's attention, in scorecard order.

    A row is an exception when its direction of travel is improving or
    worsening, when it lies outside funnel limits around any comparator, or
    when its RAG rating is Red.
    """
    moved = card["direction"].isin(["improving", "worsening"])
    funnel = pd.Series(False, index=card.index)
    for col in _COMPARATORS:
        if col in card.columns:
            funnel |= card[col].map(_is_exceptional_funnel)
    red = card["rag"].eq("Red")
    return card[moved | funnel | red]


def draft_commentary(row: pd.Series) -> str:
    """A plain-English draft sentence for one exception row.

    Uses only published (already protected) values from the row.
    """
    title = row["title"]
    share = row.get("share", "")
    value = f"{row['this_quarter']} ({share})" if isinstance(share, str) and share else row["this_quarter"]
    parts = [f"{title} ({row['id']}) was {value} this quarter"]
    if row["previous_quarter"] == row["this_quarter"] and row["previous_quarter"] not in ("x", "c", "z", ""):
        parts.append(", the same as last quarter")
        if row.get("period") == "return_year":
            parts.append(" (a figure for the whole return year, updated once a year)")
    elif row["previous_quarter"] not in ("x", "c", "z", ""):
        parts.append(f" against {row['previous_quarter']} last quarter")
    sentence = "".join(parts) + "."
    if row["direction"] in ("improving", "worsening"):
        sentence += (
            f" This is {row['direction']}: the change is larger than chance variation alone would "
            "usually produce (95% level)."
        )
    for col, area in _COMPARATORS.items():
        verdict = row.get(col, "")
        if _is_exceptional_funnel(verdict):
            value_col = col.removeprefix("funnel_")
            sentence += f" It is {verdict}; the figure for {area} is {row.get(value_col, '')}."
    if row["rag"] == "Red":
        sentence += f" It misses the council's target of {row['target']}."
    return sentence


def read_commentary(path: str | Path | None, quarter_label: str) -> dict[str, str]:
    """The analyst's own commentary for a quarter, by measure id.

    Parameters
    ----------
    path : str or pathlib.Path or None
        CSV with columns ``quarter`` (e.g. ``2024-25 Q3``), ``id`` and ``text``.
        A missing file means no overrides.
    quarter_label : str
        The quarter whose rows to take.

    Raises
    ------
    InputError
        If the file lacks one of the three columns.
    """
    if path is None or not Path(path).is_file():
        return {}
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = {"quarter", "id", "text"} - set(frame.columns)
    if missing:
        raise InputError(f"{path}: column {', '.join(sorted(missing))} missing (need quarter, id, text)")
    rows = frame[frame["quarter"].str.strip() == quarter_label]
    return {r.id.strip(): r.text.strip() for r in rows.itertuples() if r.text.strip()}


def commentary_section(card: pd.DataFrame, overrides: dict[str, str] | None = None) -> Fragment:
    """The measures that stand out this quarter: one paragraph per exception.

    Parameters
    ----------
    card : pandas.DataFrame
        The protected scorecard for the quarter.
    overrides : dict, optional
        Analyst's commentary by measure id (:func:`read_commentary`); these
        replace the drafts.
    """
    overrides = overrides or {}
    rows = exceptions(card)
    if rows.empty:
        return Fragment(
            "<p>No measure changed by more than chance variation would usually produce since last "
            "quarter, none is higher or lower than its comparators, and none is rated "
            "Red against a target.</p>"
        )
    items = []
    for _, row in rows.iterrows():
        text = overrides.get(row["id"])
        label = "" if text else '<span class="small">Draft: </span>'
        items.append(f"<li>{label}{html.escape(text or draft_commentary(row))}</li>")
    # The number of exceptions is not said: the gate rightly reads "3 measures" as a small count.
    intro = (
        "<p>These measures stand out this quarter. Sentences marked draft were written "
        "automatically from the figures; replace them with the service's own account.</p>"
    )
    return Fragment(intro + "<ul>" + "".join(items) + "</ul>")


def pledge_tables(card: pd.DataFrame, trends: pd.DataFrame | None = None) -> Fragment:
    """The scorecard as one accessible table per pledge, each under its own ``<h2>``.

    Parameters
    ----------
    card : pandas.DataFrame
        The protected scorecard (:func:`cpanalysis.measures.scorecard.scorecard`).
    trends : pandas.DataFrame, optional
        The same measures' published trends
        (:func:`cpanalysis.measures.trends.scorecard_trends`); when given,
        each pledge's table is followed by its sparklines
        (:func:`trend_figures`). Without it the tables are exactly as before.
    """
    parts = []
    for pledge, rows in card.groupby("pledge", sort=False):
        parts.append(f"<h2>{html.escape(str(pledge))}</h2>")
        caption = f"{pledge}: measures for {card.attrs.get('quarter', '')}"
        parts.append(wrap_table(scorecard_html(rows.drop(columns="pledge"), caption=caption)))
        if trends is not None:
            parts.append(trend_figures(rows, trends).html)
    return Fragment("".join(parts))


# -- trends -------------------------------------------------------------------------------------------------

#: Symbols of a value with no number, in the words of the page's key.
_SYMBOL_WORDS = {"c": "c = hidden to protect children's privacy", "x": "x = not available",
                 "z": "z = not applicable"}
_INK, _GREY, _LINE = "#0b0c0c", "#505a5f", "#12436d"   # text, secondary text, afcharts dark blue
_W, _H = 240, 88          # drawn size in CSS pixels: never scaled, so its words stay 12 px or more
_PLOT = (8, 232, 10, 46)  # x0, x1, y0 (top), y1 (bottom) of the line


def _symbol(shown: str) -> str:
    """The GSS symbol of a value with no number (``c``, ``x``, ``z``), else ``""``."""
    head = str(shown).strip().split(" ")[0] if str(shown).strip() else "x"
    return head if head in _SYMBOL_WORDS else ""


def _points(trends: pd.DataFrame, measure_id: str) -> pd.DataFrame:
    return trends.loc[trends["id"] == measure_id]


def trend_text(measure_id: str, title: str, points: pd.DataFrame) -> str:
    """The text alternative of a measure's sparkline: every value as published, in time order.

    Parameters
    ----------
    measure_id, title : str
        The measure's reference and name.
    points : pandas.DataFrame
        Its rows of :func:`cpanalysis.measures.trends.scorecard_trends`.

    Returns
    -------
    str
        e.g. "P3.14 Long-term stability, each quarter 2022-23 Q4 to 2024-25 Q3:
        2022-23 Q4 c, ..., 2024-25 Q3 43.8% u. c = hidden to protect children's
        privacy." Annual measures say "each year to 31 March" and list years.
    """
    pts = points.reset_index(drop=True)
    if pts.empty:
        return f"{measure_id} {title}: no figures."
    annual = bool(pts["annual"].iloc[0])
    span = f"{pts['point'].iloc[0]} to {pts['point'].iloc[-1]}"
    when = f"each year to 31 March, {span}" if annual else f"each quarter, {span}"
    values = ", ".join(f"{r.point} {r.shown}" for r in pts.itertuples())
    symbols = sorted({s for s in pts["shown"].map(_symbol) if s})
    key = "".join(f" {_SYMBOL_WORDS[s]}." for s in symbols)
    return f"{measure_id} {title}, {when}: {values}.{key}"


def _fmt(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


def _scale(known: list[float], unit: str) -> tuple[float, float]:
    """The bottom and top of a sparkline's scale: the values' range, widened so small changes look small.

    The range is at least 10 percentage points for a percentage (kept within
    0 to 100) and at least a tenth of the largest value otherwise, centred on
    the values: a change of 83.7% to 83.3% is drawn nearly flat, not from the
    bottom to the top.
    """
    if not known:
        return 0.0, 1.0
    lo, hi = min(known), max(known)
    least = 10.0 if unit == "percent" else max(abs(lo), abs(hi)) / 10
    span = max(hi - lo, least, 1e-9)
    mid = (lo + hi) / 2
    lo, hi = mid - span / 2, mid + span / 2
    if unit == "percent":
        lo, hi = (0.0, span) if lo < 0 else (100 - span, 100.0) if hi > 100 else (lo, hi)
    return lo, hi


def trend_svg(measure_id: str, title: str, points: pd.DataFrame, *, element_id: str, unit: str = "") -> str:
    """A measure's sparkline: an inline SVG of its published values, gaps where nothing was published.

    Consecutive published values are joined; a hidden (``c``), not available
    (``x``) or not applicable (``z``) value is a gap with its symbol in it,
    never a zero. The vertical scale runs from the lowest to the highest
    published value of the measure, widened so that a small change looks
    small (:func:`_scale`); heights are not comparable between measures. The first
    and last period and their values are printed under the line. The SVG is
    named by its ``<title>`` (:func:`trend_text`), which lists every value.

    Parameters
    ----------
    measure_id, title : str
        The measure's reference and name.
    points : pandas.DataFrame
        Its rows of :func:`cpanalysis.measures.trends.scorecard_trends`, in
        time order.
    element_id : str
        A page-unique id for the ``<title>`` (letters, digits and ``-``).
    unit : str, optional
        The measure's unit (``percent`` keeps the scale within 0 to 100).
    """
    esc = html.escape
    pts = points.reset_index(drop=True)
    n = len(pts)
    x0, x1, y0, y1 = _PLOT
    xs = [(x0 + x1) / 2] if n == 1 else [x0 + i * (x1 - x0) / (n - 1) for i in range(n)]
    vals = [float(v) for v in pts["value"]]
    lo, hi = _scale([v for v in vals if not math.isnan(v)], unit)

    def y(v: float) -> float:
        return y1 - (v - lo) / (hi - lo) * (y1 - y0)

    body = [f'<line x1="{x0}" y1="{y1 + 4}" x2="{x1}" y2="{y1 + 4}" stroke="#b1b4b6" stroke-width="1"/>']
    run: list[str] = []
    for i in range(n + 1):
        if i < n and not math.isnan(vals[i]):
            run.append(f"{_fmt(xs[i])},{_fmt(y(vals[i]))}")
            continue
        if len(run) > 1:
            body.append(f'<polyline points="{" ".join(run)}" fill="none" stroke="{_LINE}" stroke-width="2"/>')
        run = []
    for i, v in enumerate(vals):
        if math.isnan(v):
            mark = _symbol(pts["shown"].iloc[i]) or "x"
            body.append(f'<text x="{_fmt(xs[i])}" y="{_fmt((y0 + y1) / 2 + 4)}" text-anchor="middle" '
                        f'font-size="12" fill="{_GREY}">{esc(mark)}</text>')
        else:
            r = 3.5 if i == n - 1 else 2.5
            body.append(f'<circle cx="{_fmt(xs[i])}" cy="{_fmt(y(v))}" r="{r}" fill="{_LINE}"/>')
    first, last = pts.iloc[0], pts.iloc[-1]
    body.append(f'<text x="0" y="66" font-size="12" fill="{_GREY}">{esc(str(first["point"]))}</text>')
    body.append(f'<text x="0" y="83" font-size="13" fill="{_INK}">{esc(str(first["shown"]))}</text>')
    if n > 1:
        body.append(f'<text x="{_W}" y="66" font-size="12" text-anchor="end" fill="{_GREY}">'
                    f'{esc(str(last["point"]))}</text>')
        body.append(f'<text x="{_W}" y="83" font-size="13" font-weight="bold" text-anchor="end" fill="{_INK}">'
                    f'{esc(str(last["shown"]))}</text>')
    alt = trend_text(measure_id, title, pts)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{_W}" height="{_H}" viewBox="0 0 {_W} {_H}" '
            f'role="img" aria-labelledby="{element_id}" font-family="Arial, Helvetica, sans-serif" '
            f'style="display:block;max-width:none;overflow:visible">'
            f'<title id="{element_id}">{esc(alt)}</title>{"".join(body)}</svg>')


def _element_id(measure_id: str) -> str:
    return "trend-" + re.sub(r"[^A-Za-z0-9]+", "-", measure_id).strip("-").lower()


def trend_figures(rows: pd.DataFrame, trends: pd.DataFrame) -> Fragment:
    """The sparklines of a pledge's measures, in scorecard order, as a grid of small figures.

    Parameters
    ----------
    rows : pandas.DataFrame
        The pledge's scorecard rows (``id`` and ``title``).
    trends : pandas.DataFrame
        :func:`cpanalysis.measures.trends.scorecard_trends` for the same
        quarter (any other measures in it are ignored).

    Returns
    -------
    Fragment
        An ``<h3>``, one sentence on how to read the lines, a grid of
        ``<figure>``s (one per measure with at least one published figure)
        and a sentence naming the measures with none in any quarter. Empty
        when ``trends`` holds none of the pledge's measures.
    """
    esc = html.escape
    figures, none = [], []
    for r in rows.itertuples():
        pts = _points(trends, str(r.id))
        if pts.empty:
            continue
        if pts["value"].isna().all():
            none.append(str(r.id))
            continue
        svg = trend_svg(str(r.id), str(r.title), pts, element_id=_element_id(str(r.id)),
                        unit=str(getattr(r, "unit", "")))
        # A flex column: the sparklines of a row line up however many lines their titles take.
        figures.append('<figure class="trend" style="margin:0;display:flex;flex-direction:column;'
                       'justify-content:space-between;break-inside:avoid;page-break-inside:avoid">'
                       '<figcaption style="font-size:1rem;line-height:1.3;color:#0b0c0c;margin:0 0 0.25rem">'
                       f"<strong>{esc(str(r.id))}</strong> {esc(str(r.title))}</figcaption>{svg}</figure>")
    if not figures and not none:
        return Fragment("")
    quarters = trends.attrs.get("quarters") or sorted(set(trends["quarter"]))
    pledge = str(rows["pledge"].iloc[0]) if "pledge" in rows.columns and len(rows) else ""
    span = f"{quarters[0]} to {quarters[-1]}" if quarters else ""
    out = [f'<h3>{esc(pledge + ": " if pledge else "")}trend, {esc(span)}</h3>',
           '<p class="small">Each measure as each quarter\'s scorecard published it, oldest first; a yearly '
           "measure has one point a year. A gap marked c is a figure hidden to protect children's privacy, x one "
           "not available, never a zero. Each line has its own scale: compare shapes, not heights.</p>"]
    if figures:
        out.append('<div class="trends" style="display:grid;grid-template-columns:repeat(auto-fill,'
                   'minmax(15.5rem,1fr));gap:1rem 1.5rem;margin:0.5rem 0 1.5rem">' + "".join(figures) + "</div>")
    if none:
        out.append(f'<p class="small">No figure was published in any of these quarters (each one hidden, c, or '
                   f"not available, x) for {esc(', '.join(none))}.</p>")
    return Fragment("".join(out))


def comparators_note(card: pd.DataFrame, comparators: pd.DataFrame) -> Fragment:
    """Where the scorecard's comparators come from: years, releases and the council's statistical neighbours."""
    sources = sorted({f"{r.year} ({r.source})" for r in comparators.itertuples()})
    src = "; ".join(sources) if sources else "none held"
    from ..benchmarks.read import SYNTHETIC_RELEASE

    synthetic = any(str(r.source) == SYNTHETIC_RELEASE for r in comparators.itertuples())
    if comparators.attrs.get("la_code") and synthetic:
        names = comparators.attrs.get("neighbour_names") or []
        words = ("<p>Comparators are <strong>synthetic figures in DfE's published format, made up for this "
                 "demonstration; they are not DfE's published figures</strong>. They give "
                 f"{html.escape(str(comparators.attrs.get('area_name', '')))} (fictional DfE code "
                 f"{html.escape(str(comparators.attrs['la_code']))}) an England figure, a fictional region "
                 f"({html.escape(str(card.attrs.get('region_name') or 'its region'))}) and the average of ten "
                 "fictional statistical neighbours"
                 + (f" ({html.escape(', '.join(names))})" if names else "")
                 + ", with a rank and quartile band among the fictional councils, worked out exactly as they are "
                 "from DfE's real downloads. The demonstration council's own figures in them come from its "
                 "synthetic returns at 31 March of each year. A council that names its DfE code and DfE's "
                 f"downloads in its settings gets DfE's published figures instead. Sources: {html.escape(src)}.</p>")
    elif comparators.attrs.get("la_code"):
        names = comparators.attrs.get("neighbour_names") or []
        words = (f"<p>Comparators are DfE's published figures for {html.escape(str(comparators.attrs.get('area_name', '')))}"
                 f" (DfE code {html.escape(str(comparators.attrs['la_code']))}): England, "
                 f"{html.escape(str(card.attrs.get('region_name') or 'its region'))}, and the average of its ten "
                 "statistical neighbours in DfE's latest groupings"
                 + (f" ({html.escape(', '.join(names))})" if names else "")
                 + ", with the council's rank and quartile band among all councils in the same published year. "
                 "DfE's years end on 31 March (or are academic years for school outcomes), so they are compared "
                 f"with this quarter as the latest published figures. Sources: {html.escape(src)}.</p>")
    else:
        words = ("<p>Comparators are real England and North West figures typed in from DfE's published releases "
                 f"({html.escape(src)}). Without the council's DfE code and its DfE downloads in the settings "
                 "there are no statistical neighbours, rank or quartile band: a council that names them gets "
                 "them for every measure DfE publishes.</p>")
    return Fragment(words)

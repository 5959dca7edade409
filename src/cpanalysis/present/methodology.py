"""The methodology and data-quality page: definitions, disclosure rules, validation summary.

Every definition comes straight from the measure registry, and every data-quality
figure from the build's ``manifest.json``, so the page cannot drift from the code.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

import pandas as pd

from ..protect.policy import DisclosurePolicy
from ..measures.registry import MEASURES, Measure
from ..protect import suppress
from ..protect.render import count_cell
from .page import Fragment
from .tables import Table

__all__ = ["comparison_method", "data_quality", "disclosure_rules", "disclosure_summary", "measure_definitions",
           "statistical_neighbours"]

_PERIODS = {
    "snapshot": "At the quarter end",
    "year_to_date": "Year to date",
    "rolling_12_months": "Rolling 12 months",
    "return_year": "Return year",
}
_POLARITY = {"higher_is_better": "Higher", "lower_is_better": "Lower", "neutral": "Neither: for information"}


def measure_definitions(measures: Mapping[str, Measure] | None = None) -> Fragment:
    """A table of every registered measure: id, title, definition, period, polarity, source.

    Parameters
    ----------
    measures : mapping, optional
        Measures to list; defaults to the whole registry.
    """
    registry = MEASURES if measures is None else measures
    rows = [
        {
            "Measure": m.id,
            "Title": m.title,
            "Definition": m.definition,
            "Period": _PERIODS.get(m.period, m.period),
            "Better if": _POLARITY.get(m.polarity, m.polarity),
            "Data": m.data,
            "Source of definition": m.source,
        }
        for m in sorted(registry.values(), key=lambda m: _sort_key(m.id))
    ]
    table = Table(pd.DataFrame(rows), caption=f"Definitions of the {len(rows)} measures in this briefing pack")
    return Fragment(table.to_html())


def _sort_key(measure_id: str) -> tuple:
    parts = []
    for piece in measure_id.replace(".", " ").split():
        head = piece.rstrip("0123456789")
        tail = piece[len(head):]
        parts.append((head, int(tail) if tail else -1))
    return tuple(parts)


def disclosure_rules(policy: DisclosurePolicy) -> Fragment:
    """The disclosure-control rules applied to every published figure, in plain words."""
    small = f"1 to {policy.threshold - 1}"
    items = [
        f"Counts from {small} are not shown; they are marked c (confidential). A true zero is shown as 0.",
        f"A percentage is not shown when the number of children it counts, the number it is taken over, "
        f"or the difference between them is from {small}: for groups of up to 100 children a whole-number "
        "percentage would reveal the count.",
        "Where a percentage of a large group is close to 0% or 100%, it is shown as a range (\"99% or more\") "
        "rather than hidden, when the range is wide enough that the few children outside it cannot be counted.",
        "Before any figure is hidden, small groups are merged into a named group (for example \"reasons with "
        "fewer than " f"{policy.threshold} moves each\"), or a table uses broader categories, when that lets "
        "more of it be shown.",
        "When a table has totals, or figures on different pages or in different quarters are linked, further "
        "figures are hidden where needed so that no hidden count can be worked out by subtraction; figures "
        "the committee reads first, such as totals, are hidden only when nothing else will do. A figure is "
        "shown the same way on every page that shows it.",
        "Where one group of children lies inside another shown elsewhere (the year 11 leavers whose "
        f"destination is known, among all year 11 leavers), and the difference is from {small}, one of the two "
        "is hidden on every page that shows it, usually the one that matters less to the committee.",
        "Before anything is published, every page of the quarter is read together with the pages already "
        "published for earlier quarters of the year (and the same quarter last year), as a reader holding "
        "them all could, and the range of every hidden or implied count is worked out by linear and integer "
        "programming (an interval attack). If any count below the threshold could be worked out, nothing is "
        "published.",
        "0% or 100% of a small group is treated like a small count, because it says something about every "
        "child in the group.",
        "Percentages come with a 95% confidence interval (Wilson score method) and the number of percentage "
        "points one child represents. Percentages of fewer than 20 children are marked u (low reliability).",
        "x means the figure is not available; z means it does not apply.",
        "No child's identifier, date of birth or postcode appears in any briefing, and every page is "
        "checked for them before it is published.",
    ]
    body = "".join(f"<li>{html.escape(i)}</li>" for i in items)
    return Fragment(f"<ul>{body}</ul>")


#: The episode repairs (:mod:`cpanalysis.derive.episodes`, :mod:`cpanalysis.derive.periods`) in plain words.
REPAIR_WORDS = {
    "ZERO_LENGTH_DUPLICATE_DROPPED": "A same-day episode of no length beside the continuing one was removed",
    "SAME_EPISODE_LATER_YEAR": "An episode in more than one year's return: the latest return's version was used",
    "OPEN_SUPERSEDED": "An episode left open although a later one began: ended when the next began",
    "OVERLAP_TRUNCATED": "An episode that overlapped the next: ended when the next began",
    "OPEN_DROPPED_FROM_LATER_RETURN": "An episode open in one return but missing from the next: ended on 31 March",
    "REC_WITHOUT_DEC_CLEARED": "A reason for leaving recorded on an episode that had not ended: reason removed",
    "PERIOD_START_WITHOUT_S": "A new period of care not marked as a new start in the return: counted as one",
}


def data_quality(manifest: Mapping[str, Any], *, policy: DisclosurePolicy) -> Fragment:
    """Rows read, accepted and quarantined per table, and the repairs made, from a build manifest.

    Small counts (1 to ``threshold - 1``) are shown as ``c`` like any other
    count, and the rows table is protected with its totals by
    :func:`cpanalysis.protect.suppress`, so a hidden count cannot be worked out
    by subtraction.

    Parameters
    ----------
    manifest : mapping
        The build's ``manifest.json`` (see :func:`cpanalysis.derive.build.build`).
    policy : DisclosurePolicy
        The run's disclosure policy.
    """
    rows = manifest["rows"]
    # Rows read = accepted + quarantined: protected as a table with its totals, so a small
    # number quarantined cannot be had back as read minus accepted (audited interval attack).
    counts = pd.DataFrame(
        {
            "Rows accepted": [rows["accepted"][t] for t in sorted(rows["read"])],
            "Rows quarantined": [rows["quarantined"][t] for t in sorted(rows["read"])],
        },
        index=pd.Index(sorted(rows["read"]), name="Table"),
    )
    published = suppress(counts, policy=policy, margins="add").published().astype(str)
    published = published.rename(columns={"Total": "Rows read"}, index={"Total": "All tables"})
    table = published[["Rows read", "Rows accepted", "Rows quarantined"]].reset_index(names="Table")
    repairs = pd.DataFrame(
        [{"Repair": REPAIR_WORDS.get(k, k.replace("_", " ").capitalize()), "Episodes": count_cell(v, policy=policy)}
         for k, v in manifest["repairs"].items()]
    )
    years = manifest.get("return_years", [])
    intro = (
        "<p>Input: SSDA903 returns"
        + (f" for the return years {html.escape(years[0])} to {html.escape(years[-1])}" if len(years) > 1
           else f" for the return year {html.escape(years[0])}" if years else "")
        + ". Every row read is either accepted or quarantined (set aside with a reason in the "
        "validation report); none is dropped silently.</p>"
    )
    parts = [
        intro,
        Table(table, caption="Rows read, accepted and quarantined, by SSDA903 table").to_html(),
        Table(repairs, caption="Repairs made when stitching episodes across return years").to_html(),
    ]
    return Fragment("".join(parts))


#: How a scorecard value was published, in words, by status (:mod:`cpanalysis.measures.disclosure`).
_SHOWN_AS = {
    "rounded": "Shown as a range (for example \"99% or more\") instead of the exact figure",
    # One row for both kinds of hidden value: saying which c is a small number would tell a reader more
    # than the c does (two hidden parts known to be small each narrow one another).
    "hidden": "Hidden (c): a small number, or one that would let a small number be worked out",
    "not_available": "Not available (x): the data needed were not supplied",
}


def disclosure_summary(card: pd.DataFrame, quarter_label: str) -> Fragment:
    """How the quarter's scorecard measures were published: exactly, as a range, hidden or not available.

    Read from the quarter's protected scorecard (the run's
    :class:`~cpanalysis.measures.publication.QuarterPublication`), so it
    describes exactly what the scorecard page shows. The measures shown as a
    range, hidden or not available are named by their reference; the others
    are counted. Hidden values are not told apart (a small number, or one
    that would reveal one): saying which ``c`` is which would tell a reader
    more than the ``c`` does.

    Parameters
    ----------
    card : pandas.DataFrame
        The protected scorecard (:func:`cpanalysis.measures.scorecard.scorecard`).
    quarter_label : str
        The quarter, e.g. ``2024-25 Q3``.
    """
    kind = card["status"].astype(str).replace({"primary": "hidden", "secondary": "hidden"})
    exact = int(kind.isin(["shown", "zero", "low_reliability"]).sum())
    rows = [{"How the measure was published": "Shown exactly as calculated",
             "Measures (scorecard references)": f"{exact} of the {len(card)} measures"}]
    for status, words in _SHOWN_AS.items():
        ids = card.loc[kind == status, "id"].astype(str).tolist()
        rows.append({"How the measure was published": words,
                     "Measures (scorecard references)": ", ".join(ids) if ids else "none"})
    intro = ("<p>A measure is shown as a range, or hidden, only when its exact figure would identify children; "
             "the same figure is shown the same way on every page that shows it, and a figure already published "
             "for an earlier quarter is repeated as it was published then.</p>")
    return Fragment(intro + Table(pd.DataFrame(rows), caption=f"How the scorecard's measures were published, "
                                                               f"{html.escape(str(quarter_label))}").to_html())


def comparison_method() -> Fragment:
    """How the briefings compare the council with England, its region and its statistical neighbours."""
    return Fragment(_paragraphs(
        "Comparisons of a percentage with England, the region and the statistical neighbours use the funnel "
        "plot method of the Office for Health Improvement and Disparities (formerly Public Health England; "
        "Spiegelhalter 2005): around the comparator's percentage, limits at 95% and 99.8% are worked out for a "
        "group the size of the council's (normal approximation to the binomial).",
        "The tables say \"similar to\" within the 95% limits, \"higher than\" or \"lower than\" outside "
        "the 95% but within the 99.8% limits, and \"much higher than\" or \"much lower than\" outside the "
        "99.8% limits: a difference that chance alone would give less often than once in 20 times, or once in "
        "500 times, for a group of this size. Only percentages are compared this way; a percentage shown as a range is "
        "compared as it is printed.",
        "A change from one quarter to the next is called improving or worsening only when the 95% confidence "
        "interval of the difference (Newcombe's method for two percentages; an exact Poisson test for two "
        "counts) excludes no change; otherwise it is \"no meaningful change\".",
        "The statistical neighbours' figure is the average of the ten councils DfE names as most like this one "
        "(LAIT's method): each council's published percentage counts once, whatever its size.",
    ))


def _paragraphs(*texts: str) -> str:
    return "".join(f"<p>{html.escape(t)}</p>" for t in texts)


#: DfE's files in plain words (what a comparator from each is about).
_TABLE_WORDS = {
    "cla_number_and_rate_per_10k_children": "children looked after and rates per 10,000 children",
    "la_cla_on_31_march_by_characteristics": "children looked after on 31 March by placement and characteristics",
    "la_cla_placement_stability": "placement stability",
    "la_cla_during_year_new_placements": "new placements: distance and locality",
    "la_conviction_health_outcome_cla": "health checks, development and convictions",
    "la_care_leavers_activity": "care leavers in education, employment or training",
    "la_care_leavers_accommodation_suitability": "care leavers in suitable accommodation",
    "la_care_leavers_intouch": "care leavers in touch with the council",
    "la_care_leavers_stayput": "young people staying put with their foster carers",
    "la_children_who_ceased_during_the_year": "children who left care, by reason",
    "la_children_who_ceased_during_the_year_sgo_adoption": "children who left care through adoption or a special "
                                                           "guardianship order",
    "la_children_who_were_missing_or_away_from_placement_without_authorisation": "children missing or away from "
                                                                                 "placement",
    "la_cla_school_moves": "school moves",
    "la_cla_swcount": "changes of social worker",
    "ks2_la": "key stage 2 results",
    "ks4_la": "key stage 4 results",
    "absence_la": "school absence",
    "permanent_exclusions_and_suspensions_la": "exclusions and suspensions",
    "ons_mid-year_population_estimates": "children aged 0 to 17 (the base of rates per 10,000)",
}


def _year_span(years: pd.Series) -> str:
    lo, hi = str(years.min()), str(years.max())
    return lo if lo == hi else f"{lo} to {hi}"


def _synthetic_neighbours(store: Any, me: pd.Series, codes: list[str], mine: pd.DataFrame, model: str) -> list[str]:
    """The demo's comparators in words: synthetic files in DfE's formats, fictional councils, no DfE release."""
    from ..benchmarks.read import SYNTHETIC_RELEASE

    esc = html.escape
    areas = store.areas.drop_duplicates("la_code").set_index("la_code")
    f = store.figures
    years = _year_span(f["year"].astype(str)) if not f.empty else ""
    parts = [f"<p>{esc(me['area_name'])} (fictional code {esc(str(me['la_code']))}) is a fictional council, so "
             "DfE publishes nothing for it. Its comparators are <strong>synthetic figures in DfE's published "
             "formats, made up for this demonstration; they are not DfE's published figures</strong>: a synthetic "
             f"England, a fictional region ({esc(str(me['region_name'] or 'not known'))}) and the mean of ten "
             "fictional statistical neighbours, with its rank and quartile band among the fictional councils, "
             f"for {esc(years)}. Its own figures in them are worked out from its synthetic returns at 31 March of "
             "each year; the other councils' are drawn around them from a fixed seed. They are read and compared "
             "by exactly the code that reads a council's DfE downloads, and every figure is labelled "
             f"\"{esc(SYNTHETIC_RELEASE)}\". A council's run refuses these files.</p>"]
    if codes:
        rows = [{"Council (fictional)": str(areas["area_name"].get(c, c)),
                 "Region (fictional)": str(areas["region_name"].get(c, "") or ""),
                 "How close": str(mine["closeness"].get(c, "")) if "closeness" in mine.columns else ""}
                for c in codes]
        parts.append("<p>The neighbours are the ten fictional councils closest to it in size in the synthetic "
                     "files. The neighbours' figure for a measure is the simple mean of their values, as LAIT "
                     "works it out; a neighbour whose value is suppressed (c) is left out, and the label says how "
                     "many were used.</p>")
        parts.append(Table(pd.DataFrame(rows), caption=f"Fictional statistical neighbours of {me['area_name']} "
                                                       "(synthetic, closest first)").to_html())
    return parts


def statistical_neighbours(la_code: str | None, inputs: Mapping[str, Any] | None) -> Fragment:
    """The council's comparators named: its ten statistical neighbours, its region, DfE's releases and years.

    With the council's DfE LA code and a folder (or store) of DfE's published
    files (``inputs["benchmarks"]``), lists the council's ten statistical
    neighbours by name, closest first, from DfE's children's services
    statistical-neighbour grouping (the latest model in the folder, e.g. the
    2025 grouping; :func:`cpanalysis.benchmarks.compare.neighbours_of`), the
    region it is compared with (a London borough: Inner or Outer London, as
    DfE's council-level files and LAIT do), how the neighbour mean is worked
    out (as LAIT: the simple mean of the neighbours' published values,
    suppressed values left out) and, for each DfE release the comparators
    come from, what it covers and its years (each year from the latest
    release covering it). Without them, says what the settings need. The
    demo's synthetic DfE-format files (:mod:`cpanalysis.synth.published`)
    are named as synthetic throughout, never as a DfE release.

    Parameters
    ----------
    la_code : str or None
        The council's DfE code (3-digit, e.g. ``"358"``, or E-code) from its settings.
    inputs : mapping or None
        The run's inputs; ``"benchmarks"`` names the folder of DfE downloads.
    """
    from ..benchmarks.compare import neighbours_of, resolve_la, short_release
    from ..benchmarks.store import load
    from ..errors import InputError
    from ..virtual_school.national import release_name

    esc = html.escape
    head = "<h2>Comparators: England, region and statistical neighbours</h2>"
    folder = (inputs or {}).get("benchmarks")
    if not la_code or not folder:
        return Fragment(head + "<p>This run was not given both the council's DfE code and a folder of the "
                        "Department for Education's published files, so the briefings' comparators are the "
                        "figures typed into the council's comparators file, each with its source, and the "
                        "council's statistical neighbours are not named here. To compare with England, the "
                        "region and the ten statistical neighbours, give la_code under [council] and benchmarks "
                        "under [inputs] in the council's settings file.</p>")
    store = load(str(folder))
    try:
        me = resolve_la(store, str(la_code))
    except InputError as exc:
        return Fragment(head + f"<p>{esc(str(exc))}.</p>")
    codes = neighbours_of(store, me["la_code"])
    areas = store.areas.drop_duplicates("la_code").set_index("la_code")
    sn = store.neighbours
    mine = sn.loc[sn["la_code"] == me["la_code"]]
    model = str(mine["model"].max()) if not mine.empty else ""
    mine = mine.loc[mine["model"].astype(str) == model].set_index("neighbour_la_code") if model else mine
    region = str(me["region_name"] or "")
    if store.synthetic:
        return Fragment("".join([head] + _synthetic_neighbours(store, me, codes, mine, model)))
    council = f"{me['area_name']} (DfE code {me['la_code']})"
    parts = [head, f"<p>{esc(council)} is compared with England, with its region ({esc(region or 'not known')}) "
                   "and with the mean of its ten statistical neighbours, each figure labelled with its year and "
                   "the DfE release it comes from. London boroughs are compared with Inner or Outer London, as "
                   "in DfE's council-level files and its Local Authority Interactive Tool (LAIT).</p>"]
    if codes:
        # No rank column: a number from 1 to 4 in a table reads as a small count to the publication gate (and to
        # a reader); the order says it.
        rows = [{"Council": str(areas["area_name"].get(c, c)),
                 "Region": str(areas["region_name"].get(c, "") or ""),
                 "How close (DfE)": str(mine["closeness"].get(c, "")) if "closeness" in mine.columns else ""}
                for c in codes]
        parts.append(f"<p>The statistical neighbours are the ten councils DfE's children's services "
                     f"statistical-neighbour model ({esc(model)} grouping) finds most like {esc(me['area_name'])} "
                     "on measures of their children's and families' circumstances. The neighbours' figure for a measure is the simple "
                     "mean of the neighbours' published values, as LAIT works it out; a neighbour whose value is "
                     "suppressed is left out, and the label says how many were used.</p>")
        parts.append(Table(pd.DataFrame(rows), caption=f"Statistical neighbours of {me['area_name']}, DfE "
                                                       f"{model} grouping (closest first)").to_html())
    else:
        parts.append(f"<p>DfE's statistical-neighbour groupings in the folder name no neighbours for "
                     f"{esc(me['area_name'])}, so no neighbour mean is shown.</p>")
    f = store.figures
    if not f.empty:
        f = f.assign(release=f["release"].astype(str), table=f["table"].astype(str))
        rel_rows = []
        for release, g in f.groupby("release", sort=True):
            covers = sorted({_TABLE_WORDS.get(t, t.replace("_", " ")) for t in g["table"].unique()})
            years = _year_span(g["year"])
            name = short_release(release)
            if "Outcomes for children in need" in release:
                name = release_name(str(g["year"].max()))  # by reporting year, as the Virtual School page names it
            if release.startswith("ONS"):
                years = f"mid-{str(g['year'].min())[:4]} to mid-{str(g['year'].max())[:4]}"
            rel_rows.append({"Release": name, "Covers": "; ".join(covers), "Years used": years})
        parts.append("<p>Each year's figures come from the latest DfE release that covers the year (DfE revises "
                     "earlier years in each release).</p>")
        parts.append(Table(pd.DataFrame(rel_rows), caption="DfE releases the comparators come from").to_html())
    return Fragment("".join(parts))


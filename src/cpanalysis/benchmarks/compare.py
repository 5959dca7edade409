"""A council against DfE's published figures: England, region, statistical neighbours, rank, quartile.

For each measure DfE publishes by council (:data:`cpanalysis.benchmarks.mapping.BENCHMARKS`)
and the latest year it publishes England's figure, :func:`compare` gives, as
DfE's Local Authority Interactive Tool (LAIT) does:

* **England** and the council's **region** as published, the region DfE's
  LA rows give the council (a London borough: Inner or Outer London, as LAIT);
* the **statistical-neighbour mean**: the simple mean of the published values
  of the council's ten DfE statistical neighbours (latest model, 2025
  groupings), over the neighbours with a published value (``neighbours_n``
  says how many; a suppressed neighbour is left out, as LAIT's
  ``mean(na.rm = TRUE)``);
* the **rank** among councils with a published value that year: R's
  ``rank(ties.method = "min")`` of the values, descending when higher is
  better, ascending when lower is better; no rank for a measure without
  polarity ("Not applicable", as LAIT);
* the **quartile band**: R's default quantiles (type 7, numpy's ``linear``)
  of the councils' values; lower is better: A for [Q0, Q25], B (Q25, Q50],
  C (Q50, Q75], D (Q75, Q100]; higher is better the mirror (D for
  [Q0, Q25] ... A for (Q75, Q100]).

Where our definition needs several DfE rows (``Benchmark.computed``), every
area's value is worked out from the published counts the same way; national
and regional counts are rounded to 10 by DfE, so England's worked figure
carries that rounding. Checked against figures worked by hand from the files
in ``tests/benchmarks/test_compare.py``.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..errors import InputError
from .mapping import BENCHMARKS, Benchmark
from .read import SYNTHETIC_RELEASE
from .store import Store

__all__ = ["area_values", "compare", "label", "neighbours_of", "quartile_band", "rank_of", "resolve_la", "series",
           "short_release"]

_SHORT = (("Children looked after in England including adoptions", "Children looked after in England"),
          ("Outcomes for children in need, including children looked after by local authorities in England",
           "Outcomes for children in need, including children looked after"),)


def short_release(release: str) -> str:
    """``"DfE, Children looked after in England including adoptions, 2025 release"`` ->
    ``"DfE, Children looked after in England 2025"``; the outcomes release of reporting year 2024/25
    (published in 2025) -> ``"DfE, Outcomes for children in need 2025"``, as the Virtual School's pages
    name it (:func:`cpanalysis.virtual_school.national.release_name`). The demo's synthetic figures keep
    their label (``"synthetic DfE-format data for the demo, not published figures"``)."""
    text = str(release)
    if text == SYNTHETIC_RELEASE:
        return text
    m = re.search(r"Outcomes for children in need.*?, ([0-9]{4})/([0-9]{2}) release", text)
    if m:
        return f"DfE, Outcomes for children in need {int(m.group(1)) + 1}"
    for long, short in _SHORT:
        text = text.replace(long, short)
    return text.replace(", mid-", " mid-").replace(" release", "").replace(", 20", " 20")


def label(area: str, year: str, release: str) -> str:
    """E.g. ``"England 2024-25 (DfE, Children looked after in England 2025)"``."""
    return f"{area} {year} ({short_release(release)})"


def resolve_la(store: Store, la: str) -> pd.Series:
    """The council's row of ``store.areas`` from its 3-digit DfE code or its E-code (InputError if unknown).

    A store of the demo's synthetic figures (:attr:`Store.synthetic`) answers only its fictional
    councils (codes starting ``Z``): a real council's code is refused with InputError.
    """
    la = str(la).strip()
    a = store.areas
    if store.synthetic and not la.upper().startswith("Z"):
        raise InputError(f"LA code {la!r}: the benchmark store holds the demo's synthetic DfE-format figures, "
                         "which are never compared with a real council; name DfE's published downloads as "
                         "benchmarks")
    hit = a.loc[(a["la_code"] == la) | (a["area_code"] == la)]
    if hit.empty:
        raise InputError(f"LA code {la!r} is not a council in the benchmark store (use the 3-digit DfE code, "
                         "e.g. 358, or the E06/E08/E09/E10 code)")
    cur = hit.loc[hit["current"]]
    return (cur if not cur.empty else hit).iloc[0]


def area_values(store: Store, b: Benchmark, figures: pd.DataFrame | None = None) -> pd.DataFrame:
    """One value per area and year for a benchmark: area_code, la_code, area_type, year, value, symbol, release.

    Read from the published row, or worked out from the published counts
    (``100 * sum(rows) / (base - sum(base_minus))``) when ``b.computed``.
    A suppressed part leaves the value NaN with its symbol.
    """
    f = store.figures if figures is None else figures
    sel = f.loc[(f["table"] == b.table) & (f["measure"] == b.indicator)
                & f["breakdown"].isin(list(b.rows) + list(b.base_minus))]
    keys = ["area_code", "la_code", "area_type", "year"]
    if sel.empty:
        return pd.DataFrame(columns=keys + ["value", "symbol", "release"])
    sel = sel.assign(area_type=sel["area_type"].astype(str), symbol=sel["symbol"].astype(str),
                     release=sel["release"].astype(str))
    if not b.computed:
        out = sel.loc[:, keys + ["value", "symbol", "release"]].copy()
    else:
        num = sel.loc[sel["breakdown"].isin(b.rows)]
        minus = sel.loc[sel["breakdown"].isin(b.base_minus)]
        g = num.groupby(keys, observed=True)
        parts = pd.DataFrame({
            "num": g["numerator"].sum(min_count=1), "n_rows": g["numerator"].count(), "n_all": g.size(),
            "den": g["denominator"].first(), "symbol": g["symbol"].agg(lambda s: next((x for x in s if x), "")),
            "release": g["release"].first()})
        if not minus.empty:
            gm = minus.groupby(keys, observed=True)
            parts = parts.join(pd.DataFrame({"minus": gm["numerator"].sum(min_count=1),
                                             "m_rows": gm["numerator"].count(), "m_all": gm.size()}))
        else:
            parts = parts.assign(minus=0.0, m_rows=0, m_all=0)
        complete = (parts["n_rows"] == len(b.rows)) & (parts["m_rows"].fillna(0) == len(b.base_minus))
        base = parts["den"] - parts["minus"].fillna(0)
        value = (100 * parts["num"] / base).where(complete & (base > 0))
        sym = parts["symbol"].where(value.isna(), "")
        sym = sym.where(~(value.isna() & (sym == "")), "c")
        out = pd.DataFrame({"value": value, "symbol": sym, "release": parts["release"]}).reset_index()
    if b.complement:
        out["value"] = 100 - out["value"]
    return out.reset_index(drop=True)


def rank_of(values: pd.Series, polarity: str) -> pd.Series:
    """LAIT's national rank: ``rank(ties.method = "min")``, 1 = best by polarity; NaN without polarity."""
    if polarity == "higher_is_better":
        return (-values).rank(method="min")
    if polarity == "lower_is_better":
        return values.rank(method="min")
    return pd.Series(np.nan, index=values.index)


def quartile_band(value: float, values: pd.Series, polarity: str) -> str:
    """LAIT's quartile band (A best quarter ... D worst) of ``value`` among ``values``."""
    if polarity not in ("higher_is_better", "lower_is_better"):
        return "Not applicable"
    v = values.dropna().to_numpy(dtype=float)
    if value is None or pd.isna(value) or v.size == 0:
        return ""
    q0, q25, q50, q75, q100 = np.percentile(v, [0, 25, 50, 75, 100])
    bands = ("A", "B", "C", "D") if polarity == "lower_is_better" else ("D", "C", "B", "A")
    if q0 <= value <= q25:
        return bands[0]
    if q25 < value <= q50:
        return bands[1]
    if q50 < value <= q75:
        return bands[2]
    if q75 < value <= q100:
        return bands[3]
    return ""


def neighbours_of(store: Store, la_code: str) -> list[str]:
    """The council's ten statistical neighbours (DfE 3-digit codes), latest model, in rank order."""
    sn = store.neighbours
    if sn.empty:
        return []
    mine = sn.loc[sn["la_code"] == la_code]
    if mine.empty:
        return []
    latest = mine["model"].max()
    return mine.loc[mine["model"] == latest].sort_values("rank")["neighbour_la_code"].tolist()


def _cell(frame: pd.DataFrame) -> tuple[float, str, str]:
    if frame.empty:
        return np.nan, "x", ""
    r = frame.iloc[0]
    return float(r["value"]), ("" if pd.notna(r["value"]) else (r["symbol"] or "x")), r["release"]


def compare(store: Store, la: str, ids: list[str] | None = None) -> pd.DataFrame:
    """Every benchmark for one council (module docstring): one row per measure.

    Columns: ``id``, ``unit``, ``polarity``, ``year``, ``release``, ``table``,
    ``council`` (value) and ``council_symbol``, ``england``, ``region``,
    ``region_name``, ``neighbours_mean``, ``neighbours_n``, ``rank``,
    ``ranked`` (councils with a value), ``quartile``, and the labels
    ``england_label``, ``region_label``, ``neighbours_label``, ``rank_label``
    (each with year and release), and ``note`` (where DfE's definition differs).
    """
    me = resolve_la(store, la)
    sn = neighbours_of(store, me["la_code"])
    rows = []
    f = store.figures
    by_table = {str(t): g for t, g in f.groupby(f["table"].astype(str), sort=False)}
    for mid, b in BENCHMARKS.items():
        if ids is not None and mid not in ids:
            continue
        if b.table not in by_table:
            continue
        v = area_values(store, b, by_table[b.table])
        if v.empty:
            continue
        eng_all = v.loc[v["area_type"] == "national"]
        eng_all = eng_all.loc[eng_all["value"].notna()]
        if eng_all.empty:
            continue
        year = eng_all["year"].max()
        y = v.loc[v["year"] == year]
        eng, _, release = _cell(y.loc[y["area_type"] == "national"])
        reg, reg_sym, _ = _cell(y.loc[(y["area_type"] == "regional") & (y["area_code"] == me["region_code"])])
        local = y.loc[y["area_type"] == "local"]
        mine, my_sym, _ = _cell(local.loc[local["la_code"] == me["la_code"]])
        nb = local.loc[local["la_code"].isin(sn)]
        nb_vals = nb["value"].dropna()
        ranks = rank_of(local["value"], b.polarity)
        mine_rank = ranks.loc[local["la_code"] == me["la_code"]]
        rank = float(mine_rank.iloc[0]) if not mine_rank.empty and pd.notna(mine) else np.nan
        quart = quartile_band(mine, local["value"], b.polarity)
        rows.append({
            "id": mid, "unit": b.unit, "polarity": b.polarity, "year": year, "release": release,
            "table": b.table, "council": mine, "council_symbol": my_sym, "england": eng, "region": reg,
            "region_symbol": reg_sym, "region_name": me["region_name"],
            "neighbours_mean": float(nb_vals.mean()) if len(nb_vals) else np.nan,
            "neighbours_n": int(len(nb_vals)), "rank": rank, "ranked": int(local["value"].notna().sum()),
            "quartile": quart,
            "england_label": label("England", year, release),
            "region_label": label(me["region_name"] or "Region", year, release),
            "neighbours_label": label(f"Statistical neighbours' mean ({len(nb_vals)} of {len(sn)})", year,
                                      release),
            "rank_label": label("Rank among councils", year, release),
            "note": b.note,
        })
    out = pd.DataFrame(rows)
    out.attrs.update(la_code=me["la_code"], area_code=me["area_code"], area_name=me["area_name"],
                     region_name=me["region_name"], neighbours=sn)
    return out


def series(store: Store, la: str, measure_id: str) -> pd.DataFrame:
    """One measure over every published year: the council, England, its region and its neighbours' mean.

    For trend charts (the council against England and the neighbour mean
    over the published years). Each year's figures come from the latest
    release covering it (:func:`cpanalysis.benchmarks.store.import_folder`);
    the neighbours are the latest model's ten for every year, as LAIT draws
    them. Columns: ``year``, ``council``, ``council_symbol``, ``england``,
    ``region``, ``neighbours_mean``, ``neighbours_n``, ``release``, and
    ``england_symbol`` (DfE's symbol where England's value is not
    published, else empty). ``attrs["neighbours"]`` lists the neighbours'
    codes. Empty when DfE publishes nothing for the measure.
    """
    b = BENCHMARKS.get(measure_id)
    cols = ["year", "council", "council_symbol", "england", "region", "neighbours_mean", "neighbours_n", "release",
            "england_symbol"]
    if b is None:
        return pd.DataFrame(columns=cols)
    me = resolve_la(store, la)
    sn = neighbours_of(store, me["la_code"])
    f = store.figures
    v = area_values(store, b, f.loc[f["table"] == b.table])  # categorical compare: no astype of every row
    rows = []
    for year, y in v.groupby("year", sort=True):
        local = y.loc[y["area_type"] == "local"]
        eng_row = y.loc[y["area_type"] == "national"]
        eng = eng_row["value"]
        reg = y.loc[(y["area_type"] == "regional") & (y["area_code"] == me["region_code"]), "value"]
        mine = local.loc[local["la_code"] == me["la_code"]]
        nb = local.loc[local["la_code"].isin(sn), "value"].dropna()
        rows.append({"year": year, "council": float(mine["value"].iloc[0]) if len(mine) else np.nan,
                     "council_symbol": (str(mine["symbol"].iloc[0]) if len(mine) and pd.isna(mine["value"].iloc[0])
                                        else ("" if len(mine) else "x")),
                     "england": float(eng.iloc[0]) if len(eng) else np.nan,
                     "region": float(reg.iloc[0]) if len(reg) else np.nan,
                     "neighbours_mean": float(nb.mean()) if len(nb) else np.nan, "neighbours_n": int(len(nb)),
                     "release": str(y["release"].iloc[0]),
                     "england_symbol": ("x" if eng_row.empty else "" if pd.notna(eng.iloc[0])
                                        else str(eng_row["symbol"].iloc[0]) or "x")})
    out = pd.DataFrame(rows, columns=cols)
    out.attrs["neighbours"] = sn
    return out

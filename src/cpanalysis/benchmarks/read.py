"""Readers for DfE's published LA-level CSV files (Explore Education Statistics downloads).

Each reader turns one file into tidy rows (:data:`COLUMNS`): one row per
area, year, breakdown and DfE indicator. A file is recognised by its name (the
EES file name, with or without ``.gz``) and then checked by its columns;
column names that changed between releases (``number`` -> ``children_count``,
``percentage`` -> ``children_percent``, ``age`` -> ``care_leaver_age`` ...) are
read as the latest release names them, and so are breakdown labels that were
reworded ("at 31 March" -> "on 31 March", "Aged 17 to 18" -> "17 to 18 years").

Symbols (GSS / EES): ``c`` suppressed, ``z`` not applicable, ``x`` not
available, ``k`` (or ``low``) rounds to zero, ``u`` low reliability. A cell
holding a symbol keeps it in ``symbol`` and has ``value`` NaN, never 0.

Everything is read as text (``dtype=str``) and parsed column-wise.
"""

from __future__ import annotations

import csv
import gzip
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from ..errors import InputError

__all__ = ["COLUMNS", "SYMBOLS", "SYNTHETIC_PREFIX", "SYNTHETIC_RELEASE", "TABLES", "NotRecognised", "TableSpec",
           "dfe_name", "is_synthetic", "parse_values", "read_file", "read_lookup", "read_neighbours", "spec_for", "year_label"]

#: Columns of the tidy store, in order.
COLUMNS = ("measure", "area_code", "la_code", "area_name", "area_type", "year", "numerator", "denominator",
           "value", "symbol", "unit", "release", "table", "breakdown")

#: GSS / EES symbols and what they mean.
SYMBOLS = {"c": "suppressed", "z": "not applicable", "x": "not available", "k": "rounds to zero (not zero)",
           "low": "rounds to zero (not zero)", "u": "low reliability"}

GEO = ("time_period", "time_identifier", "geographic_level", "country_code", "country_name", "region_code",
       "region_name", "old_la_code", "la_name", "new_la_code")
_GEO_REQUIRED = ("time_period", "geographic_level", "region_code", "region_name", "old_la_code", "la_name",
                 "new_la_code")
_AREA_TYPE = {"National": "national", "Regional": "regional", "Local authority": "local"}

CLA_RELEASE = "Children looked after in England including adoptions"
OUTCOMES_RELEASE = "Outcomes for children in need, including children looked after by local authorities in England"
STABILITY_RELEASE = "Stability measures for children looked after"

#: File-name prefix of the synthetic DfE-format files the demo makes (:mod:`cpanalysis.synth.published`).
SYNTHETIC_PREFIX = "synthetic_"
#: The release every row of a synthetic file is labelled with, in place of a DfE release name.
SYNTHETIC_RELEASE = "synthetic DfE-format data for the demo, not published figures"


def is_synthetic(path: Path | str) -> bool:
    """Whether a file is one of the demo's synthetic DfE-format files (its name starts ``synthetic_``)."""
    return Path(path).name.lower().startswith(SYNTHETIC_PREFIX)


def dfe_name(path: Path | str) -> str:
    """A file's name as DfE names it: without the ``synthetic_`` prefix of the demo's files."""
    name = Path(path).name
    return name[len(SYNTHETIC_PREFIX):] if is_synthetic(path) else name


class NotRecognised(InputError):
    """A file the importer does not know: one line naming it and the columns it expected."""


@dataclass(frozen=True)
class Indicator:
    """One DfE indicator column and how its numerator and denominator are found."""

    key: str                      # the indicator column as the latest release names it
    unit: str                     # percent, count, rate_per_10000, mean
    numerator: str | None = None  # column of the same row holding the count
    denominator: str | None = None  # column of the same row holding the base ("@total": the group's total row)


@dataclass(frozen=True)
class TableSpec:
    """A DfE file: its name, release, columns and indicators."""

    name: str
    release: str
    filters: tuple[str, ...]
    indicators: tuple[Indicator, ...]
    renames: dict[str, str] = field(default_factory=dict)
    labels: tuple[tuple[str, str], ...] = ()            # (old, new) breakdown wording
    totals: Callable[[str, str], str | None] | None = None  # (group, item) -> the item holding its base
    units: Callable[[str, str], str] | None = None       # (breakdown, indicator unit) -> unit of the row
    year: Callable[[str], str] | None = None

    @property
    def expected(self) -> tuple[str, ...]:
        cols = list(_GEO_REQUIRED) + list(self.filters)
        for ind in self.indicators:
            for c in (ind.key, ind.numerator, ind.denominator):
                if c and not c.startswith("@") and c not in cols:
                    cols.append(c)
        return tuple(cols)


def _one_year(p: str) -> str:
    p = str(p).strip()
    if len(p) == 6 and p.isdigit():
        return f"{p[:4]}-{p[4:]}"
    if len(p) == 4 and p.isdigit():
        return f"{int(p) - 1}-{p[2:]}"
    return p


def year_label(period: pd.Series) -> pd.Series:
    """``2025`` (reporting year to 31 March 2025) or ``202425`` (academic year) -> ``"2024-25"``."""
    return period.map({p: _one_year(p) for p in period.unique()})


_NUMBER = r"^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$"


def parse_values(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Text cells -> (float values, symbols). A symbol or blank has value NaN; a symbol is kept.

    Vectorised with Arrow compute: a cell is a number when it matches
    ``-?digits[.digits][e[+-]digits]`` (thousands commas removed first);
    anything else that is not blank is a symbol (``c``, ``z``, ``x``, ``k``,
    ``low``, ``u``, or whatever the file holds).
    """
    arr = pa.array(text.to_numpy(dtype=object, na_value=""), type=pa.string())
    arr = pc.replace_substring(pc.utf8_trim_whitespace(arr), ",", "")
    is_num = pc.match_substring_regex(arr, _NUMBER)
    values = pc.cast(pc.if_else(is_num, arr, pa.scalar(None, pa.string())), pa.float64())
    symbol = pc.if_else(is_num, "", arr)
    return (pd.Series(values.to_numpy(zero_copy_only=False), index=text.index, dtype="float64"),
            pd.Series(symbol.to_pandas().to_numpy(), index=text.index, dtype="str"))


def _default_total(group: str, item: str) -> str | None:
    return None


# -- totals: which row of a group holds the base of a percentage ---------------

def _total_named(*names: str) -> Callable[[str, str], str | None]:
    def f(group: str, item: str) -> str | None:
        return None if item in names else names[0]
    return f


def _health_total(group: str, item: str) -> str | None:
    if group.startswith("Ages 5 to 16 years with SDQ score"):
        if item in ("SDQ score is a cause for concern", "SDQ score is borderline", "SDQ score is normal"):
            return "SDQ score was received"
        return None if item.startswith("Total") or item == "SDQ average score" else "Total ages 5 to 16 years"
    if group.startswith("Substance misuse"):
        if item in ("Offered intervention but refused it",
                    "Received an intervention for their substance misuse problem"):
            return "Identified as having a substance misuse problem"
        return None if item.startswith("Total") else "Total all ages"
    totals = {"Convictions": "Total ages 10 to 17 years", "Development assessments": "Total ages 0 to 4 years",
              "Health assessments": "Total all ages"}
    for prefix, total in totals.items():
        if group.startswith(prefix):
            return None if item == total else total
    return None


def _stayput_total(group: str, item: str) -> str | None:
    base = ("Young people who ceased to be looked after in a foster placement on their 18th birthday "
            "and were eligible for care leavers support")
    return None if item == base else base


def _missing_total(group: str, item: str) -> str | None:
    """The base of the missing counts: children looked after during the year (one filter: the item)."""
    if item in ("Children who had a missing incident during the year",
                 "Children who went missing more than once during the year",
                 "Children who were away from placement without authorisation during the year",
                 "Children who were away from placement without authorisation more than once during the year"):
        return "Children looked after during the year"
    return None


def _missing_unit(breakdown: str, unit: str) -> str:
    if breakdown.startswith("Percentage"):
        return "percent"
    if breakdown.startswith("Average"):
        return "mean"
    return "count"


def _health_unit(breakdown: str, unit: str) -> str:
    return "mean" if breakdown.endswith("SDQ average score") else unit


def _total_prefix(group: str, item: str) -> str | None:
    """The group's row named "Total...", or "Suitability total"."""
    return "@first-total"


_CLA_COUNT = {"number": "children_count", "percentage": "children_percent"}
_LEAVER = {"number": "care_leaver_count", "percentage": "care_leaver_percent", "age": "care_leaver_age",
           "activity": "breakdown", "accommodation_suitability": "breakdown"}
_ON31 = (("at 31 March", "on 31 March"),)


def _pct(count: str, pct: str) -> tuple[Indicator, Indicator]:
    return (Indicator(count, "count", count), Indicator(pct, "percent", count, "@total"))


def _outcome(names: list[tuple[str, str, str | None, str | None]]) -> tuple[Indicator, ...]:
    return tuple(Indicator(k, u, n, d) for k, u, n, d in names)


_KS2 = [(f"pt_{s}_met_expected_standard", "percent", f"t_{s}_met_expected_standard", f"t_{s}_eligible_pupils")
        for s in ("read", "writta", "mat", "rwm", "gps", "scita")]
_KS4 = [("avg_att8", "mean", "t_att8", "t_pupils"), ("pt_l2basics_94", "percent", "t_l2basics_94", "t_pupils"),
        ("pt_l2basics_95", "percent", "t_l2basics_95", "t_pupils"),
        ("pt_ebacc_e_ptq_ee", "percent", "t_ebacc_e_ptq_ee", "t_pupils"),
        ("avg_p8score", "mean", "t_p8score", "t_inp8calc")]
_ABSENCE = [("pt_overall", "percent", "t_sess_overall", "t_sess_possible"),
            ("pt_sess_authorised", "percent", "t_sess_authorised", "t_sess_possible"),
            ("pt_sess_unauthorised", "percent", "t_sess_unauthorised", "t_sess_possible"),
            ("pt_pupils_pa_10_exact", "percent", "t_pupils_pa_10_exact", "t_pupils"),
            ("pt_pupils_pa_50_exact", "percent", "t_pupils_pa_50_exact", "t_pupils")]
_EXCL = [("pt_perm_excl", "percent", "t_perm_excl", "t_pupils"),
         ("pt_one_plus_sus", "percent", "t_one_plus_sus", "t_pupils")]


def _population_year(period: pd.Series) -> pd.Series:
    """Mid-year *t* population is the base of the 31 March *t+1* rate: year ``"t-(t+1)"``."""
    t = pd.to_numeric(period, errors="coerce").astype("Int64")
    return t.astype(str) + "-" + ((t + 1) % 100).astype(str).str.zfill(2)


#: Every DfE file the importer reads, by EES file name.
TABLES: dict[str, TableSpec] = {s.name: s for s in (
    TableSpec("cla_number_and_rate_per_10k_children", CLA_RELEASE, ("population_type",),
              (Indicator("children_count", "count", "children_count"),
               Indicator("rate_per_10000", "rate_per_10000", "children_count", "population_estimate")),
              renames={"number": "children_count", "population_count": "population_type"}, labels=_ON31),
    TableSpec("la_cla_placement_stability", CLA_RELEASE, ("cla_group", "placement_stability"),
              _pct("children_count", "children_percent"), renames=_CLA_COUNT,
              labels=_ON31 + (("Living with the same carer for at least 2 years, or are placed for adoption and "
                               "their adoptive placement together with their previous placement, last for at "
                               "least 2 years", "Living with the same carer for at least 2 years"),),
              totals=_total_prefix),
    TableSpec("la_cla_during_year_new_placements", CLA_RELEASE, ("characteristic", "breakdown"),
              _pct("children_count", "children_percent"),
              renames={**_CLA_COUNT, "cla_group": "characteristic", "characteristic": "breakdown"},
              totals=_total_prefix),
    TableSpec("la_conviction_health_outcome_cla", CLA_RELEASE, ("characteristic", "breakdown"),
              (Indicator("children_count", "count", "children_count"),
               Indicator("children_percent", "percent", "children_count", "@total")),
              renames={**_CLA_COUNT, "cla_group": "characteristic", "characteristic": "breakdown"},
              totals=_health_total, units=_health_unit),
    TableSpec("la_care_leavers_activity", CLA_RELEASE, ("care_leaver_age", "breakdown"),
              _pct("care_leaver_count", "care_leaver_percent"), renames=_LEAVER,
              labels=(("Aged 17 to 18", "17 to 18 years"), ("Aged 19 to 21", "19 to 21 years")),
              totals=_total_named("Total")),
    TableSpec("la_care_leavers_accommodation_suitability", CLA_RELEASE, ("care_leaver_age", "breakdown"),
              _pct("care_leaver_count", "care_leaver_percent"), renames=_LEAVER,
              labels=(("Accommodation considered not suitable", "Accommodation considered unsuitable"),),
              totals=_total_named("Suitability total")),
    TableSpec("la_care_leavers_intouch", CLA_RELEASE, ("care_leaver_age", "in_touch"),
              _pct("care_leaver_count", "care_leaver_percent"), renames=_LEAVER,
              labels=(("Aged 17 to 18", "17 to 18 years"), ("Aged 19 to 21", "19 to 21 years")),
              totals=_total_named("Total")),
    TableSpec("la_care_leavers_stayput", CLA_RELEASE, ("care_leaver_age", "stay_put"),
              _pct("care_leaver_count", "care_leaver_percent"), renames=_LEAVER, totals=_stayput_total),
    TableSpec("la_children_who_ceased_during_the_year", CLA_RELEASE, ("cla_group", "characteristic"),
              _pct("children_count", "children_percent"), renames=_CLA_COUNT, totals=_total_named("Total")),
    TableSpec("la_children_who_ceased_during_the_year_sgo_adoption", CLA_RELEASE, ("cla_group", "characteristic"),
              _pct("children_count", "children_percent"), renames=_CLA_COUNT, totals=_total_named("Total")),
    TableSpec("la_children_who_were_missing_or_away_from_placement_without_authorisation", CLA_RELEASE,
              ("CLA_group",), (Indicator("number", "count", "number", "@total"),),
              renames={"cla_group": "CLA_group"}, totals=_missing_total, units=_missing_unit),
    TableSpec("la_cla_on_31_march_by_characteristics", CLA_RELEASE, ("cla_group", "characteristic"),
              _pct("children_count", "children_percent"), renames=_CLA_COUNT, totals=_total_named("Total")),
    TableSpec("la_cla_school_moves", STABILITY_RELEASE, ("cla_group", "move_measure", "school_stability"),
              _pct("children_count", "children_percent"), renames=_CLA_COUNT, totals=_total_named("Total children")),
    TableSpec("la_cla_swcount", STABILITY_RELEASE, ("cla_group", "sw_stability"),
              _pct("children_count", "children_percent"), renames=_CLA_COUNT, totals=_total_named("Total children")),
    TableSpec("ks2_la", OUTCOMES_RELEASE, ("social_care_group",), _outcome(_KS2)),
    TableSpec("ks4_la", OUTCOMES_RELEASE, ("social_care_group",), _outcome(_KS4)),
    TableSpec("absence_la", OUTCOMES_RELEASE, ("social_care_group", "phase_type_grouping"), _outcome(_ABSENCE)),
    TableSpec("permanent_exclusions_and_suspensions_la", OUTCOMES_RELEASE, ("social_care_group",), _outcome(_EXCL)),
    TableSpec("ons_mid-year_population_estimates", "ONS mid-year population estimates, as used by DfE",
              ("age_group",), (Indicator("population_estimate", "count", "population_estimate"),),
              year=_population_year),
)}

#: Names the importer knows and deliberately does not read (with the reason it prints).
SKIPPED = {
    "national_cla_adopted_average_time_between_adoption_process_stages":
        "England only (no council figures to compare)",
    "LTLA-UTLA_Apr23_Lookup_England-Wales": "ONS lower-to-upper tier lookup (regions come from the LA lookup)",
    "lait_cla_measures_long": "LAIT extract, not a DfE release file",
}


def table_name(path: Path) -> str:
    """``la_cla_placement_stability.csv.gz`` -> ``la_cla_placement_stability``; strips year ranges
    and the ``synthetic_`` prefix of the demo's synthetic files."""
    name = dfe_name(path)
    for ext in (".gz", ".csv"):
        if name.endswith(ext):
            name = name[: -len(ext)]
    if name.startswith("cla_on_31_march_by_characteristics") or name == "la_cla_on_31_march_by_characteristics":
        return "la_cla_on_31_march_by_characteristics"
    if name.startswith("ons_mid-year_population_estimates"):
        return "ons_mid-year_population_estimates"
    if name.startswith("permanent_exclusions_and_suspensions_la"):
        return "permanent_exclusions_and_suspensions_la"
    return name


def spec_for(path: Path) -> TableSpec | None:
    """The :class:`TableSpec` of a file, by name (``None`` when unknown)."""
    return TABLES.get(table_name(path))


def _header(path: Path) -> list[str]:
    """The first line of a CSV (gzipped or not) as column names, BOM and spaces removed."""
    with path.open("rb") as fh:
        gz = fh.read(2) == b"\x1f\x8b"
    opener = gzip.open if gz else open
    with opener(path, "rt", encoding="utf-8-sig", newline="") as fh:  # type: ignore[operator]
        return [c.strip() for c in next(csv.reader(fh), [])]


def read_text_csv(path: Path) -> pd.DataFrame:
    """A CSV (``.gz`` read as is) with every column as text and blanks as "" (Arrow's reader)."""
    names = _header(path)
    table = pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(
        column_types={n: pa.string() for n in names}, strings_can_be_null=False,
        quoted_strings_can_be_null=False))
    return table.rename_columns([c.lstrip("\ufeff").strip() for c in table.column_names]).to_pandas()


def _relabel(s: pd.Series, labels: tuple[tuple[str, str], ...]) -> pd.Series:
    for old, new in labels:
        s = s.str.replace(old, new, regex=False)
    return s


def read_file(path: Path | str) -> pd.DataFrame:
    """One DfE CSV (or ``.csv.gz``) -> tidy rows (:data:`COLUMNS`).

    Raises :class:`NotRecognised` naming the file and the columns expected.
    """
    path = Path(path)
    spec = spec_for(path)
    if spec is None:
        raise NotRecognised(f"{path}: not a DfE file this importer knows (expected one of the EES files "
                            f"{', '.join(sorted(TABLES))}, with columns {', '.join(_GEO_REQUIRED)}, ...)")
    try:
        raw = read_text_csv(path)
    except (UnicodeDecodeError, pa.ArrowInvalid, OSError, EOFError) as exc:
        raise NotRecognised(f"{path}: not a readable CSV ({exc.__class__.__name__}); "
                            f"expected columns {', '.join(spec.expected)}") from None
    raw = raw.rename(columns=_renames(spec.renames, set(raw.columns)))
    missing = [c for c in spec.expected if c not in raw.columns]
    if missing:
        raise NotRecognised(f"{path}: columns not recognised for {spec.name} (missing {', '.join(missing)}); "
                            f"expected columns {', '.join(spec.expected)}")
    tidy = _tidy(raw, spec)
    if is_synthetic(path):
        tidy["release"] = SYNTHETIC_RELEASE
    return tidy


def _renames(renames: dict[str, str], cols: set[str]) -> dict[str, str]:
    """The renames that apply: old names present whose new name is free (or is itself renamed away)."""
    active = {k: v for k, v in renames.items() if k in cols}
    while True:
        blocked = [k for k, v in active.items() if v in cols and v not in active]
        if not blocked:
            return active
        for k in blocked:
            del active[k]


def _tidy(raw: pd.DataFrame, spec: TableSpec) -> pd.DataFrame:
    level = raw["geographic_level"].map(_AREA_TYPE)
    raw = raw.loc[level.notna()].reset_index(drop=True)
    level = level.loc[level.notna()].reset_index(drop=True)
    periods = raw["time_period"]
    release_year = year_label(pd.Series([periods.max()]))[0] if spec.year is None else None
    if spec.name == "ons_mid-year_population_estimates":
        release = f"{spec.release}, mid-{periods.max()}"
    elif spec.release == OUTCOMES_RELEASE:
        release = f"DfE, {spec.release}, {release_year.replace('-', '/')} release"
    else:
        release = f"DfE, {spec.release}, {int(periods.max())} release"
    year = spec.year(periods) if spec.year else year_label(periods)
    code = raw["new_la_code"].where(level == "local",
                                    raw["region_code"].where(level == "regional", raw.get("country_code", "E92000001")))
    if "country_code" not in raw.columns:
        code = code.where(level != "national", "E92000001")
    name = raw["la_name"].where(level == "local", raw["region_name"].where(level == "regional", "England"))
    la_code = raw["old_la_code"].where(level == "local", "")
    parts = [_relabel(raw[f].str.strip(), spec.labels) for f in spec.filters]
    breakdown = parts[0]
    for p in parts[1:]:
        breakdown = breakdown + " | " + p
    if spec.name == "ons_mid-year_population_estimates":
        breakdown = breakdown + " | mid-" + periods
    base = pd.DataFrame({"area_code": code.str.strip(), "la_code": la_code.str.strip(), "area_name": name.str.strip(),
                         "area_type": level, "year": year, "breakdown": breakdown})
    parsed: dict[str, tuple[pd.Series, pd.Series]] = {}

    def col(c: str) -> tuple[pd.Series, pd.Series]:
        if c not in parsed:
            parsed[c] = parse_values(raw[c])
        return parsed[c]

    out = []
    for ind in spec.indicators:
        value, symbol = col(ind.key)
        num = col(ind.numerator)[0] if ind.numerator else pd.Series(np.nan, index=raw.index)
        if ind.denominator == "@total":
            den = _group_totals(base, parts, col(ind.numerator or ind.key)[0], spec)
        elif ind.denominator:
            den = col(ind.denominator)[0]
        else:
            den = pd.Series(np.nan, index=raw.index)
        if spec.units:
            units = {b: spec.units(b, ind.unit) for b in base["breakdown"].unique()}
            unit = base["breakdown"].map(units)
        else:
            unit = pd.Series(ind.unit, index=base.index)
        if ind.numerator == ind.key:
            # a count's numerator is itself; a mean or percentage in a count column has none
            num = num.where(unit == "count")
        out.append(base.assign(measure=ind.key, numerator=num, denominator=den, value=value, symbol=symbol,
                               unit=unit))
    tidy = pd.concat(out, ignore_index=True)
    tidy["release"] = release
    tidy["table"] = spec.name
    return tidy.loc[:, list(COLUMNS)]


def _group_totals(base: pd.DataFrame, parts: list[pd.Series], count: pd.Series, spec: TableSpec) -> pd.Series:
    """The base of each row's percentage: the count of its group's total row (NaN when none)."""
    totals = spec.totals or _default_total
    group = parts[0] if len(parts) > 1 else pd.Series("", index=base.index)
    for p in parts[1:-1]:
        group = group + " | " + p
    item = parts[-1]
    pairs = pd.DataFrame({"g": group, "i": item}).drop_duplicates()
    if totals is _total_prefix:
        firsts = (pairs.loc[pairs["i"].str.startswith("Total")].groupby("g")["i"].first())
        pairs["t"] = pairs["g"].map(firsts)
        pairs.loc[pairs["t"] == pairs["i"], "t"] = None
    else:
        pairs["t"] = [totals(g, i) for g, i in zip(pairs["g"], pairs["i"])]
    target = pd.DataFrame({"g": group, "i": item}).merge(pairs, on=["g", "i"], how="left")["t"]
    key = pd.DataFrame({"area": base["area_code"] + "/" + base["la_code"], "year": base["year"], "g": group,
                        "i": item, "n": count.to_numpy()})
    lookup = key.drop_duplicates(["area", "year", "g", "i"]).set_index(["area", "year", "g", "i"])["n"]
    idx = pd.MultiIndex.from_arrays([key["area"], key["year"], key["g"], target.fillna("\x00")])
    den = lookup.reindex(idx).to_numpy()
    return pd.Series(den, index=base.index, dtype="float64")


# -- lookups and statistical neighbours ------------------------------------------

_LOOKUP_COLS = ("old_la_code", "new_la_code", "la_name", "region_code", "region_name")


def read_lookup(path: Path | str) -> pd.DataFrame:
    """The LA lookup (``la_lookup_2025.csv``): la_code, area_code, area_name, region, type, current."""
    path = Path(path)
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    missing = [c for c in _LOOKUP_COLS if c not in raw.columns]
    if missing:
        raise NotRecognised(f"{path}: not an LA lookup (missing {', '.join(missing)}); "
                            f"expected columns {', '.join(_LOOKUP_COLS)}, la_type, current_2025")
    return pd.DataFrame({
        "la_code": raw["old_la_code"].str.strip(), "area_code": raw["new_la_code"].str.strip(),
        "area_name": raw["la_name"].str.strip(), "region_code": raw["region_code"].str.strip(),
        "region_name": raw["region_name"].str.strip(),
        "la_type": raw["la_type"].str.strip() if "la_type" in raw else "",
        "current": raw["current_2025"].str.strip().str.lower().eq("true") if "current_2025" in raw else True,
    })


def _model_year(path: Path) -> str:
    m = re.search(r"(20\d\d)", path.name)
    if not m:
        raise NotRecognised(f"{path}: statistical-neighbour file without a model year (2021, 2025) in its name")
    return m.group(1)


def read_neighbours(path: Path | str) -> pd.DataFrame:
    """A DfE statistical-neighbour file (long, LAIT-wide or 2021 CSV) -> model, la_code, rank, neighbour, closeness."""
    path = Path(path)
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    raw.columns = [c.strip() for c in raw.columns]
    model = _model_year(path)
    cols = set(raw.columns)
    if {"old_la_code", "rank", "neighbour_old_la_code"} <= cols:
        out = pd.DataFrame({"la_code": raw["old_la_code"], "rank": raw["rank"],
                            "neighbour_la_code": raw["neighbour_old_la_code"],
                            "closeness": raw.get("closeness", ""),
                            "current": raw["current_la"].str.lower().eq("true") if "current_la" in raw else True})
    elif {"old_la_code", "SN_1"} <= cols or {"LA num", "SN1"} <= cols:
        wide = "SN_1" in cols
        la = raw["old_la_code"] if wide else raw["LA num"]
        frames = []
        values = raw.to_numpy()
        names = list(raw.columns)
        for r in range(1, 11):
            c = f"SN_{r}" if wide else f"SN{r}"
            i = names.index(c)
            frames.append(pd.DataFrame({"la_code": la, "rank": str(r), "neighbour_la_code": values[:, i],
                                        "closeness": values[:, i + 1], "current": True}))
        out = pd.concat(frames, ignore_index=True)
    else:
        raise NotRecognised(f"{path}: statistical-neighbour columns not recognised; expected old_la_code, rank, "
                            "neighbour_old_la_code (long) or old_la_code, SN_1..SN_10 (wide) or LA num, SN1..SN10")
    out = out.assign(model=model)
    out["la_code"] = out["la_code"].astype(str).str.strip()
    out["neighbour_la_code"] = out["neighbour_la_code"].astype(str).str.strip()
    out["closeness"] = out["closeness"].astype(str).str.strip().str.capitalize()
    out["rank"] = pd.to_numeric(out["rank"], errors="coerce").astype("int64")
    out = out.loc[(out["la_code"] != "") & (out["neighbour_la_code"] != "")]
    return out.loc[:, ["model", "la_code", "rank", "neighbour_la_code", "closeness", "current"]].reset_index(drop=True)

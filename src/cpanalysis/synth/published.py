"""Synthetic DfE-format published files for the demo: Demo Borough among fictional councils.

The demo (``cpanalysis run`` without a settings file) has no real council to
compare, so :func:`write_published` writes, into one folder, CSV files in the
layouts of DfE's own Explore Education Statistics downloads (the layouts
:mod:`cpanalysis.benchmarks.read` recognises) for the CLA tables
:data:`cpanalysis.benchmarks.mapping.BENCHMARKS` refers to, plus a
statistical-neighbour file and an ONS population file, and
:func:`write_outcomes` the outcomes release's ``ks2_la``, ``ks4_la`` and
``absence_la`` for the Virtual School. They let the demo show
England, a region, the statistical neighbours' mean, rank and quartile and
several years of trend, through the same ``cpanalysis benchmarks`` code a
council's real downloads go through.

**Every figure is made up.** Every file name starts with
:data:`SYNTHETIC_PREFIX`; the importer labels their rows with
:data:`cpanalysis.benchmarks.read.SYNTHETIC_RELEASE` ("synthetic DfE-format
data for the demo, not published figures"), and a council's run refuses them
(:func:`cpanalysis.benchmarks.store.refuse_synthetic`), and a store of
them answers no real LA code (:func:`cpanalysis.benchmarks.compare.resolve_la`).
A marker file (:data:`MARKER`) says so in words.

How the figures are made (our own choices, not DfE's):

* **Councils**: Demo Borough (old code :data:`DEMO_LA_CODE`, new code
  ``Z0000001``) and :data:`COUNCILS` fictional councils (codes ``Z02``... and
  ``Z0000002``...: DfE's codes are three digits and ``E06``/``E08``/``E09``/
  ``E10``, so none can clash), in four fictional regions; Demo Borough's
  region is Northmoor.
* **Demo Borough's rows** come from the demo's own data: each mapped
  scorecard measure computed at Q4 (31 March) of each year with the measure
  registry, written as DfE writes it (count, and the percentage of its group's
  total). Where our definition has no DfE twin in the data (staying put at 18,
  missing during the year) a plausible share is drawn instead.
* **The other councils**: each has a size (a log-normal multiple of Demo
  Borough's) and, for each figure, its own share: Demo Borough's share moved on
  the logit scale by a council effect (kept over the years) and a small yearly
  one; counts are binomial draws. A numpy Generator seeded with ``seed`` makes
  every draw, so the same seed gives byte-identical files.
* **England and region rows are the sums of their councils' counts** (exact:
  DfE rounds national and regional counts to the nearest 10, which is not done
  here so that the sums can be checked); their percentages are worked from the
  sums.
* **Suppression**, as DfE's LA rows: a council count of 1 to 4 is ``c``, and
  so is its percentage; a percentage below 0.5 of a non-zero count is ``k``;
  the SDQ average has ``z`` in its percentage column. National and regional
  rows are not suppressed. (DfE's secondary suppression is not imitated.)

Checked by ``tests/synth/test_published.py`` (England = sum of councils by
hand, determinism, every file imports with a synthetic label).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..benchmarks.read import SYNTHETIC_PREFIX  # every file written starts with it: the importer reads it so

__all__ = ["COUNCILS", "DEMO_LA_CODE", "DEMO_REGION", "MARKER", "SYNTHETIC_PREFIX", "demo_figures",
           "demo_outcomes", "measure_ids", "write_for_raw", "write_outcomes", "write_published"]

#: The marker file written into the folder.
MARKER = "SYNTHETIC_DFE_FORMAT.txt"
#: Demo Borough's (fictional) DfE LA code; real codes are three digits.
DEMO_LA_CODE = "Z01"
#: Demo Borough's fictional region.
DEMO_REGION = ("Z1200001", "Northmoor")
#: Number of fictional councils besides Demo Borough.
COUNCILS = 39

_REGIONS = (DEMO_REGION, ("Z1200002", "Eastwold"), ("Z1200003", "Southvale"), ("Z1200004", "Westmere"))
# Fictional council names (checked not to be the name of any English council).
_NAMES = (
    "Ashgrave", "Bramblecombe", "Caddow Vale", "Dunmarsh", "Elderwick", "Fennimore", "Gorselands", "Harrowmere",
    "Ivelcross", "Juniper Heath", "Kestrel Bay", "Larkhollow", "Marlow Fen", "Nethercote Downs", "Orrinsby",
    "Pellow Water", "Quenby Moor", "Rookhithe", "Saltmere Vale", "Thistlecombe", "Umberdale", "Vantage Hill",
    "Wendlecross", "Yarrowby", "Aldermoor Coast", "Brackenholt", "Coldwater Fells", "Drayhaven", "Emberfield",
    "Fallowmarch", "Greywether", "Hollinsmere", "Inglestone Water", "Kettlewood", "Lindenvale", "Mossgarth",
    "Northwold Edge", "Oxenhope Vale", "Pendrick",
)
_YEAR_COLS = ("time_period", "time_identifier", "geographic_level", "country_code", "country_name",
              "region_code", "region_name", "old_la_code", "la_name", "new_la_code")


@dataclass(frozen=True)
class _Item:
    """One breakdown row: where Demo Borough's share comes from, and how other councils' are drawn."""

    label: str
    measure: str | None = None     # registry id giving Demo Borough's numerator/denominator
    default: float = 0.5           # share when the measure gives none (or for every council when no measure)
    parent: str | None = None      # the item whose count is this one's base (else the group total)
    exclusive: bool = False        # drawn from what earlier exclusive items left
    fraction: float = 1.0          # share of the measure's value that falls in this row (split measures)
    mean: bool = False             # a mean (SDQ average), not a count
    of_parent: bool = False        # the share (measure's or default) is of the parent row, not of the total
    of_base: bool = False          # Demo Borough's count is the base measure's denominator (SDQ received)
    sd: float = 0.3                # spread of the council effect on the logit scale


@dataclass(frozen=True)
class _Group:
    """One group of rows sharing a total (DfE's filter values before the last one)."""

    keys: tuple[str, ...]          # the filter values of the group
    total: str                     # the label of the total row
    items: tuple[_Item, ...]
    base: str | None = None        # registry id whose denominator is Demo Borough's total
    base_scale: float = 1.0        # Demo Borough's total = base denominator * base_scale
    base_default: float = 0.1      # total as a share of children looked after when no base
    remainder: str | None = None   # row holding total minus the exclusive items


@dataclass(frozen=True)
class _Table:
    name: str
    filters: tuple[str, ...]
    count: str
    percent: str | None
    groups: tuple[_Group, ...]
    geo: tuple[str, ...] = _YEAR_COLS


_CLA = "CLA on 31 March"
_LT = "Children looked after continuously for at least 2.5 years on 31 March aged under 16 years"
_HEALTH_ALL = "Health assessments: Children looked after all ages"
_TABLES: tuple[_Table, ...] = (
    _Table("la_cla_placement_stability", ("cla_group", "placement_stability"), "children_count",
           "children_percent", (
               _Group((_CLA,), "Total children",
                      (_Item("With 3 or more placements during the year", "P3.19", 0.1),), base="P3.19"),
               _Group((_LT,), "Total children",
                      (_Item("Living with the same carer for at least 2 years", "P3.20", 0.68),), base="P3.20"))),
    _Table("la_cla_on_31_march_by_characteristics", ("cla_group", "characteristic"), "children_count",
           "children_percent", (
               _Group(("Placement",), "Total", (
                   _Item("Secure homes and children's homes", "P3.3", 0.1, exclusive=True, fraction=0.55),
                   _Item("Other residential settings", "P3.3", 0.015, exclusive=True, fraction=0.07),
                   _Item("Independent and semi-independent living arrangements/supported accommodation", "P3.3",
                         0.07, exclusive=True, fraction=0.38),
                   _Item("Placed with parents or other person with parental responsibility", "P3.9", 0.07,
                         exclusive=True),
                   _Item("Residential schools", "P2.10", 0.01, exclusive=True, sd=0.5)),
                      base="G4", remainder="Foster placements"),
               _Group(("Unaccompanied asylum-seeking children",), "Total",
                      (_Item("UASC", "G4", 0.07, exclusive=True, sd=0.6),), base="G4", remainder="Non-UASC"),
               _Group(("Distance between home and placement",), "Total", (
                   _Item("Placed more than 20 miles from home", "P3.4", 0.2, exclusive=True),
                   _Item("Distance not known or not recorded", None, 0.04, exclusive=True)),
                      base="G4", remainder="Placed 20 miles or less from home"),
               _Group(("Locality of placement",), "Total",
                      (_Item("Placed outside the local authority boundary", "P3.4a", 0.4, exclusive=True),),
                      base="G4", remainder="Placed inside the local authority boundary"))),
    _Table("la_children_who_ceased_during_the_year", ("cla_group", "characteristic"), "number", "percentage", (
        _Group(("Reason episode ceased",), "Total", (
            _Item("Special guardianship orders", "P3.11", 0.13, exclusive=True),
            _Item("Adopted", "P3.13", 0.09, exclusive=True)),
               base="P3.11", remainder="Care ceased for any other reason"),)),
    _Table("la_care_leavers_activity", ("care_leaver_age", "breakdown"), "care_leaver_count", "care_leaver_percent", (
        _Group(("17 to 18 years",), "Total", (
            _Item("Total in education, employment or training", "P2.12a", 0.65, exclusive=True),
            _Item("Total not in education, employment or training", "P2.12", 0.3, exclusive=True)),
               base="P2.12", remainder="Total information not known"),
        _Group(("19 to 21 years",), "Total", (
            _Item("Total in education, employment or training", "P2.15a", 0.55, exclusive=True),
            _Item("Total not in education, employment or training", "P2.15", 0.38, exclusive=True),
            _Item("Higher education i.e. studies beyond A level", "P2.13", 0.07,
                  parent="Total in education, employment or training"),
            _Item("In an apprenticeship", "P2.14", 0.04, parent="Total in education, employment or training")),
               base="P2.15", remainder="Total information not known"))),
    _Table("la_care_leavers_accommodation_suitability", ("care_leaver_age", "breakdown"), "care_leaver_count",
           "care_leaver_percent", (
               _Group(("17 to 18 years",), "Suitability total",
                      (_Item("Accommodation considered suitable", "P5.2a", 0.9, exclusive=True),),
                      base="P5.2a", remainder="Accommodation considered unsuitable"),
               _Group(("19 to 21 years",), "Suitability total",
                      (_Item("Accommodation considered suitable", "P5.2", 0.88, exclusive=True),),
                      base="P5.2", remainder="Accommodation considered unsuitable"))),
    # the 2024 release's column names (number, percentage, age): the importer reads both
    _Table("la_care_leavers_intouch", ("age", "in_touch"), "number", "percentage", (
        _Group(("Aged 17 to 18",), "Total",
               (_Item("Local authority in touch with care leaver", "P5.9", 0.93, exclusive=True),),
               base="P5.9", remainder="Local authority not in touch with care leaver"),
        _Group(("Aged 19 to 21",), "Total",
               (_Item("Local authority in touch with care leaver", "P5.10", 0.92, exclusive=True),),
               base="P5.10", remainder="Local authority not in touch with care leaver"))),
    _Table("la_care_leavers_stayput", ("age", "stay_put"), "number", "percentage", (
        _Group(("Aged 18",), "Young people who ceased to be looked after in a foster placement on their 18th "
               "birthday and were eligible for care leavers support",
               (_Item("Total living with former foster carers in the current year", None, 0.6),),
               base_default=0.07),)),
    _Table("la_conviction_health_outcome_cla", ("characteristic", "breakdown"), "children_count", "children_percent", (
        _Group((_HEALTH_ALL,), "Total all ages", (
            _Item("Had their annual health assessment", "P4.9", 0.9),
            _Item("Had their immunisations up to date", "P4.10", 0.87),
            _Item("Had their teeth checked by a dentist", "P4.11", 0.8)), base="P4.9"),
        _Group(("Substance misuse: Children looked after all ages",), "Total all ages",
               (_Item("Identified as having a substance misuse problem", "P4.14", 0.03, sd=0.5),), base="P4.14"),
        _Group(("Development assessments: Children looked after ages 0 to 4 years",), "Total ages 0 to 4 years",
               (_Item("Development assessments up to date", "P4.12", 0.88),), base="P4.12"),
        _Group(("Convictions: Children looked after Ages 10 to 17 years",), "Total ages 10 to 17 years",
               (_Item("Convicted or subject to youth cautions, or youth conditional cautions during the year",
                      "P5.8", 0.03, sd=0.5),), base="P5.8"),
        _Group(("Ages 5 to 16 years with SDQ score",), "Total ages 5 to 16 years", (
            _Item("SDQ score was received", None, 0.94, of_base=True),
            _Item("SDQ score is a cause for concern", "P4.6a", 0.37, parent="SDQ score was received",
                  of_parent=True),
            _Item("SDQ average score", "P4.13", 13.8, mean=True)), base="P4.6a", base_scale=1 / 0.94))),
    _Table("la_children_who_were_missing_or_away_from_placement_without_authorisation", ("CLA_group",), "number",
           None, (
               _Group((), "Children looked after during the year", (
                   _Item("Children who had a missing incident during the year", None, 0.11, sd=0.4),
                   _Item("Children who went missing more than once during the year", None, 0.6,
                         parent="Children who had a missing incident during the year", of_parent=True)),
                      base="G4", base_scale=1.35),)),
)


@dataclass
class _Council:
    la_code: str
    area_code: str
    name: str
    region: tuple[str, str]
    size: float
    effects: dict[str, float] = field(default_factory=dict)


def _logit(p: float) -> float:
    p = min(max(p, 0.005), 0.995)
    return float(np.log(p / (1 - p)))


def _expit(x: float) -> float:
    return float(1 / (1 + np.exp(-x)))


def measure_ids() -> list[str]:
    """The registry measures Demo Borough's rows are made from, sorted (G1 and G2 for the rate file)."""
    ids = {"G1", "G2"}
    for table in _TABLES:
        for group in table.groups:
            ids.update(i.measure for i in group.items if i.measure)
            if group.base:
                ids.add(group.base)
    return sorted(ids)


def demo_figures(processed_dir: Path | str, years: Iterable[int],
                 inputs: dict[str, object] | None = None) -> dict[int, dict[str, tuple[float | None, float | None,
                                                                                         float | None]]]:
    """Demo Borough's mapped measures at Q4 (31 March) of each year, from its processed data.

    Parameters
    ----------
    processed_dir : path
        The demo's processed folder (``cpanalysis.derive.build``).
    years : iterable of int
        Start years of the return years (2023 is 2023-24, measured at 31 March 2024).
    inputs : dict, optional
        The run's inputs (:func:`cpanalysis.measures.publication.run_data`).

    Returns
    -------
    dict
        year -> measure id -> (numerator, denominator, value), each None where the
        registry gives none.
    """
    from ..measures import MEASURES
    from ..measures.publication import run_data
    from ..quarters import Quarter

    data = run_data(processed_dir, inputs or {})
    out: dict[int, dict[str, tuple[float | None, float | None, float | None]]] = {}
    for y in years:
        q = Quarter.parse(f"{y}-{(y + 1) % 100:02d}-Q4")
        row = {}
        for mid in measure_ids():
            if mid not in MEASURES:
                continue
            r = MEASURES[mid].compute(data, q)
            row[mid] = (r.numerator, r.denominator, r.value)
        out[int(y)] = row
    return out


def _councils(rng: np.random.Generator) -> list[_Council]:
    councils = [_Council(DEMO_LA_CODE, "Z0000001", "Demo Borough", DEMO_REGION, 1.0)]
    sizes = rng.lognormal(0.0, 0.5, size=COUNCILS)
    regions = [_REGIONS[0]] * 11 + [_REGIONS[1]] * 10 + [_REGIONS[2]] * 9 + [_REGIONS[3]] * 9
    for i in range(COUNCILS):
        councils.append(_Council(f"Z{i + 2:02d}", f"Z{i + 2:07d}", _NAMES[i], regions[i], float(sizes[i])))
    return councils


def _share(item: _Item, group: _Group, demo: dict[str, tuple]) -> float | None:
    if item.of_base:
        has_base = group.base in demo and demo[group.base][1]
        return 1 / group.base_scale if has_base else None
    if item.measure is None or item.measure not in demo:
        return None
    num, den, value = demo[item.measure]
    if item.mean:
        return None if value is None else float(value)
    if num is None or not den:
        return None
    return float(num) / float(den) * item.fraction


def _demo_total(group: _Group, demo: dict[str, tuple], cla: float) -> float:
    if group.base and group.base in demo:
        num, den, _ = demo[group.base]
        if group.base == "G4":
            den = demo.get("G1", (None, None, None))[0]
        if den:
            return float(den) * group.base_scale
    return cla * group.base_default


def _percent(num: float, den: float) -> str:
    if not den:
        return "z"
    p = 100 * num / den
    if 0 < p < 0.5:
        return "k"
    return str(int(np.floor(p + 0.5)))


def _draw_group(rng: np.random.Generator, table: str, group: _Group, c: _Council, total: int,
                demo: dict[str, tuple], is_demo: bool) -> dict[str, float]:
    """Counts (or means) of one council's group rows for one year; the total under ``group.total``."""
    counts: dict[str, float] = {group.total: total}
    left = total
    left_share = 1.0
    for item in group.items:
        share = _share(item, group, demo)
        key = f"{table}|{'|'.join(group.keys)}|{item.label}"
        if item.mean:
            base = share if share is not None else item.default
            if is_demo and share is not None:
                counts[item.label] = round(base, 1)
            else:
                eff = c.effects.setdefault(key, float(rng.normal(0, 0.8)))
                counts[item.label] = round(max(base + eff + float(rng.normal(0, 0.2)), 0.0), 1)
            continue
        p = share if share is not None else item.default
        base_n = counts[item.parent] if item.parent else total
        if item.parent and not item.of_parent:
            parent = next(i for i in group.items if i.label == item.parent)
            parent_share = _share(parent, group, demo)
            p = min(p / (parent_share if parent_share else parent.default), 1.0)
        if is_demo and share is not None:
            n = int(round(p * base_n))
        else:
            eff = c.effects.setdefault(key, float(rng.normal(0, item.sd)))
            q = _expit(_logit(p) + eff + float(rng.normal(0, 0.08)))
            if item.exclusive:
                q = min(q / max(left_share, 1e-9), 1.0)
                n = int(rng.binomial(int(left), q))
            else:
                n = int(rng.binomial(int(base_n), q))
        if item.exclusive:
            n = min(n, int(left))
            left -= n
            left_share = max(left_share - p, 0.01)
        counts[item.label] = n
    if group.remainder:
        counts[group.remainder] = left
    return counts


def _rows_for(table: _Table, year: int, area: dict[str, str], groups: list[tuple[_Group, dict[str, float]]],
              suppress: bool) -> list[dict[str, str]]:
    rows = []
    for group, counts in groups:
        total = counts[group.total]
        labels = sorted(counts)  # DfE's files list a group's rows in alphabetical order
        for label in labels:
            v = counts[label]
            item = next((i for i in group.items if i.label == label), None)
            row = dict(area)
            row["time_period"] = str(year + 1)
            for col, value in zip(table.filters, group.keys + (label,)):
                row[col] = value
            if item is not None and item.mean:
                row[table.count] = f"{v:.1f}"
                if table.percent:
                    row[table.percent] = "z"
                rows.append(row)
                continue
            base = counts[item.parent] if item is not None and item.parent and item.of_parent else total
            small = suppress and 1 <= v <= 4
            row[table.count] = "c" if small else str(int(v))
            if table.percent:
                row[table.percent] = "c" if small else ("100" if label == group.total else _percent(v, base))
            rows.append(row)
        if table.name.startswith("la_children_who_were_missing"):
            miss = counts["Children who had a missing incident during the year"]
            row = dict(area)
            row["time_period"] = str(year + 1)
            row[table.filters[0]] = "Percentage of children who had a missing incident during the year"
            row[table.count] = "c" if suppress and 1 <= miss <= 4 else _percent(miss, total)
            rows.append(row)
    return rows


def _area(c: _Council | None, region: tuple[str, str] | None, table: _Table) -> dict[str, str]:
    row = {k: "" for k in table.geo}
    row.update(time_identifier="Reporting year", country_code="E92000001", country_name="England")
    if c is not None:
        row.update(geographic_level="Local authority", region_code=c.region[0], region_name=c.region[1],
                   old_la_code=c.la_code, la_name=c.name, new_la_code=c.area_code)
    elif region is not None:
        row.update(geographic_level="Regional", region_code=region[0], region_name=region[1])
    else:
        row.update(geographic_level="National")
    return row


def _sum_counts(groups: list[list[tuple[_Group, dict[str, float]]]]) -> list[tuple[_Group, dict]]:
    """Sum councils' group counts; a mean is weighted by its parent row (SDQ received)."""
    out = []
    for gi, (group, _) in enumerate(groups[0]):
        summed: dict[str, float] = {}
        for label in groups[0][gi][1]:
            item = next((i for i in group.items if i.label == label), None)
            if item is not None and item.mean:
                w = [g[gi][1].get("SDQ score was received", 1) for g in groups]
                vals = [g[gi][1][label] for g in groups]
                summed[label] = round(float(np.average(vals, weights=w)) if sum(w) else float(np.mean(vals)), 1)
            else:
                summed[label] = sum(g[gi][1][label] for g in groups)
        out.append((group, summed))
    return out


def _write(frame: pd.DataFrame, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
    return path


_MARKER_TEXT = """\
SYNTHETIC DFE-FORMAT DATA - NOT PUBLISHED FIGURES

Every file in this folder was made up by `cpanalysis synth` (seed {seed}) in the
layouts of DfE's Explore Education Statistics downloads, so that the demo can show
England, a region, statistical neighbours, rank, quartile and trends. The councils
(Demo Borough, LA code {demo}, and {n} others with codes Z02 onwards), their regions
and every figure are fictional. Demo Borough's rows come from the demo's own
synthetic returns. Never use these files for a real council: a council's run refuses
them.
"""


def write_published(out: Path | str, demo: dict[int, dict[str, tuple]], *, seed: int = 1) -> list[Path]:
    """Write the synthetic DfE-format files for Demo Borough and the fictional councils.

    Parameters
    ----------
    out : path-like
        Folder to write into (created; files already there with the same names are replaced).
    demo : dict
        Demo Borough's figures by year (:func:`demo_figures`): year -> measure id ->
        (numerator, denominator, value). The years written are its keys.
    seed : int
        Seed of the draws; the same seed and figures give byte-identical files.

    Returns
    -------
    list of pathlib.Path
        The files written, sorted.
    """
    out = Path(out)
    years = sorted(demo)
    if not years:
        raise ValueError("no years of Demo Borough's figures to write")
    rng = np.random.default_rng(np.random.SeedSequence([seed, 903]))
    councils = _councils(rng)
    written: list[Path] = []
    # sizes and counts per council and year
    cla: dict[tuple[str, int], int] = {}
    pop: dict[tuple[str, int], int] = {}
    for y in years:
        d = demo[y]
        g1 = d.get("G1", (None, None, None))[0] or 500
        g2 = d.get("G2", (None, None, None))
        demo_pop = g2[1] if g2[1] else round(g1 / 0.007)
        for c in councils:
            if c.la_code == DEMO_LA_CODE:
                cla[(c.la_code, y)] = int(g1)
                pop[(c.la_code, y)] = int(demo_pop)
            else:
                eff = c.effects.setdefault("rate", float(rng.normal(0, 0.35)))
                pop[(c.la_code, y)] = int(round(demo_pop * c.size * np.exp(rng.normal(0, 0.01))))
                cla[(c.la_code, y)] = int(round(g1 * c.size * np.exp(eff + rng.normal(0, 0.04))))
    written.append(_write_rates(out, years, councils, cla, pop))
    written.append(_write_population(out, years, councils, pop))
    for table in _TABLES:
        rows: list[dict[str, str]] = []
        for y in years:
            d = demo[y]
            per: dict[str, list[tuple[_Group, dict[str, float]]]] = {}
            for c in councils:
                is_demo = c.la_code == DEMO_LA_CODE
                scale = cla[(c.la_code, y)] / max(cla[(DEMO_LA_CODE, y)], 1)
                groups = []
                for group in table.groups:
                    demo_total = _demo_total(group, d, cla[(DEMO_LA_CODE, y)])
                    if is_demo:
                        total = int(round(demo_total))
                    else:
                        total = int(rng.poisson(max(demo_total * scale, 0.5)))
                    groups.append((group, _draw_group(rng, table.name, group, c, total, d, is_demo)))
                per[c.la_code] = groups
                rows += _rows_for(table, y, _area(c, None, table), groups, suppress=True)
            for region in _REGIONS:
                members = [per[c.la_code] for c in councils if c.region == region]
                rows += _rows_for(table, y, _area(None, region, table), _sum_counts(members), suppress=False)
            rows += _rows_for(table, y, _area(None, None, table), _sum_counts(list(per.values())), suppress=False)
        frame = pd.DataFrame(rows, columns=list(table.geo) + list(table.filters) + [table.count]
                             + ([table.percent] if table.percent else []))
        frame = _dfe_order(frame)
        written.append(_write(frame, out / f"{SYNTHETIC_PREFIX}{table.name}.csv"))
    written.append(_write_neighbours(out, councils))
    marker = out / MARKER
    marker.write_text(_MARKER_TEXT.format(seed=seed, demo=DEMO_LA_CODE, n=COUNCILS), encoding="utf-8",
                      newline="\n")
    written.append(marker)
    return sorted(written)


def _dfe_order(frame: pd.DataFrame) -> pd.DataFrame:
    """Latest year first, then England, regions, councils (as DfE's files)."""
    level = frame["geographic_level"].map({"National": 0, "Regional": 1, "Local authority": 2})
    key = frame.assign(_y=-frame["time_period"].astype(int), _l=level)
    order = key.sort_values(["_y", "_l", "region_code", "old_la_code"], kind="stable").index
    return frame.loc[order].reset_index(drop=True)


def _write_rates(out: Path, years: Sequence[int], councils: list[_Council], cla: dict, pop: dict) -> Path:
    cols = list(_YEAR_COLS) + ["population_type", "population_estimate", "children_count", "rate_per_10000"]
    t = _Table("cla_number_and_rate_per_10k_children", ("population_type",), "children_count", None, ())
    rows = []
    label = "Children looked after on 31 March each year"

    def row(area: dict[str, str], y: int, n: int, p: int) -> dict[str, str]:
        r = dict(area)
        r.update(time_period=str(y + 1), population_type=label, population_estimate=str(p), children_count=str(n),
                 rate_per_10000=str(int(np.floor(10000 * n / p + 0.5))) if p else "z")
        return r

    for y in years:
        for c in councils:
            rows.append(row(_area(c, None, t), y, cla[(c.la_code, y)], pop[(c.la_code, y)]))
        for region in _REGIONS:
            mem = [c for c in councils if c.region == region]
            rows.append(row(_area(None, region, t), y, sum(cla[(c.la_code, y)] for c in mem),
                            sum(pop[(c.la_code, y)] for c in mem)))
        rows.append(row(_area(None, None, t), y, sum(cla[(c.la_code, y)] for c in councils),
                        sum(pop[(c.la_code, y)] for c in councils)))
    frame = _dfe_order(pd.DataFrame(rows, columns=cols))
    return _write(frame, out / f"{SYNTHETIC_PREFIX}cla_number_and_rate_per_10k_children.csv")


def _write_population(out: Path, years: Sequence[int], councils: list[_Council], pop: dict) -> Path:
    """ONS mid-year 0-17 estimates in DfE's layout: mid-year *t* is the base of the 31 March *t+1* rate."""
    cols = ["time_period", "time_identifier", "geographic_level", "country_code", "country_name", "region_code",
            "region_name", "old_la_code", "new_la_code", "la_name", "age_group", "population_estimate"]
    t = _Table("ons", ("age_group",), "population_estimate", None, (), geo=tuple(cols[:10]))
    rows = []
    for y in years:
        def add(area: dict[str, str], p: int) -> None:
            r = dict(area)
            r.update(time_period=str(y), age_group="Children aged 0 to 17 years", population_estimate=str(p))
            rows.append(r)
        for c in councils:
            add(_area(c, None, t), pop[(c.la_code, y)])
        for region in _REGIONS:
            add(_area(None, region, t), sum(pop[(c.la_code, y)] for c in councils if c.region == region))
        add(_area(None, None, t), sum(pop[(c.la_code, y)] for c in councils))
    frame = pd.DataFrame(rows, columns=cols)
    frame = frame.assign(time_period=frame["time_period"].astype(int) + 1)
    frame = _dfe_order(frame)
    frame["time_period"] = (frame["time_period"].astype(int) - 1).astype(str)
    name = f"{SYNTHETIC_PREFIX}ons_mid-year_population_estimates_{years[0]}_to_{years[-1]}.csv"
    return _write(frame, out / name)


def _write_neighbours(out: Path, councils: list[_Council]) -> Path:
    """Ten statistical neighbours each: the councils closest in size (DfE's long layout, model 2025)."""
    rows = []
    logs = np.log([c.size for c in councils])
    for i, c in enumerate(councils):
        dist = np.abs(logs - logs[i])
        order = [j for j in np.argsort(dist, kind="stable") if j != i][:10]
        for rank, j in enumerate(order, start=1):
            rows.append({"old_la_code": c.la_code, "la_name": c.name, "rank": str(rank),
                         "neighbour_old_la_code": councils[j].la_code, "neighbour_la_name": councils[j].name,
                         "closeness": "Close" if rank <= 4 else "Somewhat close", "current_la": "True"})
    return _write(pd.DataFrame(rows), out / f"{SYNTHETIC_PREFIX}sn_model_2025_long.csv")


def write_for_raw(raw: Path | str, out: Path | str, years: Sequence[int], *, seed: int = 1) -> list[Path]:
    """Build Demo Borough's raw returns into a temporary processed folder, then :func:`write_published`
    and :func:`write_outcomes` (the academic years starting in ``years``).

    For ``cpanalysis synth --dfe-format``: the run itself writes the files from
    the processed folder it has just built (no second build).

    Parameters
    ----------
    raw : path-like
        Synthetic returns written by :func:`cpanalysis.synth.generate` (one council).
    out : path-like
        Folder for the synthetic DfE-format files.
    years : sequence of int
        Start years of the return years to write (each measured at its 31 March).
    seed : int
        Seed of the draws.
    """
    import tempfile

    from ..derive import build

    with tempfile.TemporaryDirectory(prefix="cpanalysis-dfe-") as tmp:
        build(Path(raw), Path(tmp))
        written = write_published(out, demo_figures(tmp, years), seed=seed)
        written += write_outcomes(out, demo_outcomes(raw, tmp, years), seed=seed)
        return sorted(written)


# -- the outcomes release: ks2_la, ks4_la, absence_la ------------------------------------------------

_CL12 = "CLA 12 months at 31 March"
_KS2_SUBJECTS = (("read", "ks2_read", 0.5), ("writta", "ks2_writ", 0.5), ("mat", "ks2_mat", 0.45),
                 ("rwm", "ks2_rwm", 0.33), ("gps", None, 0.45), ("scita", None, 0.55))
_KS2_COLS = ["social_care_group", "version"] + [f"{p}_{s}_{c}" for s, _, _ in _KS2_SUBJECTS
                                                for p, c in (("t", "eligible_pupils"), ("t", "met_expected_standard"),
                                                             ("pt", "met_expected_standard"))]
_KS4_COLS = ["social_care_group", "version", "t_pupils", "t_att8", "avg_att8", "t_l2basics_95", "pt_l2basics_95",
             "t_l2basics_94", "pt_l2basics_94", "t_ebacc_e_ptq_ee", "pt_ebacc_e_ptq_ee", "t_ebaccaps",
             "avg_ebaccaps", "t_inp8calc", "t_p8score", "avg_p8score", "p8score_CI_low", "p8score_CI_upp"]
_ABS_COLS = ["absence_terms", "social_care_group", "phase_type_grouping", "t_pupils", "t_sess_possible",
             "t_sess_overall", "pt_overall", "t_sess_authorised", "pt_sess_authorised", "t_sess_unauthorised",
             "pt_sess_unauthorised", "t_pupils_pa_10_exact", "pt_pupils_pa_10_exact", "t_pupils_pa_50_exact",
             "pt_pupils_pa_50_exact"]
_PHASES = (("Total", None), ("State-funded primary", (0, 6)), ("State-funded secondary", (7, 11)))
#: Academic years DfE published no figure for (COVID-19): KS2 tests, Progress 8, absence.
_NO_KS2 = (2019, 2020)
_NO_P8 = (2019, 2020)
_NO_ABSENCE = (2019,)
_VS_KEYS = ("ks2_read", "ks2_writ", "ks2_mat", "ks2_rwm", "basics4", "basics5", "att8", "p8",
            "persistent_absence", "attendance")


def demo_outcomes(raw_dir: Path | str, processed_dir: Path | str | None, years: Iterable[int]
                  ) -> dict[int, dict[str, tuple[int, float | None]]]:
    """Demo Borough's Virtual School outcomes by academic year: measure -> (pupils, share or mean).

    Computed from the demo's Virtual School extract with DfE's cohort
    (:func:`cpanalysis.virtual_school.outcomes.stage_frame`, ``definition="dfe"``);
    absence also by phase (``persistent_absence@State-funded primary`` ...).
    Years without an extract are left out; no extract gives an empty dict.
    """
    from ..virtual_school.data import load_virtual_school
    from ..virtual_school.outcomes import MEASURES as VS
    from ..virtual_school.outcomes import stage_frame

    try:
        data = load_virtual_school(raw_dir, processed_dir)
    except Exception:  # noqa: BLE001 - no usable extract: the outcome files are not written
        return {}
    if data is None:
        return {}
    out: dict[int, dict[str, tuple[int, float | None]]] = {}
    for y in years:
        if y not in data.academic_years:
            continue
        row: dict[str, tuple[int, float | None]] = {}
        for key in _VS_KEYS:
            f = stage_frame(data, y, VS[key].stage)
            col = pd.to_numeric(f[key], errors="coerce") if key in f else pd.Series(np.nan, index=f.index)
            n = int(col.notna().sum()) if key == "p8" else len(f)
            row[key] = (n, float(col.mean()) if col.notna().any() else None)
            if VS[key].stage == "school":
                for phase, band in _PHASES[1:]:
                    inside = f["nc"].between(*band).fillna(False).to_numpy(dtype=bool)
                    c = col.loc[inside]
                    row[f"{key}@{phase}"] = (int(inside.sum()), float(c.mean()) if c.notna().any() else None)
        out[int(y)] = row
    return out


def _pt(num: float, den: float, places: int) -> str:
    if not den:
        return "z"
    p = 100 * num / den
    if 0 < p < 0.5 and places == 0:
        return "k"
    return str(int(np.floor(p + 0.5))) if places == 0 else f"{np.floor(p * 10 + 0.5) / 10:g}"


def write_outcomes(out: Path | str, demo: dict[int, dict[str, tuple[int, float | None]]], *, seed: int = 1
                   ) -> list[Path]:
    """Write ``synthetic_ks2_la.csv``, ``synthetic_ks4_la.csv`` and ``synthetic_absence_la.csv``.

    The councils and regions are :func:`write_published`'s (same seed, same
    sizes). Demo Borough's rows are its own outcomes (:func:`demo_outcomes`),
    the other councils' drawn around them as in :func:`write_published`;
    England and the regions are the sums of their councils. Academic years
    DfE published nothing for (no KS2 tests in 2019/20 and 2020/21, no
    Progress 8 in those years, no absence figures for 2019/20) are ``x``, as
    in DfE's files. A council count of 1 to 4 (or a KS2 cohort short of
    everyone by 1 to 4), and none or all of fewer than 10 pupils, is ``c``.
    """
    out = Path(out)
    years = sorted(demo)
    if not years:
        return []
    councils = _councils(np.random.default_rng(np.random.SeedSequence([seed, 903])))  # the CLA files' councils
    rng = np.random.default_rng(np.random.SeedSequence([seed, 2]))
    effects: dict[tuple[str, str], float] = {}

    def share(c: _Council, key: str, p: float, sd: float = 0.3) -> float:
        eff = effects.setdefault((c.la_code, key), float(rng.normal(0, sd)))
        return _expit(_logit(p) + eff + float(rng.normal(0, 0.1)))

    def effect(c: _Council, key: str, sd: float) -> float:
        return effects.setdefault((c.la_code, key), float(rng.normal(0, sd)))

    def size(c: _Council, n: int) -> int:
        return n if c.la_code == DEMO_LA_CODE else int(rng.poisson(max(n * c.size, 1.0)))

    ks2, ks4, absence = [], [], []
    for y in years:
        d = demo[y]
        per2, per4, perabs = {}, {}, {}
        for c in councils:
            me = c.la_code == DEMO_LA_CODE
            n2 = size(c, d.get("ks2_read", (20, None))[0] or 20)
            met: dict[str, int] = {}
            for s, key, default in _KS2_SUBJECTS:
                p = d.get(key, (0, None))[1] if key else None
                if me and p is not None:
                    met[s] = int(round(p * n2))
                else:
                    met[s] = int(rng.binomial(n2, share(c, s, p if p is not None else default)))
            met["rwm"] = min(met["rwm"], met["read"], met["writta"], met["mat"])
            per2[c.la_code] = (n2, met)
            n4 = size(c, d.get("basics4", (40, None))[0] or 40)
            p4 = d.get("basics4", (0, None))[1]
            p5 = d.get("basics5", (0, None))[1]
            if me and p4 is not None:
                b4 = int(round(p4 * n4))
            else:
                b4 = int(rng.binomial(n4, share(c, "b4", p4 if p4 else 0.2)))
            if me and p5 is not None:
                b5 = min(int(round(p5 * n4)), b4)
            else:
                b5 = int(rng.binomial(b4, min((p5 or 0.1) / max(p4 or 0.2, 0.01), 1.0)))
            a8 = d.get("att8", (0, None))[1]
            if me and a8 is not None:
                att8 = a8
            else:
                att8 = max((a8 or 19.0) + effect(c, "att8", 2.0) + float(rng.normal(0, 0.8)), 0.0)
            n8_demo, p8_demo = d.get("p8", (0, None))
            n8 = n8_demo if me else int(rng.binomial(n4, 0.85))
            if me and p8_demo is not None:
                p8 = p8_demo
            else:
                p8 = (p8_demo if p8_demo is not None else -1.2) + effect(c, "p8", 0.25) + float(rng.normal(0, 0.1))
            ebacc = int(rng.binomial(n4, 0.05))
            per4[c.la_code] = (n4, int(round(att8 * n4)), b5, b4, ebacc, n8, round(p8 * n8, 1))
            phases = {}
            for phase, _ in _PHASES[1:]:
                n, pa = d.get(f"persistent_absence@{phase}", (100, None))
                att = d.get(f"attendance@{phase}", (0, None))[1]
                n = size(c, n or 1)
                if me and pa is not None:
                    pa_n = int(round(pa * n))
                else:
                    pa_n = int(rng.binomial(n, share(c, f"pa@{phase}", pa if pa is not None else 0.3)))
                if not (me and att is not None):
                    att = 1 - share(c, f"abs@{phase}", 1 - (att if att is not None else 0.9), 0.2)
                possible = n * 330
                overall = int(round(possible * (1 - att)))
                auth = int(round(overall * 0.55))
                pa50 = int(rng.binomial(pa_n, 0.2))
                phases[phase] = (n, possible, overall, auth, overall - auth, pa_n, pa50)
            phases["Total"] = tuple(int(sum(v)) for v in zip(*phases.values()))
            perabs[c.la_code] = phases
        table = _Table("outcomes", (), "", None, ())
        areas = [(c, None) for c in councils] + [(None, r) for r in _REGIONS] + [(None, None)]
        for c, region in areas:
            if c is not None:
                members = [c.la_code]
            elif region is not None:
                members = [m.la_code for m in councils if m.region == region]
            else:
                members = [m.la_code for m in councils]
            suppress = c is not None
            area = _area(c, region, table)
            area.update(time_period=f"{y}{(y + 1) % 100:02d}", time_identifier="Academic year")
            ks2.append({**area, **_ks2_row(y, [per2[m] for m in members], suppress)})
            ks4.append({**area, **_ks4_row(y, [per4[m] for m in members], suppress)})
            for phase, _ in _PHASES:
                absence.append({**area, **_abs_row(y, phase, [perabs[m][phase] for m in members], suppress)})
    written = []
    for name, rows, cols in (("ks2_la", ks2, _KS2_COLS), ("ks4_la", ks4, _KS4_COLS),
                             ("absence_la", absence, _ABS_COLS)):
        frame = _dfe_order(pd.DataFrame(rows, columns=list(_YEAR_COLS) + cols))
        written.append(_write(frame, out / f"{SYNTHETIC_PREFIX}{name}.csv"))
    return written


def _small(n: int, suppress: bool) -> bool:
    return suppress and 1 <= n <= 4


def _all_or_none(v: int, n: int, suppress: bool) -> bool:
    """None or all of a council's fewer than 10 pupils ("0% of 4" says something about every one of them)."""
    return suppress and 0 < n < 10 and v in (0, n)


def _ks2_row(y: int, parts: list[tuple[int, dict[str, int]]], suppress: bool) -> dict[str, str]:
    row = {"social_care_group": _CL12, "version": "Final"}
    n = sum(p[0] for p in parts)
    for s, _, _ in _KS2_SUBJECTS:
        met = sum(p[1][s] for p in parts)
        if y in _NO_KS2:
            row.update({f"t_{s}_eligible_pupils": "x", f"t_{s}_met_expected_standard": "x",
                        f"pt_{s}_met_expected_standard": "x"})
            continue
        row[f"t_{s}_eligible_pupils"] = str(n)
        if _small(met, suppress) or _small(n - met, suppress) or _all_or_none(met, n, suppress):
            row[f"t_{s}_met_expected_standard"] = row[f"pt_{s}_met_expected_standard"] = "c"
        else:
            row[f"t_{s}_met_expected_standard"] = str(met)
            row[f"pt_{s}_met_expected_standard"] = _pt(met, n, 0)
    return row


def _ks4_row(y: int, parts: list[tuple], suppress: bool) -> dict[str, str]:
    n, t8, b5, b4, eb, n8 = (int(sum(p[i] for p in parts)) for i in range(6))
    tp8 = round(float(sum(p[6] for p in parts)), 1)
    row = {"social_care_group": _CL12, "version": "Final", "t_pupils": str(n), "t_att8": str(t8),
           "avg_att8": f"{np.floor(t8 / n * 10 + 0.5) / 10:g}" if n else "z", "t_ebaccaps": "x",
           "avg_ebaccaps": "x", "p8score_CI_low": "x", "p8score_CI_upp": "x"}
    for key, v in (("l2basics_95", b5), ("l2basics_94", b4), ("ebacc_e_ptq_ee", eb)):
        small = _small(v, suppress) or _all_or_none(v, n, suppress)
        row[f"t_{key}"] = "c" if small else str(v)
        row[f"pt_{key}"] = "c" if small else _pt(v, n, 1)
    if y in _NO_P8:
        row.update(t_inp8calc="x", t_p8score="x", avg_p8score="x")
    else:
        row.update(t_inp8calc=str(n8), t_p8score=f"{tp8:.1f}",
                   avg_p8score=f"{np.floor(tp8 / n8 * 100 + 0.5) / 100:.2f}" if n8 else "z")
    return row


def _abs_row(y: int, phase: str, parts: list[tuple], suppress: bool) -> dict[str, str]:
    n, possible, overall, auth, unauth, pa10, pa50 = (int(sum(p[i] for p in parts)) for i in range(7))
    row = {"absence_terms": "six half terms", "social_care_group": _CL12, "phase_type_grouping": phase,
           "t_pupils": str(n), "t_sess_possible": str(possible)}
    if y in _NO_ABSENCE:
        row.update({k: "x" for k in _ABS_COLS[5:]})
        return row
    row.update(t_sess_overall=str(overall), pt_overall=_pt(overall, possible, 1), t_sess_authorised=str(auth),
               pt_sess_authorised=_pt(auth, possible, 1), t_sess_unauthorised=str(unauth),
               pt_sess_unauthorised=_pt(unauth, possible, 1))
    for key, v in (("pa_10_exact", pa10), ("pa_50_exact", pa50)):
        small = _small(v, suppress) or _all_or_none(v, n, suppress)
        row[f"t_pupils_{key}"] = "c" if small else str(v)
        row[f"pt_pupils_{key}"] = "c" if small else _pt(v, n, 1)
    return row

"""The DfE mapping lives in the measures' registry entries, once (issue 13, item 2).

Oracles: the importer's own file specs (:data:`cpanalysis.benchmarks.read.TABLES`,
the tables and indicator columns it reads from DfE's EES files), the
registries' polarities, the scorecard's "no national figure published" rule
(:func:`cpanalysis.measures.scorecard.scorecard`), and DfE's published files
themselves (``../shared/dfe-published``; that test is skipped without them).
"""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pandas as pd
import pytest

from cpanalysis.benchmarks.mapping import BENCHMARKS, Benchmark, benchmark
from cpanalysis.benchmarks.read import TABLES
from cpanalysis.measures import MEASURES
from cpanalysis.measures.comparisons import COMPARATOR_COLUMNS
from cpanalysis.measures.dfe import DfeFigure
from cpanalysis.measures.scorecard import NO_NATIONAL, scorecard
from cpanalysis.protect.policy import DisclosurePolicy
from cpanalysis.quarters import Quarter
from cpanalysis.virtual_school.outcomes import MEASURES as VS_MEASURES
from measures.fixture_measures import data

SRC = Path(__file__).resolve().parents[2] / "src" / "cpanalysis"
MAPPING = SRC / "benchmarks" / "mapping.py"
#: The only places a DfeFigure may be written: the measures' registrations (and DfE-only figures in mapping.py).
REGISTRATIONS = {SRC / "measures" / f"{m}.py" for m in
                 ("general", "permanence", "adulthood", "flows", "health", "education", "good_parent")}
REGISTRATIONS |= {SRC / "virtual_school" / "outcomes.py", MAPPING}

#: The scorecard measures DfE publishes by council (the 35 mapped when the mapping moved into the registry).
PUBLISHED_BY_DFE = {
    "G1", "G2", "G4", "P2.3", "P2.4", "P2.5", "P2.6", "P2.10", "P2.12", "P2.12a", "P2.13", "P2.14", "P2.15", "P2.15a",
    "P3.3", "P3.4", "P3.4a", "P3.9", "P3.11", "P3.13", "P3.19", "P3.20", "P4.6a", "P4.9", "P4.10", "P4.11", "P4.12",
    "P4.13", "P4.14", "P5.2", "P5.2a", "P5.6", "P5.8", "P5.9", "P5.10",
}
SCORECARD_IDS = [k for k in BENCHMARKS if not k.startswith(("VS.", "DfE."))]
VS_IDS = [k for k in BENCHMARKS if k.startswith("VS.")]
DFE_ONLY = [k for k in BENCHMARKS if k.startswith("DfE.")]


def _figure(b: Benchmark) -> DfeFigure:
    """The DfE figure a benchmark carries (its fields other than the id and polarity)."""
    return DfeFigure(**{f.name: getattr(b, f.name) for f in dataclasses.fields(DfeFigure)})


def _calls(path: Path, name: str) -> list[ast.Call]:
    """Calls of ``name(...)`` (or ``x.name(...)``) in one source file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call)
            and (getattr(n.func, "id", None) == name or getattr(n.func, "attr", None) == name)]


def test_every_scorecard_benchmark_is_its_registry_entry():
    published = {m.id for m in MEASURES.values() if m.dfe is not None}
    assert set(SCORECARD_IDS) == published == PUBLISHED_BY_DFE
    for mid in SCORECARD_IDS:
        assert _figure(BENCHMARKS[mid]) == MEASURES[mid].dfe, mid
        assert BENCHMARKS[mid] == Benchmark.of(mid, MEASURES[mid].dfe), mid
        assert benchmark(mid) is BENCHMARKS[mid]


def test_every_virtual_school_benchmark_is_its_registry_entry():
    published = {f"VS.{m.key}" for m in VS_MEASURES.values() if m.dfe is not None}
    assert set(VS_IDS) == published
    assert len(published) == 12
    for vid in VS_IDS:
        assert _figure(BENCHMARKS[vid]) == VS_MEASURES[vid[3:]].dfe, vid


def test_only_the_dfe_figures_with_no_measure_are_written_in_mapping():
    assert DFE_ONLY == ["DfE.missing", "DfE.missing_2plus"]
    # No second copy: mapping.py writes a DfeFigure only for its DfE-only figures, and no Benchmark by hand.
    assert len(_calls(MAPPING, "DfeFigure")) == len(DFE_ONLY)
    written = [c for c in _calls(MAPPING, "of") if c.args and isinstance(c.args[0], ast.Constant)]
    assert sorted(c.args[0].value for c in written) == DFE_ONLY
    for path in sorted(SRC.rglob("*.py")):
        assert not _calls(path, "Benchmark"), f"{path}: a Benchmark written by hand"
        if path not in REGISTRATIONS:
            assert not _calls(path, "DfeFigure"), f"{path}: a DfE figure outside a measure's registration"


@pytest.mark.parametrize("mid", list(BENCHMARKS))
def test_every_benchmark_names_a_table_and_indicator_the_importer_reads(mid):
    b = BENCHMARKS[mid]
    assert b.table in TABLES, f"{mid}: {b.table} is not a file the importer reads"
    assert b.indicator in {i.key for i in TABLES[b.table].indicators}, f"{mid}: {b.table} has no {b.indicator}"
    assert isinstance(b.rows, tuple) and b.rows and all(isinstance(r, str) and r for r in b.rows), mid
    assert b.unit in ("percent", "count", "rate_per_10000", "mean")


def test_polarity_is_the_registrys_own():
    for mid in SCORECARD_IDS:
        assert BENCHMARKS[mid].own_polarity == ""
        assert BENCHMARKS[mid].polarity == MEASURES[mid].polarity, mid
    for vid in VS_IDS:
        m = VS_MEASURES[vid[3:]]
        assert BENCHMARKS[vid].own_polarity == ""
        assert BENCHMARKS[vid].polarity == ("higher_is_better" if m.higher_is_better else "lower_is_better"), vid
    assert {BENCHMARKS[k].polarity for k in DFE_ONLY} == {"lower_is_better"}


def test_a_measure_with_no_dfe_entry_says_no_national_figure_published():
    """With no comparators held, a measure DfE publishes shows ``x``; one it does not, NO_NATIONAL."""
    none_held = pd.DataFrame(columns=list(COMPARATOR_COLUMNS))
    card = scorecard(data(), Quarter(2024, 3), policy=DisclosurePolicy(threshold=5),
                     comparators=none_held).set_index("id")
    without = [m.id for m in MEASURES.values() if m.dfe is None]
    assert "P1.1" in without and "G3" in without and "P4.8" in without
    for mid in card.index:
        expected = "x" if MEASURES[mid].dfe is not None else NO_NATIONAL
        assert card.loc[mid, "england"] == expected, mid


def test_every_benchmark_row_is_in_dfes_published_files(store):
    """Each entry's breakdown rows are rows DfE publishes in that table and indicator (the real files)."""
    f = store.figures
    have = {(str(t), str(m), str(r)) for t, m, r in
            f[["table", "measure", "breakdown"]].drop_duplicates().itertuples(index=False)}
    for mid, b in BENCHMARKS.items():
        for row in b.rows + b.base_minus:
            assert (b.table, b.indicator, row) in have, f"{mid}: {b.table} / {b.indicator} has no row {row!r}"

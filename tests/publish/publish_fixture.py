"""Helpers for the publishing tests: one pipeline run over the fixture notebooks.

The run covers every behaviour at once (a clean briefing, a disclosive one, a
broken one and one marked not for publication), so kernels start only once per
test session.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import pytest

import cpanalysis.cli

sys.path.insert(0, str(Path(__file__).parents[1]))
from g1_fixture import write_fixture  # noqa: E402

FIXTURE_NOTEBOOKS = Path(__file__).parents[1] / "fixtures_notebooks"
QUARTER = "2024-25-Q3"


@dataclass
class CliRun:
    """What one command-line call did."""

    code: int
    stdout: str
    stderr: str


def cli(argv: list[str]) -> CliRun:
    """Run ``cpanalysis`` with only the publish commands registered (others may be mid-edit)."""
    out, err = io.StringIO(), io.StringIO()
    with mock.patch.object(cpanalysis.cli, "COMMAND_MODULES", ("cpanalysis.publish.cli",)), \
            contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cpanalysis.cli.main(argv)
    return CliRun(code, out.getvalue(), err.getvalue())


@dataclass
class PipelineRun:
    """A finished ``cpanalysis run`` over the fixture notebooks."""

    root: Path
    raw: Path
    outputs: Path
    private: Path
    result: CliRun

    @property
    def published(self) -> Path:
        return self.outputs / QUARTER

    @property
    def kept(self) -> Path:
        return self.private / QUARTER


def run_fixture(root: Path, notebooks: list[str] | None = None, raw: Path | None = None,
                source: Path = FIXTURE_NOTEBOOKS, extra: tuple[Path, ...] = (),
                fresh_kernels: bool = False) -> PipelineRun:
    """Copy notebooks from ``source`` (default: the fixtures) and ``extra`` into ``root/notebooks``; run the quarter.

    ``fresh_kernels`` starts a new Python for each notebook instead of forking the pre-loaded server.
    """
    nb_dir = root / "notebooks"
    nb_dir.mkdir(parents=True)
    for nb in [*sorted(source.glob("*.ipynb")), *extra]:
        if notebooks is None or nb.stem in notebooks:
            shutil.copy(nb, nb_dir / nb.name)
    if raw is None:
        raw = write_fixture(root / "raw")
    outputs, private = root / "outputs", root / "private"
    result = cli([
        "run", "--quarter", QUARTER, "--raw", str(raw), "--notebooks", str(nb_dir),
        "--outputs", str(outputs), "--private", str(private), "--processed", str(root / "processed"),
        *(["--fresh-kernels"] if fresh_kernels else []),
    ])
    return PipelineRun(root, raw, outputs, private, result)


PROJECT_NOTEBOOKS = Path(__file__).parents[2] / "notebooks"
_PROJECT_RUNS: dict[str, PipelineRun] = {}


def synthetic_raw(root: Path) -> Path:
    """A small synthetic council (60 children in care at a time, 8 return years)."""
    from cpanalysis.synth import generate

    generate(root / "raw", seed=1, children=60)
    return root / "raw"


def project_run(tmp_path_factory: pytest.TempPathFactory) -> PipelineRun:
    """The project's notebooks and the clean fixture, run once per test session on synthetic data.

    Shared by the browser tests and the byte-identity test (both in one pytest
    process), so the briefings are built once.
    """
    if "site" not in _PROJECT_RUNS:
        root = tmp_path_factory.mktemp("site")
        _PROJECT_RUNS["site"] = run_fixture(
            root, raw=synthetic_raw(root), source=PROJECT_NOTEBOOKS, extra=(FIXTURE_NOTEBOOKS / "clean.ipynb",)
        )
    return _PROJECT_RUNS["site"]


def fixture_run_once(tmp_path_factory: pytest.TempPathFactory) -> PipelineRun:
    """The fixture notebooks run once, with a stale page left from an earlier run."""
    root = tmp_path_factory.mktemp("run")
    stale = root / "outputs" / QUARTER
    stale.mkdir(parents=True)
    (stale / "broken.html").write_text("<html><body><main><h1>Looks complete</h1></main></body></html>")
    (stale / "old_briefing.html").write_text("<html></html>")
    return run_fixture(root)

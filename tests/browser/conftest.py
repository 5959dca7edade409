"""Browser tests: the quarter's pages in headless Chromium (Debian's ``/usr/bin/chromium``).

The pipeline runs once per session over the project's notebooks plus the clean
fixture notebook, on a small data set (synthetic when ``cpanalysis.synth``
offers ``generate``, else the hand-built G1 fixture). A missing browser is a
failure, never a skip: these tests are the only check of what a reader sees.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import pytest

import cpanalysis.cli

ROOT = Path(__file__).parents[2]
sys.path.insert(0, str(ROOT / "tests"))
from g1_fixture import write_fixture  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]
QUARTER = "2024-25-Q3"


@dataclass
class Site:
    """The published folder of one run, and how the run ended."""

    folder: Path
    code: int
    stdout: str
    stderr: str

    @property
    def pages(self) -> list[Path]:
        return sorted(self.folder.glob("*.html"))


def _data(raw: Path) -> Path:
    try:
        from cpanalysis.synth import generate  # type: ignore[attr-defined]
    except ImportError:
        return write_fixture(raw)
    generate(raw, seed=1, children=60)
    return raw


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """Run ``cpanalysis run`` once over the project's notebooks and the clean fixture."""
    root = tmp_path_factory.mktemp("site")
    notebooks = root / "notebooks"
    notebooks.mkdir()
    for nb in [*sorted((ROOT / "notebooks").glob("*.ipynb")), ROOT / "tests" / "fixtures_notebooks" / "clean.ipynb"]:
        shutil.copy(nb, notebooks / nb.name)
    raw = _data(root / "raw")
    out, err = io.StringIO(), io.StringIO()
    with mock.patch.object(cpanalysis.cli, "COMMAND_MODULES", ("cpanalysis.publish.cli",)), \
            contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cpanalysis.cli.main([
            "run", "--quarter", QUARTER, "--raw", str(raw), "--notebooks", str(notebooks),
            "--outputs", str(root / "outputs"), "--private", str(root / "private"),
            "--processed", str(root / "processed"),
        ])
    return Site(root / "outputs" / QUARTER, code, out.getvalue(), err.getvalue())


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Chromium; fails (does not skip) when it is not installed."""
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (make chromium); browser tests never skip")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()

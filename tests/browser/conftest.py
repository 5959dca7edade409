"""Browser tests: the quarter's pages in headless Chromium (Debian's ``/usr/bin/chromium``).

The pipeline runs once per session over the project's notebooks plus the clean
fixture notebook, on a small synthetic council (``tests/publish/publish_fixture.py``).
A missing browser is a failure, never a skip: these tests are the only check of
what a reader sees.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
sys.path.insert(0, str(ROOT / "tests" / "publish"))
from publish_fixture import project_run  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]


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


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The project's notebooks and the clean fixture, run once (shared with tests/publish)."""
    run = project_run(tmp_path_factory)
    return Site(run.published, run.result.code, run.result.stdout, run.result.stderr)


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

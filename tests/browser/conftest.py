"""Browser tests: the quarter's pages in headless Chromium (Debian's ``/usr/bin/chromium``).

The pipeline runs once per session over the project's notebooks plus the clean
fixture notebook, on a small synthetic council (``tests/publish/publish_fixture.py``).
A missing browser is a failure, never a skip: these tests are the only check of
what a reader sees.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
sys.path.insert(0, str(ROOT / "tests" / "publish"))
from publish_fixture import project_run  # noqa: E402

# ``browser`` (one headless Chromium for the whole session) is in tests/conftest.py: a second
# sync Playwright started while the first runs fails ("Sync API inside the asyncio loop").


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

"""Fixtures for the publishing tests (helpers live in ``publish_fixture``)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from publish_fixture import PipelineRun, fixture_run_once


@pytest.fixture(scope="session")
def fixture_run(tmp_path_factory: pytest.TempPathFactory) -> PipelineRun:
    """The fixture notebooks run once, with a stale page left from an earlier run."""
    return fixture_run_once(tmp_path_factory)

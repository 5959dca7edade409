"""Shared synthetic councils for the synth tests (generated once per session)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cpanalysis.synth import generate


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Demo Borough at its default size, seed 1, 8 return years."""
    out = tmp_path_factory.mktemp("demo")
    generate(out, seed=1)
    return out


@pytest.fixture(scope="session")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small council (about 120 in care), seed 7."""
    out = tmp_path_factory.mktemp("small")
    generate(out, seed=7, children=120)
    return out

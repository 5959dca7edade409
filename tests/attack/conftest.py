"""Red-team fixtures: synthetic councils built once per session in a temporary folder.

* ``demo`` - the default synthetic council (seed 1, about 540 children in care),
  the data ``cpanalysis run`` makes when the raw folder is empty;
* ``small`` - a small council (seed 3, about 150 children), where small numbers
  are common (``cpanalysis synth --seed 3 --children 150``).

Each is about 1-3 s to generate and build.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass(frozen=True)
class Council:
    raw: Path
    processed: Path


def _council(root: Path, **kwargs) -> Council:
    from cpanalysis.derive.build import build
    from cpanalysis.synth import generate

    raw, processed = root / "raw", root / "processed"
    generate(raw, **kwargs)
    build(raw, processed)
    return Council(raw, processed)


@pytest.fixture(scope="session")
def demo(tmp_path_factory) -> Council:
    return _council(tmp_path_factory.mktemp("demo"), seed=1)


@pytest.fixture(scope="session")
def small(tmp_path_factory) -> Council:
    return _council(tmp_path_factory.mktemp("small"), seed=3, children=150)


@pytest.fixture(scope="session")
def tiny(tmp_path_factory) -> Council:
    """A very small council (seed 10, about 40 children in care)."""
    return _council(tmp_path_factory.mktemp("tiny"), seed=10, children=40)

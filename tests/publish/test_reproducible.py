"""The project's own briefings, run twice on the same synthetic council, are byte-identical.

The fixture notebooks prove the template and the run add nothing variable;
this proves the briefings' content does not either (pandas Styler ids,
matplotlib metadata, dict ordering, timestamps in sentences).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from publish_fixture import run_fixture

pytestmark = pytest.mark.slow

PROJECT_NOTEBOOKS = Path(__file__).parents[2] / "notebooks"


def test_project_briefings_are_byte_identical(tmp_path):
    from cpanalysis.synth import generate

    raw = tmp_path / "raw"
    generate(raw, seed=1, children=60)
    first = run_fixture(tmp_path / "a", raw=raw, source=PROJECT_NOTEBOOKS)
    second = run_fixture(tmp_path / "b", raw=raw, source=PROJECT_NOTEBOOKS)
    assert first.result.code == 0, first.result.stderr
    pages = sorted(p.name for p in first.published.glob("*.html"))
    assert len(pages) >= 2 and "index.html" in pages
    assert sorted(p.name for p in second.published.glob("*.html")) == pages
    different = [n for n in pages if (first.published / n).read_bytes() != (second.published / n).read_bytes()]
    assert different == []

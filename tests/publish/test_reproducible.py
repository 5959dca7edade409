"""The project's own briefings, run twice on the same synthetic council, are byte-identical.

The fixture notebooks prove the template and the run add nothing variable;
this proves the briefings' content does not either (pandas Styler ids,
matplotlib metadata, dict ordering, timestamps in sentences), nor the way the
kernels start: the first run forks them from the pre-loaded server, the
second starts a new Python for each, as Jupyter does.
"""

from __future__ import annotations

import json

import pytest

from publish_fixture import FIXTURE_NOTEBOOKS, PROJECT_NOTEBOOKS, project_run, run_fixture

pytestmark = pytest.mark.slow


def test_project_briefings_are_byte_identical(tmp_path_factory, tmp_path):
    first = project_run(tmp_path_factory)
    second = run_fixture(tmp_path, raw=first.raw, source=PROJECT_NOTEBOOKS,
                         extra=(FIXTURE_NOTEBOOKS / "clean.ipynb",), fresh_kernels=True)
    assert first.result.code == 0, first.result.stderr
    assert second.result.code == 0, second.result.stderr
    logs = [json.loads((run.kept / "run_log.json").read_text())["kernels"] for run in (first, second)]
    assert logs == ["forked from a pre-loaded server", "a new Python each"]
    pages = sorted(p.name for p in first.published.glob("*.html"))
    assert len(pages) >= 3 and "index.html" in pages and "clean.html" in pages
    assert sorted(p.name for p in second.published.glob("*.html")) == pages
    different = [n for n in pages if (first.published / n).read_bytes() != (second.published / n).read_bytes()]
    assert different == []

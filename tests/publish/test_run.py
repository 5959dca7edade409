"""``cpanalysis run`` over the fixture notebooks: what is published, what is not, and why."""

from __future__ import annotations

import hashlib
import json
import re
from importlib import metadata

import pytest

from publish_fixture import QUARTER, run_fixture

pytestmark = pytest.mark.slow


def test_exit_code_is_non_zero_when_a_notebook_fails(fixture_run):
    assert fixture_run.result.code == 1


def test_failing_cell_is_reported(fixture_run):
    # broken.ipynb: cell 1 parameters, 2 heading, 3 markdown, 4 is ``1 / 0``.
    assert "broken.ipynb failed at cell 4: ZeroDivisionError: division by zero" in fixture_run.result.stderr
    assert "broken: FAILED at cell 4: ZeroDivisionError" in fixture_run.result.stdout


def test_failed_notebook_leaves_no_html_and_stale_pages_are_gone(fixture_run):
    published = fixture_run.published
    assert not (published / "broken.html").exists()
    assert not (published / "old_briefing.html").exists()
    assert not list(published.glob(".*"))  # no half-written page either


def test_other_notebooks_still_finish(fixture_run):
    assert sorted(p.name for p in fixture_run.published.glob("*.html")) == ["clean.html", "index.html"]
    assert "[4/4]" in fixture_run.result.stdout


def test_disclosive_page_is_refused_and_kept_privately(fixture_run):
    assert not (fixture_run.published / "disclosive.html").exists()
    assert (fixture_run.kept / "refused" / "disclosive.html").is_file()
    err = fixture_run.result.stderr
    assert "disclosive.ipynb refused by the publication gate" in err
    assert "row 3 'Secure children's home', column 'Children'" in err
    assert "14% of 21 can only be 3" in err


def test_not_for_publication_notebook_is_never_run(fixture_run):
    assert not (fixture_run.kept / "caseworker_view.ipynb").exists()
    assert not (fixture_run.published / "caseworker_view.html").exists()
    assert "caseworker_view: skipped" in fixture_run.result.stdout


def test_executed_notebooks_are_private_and_never_published(fixture_run):
    assert sorted(p.name for p in fixture_run.kept.glob("*.ipynb")) == [
        "broken.ipynb", "clean.ipynb", "disclosive.ipynb",
    ]
    assert list(fixture_run.outputs.rglob("*.ipynb")) == []


def test_index_links_every_published_briefing(fixture_run):
    page = (fixture_run.published / "index.html").read_text()
    assert page.count("<h1>") == 1
    assert re.findall(r'href="([^"]+)"', page) == ["#content", "clean.html"]
    assert ">Clean fixture briefing</a>" in page


def _sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_run_log_records_config_code_packages_inputs_and_notebooks(fixture_run):
    log = json.loads((fixture_run.published / "run_log.json").read_text())
    assert log["config"]["quarter"] == QUARTER and log["config"]["policy"]["threshold"] == 5
    assert re.fullmatch(r"[0-9a-f]{40}", log["code"]["commit"])
    assert log["packages"]["papermill"] == metadata.version("papermill")
    assert log["packages"]["nbconvert"] == metadata.version("nbconvert")
    raw = fixture_run.raw
    assert log["inputs"] == {
        p.relative_to(raw).as_posix(): _sha256(p) for p in sorted(raw.rglob("*")) if p.is_file()
    }
    assert len(log["inputs"]) == 4  # header and episodes for two return years
    by_name = {r["notebook"]: r for r in log["notebooks"]}
    assert {n: r["status"] for n, r in by_name.items()} == {
        "broken.ipynb": "failed", "caseworker_view.ipynb": "skipped",
        "clean.ipynb": "ok", "disclosive.ipynb": "refused",
    }
    assert by_name["clean.ipynb"]["seconds"] > 0 and by_name["clean.ipynb"]["html"] == "clean.html"
    assert by_name["broken.ipynb"]["failure"] == {"cell": 4, "ename": "ZeroDivisionError"}
    assert log["gate"]["findings"] == 0 and log["gate"]["pages"] == 2
    # the data were built once, before the notebooks ran; the public log names folders, not full paths
    assert log["build"]["processed_dir"] == "processed"
    assert str(fixture_run.root) not in (fixture_run.published / "run_log.json").read_text()
    assert (fixture_run.root / "processed" / "manifest.json").is_file()
    # The g1 fixture's CHILD ids are single letters: too short to look for.
    assert log["gate"]["child_ids_read"] == 9 and log["gate"]["child_ids_checked"] == 0


def test_private_run_log_keeps_what_the_public_one_leaves_out(fixture_run):
    log = json.loads((fixture_run.kept / "run_log.json").read_text())
    by_name = {r["notebook"]: r for r in log["notebooks"]}
    assert by_name["broken.ipynb"]["failure"]["evalue"] == "division by zero"
    assert len(by_name["disclosive.ipynb"]["findings"]) == 3
    public = (fixture_run.published / "run_log.json").read_text()
    assert "division by zero" not in public


def test_private_folder_inside_outputs_is_refused(tmp_path):
    import shutil

    from publish_fixture import FIXTURE_NOTEBOOKS, cli

    shutil.copy(FIXTURE_NOTEBOOKS / "clean.ipynb", tmp_path / "clean.ipynb")
    result = cli(["run", "--quarter", QUARTER, "--notebooks", str(tmp_path), "--outputs", str(tmp_path / "out"),
                  "--private", str(tmp_path / "out" / "private")])
    assert result.code == 2
    assert "must not be inside" in result.stderr
    assert not (tmp_path / "out").exists()  # refused before anything ran


def test_identical_inputs_give_identical_bytes(fixture_run, tmp_path):
    again = run_fixture(tmp_path, notebooks=["clean"], raw=fixture_run.raw)
    assert again.result.code == 0, again.result.stderr
    for name in ("clean.html", "index.html"):
        assert (again.published / name).read_bytes() == (fixture_run.published / name).read_bytes(), name


def test_longest_notebook_starts_first(tmp_path):
    from pathlib import Path

    from cpanalysis.publish.run import _longest_first

    log = tmp_path / "run_log.json"
    log.write_text(json.dumps({"notebooks": [
        {"notebook": "a.ipynb", "seconds": 2.0}, {"notebook": "b.ipynb", "seconds": 9.5},
        {"notebook": "c.ipynb", "seconds": 4.0},
    ]}))
    nbs = [Path(f"{n}.ipynb") for n in "abcd"]
    # d is new (no time yet): it goes first, then by last time, longest first
    assert [p.stem for p in _longest_first(nbs, log)] == ["d", "b", "c", "a"]
    assert _longest_first(nbs, tmp_path / "missing.json") == nbs


def test_quarter_outside_the_data_is_refused_before_anything_is_built(tmp_path):
    from publish_fixture import FIXTURE_NOTEBOOKS, cli, write_fixture

    raw = write_fixture(tmp_path / "raw")  # return years 2023-24 and 2024-25
    result = cli(["run", "--quarter", "2019-20-Q1", "--raw", str(raw), "--notebooks", str(FIXTURE_NOTEBOOKS),
                  "--outputs", str(tmp_path / "out"), "--private", str(tmp_path / "p"),
                  "--processed", str(tmp_path / "processed")])
    assert result.code == 2
    assert result.stderr == "cpanalysis run: quarter 2019-20 Q1 is outside the data (2023-24 to 2024-25)\n"
    assert not (tmp_path / "processed").exists() and not (tmp_path / "out").exists()

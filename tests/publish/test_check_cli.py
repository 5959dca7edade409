"""``cpanalysis check DIR``: exit 1 naming file and place, 0 when clean, 2 when DIR is unusable."""

from __future__ import annotations

import pytest

from publish_fixture import cli

pytestmark = pytest.mark.slow


def test_refuses_the_disclosive_fixture_page(fixture_run):
    refused = fixture_run.kept / "refused"
    result = cli(["check", str(refused)])
    assert result.code == 1
    page = refused / "disclosive.html"
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    assert all(line.startswith(f"{page}:") for line in lines)
    assert "small-count: count 3" in lines[0]
    assert "row 3 'Secure children's home', column 'Children'" in lines[0]
    assert result.stderr.strip() == f"cpanalysis check: 3 reason(s) to refuse publication in {refused}"


def test_passes_the_published_folder(fixture_run):
    result = cli(["check", str(fixture_run.published)])
    assert result.code == 0, result.stdout
    assert "nothing found" in result.stdout


def test_threshold_option(tmp_path):
    (tmp_path / "a.html").write_text("<main><table><caption>c</caption><tbody><tr><td>7</td></tr></tbody></table></main>")
    assert cli(["check", str(tmp_path)]).code == 0
    assert cli(["check", str(tmp_path), "--threshold", "10"]).code == 1


def test_child_ids_from_raw_data(tmp_path):
    raw = tmp_path / "raw" / "2024-25"
    raw.mkdir(parents=True)
    (raw / "header.csv").write_text("CHILD,SEX,DOB\nCH00123,1,01/01/2010\n")
    site = tmp_path / "site"
    site.mkdir()
    (site / "a.html").write_text("<main><p>About CH00123.</p></main>")
    assert cli(["check", str(site)]).code == 0
    result = cli(["check", str(site), "--raw", str(tmp_path / "raw")])
    assert result.code == 1 and "child-id" in result.stdout and "CH00123" not in result.stdout


@pytest.mark.parametrize("make", ["missing", "file", "empty", "not-utf8"])
def test_unusable_dir_exits_2(tmp_path, make):
    target = tmp_path / "x"
    if make == "file":
        target.write_text("x")
    elif make == "empty":
        target.mkdir()
    elif make == "not-utf8":
        target.mkdir()
        (target / "a.html").write_bytes(b"\xff\xfe\x00<p>")
    result = cli(["check", str(target)])
    assert result.code == 2
    assert result.stderr.startswith("cpanalysis check: ") and str(target) in result.stderr

"""The council's settings file (``cpanalysis.toml``): read, refused, written, and put under the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from cpanalysis.cli import main
from cpanalysis.errors import InputError
from cpanalysis.protect.policy import DisclosurePolicy
from cpanalysis.settings import TEMPLATE, Settings, load_settings, with_overrides, write_template


def _write(folder: Path, text: str) -> Path:
    path = folder / "cpanalysis.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_paths_are_relative_to_the_file_and_values_are_read(tmp_path):
    path = _write(tmp_path, """
[council]
name = "Northshire"
la_code = "E10000999"
[data]
raw = "exports"
[inputs]
postcodes = "lookups/postcodes.csv"
[disclosure]
threshold = 10
[validation]
max_quarantined = 0.05
[board.remarks]
"P4.9" = "Watched as a risk."
""")
    s = load_settings(path)
    assert s.council == "Northshire" and s.la_code == "E10000999"
    assert s.raw == tmp_path / "exports"
    assert s.processed == tmp_path / "data/processed"
    assert s.inputs == {"postcodes": tmp_path / "lookups/postcodes.csv"}
    assert s.policy == DisclosurePolicy(threshold=10)
    assert s.max_quarantined == 0.05
    assert s.board_remarks == {"P4.9": "Watched as a risk."}
    assert not s.is_demo


@pytest.mark.parametrize(("text", "message"), [
    ('[council]\nname = "X"\n[data]\nraww = "a"\n', "unknown setting(s) in [data]: raww"),
    ('[council]\nname = "X"\n[disclosure]\nthreshold = -3\n', "threshold must be at least"),
    ('[council]\nname = "X"\n[disclosure]\nthreshold = "five"\n', "threshold must be a whole number"),
    ('[council]\nla_code = "E1"\n', "[council] name is required"),
    ('[council]\nname = "Demo Borough"\n', "the demo's"),
    ('[council\nname = "X"\n', "not valid TOML"),
    ('[council]\nname = "X"\n[validation]\nmax_quarantined = 3\n', "max_quarantined must be a share"),
    ('[council]\nname = "X"\n[inputs]\npostcodes = 4\n', "postcodes must be text"),
])
def test_bad_settings_are_one_line_naming_file_and_setting(tmp_path, text, message):
    path = _write(tmp_path, text)
    with pytest.raises(InputError) as err:
        load_settings(path)
    assert message in str(err.value)
    assert str(path) in str(err.value)
    assert "\n" not in str(err.value)


def test_command_line_wins_over_the_file(tmp_path):
    s = load_settings(_write(tmp_path, '[council]\nname = "Northshire"\n[disclosure]\nthreshold = 10\n'))
    t = with_overrides(s, council="Southshire", threshold=7, postcodes=Path("p.csv"), raw=None)
    assert t.council == "Southshire"
    assert t.policy.threshold == 7 and t.policy.small_group == s.policy.small_group
    assert t.inputs["postcodes"] == Path("p.csv")
    assert t.raw == s.raw  # None means "not given"


def test_the_template_is_a_valid_settings_file_once_named(tmp_path):
    path = write_template(tmp_path / "cpanalysis.toml", council="Northshire")
    s = load_settings(path)
    assert s.council == "Northshire" and s.policy == DisclosurePolicy()
    with pytest.raises(InputError, match="already exists"):
        write_template(path)
    assert "Demo Borough" not in TEMPLATE


def test_init_writes_the_file_in_the_working_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["init", "--council", "Northshire"]) == 0
    assert load_settings(tmp_path / "cpanalysis.toml").council == "Northshire"
    assert main(["init"]) == 2
    assert "already exists" in capsys.readouterr().err


def test_a_councils_run_refuses_synthetic_data(tmp_path, monkeypatch, capsys):
    raw = tmp_path / "raw"
    (raw / "2024-25").mkdir(parents=True)
    (raw / "SYNTHETIC.txt").write_text("synthetic")
    _write(tmp_path, '[council]\nname = "Northshire"\n[data]\nraw = "raw"\n')
    monkeypatch.chdir(tmp_path)
    assert main(["run", "--quarter", "2024-25-Q3"]) == 2
    err = capsys.readouterr().err
    assert "synthetic demo data" in err and len(err.strip().splitlines()) == 1


def test_a_councils_run_never_makes_demo_data(tmp_path, monkeypatch, capsys):
    (tmp_path / "raw").mkdir()
    _write(tmp_path, '[council]\nname = "Northshire"\n[data]\nraw = "raw"\n')
    monkeypatch.chdir(tmp_path)
    assert main(["run", "--quarter", "2024-25-Q3"]) == 2
    assert "no SSDA903 returns to read" in capsys.readouterr().err
    assert list((tmp_path / "raw").iterdir()) == []


def test_demo_settings_are_the_defaults():
    s = Settings()
    assert s.is_demo and s.council == "Demo Borough" and s.policy == DisclosurePolicy()

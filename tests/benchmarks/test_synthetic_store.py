"""The demo's synthetic DfE-format files never reach a real council.

Guards: a council's run (settings file) naming a folder (or a store) of
synthetic files as its benchmarks stops with one line and exit 2; a store of
synthetic figures answers no real LA code; a folder mixing synthetic and
DfE's published files is refused; the labels stay synthetic through a saved
store.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cpanalysis.benchmarks.compare import compare, resolve_la, short_release
from cpanalysis.benchmarks.read import SYNTHETIC_RELEASE, is_synthetic
from cpanalysis.benchmarks.store import import_folder, load, refuse_synthetic, save
from cpanalysis.errors import InputError
from cpanalysis.synth.published import DEMO_LA_CODE, write_published


def _demo() -> dict[int, dict[str, tuple]]:
    return {y: {"G1": (500, None, 500.0), "G2": (500, 70_000, 71.4), "P3.19": (60, 500, 12.0),
                "P4.9": (300, 330, 90.9), "G4": (20, 500, 20.0)} for y in (2022, 2023)}


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dfe_synthetic")
    write_published(out, _demo(), seed=3)
    return out


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cpanalysis", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=600)


def test_a_councils_run_refuses_synthetic_benchmarks(synthetic: Path, tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    (raw / "2024-25").mkdir(parents=True)
    (tmp_path / "cpanalysis.toml").write_text(
        '[council]\nname = "Trafford"\nla_code = "358"\n\n[data]\nraw = "raw"\nprocessed = "processed"\n\n'
        '[outputs]\noutputs = "out"\nprivate = "private"\n\n'
        f'[inputs]\nbenchmarks = "{synthetic.as_posix()}"\n', encoding="utf-8")
    done = _cli("run", "--quarter", "2024-25-Q3", "--fresh-kernels", cwd=tmp_path)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert "synthetic DfE-format files made for the demo" in done.stderr
    assert not (tmp_path / "out" / "2024-25-Q3").exists()


def test_a_saved_store_of_synthetic_figures_is_refused_too(synthetic: Path, tmp_path: Path) -> None:
    out = tmp_path / "benchmarks.parquet"
    save(import_folder(synthetic), out)
    with pytest.raises(InputError, match="synthetic"):
        refuse_synthetic(out)
    with pytest.raises(InputError, match="synthetic"):
        refuse_synthetic(synthetic)
    st = load(out)
    assert st.synthetic  # the label survives the parquet round trip
    assert set(st.figures["release"].astype(str)) == {SYNTHETIC_RELEASE}


def test_real_downloads_are_not_refused(tmp_path: Path) -> None:
    real = tmp_path / "dfe"
    real.mkdir()
    (real / "la_cla_placement_stability.csv").write_text("time_period\n2024\n", encoding="utf-8")
    refuse_synthetic(real)  # no synthetic file: nothing to refuse
    assert not is_synthetic(real / "la_cla_placement_stability.csv")


def test_a_synthetic_store_answers_no_real_council(synthetic: Path, tmp_path: Path) -> None:
    store = import_folder(synthetic)
    assert resolve_la(store, DEMO_LA_CODE)["area_name"] == "Demo Borough"
    for code in ("358", "E08000009"):
        with pytest.raises(InputError, match="synthetic"):
            compare(store, code)
    done = _cli("benchmarks", "compare", str(synthetic), "--la", "358", cwd=tmp_path)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "synthetic" in done.stderr


def test_a_folder_mixing_synthetic_and_published_files_is_refused(synthetic: Path, tmp_path: Path) -> None:
    from .conftest import DFE

    real = DFE / "cla_2025_release" / "la_cla_placement_stability.csv.gz"
    if not real.is_file():
        pytest.skip(f"DfE published files not found at {DFE}")
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    shutil.copy(real, mixed / real.name)
    shutil.copy(synthetic / "synthetic_la_cla_placement_stability.csv", mixed)
    with pytest.raises(InputError, match="mixes"):
        import_folder(mixed)


def test_the_synthetic_label_is_never_a_dfe_release_name() -> None:
    assert short_release(SYNTHETIC_RELEASE) == SYNTHETIC_RELEASE
    assert "DfE," not in SYNTHETIC_RELEASE and "synthetic" in SYNTHETIC_RELEASE

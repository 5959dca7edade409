"""Same seed, same bytes; a different seed, different data."""

from __future__ import annotations

from pathlib import Path

from cpanalysis.synth import generate


def _digest(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    a = generate(tmp_path / "a", seed=3, children=80, years=3)
    b = generate(tmp_path / "b", seed=3, children=80, years=3)
    assert [p.relative_to(tmp_path / "a") for p in a] == [p.relative_to(tmp_path / "b") for p in b]
    da, db = _digest(tmp_path / "a"), _digest(tmp_path / "b")
    da.pop("SYNTHETIC.txt"), db.pop("SYNTHETIC.txt")  # names its own folder
    assert da == db


def test_different_seed_differs(tmp_path: Path) -> None:
    generate(tmp_path / "a", seed=3, children=80, years=3)
    generate(tmp_path / "b", seed=4, children=80, years=3)
    a = (tmp_path / "a" / "2025-26" / "episodes.csv").read_bytes()
    b = (tmp_path / "b" / "2025-26" / "episodes.csv").read_bytes()
    assert a != b


def test_line_endings_and_marker(small: Path) -> None:
    data = (small / "2024-25" / "episodes.csv").read_bytes()
    assert b"\r" not in data and data.endswith(b"\n")
    marker = (small / "SYNTHETIC.txt").read_text(encoding="utf-8")
    assert "SYNTHETIC" in marker and "seed 7" in marker

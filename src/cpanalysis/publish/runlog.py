"""The run log: what made an output (config, code version, packages, input hashes)."""

from __future__ import annotations

import hashlib
import platform
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

__all__ = ["PACKAGES", "code_version", "file_hashes", "package_versions"]

#: Packages whose versions can change an output.
PACKAGES = (
    "cpanalysis", "pandas", "numpy", "pyarrow", "scipy", "statsmodels", "matplotlib",
    "seaborn", "afcharts", "pandera", "papermill", "nbconvert", "nbformat", "ipykernel",
)


def code_version(where: Path | None = None) -> dict[str, Any]:
    """The git commit of the code (and whether the work tree had changes)."""
    cwd = str(where or Path.cwd())
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=cwd, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = bool(
            subprocess.run(
                ["git", "status", "--porcelain", "--untracked-files=no"],
                cwd=cwd, capture_output=True, text=True, check=True,
            ).stdout.strip()
        )
    except (OSError, subprocess.CalledProcessError):
        return {"commit": "unknown", "dirty": None}
    return {"commit": commit, "dirty": dirty}


def package_versions() -> dict[str, str]:
    """Installed versions of :data:`PACKAGES`, and Python's."""
    out = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def file_hashes(root: Path) -> dict[str, str]:
    """SHA-256 of every file under ``root``, keyed by path relative to it."""
    out = {}
    for path in sorted(p for p in Path(root).rglob("*") if p.is_file()):
        h = hashlib.sha256()
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
        out[path.relative_to(root).as_posix()] = h.hexdigest()
    return out

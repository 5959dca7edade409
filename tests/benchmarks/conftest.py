"""The real DfE files, read from ``../shared/dfe-published`` beside the repository (skipped when absent).

They are Open Government Licence data and never copied into the repository.
"""

from __future__ import annotations

from pathlib import Path

import pytest

DFE = Path(__file__).resolve().parents[2] / ".." / "shared" / "dfe-published"


@pytest.fixture(scope="session")
def dfe() -> Path:
    """The folder of DfE's published files; the test is skipped when it is not there."""
    if not (DFE / "cla_2025_release").is_dir():
        pytest.skip(f"DfE published files not found at {DFE}")
    return DFE


@pytest.fixture(scope="session")
def store(dfe):
    """The whole folder imported once (about 5 s)."""
    from cpanalysis.benchmarks.store import import_folder

    return import_folder(dfe)

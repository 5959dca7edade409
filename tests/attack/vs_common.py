"""Virtual School data of the attack councils, loaded once per module that asks for it."""

from __future__ import annotations

from cpanalysis.virtual_school import load_virtual_school


def load(council):
    data = load_virtual_school(council.raw, council.processed)
    return data, list(data.academic_years)


def num(s: str) -> int | None:
    s = s.replace(",", "")
    return int(s) if s.isdigit() else None

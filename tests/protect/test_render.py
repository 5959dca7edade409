"""GSS symbols. Source: GSS guidance on symbols in tables / DfE EES (DOMAIN.md section 6)."""

import pytest

from cpanalysis.protect.render import SYMBOLS, symbol_for


def test_symbol_set() -> None:
    assert set(SYMBOLS) == {"c", "z", "x", "k", "u"}


@pytest.mark.parametrize(
    ("status", "symbol"),
    [("primary", "c"), ("secondary", "c"), ("not_applicable", "z"), ("not_available", "x"),
     ("rounds_to_zero", "k"), ("low_reliability", "u"), ("shown", None), ("zero", None)],
)
def test_status_to_symbol(status: str, symbol: str | None) -> None:
    assert symbol_for(status) == symbol


def test_unknown_status() -> None:
    with pytest.raises(ValueError):
        symbol_for("hidden")

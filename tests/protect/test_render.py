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


def test_count_cell_primary_suppression():
    """DfE primary suppression of a count published on its own (the run's policy: threshold 5 by DfE's rules)."""
    from cpanalysis.protect.policy import DEFAULT_POLICY, DisclosurePolicy
    from cpanalysis.protect.render import count_cell

    assert [count_cell(n, policy=DEFAULT_POLICY) for n in (None, 0, 1, 4, 5, 1234)] == ["x", "0", "c", "c", "5", "1,234"]
    assert count_cell(9, policy=DisclosurePolicy(threshold=10)) == "c"
    assert count_cell(10, policy=DisclosurePolicy(threshold=10)) == "10"

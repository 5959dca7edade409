"""GSS / DfE symbols for published tables.

Symbols follow the Government Statistical Service guidance on symbols in
tables and DfE Explore Education Statistics (DOMAIN.md section 6):
``c`` confidential (suppressed), ``z`` not applicable, ``x`` not available,
``k`` rounds to zero but is not zero, ``u`` low reliability. A true zero is
shown as 0.
"""

from __future__ import annotations

from .policy import DisclosurePolicy

__all__ = [
    "CONFIDENTIAL",
    "LOW_RELIABILITY",
    "NOT_APPLICABLE",
    "NOT_AVAILABLE",
    "ROUNDS_TO_ZERO",
    "SYMBOLS",
    "count_cell",
    "symbol_for",
]

CONFIDENTIAL = "c"
NOT_APPLICABLE = "z"
NOT_AVAILABLE = "x"
ROUNDS_TO_ZERO = "k"
LOW_RELIABILITY = "u"

SYMBOLS: dict[str, str] = {
    CONFIDENTIAL: "confidential: suppressed to protect children's identities",
    NOT_APPLICABLE: "not applicable",
    NOT_AVAILABLE: "not available",
    ROUNDS_TO_ZERO: "rounds to zero, but is not zero",
    LOW_RELIABILITY: "low reliability",
}


def symbol_for(status: str) -> str | None:
    """GSS symbol for a cell status, or None when the value itself is shown.

    Parameters
    ----------
    status : str
        ``"primary"``/``"secondary"`` -> ``c``; ``"not_applicable"`` -> ``z``;
        ``"not_available"`` -> ``x``; ``"rounds_to_zero"`` -> ``k``;
        ``"low_reliability"`` -> ``u``; ``"shown"``/``"zero"`` -> None.
    """
    table = {
        "primary": CONFIDENTIAL,
        "secondary": CONFIDENTIAL,
        "not_applicable": NOT_APPLICABLE,
        "not_available": NOT_AVAILABLE,
        "rounds_to_zero": ROUNDS_TO_ZERO,
        "low_reliability": LOW_RELIABILITY,
        "shown": None,
        "zero": None,
    }
    if status not in table:
        raise ValueError(f"unknown cell status {status!r}")
    return table[status]


def count_cell(n: int | None, *, policy: DisclosurePolicy) -> str:
    """A single published count: ``x`` when not available, a true 0 as ``0``,
    1 to ``policy.threshold - 1`` as ``c`` (DfE primary suppression), else with
    thousands separators.

    For a count published on its own. A count published with others that add up
    to a total needs :func:`cpanalysis.protect.suppress` instead.
    """
    if n is None:
        return NOT_AVAILABLE
    n = int(n)
    if n == 0:
        return "0"
    return CONFIDENTIAL if n < policy.threshold else f"{n:,}"

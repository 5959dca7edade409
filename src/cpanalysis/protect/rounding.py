"""Rounding half away from zero (DfE ``round_five_up``), never banker's.

Python's :func:`round` and NumPy round half to even ("banker's rounding"):
``round(2.5) == 2``. DfE's ``round_five_up`` (dfeR) and the GSS rounding
guidance round halves away from zero: 2.5 -> 3, -2.5 -> -3, 0.125 -> 0.13 at
two places. Values are converted through their shortest ``repr`` so that
0.125 is treated as the decimal 0.125 the analyst typed.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

__all__ = ["round_half_away", "round_to_base"]


def round_half_away(x: float, decimals: int = 0) -> float:
    """Round to ``decimals`` places, halves away from zero.

    Implements DfE ``round_five_up`` (dfeR package) semantics via
    :class:`decimal.Decimal` with ``ROUND_HALF_UP`` (which rounds halves away
    from zero for negative numbers too).

    Parameters
    ----------
    x : float
    decimals : int
        Places after the point; may be negative (-1 rounds to tens).

    Returns
    -------
    float (an int-valued float when ``decimals <= 0``)

    Examples
    --------
    >>> round_half_away(2.5), round_half_away(-2.5), round_half_away(0.125, 2)
    (3.0, -3.0, 0.13)
    """
    d = Decimal(repr(float(x)))
    quantum = Decimal(1).scaleb(-decimals)
    return float(d.quantize(quantum, rounding=ROUND_HALF_UP)) if decimals >= 0 else float(
        (d / quantum).quantize(Decimal(1), rounding=ROUND_HALF_UP) * quantum
    )


def round_to_base(x: float, base: int = 10) -> int:
    """Round to the nearest multiple of ``base``, halves away from zero.

    DfE rounds national and regional counts to the nearest 10 (DOMAIN.md
    section 6); 15 -> 20, 25 -> 30, -15 -> -20.
    """
    if base < 1:
        raise ValueError("base must be a positive integer")
    q = Decimal(repr(float(x))) / Decimal(base)
    return int(q.quantize(Decimal(1), rounding=ROUND_HALF_UP)) * base

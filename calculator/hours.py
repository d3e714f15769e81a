"""Exact credit-hour arithmetic.

Hours are whole numbers except certified hours, which carry at most one decimal. Binary
floats would make 0.1 + 0.2 miss a boundary, so every amount is held as an integer number
of tenths of an hour and converted only at the edges (TOML/JSON in, JSON out).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

SCALE = 10  # tenths of an hour


def tenths(value: int | float | Decimal, decimals: int = 1) -> int | None:
    """Convert a number to tenths, or None when it is not a non-negative number with at
    most `decimals` decimal places (booleans are not numbers here)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return None
    if isinstance(value, int):
        return value * SCALE if value >= 0 else None
    try:
        # repr() of a float is the shortest string that round-trips, so 12.5 -> "12.5"
        # and 0.1 + 0.2 -> "0.30000000000000004" (rejected as too precise).
        exact = value if isinstance(value, Decimal) else Decimal(repr(value))
    except InvalidOperation:
        return None
    if not exact.is_finite() or exact < 0:
        return None
    exponent = exact.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -min(decimals, 1):
        return None
    return int(exact * SCALE)


def out(amount: int | None) -> int | float | None:
    """Tenths -> JSON number: an int when whole, else a float with one decimal."""
    if amount is None:
        return None
    whole, rest = divmod(amount, SCALE)
    return whole if rest == 0 else amount / SCALE


def text(amount: int) -> str:
    """Tenths -> display string without a trailing .0 (\"60\", \"12.5\")."""
    whole, rest = divmod(amount, SCALE)
    return str(whole) if rest == 0 else f"{whole}.{rest}"


def ceil_div(numerator: int, denominator: int) -> int:
    return -(-numerator // denominator)

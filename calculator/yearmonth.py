"""Months of the calendar as (year, month) pairs: a posting's start and end."""

from __future__ import annotations

YearMonth = tuple[int, int]


def months_between(start: YearMonth, end: YearMonth) -> int:
    """Months from `start` to `end`, both counted."""
    return (end[0] - start[0]) * 12 + end[1] - start[1] + 1


def text(month: YearMonth) -> str:
    """(2020, 3) -> ``2020-03``."""
    return "{:04d}-{:02d}".format(*month)

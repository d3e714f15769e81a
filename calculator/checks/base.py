"""What a check rule is: one module of `calculator.checks` per ``rule`` of rules.toml's
``[[checks]]``, holding the rule's keys, its test, its wording and what it suggests.

A check compares a year's hours with something the notice asks for beyond the
minimums (those are generated from ``[requirements]``: `calculator.checks.minimum`).
A check of severity ``requirement`` fails the assessment; ``advice`` only informs.
Amounts are tenths of an hour.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..policy.model import Check, Policy
from ..policy.nodes import Key, Problems


@dataclass(frozen=True)
class Year:
    """What a check may look at: the year assessed, its hours earned and required
    (tenths, by category and total), the text of the entry that makes it complete (or
    None), and whether every minimum is met."""

    year: int
    earned: dict[str, int]
    required: dict[str, int | None]
    deemed: str | None
    met: bool


@dataclass(frozen=True)
class Outcome:
    passed: bool
    message: str
    # What would make a failed check pass: (category, tenths). The year's suggestions
    # then offer it (as advice when the check is advice).
    short: tuple[str, int] | None = None


class CheckRule:
    """The interface every check module's `RULE` implements."""

    keys: dict[str, Key] = {}

    def coherence(self, index: int, check: dict, data: dict, problems: Problems) -> None:
        """Consistency of a ``[[checks]]`` entry with the rest of its rules.toml."""

    def evaluate(self, check: Check, policy: Policy, year: Year) -> Outcome:
        raise NotImplementedError

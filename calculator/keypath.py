"""Key paths as messages print them: ``kinds.paper.rates``, ``activities[1].days``.

One spelling for the paths of a rules.toml (`RulesError`) and of a person's input
(`InputError`), so a message names a value the way the file or the JSON spells it.
"""

from __future__ import annotations


def join(path: str, key: str) -> str:
    """``join("kinds.paper", "rate")`` -> ``kinds.paper.rate``; an empty path gives the key."""
    return f"{path}.{key}" if path else key


def item(path: str, index: int) -> str:
    """``item("activities", 1)`` -> ``activities[1]``."""
    return f"{path}[{index}]"

"""Check rules: one module each; ``[[checks]] rule = "category_present"`` in rules.toml
leads to ``checks/category_present.py``, which holds the rule's keys, its test and its
wording (the interface is `calculator.checks.base.CheckRule`). Adding a rule is adding a
module here that defines ``RULE``. The generated minimum checks are `minimum`.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import MappingProxyType

from .base import CheckRule, Outcome, Year


def _discover() -> dict[str, CheckRule]:
    found = {}
    for module in pkgutil.iter_modules(__path__):
        loaded = importlib.import_module(f"{__name__}.{module.name}")
        rule = getattr(loaded, "RULE", None)
        if isinstance(rule, CheckRule):
            found[module.name] = rule
    return dict(sorted(found.items()))


RULES: MappingProxyType = MappingProxyType(_discover())


def get(name: str) -> CheckRule:
    return RULES[name]


__all__ = ["RULES", "CheckRule", "Outcome", "Year", "get"]

"""Conversion methods: how one activity turns into credited hours, one module each.

A rule kind's ``method = "per_item"`` in rules.toml leads to ``methods/per_item.py``,
which holds the method's keys, arithmetic, wording, suggestion and any yearly cap
together (the interface is `calculator.methods.base.Method`). Adding a method is adding
a module here that defines ``METHOD``: the declaration, the engine and the pages find it
by its file name.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import MappingProxyType

from .base import Cap, Context, Credit, Method


def _discover() -> dict[str, Method]:
    found = {}
    for module in pkgutil.iter_modules(__path__):
        loaded = importlib.import_module(f"{__name__}.{module.name}")
        method = getattr(loaded, "METHOD", None)
        if isinstance(method, Method):
            found[module.name] = method
    return dict(sorted(found.items()))


METHODS: MappingProxyType = MappingProxyType(_discover())


def get(name: str) -> Method:
    return METHODS[name]


__all__ = ["METHODS", "Cap", "Context", "Credit", "Method", "get"]

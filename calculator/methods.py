"""Conversion methods: how one activity turns into credited hours.

A rule kind in rules.toml names its method and supplies the figures (rates, months...);
the method here does the arithmetic and nothing else: it holds no figure of its own.
Amounts are tenths of an hour (`calculator.hours`). A new notice should need at most a
new method here (plus its keys in `schema.METHODS`).

Each method takes (kind, values, ctx) where `values` are the activity's validated field
values (decimal fields already in tenths) and `ctx` carries what depends on the whole
assessment (the effective requirements, offsets already used). It returns the credits
the activity earns; `calculator.explain` words them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from collections.abc import Callable
from typing import Any

from .hours import SCALE, ceil_div
from .model import Kind


@dataclass
class Context:
    required: dict[str, int | None]          # effective (pro-rated) requirements, tenths
    offset_used: dict[str, int] = field(default_factory=dict)   # kind id -> tenths


@dataclass(frozen=True)
class Credit:
    """Hours one activity adds to one category (None: the year as a whole)."""

    category: str | None
    hours: int                               # tenths
    facts: dict[str, Any]                    # what explain.working() needs to word it
    deemed: bool = False                     # the year counts as complete


def category_of(kind: Kind, values: dict) -> str:
    return values["category"] if kind.category == "chosen" else kind.category


def certified(kind: Kind, v: dict, ctx: Context) -> list[Credit]:
    hours = v[kind.params["hours_field"]]
    if kind.field(kind.params["hours_field"]).type == "int":
        hours *= SCALE
    return [Credit(category_of(kind, v), hours, {})]


def time_units(kind: Kind, v: dict, ctx: Context) -> list[Credit]:
    parts = [(unit, v[unit], rate) for unit, rate in kind.params["rates"].items()]
    return [Credit(category_of(kind, v), sum(n * rate for _, n, rate in parts), {"parts": parts})]


def per_item(kind: Kind, v: dict, ctx: Context) -> list[Credit]:
    count, rate = v[kind.params["count_field"]], kind.params["rate"]
    return [Credit(category_of(kind, v), count * rate, {"count": count, "rate": rate})]


def per_item_by_choice(kind: Kind, v: dict, ctx: Context) -> list[Credit]:
    choice = v[kind.params["choice_field"]]
    count, rate = v[kind.params["count_field"]], kind.params["rates"][choice]
    return [Credit(category_of(kind, v), count * rate,
                   {"count": count, "rate": rate, "choice": choice})]


def per_item_by_rank(kind: Kind, v: dict, ctx: Context) -> list[Credit]:
    rank, count = v[kind.params["rank_field"]], v[kind.params["count_field"]]
    top = rank <= kind.params["top_ranks"]
    rate = kind.params["top_rate"] if top else kind.params["other_rate"]
    return [Credit(category_of(kind, v), count * rate,
                   {"count": count, "rate": rate, "rank": rank, "top": top})]


def once_if_any(kind: Kind, v: dict, ctx: Context) -> list[Credit]:
    count = v[kind.params["count_field"]]
    return [Credit(category_of(kind, v), kind.params["hours"] if count >= 1 else 0, {"count": count})]


def deemed_complete(kind: Kind, v: dict, ctx: Context) -> list[Credit]:
    months = v[kind.params["months_field"]]
    qualified_field = kind.params.get("qualified_field")
    qualified = v[qualified_field] if qualified_field else True
    facts = {"months": months, "qualified": qualified, "long_enough": months >= kind.params["min_months"]}
    if not (facts["long_enough"] and qualified):
        return [Credit(None, 0, facts)]
    credit = kind.params["credit"]
    order = [c for c in ("public", "professional", "total") if c in credit]
    return [Credit(None if cat == "total" else cat, credit[cat], facts, deemed=True) for cat in order]


def capped_offset(kind: Kind, v: dict, ctx: Context) -> list[Credit]:
    category = kind.category
    asked = v[kind.params["hours_field"]]
    if kind.field(kind.params["hours_field"]).type == "int":
        asked *= SCALE
    if not v[kind.params["eligible_field"]]:
        return [Credit(category, 0, {"asked": asked, "eligible": False})]
    cap = ctx.required.get(category) or 0
    used = ctx.offset_used.get(kind.id, 0)
    granted = max(0, min(asked, cap - used))
    ctx.offset_used[kind.id] = used + granted
    return [Credit(category, granted, {"asked": asked, "eligible": True, "cap": cap, "used_before": used})]


METHODS: dict[str, Callable[[Kind, dict, Context], list[Credit]]] = {
    "certified": certified,
    "time_units": time_units,
    "per_item": per_item,
    "per_item_by_choice": per_item_by_choice,
    "per_item_by_rank": per_item_by_rank,
    "once_if_any": once_if_any,
    "deemed_complete": deemed_complete,
    "capped_offset": capped_offset,
}


def apply(kind: Kind, values: dict, ctx: Context) -> list[Credit]:
    return METHODS[kind.method](kind, values, ctx)


def can_serve(kind: Kind, category: str | None) -> bool:
    """Whether the kind can add hours to `category` (None: any category)."""
    if kind.method == "deemed_complete":
        return False
    return category is None or kind.category in ("chosen", category)


def suggestion_values(kind: Kind, need: int) -> dict[str, Any] | None:
    """Placeholders for a kind's `suggest` text: how much of it would cover `need`
    tenths of an hour (hours, n units, rate, unit, choice). None: the method cannot say."""
    p = kind.params
    if kind.method in ("certified", "capped_offset"):
        return {"hours": need}
    if kind.method == "time_units":
        unit, rate = max(p["rates"].items(), key=lambda item: item[1])
        return _per_unit(need, rate, kind.field(unit).unit)
    if kind.method == "per_item":
        return _per_unit(need, p["rate"], kind.field(p["count_field"]).unit)
    if kind.method == "per_item_by_choice":
        choice, rate = max(p["rates"].items(), key=lambda item: item[1])
        return {**_per_unit(need, rate, kind.field(p["count_field"]).unit),
                "choice": kind.field(p["choice_field"]).choice_label(choice)}
    if kind.method == "per_item_by_rank":
        return _per_unit(need, p["top_rate"], kind.field(p["count_field"]).unit)
    if kind.method == "once_if_any" and p["hours"] >= need:
        return {"hours": need, "n": 1, "rate": p["hours"], "unit": kind.field(p["count_field"]).unit}
    return None


def _per_unit(need: int, rate: int, unit: str | None) -> dict[str, Any]:
    return {"hours": need, "n": ceil_div(need, rate) if rate else 0, "rate": rate, "unit": unit or ""}

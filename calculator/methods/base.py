"""What a conversion method is: one module of `calculator.methods` per method.

A rule kind of rules.toml names its method (``method = "per_item"``) and supplies the
method's figures (rates, months...). The method module holds everything else about it,
together, so a clause leads to one file:

- `keys`: what a kind of this method declares in rules.toml (the schema; the whole file
  is `calculator.policy.declaration`). Hours are held in tenths by the model.
- `credits()`: the arithmetic. It holds no figure of its own.
- `year_cap()`: a cap on what all of a year's credits of one kind to one category may
  add up to (None: none): a conversion the notice grants once a year, an offset capped
  at the requirement. The engine applies it over the year's entries in entry order,
  whichever method asks for it, and gives the working the `Cap` it applied: the limit,
  what the entry asked, and which earlier entries took what.
- `working()`: the Chinese line of the trace that shows how a credit was worked out.
- `suggestion()`: how much of the kind would close a shortfall (fills the kind's
  `suggest` text).
- `rate()` and `credited_to()`: how the kind converts and where its hours go, in one
  Chinese line each, for the notice pages.
- `check()` and `coherence()`: consistency of a kind's keys with its fields and with the
  rest of the file, beyond what the nodes say.

Amounts are tenths of an hour (`calculator.hours`); `values` are an activity's validated
field values (decimal fields already in tenths).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from ..hours import ceil_div
from ..policy.model import Kind, Policy
from ..policy.nodes import FieldRef, Key, Problems, choices_text
from ..keypath import join


@dataclass
class Context:
    """What a credit may depend on beyond its own entry: the year's effective
    (pro-rated) requirements, and what earlier entries of a capped kind took."""

    required: dict[str, int | None]                          # tenths
    # (kind id, category) -> [(entry reference, tenths granted)], in entry order
    taken: dict[tuple[str, str | None], list[tuple[str, int]]] = field(default_factory=dict)

    def capped(self, kind: Kind, credit: Credit, limit: int, entry: str) -> Credit:
        """`credit` cut to what is left of `limit` for this kind and category this year.
        `entry` names the entry in Chinese (第 1 项), for the working of later ones."""
        takers = self.taken.setdefault((kind.id, credit.category), [])
        used = sum(amount for _, amount in takers)
        granted = max(0, min(credit.hours, limit - used))
        cap = Cap(limit=limit, asked=credit.hours, used_before=used,
                  taken_by=tuple(takers))
        if granted:
            takers.append((entry, granted))
        return replace(credit, hours=granted, cap=cap)


@dataclass(frozen=True)
class Cap:
    """A yearly cap as applied to one entry: the limit, what the entry would have
    earned, and what earlier entries of the kind had already taken (and which)."""

    limit: int
    asked: int
    used_before: int
    taken_by: tuple[tuple[str, int], ...] = ()      # (entry reference, tenths)

    @property
    def cut(self) -> bool:
        """Whether the cap took anything away from this entry."""
        return self.asked > self.limit - self.used_before

    def takers_text(self) -> str:
        """``第 1 项``, ``第 1、3 项`` (earlier entries that took from the cap)."""
        refs = [ref for ref, _ in self.taken_by]
        if all(ref.startswith("第 ") and ref.endswith(" 项") for ref in refs):
            return "第 " + "、".join(ref[2:-2] for ref in refs) + " 项"
        return "、".join(refs)


@dataclass(frozen=True)
class Credit:
    """Hours one entry adds to one category (None: the year as a whole)."""

    category: str | None
    hours: int                               # tenths
    facts: dict[str, Any]                    # what working() needs to word it
    deemed: bool = False                     # the year counts as complete
    cap: Cap | None = None                   # set when a yearly cap was applied


class Method:
    """The interface every method module's `METHOD` implements."""

    keys: dict[str, Key] = {}
    # True: the hours go to one category, fixed by the kind or chosen by the person
    # (`category` is then required). False: the method's own credit says where.
    one_category = True
    # True: an entry can make the whole year complete (an aid posting), not add hours.
    completes_year = False
    # Where the comparison of notices lists kinds of this method: (anchor, Chinese title).
    topic = ("conversion", "学时折算")

    def check(self, kind: dict, fields: dict[str, dict], path: str, problems: Problems) -> None:
        """Consistency of a kind's declaration (validated dicts) beyond its nodes."""

    def credits(self, kind: Kind, values: dict, ctx: Context) -> list[Credit]:
        raise NotImplementedError

    def year_cap(self, kind: Kind, credit: Credit, ctx: Context) -> int | None:
        """The most all of a year's credits of `kind` to `credit.category` may add up
        to, in tenths (None: no cap)."""
        return None

    def working(self, kind: Kind, credit: Credit, values: dict, policy: Policy) -> str:
        raise NotImplementedError

    def suggestion(self, kind: Kind, need: int) -> dict[str, Any] | None:
        """Placeholders for the kind's `suggest` text: how much of it would cover `need`
        tenths of an hour (hours, n units, rate, unit, choice). None: it cannot say."""
        return None

    def rate(self, kind: Kind, policy: Policy) -> str:
        raise NotImplementedError

    def credited_to(self, kind: Kind, policy: Policy) -> str:
        """Where the kind's hours go, in Chinese, for the notice pages."""
        if kind.category == "chosen":
            return f"{policy.categories['public']}或{policy.categories['professional']}（按实际）"
        return policy.categories[kind.category]

    def coherence(self, kind_id: str, kind: dict, requirement_categories: list[str],
                  problems: Problems) -> None:
        """Consistency of a kind with the rest of its rules.toml (validated dicts)."""

    def serves(self, kind: Kind, category: str | None) -> bool:
        """Whether the kind can add hours to `category` (None: to any)."""
        return self.one_category and (category is None or kind.category in ("chosen", category))

    # Kinds whose entries may span years (postings) implement these; see deemed_complete.
    def spans_years(self, kind: Kind) -> bool:
        return False


# ----------------------------------------------------------------- helpers for modules


def category_of(kind: Kind, values: dict) -> str:
    """The category of an entry: the kind's, or the person's choice."""
    return values["category"] if kind.category == "chosen" else kind.category


def unit_of(kind: Kind, field_name: str, fallback: str = "") -> str:
    return kind.field(field_name).unit or fallback


def per_unit(need: int, rate: int, unit: str | None) -> dict[str, Any]:
    """Suggestion placeholders for `need` tenths at `rate` tenths a unit."""
    return {"hours": need, "n": ceil_div(need, rate) if rate else 0, "rate": rate, "unit": unit or ""}


def check_field_refs(keys: dict[str, Key], kind: dict, fields: dict[str, dict], path: str,
                     problems: Problems) -> None:
    """Every key of the method that names a field names one of the right type."""
    for key, spec in keys.items():
        node = spec.node
        if isinstance(node, FieldRef) and isinstance(kind.get(key), str):
            target = fields.get(kind[key])
            if target is None:
                problems.fail(join(path, key), f'names no field of this kind (fields: {choices_text(fields) or "none"})')
            elif target.get("type") not in node.types:
                problems.fail(join(path, key), f'must name a field of type {" or ".join(node.types)}, '
                                               f'"{kind[key]}" is {target.get("type")}')

"""``per_item_by_choice``: a rate chosen by the person's answer (their role: host or
participant, first or other author), times the count.

rules.toml: ``choice_field`` (a choice field), ``count_field`` (an int field) and
``rates``, one for every choice.
"""

from __future__ import annotations

from ..hours import text as h
from ..keypath import join
from ..policy.nodes import FieldRef, Hours, MapOf, req
from .base import Context, Credit, Method, category_of, per_unit, unit_of


class PerItemByChoice(Method):
    keys = {
        "choice_field": req(FieldRef("choice")),
        "count_field": req(FieldRef("int")),
        "rates": req(MapOf(Hours(), min_len=1)),
    }

    def check(self, kind, fields, path, problems):
        rates = kind.get("rates")
        if not isinstance(rates, dict):
            return
        choice = fields.get(kind.get("choice_field"), {})
        values = [c.get("value") for c in choice.get("choices", []) if isinstance(c, dict)]
        for v in values:
            if v not in rates:
                problems.fail(join(join(path, "rates"), v), "is required: every choice needs a rate")
        for r in rates:
            if values and r not in values:
                problems.fail(join(join(path, "rates"), r), f"is not a choice of {kind.get('choice_field')}")

    def credits(self, kind, values, ctx: Context):
        choice = values[kind.params["choice_field"]]
        count, rate = values[kind.params["count_field"]], kind.params["rates"][choice]
        return [Credit(category_of(kind, values), count * rate, {"count": count, "rate": rate, "choice": choice})]

    def working(self, kind, credit, values, policy):
        f = credit.facts
        unit = unit_of(kind, kind.params["count_field"])
        choice = kind.field(kind.params["choice_field"]).choice_label(f["choice"])
        return f"{kind.label} {f['count']} {unit}（{choice}）× {h(f['rate'])} = {h(credit.hours)} 学时"

    def suggestion(self, kind, need):
        choice, rate = max(kind.params["rates"].items(), key=lambda entry: entry[1])
        return {**per_unit(need, rate, kind.field(kind.params["count_field"]).unit),
                "choice": kind.field(kind.params["choice_field"]).choice_label(choice)}

    def rate(self, kind, policy):
        unit = unit_of(kind, kind.params["count_field"], "项")
        return "；".join(f"{choice.label}每{unit} {h(kind.params['rates'][choice.value])} 学时"
                        for choice in kind.field(kind.params["choice_field"]).choices)


METHOD = PerItemByChoice()

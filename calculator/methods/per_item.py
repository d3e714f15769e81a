"""``per_item``: a rate for each item (an award, an exam module), times the count.

rules.toml: ``count_field`` (an int field) and ``rate``.
"""

from __future__ import annotations

from ..hours import text as h
from ..policy.nodes import FieldRef, Hours, req
from .base import Context, Credit, Method, category_of, per_unit, unit_of


class PerItem(Method):
    keys = {"count_field": req(FieldRef("int")), "rate": req(Hours())}

    def credits(self, kind, values, ctx: Context):
        count, rate = values[kind.params["count_field"]], kind.params["rate"]
        return [Credit(category_of(kind, values), count * rate, {"count": count, "rate": rate})]

    def working(self, kind, credit, values, policy):
        unit = unit_of(kind, kind.params["count_field"])
        f = credit.facts
        return f"{kind.label} {f['count']} {unit} × {h(f['rate'])} = {h(credit.hours)} 学时"

    def suggestion(self, kind, need):
        return per_unit(need, kind.params["rate"], kind.field(kind.params["count_field"]).unit)

    def rate(self, kind, policy):
        return f"每{unit_of(kind, kind.params['count_field'], '项')} {h(kind.params['rate'])} 学时"


METHOD = PerItem()

"""``certified``: hours as certified (a platform certificate, a unit's grade sheet, hours
already converted under another document), entered as they are.

rules.toml: ``hours_field`` names the kind's int or decimal field holding the hours.
"""

from __future__ import annotations

from ..hours import SCALE, text as h
from ..policy.nodes import FieldRef, req
from .base import Context, Credit, Method, category_of


class Certified(Method):
    keys = {"hours_field": req(FieldRef("decimal", "int"))}

    def credits(self, kind, values, ctx: Context):
        hours = values[kind.params["hours_field"]]
        if kind.field(kind.params["hours_field"]).type == "int":
            hours *= SCALE
        return [Credit(category_of(kind, values), hours, {})]

    def working(self, kind, credit, values, policy):
        source = values.get("source")
        return f"{kind.label} {h(credit.hours)} 学时" + (f"（来源：{source}）" if source else "")

    def suggestion(self, kind, need):
        return {"hours": need}

    def rate(self, kind, policy):
        return "按证书、成绩单等认定的学时计入"


METHOD = Certified()

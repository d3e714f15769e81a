"""``per_item_by_rank``: one rate for the first ranks among those named on an award,
another for the rest, times the count.

rules.toml: ``rank_field`` and ``count_field`` (int fields), ``top_ranks``, ``top_rate``
and ``other_rate``.
"""

from __future__ import annotations

from ..hours import text as h
from ..policy.nodes import FieldRef, Hours, Integer, req
from .base import Context, Credit, Method, category_of, per_unit, unit_of


class PerItemByRank(Method):
    keys = {
        "rank_field": req(FieldRef("int")),
        "count_field": req(FieldRef("int")),
        "top_ranks": req(Integer(min=1, figure="number")),
        "top_rate": req(Hours()),
        "other_rate": req(Hours()),
    }

    def credits(self, kind, values, ctx: Context):
        p = kind.params
        rank, count = values[p["rank_field"]], values[p["count_field"]]
        top = rank <= p["top_ranks"]
        rate = p["top_rate"] if top else p["other_rate"]
        return [Credit(category_of(kind, values), count * rate,
                       {"count": count, "rate": rate, "rank": rank, "top": top})]

    def working(self, kind, credit, values, policy):
        p, f = kind.params, credit.facts
        unit = unit_of(kind, p["count_field"])
        band = f"前{p['top_ranks']}名" if f["top"] else f"前{p['top_ranks']}名以外"
        return (f"{kind.label} {f['count']} {unit}（完成人第 {f['rank']} 名，{band}）"
                f"× {h(f['rate'])} = {h(credit.hours)} 学时")

    def suggestion(self, kind, need):
        return per_unit(need, kind.params["top_rate"], kind.field(kind.params["count_field"]).unit)

    def rate(self, kind, policy):
        p = kind.params
        unit = unit_of(kind, p["count_field"], "项")
        return (f"前 {p['top_ranks']} 名完成人每{unit} {h(p['top_rate'])} 学时；"
                f"其他完成人每{unit} {h(p['other_rate'])} 学时")


METHOD = PerItemByRank()

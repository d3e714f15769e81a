"""``once_if_any``: a fixed amount for the year once the count reaches one, however many
(a degree course, a qualification exam: "通过一门……可折算90学时").

rules.toml: ``count_field`` (an int field) and ``hours``.

The amount is the year's, not an entry's: however the person splits what they passed
into entries, all of the year's entries of the kind add up to it at most
(`year_cap()`); the first entry that passed gets it, and the working of a later one
says which entry did.
"""

from __future__ import annotations

from ..hours import text as h
from ..policy.nodes import FieldRef, Hours, req
from .base import Context, Credit, Method, category_of, unit_of


class OnceIfAny(Method):
    topic = ("degrees-and-exams", "学历学位教育、资格考试")
    keys = {"count_field": req(FieldRef("int")), "hours": req(Hours())}

    def credits(self, kind, values, ctx: Context):
        count = values[kind.params["count_field"]]
        return [Credit(category_of(kind, values), kind.params["hours"] if count >= 1 else 0, {"count": count})]

    def year_cap(self, kind, credit, ctx: Context):
        return kind.params["hours"]

    def working(self, kind, credit, values, policy):
        unit = unit_of(kind, kind.params["count_field"])
        count = credit.facts["count"]
        if count < 1:
            return f"{kind.label}：当年度未通过，0 学时"
        once = f"{kind.label}：当年度通过 {count} {unit}，通过一{unit}即折算 {h(kind.params['hours'])} 学时，按年度计一次"
        cap = credit.cap
        if cap is not None and cap.cut:
            return (f"{once}；本年度已由{cap.takers_text()}计入 {h(cap.used_before)} 学时，"
                    f"本项不再重复计算 = {h(credit.hours)} 学时")
        return f"{once} = {h(credit.hours)} 学时"

    def suggestion(self, kind, need):
        if kind.params["hours"] < need:
            return None
        return {"hours": need, "n": 1, "rate": kind.params["hours"], "unit": kind.field(kind.params["count_field"]).unit}

    def rate(self, kind, policy):
        unit = unit_of(kind, kind.params["count_field"], "项")
        return f"当年至少通过一{unit}即计 {h(kind.params['hours'])} 学时，多通过不累加"


METHOD = OnceIfAny()

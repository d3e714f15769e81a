"""``capped_offset``: hours done elsewhere (the 河南干部网络学院) offset into one category,
for eligible staff only, and at most that category's requirement for the year, however
many entries the person makes.

rules.toml: ``hours_field`` (an int or decimal field) and ``eligible_field`` (a bool
field); the kind's ``category`` is the category offset, whose requirement is the cap.
"""

from __future__ import annotations

from ..hours import SCALE, text as h
from ..keypath import join
from ..policy.nodes import FieldRef, req
from .base import Context, Credit, Method


class CappedOffset(Method):
    topic = ("offsets", "学时抵扣")
    keys = {
        "hours_field": req(FieldRef("int", "decimal")),
        "eligible_field": req(FieldRef("bool")),
    }

    def check(self, kind, fields, path, problems):
        if kind.get("category") == "chosen":
            problems.fail(join(path, "category"), "must be a fixed category for an offset (its requirement is the cap)")

    def coherence(self, kind_id: str, kind: dict, requirement_categories: list[str], problems) -> None:
        category = kind.get("category")
        if category in ("public", "professional") and category not in requirement_categories:
            problems.fail(f"kinds.{kind_id}.category",
                          f"the offset is capped at the {category} requirement, which this policy does not set")

    def credits(self, kind, values, ctx: Context):
        asked = values[kind.params["hours_field"]]
        if kind.field(kind.params["hours_field"]).type == "int":
            asked *= SCALE
        eligible = bool(values[kind.params["eligible_field"]])
        return [Credit(kind.category, asked if eligible else 0, {"asked": asked, "eligible": eligible})]

    def year_cap(self, kind, credit, ctx: Context):
        return ctx.required.get(kind.category) or 0

    def working(self, kind, credit, values, policy):
        cat = policy.categories.get(credit.category or "total")
        asked = credit.facts["asked"]
        if not credit.facts["eligible"]:
            eligible = kind.field(kind.params["eligible_field"]).label
            return f"{kind.label}：不是{eligible}，不能抵扣（只适用于{eligible}），0 学时"
        cap = credit.cap
        if cap.cut:
            before = f"（{cap.takers_text()}已抵扣 {h(cap.used_before)} 学时）" if cap.used_before else ""
            return (f"{kind.label}：完成 {h(asked)} 学时，抵扣以当年{cat}要求 {h(cap.limit)} 学时为限"
                    f"{before} = {h(credit.hours)} 学时")
        return f"{kind.label}：抵扣 {h(asked)} 学时 = {h(credit.hours)} 学时"

    def suggestion(self, kind, need):
        return {"hours": need}

    def rate(self, kind, policy):
        cat = policy.categories[kind.category]
        eligible = kind.field(kind.params["eligible_field"]).label
        return f"抵扣{cat}，最多抵扣到{cat}的要求学时；仅限{eligible}"


METHOD = CappedOffset()

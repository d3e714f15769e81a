"""``category_present``: some hours of one category this year (Hunan: "每年都应参加公需
科目和专业科目培训", with no minimum for public courses).

rules.toml: ``category``.
"""

from __future__ import annotations

from ..hours import text as h
from ..policy.nodes import Text, req
from .base import CheckRule, Outcome


class CategoryPresent(CheckRule):
    keys = {"category": req(Text(oneof=("public", "professional")))}

    def evaluate(self, check, policy, year):
        earned, deemed = year.earned, year.deemed
        category = check.params["category"]
        cat = policy.categories[category]
        if deemed:
            return Outcome(True, f"{deemed}，此项不适用。")
        if earned[category] > 0:
            return Outcome(True, f"本年度已有{cat} {h(earned[category])} 学时。")
        return Outcome(False, f"本年度没有{cat}学时；{check.label}，建议参加{cat}学习（仅为提示，不影响结论）。")


RULE = CategoryPresent()

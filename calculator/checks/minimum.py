"""The minimums of ``[requirements]``: one check of severity ``requirement`` for each
category the policy sets a minimum for (``total-hours``, ``public-hours``,
``professional-hours``), generated rather than declared in ``[[checks]]``.
"""

from __future__ import annotations

from ..hours import text as h
from ..policy.model import Policy

ORDER = ("total", "public", "professional")


def categories(requirements: dict) -> list[str]:
    """The categories a ``[requirements]`` table (as validated) sets a minimum for, in
    check order (total first)."""
    cats = ["total"]
    if "public" in requirements:
        cats.append("public")
    if "professional" in requirements or "professional_share" in requirements:
        cats.append("professional")
    return cats


def check_id(category: str) -> str:
    return f"{category}-hours"


def message(policy: Policy, category: str, earned: int, required: int, deemed: str | None,
            prorated: bool) -> str:
    cat = policy.categories[category]
    basis = "折算后要求的" if prorated else "要求的"
    if category == "professional" and policy.requirements.professional_share is not None:
        share = policy.requirements.professional_share
        basis = f"总学时要求 {h(policy.requirements.total)} 的 {share.numerator}/{share.denominator}，即"
    if deemed:
        return f"{cat}：{deemed}，达到要求。"
    if earned >= required:
        return f"{cat}：已取得 {h(earned)} 学时，达到{basis} {h(required)} 学时。"
    return f"{cat}：已取得 {h(earned)} 学时，未达到{basis} {h(required)} 学时，还差 {h(required - earned)} 学时。"


def evaluate(policy: Policy, earned: dict, required: dict, deemed: str | None, prorated: bool) -> list[dict]:
    """The minimum checks of one year, as result entries."""
    full = policy.requirements.as_dict()
    return [{"id": check_id(cat), "severity": "requirement",
             "passed": bool(deemed) or earned[cat] >= required[cat],
             "message": message(policy, cat, earned[cat], required[cat], deemed, prorated),
             "clause": policy.requirements.clause}
            for cat in ORDER if full[cat] is not None]

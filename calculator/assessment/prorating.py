"""The year's effective requirement: the policy's minimums, or, for a person who was on
post only part of the year for a reason the notice names, the minimums pro-rated by the
months on post (ceil(requirement × months / 12), to the whole hour)."""

from __future__ import annotations

from ..hours import SCALE, ceil_div, out, text as h
from ..policy.model import Policy
from .inputs import MONTHS_PER_YEAR, Circumstances

CATEGORY_ORDER = ("public", "professional", "total")


def required_hours(policy: Policy, circumstances: Circumstances | None) -> tuple[dict, dict | None]:
    """Effective requirements in tenths, and the pro-rating record (None when none)."""
    full = policy.requirements.as_dict()
    if circumstances is None:
        return full, None
    months = circumstances.on_post_months
    required, working = {}, []
    for cat in ("total", "public", "professional"):
        amount = full[cat]
        if amount is None:
            required[cat] = None
            continue
        whole = ceil_div(amount * months, MONTHS_PER_YEAR * SCALE) * SCALE
        required[cat] = whole
        exact = amount * months / MONTHS_PER_YEAR / SCALE
        exact_text = f"{exact:.2f}".rstrip("0").rstrip(".")
        working.append(f"{policy.categories[cat]} {h(amount)} × {months} ÷ {MONTHS_PER_YEAR} = {exact_text}"
                       + ("" if exact_text == h(whole) else f"，向上取整为 {h(whole)}"))
    reason = policy.pro_rating.reason(circumstances.reason)
    record = {
        "on_post_months": months, "reason": reason.value, "reason_label": reason.label,
        "clause": reason.clause,
        "full": {c: out(full[c]) for c in CATEGORY_ORDER},
        "required": {c: out(required[c]) for c in CATEGORY_ORDER},
        "working": working,
    }
    return {c: required[c] for c in CATEGORY_ORDER}, record

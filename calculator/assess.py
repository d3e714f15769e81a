"""One year's assessment: the result object of DESIGN section 5.

`assess(data)` validates the input and returns::

    policy, year,
    earned    {public, professional, total}
    required  {public, professional, total}   null where the policy sets no minimum
    shortfall {public, professional, total}
    passed    every check of severity "requirement" passes
    checks    [{id, severity, passed, message, clause}]
    trace     [{activity, kind, category, hours, clause, working, label}]

plus `suggestions` (what would close each shortfall), `deemed_complete` (the activity
that makes the year complete, or null), `prorated` (the pro-rating applied, or null),
`interpretations` (the product's rulings this result relied on) and `evidence` (the
materials to keep for each activity).

Everything is computed in tenths of an hour and converted once, at the end.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from . import explain, methods, schema, validate
from .hours import SCALE, ceil_div, out, text as h
from .model import Policy
from .validate import MONTHS_PER_YEAR, Activity, Circumstances

CATEGORIES = ("public", "professional")


@dataclass
class Entry:
    """One trace line in tenths, before conversion."""

    activity: int | None
    kind: str
    category: str | None
    hours: int
    clause: str
    working: str
    label: str
    deemed: bool = False
    posting: int | None = None


def assess(data: Any) -> dict:
    """Assess one year's input (see the module docstring for the result)."""
    a = validate.assessment(data)
    return evaluate(a.policy, a.year, a.circumstances, a.activities)


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
        # ceil(requirement x months / 12), to the whole hour
        whole = ceil_div(amount * months, MONTHS_PER_YEAR * SCALE) * SCALE
        required[cat] = whole
        exact = amount * months / MONTHS_PER_YEAR / SCALE
        exact_text = f"{exact:.2f}".rstrip("0").rstrip(".")
        working.append(f"{policy.categories[cat]} {h(amount)} × {months} ÷ {MONTHS_PER_YEAR} = {exact_text}"
                       + ("" if exact_text == h(whole) else f"，向上取整为 {h(whole)}"))
    reason = policy.circumstances.reason(circumstances.reason)
    record = {
        "on_post_months": months, "reason": reason.value, "reason_label": reason.label,
        "clause": reason.clause,
        "full": {c: out(full[c]) for c in ("public", "professional", "total")},
        "required": {c: out(required[c]) for c in ("public", "professional", "total")},
        "working": working,
    }
    return {c: required[c] for c in ("public", "professional", "total")}, record


def evaluate(policy: Policy, year: int, circumstances: Circumstances | None,
             activities: Sequence[Activity], extra: Sequence[Entry] = ()) -> dict:
    """Assess validated input. `extra` are trace entries computed elsewhere (span
    postings) that count like activities."""
    required, prorated = required_hours(policy, circumstances)
    ctx = methods.Context(required=required)
    entries: list[Entry] = []
    for act in activities:
        for credit in methods.apply(act.kind, act.values, ctx):
            entries.append(Entry(
                activity=act.index, kind=act.kind.id, category=credit.category, hours=credit.hours,
                clause=act.kind.clause, working=explain.working(policy, act.kind, act.values, credit),
                label=act.label or act.kind.label, deemed=credit.deemed,
            ))
    entries += extra

    earned = {c: sum(e.hours for e in entries if e.category == c) for c in CATEGORIES}
    earned["total"] = sum(e.hours for e in entries)     # whole-year credits count here only
    deemed_entry = next((e for e in entries if e.deemed), None)
    deemed = _deemed_record(policy, deemed_entry)
    deemed_text = deemed["text"] if deemed else None

    checks = _checks(policy, earned, required, deemed_text, prorated is not None)
    passed = all(c["passed"] for c in checks if c["severity"] == "requirement")
    shortfall = {c: 0 if deemed or required[c] is None else max(0, required[c] - earned[c])
                 for c in ("public", "professional", "total")}

    result = {
        "policy": policy.id,
        "year": year,
        "earned": {c: out(earned[c]) for c in ("public", "professional", "total")},
        "required": {c: out(required[c]) for c in ("public", "professional", "total")},
        "shortfall": {c: out(shortfall[c]) for c in ("public", "professional", "total")},
        "passed": passed,
        "checks": [{k: v for k, v in c.items() if not k.startswith("_")} for c in checks],
        "trace": [_trace(e) for e in entries],
        "suggestions": _suggestions(policy, shortfall, checks),
        "deemed_complete": deemed,
        "prorated": prorated,
        "interpretations": _interpretations(policy, activities, checks, circumstances, entries),
        "evidence": _evidence(policy, activities),
    }
    return result


def _trace(e: Entry) -> dict:
    t = {"activity": e.activity, "kind": e.kind, "category": e.category, "hours": out(e.hours),
         "clause": e.clause, "working": e.working, "label": e.label}
    if e.posting is not None:
        t["posting"] = e.posting
    return t


def _deemed_record(policy: Policy, entry: Entry | None) -> dict | None:
    if entry is None:
        return None
    kind = policy.kinds[entry.kind]
    record = {"activity": entry.activity, "kind": entry.kind, "clause": entry.clause,
              "text": f"{kind.label}视为完成当年继续教育"}
    if entry.posting is not None:
        record["posting"] = entry.posting
    return record


def _checks(policy: Policy, earned: dict, required: dict, deemed: str | None, prorated: bool) -> list[dict]:
    reqs = policy.requirements
    checks = []
    full = reqs.as_dict()
    for cat in ("total", "public", "professional"):   # the order of schema.requirement_categories
        if full[cat] is None:
            continue
        ok = bool(deemed) or earned[cat] >= required[cat]
        checks.append({
            "id": schema.requirement_check_id(cat), "severity": "requirement", "passed": ok,
            "message": explain.minimum_message(policy, cat, earned[cat], required[cat], deemed, prorated),
            "clause": reqs.clause,
        })
    for check in policy.checks:
        extra = 0
        if check.rule == "professional_share_of_earned":
            share = reqs.professional_share
            p, t = earned["professional"], earned["total"]
            a, b = share.numerator, share.denominator
            ok = bool(deemed) or b * p >= a * t
            if not ok:
                # smallest x with b(p + x) >= a(t + x), to the whole hour
                extra = ceil_div(a * t - b * p, (b - a) * SCALE) * SCALE
            message = explain.share_message(policy, share, p, t, ok, extra, deemed)
        elif check.rule == "category_present":
            cat = check.params["category"]
            ok = bool(deemed) or earned[cat] > 0
            message = explain.present_message(policy, cat, earned[cat], deemed, check.label)
        else:  # the schema admits no other rule
            raise AssertionError(check.rule)
        checks.append({"id": check.id, "severity": check.severity, "passed": ok, "message": message,
                       "clause": check.clause, "_rule": check.rule, "_extra": extra})
    return checks


def _suggestions(policy: Policy, shortfall: dict, checks: list[dict]) -> list[dict]:
    out_ = []
    covered = 0
    for cat in CATEGORIES:
        if shortfall[cat] > 0:
            out_.append(explain.suggestion(policy, cat, shortfall[cat]))
            covered += shortfall[cat]
    # What is still missing from the total once the category minimums are met can be
    # earned in either category.
    rest = shortfall["total"] - covered
    if rest > 0:
        out_.append(explain.suggestion(policy, None, rest))
    for c in checks:
        if c["severity"] == "advice" and not c["passed"] and c.get("_rule") == "professional_share_of_earned":
            out_.append(explain.suggestion(policy, "professional", c["_extra"], severity="advice"))
    return [{**s, "hours": out(s["hours"])} for s in out_]


def _interpretations(policy: Policy, activities, checks, circumstances, entries) -> list[dict]:
    targets = {f"kind:{a.kind.id}" for a in activities} | {f"kind:{e.kind}" for e in entries}
    targets |= {f"check:{c['id']}" for c in checks}
    if circumstances is not None:
        targets |= {"circumstances", f"reason:{circumstances.reason}"}
    if any(a.date for a in activities):
        targets.add("dates")
    if any(e.posting is not None for e in entries):
        targets.add("postings")
    return [{"id": i.id, "title": i.title, "text": i.text, "clause": i.clause}
            for i in policy.interpretations if targets & set(i.drives)]


def _evidence(policy: Policy, activities) -> list[dict]:
    result = []
    for a in activities:
        entries = []
        for e in policy.evidence_for(a.kind.id):
            materials = [(it.label or "") + (f"{it.situation}：" if it.situation else "") + it.materials
                         for it in e.items_for(a.kind.id)]
            entries.append({"number": e.number, "title": e.title, "clause": e.clause, "choose": e.choose,
                            "materials": materials})
        if entries:
            result.append({"activity": a.index, "kind": a.kind.id, "items": entries})
    return result

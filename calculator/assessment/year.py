"""One year's assessment: the result object of ARCHITECTURE.md ("The assessment result").

`assess(data)` reads the input and returns::

    policy, year,
    earned    {public, professional, total}
    required  {public, professional, total}   null where the policy sets no minimum
    shortfall {public, professional, total}
    passed    every check of severity "requirement" passes
    checks    [{id, severity, passed, message, clause}]
    trace     [{activity, kind, category, hours, clause, working, label}]

plus `suggestions` (what would close each shortfall: `calculator.assessment.suggestions`),
`deemed_complete` (the activity that makes the year complete, or null), `prorated` (the
pro-rating applied, or null), `interpretations` (the product's rulings this result
relied on) and `evidence` (the materials to keep for each activity).

Each entry is credited by its kind's method (`calculator.methods`); a method's yearly
cap is applied here, over that year's entries of the kind in the order entered. Checks
are the generated minimums and the policy's check rules (`calculator.checks`).
Everything is computed in tenths of an hour and converted once, at the end.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .. import checks as check_rules
from .. import methods
from ..checks import minimum
from ..hours import out
from ..policy.model import Kind, Policy
from .inputs import Activity, Circumstances, read_assessment
from .prorating import CATEGORY_ORDER, required_hours
from .suggestions import suggestions

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


def assess(data: Any, detail: bool = True) -> dict:
    """Assess one year's input (see the module docstring for the result). Without
    `detail` the suggestions, interpretations and evidence are left empty: the verdict
    alone, for a whole unit's roster (`calculator.unit`)."""
    a = read_assessment(data)
    return evaluate(a.policy, a.year, a.circumstances, a.activities, detail=detail)


@dataclass(frozen=True)
class Posting:
    """What a posting across years (`calculator.assessment.span`) gives one year: its
    kind's credits, worked out by the method, which count like an activity's."""

    index: int
    kind: Kind
    credits: tuple[methods.Credit, ...]
    label: str | None


def entry_ref(activity: int | None, posting: int | None = None) -> str:
    """How a working names another entry of the year: 第 2 项, 跨年度外派第 1 项."""
    return f"第 {activity + 1} 项" if activity is not None else f"跨年度外派第 {posting + 1} 项"


def credit_entries(policy: Policy, activities: Sequence[Activity], ctx: methods.Context,
                   postings: Sequence[Posting] = ()) -> list[Entry]:
    """Every credit of the year's activities (then postings), worked out by their
    methods, with each method's yearly cap applied over the year's entries of a kind in
    the order entered."""
    sources = [(act.kind, methods.get(act.kind.method).credits(act.kind, act.values, ctx), act.values,
                act.label, act.index, None) for act in activities]
    sources += [(p.kind, p.credits, {}, p.label, None, p.index) for p in postings]
    entries = []
    for kind, credits, values, label, activity, posting in sources:
        method = methods.get(kind.method)
        for credit in credits:
            limit = method.year_cap(kind, credit, ctx)
            if limit is not None:
                credit = ctx.capped(kind, credit, limit, entry_ref(activity, posting))
            entries.append(Entry(
                activity=activity, kind=kind.id, category=credit.category, hours=credit.hours,
                clause=kind.clause, working=method.working(kind, credit, values, policy),
                label=label or kind.label, deemed=credit.deemed and credit.hours > 0, posting=posting,
            ))
    return entries


def evaluate(policy: Policy, year: int, circumstances: Circumstances | None,
             activities: Sequence[Activity], postings: Sequence[Posting] = (), detail: bool = True) -> dict:
    """Assess read input. `postings` are what postings across years give this year
    (span input); they count like activities. Without `detail`: the verdict alone."""
    required, prorated = required_hours(policy, circumstances)
    entries = credit_entries(policy, activities, methods.Context(required=required), postings)

    earned = {c: sum(e.hours for e in entries if e.category == c) for c in CATEGORIES}
    earned["total"] = sum(e.hours for e in entries)     # whole-year credits count here only
    deemed = _deemed_record(policy, next((e for e in entries if e.deemed), None))
    deemed_text = deemed["text"] if deemed else None

    checks = minimum.evaluate(policy, earned, required, deemed_text, prorated is not None)
    met = all(c["passed"] for c in checks)
    checks += _rule_checks(policy, check_rules.Year(year, earned, required, deemed_text, met))
    passed = all(c["passed"] for c in checks if c["severity"] == "requirement")
    shortfall = {c: 0 if deemed or required[c] is None else max(0, required[c] - earned[c])
                 for c in CATEGORY_ORDER}

    return {
        "policy": policy.id,
        "year": year,
        "earned": {c: out(earned[c]) for c in CATEGORY_ORDER},
        "required": {c: out(required[c]) for c in CATEGORY_ORDER},
        "shortfall": {c: out(shortfall[c]) for c in CATEGORY_ORDER},
        "passed": passed,
        "checks": [{k: v for k, v in c.items() if not k.startswith("_")} for c in checks],
        "trace": [_trace(e) for e in entries],
        "suggestions": suggestions(policy, shortfall, checks, year) if detail else [],
        "deemed_complete": deemed,
        "prorated": prorated,
        "interpretations": _interpretations(policy, activities, checks, circumstances, entries) if detail else [],
        "evidence": _evidence(policy, activities) if detail else [],
    }


def _rule_checks(policy: Policy, facts: check_rules.Year) -> list[dict]:
    found = []
    for check in policy.checks:
        outcome = check_rules.get(check.rule).evaluate(check, policy, facts)
        found.append({"id": check.id, "severity": check.severity, "passed": outcome.passed,
                      "message": outcome.message, "clause": check.clause, "_short": outcome.short})
    return found


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


def _interpretations(policy: Policy, activities, checks, circumstances, entries) -> list[dict]:
    targets = {f"kind:{a.kind.id}" for a in activities} | {f"kind:{e.kind}" for e in entries}
    targets |= {f"check:{c['id']}" for c in checks}
    targets |= {f"activity:{a.values.get(a.kind.evidence_field)}" for a in activities if a.kind.evidence_field}
    if circumstances is not None:
        targets |= {"circumstances", f"reason:{circumstances.reason}"}
    if any(a.date for a in activities):
        targets.add("dates")
    if any(e.posting is not None for e in entries):
        targets.add("postings")
    return [{"id": i.id, "title": i.title, "text": i.text, "clause": i.clause}
            for i in policy.interpretations if targets & set(i.drives)]


def _evidence(policy: Policy, activities) -> list[dict]:
    """The evidence each activity needs: its kind's entries, narrowed to what the activity
    was when its kind asks (`evidence_field`: a training course, a conference...).
    `activity_type` says what was chosen, or that nothing was, so a page can ask."""
    result = []
    for a in activities:
        field = a.kind.field(a.kind.evidence_field) if a.kind.evidence_field else None
        said = a.values.get(field.name) if field else None
        entries = []
        for e in policy.evidence_for(a.kind.id, said):
            materials = [(it.label or "") + (f"{it.situation}：" if it.situation else "") + it.materials
                         for it in e.items_for(a.kind.id)]
            entries.append({"number": e.number, "title": e.title, "clause": e.clause, "choose": e.choose,
                            "materials": materials})
        record = {"activity": a.index, "kind": a.kind.id, "items": entries}
        if field is not None:
            choice = next((c for c in field.choices if c.value == said), None)
            record["activity_type"] = {"field": field.name, "label": field.label, "value": said,
                                       "value_label": choice.label if choice else None,
                                       "help": choice.help if choice else None}
        if entries or field is not None:
            result.append(record)
    return result

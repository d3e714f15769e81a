"""Every person of a unit's roster through the engine, and the unit's totals.

Each person's row becomes the engine input a self-check of the same facts would make:
the certified hours as entries of the roster forms' ``hours_kind`` (one public, one
professional), the pro-rating circumstance, the posting; `assess` answers it (without
the self-check's suggestions and evidence, which a roster of thousands does not need).
People with the same facts get the same answer, computed once.

The result (JSON-able; the page, ``--json`` and the downloads share it)::

    policy    {id, title, short_name, short_title, issuer, document_number}
    year, categories, checks [{id, severity, label, clause}]
    clauses   {requirements, hours, pro_rating, posting}     where each figure comes from
    columns   [labels of the roster's columns found]
    people    [{index, line, name, id_number, sex, ..., hours {public, professional} (as
                certified), earned, required, shortfall {public, professional, total},
                missing, passed, failing [check ids], messages {id: text}, advice [ids],
                prorated {on_post_months, reason, reason_label, clause, working} | null,
                deemed {kind, text, clause} | null}]
    problems  [{line, column, reason}]        rows that were not checked, and why
    counts    {rows, checked, rejected}
    totals    {people, passed, failed, prorated, deemed, missing,
               shortfall {public, professional, total}, failing {id: n}, advice {id: n}}
    interpretations  the rulings of the notice the verdicts rely on

`missing` is the fewest hours that would meet every minimum: the larger of the total
shortfall and the sum of the category shortfalls (hours of one category count toward the
total as well; a professional shortfall cannot be made up by public hours).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..assessment.describe import describe
from ..assessment.inputs import year_of
from ..assessment.year import assess
from ..errors import InputError
from ..forms.layout import table_columns
from ..hours import out, tenths
from ..policy.loader import load_policy, policy_data
from ..policy.model import Policy
from . import roster as unit_roster

CATEGORY_ORDER = ("public", "professional", "total")
CHECK_ORDER = {"total-hours": 0, "public-hours": 1, "professional-hours": 2}


def check(policy_id: Any, year: Any, content: bytes | str, fmt: str, *, forms: bool = False) -> dict:
    """The unit check of a roster file. InputError for a file that cannot be read as a
    roster; each bad row is a problem of the result, the others are checked."""
    policy = load_policy(policy_id)
    year = year_of(year, policy)
    shape = unit_roster.layout(policy)
    reading = unit_roster.read(policy, year, content, fmt, shape)
    cache: dict[tuple, tuple[dict, Tally]] = {}
    tallies: dict[tuple, int] = {}
    people, problems = [], list(reading.problems)
    for person in reading.people:
        key = (person.hours["public"], person.hours["professional"],
               tuple(sorted((person.circumstances or {}).items())), tuple(sorted((person.posting or {}).items())))
        if key not in cache:
            try:
                cache[key] = _assess(policy, year, shape, person)
            except InputError as error:
                problems.append({"line": person.line, "column": _column(person, error.field),
                                 "reason": error.problem})
                continue
        verdict, _ = cache[key]
        tallies[key] = tallies.get(key, 0) + 1
        people.append({"index": len(people), "line": person.line, **person.fields,
                       "hours": {c: _number(person.hours[c]) for c in unit_roster.CATEGORIES}, **verdict})
    problems.sort(key=lambda p: p["line"])
    checks = describe(policy.id)["checks"]
    result = {
        "policy": {"id": policy.id, "title": policy.title, "short_name": policy.short_name,
                   "short_title": policy.short_title, "issuer": policy.issuer,
                   "document_number": policy.document_number},
        "year": year,
        "categories": dict(policy.categories),
        "checks": checks,
        "clauses": {
            "requirements": policy.requirements.clause,
            "hours": policy.kinds[shape.hours_kind].clause,
            "pro_rating": policy.pro_rating.clause if policy.pro_rating else None,
            "posting": shape.posting.kind.clause if shape.posting else None,
        },
        "columns": [c.label for c in reading.found],
        "people": people,
        "problems": problems,
        "counts": {"rows": reading.rows, "checked": len(people),
                   "rejected": len({p["line"] for p in problems})},
        "totals": _totals([(cache[key][1], n) for key, n in tallies.items()]),
        "interpretations": _interpretations(policy, shape, people, checks),
    }
    if forms:
        result["forms"] = form_values(policy, year, people)
    return result


@dataclass(frozen=True)
class Tally:
    """What a verdict adds to the unit's totals, in tenths."""

    passed: bool
    failing: tuple[str, ...]
    advice: tuple[str, ...]
    prorated: bool
    deemed: bool
    shortfall: tuple[int, int, int]          # public, professional, total
    missing: int


def _assess(policy: Policy, year: int, shape: unit_roster.Layout,
            person: unit_roster.Person) -> tuple[dict, Tally]:
    """The verdict of a person's facts, and what it adds to the totals."""
    activities: list[dict] = [{"kind": shape.hours_kind, "category": c, "hours": float(person.hours[c] or 0)}
                              for c in unit_roster.CATEGORIES]
    if person.posting:
        activities.append({"kind": shape.posting.kind.id, **person.posting})
    data: dict = {"policy": policy.id, "year": year, "activities": activities}
    if person.circumstances:
        data["circumstances"] = person.circumstances
    result = assess(data, detail=False)
    failing = [c for c in result["checks"] if c["severity"] == "requirement" and not c["passed"]]
    short = {c: tenths(result["shortfall"][c]) or 0 for c in CATEGORY_ORDER}
    prorated = result["prorated"]
    deemed = result["deemed_complete"]
    missing = max(short["total"], short["public"] + short["professional"])
    verdict = {
        "earned": result["earned"], "required": result["required"], "shortfall": result["shortfall"],
        "missing": out(missing),
        "passed": result["passed"],
        "failing": [c["id"] for c in failing],
        "messages": {c["id"]: c["message"] for c in failing},
        "advice": [c["id"] for c in result["checks"] if c["severity"] == "advice" and not c["passed"]],
        "prorated": None if prorated is None else {
            k: prorated[k] for k in ("on_post_months", "reason", "reason_label", "clause", "working")},
        "deemed": None if deemed is None else {k: deemed[k] for k in ("kind", "text", "clause")},
    }
    tally = Tally(passed=verdict["passed"], failing=tuple(verdict["failing"]), advice=tuple(verdict["advice"]),
                  prorated=prorated is not None, deemed=deemed is not None,
                  shortfall=(short["public"], short["professional"], short["total"]), missing=missing)
    return verdict, tally


def _column(person: unit_roster.Person, field: str) -> str | None:
    """The roster column an engine field comes from: activities[0] is the public hours,
    [1] the professional, [2] the posting; circumstances.x its own column."""
    head, _, rest = field.partition(".")
    if head.startswith("activities["):
        index = int(head[len("activities["):-1])
        name = unit_roster.CATEGORIES[index] if index < 2 else rest
        return person.columns_of.get(name)
    if head == "circumstances":
        return person.columns_of.get(rest)
    return None


def _number(text: str) -> int | float:
    """An hours cell as read (cell_text's canonical "30" or "15.5"; "" is none)."""
    if not text:
        return 0
    return float(text) if "." in text else int(text)


def _totals(tallies: list[tuple[Tally, int]]) -> dict:
    """The unit's totals from each distinct verdict and how many people have it."""
    failing: dict[str, int] = {}
    advice: dict[str, int] = {}
    for tally, n in tallies:
        for check_id in tally.failing:
            failing[check_id] = failing.get(check_id, 0) + n
        for check_id in tally.advice:
            advice[check_id] = advice.get(check_id, 0) + n
    people = sum(n for _, n in tallies)
    passed = sum(n for t, n in tallies if t.passed)
    return {
        "people": people, "passed": passed, "failed": people - passed,
        "prorated": sum(n for t, n in tallies if t.prorated), "deemed": sum(n for t, n in tallies if t.deemed),
        "missing": out(sum(t.missing * n for t, n in tallies)),
        "shortfall": {c: out(sum(t.shortfall[i] * n for t, n in tallies)) for i, c in enumerate(CATEGORY_ORDER)},
        "failing": dict(sorted(failing.items(), key=lambda kv: CHECK_ORDER.get(kv[0], 9))),
        "advice": advice,
    }


def totals(people: list[dict]) -> dict:
    """The totals of some of the people of a result (a download of the page's view)."""
    failing: dict[str, int] = {}
    advice: dict[str, int] = {}
    for p in people:
        for check_id in p["failing"]:
            failing[check_id] = failing.get(check_id, 0) + 1
        for check_id in p["advice"]:
            advice[check_id] = advice.get(check_id, 0) + 1
    sums = {c: sum(tenths(p["shortfall"][c]) or 0 for p in people) for c in CATEGORY_ORDER}
    passed = sum(1 for p in people if p["passed"])
    return {
        "people": len(people), "passed": passed, "failed": len(people) - passed,
        "prorated": sum(1 for p in people if p["prorated"]), "deemed": sum(1 for p in people if p["deemed"]),
        "missing": out(sum(tenths(p["missing"]) or 0 for p in people)),
        "shortfall": {c: out(v) for c, v in sums.items()},
        "failing": dict(sorted(failing.items(), key=lambda kv: CHECK_ORDER.get(kv[0], 9))), "advice": advice,
    }


def _interpretations(policy: Policy, shape: unit_roster.Layout, people: list[dict], checks: list[dict]) -> list[dict]:
    targets = {f"kind:{shape.hours_kind}"} | {f"check:{c}" for p in people for c in p["failing"] + p["advice"]}
    targets |= {f"check:{c['id']}" for c in checks if c["severity"] == "requirement"}
    if any(p["deemed"] for p in people):
        targets.add(f"kind:{shape.posting.kind.id}")
    for p in people:
        if p["prorated"]:
            targets |= {"circumstances", f"reason:{p['prorated']['reason']}"}
    return [{"id": i.id, "title": i.title, "text": i.text, "clause": i.clause}
            for i in policy.interpretations if targets & set(i.drives)]


# ------------------------------------------------------------------------- the forms


HOURS_COLUMNS = {"public": "public", "public_hours": "public", "professional": "professional",
                 "professional_hours": "professional"}


def form_values(policy: Policy, year: int, people: list[dict]) -> dict[str, dict]:
    """The values of every form a roster fills (rules.toml ``filled_from = "roster"``),
    keyed as the forms page keys an import's (``form`` or, for a list posted per year,
    ``form:year``). Hours are as certified, the 成绩评定 the unit's own (or blank); a
    per-year list of qualified people (湖南's 合格人员名单) lists those who pass."""
    data = policy_data(policy.id)
    out_forms = {}
    for form_id, spec in data.get("forms", {}).items():
        if spec.get("filled_from") != "roster" or spec.get("layout") != "table":
            continue
        names = [c.name for c in table_columns(spec, data) if c.name != "no"]
        group = [p for p in people if p["passed"]] if spec.get("per_year") else people
        rows = [{n: _cell(p, n) for n in names} for p in group]
        if spec.get("per_year"):
            out_forms[f"{form_id}:{year}"] = {"year": year, "rows": rows}
        else:
            out_forms[form_id] = {"rows": rows}
    return out_forms


def _cell(person: dict, name: str) -> Any:
    if name in HOURS_COLUMNS:
        return person["hours"][HOURS_COLUMNS[name]]
    if name == "total_hours":
        return out(sum(tenths(person["hours"][c]) or 0 for c in unit_roster.CATEGORIES))
    value = person.get(name, "")
    return value if isinstance(value, str) else ""

"""Validating a parsed rules.toml: the structure against the declaration, then what no
single value can say: references between tables (an evidence entry naming a kind, an
interpretation naming a check...) and each method's and check rule's rules across the
file. Every problem is reported at once, as ``file: key.path: message``.
"""

from __future__ import annotations

from typing import Any

from ..checks import RULES, minimum
from ..errors import RulesError
from ..methods import METHODS
from .declaration import POLICY, Drive
from .nodes import Problems, Ref, choices_text, walk


def validate(data: Any, file: str, policy_id: str | None = None) -> dict:
    """Validate parsed rules.toml data; return it normalised (defaults filled in,
    templates resolved, dates as ISO strings). Raises RulesError listing every problem."""
    problems = Problems(file)
    out = POLICY.check(data, "", problems)
    if not problems.found:
        _whole_file(out, problems, policy_id)
    if problems.found:
        raise RulesError(problems.found)
    return out


def references(data: dict) -> dict[str, set]:
    """The names each Ref/Drive collection may point to."""
    reqs = data.get("requirements") if isinstance(data.get("requirements"), dict) else {}
    checks = {minimum.check_id(c) for c in minimum.categories(reqs)}
    checks |= {c.get("id") for c in data.get("checks", []) if isinstance(c, dict)}
    circ = data.get("circumstances") if isinstance(data.get("circumstances"), dict) else {}
    return {
        "kinds": set(data.get("kinds", {}) if isinstance(data.get("kinds"), dict) else ()),
        "documents": {d.get("id") for d in data.get("documents", []) if isinstance(d, dict)},
        "checks": checks,
        "reasons": {r.get("value") for r in circ.get("reasons", []) if isinstance(r, dict)},
        "forms": set(data.get("forms", {}) if isinstance(data.get("forms"), dict) else ()),
        "activities": _evidence_choices(data),
        "deadlines": {d.get("id") for d in data.get("deadlines", []) if isinstance(d, dict)},
    }


def _evidence_choices(data: dict) -> set:
    """The choices of every kind's evidence field (what an activity was)."""
    found = set()
    kinds = data.get("kinds") if isinstance(data.get("kinds"), dict) else {}
    for kind in kinds.values():
        if not isinstance(kind, dict):
            continue
        for field in kind.get("fields", []) if isinstance(kind.get("fields"), list) else []:
            if isinstance(field, dict) and field.get("name") == kind.get("evidence_field"):
                found |= {c.get("value") for c in field.get("choices", []) if isinstance(c, dict)}
    return found


def _whole_file(data: dict, problems: Problems, policy_id: str | None) -> None:
    refs = references(data)
    for node, value, path, _clause in walk(POLICY, data):
        if isinstance(node, Ref) and isinstance(value, str) and value not in refs[node.collection]:
            known = choices_text(sorted(refs[node.collection])) or "none"
            problems.fail(path, f"names no entry of {node.collection} (known: {known})")
        if isinstance(node, Drive) and isinstance(value, str) and ":" in value:
            prefix, _, rest = value.partition(":")
            collection = Drive.PREFIXES.get(prefix)
            if collection and rest not in refs[collection]:
                problems.fail(path, f"names no entry of {collection} "
                                    f"(known: {choices_text(sorted(refs[collection])) or 'none'})")
        if isinstance(node, Drive) and value == "circumstances" and "circumstances" not in data:
            problems.fail(path, "this policy has no [circumstances]")
        if isinstance(node, Drive) and value in ("span", "postings") and "span" not in data:
            problems.fail(path, "this policy has no [span]")
    meta = data["policy"]
    if policy_id is not None and meta["id"] != policy_id:
        problems.fail("policy.id", f'must be the folder name "{policy_id}"')
    span, years = data.get("span"), meta["assess_years"]
    if span and (span["from_year"] < years["from"] or span["to_year"] > years["to"]):
        problems.fail("span", "must lie within policy.assess_years")
    for i, check in enumerate(data["checks"]):
        RULES[check["rule"]].coherence(i, check, data, problems)
    _evidence_activities(data, problems)
    _filing(data, problems)
    with_minimum = minimum.categories(data["requirements"])
    for kind_id, kind in data["kinds"].items():
        METHODS[kind["method"]].coherence(kind_id, kind, with_minimum, problems)


def _evidence_activities(data: dict, problems: Problems) -> None:
    """An entry narrowed to some activities names choices of its kinds' evidence field."""
    choices = {}
    for kind_id, kind in data["kinds"].items():
        field = next((f for f in kind.get("fields", []) if f["name"] == kind.get("evidence_field")), None)
        if field is not None:
            choices[kind_id] = {c["value"] for c in field["choices"]}
    for i, entry in enumerate(data["evidence"]):
        wanted = entry.get("activities")
        if not wanted:
            continue
        offered = set().union(*(choices.get(k, set()) for k in entry["kinds"]))
        if not offered:
            problems.fail(f"evidence[{i}].activities", "none of the entry's kinds has an evidence_field")
            continue
        for j, value in enumerate(wanted):
            if value not in offered:
                problems.fail(f"evidence[{i}].activities[{j}]",
                              f'"{value}" is no choice of the kinds\' evidence field '
                              f"(known: {choices_text(sorted(offered))})")


def _filing(data: dict, problems: Problems) -> None:
    """Item ids are unique over the whole checklist (a page keeps the ticks by id), and
    the deadline it names has windows."""
    filing = data.get("filing")
    if not filing:
        return
    seen: dict[str, str] = {}
    for g, group in enumerate(filing["groups"]):
        for i, entry in enumerate(group["items"]):
            path = f"filing.groups[{g}].items[{i}].id"
            if entry["id"] in seen:
                problems.fail(path, f'duplicate "{entry["id"]}" (also at {seen[entry["id"]]})')
            seen.setdefault(entry["id"], path)
    if "deadline" in filing:
        deadline = next((d for d in data["deadlines"] if d["id"] == filing["deadline"]), None)
        if deadline is not None and not deadline.get("windows"):
            problems.fail("filing.deadline", f'deadline "{filing["deadline"]}" gives no windows')

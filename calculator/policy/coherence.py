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
    }


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
    with_minimum = minimum.categories(data["requirements"])
    for kind_id, kind in data["kinds"].items():
        METHODS[kind["method"]].coherence(kind_id, kind, with_minimum, problems)

"""What would close a shortfall: the first kinds of the policy that can add the hours
missing, each worded by its own ``suggest`` text of rules.toml, quantified by its method.

A suggestion cites the clause of each kind it proposes. The citations travel as data:
``parts`` is the sentence as a list of ``{"text": ...}`` and ``{"clause": "<policy-id>#<anchor>"}``
pieces, which the page turns into links and the command line into the clause's number
and heading; ``text`` is the same sentence with bare anchors, for plain consumers.
"""

from __future__ import annotations

from .. import methods
from ..hours import out, text as h
from ..policy.model import Policy
from ..policy.nodes import PLACEHOLDER

ANY_CATEGORY = "（公需科目或专业科目均可）"
OPTIONS = 2                      # kinds proposed for one shortfall


def suggestions(policy: Policy, shortfall: dict, checks: list[dict]) -> list[dict]:
    """One suggestion per category short of its minimum, one for what the total still
    lacks once those are met (either category), and one per failed check that says
    what would make it pass."""
    found = []
    covered = 0
    for cat in ("public", "professional"):
        if shortfall[cat] > 0:
            found.append(suggestion(policy, cat, shortfall[cat]))
            covered += shortfall[cat]
    rest = shortfall["total"] - covered
    if rest > 0:
        found.append(suggestion(policy, None, rest))
    for check in checks:
        short = check.get("_short")
        if not check["passed"] and short:
            found.append(suggestion(policy, short[0], short[1], severity=check["severity"]))
    return [{**s, "hours": out(s["hours"])} for s in found]


def suggestion(policy: Policy, category: str | None, need: int, severity: str = "requirement") -> dict:
    """What would add `need` tenths of an hour to `category` (None: any)."""
    cat = policy.categories[category] if category else ""
    options: list[list[dict]] = []
    clause = None
    for kind in policy.kinds.values():
        method = methods.get(kind.method)
        if not kind.suggest or not method.serves(kind, category):
            continue
        values = method.suggestion(kind, need)
        if values is None:
            continue
        fill = {"hours": h(values["hours"]), "n": str(values.get("n", "")), "rate": h(values.get("rate", 0)),
                "unit": values.get("unit") or "", "choice": values.get("choice", ""), "category": cat}
        template = kind.suggest if "{cite}" in kind.suggest else kind.suggest + "（{cite}）"
        options.append(_option(template, fill, kind.clause))
        clause = clause or kind.clause
        if len(options) == OPTIONS:
            break
    head = (f"还差 {h(need)} 学时{cat or ANY_CATEGORY}" if severity == "requirement"
            else f"建议再取得 {h(need)} 学时{cat or ANY_CATEGORY}")
    parts: list[dict] = [{"text": f"{head}：例如" if options else f"{head}。"}]
    for i, option in enumerate(options):
        if i:
            parts.append({"text": "；或"})
        parts += option
    parts = _merged(parts)
    return {"category": category or "total", "hours": need, "severity": severity,
            "text": plain(parts, policy), "parts": parts, "clause": clause}


def plain(parts: list[dict], policy: Policy) -> str:
    """The sentence with each citation as the policy's short name and the anchor."""
    return "".join(p["text"] if "text" in p else f"{policy.short_name} {p['clause'].split('#', 1)[1]}"
                   for p in parts)


def _option(template: str, fill: dict[str, str], clause: str) -> list[dict]:
    parts: list[dict] = []
    at = 0
    for match in PLACEHOLDER.finditer(template):
        parts.append({"text": template[at:match.start()]})
        name = match.group(1)
        parts.append({"clause": clause} if name == "cite" else {"text": fill[name]})
        at = match.end()
    parts.append({"text": template[at:]})
    return parts


def _merged(parts: list[dict]) -> list[dict]:
    out_: list[dict] = []
    for part in parts:
        if "text" in part and not part["text"]:
            continue
        if "text" in part and out_ and "text" in out_[-1]:
            out_[-1] = {"text": out_[-1]["text"] + part["text"]}
        else:
            out_.append(part)
    return out_

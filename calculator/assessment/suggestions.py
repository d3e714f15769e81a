"""What would close a shortfall: the first kinds of the policy that can add the hours
missing, each worded by its own ``suggest`` text of rules.toml, quantified by its method.

A year before the notice's own (a past year of the senior-title check) can no longer be
made up by training in it: its suggestion says so and asks the person to look for hours
of that year they have not entered, naming the kinds that could hold them.

A suggestion cites the clause of each kind it proposes. The citations travel as data:
``parts`` is the sentence as a list of ``{"text": ...}`` and ``{"clause": "<policy-id>#<anchor>"}``
pieces, which the page turns into links and the command line into the clause's number
and heading; ``text`` is the same sentence with bare anchors, for plain consumers.
"""

from __future__ import annotations

from .. import methods
from ..hours import out, text as h
from ..policy.loader import cite
from ..policy.model import Policy
from ..policy.nodes import PLACEHOLDER

ANY_CATEGORY = "（公需科目或专业科目均可）"
OPTIONS = 2                      # kinds proposed for one shortfall


def suggestions(policy: Policy, shortfall: dict, checks: list[dict], year: int | None = None) -> list[dict]:
    """One suggestion per category short of its minimum, one for what the total still
    lacks once those are met (either category), and one per failed check that says
    what would make it pass. `year`: the year assessed (a past one changes the advice)."""
    past = year if year is not None and year < policy.year else None
    found = []
    covered = 0
    for cat in ("public", "professional"):
        if shortfall[cat] > 0:
            found.append(suggestion(policy, cat, shortfall[cat], past=past))
            covered += shortfall[cat]
    rest = shortfall["total"] - covered
    if rest > 0:
        found.append(suggestion(policy, None, rest, past=past))
    for check in checks:
        short = check.get("_short")
        if not check["passed"] and short:
            found.append(suggestion(policy, short[0], short[1], severity=check["severity"], past=past))
    return [{**s, "hours": out(s["hours"])} for s in found]


def suggestion(policy: Policy, category: str | None, need: int, severity: str = "requirement",
               past: int | None = None) -> dict:
    """What would add `need` tenths of an hour to `category` (None: any); for a `past`
    year, where hours of it not yet entered could be."""
    if past is not None:
        return _past(policy, category, need, severity, past)
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


def _past(policy: Policy, category: str | None, need: int, severity: str, year: int) -> dict:
    """A past year cannot be made up now: say so, and name the kinds (with their
    clauses) whose hours of that year may not have been entered yet."""
    cat = policy.categories[category] if category else ""
    kinds = [k for k in policy.kinds.values()
             if methods.get(k.method).serves(k, category) and k.suggest][:OPTIONS]
    head = (f"还差 {h(need)} 学时{cat or ANY_CATEGORY}" if severity == "requirement"
            else f"按更严格的理解还少 {h(need)} 学时{cat or ANY_CATEGORY}")
    parts: list[dict] = [{"text": f"{head}：{year} 年度已经过去，不能再参加该年度的学习来补足。"
                                  f"请核对 {year} 年度是否还有已取得但未填写的学时"}]
    for i, kind in enumerate(kinds):
        parts += [{"text": ("，例如" if i == 0 else "、") + f"{kind.label}（"}, {"clause": kind.clause},
                  {"text": "）"}]
    parts.append({"text": "。"})
    parts = _merged(parts)
    return {"category": category or "total", "hours": need, "severity": severity,
            "text": plain(parts, policy), "parts": parts, "clause": kinds[0].clause if kinds else None}


def plain(parts: list[dict], policy: Policy) -> str:
    """The sentence with each citation as the command line prints it: the policy's
    short name, the clause's number and heading (``湖南 附件·二·1 参加有关培训、会议等``)."""
    return "".join(p["text"] if "text" in p else cite(p["clause"]) for p in parts)


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

"""The self-check page's answers, as typed, into the engine's input.

The page keeps what the person typed exactly as typed (every number a string) and sends
it here; the forms page fills forms from the same saved answers. One converter serves
both, so an answer the self-check accepts is accepted everywhere. The answers of one
notice (a "draft")::

    {"mode": "year" | "span", "year": "2023",
     "circumstances": {"on": true, "values": {"on_post_months": "7", "reason": "childbirth"}},
     "activities": [{"kind": "training", "category": "professional", "days": "３"}, ...],
     "span": {"2018": {"prior": false, "activities": [...]}, ...},
     "postings": [{"kind": "aid_assignment", "start": "2020-03", "end": "2021-06",
                   "assessed_qualified": true}]}

Numbers of int and decimal fields are read by `calculator.typed`, the yes/no of a bool
field answered by radio buttons ("true"/"false") as a boolean; empty answers are
left out (the field's default applies, or the engine asks for it); everything else goes
to the engine as it is, so every message names the field it is about, by the path the
engine input has (``activities[1].days``, ``years[0].activities[2].rank``).
"""

from __future__ import annotations

from typing import Any

from .. import typed
from ..errors import InputError
from ..policy.loader import load_policy
from ..policy.model import Policy
from .span import assess_span
from .year import assess

MODES = ("year", "span")
# A yes/no question the person must answer is a pair of radio buttons: their values.
BOOL_ANSWERS = {"true": True, "false": False}
# The keys every entry may have besides its kind's fields (a posting's start and end).
ENTRY_TYPES = {"label": "text", "date": "date", "start": "month", "end": "month"}


def assess_answers(request: Any) -> dict:
    """The page's request ``{"policy", "answers", "mode"?}`` -> ``{"mode", "input",
    "result", "error"}``: the engine input the answers make, and either the result of
    `assess`/`assess_span` or the input error (the page shows it next to its field)."""
    if not isinstance(request, dict):
        raise InputError("input", "必须是一个对象（键值表）")
    policy_id = request.get("policy")
    draft = request.get("answers")
    mode = request.get("mode") or (draft.get("mode") if isinstance(draft, dict) else None) or "year"
    if mode not in MODES:
        raise InputError("mode", f"必须是以下之一：{'、'.join(MODES)}")
    data = span_input(policy_id, draft) if mode == "span" else year_input(policy_id, draft)
    try:
        result, error = (assess_span if mode == "span" else assess)(data), None
    except InputError as e:
        result, error = None, e.to_dict()
    return {"mode": mode, "input": data, "result": result, "error": error}


def year_input(policy_id: Any, draft: Any, where: str = "answers") -> dict:
    """The `assess` input of a draft's single year."""
    policy = load_policy(policy_id)
    draft = _draft(draft, where)
    data: dict = {"policy": policy.id}
    year = typed.number(draft.get("year"), "int")
    if year not in ("", None):
        data["year"] = year
    circ = draft.get("circumstances")
    if isinstance(circ, dict) and circ.get("on") and policy.pro_rating is not None:
        values = circ.get("values") or {}
        if not isinstance(values, dict):
            raise InputError(f"{where}.circumstances.values", "必须是一个对象（键值表）")
        data["circumstances"] = {key: _value(value, "int" if key == "on_post_months" else None)
                                 for key, value in values.items() if not _empty(value)}
    data["activities"] = _entries(policy, draft.get("activities") or [], f"{where}.activities")
    return data


def span_input(policy_id: Any, draft: Any, where: str = "answers") -> dict:
    """The `assess_span` input of a draft's multi-year check: the years with something
    entered (a prior certificate, or activities), in order, and the postings."""
    policy = load_policy(policy_id)
    draft = _draft(draft, where)
    sheets = draft.get("span") or {}
    if not isinstance(sheets, dict):
        raise InputError(f"{where}.span", "必须是一个对象（年度 → 活动）")
    years = []
    for key in sorted(sheets, key=str):
        sheet = sheets[key]
        # Saved before the sheets had a prior-certificate box: a bare list of activities.
        sheet = {"activities": sheet} if isinstance(sheet, list) else sheet
        if not isinstance(sheet, dict):
            raise InputError(f"{where}.span.{key}", "必须是一个对象（prior、activities）")
        year = typed.number(key, "int")
        if sheet.get("prior") is True:
            years.append({"year": year, "prior_certificate": True})
            continue
        activities = _entries(policy, sheet.get("activities") or [], f"{where}.span.{key}.activities")
        if activities:
            years.append({"year": year, "activities": activities})
    data: dict = {"policy": policy.id, "years": years}
    postings = _entries(policy, draft.get("postings") or [], f"{where}.postings")
    if postings:
        data["postings"] = postings
    return data


def _draft(draft: Any, where: str) -> dict:
    if not isinstance(draft, dict):
        raise InputError(where, "应为学时自查页保存的内容")
    return draft


def _entries(policy: Policy, items: Any, where: str) -> list:
    if not isinstance(items, list):
        raise InputError(where, "必须是一个列表")
    out = []
    for item in items:
        name = item.get("kind") if isinstance(item, dict) else None
        kind = policy.kinds.get(name) if isinstance(name, str) else None
        if kind is None:
            out.append(item)      # the engine names what is wrong with it
            continue
        types = {**ENTRY_TYPES, **{f.name: f.type for f in kind.fields}}
        out.append({key: _value(value, types.get(key)) for key, value in item.items() if not _empty(value)})
    return out


def _value(value: Any, kind: str | None) -> Any:
    if not isinstance(value, str):
        return value
    if kind in ("int", "decimal"):
        return typed.number(value, kind)
    if kind == "bool" and value in BOOL_ANSWERS:
        return BOOL_ANSWERS[value]
    # Free text keeps what was typed; dates, months and codes are read like numbers.
    return value.strip() if kind == "text" else typed.half_width(value)


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())

"""The browser worker's single entry point: JSON in, JSON out.

Request::   {"op": "assess" | "span" | "answers" | "describe" | "policies" | "form" | "forms"
             | "roster" | "plan" | "fund" | "filing" | "publicity" | "unit" | "unit_template",
             "input": {...}}
            describe takes {"policy": "<id>"}; policies takes no input; answers takes the
            self-check page's answers as typed (calculator.assessment.answers); form, forms
            and roster are calculator.forms.ops; plan, fund, filing (the filing checklist
            and windows) and publicity (a posting's earliest end) calculator.employer;
            unit and unit_template calculator.unit.ops (a whole unit's roster checked).
Response::  {"ok": true, "result": {...}}
            {"ok": false, "error": {"field": "...", "problem": "...", "message": "<field>: <problem>"}}

Only input errors are answered as errors; anything else is a bug and propagates so the
worker reports it as such.
"""

from __future__ import annotations

import importlib
import json
import pkgutil

from . import workdays
from .assessment.answers import assess_answers
from .assessment.describe import describe
from .assessment.span import assess_span
from .assessment.year import assess
from .employer import filing, fund, plan, publicity
from .errors import InputError
from .forms.ops import OPS as FORM_OPS
from .policy.loader import clauses, load_policy, policy_ids
from .untrusted import check_tree, encodable, parse_json
from .unit.ops import OPS as UNIT_OPS


def _policies(_input) -> list[dict]:
    return [{"id": p.id, "title": p.title, "short_name": p.short_name, "year": p.year}
            for p in map(load_policy, policy_ids())]


def _describe(data) -> dict:
    if not isinstance(data, dict) or "policy" not in data:
        raise InputError("input.policy", "必须填写政策编号")
    return describe(data["policy"])


OPS = {"assess": assess, "span": assess_span, "answers": assess_answers, "describe": _describe,
       "policies": _policies, **FORM_OPS, "plan": plan.check, "fund": fund.check,
       "filing": filing.filing_op, "publicity": publicity.publicity_op, **UNIT_OPS}


def handle(request_json: str) -> str:
    try:
        # Bounded before anything reads it: nesting, digits, lone surrogates (untrusted.py).
        request = parse_json(request_json, "request", check=False)
        op = request.get("op") if isinstance(request, dict) else None
        if not isinstance(op, str) or op not in OPS:
            raise InputError("op", f"必须是以下之一：{'、'.join(OPS)}")
        check_tree(request.get("input"), "")
        response = {"ok": True, "result": OPS[op](request.get("input"))}
    except InputError as e:
        response = {"ok": False, "error": e.to_dict()}
    # A lone surrogate cannot leave as UTF-8; inside JSON it can as an escape.
    return encodable(json.dumps(response, ensure_ascii=False))


def preload() -> None:
    """Import every module and load every policy now, not on first use.

    The browser boots from a memory snapshot taken after this call; it then
    answers every request from memory, so it needs neither the package's files
    nor the 70 ms that installing them takes on each visit.
    """
    package = importlib.import_module(__package__)
    for module in pkgutil.walk_packages(package.__path__, f"{__package__}."):
        if not module.name.endswith(".__main__"):
            importlib.import_module(module.name)
    for policy_id in policy_ids():
        load_policy(policy_id)
        clauses(policy_id)      # results, forms and downloads cite clauses by number and heading
    workdays.preload()

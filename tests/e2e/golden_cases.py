"""The golden cases of tests/cases as the browser runs them: the requests, the page script
that answers them through window.calculator, and what CPython answers (DESIGN section 7)."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from calculator import InputError, assess, assess_span

CASES = sorted((Path(__file__).resolve().parents[1] / "cases").rglob("*.toml"))

# Page script: every request through window.calculator, one after the other.
RUN_ALL = """
const out = {};
for (const {name, op, input} of arguments[0]) {
    try { out[name] = {ok: true, result: await window.calculator.call(op, input)}; }
    catch (error) { out[name] = {ok: false, message: error.message, field: error.field}; }
}
return out;
"""


def load(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def requests() -> list[dict]:
    out = []
    for path in CASES:
        case = load(path)
        op, data = ("assess", case["input"]) if "input" in case else ("span", case["span_input"])
        out.append({"name": path.stem, "op": op, "input": data})
    return json.loads(json.dumps(out))


def cpython_answer(case: dict) -> dict:
    run, data = (assess, case["input"]) if "input" in case else (assess_span, case["span_input"])
    try:
        # Through JSON, as the browser receives it.
        return {"ok": True, "result": json.loads(json.dumps(run(json.loads(json.dumps(data)))))}
    except InputError as error:
        return {"ok": False, "message": str(error), "field": error.field}

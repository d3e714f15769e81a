"""The golden cases of the site's policies (tests/cases/<policy-id>/) as the browser runs
them: the requests, the page script that answers them through window.calculator, and what
CPython answers. (The test fixture policy's cases run in its own test site:
test_fixture_site.py.)"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from calculator import InputError, assess, assess_span, policy_ids
from sitebuild.cases import case_files

FOLDER = Path(__file__).resolve().parents[1] / "cases"
CASES = case_files(FOLDER, policy_ids())

# Page script: every request through window.calculator, one after the other.
RUN_ALL = """
const out = {};
for (const {name, op, input} of arguments[0]) {
    try { out[name] = {ok: true, result: await window.calculator.call(op, input)}; }
    catch (error) { out[name] = {ok: false, message: error.message, field: error.field}; }
}
return out;
"""


def name(path: Path) -> str:
    """A case's name: its path under tests/cases/ (stems repeat across policies)."""
    return path.relative_to(FOLDER).as_posix()


def load(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def requests() -> list[dict]:
    out = []
    for path in CASES:
        case = load(path)
        op, data = ("assess", case["input"]) if "input" in case else ("span", case["span_input"])
        out.append({"name": name(path), "op": op, "input": data})
    return json.loads(json.dumps(out))


def cpython_answer(case: dict) -> dict:
    run, data = (assess, case["input"]) if "input" in case else (assess_span, case["span_input"])
    try:
        # Through JSON, as the browser receives it.
        return {"ok": True, "result": json.loads(json.dumps(run(json.loads(json.dumps(data)))))}
    except InputError as error:
        return {"ok": False, "message": str(error), "field": error.field}

"""The golden cases of the site's policies (tests/cases/<policy-id>/) run through
window.calculator in Chromium and must give exactly what CPython gives. (The test fixture
policy's cases run in its own test site: test_fixture_site.py.)"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from calculator import InputError, assess, assess_span, policy_ids
from calculator.assessment.golden import compare_result
from sitebuild.cases import case_files

FOLDER = Path(__file__).resolve().parents[1] / "cases"
CASES = case_files(FOLDER, policy_ids())


def name(path: Path) -> str:
    return path.relative_to(FOLDER).as_posix()


def cpython_answer(case: dict) -> dict:
    run, data = (assess, case["input"]) if "input" in case else (assess_span, case["span_input"])
    try:
        # Through JSON, as the browser receives it.
        return {"ok": True, "result": json.loads(json.dumps(run(json.loads(json.dumps(data)))))}
    except InputError as error:
        return {"ok": False, "message": str(error), "field": error.field}


@pytest.fixture(scope="module")
def browser_answers(browser, base_url):
    page = browser.new_page()
    page.goto(base_url + "calculator/")
    page.evaluate("window.calculator.ready")
    requests = []
    for path in CASES:
        case = tomllib.loads(path.read_text(encoding="utf-8"))
        op, data = ("assess", case["input"]) if "input" in case else ("span", case["span_input"])
        requests.append({"name": name(path), "op": op, "input": data})
    answers = page.evaluate(
        """async (requests) => {
            const out = {};
            for (const {name, op, input} of requests) {
                try { out[name] = {ok: true, result: await window.calculator.call(op, input)}; }
                catch (error) { out[name] = {ok: false, message: error.message, field: error.field}; }
            }
            return out;
        }""",
        json.loads(json.dumps(requests)),
    )
    page.close()
    return answers


def test_every_case_ran(browser_answers):
    assert len(CASES) >= 30
    assert set(browser_answers) == {name(path) for path in CASES}


@pytest.mark.parametrize("path", CASES, ids=name)
def test_browser_matches_cpython(path, browser_answers):
    case = tomllib.loads(path.read_text(encoding="utf-8"))
    browser = browser_answers[name(path)]
    assert browser == cpython_answer(case)
    if browser["ok"]:
        assert compare_result(case["expected"], browser["result"]) == []
    else:
        assert browser["field"] == case["error"]["field"]

"""The golden cases of tests/cases run through window.calculator in Chromium and
must give exactly what CPython gives (DESIGN section 7). Firefox and WebKit run
the same cases in test_engines.py."""

from __future__ import annotations

import pytest

from calculator.golden import compare_result

from .golden_cases import CASES, RUN_ALL, cpython_answer, load, requests


@pytest.fixture(scope="module")
def browser_answers(browser, base_url):
    page = browser.new_page()
    page.goto(base_url + "calculator/")
    page.evaluate("window.calculator.ready")
    answers = page.evaluate(f"async function () {{ {RUN_ALL} }}", requests())
    page.close()
    return answers


def test_every_case_ran(browser_answers):
    assert len(CASES) >= 30
    assert set(browser_answers) == {path.stem for path in CASES}


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_browser_matches_cpython(path, browser_answers):
    case = load(path)
    browser = browser_answers[path.stem]
    assert browser == cpython_answer(case)
    if browser["ok"]:
        assert compare_result(case["expected"], browser["result"]) == []
    else:
        assert browser["field"] == case["error"]["field"]

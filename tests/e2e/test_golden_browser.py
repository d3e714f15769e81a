"""The golden cases of the site's policies (tests/cases/<policy-id>/) run through
window.calculator in Chromium and must give exactly what CPython gives. Firefox and
WebKit run the same cases in test_engines.py; the test fixture policy's cases run in its
own test site (test_fixture_site.py)."""

from __future__ import annotations

import pytest

from calculator.assessment.golden import compare_result

from .golden_cases import CASES, RUN_ALL, cpython_answer, load, name, requests


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
    assert set(browser_answers) == {name(path) for path in CASES}


@pytest.mark.parametrize("path", CASES, ids=name)
def test_browser_matches_cpython(path, browser_answers):
    case = load(path)
    browser = browser_answers[name(path)]
    assert browser == cpython_answer(case)
    if browser["ok"]:
        assert compare_result(case["expected"], browser["result"]) == []
    else:
        assert browser["field"] == case["error"]["field"]

"""Golden cases (tests/cases/<policy-id>/**/*.toml, and tests/cases/_any/) run through the
shared runner `calculator.assessment.golden`, which the browser worker also uses: the same
files must give the same results in CPython and in Pyodide. The test fixture policy's
cases run with the fixture policies visible (CALCULATOR_EXTRA_POLICIES)."""

from __future__ import annotations

import copy
import json
import tomllib
from pathlib import Path

import pytest

import calculator
from calculator.assessment.golden import compare_result, run_case
from calculator.policy.folders import EXTRA_ROOTS
from sitebuild.cases import case_files

CASES = Path(__file__).parent / "cases"
FIXTURES = Path(__file__).parent / "fixtures" / "policies"
FIXTURE_IDS = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir())
SHIPPED = case_files(CASES, calculator.policy_ids())
FILES = case_files(CASES, [*calculator.policy_ids(), *FIXTURE_IDS])


@pytest.fixture(autouse=True)
def fixture_policies(request, monkeypatch):
    """The fixture policies are visible to the cases of a fixture policy only."""
    path = request.node.callspec.params.get("path") if hasattr(request.node, "callspec") else None
    if path is not None and path.relative_to(CASES).parts[0] in FIXTURE_IDS:
        monkeypatch.setenv(EXTRA_ROOTS, str(FIXTURES))


def load(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(CASES)))
def test_case(path):
    case = load(path)
    assert case.get("description"), "every case says what it checks"
    assert run_case(case) == []


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(CASES)))
def test_case_survives_json(path):
    # The browser gets the cases as JSON: a case that used a TOML-only type (a date
    # literal, say) would not mean the same thing there.
    case = load(path)
    assert json.loads(json.dumps(case, ensure_ascii=False)) == case
    assert run_case(json.loads(json.dumps(case))) == []


def test_every_case_belongs_to_a_policy_folder():
    assert sorted(CASES.rglob("*.toml")) == sorted(FILES)


def test_enough_cases_of_each_sort():
    cases = [load(p) for p in SHIPPED]
    assert len(cases) >= 30
    assert sum("error" in c for c in cases) >= 10
    assert sum("span_input" in c for c in cases) >= 5


def test_every_kind_of_every_policy_has_a_case(monkeypatch):
    monkeypatch.setenv(EXTRA_ROOTS, str(FIXTURES))
    used = {}
    for path in FILES:
        case = load(path)
        data = case.get("input") or case.get("span_input") or {}
        acts = list(data.get("activities", []))
        for year in data.get("years", []):
            acts += year.get("activities", [])
        acts += data.get("postings", [])
        for a in acts:
            if "expected" in case:
                used.setdefault(data.get("policy"), set()).add(a.get("kind"))
    for pid in calculator.policy_ids():
        missing = set(calculator.load_policy(pid).kinds) - used.get(pid, set())
        assert not missing, f"{pid}: no passing case uses {sorted(missing)}"


def _expectations(case: dict):
    """(policy, check id -> set of expected `passed`, reason -> set of expected `passed`)
    of one case: what it pins, at the top and in each year of a span case."""
    data = case.get("input") or case.get("span_input") or {}
    expected = case.get("expected") or {}
    checks: dict[str, set] = {}
    reasons: dict[str, set] = {}

    def year(result: dict, circumstances: dict | None) -> None:
        for cid, passed in (result.get("checks") or {}).items():
            checks.setdefault(cid, set()).add(passed)
        if circumstances and "passed" in result:
            reasons.setdefault(circumstances.get("reason"), set()).add(result["passed"])

    if "input" in case:
        year(expected, data.get("circumstances"))
    by_year = {str(y.get("year")): y for y in data.get("years", [])}
    for key, result in (expected.get("by_year") or {}).items():
        year(result, by_year.get(str(key), {}).get("circumstances"))
    return data.get("policy"), checks, reasons


def test_every_check_and_reason_has_a_passing_and_a_failing_case(monkeypatch):
    """Every check of every policy (the minimums generated from [requirements] and the
    [[checks]] of rules.toml) and every pro-rating reason is pinned by a golden case
    that expects it to pass and by one that expects it to fail."""
    monkeypatch.setenv(EXTRA_ROOTS, str(FIXTURES))
    seen: dict[str, dict[str, set]] = {}
    for path in FILES:
        case = load(path)
        if "expected" not in case:
            continue
        policy, checks, reasons = _expectations(case)
        mine = seen.setdefault(policy, {})
        for cid, outcomes in checks.items():
            mine.setdefault(f"check {cid}", set()).update(outcomes)
        for reason, outcomes in reasons.items():
            mine.setdefault(f"reason {reason}", set()).update(outcomes)
    missing = []
    for pid in sorted({*calculator.policy_ids(), *FIXTURE_IDS}):
        spec = calculator.describe(pid)
        wanted = [f"check {c['id']}" for c in spec["checks"]]
        wanted += [f"reason {r['value']}" for r in (spec["circumstances"] or {}).get("reasons", [])]
        for item in wanted:
            for outcome in (True, False):
                if outcome not in seen.get(pid, {}).get(item, set()):
                    missing.append(f"{pid}: {item} {'passing' if outcome else 'failing'}")
    assert not missing, "no golden case pins: " + "; ".join(missing)


# The runner itself must be able to fail, or every case above proves nothing.

def test_runner_reports_a_wrong_number():
    case = load(CASES / "hunan-2023" / "papers.toml")
    case["expected"]["earned"]["professional"] = 91
    assert run_case(case) == ["earned.professional: expected 91, got 90"]


def test_runner_reports_wrong_check_trace_and_null():
    result = {"checks": [{"id": "total-hours", "passed": True}], "trace": [{"hours": 1}],
              "required": {"public": 30}, "suggestions": [{"text": "abc"}], "interpretations": []}
    problems = compare_result({"checks": {"total-hours": False, "nope": True},
                               "trace": [{"hours": 2}, {"hours": 3}],
                               "required": {"public": "null"},
                               "suggestions_contain": ["xyz"],
                               "suggestions_exclude": ["ab"],
                               "interpretation_ids": ["i"]}, result)
    assert len(problems) == 7


def test_runner_reports_error_expectations():
    ok_input = {"policy": "hunan-2023"}
    assert run_case({"input": ok_input, "error": {"field": "policy"}})
    assert run_case({"input": {"policy": "nope"}, "error": {"field": "year"}})
    assert run_case({"input": {"policy": "nope"}, "expected": {}})
    assert run_case({"input": {"policy": "nope"}, "error": {"field": "policy",
                                                             "problem_contains": "不会出现"}})
    assert run_case({"input": ok_input}) == ["case must have exactly one of expected, error"]


def test_runner_does_not_mutate_the_case():
    case = load(CASES / "hunan-2023" / "span" / "posting-over-a-year.toml")
    before = copy.deepcopy(case)
    run_case(case)
    assert case == before

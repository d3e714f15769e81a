"""Golden cases of the unit check (``tests/unit_cases/<policy-id>/*.toml``): run one case,
parsed to a dict, and list how the result differs from what it expects. No file access,
so the same comparison runs in CPython and in the browser's worker.

A case has a ``description``, an ``input`` (what the ``unit`` operation takes: policy,
year, format and the roster as ``text``) and one of:

- ``expected``: a subset of the result, compared as the self-check's golden cases are
  (`calculator.assessment.golden.compare_result`), with two special keys:

  - ``people = { "<line>" = {...} }``: a subset of the person on that line of the file;
    ``lines = [3, 4]``: exactly the lines of the people checked, in order;
  - ``problems = [{ line, column, reason_contains }]``: exactly these problems, in order.

- ``error = { field, problem_contains }``: the check must raise InputError on that field.
"""

from __future__ import annotations

from ..assessment.golden import compare_result
from ..errors import InputError
from .ops import unit_op

_SPECIAL = ("people", "lines", "problems")


def run_case(case: dict) -> list[str]:
    if "input" not in case:
        return ["case must have an input"]
    if ("expected" in case) == ("error" in case):
        return ["case must have exactly one of expected, error"]
    try:
        result = unit_op(case["input"])
    except InputError as e:
        if "error" not in case:
            return [f"unexpected input error: {e}"]
        want = case["error"]
        problems = []
        if want.get("field") not in (None, e.field):
            problems.append(f"error field: expected {want['field']!r}, got {e.field!r} ({e})")
        if want.get("problem_contains") and want["problem_contains"] not in e.problem:
            problems.append(f"error problem: expected to contain {want['problem_contains']!r}, got {e.problem!r}")
        return problems
    if "error" in case:
        return [f"expected an input error on {case['error'].get('field')!r}, got a result"]
    return compare(case["expected"], result)


def compare(expected: dict, result: dict) -> list[str]:
    problems = compare_result({k: v for k, v in expected.items() if k not in _SPECIAL}, result)
    by_line = {str(p["line"]): p for p in result["people"]}
    if "lines" in expected and expected["lines"] != [p["line"] for p in result["people"]]:
        problems.append(f"lines: expected {expected['lines']}, got {[p['line'] for p in result['people']]}")
    for line, want in expected.get("people", {}).items():
        if str(line) not in by_line:
            problems.append(f"people.{line}: no person checked on that line (have {sorted(by_line)})")
        else:
            problems += compare_result(want, by_line[str(line)], f"people.{line}")
    if "problems" in expected:
        got = result["problems"]
        want_list = expected["problems"]
        if len(got) != len(want_list):
            problems.append(f"problems: expected {len(want_list)}, got {len(got)}: {got}")
        for i, (want, have) in enumerate(zip(want_list, got)):
            if want.get("line") != have["line"]:
                problems.append(f"problems[{i}].line: expected {want.get('line')}, got {have['line']}")
            column = None if want.get("column") == "null" else want.get("column")
            if "column" in want and column != have["column"]:
                problems.append(f"problems[{i}].column: expected {column!r}, got {have['column']!r}")
            if want.get("reason_contains", "") not in have["reason"]:
                problems.append(f"problems[{i}].reason: expected to contain {want['reason_contains']!r}, "
                                f"got {have['reason']!r}")
    return problems

"""Golden cases: run one case (``tests/cases/<policy-id>/**/*.toml``, parsed to a dict) and
list how the result differs from what the case expects. Pure Python with no file access, so the very
same comparison runs in CPython (tests/test_golden.py) and in Pyodide (the browser
worker is given the parsed cases as JSON).

A case has a ``description`` and one of:

- ``input`` (for `assess`) or ``span_input`` (for `assess_span`), with ``expected``: a
  subset of the result. Tables compare key by key, lists item by item (same length), and
  numbers by value (60 == 60.0). TOML has no null, so the string ``"null"`` stands for
  it. Special keys:

  - ``checks = { total-hours = true, ... }``: the `passed` of the checks named;
  - ``trace = [{ hours = 60 }, ...]``: compared item by item as subsets;
  - ``suggestions_contain = ["2 天"]``: substrings some suggestion text must contain;
  - ``suggestions_exclude = ["参加 2 天"]``: substrings no suggestion text may contain;
  - ``interpretation_ids = ["..."]``: interpretations that must be among those applied;
  - ``by_year = { "2019" = {...} }`` (span cases): a subset of one year's result.

- ``input``/``span_input`` with ``error = { field = "...", problem_contains = "..." }``:
  the call must raise InputError on that field (``problem_contains`` optional).
"""

from __future__ import annotations

from typing import Any

from ..errors import InputError
from .span import assess_span
from .year import assess

NULL = "null"
_SPECIAL = ("checks", "trace", "suggestions_contain", "suggestions_exclude", "interpretation_ids", "by_year")


def run_case(case: dict) -> list[str]:
    """Mismatches between the case's expectation and what the calculator does ([] = pass)."""
    if ("input" in case) == ("span_input" in case):
        return ["case must have exactly one of input, span_input"]
    if ("expected" in case) == ("error" in case):
        return ["case must have exactly one of expected, error"]
    run = assess if "input" in case else assess_span
    data = case["input"] if "input" in case else case["span_input"]
    try:
        result = run(data)
    except InputError as e:
        if "error" not in case:
            return [f"unexpected input error: {e}"]
        return _compare_error(case["error"], e)
    if "error" in case:
        return [f"expected an input error on {case['error'].get('field')!r}, got a result "
                f"(passed={result.get('passed')})"]
    return compare_result(case["expected"], result)


def _compare_error(expected: dict, error) -> list[str]:
    problems = []
    if "field" in expected and expected["field"] != error.field:
        problems.append(f"error field: expected {expected['field']!r}, got {error.field!r} ({error})")
    fragment = expected.get("problem_contains")
    if fragment and fragment not in error.problem:
        problems.append(f"error problem: expected to contain {fragment!r}, got {error.problem!r}")
    return problems


def compare_result(expected: dict, result: dict, path: str = "") -> list[str]:
    problems: list[str] = []
    for key, want in expected.items():
        where = f"{path}.{key}" if path else key
        if key == "checks" and isinstance(want, dict):
            got = {c["id"]: c["passed"] for c in result.get("checks", [])}
            for cid, passed in want.items():
                if cid not in got:
                    problems.append(f"{where}.{cid}: no such check (have {sorted(got)})")
                elif got[cid] != passed:
                    problems.append(f"{where}.{cid}: expected passed={passed}, got {got[cid]}")
        elif key == "trace":
            problems += _compare(want, result.get("trace"), where)
        elif key == "suggestions_contain":
            texts = [s.get("text", "") for s in result.get("suggestions", [])]
            for fragment in want:
                if not any(fragment in t for t in texts):
                    problems.append(f"{where}: no suggestion contains {fragment!r} (have {texts})")
        elif key == "suggestions_exclude":
            texts = [s.get("text", "") for s in result.get("suggestions", [])]
            for fragment in want:
                if any(fragment in t for t in texts):
                    problems.append(f"{where}: a suggestion contains {fragment!r} (have {texts})")
        elif key == "interpretation_ids":
            got = [i["id"] for i in result.get("interpretations", [])]
            for iid in want:
                if iid not in got:
                    problems.append(f"{where}: {iid!r} not applied (have {got})")
        elif key == "by_year":
            years = {str(y.get("year")): y for y in result.get("years", [])}
            for year, sub in want.items():
                if str(year) not in years:
                    problems.append(f"{where}.{year}: no such year in the result")
                else:
                    problems += compare_result(sub, years[str(year)], f"{where}.{year}")
        elif key not in result:
            problems.append(f"{where}: missing from the result")
        else:
            problems += _compare(want, result[key], where)
    return problems


def _compare(want: Any, got: Any, where: str) -> list[str]:
    if want == NULL:
        return [] if got is None else [f"{where}: expected null, got {got!r}"]
    if isinstance(want, dict):
        if not isinstance(got, dict):
            return [f"{where}: expected a table, got {got!r}"]
        out = []
        for k, v in want.items():
            if k not in got:
                out.append(f"{where}.{k}: missing from the result")
            else:
                out += _compare(v, got[k], f"{where}.{k}")
        return out
    if isinstance(want, list):
        if not isinstance(got, list) or len(got) != len(want):
            return [f"{where}: expected {len(want)} item(s), got {got!r}"]
        out = []
        for i, (w, g) in enumerate(zip(want, got, strict=True)):
            out += _compare(w, g, f"{where}[{i}]")
        return out
    if isinstance(want, bool) or isinstance(got, bool):
        return [] if want is got else [f"{where}: expected {want!r}, got {got!r}"]
    if isinstance(want, (int, float)) and isinstance(got, (int, float)):
        return [] if want == got else [f"{where}: expected {want!r}, got {got!r}"]
    return [] if want == got else [f"{where}: expected {want!r}, got {got!r}"]

"""Property tests: random valid inputs (built from describe(), so every kind and field of
every policy is exercised) keep the result's invariants; random invalid inputs always
raise InputError naming the field that was broken."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings, strategies as st

import calculator
from calculator import InputError, assess, assess_span, describe

POLICIES = calculator.policy_ids()
SPECS = {pid: describe(pid) for pid in POLICIES}
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def field_value(f: dict) -> st.SearchStrategy:
    if f["type"] == "int":
        return st.integers(f["min"], min(f["max"], f["min"] + 30))
    if f["type"] == "decimal":
        return st.integers(0, min(f["max"], 200) * 10).map(lambda n: n / 10 if n % 10 else n // 10)
    if f["type"] == "bool":
        return st.booleans()
    if f["type"] == "choice":
        return st.sampled_from([c["value"] for c in f["choices"]])
    return st.text(max_size=20)


@st.composite
def activity(draw, pid: str, year: int):
    kind = draw(st.sampled_from(SPECS[pid]["kinds"]))
    act = {"kind": kind["kind"]}
    for f in kind["fields"]:
        if f["required"] or draw(st.booleans()):
            act[f["name"]] = draw(field_value(f))
    if draw(st.booleans()):
        act["date"] = f"{year}-{draw(st.integers(1, 12)):02d}-{draw(st.integers(1, 28)):02d}"
    if draw(st.booleans()):
        act["label"] = draw(st.text(max_size=10))
    return act


@st.composite
def valid_input(draw, pid: str | None = None):
    pid = pid or draw(st.sampled_from(POLICIES))
    spec = SPECS[pid]
    year = draw(st.integers(spec["years"]["from"], spec["years"]["to"]))
    data = {"policy": pid, "year": year,
            "activities": draw(st.lists(activity(pid, year), max_size=6))}
    circ = spec["circumstances"]
    if circ and draw(st.booleans()):
        reason = draw(st.sampled_from(circ["reasons"]))
        top = (reason["on_post_months_below"] or 13) - 1
        data["circumstances"] = {"on_post_months": draw(st.integers(0, min(12, top))), "reason": reason["value"]}
    return data


def _deemed(result) -> bool:
    return result["deemed_complete"] is not None


def tenths(value) -> int:
    """Result numbers back to exact tenths (the test must not add binary floats)."""
    assert isinstance(value, int) or round(value * 10) == value * 10, value
    return round(value * 10)


@SETTINGS
@given(valid_input())
def test_valid_input_keeps_the_invariants(data):
    r = assess(data)
    json.dumps(r)
    e = {k: tenths(v) for k, v in r["earned"].items()}
    short = {k: tenths(v) for k, v in r["shortfall"].items()}
    req = {k: None if v is None else tenths(v) for k, v in r["required"].items()}
    whole_year = sum(tenths(t["hours"]) for t in r["trace"] if t["category"] is None)
    assert e["total"] == e["public"] + e["professional"] + whole_year
    assert sum(tenths(t["hours"]) for t in r["trace"]) == e["total"]
    for cat in ("public", "professional", "total"):
        assert short[cat] >= 0
        if _deemed(r) or req[cat] is None:
            assert short[cat] == 0
        else:
            assert short[cat] == max(0, req[cat] - e[cat])
    assert r["passed"] == all(c["passed"] for c in r["checks"] if c["severity"] == "requirement")
    if not _deemed(r):
        assert r["passed"] == all(short[c] == 0 for c in ("public", "professional", "total"))
    assert len({t["activity"] for t in r["trace"]}) == len(data["activities"])


@SETTINGS
@given(st.data())
def test_adding_an_activity_never_lowers_earned_hours(d):
    data = d.draw(valid_input())
    before = assess(data)
    extra = d.draw(activity(data["policy"], data["year"]))
    at = d.draw(st.integers(0, len(data["activities"])))
    after = assess({**data, "activities": data["activities"][:at] + [extra] + data["activities"][at:]})
    for cat in ("public", "professional", "total"):
        assert tenths(after["earned"][cat]) >= tenths(before["earned"][cat])
        assert tenths(after["shortfall"][cat]) <= tenths(before["shortfall"][cat])
    assert after["passed"] or not before["passed"]


# ------------------------------------------------------------ invalid input

BAD_INT = st.sampled_from([-1, -100, True, False, "3", 2.5, None, [1], {"n": 1}])


@st.composite
def broken_input(draw):
    """A valid input with one thing broken, and the path of what was broken."""
    data = draw(valid_input())
    acts = data["activities"]
    options = ["top_key", "year", "policy_type"]
    if acts:
        options += ["kind", "activity_key", "field", "date"]
    how = draw(st.sampled_from(options))
    if how == "top_key":
        key = draw(st.sampled_from(["person", "Year", "activity", "notes"]))
        data[key] = 1
        return data, key
    if how == "year":
        data["year"] = draw(st.sampled_from([True, "2023", 2023.5, 1999, 3000, None]))
        return data, "year"
    if how == "policy_type":
        data["policy"] = draw(st.sampled_from([None, 1, "unknown-2023", ""]))
        return data, "policy"
    i = draw(st.integers(0, len(acts) - 1))
    act = acts[i]
    if how == "kind":
        act["kind"] = draw(st.sampled_from(["cooking", "", None, 3, "Training"]))
        return data, f"activities[{i}].kind"
    if how == "activity_key":
        act["colour"] = "red"
        return data, f"activities[{i}].colour"
    if how == "date":
        act["date"] = draw(st.sampled_from([f"{data['year'] + 1}-01-01", f"{data['year'] - 1}-12-31",
                                            "2023-02-30", "yesterday", 20230101]))
        return data, f"activities[{i}].date"
    kind = next(k for k in SPECS[data["policy"]]["kinds"] if k["kind"] == act["kind"])
    f = draw(st.sampled_from(kind["fields"]))
    if f["type"] in ("int", "decimal"):
        bad = draw(BAD_INT.filter(lambda v: not (f["type"] == "decimal" and v == 2.5)))
    elif f["type"] == "bool":
        bad = draw(st.sampled_from([0, 1, "true", None]))
    elif f["type"] == "choice":
        bad = draw(st.sampled_from(["nope", 1, None, True]))
    else:
        bad = draw(st.sampled_from([1, None, "x" * 1000]))
    act[f["name"]] = bad
    return data, f"activities[{i}].{f['name']}"


@SETTINGS
@given(broken_input())
def test_invalid_input_raises_input_error_naming_the_field(case):
    data, field = case
    try:
        assess(data)
    except InputError as e:
        assert e.field == field, (e.field, field, str(e))
        assert str(e) == f"{e.field}: {e.problem}" and e.problem
    else:
        raise AssertionError(f"no InputError for {field}")


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(2018, 2022), st.integers(0, 12), st.integers(0, 5)),
                max_size=5, unique_by=lambda t: t[0]))
def test_span_verdict_is_all_years(years):
    r = assess_span({"policy": "hunan-2023", "years": [
        {"year": y, "activities": [{"kind": "training", "category": "professional", "days": p},
                                   {"kind": "training", "category": "public", "days": q}]}
        for y, p, q in years]})
    assert r["passed"] == all(y["passed"] for y in r["years"])
    assert r["failed_years"] == [y["year"] for y in r["years"] if not y["passed"]]
    assert sorted(r["failed_years"] + r["passed_years"]) == list(range(2018, 2023))
    for y, p, q in years:
        assert r["years"][y - 2018]["passed"] == (p * 10 + q * 10 >= 90 and p * 10 >= 60)

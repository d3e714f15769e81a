"""calculator.assess and friends: the result contract (ARCHITECTURE.md), exact
arithmetic, input validation details, the typed model and describe()."""

from __future__ import annotations

import ast
import datetime
import json
import sys
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest

import calculator
from calculator import InputError, assess, describe, load_policy, policy_data
from calculator.hours import ceil_div, out, tenths, text
from calculator.policy.model import Kind, Policy
from calculator.policy.notice import anchors, read_notice

PACKAGE = Path(calculator.__file__).parent
HENAN, HUNAN = "henan-luoyang-2023", "hunan-2023"
DESIGN_KEYS = {"policy", "year", "earned", "required", "shortfall", "passed", "checks", "trace"}


def hunan(*activities, **extra):
    return assess({"policy": HUNAN, "year": 2023, "activities": list(activities), **extra})


def henan(*activities, **extra):
    return assess({"policy": HENAN, "year": 2023, "activities": list(activities), **extra})


# ------------------------------------------------------------------ hours


@pytest.mark.parametrize("value, expected", [
    (0, 0), (12, 120), (12.5, 125), (0.1, 1), (1e3, 10000), (-1, None), (0.25, None),
    (0.1 + 0.2, None), (True, None), ("1", None), (float("nan"), None), (float("inf"), None),
])
def test_tenths(value, expected):
    assert tenths(value) == expected


def test_out_and_text():
    assert out(600) == 60 and isinstance(out(600), int)
    assert out(125) == 12.5 and isinstance(out(125), float)
    assert out(None) is None
    assert text(125) == "12.5" and text(600) == "60"
    assert ceil_div(900 * 7, 120) == 53


def test_decimals_add_up_exactly():
    acts = [{"kind": "certified_hours", "category": "professional", "hours": 0.1} for _ in range(3)]
    r = henan(*acts)
    assert r["earned"]["professional"] == 0.3      # not 0.30000000000000004


# ---------------------------------------------------------------- contract


def test_result_has_the_design_keys_and_extras():
    r = hunan({"kind": "training", "category": "professional", "days": 5})
    assert DESIGN_KEYS <= set(r)
    assert {"suggestions", "interpretations", "evidence", "prorated", "deemed_complete"} <= set(r)
    for part in ("earned", "required", "shortfall"):
        assert set(r[part]) == {"public", "professional", "total"}
    for c in r["checks"]:
        assert set(c) == {"id", "severity", "passed", "message", "clause"}
        assert c["severity"] in ("requirement", "advice")
    for t in r["trace"]:
        assert {"activity", "kind", "category", "hours", "clause", "working", "label"} <= set(t)
    json.dumps(r)


def test_every_clause_in_a_result_resolves_to_an_anchor_of_its_notice():
    results = [
        hunan(*[{"kind": k, **v} for k, v in [
            ("training", {"category": "public", "days": 1}), ("research_project", {"role": "host"}),
            ("book", {"role": "first_author"}), ("paper", {"role": "other_author"}),
            ("patent", {"role": "first_inventor"}), ("award_provincial", {}), ("award_prefecture", {"rank": 2}),
            ("computer_exam", {}), ("degree_course", {}), ("qualification_exam", {}),
            ("aid_assignment", {"months": 7, "assessed_qualified": True}),
            ("certified_hours", {"category": "public", "hours": 1})]]),
        henan({"kind": "cadre_college_offset", "hours": 5, "public_institution_staff": True},
              {"kind": "aid_full_year", "months": 3}, {"kind": "certified_hours", "category": "public", "hours": 1},
              circumstances={"on_post_months": 3, "reason": "overseas_over_6_months"}),
    ]
    for r in results:
        known = anchors(read_notice(r["policy"]))
        clauses = [c["clause"] for c in r["checks"]] + [t["clause"] for t in r["trace"]]
        clauses += [i["clause"] for i in r["interpretations"]] + [s["clause"] for s in r["suggestions"]]
        clauses += [e["clause"] for ev in r["evidence"] for e in ev["items"]]
        if r["prorated"]:
            clauses.append(r["prorated"]["clause"])
        for clause in clauses:
            pid, _, anchor = clause.partition("#")
            assert pid == r["policy"] and anchor in known, clause


def test_passed_is_the_requirement_checks_only():
    r = hunan({"kind": "training", "category": "professional", "days": 9})
    advice = [c for c in r["checks"] if c["severity"] == "advice"]
    assert r["passed"] and any(not c["passed"] for c in advice)


def test_required_is_null_where_no_minimum():
    assert hunan()["required"] == {"public": None, "professional": 60, "total": 90}
    assert henan()["required"] == {"public": 30, "professional": 60, "total": 90}


def test_checks_present_per_policy():
    assert [c["id"] for c in hunan()["checks"]] == ["total-hours", "professional-hours",
                                                    "professional-share-of-earned", "public-courses-taken"]
    assert [c["id"] for c in henan()["checks"]] == ["total-hours", "public-hours", "professional-hours",
                                                    "no-makeup"]


def test_trace_working_reads_like_the_arithmetic():
    r = hunan({"kind": "paper", "role": "first_author", "count": 2, "label": "两篇期刊论文"})
    t = r["trace"][0]
    assert t["working"] == "发表论文 2 篇（独立或第一作者）× 30 = 60 学时"
    assert t["label"] == "两篇期刊论文"
    assert t["clause"] == "hunan-2023#conversion-3"


def test_suggestion_names_units_and_clause():
    r = hunan({"kind": "training", "category": "professional", "days": 4},
              {"kind": "training", "category": "public", "days": 5})
    [s] = [x for x in r["suggestions"] if x["severity"] == "requirement"]
    assert s["category"] == "professional" and s["hours"] == 20 and s["severity"] == "requirement"
    assert "还差 20 学时专业科目：例如参加 2 天专业科目培训（每天 10 学时，湖南 附件·二·1 参加有关培训、会议等）" in s["text"]


def test_henan_suggestions_cover_category_and_remaining_total():
    r = henan({"kind": "certified_hours", "category": "professional", "hours": 50})
    cats = {s["category"]: s["hours"] for s in r["suggestions"]}
    assert cats == {"public": 30, "professional": 10}      # these also close the total
    assert "河南干部网络学院" in next(s["text"] for s in r["suggestions"] if s["category"] == "public")


def test_prorated_record():
    r = henan(circumstances={"on_post_months": 7, "reason": "childbirth"})
    p = r["prorated"]
    assert p["full"] == {"public": 30, "professional": 60, "total": 90}
    assert p["required"] == r["required"] == {"public": 18, "professional": 35, "total": 53}
    assert p["working"][0] == "总学时 90 × 7 ÷ 12 = 52.5，向上取整为 53"
    assert "按在岗月数折算" in [i["title"] for i in r["interpretations"]]


def test_prorating_reason_constraints():
    for reason in ("overseas_over_6_months", "sick_leave_over_6_months"):
        henan(circumstances={"on_post_months": 5, "reason": reason})
        with pytest.raises(InputError) as e:
            henan(circumstances={"on_post_months": 6, "reason": reason})
        assert e.value.field == "circumstances.on_post_months"
    for reason in ("childbirth", "approved_other"):
        for months in range(13):
            henan(circumstances={"on_post_months": months, "reason": reason})


def test_deemed_complete_hunan():
    r = hunan({"kind": "aid_assignment", "months": 6, "assessed_qualified": True})
    assert r["passed"] and r["deemed_complete"]["kind"] == "aid_assignment"
    assert r["earned"]["total"] == 90 and r["trace"][0]["category"] is None
    assert all(c["passed"] for c in r["checks"])


def test_henan_public_hours_never_count_as_professional():
    r = henan({"kind": "certified_hours", "category": "public", "hours": 90})
    assert r["earned"] == {"public": 90, "professional": 0, "total": 90}
    assert not r["passed"] and r["shortfall"]["professional"] == 60


def test_assess_does_not_change_its_input():
    data = {"policy": HUNAN, "activities": [{"kind": "paper", "role": "first_author"}]}
    before = json.dumps(data)
    assess(data)
    assert json.dumps(data) == before


def test_toml_date_objects_are_accepted():
    r = hunan({"kind": "paper", "role": "first_author", "date": datetime.date(2023, 3, 1)})
    assert r["earned"]["professional"] == 30
    with pytest.raises(InputError, match="不在评估年度"):
        hunan({"kind": "paper", "role": "first_author", "date": datetime.date(2024, 1, 1)})
    with pytest.raises(InputError):
        hunan({"kind": "paper", "role": "first_author", "date": datetime.datetime(2023, 1, 1)})


def test_year_defaults_to_the_policy_year():
    assert assess({"policy": HUNAN})["year"] == 2023


# ---------------------------------------------------------------- errors


def test_input_error_shape():
    with pytest.raises(InputError) as e:
        hunan({"kind": "training", "category": "professional"},
              {"kind": "training", "category": "professional", "days": -1})
    err = e.value
    assert isinstance(err, ValueError)
    assert err.field == "activities[1].days" and err.problem == "-1 不是不小于 0 的整数"
    assert str(err) == "activities[1].days: -1 不是不小于 0 的整数"
    assert err.to_dict() == {"field": "activities[1].days", "problem": "-1 不是不小于 0 的整数",
                             "message": "activities[1].days: -1 不是不小于 0 的整数"}


@pytest.mark.parametrize("data, field", [
    (None, "input"), ([], "input"), ("x", "input"),
    ({"policy": 3}, "policy"), ({"policy": ["hunan-2023"]}, "policy"),
    ({"policy": HUNAN, "year": 2023.0}, "year"),
    ({"policy": HUNAN, "activities": {}}, "activities"),
    ({"policy": HUNAN, "activities": [{"kind": 1}]}, "activities[0].kind"),
    ({"policy": HUNAN, "activities": [{"kind": "training"}]}, "activities[0].category"),
    ({"policy": HUNAN, "activities": [{"kind": "training", "category": "both"}]}, "activities[0].category"),
    ({"policy": HUNAN, "activities": [{"kind": "paper", "role": "first_author", "count": 2.0}]},
     "activities[0].count"),
    ({"policy": HUNAN, "activities": [{"kind": "paper", "role": "first_author", "count": 101}]},
     "activities[0].count"),
    ({"policy": HUNAN, "activities": [{"kind": "aid_assignment", "months": 6, "assessed_qualified": 1}]},
     "activities[0].assessed_qualified"),
    ({"policy": HUNAN, "activities": [{"kind": "paper", "role": "first_author", "label": 5}]},
     "activities[0].label"),
    ({"policy": HUNAN, "activities": [{"kind": "paper", "role": "first_author", "date": "2023-1-5"}]},
     "activities[0].date"),
    ({"policy": HUNAN, "activities": [{"kind": "certified_hours", "category": "public", "hours": "3"}]},
     "activities[0].hours"),
    ({"policy": HUNAN, "activities": [{"kind": "certified_hours", "category": "public", "hours": 1000.5}]},
     "activities[0].hours"),
    ({"policy": HUNAN, "activities": [{"kind": "certified_hours", "category": "public", "hours": 1,
                                       "source": "x" * 201}]}, "activities[0].source"),
    ({"policy": HENAN, "circumstances": []}, "circumstances"),
    ({"policy": HENAN, "circumstances": {"reason": "childbirth"}}, "circumstances.on_post_months"),
    ({"policy": HENAN, "circumstances": {"on_post_months": 3}}, "circumstances.reason"),
    ({"policy": HENAN, "circumstances": {"on_post_months": 3, "reason": "childbirth", "x": 1}},
     "circumstances.x"),
    ({"policy": HENAN, "circumstances": {"on_post_months": True, "reason": "childbirth"}},
     "circumstances.on_post_months"),
])
def test_input_errors(data, field):
    with pytest.raises(InputError) as e:
        assess(data)
    assert e.value.field == field
    assert any("\u4e00" <= ch <= "\u9fff" for ch in e.value.problem)


def test_fixed_category_may_be_repeated():
    r = hunan({"kind": "paper", "category": "professional", "role": "first_author"})
    assert r["earned"]["professional"] == 30


# ------------------------------------------------------------ model, data


def test_load_policy_is_typed_and_read_only():
    p = load_policy(HUNAN)
    assert isinstance(p, Policy) and isinstance(p.kinds["paper"], Kind)
    assert p.kinds["paper"].clause == "hunan-2023#conversion-3"
    assert p.kinds["paper"].params["rates"]["first_author"] == 300        # tenths
    with pytest.raises(FrozenInstanceError):
        p.year = 2024
    with pytest.raises(TypeError):
        p.kinds["x"] = None
    assert p.cite("annex") == "hunan-2023#annex"
    assert [e.number for e in p.evidence_for("training")] == [1, 2, 4, 12]
    assert load_policy(HUNAN) is p                                         # cached


def test_load_policy_rejects_unknown_ids():
    for bad in ("nope", None, ["hunan-2023"], "../hunan-2023"):
        with pytest.raises(InputError) as e:
            load_policy(bad)
        assert e.value.field == "policy"


def test_policy_data_is_json_and_a_copy():
    for pid in calculator.policy_ids():
        data = policy_data(pid)
        assert json.loads(json.dumps(data)) == data
        data["kinds"].clear()
        assert policy_data(pid)["kinds"]


def test_describe_shape():
    for pid in calculator.policy_ids():
        d = describe(pid)
        json.dumps(d)
        assert d["policy"]["id"] == pid
        for k in d["kinds"]:
            assert k["kind"] == k["id"] and k["clause"] == f"{pid}#{k['anchor']}"
            for f in k["fields"]:
                assert set(f) == {"name", "type", "label", "help", "unit", "min", "max", "step", "default",
                                  "choices", "required", "max_length"}
                assert (f["max_length"] is not None) == (f["type"] == "text")
                assert f["type"] in ("int", "decimal", "bool", "choice", "text")
                if f["type"] == "choice":
                    assert f["choices"] and all(set(c) == {"value", "label"} for c in f["choices"])
    hn = describe(HENAN)
    assert [r["on_post_months_below"] for r in hn["circumstances"]["reasons"]] == [6, 6, None, None]
    assert [f["name"] for f in hn["circumstances"]["fields"]] == ["on_post_months", "reason"]
    assert hn["span"] is None and hn["requirements"]["public"] == 30
    hu = describe(HUNAN)
    assert hu["circumstances"] is None and hu["span"]["posting_kinds"] == ["aid_assignment"]
    assert hu["requirements"] == {"public": None, "professional": 60, "total": 90, "professional_share": "2/3",
                                  "clause": "hunan-2023#s1-2-hours-requirement", "anchor": "s1-2-hours-requirement"}
    training = next(k for k in hu["kinds"] if k["kind"] == "training")
    assert [f["name"] for f in training["fields"]] == ["category", "activity_type", "days", "half_days", "evenings"]
    assert training["evidence_field"] == "activity_type" and not training["fields"][1]["required"]
    assert training["fields"][2]["default"] == 0 and not training["fields"][2]["required"]
    certified = next(k for k in hu["kinds"] if k["kind"] == "certified_hours")
    assert certified["fields"][2]["step"] == 0.1


# -------------------------------------------------------------- the code


def _modules():
    return sorted(PACKAGE.rglob("*.py"))


# The engine's packages (the forms' page layout and ID-number weights are numbers of
# another kind).
ENGINE = ("policy", "methods", "checks", "assessment")
# The one optional dependency: the XLSX export and import load it when asked for.
LAZY = {"openpyxl"}


def test_standard_library_only():
    allowed = set(sys.stdlib_module_names) | {"calculator"}
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        inside = {id(node) for fn in ast.walk(tree) if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef))
                  for node in ast.walk(fn) if node is not fn}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                rel = path.relative_to(PACKAGE)
                assert top in allowed or (top in LAZY and id(node) in inside), f"{rel} imports {name}"


def test_no_figure_of_a_notice_is_hard_coded_in_the_engine():
    # The distinctive figures of the two notices; the engine may use 0, 1, 10 (tenths)
    # and 12 (months in a year) but must take 90, 60, 30, 6, 5... from rules.toml.
    figures = {90, 60, 30, 20, 6, 5, 4, 1.5, 2.5, 2018, 2022, 2024}
    engine = [p for p in _modules() if p.parent == PACKAGE or p.parent.name in ENGINE]
    assert len(engine) > 30
    for path in engine:
        if path.name == "notice.py":    # its table of Chinese numerals (四 = 4) is no figure
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and type(node.value) in (int, float):
                assert node.value not in figures, f"{path.relative_to(PACKAGE)}:{node.lineno} hard-codes {node.value}"

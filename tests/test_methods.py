"""The method modules' contract as the engine uses it: a yearly cap over all of a year's
entries of a kind, applied by the engine in entry order for any method that asks; each
method's wording of its rate for the pages; suggestions whose citations travel as data."""

from __future__ import annotations

import pytest

import calculator
from calculator import assess, describe
from calculator.assessment.suggestions import plain
from calculator.policy.loader import load_policy

HUNAN, HENAN = "hunan-2023", "henan-luoyang-2023"


def test_the_offset_cap_is_the_engines_yearly_cap():
    """capped_offset asks for a cap (the year's public requirement); the engine applies it
    over the year's entries in order and tells the working what it did."""
    r = assess({"policy": HENAN, "activities": [
        {"kind": "cadre_college_offset", "hours": 20, "public_institution_staff": True},
        {"kind": "cadre_college_offset", "hours": 20, "public_institution_staff": True}]})
    assert [t["hours"] for t in r["trace"]] == [20, 10]
    assert "已抵扣 20 学时" in r["trace"][1]["working"]


def test_a_once_a_year_conversion_is_capped_over_the_years_entries():
    """"通过一门……可折算90" is the year's, however it is split into entries: the first entry
    that passed gets the 90, and a later one says which entry did."""
    entries = [{"kind": "degree_course", "courses_passed": 0}, {"kind": "degree_course", "courses_passed": 1},
               {"kind": "degree_course", "courses_passed": 2}, {"kind": "qualification_exam", "subjects_passed": 1}]
    r = assess({"policy": HUNAN, "activities": entries})
    assert [t["hours"] for t in r["trace"]] == [0, 90, 0, 90]
    assert r["earned"]["professional"] == 180           # a degree course and an exam: 90 + 90
    assert "当年度未通过" in r["trace"][0]["working"]
    assert "本年度已由第 2 项计入 90 学时，本项不再重复计算 = 0 学时" in r["trace"][2]["working"]


def test_any_method_can_cap_a_kind_per_year(monkeypatch):
    """`year_cap()` is the one place a cap goes: the engine applies whatever a method
    asks for, here a cap of 50 on papers (for the test's sake)."""
    from calculator.methods.per_item_by_choice import PerItemByChoice
    monkeypatch.setattr(PerItemByChoice, "year_cap", lambda self, kind, credit, ctx: 500)
    r = assess({"policy": HUNAN, "activities": [{"kind": "paper", "role": "first_author", "count": 1},
                                                 {"kind": "paper", "role": "first_author", "count": 1}]})
    assert [t["hours"] for t in r["trace"]] == [30, 20]


def test_a_complete_year_is_credited_once():
    """Two postings that each complete the year still credit it once (Luoyang: public 30
    + professional 60; Hunan: 90)."""
    r = assess({"policy": HENAN, "activities": [{"kind": "aid_full_year", "months": 12},
                                                 {"kind": "aid_full_year", "months": 12}]})
    assert r["earned"] == {"public": 30, "professional": 60, "total": 90}
    assert "本年度已由第 1 项视为完成，不重复计算" in r["trace"][2]["working"]
    r = assess({"policy": HUNAN, "activities": [
        {"kind": "aid_assignment", "months": 7, "assessed_qualified": True},
        {"kind": "aid_assignment", "months": 9, "assessed_qualified": True}]})
    assert r["earned"]["total"] == 90 and r["deemed_complete"]["activity"] == 0


@pytest.mark.parametrize("policy_id", [HENAN, HUNAN])
def test_every_kind_says_how_it_converts(policy_id):
    for kind in describe(policy_id)["kinds"]:
        assert kind["rate"] and kind["credited_to"], kind["id"]
        assert kind["topic"] in ("conversion", "postings", "offsets", "degrees-and-exams")
    rates = {k["id"]: k["rate"] for k in describe(HUNAN)["kinds"]}
    assert rates["training"] == "每天 10 学时；每个半天 4 学时；每个晚上 2 学时"
    assert rates["award_prefecture"] == "前 5 名完成人每项 60 学时；其他完成人每项 30 学时"


def test_suggestions_cite_their_clauses_as_data():
    r = assess({"policy": HUNAN, "activities": [{"kind": "training", "category": "professional", "days": 4},
                                                 {"kind": "training", "category": "public", "days": 5}]})
    policy = load_policy(HUNAN)
    for s in r["suggestions"]:
        clauses = [p["clause"] for p in s["parts"] if "clause" in p]
        assert clauses and all(c.startswith(f"{HUNAN}#") for c in clauses)
        assert all(set(p) in ({"text"}, {"clause"}) for p in s["parts"])
        assert plain(s["parts"], policy) == s["text"]
        assert s["clause"] == clauses[0]
    first = r["suggestions"][0]["parts"]
    assert first[:2] == [{"text": "还差 20 学时专业科目：例如参加 2 天专业科目培训（每天 10 学时，"},
                         {"clause": f"{HUNAN}#conversion-1"}]


def test_a_suggestion_without_options_has_one_part():
    policy = load_policy(HENAN)
    r = assess({"policy": HENAN, "activities": []})
    for s in r["suggestions"]:
        assert s["parts"][0]["text"].startswith("还差")
    assert plain([{"text": "x"}], policy) == "x"


def test_every_clause_a_suggestion_cites_is_in_the_notice():
    from calculator.policy.loader import clauses
    for pid in calculator.policy_ids():
        known = clauses(pid)
        r = assess({"policy": pid, "activities": []})
        for s in r["suggestions"]:
            for part in s["parts"]:
                if "clause" in part:
                    assert part["clause"].split("#")[1] in known

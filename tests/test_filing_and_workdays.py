"""Working days from the shipped holiday notices (calculator.workdays), Luoyang's filing
checklist and windows (employer/filing.py), Hunan's posting period (employer/publicity.py
and the 合格人员名单's 公示时间), and evidence narrowed by what an activity was."""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest

from calculator import RulesError, assess, policy_data
from calculator.api import handle
from calculator.employer import filing, publicity
from calculator.forms import layout
from calculator.policy.coherence import validate
from calculator import workdays

D = dt.date.fromisoformat
HENAN, HUNAN = "henan-luoyang-2023", "hunan-2023"


# ------------------------------------------------------------------ working days


def test_each_shipped_year_has_the_official_number_of_working_days():
    assert workdays.calendar_years() == [2023, 2024]
    for year, count in ((2023, 249), (2024, 251)):
        days = workdays.working_days(D(f"{year}-01-01"), D(f"{year}-12-31"))
        assert len(days) == count


def test_a_day_says_why():
    assert workdays.day(D("2023-10-02")).why == "中秋节、国庆节"
    assert workdays.day(D("2023-10-07")).working and workdays.day(D("2023-10-07")).why == "调休上班"
    assert workdays.day(D("2023-10-14")).why == "星期六"
    assert not workdays.day(D("2026-05-01")).covered and workdays.day(D("2026-05-01")).working


def test_sources_name_the_state_council_notices():
    assert [s["number"] for s in workdays.sources()] == ["国办发明电〔2022〕16号", "国办发明电〔2023〕7号"]


@pytest.mark.parametrize("start,end,skipped", [
    ("2023-06-19", "2023-06-26", ["2023-06-22", "2023-06-23", "2023-06-24"]),   # 端午, then 6-25 worked
    ("2023-09-27", "2023-10-09", None),                                         # across 国庆
    ("2023-07-01", "2023-07-07", ["2023-07-01", "2023-07-02"]),                 # starts on a Saturday
    ("2023-07-03", "2023-07-07", []),
])
def test_five_working_days(start, end, skipped):
    answer = workdays.add_working_days(D(start), 5)
    assert answer["end"] == end and len(answer["counted"]) == 5
    if skipped is not None:
        assert [d["date"] for d in answer["skipped"]] == skipped


def test_a_year_without_its_notice_is_counted_by_weekends_and_says_so():
    answer = workdays.add_working_days(D("2025-12-29"), 5)
    assert answer["end"] == "2026-01-02"                   # 元旦 2026 is not counted: no notice shipped
    assert answer["calendar"]["uncovered"] == [2025, 2026] and answer["calendar"]["covered"] == []


# ------------------------------------------------------------------ publicity


def test_hunans_posting_period_comes_from_rules_toml():
    (period, central) = publicity.periods(HUNAN)
    assert period["days"] == 5 and period["clause"] == "hunan-2023#s3-1-provincial-units"
    assert central["clause"] == "hunan-2023#s3-3-other-staff"
    assert publicity.end_date(HUNAN, D("2023-09-27"))["end"] == "2023-10-09"
    with pytest.raises(Exception):
        publicity.periods(HENAN)[0]


def test_the_qualified_list_prints_the_period():
    values = {"year": 2022, "rows": [{"name": "张三"}], "publicity": {"start": "2023-06-19"}}
    assert layout.build(HUNAN, "qualified_list", values).lines == [
        "公示时间：2023年6月19日至2023年6月26日（不少于5个工作日）"]
    blank = layout.build(HUNAN, "qualified_list", {"year": 2022}).lines[0]
    assert blank.startswith("公示时间：\u3000\u3000年") and blank.endswith("（不少于5个工作日）")
    for bad in ({"start": "6月19日"}, {"end": "2023-06-19"}, "2023-06-19"):
        with pytest.raises(Exception) as error:
            layout.build(HUNAN, "qualified_list", {"year": 2022, "publicity": bad})
        assert error.value.field.startswith("publicity")


def call(op: str, data) -> dict:
    return json.loads(handle(json.dumps({"op": op, "input": data}, ensure_ascii=False)))


def test_publicity_op():
    answer = call("publicity", {"policy": HUNAN, "start": "2023-06-19"})["result"]
    assert answer["end"] == "2023-06-26" and answer["deadline"]["id"] == "unit-publicity"
    assert call("publicity", {"policy": HUNAN, "start": "2023-02-30"})["error"]["field"] == "start"
    assert call("publicity", {"policy": HENAN, "start": "2023-06-19"})["error"]["field"] == "policy"
    assert call("publicity", {"policy": HUNAN, "start": "2023-06-19", "deadline": "x"})["error"]["field"] == "deadline"


# ------------------------------------------------------------------ filing


def test_the_checklist_is_the_notices_with_clauses_and_forms():
    checklist = filing.checklist(HENAN)
    items = [it for g in checklist["groups"] for it in g["items"]]
    labels = [it["label"] for it in items]
    assert labels[:3] == ["单位年度专业技术人员继续教育备案表", "详细具体继续教育计划表", "参训人员名单"]
    assert {"通知", "签到表", "考核资料", "参训人员成绩单", "年度继续教育培训工作总结"} <= set(labels)
    assert "纸质版统一用A4纸" in labels and "所有文件材料均加盖单位公章" in labels
    assert all(it["clause"].startswith(f"{HENAN}#annex1-s") for it in items)
    filing_form = items[0]["forms"][0]
    assert filing_form["id"] == "filing" and filing_form["copies"] == "一式三份（单位、主管部门、人社部门各一份）"
    electronic = next(it for it in items if it["id"] == "electronic-copies")
    assert [f["id"] for f in electronic["forms"]] == ["roster", "grade_sheet"]
    assert checklist["deadline"]["windows"] == [{"start": "2023-10-11", "end": "2023-10-20"},
                                                {"start": "2023-12-11", "end": "2023-12-20"}]
    with pytest.raises(Exception):
        filing.checklist(HUNAN)


@pytest.mark.parametrize("today,state,extra", [
    ("2023-09-01", "before", {"days_to_start": 40, "index": 0}),
    ("2023-10-11", "open", {"working_days_left": 8, "today_working": True}),
    ("2023-10-14", "open", {"working_days_left": 5, "today_working": False, "today_why": "星期六"}),
    ("2023-11-01", "between", {"days_to_start": 40, "index": 1}),
    ("2023-12-20", "open", {"working_days_left": 1}),
    ("2024-03-01", "after", {"index": 1}),
])
def test_where_today_stands_among_the_filing_windows(today, state, extra):
    status = filing.status(HENAN, D(today))
    assert status["state"] == state
    for key, value in extra.items():
        assert status[key] == value
    assert status["windows"][0]["working_days"] == ["2023-10-11", "2023-10-12", "2023-10-13", "2023-10-16",
                                                    "2023-10-17", "2023-10-18", "2023-10-19", "2023-10-20"]


def test_filing_op():
    answer = call("filing", {"policy": HENAN, "today": "2023-10-16"})["result"]
    assert answer["status"]["state"] == "open" and answer["checklist"]["title"] == "单位培训备案材料清单"
    assert call("filing", {"policy": HENAN, "today": "明天"})["error"]["field"] == "today"
    assert call("filing", {"policy": HENAN})["ok"]           # today's date by default


def broken(policy: str, change) -> list[str]:
    data = copy.deepcopy(policy_data(policy))
    change(data)
    with pytest.raises(RulesError) as error:
        validate(json.loads(json.dumps(data)), "rules.toml")
    return [f"{path}: {message}" for _, path, message in error.value.problems]


def test_filing_schema_problems():
    def dup(d):
        d["filing"]["groups"][1]["items"].append(dict(d["filing"]["groups"][0]["items"][0]))
    assert any('duplicate "filing-form"' in p for p in broken(HENAN, dup))
    assert any("names no entry of forms" in p for p in broken(
        HENAN, lambda d: d["filing"]["groups"][0]["items"][0].update(forms=["nope"])))
    assert any("names no entry of deadlines" in p for p in broken(HENAN, lambda d: d["filing"].update(deadline="x")))
    assert any("gives no windows" in p for p in broken(HENAN, lambda d: d["filing"].update(deadline="annual-declaration")))


# ------------------------------------------------------------------ evidence by activity


def evidence(policy: str, activity: dict) -> list:
    result = assess({"policy": policy, "year": 2023, "activities": [activity]})
    return result["evidence"]


@pytest.mark.parametrize("activity_type,numbers", [
    (None, [1, 2, 4, 12]), ("course", [1]), ("practice", [2]), ("conference", [4]), ("overseas", [12]),
    ("unit_offline", [1]),
])
def test_hunan_training_shows_the_evidence_of_what_it_was(activity_type, numbers):
    act = {"kind": "training", "category": "professional", "days": 2}
    if activity_type:
        act["activity_type"] = activity_type
    (entry,) = evidence(HUNAN, act)
    assert [i["number"] for i in entry["items"]] == numbers
    assert entry["activity_type"]["value"] == activity_type and entry["activity_type"]["label"] == "活动形式"


def test_certified_hours_of_a_units_offline_training_are_no_online_course():
    base = {"kind": "certified_hours", "category": "professional", "hours": 20}
    assert [i["number"] for i in evidence(HUNAN, {**base, "activity_type": "online"})[0]["items"]] == [3]
    assert [i["number"] for i in evidence(HUNAN, {**base, "activity_type": "unit_offline"})[0]["items"]] == [1]
    (other,) = evidence(HUNAN, {**base, "activity_type": "other"})
    assert other["items"] == [] and "证书" in other["activity_type"]["help"]
    result = assess({"policy": HUNAN, "activities": [{**base, "activity_type": "unit_offline"}]})
    assert "hunan-unit-training-evidence" in [i["id"] for i in result["interpretations"]]
    assert [e["title"] for e in evidence(HENAN, {**base, "activity_type": "unit_training"})[0]["items"]] == ["单位面授培训"]
    assert [e["title"] for e in evidence(HENAN, base)[0]["items"]] == ["线上学习", "单位面授培训"]


def test_an_unknown_activity_type_is_an_input_error():
    with pytest.raises(Exception) as error:
        assess({"policy": HUNAN, "activities": [{"kind": "training", "category": "public", "days": 1,
                                                 "activity_type": "party"}]})
    assert error.value.field == "activities[0].activity_type"


def test_evidence_schema_problems():
    assert any("is no choice of the kinds' evidence field" in p for p in broken(
        HUNAN, lambda d: d["evidence"][0]["activities"].append("party")))
    assert any("none of the entry's kinds has an evidence_field" in p for p in broken(
        HUNAN, lambda d: d["evidence"][4].update(activities=["course"])))
    assert any("must name a choice field" in p for p in broken(
        HUNAN, lambda d: d["kinds"]["training"].update(evidence_field="days")))
    assert any("names no entry of activities" in p for p in broken(
        HUNAN, lambda d: d["interpretations"][0]["drives"].append("activity:party")))

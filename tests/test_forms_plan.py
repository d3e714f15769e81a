"""The unit plan: at most 6 hours a day and 3 a half day (计划表 说明 4), dates within the year."""

from __future__ import annotations

import pytest

from calculator import InputError, policy_data
from calculator.employer import plan

POLICY = "henan-luoyang-2023"
LIMITS = policy_data(POLICY)["forms"]["plan"]["notes"]["limits"]


def session(**given):
    return {"category": "professional", "date": "2023-05-10", "period": "morning", "hours": 3,
            "content": "新技术", "place": "会议室", "method": "面授", **given}


def check(*sessions, **plan_keys):
    return plan.check({"policy": POLICY, "sessions": list(sessions), **plan_keys})


def test_limits_come_from_the_rules():
    assert (LIMITS["hours_per_day"], LIMITS["hours_per_half_day"]) == (6, 3)
    assert plan.limits(POLICY)["clause"] == f"{POLICY}#table-plan-notes"


def test_a_full_day_of_two_half_days_is_fine():
    result = check(session(), session(period="afternoon"))
    assert result["ok"] and result["problems"] == []
    assert result["totals"] == {"public": 0, "professional": 6}


def test_a_half_day_over_three_hours():
    result = check(session(hours=3.5))
    [problem] = result["problems"]
    assert problem["where"] == "sessions[0].hours" and "超过半天（上午）不超过 3 学时" in problem["message"]
    assert problem["clause"] == f"{POLICY}#table-plan-notes"
    assert len(result["sessions"]) == 1            # still planned, so the table shows it


def test_a_day_over_six_hours_across_sessions():
    result = check(session(), session(period="afternoon"), session(period="evening", hours=1))
    [problem] = result["problems"]
    assert problem["session"] == 2 and "共安排 7 学时（第1、2、3项），超过一天不超过 6 学时" in problem["message"]


def test_two_sessions_in_one_half_day_add_up():
    result = check(session(hours=2), session(hours=2))
    assert "上午共安排 4 学时" in result["problems"][0]["message"]


def test_a_whole_day_session():
    assert check(session(period="day", hours=6))["ok"]
    assert "超过一天不超过 6 学时" in check(session(period="day", hours=6.5))["problems"][0]["message"]


@pytest.mark.parametrize("given,where,text", [
    ({"date": "2022-12-31"}, "date", "不在2023年内"),
    ({"date": "2023-02-30"}, "date", "实施时间须具体到年、月、日"),
    ({"period": "noon"}, "period", "上午、下午、晚上或全天"),
    ({"hours": 0}, "hours", "大于0"),
    ({"hours": 1.25}, "hours", "最多一位小数"),
    ({"category": "other"}, "category", "public"),
])
def test_unreadable_sessions_are_reported_and_left_out(given, where, text):
    result = check(session(**given), session(date="2023-06-01"))
    [problem] = result["problems"]
    assert problem["where"] == f"sessions[0].{where}" and text in problem["message"]
    assert [s["index"] for s in result["sessions"]] == [1]


def test_form_values_per_category():
    result = check(session(people=40), session(period="afternoon", content="病例讨论", people=45),
                   session(category="public", date="2023-06-02", period="day", hours=6, content="网络安全"),
                   unit={"unit_name": "某医院", "person_in_charge": "张主任", "phone": "0379-1234567", "goal": "提升"})
    forms = result["forms"]
    assert set(forms) == {"plan:公需科目", "plan:专业科目", "filing:公需科目", "filing:专业科目"}
    rows = forms["plan:专业科目"]["rows"]
    assert [r["time"] for r in rows] == ["2023年5月10日上午", "2023年5月10日下午"]
    assert forms["plan:公需科目"]["rows"][0]["time"] == "2023年6月2日"
    filing = forms["filing:专业科目"]["fields"]
    assert filing == {"unit_name": "某医院", "subject": "专业科目", "trainees": 45, "place": "会议室", "method": "面授",
                      "hours": 6, "person_in_charge": "张主任", "phone": "0379-1234567",
                      "content": "新技术；病例讨论", "goal": "提升"}


@pytest.mark.parametrize("given,field", [
    ({"policy": "hunan-2023"}, "policy"),
    ({"year": 2019}, "year"),
    ({"unit": {"boss": "x"}}, "unit.boss"),
    ({"sessions": "x"}, "sessions"),
])
def test_bad_plans_name_the_field(given, field):
    with pytest.raises(InputError) as error:
        plan.check({"policy": POLICY, "sessions": [], **given})
    assert error.value.field == field

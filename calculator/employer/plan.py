"""A unit's face-to-face training plan: the rows of the 计划表 and the 备案表 figures.

The plan is checked as the notice asks (计划表 说明 1 and 4): every session is dated within
the plan's year and placed in a half day (上午、下午、晚上) or a whole day; a half day
carries at most `hours_per_half_day` hours and a day at most `hours_per_day` (both from
the ``notes.limits`` of the table form that rules.toml fills from the plan:
``filled_from = "plan"``). Every problem is reported, with the session
it concerns; sessions whose problem is only a limit are still planned (so the person sees
the table they are fixing), sessions that cannot be read are left out.

Input::

    {"policy": "henan-luoyang-2023", "year": 2023,
     "unit": {"unit_name": "...", "person_in_charge": "...", "phone": "...", "goal": "...",
              "trainees": 40, "content": "...", "method": "..."},       # all optional
     "sessions": [{"category": "professional", "date": "2023-05-10", "period": "morning",
                   "hours": 3, "place": "...", "content": "...", "method": "面授",
                   "audience": "...", "people": 40, "lecturer": "...", "remarks": "..."}]}
"""

from __future__ import annotations

import datetime as _dt
import re
from decimal import Decimal
from typing import Any

from .. import typed
from ..errors import InputError
from ..policy.loader import policy_data
from ..untrusted import decimal_text

PERIODS = {"morning": "上午", "afternoon": "下午", "evening": "晚上", "day": "全天"}
HALF_DAYS = ("morning", "afternoon", "evening")
SESSION_TEXT = ("place", "content", "method", "audience", "lecturer", "remarks")
UNIT_KEYS = ("unit_name", "person_in_charge", "phone", "goal", "trainees", "content", "method", "place")
MAX_SESSIONS = 500


def plan_forms(data: dict) -> tuple[str | None, str | None]:
    """The forms a plan fills (``filled_from = "plan"``): the table listing its sessions
    (the 计划表) and the sheet summing them up (the 备案表); None where the policy has none."""
    mine = [(form_id, form) for form_id, form in data.get("forms", {}).items() if form.get("filled_from") == "plan"]
    table = next((form_id for form_id, form in mine if form["layout"] == "table"), None)
    sheet = next((form_id for form_id, form in mine if form["layout"] == "sheet"), None)
    return table, sheet


def limits(policy_id: str) -> dict:
    """{'hours_per_day': Decimal, 'hours_per_half_day': Decimal, 'clause': 'policy#anchor'}"""
    data = policy_data(policy_id)
    table, _ = plan_forms(data)
    notes = (data["forms"][table].get("notes") if table else None) or {}
    found = notes.get("limits") or {}
    if "hours_per_day" not in found or "hours_per_half_day" not in found:
        raise InputError("policy", "此政策的计划表没有每天、每半天的学时上限")
    return {"hours_per_day": Decimal(str(found["hours_per_day"])),
            "hours_per_half_day": Decimal(str(found["hours_per_half_day"])),
            "clause": f"{policy_id}#{notes['clause']}"}


def check(plan: Any) -> dict:
    """Validate a plan; return the sessions, the problems and the form values.

    Result::  {"ok": bool, "problems": [{"where", "session", "message", "clause"}],
               "sessions": [...normalised...], "totals": {"public": h, "professional": h},
               "forms": {"plan:公需科目": values, "filing:公需科目": values, ...}}
    """
    if not isinstance(plan, dict):
        raise InputError("input", "应为对象（JSON object）")
    policy_id = plan.get("policy")
    data = policy_data(policy_id) if isinstance(policy_id, str) else None
    table_form, sheet_form = plan_forms(data) if data is not None else (None, None)
    if table_form is None:
        raise InputError("policy", "应为有计划表的政策编号（如 henan-luoyang-2023）")
    year = plan.get("year", data["policy"]["year"])
    lo, hi = data["policy"]["assess_years"]["from"], data["policy"]["assess_years"]["to"]
    if isinstance(year, bool) or not isinstance(year, int) or not lo <= year <= hi:
        raise InputError("year", f"应为{lo}至{hi}之间的年份")
    unit = plan.get("unit") or {}
    if not isinstance(unit, dict):
        raise InputError("unit", "应为对象")
    for key in unit:
        if key not in UNIT_KEYS:
            raise InputError(f"unit.{key}", f"不是单位信息的栏目（可用：{'、'.join(UNIT_KEYS)}）")
    sessions = plan.get("sessions") or []
    if not isinstance(sessions, list) or len(sessions) > MAX_SESSIONS:
        raise InputError("sessions", f"应为不超过{MAX_SESSIONS}项的列表")

    rule = limits(policy_id)
    categories = data["categories"]
    problems: list[dict] = []
    good: list[dict] = []
    for i, raw in enumerate(sessions):
        session = _session(raw, i, year, categories, rule, problems)
        if session is not None:
            good.append(session)
    _check_days(good, rule, problems)
    problems.sort(key=lambda p: p["session"])
    good.sort(key=lambda s: (s["date"], list(PERIODS).index(s["period"]), s["index"]))

    variants = data["forms"][table_form].get("variants") or []
    totals = {c: _sum(s["hours"] for s in good if s["category"] == c) for c in ("public", "professional")}
    forms = {}
    for category in ("public", "professional"):
        mine = [s for s in good if s["category"] == category]
        label = categories[category]
        if not mine:
            continue
        forms[f"{table_form}:{label}"] = {
            "variant": label if label in variants else None, "year": year,
            "fields": {"unit": _text(unit.get("unit_name"))},
            "rows": [_plan_row(s) for s in mine],
        }
        if sheet_form is not None:
            forms[f"{sheet_form}:{label}"] = {"year": year, "fields": _filing_fields(unit, label, mine)}
    shown = [{**s, "hours": _number(s["hours"])} for s in good]
    return {"ok": not problems, "problems": problems, "sessions": shown,
            "totals": {k: _number(v) for k, v in totals.items()}, "forms": forms}


def _session(raw: Any, i: int, year: int, categories: dict, rule: dict, problems: list) -> dict | None:
    where = f"sessions[{i}]"

    def fail(key: str, message: str, clause: str | None = None) -> None:
        problems.append({"where": f"{where}.{key}", "session": i, "message": message, "clause": clause})

    if not isinstance(raw, dict):
        fail("", "应为对象")
        return None
    category = raw.get("category")
    if not isinstance(category, str) or category not in ("public", "professional"):
        fail("category", f"应为 public（{categories['public']}）或 professional（{categories['professional']}）")
        return None
    try:
        date = _dt.date.fromisoformat(str(raw.get("date", "")))
    except ValueError:
        fail("date", "应为日期（YYYY-MM-DD），实施时间须具体到年、月、日", rule["clause"])
        return None
    if date.year != year:
        fail("date", f"{date.isoformat()} 不在{year}年内：计划表只列{year}年度的培训，学时不得结转")
        return None
    period = raw.get("period")
    if not isinstance(period, str) or period not in PERIODS:
        fail("period", "应为上午、下午、晚上或全天（morning、afternoon、evening、day）", rule["clause"])
        return None
    given = raw.get("hours")
    # Bounded before converting: a printed 1e2000000 alone takes minutes (untrusted.py).
    hours = decimal_text(typed.half_width(str(given))) \
        if isinstance(given, (str, int, float)) and not isinstance(given, bool) else None
    if hours is None or hours <= 0 or hours.as_tuple().exponent < -1:
        fail("hours", "课时应为大于0、最多一位小数的数字（所有培训项目必须有学时标准）", rule["clause"])
        return None
    cap = rule["hours_per_day"] if period == "day" else rule["hours_per_half_day"]
    if hours > cap:
        what = "一天" if period == "day" else f"半天（{PERIODS[period]}）"
        fail("hours", f"{date.isoformat()} {PERIODS[period]}安排 {_number(hours)} 学时，"
                      f"超过{what}不超过 {_number(cap)} 学时的要求", rule["clause"])
    people = raw.get("people")
    people = typed.half_width(people) if isinstance(people, str) else people
    if people not in (None, "") and not (isinstance(people, (str, int)) and not isinstance(people, bool)
                                         and re.fullmatch(r"[0-9]{1,6}", str(people))):
        fail("people", "人数应为不超过六位的整数")
        people = None
    session = {"index": i, "category": category, "date": date.isoformat(), "period": period,
               "hours": hours, "people": int(people) if people not in (None, "") else None}
    for key in SESSION_TEXT:
        session[key] = _text(raw.get(key))
    return session


def _check_days(sessions: list[dict], rule: dict, problems: list) -> None:
    """Sessions together: a half day's at most hours_per_half_day, a day's at most
    hours_per_day (a single session over its cap is reported by `_session`)."""
    groups: dict[tuple[str, str], list[dict]] = {}
    for s in sessions:
        groups.setdefault((s["date"], "day"), []).append(s)
        if s["period"] != "day":
            groups.setdefault((s["date"], s["period"]), []).append(s)
    for (date, period), mine in sorted(groups.items()):
        if len(mine) < 2:
            continue
        cap = rule["hours_per_day"] if period == "day" else rule["hours_per_half_day"]
        total = _sum(s["hours"] for s in mine)
        if total > cap:
            numbers = "、".join(str(s["index"] + 1) for s in mine)
            what = "一天" if period == "day" else "半天"
            where = "" if period == "day" else PERIODS[period]
            last = max(s["index"] for s in mine)
            problems.append({"where": f"sessions[{last}].hours", "session": last, "clause": rule["clause"],
                             "message": f"{date}{where}共安排 {_number(total)} 学时（第{numbers}项），"
                                        f"超过{what}不超过 {_number(cap)} 学时的要求"})


def _plan_row(s: dict) -> dict:
    day = _dt.date.fromisoformat(s["date"])
    period = "" if s["period"] == "day" else PERIODS[s["period"]]
    return {"time": f"{day.year}年{day.month}月{day.day}日{period}", "place": s["place"],
            "content": s["content"], "method": s["method"], "audience": s["audience"],
            "people": s["people"], "hours": _number(s["hours"]), "lecturer": s["lecturer"],
            "remarks": s["remarks"]}


def _filing_fields(unit: dict, subject: str, sessions: list[dict]) -> dict:
    """The 备案表's figures for one category: the unit's own entries win; otherwise they
    are summed or listed from the plan."""
    def listed(key: str, sep: str = "、") -> str:
        seen = dict.fromkeys(s[key] for s in sessions if s[key])
        return sep.join(seen)

    people = [s["people"] for s in sessions if s["people"] is not None]
    fields = {
        "unit_name": _text(unit.get("unit_name")),
        "subject": subject,
        "trainees": unit.get("trainees") if unit.get("trainees") not in (None, "") else (max(people) if people else None),
        "place": _text(unit.get("place")) or listed("place"),
        "method": _text(unit.get("method")) or listed("method"),
        "hours": _number(_sum(s["hours"] for s in sessions)),
        "person_in_charge": _text(unit.get("person_in_charge")),
        "phone": _text(unit.get("phone")),
        "content": _text(unit.get("content")) or listed("content", "；"),
        "goal": _text(unit.get("goal")),
    }
    return {k: v for k, v in fields.items() if v not in (None, "")}


def _text(value: Any) -> str:
    return str(value).strip()[:500] if value is not None else ""


def _sum(values) -> Decimal:
    return sum(values, Decimal(0))


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral() else float(value)

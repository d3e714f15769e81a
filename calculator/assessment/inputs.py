"""Reading a person's input (what `assess` and `assess_span` are given) into typed values.

Every problem raises `InputError(field, problem)`: `field` is the path exactly as in the
JSON input (``activities[1].days``), `problem` a Chinese sentence. The first problem
wins: the form shows one message at a time, next to its field.

The rules come from the policy: which kinds exist, which fields each has, their types,
bounds and choices. Numbers are strict: booleans are not integers, "2" is not 2, and a
decimal field takes at most its number of decimal places. Values come back normalised:
decimal fields in tenths of an hour (`calculator.hours`), defaults filled in.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from typing import Any

from ..errors import InputError, shown
from ..hours import tenths
from ..keypath import join
from ..policy.loader import load_policy, policy_ids
from ..policy.model import Field, Kind, Policy

MONTHS_PER_YEAR = 12
ASSESS_KEYS = ("policy", "year", "circumstances", "activities")
CIRCUMSTANCE_KEYS = ("on_post_months", "reason")
TEXT_LIMIT = 200          # characters of a free-text value (a label, a source)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Activity:
    index: int
    kind: Kind
    values: dict[str, Any]
    date: str | None
    label: str | None


@dataclass(frozen=True)
class Circumstances:
    on_post_months: int
    reason: str


@dataclass(frozen=True)
class Assessment:
    policy: Policy
    year: int
    circumstances: Circumstances | None
    activities: tuple[Activity, ...]


def listing(values) -> str:
    return "、".join(values)


def require_object(value: Any, field: str) -> dict:
    if not isinstance(value, dict):
        raise InputError(field or "input", f"{shown(value)} 不是一个对象（键值表）")
    return value


def reject_unknown(data: dict, allowed, prefix: str, owner: str | None = None) -> None:
    """InputError for the first key of `data` that is not `allowed`."""
    for key in data:
        if key not in allowed:
            name = key if isinstance(key, str) else repr(key)
            what = f"“{owner}”的字段" if owner else "可识别的字段"
            raise InputError(join(prefix, name), f"{shown(name)} 不是{what}（可用：{listing(allowed)}）")


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def policy_of(data: dict) -> Policy:
    if "policy" not in data:
        raise InputError("policy", f"必须填写政策编号（可选：{listing(policy_ids())}）")
    return load_policy(data["policy"])


def year_of(value: Any, policy: Policy, field: str = "year") -> int:
    lo, hi = policy.assess_years
    if not is_int(value) or not lo <= value <= hi:
        if lo == hi:
            raise InputError(field, f"{shown(value)} 不是本政策适用的年度：必须是整数年份 {lo}（本政策只适用于 {lo} 年度）")
        raise InputError(field, f"{shown(value)} 不是本政策适用的年度：必须是 {lo} 到 {hi} 之间的整数年份")
    return value


def read_assessment(data: Any) -> Assessment:
    """Read the input of `assess`."""
    data = require_object(data, "input")
    reject_unknown(data, ASSESS_KEYS, "")
    policy = policy_of(data)
    year = year_of(data.get("year", policy.year), policy)
    return read_year(policy, year, data, "")


def read_year(policy: Policy, year: int, data: dict, prefix: str) -> Assessment:
    """Circumstances and activities of one year (shared with span input)."""
    circumstances = None
    if "circumstances" in data:
        circumstances = read_circumstances(policy, data["circumstances"], join(prefix, "circumstances"))
    raw = data.get("activities", [])
    field = join(prefix, "activities")
    if not isinstance(raw, list):
        raise InputError(field, f"{shown(raw)} 不是一个列表")
    activities = tuple(read_activity(policy, year, a, i, f"{field}[{i}]") for i, a in enumerate(raw))
    return Assessment(policy, year, circumstances, activities)


def read_circumstances(policy: Policy, value: Any, field: str) -> Circumstances:
    spec = policy.pro_rating
    if spec is None:
        raise InputError(field, "本政策没有按实际在岗时间折算学时的规定，请删去此项")
    data = require_object(value, field)
    reject_unknown(data, CIRCUMSTANCE_KEYS, field)
    months_field = join(field, "on_post_months")
    if "on_post_months" not in data:
        raise InputError(months_field, f"必须填写{spec.on_post_label}（0 到 {MONTHS_PER_YEAR} 之间的整数）")
    months = data["on_post_months"]
    if not is_int(months) or not 0 <= months <= MONTHS_PER_YEAR:
        raise InputError(months_field, f"{shown(months)} 不是 0 到 {MONTHS_PER_YEAR} 之间的整数")
    reason_field = join(field, "reason")
    choices = listing(f"{r.value}（{r.label}）" for r in spec.reasons)
    if "reason" not in data:
        raise InputError(reason_field, f"必须填写折算原因：{choices}")
    reason = spec.reason(data["reason"]) if isinstance(data["reason"], str) else None
    if reason is None:
        raise InputError(reason_field, f"{shown(data['reason'])} 不是折算原因，必须是以下之一：{choices}")
    if reason.away_months_over is not None:
        below = MONTHS_PER_YEAR - reason.away_months_over
        if months >= below:
            raise InputError(months_field, f"在岗 {months} 个月：选择“{reason.label}”时，实际在岗月数必须少于 {below} 个月")
    return Circumstances(months, reason.value)


def read_activity(policy: Policy, year: int, value: Any, index: int, field: str) -> Activity:
    data = require_object(value, field)
    kind = kind_of(policy, data.get("kind"), "kind" in data, join(field, "kind"))
    names = [f.name for f in kind.fields]
    allowed = ["kind"] + names + ["date", "label"]
    if kind.category in ("public", "professional"):
        allowed.insert(1, "category")
    reject_unknown(data, allowed, field, kind.label)
    values = {f.name: read_field(f, data, join(field, f.name)) for f in kind.fields}
    if "category" in data and kind.category in ("public", "professional") \
            and data["category"] != kind.category:
        raise InputError(join(field, "category"),
                         f"{shown(data['category'])}：“{kind.label}”固定计入{policy.categories[kind.category]}"
                         f"（{kind.category}），不能选择其他科目")
    date = read_date(data["date"], year, join(field, "date")) if "date" in data else None
    label = None
    if "label" in data:
        label = data["label"]
        if not isinstance(label, str) or len(label) > TEXT_LIMIT:
            raise InputError(join(field, "label"), f"{shown(label)} 不是不超过 {TEXT_LIMIT} 个字的文字")
    return Activity(index, kind, values, date, label)


def kind_of(policy: Policy, value: Any, given: bool, field: str) -> Kind:
    choices = listing(f"{k}（{kind.label}）" for k, kind in policy.kinds.items())
    if not given:
        raise InputError(field, f"必须填写活动类型：{choices}")
    if isinstance(value, str) and value in policy.kinds:
        return policy.kinds[value]
    elsewhere = [pid for pid in policy_ids() if pid != policy.id and isinstance(value, str)
                 and value in load_policy(pid).kinds]
    if elsewhere:
        raise InputError(field, f"{shown(value)} 不适用于本政策（{policy.id}），只适用于 {listing(elsewhere)}；"
                                f"本政策可用：{choices}")
    raise InputError(field, f"{shown(value)} 不是本政策的活动类型（可用：{choices}）")


def read_field(f: Field, data: dict, field: str) -> Any:
    if f.name not in data:
        if f.required and f.type == "bool":
            raise InputError(field, f"必须回答“{f.label}”：是（true）或否（false）；未填写的不按“否”处理")
        if f.required:
            raise InputError(field, f"必须填写{f.label}")
        if f.type == "decimal" and f.default is not None:
            return tenths(f.default)
        return f.default
    value = data[f.name]
    if f.type == "int":
        lo = f.min if f.min is not None else 0
        if not is_int(value) or value < lo:
            raise InputError(field, f"{shown(value)} 不是不小于 {lo} 的整数")
        if f.max is not None and value > f.max:
            raise InputError(field, f"{shown(value)} 大于 {f.max}：不能大于 {f.max}")
        return value
    if f.type == "decimal":
        lo = f.min if f.min is not None else 0
        problem = (f"{shown(value)} 不是不小于 {lo} 的整数" if f.decimals == 0
                   else f"{shown(value)} 不是不小于 {lo}、最多一位小数的数")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < lo:
            raise InputError(field, problem)
        amount = tenths(value, f.decimals)
        if amount is None:
            raise InputError(field, problem)
        if f.max is not None and value > f.max:
            raise InputError(field, f"{shown(value)} 大于 {f.max}：不能大于 {f.max}")
        return amount
    if f.type == "bool":
        if not isinstance(value, bool):
            raise InputError(field, f"{shown(value)} 不是 true 或 false")
        return value
    if f.type == "choice":
        if not isinstance(value, str) or value not in [c.value for c in f.choices]:
            raise InputError(field, f"{shown(value)} 不是可选的{f.label}，必须是以下之一："
                             + listing(f"{c.value}（{c.label}）" for c in f.choices))
        return value
    # text
    limit = f.max_length or TEXT_LIMIT
    if not isinstance(value, str) or len(value) > limit:
        raise InputError(field, f"{shown(value)} 不是不超过 {limit} 个字的文字")
    return value


def read_date(value: Any, year: int, field: str) -> str:
    """ISO date string of an activity, which must fall within the assessed year."""
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        day = value
    else:
        day = None
        if isinstance(value, str) and _ISO_DATE.match(value):
            try:
                day = _dt.date.fromisoformat(value)
            except ValueError:
                pass
        if day is None:
            raise InputError(field, f"{shown(value)} 不是 YYYY-MM-DD 格式的有效日期")
    if day.year != year:
        raise InputError(field, f"日期 {day.isoformat()} 不在评估年度 {year} 年内（学时只计入取得的年度，不得结转）")
    return day.isoformat()

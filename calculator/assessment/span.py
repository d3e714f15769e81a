"""Several years at once: the senior-title check (Hunan 2023 checks 2018~2022).

Each year is assessed on its own, with that year's activities, exactly as `assess` would
(hours of one year never make up for another). Input::

    policy = "hunan-2023"
    span = [2018, 2022]          # optional; default: the policy's [span] (2018~2022)

    [[years]]                    # one entry per year, any order; a year left out is
    year = 2018                  # assessed with no activities (and listed as such)
    [[years.activities]]         # activities exactly as in `assess`
    kind = "training"
    category = "professional"
    days = 9

    [[years]]
    year = 2019
    prior_certificate = true     # already certified by a 《学时认定单》: not assessed

    [[postings]]                 # an aid posting spanning years (conversion-7)
    kind = "aid_assignment"
    start = "2020-03"            # YYYY-MM, first month of the posting
    end = "2021-06"              # YYYY-MM, last month (inclusive)
    assessed_qualified = true

A posting is a kind whose method can span years (`Method.spans_years`; today
`deemed_complete` with `all_years_over_months`): the method says what it gives each year
it touches, and those credits count in that year like an activity's (the yearly caps
included). (A posting within one year can also be entered as an activity of that year.)
Its months must reach into the policy's years, and it can be no longer than its kind's
months field allows: a date outside that is an input error naming ``start`` or ``end``.

Result::

    policy, span {from, to, label, clause}, passed (every year passed),
    failed_years [..], passed_years [..], years_without_input [..],
    years [one `assess` result per year, in order; prior-certificate years have
           "prior_certificate": true and earned values null],
    interpretations [the span-wide rulings applied],
    not_modelled [what the notice excepts from the check and is not judged here]
"""

from __future__ import annotations

import re
from typing import Any

from .. import methods
from ..errors import InputError, shown
from ..hours import out
from ..keypath import join
from ..policy.loader import load_policy, policy_ids
from ..policy.model import Kind, Policy
from ..yearmonth import months_between, text as month_text
from .inputs import (
    MONTHS_PER_YEAR, TEXT_LIMIT, is_int, listing, policy_of, read_field, read_year, reject_unknown,
    require_object,
)
from .year import Posting, evaluate

SPAN_KEYS = ("policy", "span", "years", "postings")
YEAR_KEYS = ("year", "circumstances", "activities", "prior_certificate")
_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def assess_span(data: Any) -> dict:
    data = require_object(data, "input")
    reject_unknown(data, SPAN_KEYS, "")
    policy = policy_of(data)
    if policy.span is None:
        able = [pid for pid in policy_ids() if load_policy(pid).span is not None]
        raise InputError("policy", f"本政策没有多年度学时核认的规定（适用于：{listing(able) or '无'}）")
    first, last = _span_of(policy, data.get("span"))
    years = _years(policy, data.get("years", []), first, last)
    postings = _postings(policy, data.get("postings", []))

    results, without = [], []
    for year in range(first, last + 1):
        entry = years.get(year)
        extra = _year_postings(postings, year)
        if entry is not None and entry["prior_certificate"]:
            results.append(_prior_certificate(policy, year))
            continue
        if entry is None:
            if not extra:
                without.append(year)
            results.append(evaluate(policy, year, None, (), extra))
        else:
            a = entry["assessment"]
            results.append(evaluate(policy, year, a.circumstances, a.activities, extra))

    drives = {"span"} | ({"postings"} if postings else set())
    return {
        "policy": policy.id,
        "span": {"from": first, "to": last, "label": policy.span.label, "clause": policy.span.clause},
        "passed": all(r["passed"] for r in results),
        "failed_years": [r["year"] for r in results if not r["passed"]],
        "passed_years": [r["year"] for r in results if r["passed"]],
        "years_without_input": without,
        "years": results,
        "interpretations": [{"id": i.id, "title": i.title, "text": i.text, "clause": i.clause}
                            for i in policy.interpretations if drives & set(i.drives)],
        # What the notice excepts from this check and the calculator does not judge
        # (Hunan: 博士参评副高按相关规定执行).
        "not_modelled": [{"id": n.id, "title": n.title, "text": n.text, "clause": n.clause}
                         for n in policy.not_modelled if n.clause == policy.span.clause],
    }


def _span_of(policy: Policy, value: Any) -> tuple[int, int]:
    lo, hi = policy.assess_years
    if value is None:
        return policy.span.from_year, policy.span.to_year
    if (not isinstance(value, list) or len(value) != 2 or not all(is_int(v) for v in value)
            or not lo <= value[0] <= value[1] <= hi):
        raise InputError("span", f"{shown(value)} 不是 [起始年度, 结束年度]：必须在 {lo} 到 {hi} 之间"
                                 f"（默认 [{policy.span.from_year}, {policy.span.to_year}]）")
    return value[0], value[1]


def _years(policy: Policy, value: Any, first: int, last: int) -> dict[int, dict]:
    if not isinstance(value, list):
        raise InputError("years", f"{shown(value)} 不是一个列表")
    seen: dict[int, dict] = {}
    for i, raw in enumerate(value):
        field = f"years[{i}]"
        data = require_object(raw, field)
        reject_unknown(data, YEAR_KEYS, field)
        if "year" not in data:
            raise InputError(join(field, "year"), f"必须填写年度（{first} 到 {last}）")
        year = data["year"]
        if not is_int(year) or not first <= year <= last:
            raise InputError(join(field, "year"), f"{shown(year)} 不是 {first} 到 {last} 之间的整数年份")
        if year in seen:
            raise InputError(join(field, "year"), f"{year} 年已在 years[{seen[year]['index']}] 填写")
        prior = data.get("prior_certificate", False)
        if not isinstance(prior, bool):
            raise InputError(join(field, "prior_certificate"), f"{shown(prior)} 不是 true 或 false")
        if prior and policy.span.prior_certificate_clause is None:
            raise InputError(join(field, "prior_certificate"), "本政策没有以前年度认定单的规定")
        if prior and (data.get("activities") or "circumstances" in data):
            raise InputError(join(field, "prior_certificate"),
                             "已开具《学时认定单》的年度不再逐项计算，请删去该年度的活动")
        seen[year] = {"index": i, "prior_certificate": prior,
                      "assessment": None if prior else read_year(policy, year, data, field)}
    return seen


def posting_kinds(policy: Policy) -> dict[str, Kind]:
    """The kinds that may be entered once for a posting spanning years."""
    return {k: kind for k, kind in policy.kinds.items() if methods.get(kind.method).spans_years(kind)}


def _postings(policy: Policy, value: Any) -> list[dict]:
    if not isinstance(value, list):
        raise InputError("postings", f"{shown(value)} 不是一个列表")
    kinds = posting_kinds(policy)
    result = []
    for i, raw in enumerate(value):
        field = f"postings[{i}]"
        data = require_object(raw, field)
        kf = join(field, "kind")
        choices = listing(f"{k}（{kind.label}）" for k, kind in kinds.items()) or "无"
        if "kind" not in data:
            raise InputError(kf, f"必须填写外派类型：{choices}")
        if not isinstance(data["kind"], str) or data["kind"] not in kinds:
            raise InputError(kf, f"{shown(data['kind'])} 不是可跨年度计算的外派类型（可用：{choices}）")
        kind = kinds[data["kind"]]
        method = methods.get(kind.method)
        asked = method.posting_fields(kind)
        reject_unknown(data, ["kind", "start", "end", *asked, "label"], field)
        start, end = _dates(policy, method.posting_months(kind), data, field)
        qualified = all(read_field(kind.field(name), data, join(field, name)) for name in asked)
        label = data.get("label")
        if label is not None and (not isinstance(label, str) or len(label) > TEXT_LIMIT):
            raise InputError(join(field, "label"), f"{shown(label)} 不是不超过 {TEXT_LIMIT} 个字的文字")
        result.append({"index": i, "kind": kind, "start": start, "end": end, "qualified": qualified,
                       "label": label})
    return result


def _dates(policy: Policy, longest: int | None, data: dict, field: str) -> tuple[tuple[int, int], tuple[int, int]]:
    """A posting's start and end: real months, the posting no longer than its kind
    allows, and reaching into the policy's years."""
    lo, hi = policy.assess_years
    years = f"{lo}~{hi}" if lo != hi else str(lo)
    start = _year_month(data.get("start"), join(field, "start"), "start" in data)
    end = _year_month(data.get("end"), join(field, "end"), "end" in data)
    if start > (hi, MONTHS_PER_YEAR):
        raise InputError(join(field, "start"), f"{month_text(start)} 在本政策适用的年度（{years} 年）之后，"
                                               "外派不涉及核认的年度")
    if end < (lo, 1):
        raise InputError(join(field, "end"), f"{month_text(end)} 在本政策适用的年度（{years} 年）之前，"
                                             "外派不涉及核认的年度")
    if end < start:
        raise InputError(join(field, "end"), f"{month_text(end)} 早于开始年月 {month_text(start)}")
    total = months_between(start, end)
    if longest is not None and total > longest:
        raise InputError(join(field, "start" if start < (lo, 1) else "end"),
                         f"外派 {month_text(start)} 至 {month_text(end)} 共 {total} 个月，超过可填写的 {longest} 个月"
                         f"（本政策适用于 {years} 年度）")
    return start, end


def _year_month(value: Any, field: str, given: bool = True) -> tuple[int, int]:
    if not given:
        raise InputError(field, "必须填写，格式 YYYY-MM（例如 2020-03）")
    m = _YEAR_MONTH.match(value) if isinstance(value, str) else None
    if not m or not 1 <= int(m.group(2)) <= MONTHS_PER_YEAR:
        raise InputError(field, f"{shown(value)} 不是 YYYY-MM 格式的年月（例如 2020-03）")
    return int(m.group(1)), int(m.group(2))


def _year_postings(postings: list[dict], year: int) -> list[Posting]:
    """What each posting touching `year` gives it, worked out by the kind's method."""
    found = []
    for p in postings:
        if not p["start"][0] <= year <= p["end"][0]:
            continue
        kind: Kind = p["kind"]
        credits = methods.get(kind.method).posting(kind, p["start"], p["end"], year, p["qualified"])
        found.append(Posting(index=p["index"], kind=kind, credits=tuple(credits), label=p["label"]))
    return found


def _prior_certificate(policy: Policy, year: int) -> dict:
    nothing = {c: None for c in ("public", "professional", "total")}
    required = {c: out(v) for c, v in policy.requirements.as_dict().items()}
    return {
        "policy": policy.id, "year": year, "prior_certificate": True,
        "earned": nothing, "required": required,
        "shortfall": {c: 0 for c in ("public", "professional", "total")},
        "passed": True,
        "checks": [{"id": "prior-certificate", "severity": "requirement", "passed": True,
                    "message": f"{year} 年度已开具《学时认定单》，核认时提供原《学时认定单》即可。",
                    "clause": policy.span.prior_certificate_clause}],
        "trace": [], "suggestions": [], "deemed_complete": None, "prorated": None,
        "interpretations": [{"id": i.id, "title": i.title, "text": i.text, "clause": i.clause}
                            for i in policy.interpretations
                            if i.clause == policy.span.prior_certificate_clause],
        "evidence": [],
    }

"""A unit's filing (备案): what it files, as a checklist, and when it may file.

The ``[filing]`` table of rules.toml lists every document and requirement of the filing
package, in groups, each with its clause and the site's forms that are the document
(洛阳 附件1: the 备案表, 计划表 and 名单; the organising documents; A4 paper, the unit's seal,
the industry department's review, the electronic 花名册 and 成绩单). Its ``deadline`` names
the ``[[deadlines]]`` entry whose windows are the filing's (2023年10月11日至20日、12月11日至20日
的工作日时间); `status()` places a day among them, counting working days with the
holiday calendar (`calculator.workdays`).

    checklist(policy_id) -> {title, clause, who, who_clause, groups: [{id, title, clause,
                             note, items: [{id, label, clause, forms: [{id, title, short,
                             copies?}], note}]}],
                             deadline}
    status(policy_id, today) -> where `today` stands: before | open | between | after,
                             the window concerned, days and working days to go
    filing_op({"policy", "today"?: "YYYY-MM-DD"}) -> {"checklist", "status"} (the worker's)
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

from .. import workdays
from ..errors import InputError
from ..policy.loader import policy_data
from ..untrusted import op_request

CHINESE_DIGITS = "零一二三四五六七八九十"


def checklist(policy_id: str) -> dict:
    data = policy_data(policy_id)
    filing = data.get("filing")
    if not filing:
        raise InputError("policy", f"“{policy_id}”的通知没有单位备案材料的规定")
    forms = data.get("forms", {})

    def form(form_id: str) -> dict:
        spec = forms[form_id]
        # The title without the sample's blanks: 2023年度____（单位）……（样表） -> ……
        short = re.sub(r"^\d{4}年度_*（单位）|（样表）$", "", spec["title"]).replace("专业技术人员继续教育", "")
        out = {"id": form_id, "title": spec["title"], "short": short or spec["title"]}
        if spec.get("copies"):
            out["copies"] = _copies_text(spec)
        return out

    groups = []
    for group in filing["groups"]:
        items = [{"id": it["id"], "label": it["label"], "clause": cite(policy_id, it.get("clause", group["clause"])),
                  "forms": [form(f) for f in it.get("forms", [])], "note": it.get("note")}
                 for it in group["items"]]
        groups.append({"id": group["id"], "title": group["title"], "clause": cite(policy_id, group["clause"]),
                       "note": group.get("note"), "items": items})
    deadline = _deadline(data, filing)
    return {
        "policy": policy_id, "title": filing["title"], "clause": cite(policy_id, filing["clause"]),
        "who": filing.get("who"), "who_clause": cite(policy_id, filing["who_clause"]) if "who_clause" in filing else None,
        "groups": groups,
        "deadline": None if deadline is None else {
            "id": deadline["id"], "title": deadline["title"], "clause": cite(policy_id, deadline["clause"]),
            "windows": deadline["windows"], "working_days_only": deadline.get("working_days_only", False),
            "place": deadline.get("place"), "phone": deadline.get("phone"), "note": deadline.get("note"),
        },
    }


def status(policy_id: str, today: _dt.date) -> dict | None:
    """Where `today` stands among the filing windows (None: the notice gives none).

    state: ``before`` (the first window is ahead), ``open`` (today is inside a window),
    ``between`` (one window is over, the next ahead) or ``after`` (every window is over:
    a later year's filing follows that year's notice). `window` is the one open or next
    (the last one when all are over), with its working days; `days_to_start` counts
    calendar days; `working_days_left` the working days from today to the window's end.
    """
    data = policy_data(policy_id)
    deadline = _deadline(data, data.get("filing") or {})
    if deadline is None:
        return None
    only_working = deadline.get("working_days_only", False)
    windows = []
    for w in deadline["windows"]:
        start, end = _dt.date.fromisoformat(w["start"]), _dt.date.fromisoformat(w["end"])
        days = workdays.working_days(start, end) if only_working else []
        windows.append({"start": w["start"], "end": w["end"],
                        "working_days": [d.date.isoformat() for d in days],
                        "calendar": workdays.coverage(start, end)})
    ahead = [w for w in windows if _dt.date.fromisoformat(w["end"]) >= today]
    if not ahead:
        state, window = "after", windows[-1]
    elif _dt.date.fromisoformat(ahead[0]["start"]) <= today:
        state, window = "open", ahead[0]
    else:
        state, window = ("before" if ahead[0] is windows[0] else "between"), ahead[0]
    info = workdays.day(today)
    out = {"today": today.isoformat(), "state": state, "window": window, "windows": windows,
           "working_days_only": only_working, "index": windows.index(window),
           "today_working": info.working, "today_why": info.why}
    if state in ("before", "between"):
        out["days_to_start"] = (_dt.date.fromisoformat(window["start"]) - today).days
    if state == "open" and only_working:
        out["working_days_left"] = sum(1 for d in window["working_days"] if d >= today.isoformat())
    return out


def filing_op(data: Any) -> dict:
    data, policy = op_request(data)
    today = read_date(data.get("today"), "today") if data.get("today") is not None else _dt.date.today()
    return {"checklist": checklist(policy), "status": status(policy, today)}


def read_date(value: Any, field: str) -> _dt.date:
    if not isinstance(value, str) or len(value) != 10:
        raise InputError(field, "应为日期（YYYY-MM-DD）")
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(field, "应为日期（YYYY-MM-DD）") from None


def cite(policy_id: str, anchor: str) -> str:
    return f"{policy_id}#{anchor}"


def _deadline(data: dict, filing: dict) -> dict | None:
    wanted = filing.get("deadline")
    return next((d for d in data.get("deadlines", []) if d["id"] == wanted), None) if wanted else None


def _copies_text(spec: dict) -> str:
    copies = spec["copies"]
    count = CHINESE_DIGITS[copies] if copies <= 10 else str(copies)
    to = spec.get("copies_to")
    return f"一式{count}份（{'、'.join(to)}各一份）" if to else f"一式{count}份"

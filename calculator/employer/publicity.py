"""How long a unit posts a list (公示): the notice's minimum in working days, and the
earliest day the posting may end for a given first day.

湖南 三（一）: 合格人员名单……在本单位公示不少于5个工作日. The minimum is the
``min_working_days`` of a ``[[deadlines]]`` entry; the days are counted by
`calculator.workdays` (weekends, and the official holidays of the years whose calendar is
shipped; the answer says which years were not covered, so the page says their holidays
were not counted). The first day counts when it is a working day (the posting runs that
day); the product's ruling is the policy's interpretation that drives the list's form.

    periods(policy_id) -> [{id, title, clause, days, who}]   the postings a notice asks for
    end_date(policy_id, start, deadline_id=None) -> {start, end, days, counted, skipped,
                                                     calendar, deadline}
    publicity_op({"policy", "start", "deadline"?}) -> end_date(...)   (the worker's)
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from .. import workdays
from ..errors import InputError
from ..policy.loader import policy_data
from ..untrusted import op_request
from .filing import read_date


def periods(policy_id: str) -> list[dict]:
    return [{"id": d["id"], "title": d["title"], "clause": f"{policy_id}#{d['clause']}",
             "days": d["min_working_days"], "who": d.get("who")}
            for d in policy_data(policy_id).get("deadlines", []) if d.get("min_working_days")]


def end_date(policy_id: str, start: _dt.date, deadline_id: str | None = None) -> dict:
    found = periods(policy_id)
    if not found:
        raise InputError("policy", f"“{policy_id}”的通知没有公示期的规定")
    if deadline_id is None:
        period = found[0]
    else:
        period = next((p for p in found if p["id"] == deadline_id), None)
        if period is None:
            raise InputError("deadline", f"应为：{'、'.join(p['id'] for p in found)}")
    return {**workdays.add_working_days(start, period["days"]), "deadline": period}


def publicity_op(data: Any) -> dict:
    data, policy = op_request(data)
    deadline = data.get("deadline")
    if deadline is not None and not isinstance(deadline, str):
        raise InputError("deadline", "应为公示规定的编号")
    start = read_date(data.get("start"), "start")
    if not 2000 <= start.year <= 2100:
        raise InputError("start", "应为2000至2100年之间的日期")
    return end_date(policy, start, deadline)

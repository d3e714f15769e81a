"""``no_makeup``: the hours of a year must be made up and declared in time, because from
a given year on earlier years can no longer be made up (Luoyang: "原则上自2024年起不再开展
继续教育往年内容补学、学时补报"). Needs ``requirements.no_makeup_from_year``.

A year that meets its minimums passes, with a reminder to declare its hours in time; a
year short of them fails (as the check's severity says: advice in Luoyang), saying by
when the shortfall must be made up.
"""

from __future__ import annotations

from .base import CheckRule, Outcome


class NoMakeup(CheckRule):

    def coherence(self, index, check, data, problems):
        if "no_makeup_from_year" not in data.get("requirements", {}):
            problems.fail(f"checks[{index}].rule", "needs requirements.no_makeup_from_year")

    def evaluate(self, check, policy, year):
        start = policy.requirements.no_makeup_from_year
        # Until `start`, an earlier year could still be made up; from it, only in the year itself.
        last = max(year.year, start - 1)
        rule = f"原则上自 {start} 年起不再开展往年内容补学、学时补报"
        if year.met:
            return Outcome(True, f"{year.year} 年度已达到要求，请在 {last} 年内完成学时申报：{rule}。")
        return Outcome(False, f"{year.year} 年度尚未达到要求：差额须在 {last} 年内补足并完成学时申报，"
                              f"{rule}（仅为提示，结论见上）。")


RULE = NoMakeup()

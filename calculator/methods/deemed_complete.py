"""``deemed_complete``: the year counts as complete after a posting of some months (aid
and grass-roots postings: 援藏、援疆、扶贫、挂职……), with a qualified assessment where
the notice asks for one.

rules.toml: ``months_field`` (an int field), ``min_months``, ``credit`` (the hours the
complete year is credited with: public, professional, or total with no category), and
optionally ``qualified_field`` (a bool field, a required answer: a result not given is
asked for, never taken as failed) and ``all_years_over_months``: a posting of *more*
than this many months ("超过1年以上": more than 12) makes every year it touches
complete. Such a kind can also be entered once, by its start and end month, in the
multi-year check (`posting()`); a shorter posting that straddles two years completes
one year only: the calendar year that holds most of its months, on a tie the year in
which it ends (the product's ruling, an interpretation of rules.toml).

A complete year is credited once, however many entries make it so (`year_cap()`).
"""

from __future__ import annotations

from ..hours import text as h
from ..keypath import join
from ..policy.model import Kind
from ..policy.nodes import FieldRef, Hours, Integer, Table, opt, req
from ..yearmonth import YearMonth, months_between, text as month_text
from .base import Context, Credit, Method


class DeemedComplete(Method):
    topic = ("postings", "援派、扶贫等工作任务")
    keys = {
        "months_field": req(FieldRef("int")),
        "min_months": req(Integer(min=1, figure="months")),
        "qualified_field": opt(FieldRef("bool")),
        "all_years_over_months": opt(Integer(min=1, figure="months",
                                             doc="postings longer than this complete every year they touch")),
        "credit": req(Table({
            "public": opt(Hours()),
            "professional": opt(Hours()),
            "total": opt(Hours(doc="credited to the year as a whole, no category")),
        })),
    }
    one_category = False
    completes_year = True

    def check(self, kind, fields, path, problems):
        credit = kind.get("credit")
        if isinstance(credit, dict) and not credit:
            problems.fail(join(path, "credit"), "must credit public, professional or total hours")
        over, least = kind.get("all_years_over_months"), kind.get("min_months")
        if isinstance(over, int) and isinstance(least, int) and over < least:
            problems.fail(join(path, "all_years_over_months"), "must be >= min_months")
        qualified = fields.get(kind.get("qualified_field"), {})
        if "default" in qualified:
            problems.fail(join(path, "qualified_field"),
                          "names a field with a default: an assessment result not given must be asked for")

    def credits(self, kind, values, ctx: Context):
        p = kind.params
        months = values[p["months_field"]]
        qualified = values[p["qualified_field"]] if p.get("qualified_field") else True
        return self._credits(kind, {"months": months, "qualified": qualified})

    def _credits(self, kind: Kind, facts: dict) -> list[Credit]:
        p = kind.params
        if facts["months"] < p["min_months"] or not facts["qualified"] or facts.get("other_year"):
            return [Credit(None, 0, facts)]
        credit = p["credit"]
        order = [c for c in ("public", "professional", "total") if c in credit]
        return [Credit(None if cat == "total" else cat, credit[cat], facts, deemed=True) for cat in order]

    def year_cap(self, kind, credit, ctx: Context):
        # A complete year is complete once: a second posting in it adds nothing.
        if not credit.deemed:
            return None
        return kind.params["credit"]["total" if credit.category is None else credit.category]

    def working(self, kind, credit, values, policy):
        p, f = kind.params, credit.facts
        cat = policy.categories.get(credit.category or "total")
        posting = f.get("posting")
        lead = _posting_lead(kind, posting) if posting else f"{kind.label}：{f['months']} 个月"
        assessed = "且考核合格" if p.get("qualified_field") else ""
        if f["months"] < p["min_months"]:
            return f"{lead}，不满 {p['min_months']} 个月，不能视为完成当年，0 学时"
        if not f["qualified"]:
            return f"{lead}，考核未合格，不能视为完成当年，0 学时"
        if posting and posting["over"]:
            lead += f"，超过 {p['all_years_over_months']} 个月，外派期间涉及的每一年度均视为完成"
        elif posting and posting["years"] > 1:
            lead += _one_year_text(posting, p["all_years_over_months"])
            if f.get("other_year"):
                return f"{lead}；本年度 {posting['in_year']} 个月，不视为完成，0 学时"
        if posting and (posting["over"] or posting["years"] > 1):
            lead += "；考核合格" if assessed else ""
        else:
            lead += assessed
        if credit.cap is not None and credit.cap.cut:
            return f"{lead}；本年度已由{credit.cap.takers_text()}视为完成，不重复计算，0 学时"
        if credit.category is None:
            return f"{lead}，视为完成当年继续教育 {h(credit.hours)} 学时"
        return f"{lead}，视为完成当年继续教育，计{cat} {h(credit.hours)} 学时"

    def rate(self, kind, policy):
        p = kind.params
        text = (f"工作满 {p['min_months']} 个月{'且考核合格' if p.get('qualified_field') else ''}，"
                f"视为完成当年全部学时（{self.credited_to(kind, policy)}）")
        if p.get("all_years_over_months"):
            text += (f"；超过 {p['all_years_over_months']} 个月的，外派期间每一年都视为完成；"
                     f"不超过 {p['all_years_over_months']} 个月而跨两个年度的，只视为完成其中月数多的一年"
                     "（月数相同的，为外派结束的一年）")
        return text

    def credited_to(self, kind, policy):
        return "、".join(f"{policy.categories[cat]} {h(hours)} 学时" for cat, hours in kind.params["credit"].items())

    # ------------------------------------------------------------- postings over years

    def spans_years(self, kind: Kind) -> bool:
        return bool(kind.params.get("all_years_over_months"))

    def posting_fields(self, kind: Kind) -> list[str]:
        """The kind's fields a posting entry takes besides its start and end."""
        return [kind.params["qualified_field"]] if kind.params.get("qualified_field") else []

    def posting_months(self, kind: Kind) -> int | None:
        """The longest posting the kind takes, in months (its months field's maximum)."""
        return kind.field(kind.params["months_field"]).max

    def posting(self, kind: Kind, start: YearMonth, end: YearMonth, year: int,
                qualified: bool) -> list[Credit]:
        """The credits a posting from `start` to `end` (year, month; both counted) gives
        `year`. Longer than ``all_years_over_months``: every year it touches; else the
        one year holding most of its months (on a tie, the year it ends)."""
        total = months_between(start, end)
        per_year = {y: months_between(max(start, (y, 1)), min(end, (y, 12)))
                    for y in range(start[0], end[0] + 1)}
        over = total > kind.params["all_years_over_months"]
        chosen = None if over else max(per_year, key=lambda y: (per_year[y], y))
        posting = {"start": start, "end": end, "total": total, "in_year": per_year.get(year, 0),
                   "over": over, "chosen": chosen, "chosen_months": per_year.get(chosen, 0),
                   "years": len(per_year)}
        facts = {"months": total, "qualified": qualified, "posting": posting,
                 "other_year": chosen is not None and chosen != year}
        return self._credits(kind, facts)


def _posting_lead(kind: Kind, posting: dict) -> str:
    return (f"{kind.label}：外派 {month_text(posting['start'])} 至 {month_text(posting['end'])} "
            f"共 {posting['total']} 个月")


def _one_year_text(posting: dict, over: int) -> str:
    """Which one year a posting of at most `over` months completes, and why."""
    if posting["years"] == 1:
        return ""
    chosen, months = posting["chosen"], posting["chosen_months"]
    if months * 2 == posting["total"]:
        why = f"两个年度各 {months} 个月，按外派结束的 {chosen} 年度"
    else:
        why = f"月数最多的 {chosen} 年度（{months} 个月）"
    return f"，不超过 {over} 个月，只视为完成一个年度：{why}"


METHOD = DeemedComplete()

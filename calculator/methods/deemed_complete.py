"""``deemed_complete``: the year counts as complete after a posting of some months (aid
and grass-roots postings: 援藏、援疆、扶贫、挂职……), with a qualified assessment where
the notice asks for one.

rules.toml: ``months_field`` (an int field), ``min_months``, ``credit`` (the hours the
complete year is credited with: public, professional, or total with no category), and
optionally ``qualified_field`` (a bool field) and ``all_years_months``: a posting at
least this long makes every year it touches complete, so such a kind can also be
entered once, by its start and end month, in the multi-year check (`posting()`).
"""

from __future__ import annotations

from dataclasses import replace

from ..hours import text as h
from ..keypath import join
from ..policy.model import Kind
from ..policy.nodes import FieldRef, Hours, Integer, Table, opt, req
from .base import Context, Credit, Method


class DeemedComplete(Method):
    topic = ("postings", "援派、扶贫等工作任务")
    keys = {
        "months_field": req(FieldRef("int")),
        "min_months": req(Integer(min=1, figure="months")),
        "qualified_field": opt(FieldRef("bool")),
        "all_years_months": opt(Integer(min=1, figure="months",
                                        doc="postings this long complete every year they touch")),
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

    def credits(self, kind, values, ctx: Context):
        p = kind.params
        months = values[p["months_field"]]
        qualified = values[p["qualified_field"]] if p.get("qualified_field") else True
        facts = {"months": months, "qualified": qualified, "long_enough": months >= p["min_months"]}
        if not (facts["long_enough"] and qualified):
            return [Credit(None, 0, facts)]
        credit = p["credit"]
        order = [c for c in ("public", "professional", "total") if c in credit]
        return [Credit(None if cat == "total" else cat, credit[cat], facts, deemed=True) for cat in order]

    def working(self, kind, credit, values, policy, lead: str | None = None):
        p, f = kind.params, credit.facts
        cat = policy.categories.get(credit.category or "total")
        lead = lead or f"{kind.label}：{f['months']} 个月"
        assessed = "且考核合格" if p.get("qualified_field") else ""
        if f["months"] < p["min_months"]:
            return f"{lead}，不满 {p['min_months']} 个月，不能视为完成当年，0 学时"
        if not f["qualified"]:
            return f"{lead}，考核未合格，不能视为完成当年，0 学时"
        if credit.category is None:
            return f"{lead}{assessed}，视为完成当年继续教育 {h(credit.hours)} 学时"
        return f"{lead}{assessed}，视为完成当年继续教育，计{cat} {h(credit.hours)} 学时"

    def rate(self, kind, policy):
        p = kind.params
        text = (f"工作满 {p['min_months']} 个月{'且考核合格' if p.get('qualified_field') else ''}，"
                f"视为完成当年全部学时（{self.credited_to(kind, policy)}）")
        if p.get("all_years_months"):
            text += f"；满 {p['all_years_months']} 个月的，外派期间每一年都视为完成"
        return text

    def credited_to(self, kind, policy):
        return "、".join(f"{policy.categories[cat]} {h(hours)} 学时" for cat, hours in kind.params["credit"].items())

    # ------------------------------------------------------------- postings over years

    def spans_years(self, kind: Kind) -> bool:
        return bool(kind.params.get("all_years_months"))

    def posting_fields(self, kind: Kind) -> list[str]:
        """The kind's fields a posting entry takes besides its start and end."""
        return [kind.params["qualified_field"]] if kind.params.get("qualified_field") else []

    def posting(self, kind: Kind, start: tuple[int, int], end: tuple[int, int], year: int,
                qualified: bool, policy) -> list[tuple[Credit, str]]:
        """The credits a posting from `start` to `end` (year, month; inclusive) gives
        `year`, each with its working."""
        total = months_between(start, end)
        first = start if start[0] == year else (year, 1)
        last = end if end[0] == year else (year, 12)
        in_year = months_between(first, last)
        all_years = total >= kind.params["all_years_months"]
        values = {kind.params["months_field"]: total if all_years else in_year}
        if kind.params.get("qualified_field"):
            values[kind.params["qualified_field"]] = qualified
        start_text, end_text = "{:04d}-{:02d}".format(*start), "{:04d}-{:02d}".format(*end)
        out = []
        for credit in self.credits(kind, values, Context(required={})):
            if all_years and qualified:
                working = (f"{kind.label}：外派 {start_text} 至 {end_text} 共 {total} 个月，"
                           f"满 {kind.params['all_years_months']} 个月且考核合格，外派期间每一年度均视为完成，"
                           f"当年计 {h(credit.hours)} 学时")
            else:
                # Worded by the months within the year, as a posting inside one year is.
                lead = f"{kind.label}：外派 {start_text} 至 {end_text}，当年 {in_year} 个月"
                in_year_facts = replace(credit, facts={**credit.facts, "months": in_year})
                working = self.working(kind, in_year_facts, values, policy, lead)
            out.append((credit, working))
        return out


def months_between(start: tuple[int, int], end: tuple[int, int]) -> int:
    """Months from `start` to `end`, both (year, month) and both counted."""
    return (end[0] - start[0]) * 12 + end[1] - start[1] + 1


METHOD = DeemedComplete()

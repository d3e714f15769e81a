"""``time_units``: a rate per unit of time (a day, a half day, an evening), added up.

rules.toml: ``rates = { days = 10, half_days = 4 }``, one rate per int field of the
kind, named after the field.
"""

from __future__ import annotations

from ..hours import text as h
from ..keypath import join
from ..policy.nodes import Hours, MapOf, req
from .base import Context, Credit, Method, category_of, per_unit, unit_of


class TimeUnits(Method):
    keys = {"rates": req(MapOf(Hours(), min_len=1))}

    def check(self, kind, fields, path, problems):
        rates = kind.get("rates")
        if isinstance(rates, dict):
            for unit in rates:
                if fields.get(unit, {}).get("type") != "int":
                    problems.fail(join(join(path, "rates"), unit), "must be named after an int field of this kind")

    def credits(self, kind, values, ctx: Context):
        parts = [(unit, values[unit], rate) for unit, rate in kind.params["rates"].items()]
        return [Credit(category_of(kind, values), sum(n * rate for _, n, rate in parts), {"parts": parts})]

    def working(self, kind, credit, values, policy):
        terms = [f"{n} {unit_of(kind, unit, unit)} × {h(rate)}" for unit, n, rate in credit.facts["parts"] if n]
        return f"{kind.label}：{' + '.join(terms) if terms else '0'} = {h(credit.hours)} 学时"

    def suggestion(self, kind, need):
        unit, rate = max(kind.params["rates"].items(), key=lambda entry: entry[1])
        return per_unit(need, rate, kind.field(unit).unit)

    def rate(self, kind, policy):
        return "；".join(f"每{unit_of(kind, unit, kind.field(unit).label)} {h(rate)} 学时"
                        for unit, rate in kind.params["rates"].items())


METHOD = TimeUnits()

"""`describe(policy_id)`: what the calculator page needs to build its input form.

The build generates the form from this, so it renders (and accepts input) before Python
has loaded in the browser; the worker validates with the same definitions. JSON-able.
Every `clause` is a full citation ``<policy-id>#<anchor>`` (as in results); `anchor` is
the part after ``#``, for links within the policy's page.

Shape::

    policy        {id, title, short_title, short_name, issuer, document_number, region,
                   year, clause, anchor}
    years         {from, to, default}            the years `assess` accepts
    categories    {public, professional, total}  Chinese labels
    requirements  {public, professional, total, professional_share, clause, anchor}
    kinds         [{kind, id, label, help, clause, anchor, category, method, fields, rate,
                    credited_to, completes_year, topic}]
                   kind (= id) is the value of an activity's "kind"; category is public,
                   professional, chosen (a "category" field is among the fields) or null;
                   rate and credited_to say in Chinese how the kind converts and where its
                   hours go (worded by its method); completes_year: it can make the year
                   complete (an aid posting) rather than add hours; topic: the anchor of
                   the comparison page's row that lists it; evidence_field: the choice
                   field saying what the activity was, which narrows its evidence (or null)
    fields        (of a kind, and of circumstances) [{name, type, label, help, unit, min,
                   max, step, default, choices: [{value, label}], required, max_length}]
    activity_fields  [the optional keys every activity takes: date, label]
    circumstances null | {clause, anchor, label, help, apply_label,
                          fields: [on_post_months, reason] as field specs,
                          reasons: [{value, label, clause, anchor, on_post_months_below}]}
                   on_post_months_below: the reason needs fewer months on post than this
    span          null | {from, to, label, clause, anchor, prior_certificate_clause,
                          posting_kinds: [kind ids that can span years], postings_help}
    checks        [{id, severity, label, clause}]
    interpretations [{id, title, text, clause, drives}]
    not_modelled  [{id, title, text, clause}]
"""

from __future__ import annotations

from .. import methods
from ..checks import minimum
from ..hours import out
from ..policy.loader import load_policy
from ..policy.model import Choice, Field, Policy
from .inputs import MONTHS_PER_YEAR, TEXT_LIMIT
from .span import posting_kinds


def anchor(clause: str | None) -> str | None:
    return None if clause is None else clause.split("#", 1)[1]


def describe(policy_id: str) -> dict:
    p = load_policy(policy_id)
    r = p.requirements
    return {
        "policy": {"id": p.id, "title": p.title, "short_title": p.short_title, "short_name": p.short_name,
                   "issuer": p.issuer, "document_number": p.document_number, "region": p.region,
                   "year": p.year, "clause": p.clause, "anchor": anchor(p.clause)},
        "years": {"from": p.assess_years[0], "to": p.assess_years[1], "default": p.year},
        "categories": dict(p.categories),
        "requirements": {
            "public": out(r.public), "professional": out(r.professional), "total": out(r.total),
            "professional_share": (f"{r.professional_share.numerator}/{r.professional_share.denominator}"
                                   if r.professional_share else None),
            "clause": r.clause, "anchor": anchor(r.clause),
        },
        "kinds": [_kind(p, k) for k in p.kinds.values()],
        "activity_fields": [
            {"name": "date", "type": "date", "label": "日期", "required": False,
             "help": "可选；须在评估年度之内（学时不得结转）"},
            {"name": "label", "type": "text", "label": "名称", "required": False, "max_length": TEXT_LIMIT,
             "help": "可选；结果明细中显示的名称"},
        ],
        "circumstances": _circumstances(p),
        "span": None if p.span is None else {
            "from": p.span.from_year, "to": p.span.to_year, "label": p.span.label,
            "clause": p.span.clause, "anchor": anchor(p.span.clause),
            "prior_certificate_clause": p.span.prior_certificate_clause,
            "posting_kinds": list(posting_kinds(p)),
            "postings_help": p.span.postings_help,
        },
        "checks": _checks(p),
        "interpretations": [{"id": i.id, "title": i.title, "text": i.text, "clause": i.clause,
                             "drives": list(i.drives)} for i in p.interpretations],
        "not_modelled": [{"id": n.id, "title": n.title, "text": n.text, "clause": n.clause}
                         for n in p.not_modelled],
    }


def _kind(p: Policy, k) -> dict:
    method = methods.get(k.method)
    return {
        "kind": k.id, "id": k.id, "label": k.label, "help": k.help, "clause": k.clause,
        "anchor": anchor(k.clause), "category": k.category, "method": k.method,
        "fields": [field_spec(f) for f in k.fields],
        "rate": method.rate(k, p), "credited_to": method.credited_to(k, p),
        "completes_year": method.completes_year, "topic": method.topic[0],
        "evidence_field": k.evidence_field,
    }


def field_spec(f: Field) -> dict:
    number = f.type in ("int", "decimal")
    step = (1 if f.type == "int" or not f.decimals else 1 / 10 ** f.decimals) if number else None
    return {
        "name": f.name, "type": f.type, "label": f.label, "help": f.help, "unit": f.unit,
        "min": (f.min if f.min is not None else 0) if number else None,
        "max": f.max if number else None,
        "step": step, "default": f.default,
        "choices": [{"value": c.value, "label": c.label} for c in f.choices],
        "required": f.required,
        "max_length": (f.max_length or TEXT_LIMIT) if f.type == "text" else None,
    }


def _circumstances(p: Policy) -> dict | None:
    c = p.pro_rating
    if c is None:
        return None
    below = {x.value: None if x.away_months_over is None else MONTHS_PER_YEAR - x.away_months_over
             for x in c.reasons}
    months = Field(name="on_post_months", type="int", label=c.on_post_label, required=True,
                   min=0, max=MONTHS_PER_YEAR, unit="个月",
                   help=f"0 到 {MONTHS_PER_YEAR} 之间的整数")
    reason = Field(name="reason", type="choice", label="折算原因", required=True,
                   choices=tuple(Choice(x.value, x.label) for x in c.reasons))
    return {
        "clause": c.clause, "anchor": anchor(c.clause), "label": c.label, "help": c.help,
        "apply_label": c.apply_label,
        "fields": [field_spec(months), field_spec(reason)],
        "reasons": [{"value": x.value, "label": x.label, "clause": x.clause, "anchor": anchor(x.clause),
                     "on_post_months_below": below[x.value]} for x in c.reasons],
    }


def _checks(p: Policy) -> list[dict]:
    reqs = p.requirements.as_dict()
    checks = [{"id": minimum.check_id(c), "severity": "requirement",
               "label": f"{p.categories[c]}最低要求", "clause": p.requirements.clause}
              for c in ("total", "public", "professional") if reqs[c] is not None]
    checks += [{"id": c.id, "severity": c.severity, "label": c.label, "clause": c.clause} for c in p.checks]
    return checks

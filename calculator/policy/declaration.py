"""The declaration of ``policies/<id>/rules.toml``: every table and key a notice's rules
may hold, written once in the node library of `calculator.policy.nodes`.

A rule kind's keys depend on its ``method`` and a check's on its ``rule``: those come
from the method and check modules themselves (`calculator.methods`,
`calculator.checks`), so a new method declares its own keys. What a single value cannot
say (references between tables, rules across the whole file) is
`calculator.policy.coherence`, which also runs the validation.
"""

from __future__ import annotations

from typing import Any

from ..checks import RULES
from ..keypath import join
from ..methods import METHODS
from ..methods.base import check_field_refs
from .nodes import (
    ANCHOR, IDENT, PLACEHOLDER, Anchor, Boolean, Date, FieldRef, Fraction, Hours, Integer, ListOf, MapOf,
    Node, Percent, Problems, Ref, Scalar, Table, Tagged, Text, choices_text, opt, req, walk,
)

CATEGORIES = ("public", "professional")
FIELD_TYPES = ("int", "decimal", "bool", "choice", "text")
# Keys every activity may carry whatever its kind; a kind cannot reuse them as fields.
ACTIVITY_KEYS = ("kind", "date", "label")
# Runtime placeholders a kind's `suggest` text may use (filled by the engine); {cite}
# marks where the kind's clause is cited.
SUGGEST_PLACEHOLDERS = ("hours", "n", "rate", "unit", "choice", "category", "cite")
# Figure kinds understood by the fidelity check (calculator.policy.notice).
FIGURE_KINDS = ("number", "percent", "fraction", "months", "date", "year")
# What fills a form on the forms page (calculator.forms.fill); none: offered blank.
FORM_SOURCES = ("plan", "roster", "selfcheck")


class Drive(Text):
    """What an interpretation drives: ``kind:<id>``, ``check:<id>``, ``reason:<value>``,
    ``form:<id>``, ``activity:<value>`` (a choice of a kind's evidence field: what the
    activity was) or one of the topics below."""

    TOPICS = ("circumstances", "span", "postings", "dates")
    PREFIXES = {"kind": "kinds", "check": "checks", "reason": "reasons", "form": "forms",
                "activity": "activities"}

    def check(self, value, path, problems):
        super().check(value, path, problems)
        if isinstance(value, str) and value not in self.TOPICS:
            prefix, _, rest = value.partition(":")
            if prefix not in self.PREFIXES or not rest:
                problems.fail(path, "must be kind:<id>, check:<id>, reason:<value>, form:<id>, activity:<value> "
                              "or one of: "
                              + choices_text(self.TOPICS))
        return value


def _check_field(field: dict, path: str, problems: Problems) -> None:
    ftype = field.get("type")
    if field.get("name") in ACTIVITY_KEYS + ("category",):
        problems.fail(join(path, "name"), f'"{field.get("name")}" is reserved for every activity')
    allowed = {
        "int": {"min", "max"},
        "decimal": {"min", "max", "decimals"},
        "choice": {"choices"},
        "text": {"max_length"},
        "bool": set(),
    }.get(ftype, set())
    for key in ("min", "max", "decimals", "choices", "max_length"):
        if key in field and key not in allowed:
            problems.fail(join(path, key), f"does not apply to a field of type {ftype}")
    if ftype == "choice" and "choices" not in field:
        problems.fail(join(path, "choices"), "is required for a choice field")
    if ftype in ("int", "decimal") and "min" not in field:
        problems.fail(join(path, "min"), "is required for a number field")
    if isinstance(field.get("min"), int) and isinstance(field.get("max"), int) and field["min"] > field["max"]:
        problems.fail(join(path, "max"), "must be >= min")
    if "default" in field:
        d = field["default"]
        ok = {
            "int": isinstance(d, int) and not isinstance(d, bool),
            "decimal": not isinstance(d, bool) and isinstance(d, (int, float)),
            "bool": isinstance(d, bool),
            "choice": d in [c.get("value") for c in field.get("choices", []) if isinstance(c, dict)],
            "text": isinstance(d, str),
        }.get(ftype, False)
        if ok and ftype in ("int", "decimal"):
            lo, hi = field.get("min"), field.get("max")
            ok = (lo is None or d >= lo) and (hi is None or d <= hi)
        if not ok:
            problems.fail(join(path, "default"), f"must be a valid {ftype} value for this field")
    choices = field.get("choices")
    if isinstance(choices, list):
        seen = set()
        for i, c in enumerate(choices):
            v = c.get("value") if isinstance(c, dict) else None
            if v in seen:
                problems.fail(f"{join(path, 'choices')}[{i}].value", f'duplicate "{v}"')
            seen.add(v)


CHOICE = Table({
    "value": req(Text(pattern=IDENT)),
    "label": req(Text(template=True)),
    "help": opt(Text()),
})

FIELD = Table({
    "name": req(Text(pattern=IDENT, doc="the key of the activity in the input")),
    "type": req(Text(oneof=FIELD_TYPES)),
    "label": req(Text(doc="Chinese label of the form input")),
    "help": opt(Text(template=True)),
    "unit": opt(Text(doc="Chinese unit shown after the input and in explanations, e.g. 篇")),
    "min": opt(Integer()),
    "max": opt(Integer()),
    "decimals": opt(Integer(min=0, max=1)),
    "default": opt(Scalar()),
    "choices": opt(ListOf(CHOICE, min_len=1)),
    "required": opt(Boolean(doc="defaults to: no default given")),
    "max_length": opt(Integer(min=1)),
}, check=_check_field)

def _check_kind(kind: dict, path: str, problems: Problems) -> None:
    method = METHODS.get(kind.get("method"))
    if method is None:
        return
    fields = {f.get("name"): f for f in kind.get("fields", []) if isinstance(f, dict)}
    for i, f in enumerate(kind.get("fields", [])):
        if isinstance(f, dict) and list(fields).count(f.get("name")) > 1:
            problems.fail(f"{join(path, 'fields')}[{i}].name", f'duplicate field "{f.get("name")}"')
    check_field_refs(method.keys, kind, fields, path, problems)
    category = kind.get("category")
    if method.one_category and category is None:
        problems.fail(join(path, "category"), "is required: public, professional or chosen")
    if not method.one_category and category is not None:
        problems.fail(join(path, "category"), f"does not apply to method {kind['method']} (its credit says where hours go)")
    method.check(kind, fields, path, problems)
    evidence_field = kind.get("evidence_field")
    if isinstance(evidence_field, str) and (fields.get(evidence_field) or {}).get("type") != "choice":
        problems.fail(join(path, "evidence_field"), f'must name a choice field of this kind, not "{evidence_field}"')
    suggest = kind.get("suggest")
    if isinstance(suggest, str):
        for name in PLACEHOLDER.findall(suggest):
            if name not in SUGGEST_PLACEHOLDERS:
                problems.fail(join(path, "suggest"), f"unknown placeholder {{{name}}} "
                                                     f"(allowed: {choices_text(SUGGEST_PLACEHOLDERS)})")


KIND = Tagged(
    "method",
    {
        "label": req(Text(doc="Chinese name of the activity, e.g. 发表论文")),
        "help": req(Text(template=True, doc="one Chinese line under the form's heading")),
        "clause": req(Anchor()),
        "category": opt(Text(oneof=CATEGORIES + ("chosen",),
                             doc="where the hours go; chosen = the person picks")),
        "fields": opt(ListOf(FIELD), default=[]),
        "suggest": opt(Text(doc="Chinese suggestion template, see SUGGEST_PLACEHOLDERS")),
        "short_label": opt(Text(doc="a short Chinese name for column headers, e.g. a unit roster's")),
        "evidence_field": opt(Text(pattern=IDENT, doc="a choice field saying what the activity was; "
                                                      "evidence entries with `activities` apply to "
                                                      "those choices only")),
    },
    {name: method.keys for name, method in METHODS.items()},
    check=_check_kind,
)


def _check_requirements(req_: dict, path: str, problems: Problems) -> None:
    if ("professional" in req_) == ("professional_share" in req_):
        problems.fail(join(path, "professional"), "give exactly one of professional, professional_share")


REQUIREMENTS = Table({
    "clause": req(Anchor()),
    "total": req(Hours()),
    "public": opt(Hours()),
    "professional": opt(Hours()),
    "professional_share": opt(Fraction(doc="of the required total, rounded up")),
    "carry_over": opt(Boolean(doc="whether hours carry over to the next year"), default=False),
    "no_makeup_from_year": opt(Integer(figure="year")),
}, check=_check_requirements)

REASON = Table({
    "value": req(Text(pattern=IDENT)),
    "label": req(Text(template=True)),
    "clause": req(Anchor()),
    "away_months_over": opt(Integer(min=0, max=12, figure="months",
                                    doc="months away the clause requires; on-post months must be below 12 minus this")),
})

CIRCUMSTANCES = Table({
    "clause": req(Anchor()),
    "label": req(Text()),
    "help": req(Text()),
    "on_post_label": req(Text()),
    "apply_label": req(Text(doc="label of the form's switch that turns pro-rating on")),
    "reasons": req(ListOf(REASON, min_len=1, unique="value")),
})

CHECK = Tagged(
    "rule",
    {
        "id": req(Text(pattern=ANCHOR)),
        "severity": req(Text(oneof=("requirement", "advice"))),
        "clause": req(Anchor()),
        "label": req(Text()),
    },
    {name: rule.keys for name, rule in RULES.items()},
)

SPAN = Table({
    "clause": req(Anchor()),
    "label": req(Text()),
    "from_year": req(Integer(min=2000, max=2100, figure="year")),
    "to_year": req(Integer(min=2000, max=2100, figure="year")),
    "prior_certificate_clause": opt(Anchor(doc="years already certified need no assessment")),
    "postings_help": opt(Text(doc="one Chinese line over the self-check's postings that span years")),
}, check=lambda t, p, problems: (t.get("from_year", 0) > t.get("to_year", 0)
                                 and problems.fail(join(p, "to_year"), "must be >= from_year")))

INTERPRETATION = Table({
    "id": req(Text(pattern=ANCHOR)),
    "clause": req(Anchor()),
    "title": req(Text()),
    "text": req(Text(doc="the ruling, in Chinese")),
    "drives": req(ListOf(Drive(), min_len=1)),
})

EVIDENCE_ITEM = Table({
    "label": opt(Text(doc="（1）, （2）... for alternatives")),
    "situation": opt(Text()),
    "kinds": opt(ListOf(Ref("kinds"), min_len=1, doc="narrows the entry's kinds")),
    "materials": req(Text()),
})

EVIDENCE = Table({
    "number": opt(Integer(min=1)),
    "clause": req(Anchor()),
    "title": req(Text()),
    "kinds": req(ListOf(Ref("kinds"), min_len=1)),
    "choose": req(Text(oneof=("one", "all"), doc="one = any one item suffices")),
    "items": req(ListOf(EVIDENCE_ITEM, min_len=1)),
    "activities": opt(ListOf(Text(pattern=IDENT), min_len=1,
                             doc="the choices of the kinds' evidence_field this entry applies to "
                                 "(absent: every activity of its kinds)")),
    "note": opt(Text()),
}, check=lambda t, p, problems: [
    problems.fail(f"{p}.items[{i}].kinds", "must be a subset of the entry's kinds")
    for i, it in enumerate(t.get("items", []))
    if isinstance(it, dict) and not set(it.get("kinds", [])) <= set(t.get("kinds", []))
])

WINDOW = Table({"start": req(Date()), "end": req(Date())},
               check=lambda t, p, problems: (str(t.get("start")) > str(t.get("end"))
                                             and problems.fail(join(p, "end"), "must not be before start")))

DEADLINE = Table({
    "id": req(Text(pattern=ANCHOR)),
    "title": req(Text()),
    "clause": req(Anchor()),
    "who": opt(Text()),
    "windows": opt(ListOf(WINDOW, min_len=1)),
    "months": opt(ListOf(Integer(min=1, max=12, figure="number"), min_len=1)),
    "working_days_only": opt(Boolean()),
    "min_working_days": opt(Integer(min=1, figure="number")),
    "per_year": opt(Boolean(doc="one per assessed year")),
    "place": opt(Text()),
    "phone": opt(Text()),
    "note": opt(Text()),
})

FUNDING = Table({
    "clause": req(Anchor()),
    "note": opt(Text()),
    "items": req(ListOf(Table({
        "id": req(Text(pattern=ANCHOR)),
        "label": req(Text()),
        "percent": req(Percent()),
        "basis": req(Text(doc="what the percentage is of")),
        "document": opt(Ref("documents")),
        "carry_forward": opt(Boolean()),
        "text": opt(Text(template=True)),
    }), min_len=1, unique="id")),
})

FORM_FIELD_TYPES = ("text", "int", "decimal", "date", "id_number", "phone", "choice", "seal", "image")

FORM_CELL = Table({
    "name": req(Text(pattern=IDENT)),
    "label": req(Text()),
    "type": opt(Text(oneof=FORM_FIELD_TYPES), default="text"),
    "choices": opt(ListOf(Text(), min_len=1)),
    "max": opt(Integer(min=0, doc="the largest number an int or decimal cell takes")),
    "note": opt(Text()),
})

FORM_COLUMN = Table({
    "name": req(Text(pattern=IDENT)),
    "label": req(Text()),
    "type": opt(Text(oneof=FORM_FIELD_TYPES), default="text"),
    "children": opt(ListOf(FORM_CELL, min_len=2, doc="a two-level header")),
})

SIGNATURE = Table({
    "name": req(Text(pattern=IDENT)),
    "label": req(Text()),
    "seal": req(Text(doc="whose seal, e.g. 单位印章")),
    "dated": opt(Boolean(), default=True),
})

FORM = Table({
    "title": req(Text()),
    "clause": req(Anchor()),
    "layout": req(Text(oneof=("sheet", "table"), doc="sheet = label/value cells; table = rows")),
    "draft": opt(Boolean(doc="layout not given by the notice: ours"), default=False),
    "per_year": opt(Boolean(), default=False),
    "copies": opt(Integer(min=1, figure="number")),
    "copies_to": opt(ListOf(Text(), min_len=1)),
    "variants": opt(ListOf(Text(), min_len=2, doc="one form per variant, e.g. 公需科目/专业科目")),
    "header": opt(ListOf(FORM_CELL), default=[]),
    "fields": opt(ListOf(FORM_CELL), default=[]),
    "columns": opt(ListOf(FORM_COLUMN), default=[]),
    "columns_given": opt(Boolean(doc="false: the notice names the table but gives no columns"),
                         default=True),
    "signatures": opt(ListOf(SIGNATURE), default=[]),
    "attachments": opt(ListOf(Text()), default=[]),
    "notes": opt(Table({
        "clause": req(Anchor()),
        "items": req(ListOf(Text(template=True), min_len=1)),
        "limits": opt(MapOf(Hours())),
    })),
    "note": opt(Text()),
    "filled_from": opt(Text(oneof=FORM_SOURCES, doc="what fills the form on the forms page: the unit's "
                                                    "training plan, an imported roster or the self-check's "
                                                    "answers; absent: the form is offered blank")),
    "fill_help": opt(Text(doc="one Chinese line on the forms page: what the form is filled with")),
    "hours_kind": opt(Ref("kinds", doc="the rule kind an imported row's hours are, to check each row "
                                       "against the year's requirement (a table filled from a roster)")),
}, check=lambda t, p, problems: (t.get("layout") == "table" and t.get("columns_given", True)
                                 and not t.get("columns")
                                 and problems.fail(join(p, "columns"),
                                                   "is required for a table (or set columns_given = false)")))

FILING_ITEM = Table({
    "id": req(Text(pattern=ANCHOR)),
    "label": req(Text()),
    "clause": opt(Anchor(doc="when not the group's")),
    "forms": opt(ListOf(Ref("forms"), min_len=1, doc="the site's forms this document is")),
    "note": opt(Text()),
})

FILING_GROUP = Table({
    "id": req(Text(pattern=ANCHOR)),
    "title": req(Text()),
    "clause": req(Anchor()),
    "note": opt(Text()),
    "items": req(ListOf(FILING_ITEM, min_len=1, unique="id")),
})

FILING = Table({
    "title": req(Text(doc="the checklist's heading on the forms page")),
    "clause": req(Anchor()),
    "who": opt(Text(doc="who files, in the notice's words")),
    "who_clause": opt(Anchor()),
    "deadline": opt(Ref("deadlines", doc="the [[deadlines]] entry whose windows are the filing's")),
    "groups": req(ListOf(FILING_GROUP, min_len=1, unique="id")),
}, doc="what a unit files, as a checklist: every document and requirement with its clause")

DOCUMENT = Table({
    "id": req(Text(pattern=ANCHOR)),
    "title": req(Text()),
    "number": opt(Text(doc="发文字号")),
    "issuer": opt(Text()),
    "clauses": req(ListOf(Anchor(), min_len=1, doc="where the notice cites it")),
    "modelled": req(Boolean()),
    "note": req(Text(doc="what the site does with it, in Chinese")),
})

NOT_MODELLED = Table({
    "id": req(Text(pattern=ANCHOR)),
    "clause": req(Anchor()),
    "title": req(Text()),
    "text": req(Text()),
})

SIGNATURE_BLOCK = Table({
    "clause": req(Anchor()),
    "issuer": req(Text()),
    "date": req(Date()),
    "public": opt(Boolean(doc="此件主动公开")),
    "contact": opt(Text()),
    "phone": opt(Text()),
})

POLICY_META = Table({
    "id": req(Text(pattern=ANCHOR)),
    "title": req(Text()),
    "short_name": req(Text(doc="e.g. 湖南, used in suggestions")),
    "short_title": req(Text(doc="one line naming the notice, e.g. in the form's policy menu")),
    "issuer": req(Text()),
    "document_number": opt(Text()),
    "region": req(Text()),
    "year": req(Integer(min=2000, max=2100)),
    "clause": req(Anchor()),
    "source": req(Text(doc="the seed transcription the notice comes from")),
    "assess_years": req(Table({
        "from": req(Integer(min=2000, max=2100)),
        "to": req(Integer(min=2000, max=2100)),
    }, check=lambda t, p, problems: (t.get("from", 0) > t.get("to", 0)
                                     and problems.fail(join(p, "to"), "must be >= from")))),
    "signature": opt(SIGNATURE_BLOCK),
    "remarks": opt(Text()),
})

POLICY = Table({
    "schema_version": req(Integer(min=1, max=1)),
    "policy": req(POLICY_META),
    "categories": req(Table({
        "public": req(Text()),
        "professional": req(Text()),
        "total": req(Text()),
    }, doc="Chinese labels")),
    "requirements": req(REQUIREMENTS),
    "kinds": req(MapOf(KIND, min_len=1)),
    "circumstances": opt(CIRCUMSTANCES),
    "checks": opt(ListOf(CHECK, unique="id"), default=[]),
    "span": opt(SPAN),
    "interpretations": req(ListOf(INTERPRETATION, unique="id")),
    "evidence": opt(ListOf(EVIDENCE), default=[]),
    "deadlines": opt(ListOf(DEADLINE, unique="id"), default=[]),
    "funding": opt(FUNDING),
    "forms": opt(MapOf(FORM), default={}),
    "filing": opt(FILING),
    "documents": req(ListOf(DOCUMENT, unique="id")),
    "not_modelled": opt(ListOf(NOT_MODELLED, unique="id"), default=[]),
})


# ---------------------------------------------------------------------- walking


def figures(data: dict) -> list[tuple[str, Any, str, str | None]]:
    """(key path, value, figure kind, clause anchor) for every figure from the notice."""
    return [(path, value, node.figure, clause)
            for node, value, path, clause in walk(POLICY, data)
            if node.figure is not None and not isinstance(value, (dict, list))]


def citations(data: dict) -> list[tuple[str, str]]:
    """(key path, anchor) for every clause the validated rules data cites."""
    return [(path, value) for node, value, path, _ in walk(POLICY, data)
            if isinstance(node, Anchor) and isinstance(value, str)]

"""The schema of ``policies/<id>/rules.toml``, declared once.

The schema is data built from a handful of node types (`Table`, `ListOf`, `MapOf`,
`Tagged`, `Text`, `Integer`, `Hours`, ...). One walk over it validates a parsed file and
reports *every* problem as ``file: key.path: message``; the same declaration also tells
which values are figures transcribed from the notice (``figure=...``, used by the
fidelity check) and which strings are clause anchors (used by the anchor check).

Two kinds of rules cannot be said per value and are attached to the table they concern
as ``check=`` functions: consistency between a rule kind's fields and its conversion
method, and references between tables (an evidence entry naming a kind, an
interpretation naming a check...).

Strings marked ``template=True`` may quote sibling figures as ``{key}`` or
``{table.key}`` so that a number from the notice is written once (in the figure) and
repeated in prose by reference. Validation resolves them.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from collections.abc import Callable, Iterator
from typing import Any

from .hours import tenths

IDENT = re.compile(r"^[a-z][a-z0-9_]*$")
ANCHOR = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_.]*)\}")

CATEGORIES = ("public", "professional")
FIELD_TYPES = ("int", "decimal", "bool", "choice", "text")
# Keys every activity may carry whatever its kind; a kind cannot reuse them as fields.
ACTIVITY_KEYS = ("kind", "date", "label")
# Runtime placeholders a kind's `suggest` text may use (filled by the engine).
SUGGEST_PLACEHOLDERS = ("hours", "n", "rate", "unit", "choice", "category", "cite")
# Figure kinds understood by the fidelity check (calculator.notice).
FIGURE_KINDS = ("number", "percent", "fraction", "months", "date", "year")

_MISSING = object()


class Ctx:
    """One validation run: where problems go, and the root being validated."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[tuple[str, str, str]] = []
        self.root: dict = {}

    def fail(self, path: str, message: str) -> None:
        self.problems.append((self.file, path, message))


def join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _fmt_choices(values) -> str:
    return ", ".join(str(v) for v in values)


# --------------------------------------------------------------------------- nodes


class Node:
    figure: str | None = None
    doc: str = ""

    def check(self, value: Any, path: str, ctx: Ctx) -> Any:
        raise NotImplementedError

    def children(self, value: Any, path: str) -> Iterator[tuple[Node, Any, str]]:
        return iter(())


class Text(Node):
    def __init__(self, *, pattern: re.Pattern | None = None, oneof: tuple = (),
                 template: bool = False, doc: str = "") -> None:
        self.pattern, self.oneof, self.template, self.doc = pattern, oneof, template, doc

    def check(self, value, path, ctx):
        if not isinstance(value, str) or not value.strip():
            ctx.fail(path, "must be a non-empty string")
        elif self.oneof and value not in self.oneof:
            ctx.fail(path, f"must be one of: {_fmt_choices(self.oneof)}")
        elif self.pattern is not None and not self.pattern.match(value):
            ctx.fail(path, f"must match {self.pattern.pattern}")
        return value


class Anchor(Text):
    """A clause anchor of the policy's notice.md (the part after ``#``)."""

    def __init__(self, doc: str = "") -> None:
        super().__init__(pattern=ANCHOR, doc=doc)

    def check(self, value, path, ctx):
        if isinstance(value, str) and "#" in value:
            ctx.fail(path, "must be the anchor only (the engine adds '<policy-id>#')")
            return value
        if isinstance(value, str) and value and not ANCHOR.match(value):
            ctx.fail(path, "must be a clause anchor (lowercase letters, digits and hyphens)")
            return value
        return super().check(value, path, ctx)


class Integer(Node):
    def __init__(self, *, min: int | None = None, max: int | None = None,
                 figure: str | None = None, doc: str = "") -> None:
        self.min, self.max, self.figure, self.doc = min, max, figure, doc

    def check(self, value, path, ctx):
        ok = isinstance(value, int) and not isinstance(value, bool)
        if ok and self.min is not None and value < self.min:
            ok = False
        if ok and self.max is not None and value > self.max:
            ok = False
        if not ok:
            if self.min is not None and self.max is not None:
                ctx.fail(path, f"must be a whole number between {self.min} and {self.max}")
            elif self.min is not None:
                ctx.fail(path, f"must be a whole number >= {self.min}")
            else:
                ctx.fail(path, "must be a whole number")
        return value


class Hours(Node):
    """A number of hours >= 0 with at most one decimal (held as tenths by the model)."""

    def __init__(self, *, figure: str | None = "number", doc: str = "") -> None:
        self.figure, self.doc = figure, doc

    def check(self, value, path, ctx):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            ctx.fail(path, "must be a number >= 0")
        elif tenths(value) is None:
            ctx.fail(path, "must have at most one decimal place")
        return value


class Percent(Node):
    figure = "percent"

    def __init__(self, doc: str = "") -> None:
        self.doc = doc

    def check(self, value, path, ctx):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 100:
            ctx.fail(path, "must be a percentage between 0 and 100")
        return value


class Fraction(Node):
    figure = "fraction"
    FORM = re.compile(r"^(\d+)/(\d+)$")

    def __init__(self, doc: str = "") -> None:
        self.doc = doc

    def check(self, value, path, ctx):
        m = self.FORM.match(value) if isinstance(value, str) else None
        if not m or int(m.group(2)) == 0 or int(m.group(1)) > int(m.group(2)):
            ctx.fail(path, 'must be a fraction between 0 and 1 written like "2/3"')
        return value


class Boolean(Node):
    def __init__(self, doc: str = "") -> None:
        self.doc = doc

    def check(self, value, path, ctx):
        if not isinstance(value, bool):
            ctx.fail(path, "must be true or false")
        return value


class Date(Node):
    """A calendar date: a TOML local date or an ISO string; normalised to the ISO string
    so the validated data stays JSON-able."""

    def __init__(self, *, figure: str | None = "date", doc: str = "") -> None:
        self.figure, self.doc = figure, doc

    ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")

    def check(self, value, path, ctx):
        if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
            return value.isoformat()
        if isinstance(value, str) and self.ISO.match(value):
            try:
                return _dt.date.fromisoformat(value).isoformat()
            except ValueError:
                pass
        ctx.fail(path, "must be a date (YYYY-MM-DD)")
        return value


class Ref(Text):
    """A reference to an entry of another table, resolved after the structural pass.
    `collection` names a set computed by `references()`."""

    def __init__(self, collection: str, doc: str = "") -> None:
        super().__init__(doc=doc)
        self.collection = collection


class FieldRef(Text):
    """Names one of the enclosing kind's fields, which must have one of `types`."""

    def __init__(self, *types: str, doc: str = "") -> None:
        super().__init__(pattern=IDENT, doc=doc)
        self.types = types


class Drive(Text):
    """What an interpretation drives: ``kind:<id>``, ``check:<id>``, ``reason:<value>``,
    ``form:<id>`` or one of the topics below."""

    TOPICS = ("circumstances", "span", "postings", "dates")
    PREFIXES = {"kind": "kinds", "check": "checks", "reason": "reasons", "form": "forms"}

    def check(self, value, path, ctx):
        super().check(value, path, ctx)
        if isinstance(value, str) and value not in self.TOPICS:
            prefix, _, rest = value.partition(":")
            if prefix not in self.PREFIXES or not rest:
                ctx.fail(path, "must be kind:<id>, check:<id>, reason:<value>, form:<id> or one of: "
                         + _fmt_choices(self.TOPICS))
        return value


class Scalar(Node):
    """A field default: any TOML scalar; the field's own check says which fits."""

    def check(self, value, path, ctx):
        if not isinstance(value, (str, int, float, bool)):
            ctx.fail(path, "must be a string, number or boolean")
        return value


class ListOf(Node):
    def __init__(self, item: Node, *, min_len: int = 0, unique: str | None = None,
                 doc: str = "") -> None:
        self.item, self.min_len, self.unique, self.doc = item, min_len, unique, doc

    def check(self, value, path, ctx):
        if not isinstance(value, list):
            ctx.fail(path, "must be a list")
            return value
        if len(value) < self.min_len:
            ctx.fail(path, f"must have at least {self.min_len} entr{'y' if self.min_len == 1 else 'ies'}")
        out = [self.item.check(v, f"{path}[{i}]", ctx) for i, v in enumerate(value)]
        if self.unique:
            seen: dict = {}
            for i, v in enumerate(out):
                key = v.get(self.unique) if isinstance(v, dict) else None
                if isinstance(key, str):
                    if key in seen:
                        ctx.fail(f"{path}[{i}].{self.unique}",
                                 f'duplicate "{key}" (also at {path}[{seen[key]}])')
                    seen.setdefault(key, i)
        return out

    def children(self, value, path):
        if isinstance(value, list):
            for i, v in enumerate(value):
                yield self.item, v, f"{path}[{i}]"


class MapOf(Node):
    def __init__(self, value: Node, *, min_len: int = 0, doc: str = "") -> None:
        self.value, self.min_len, self.doc = value, min_len, doc

    def check(self, value, path, ctx):
        if not isinstance(value, dict):
            ctx.fail(path, "must be a table")
            return value
        if len(value) < self.min_len:
            ctx.fail(path, f"must have at least {self.min_len} entr{'y' if self.min_len == 1 else 'ies'}")
        out = {}
        for k, v in value.items():
            if not IDENT.match(k):
                ctx.fail(join(path, k), "key must be lowercase letters, digits and underscores")
            out[k] = self.value.check(v, join(path, k), ctx)
        return out

    def children(self, value, path):
        if isinstance(value, dict):
            for k, v in value.items():
                yield self.value, v, join(path, k)


@dataclass(frozen=True)
class Key:
    node: Node
    required: bool = True
    default: Any = _MISSING


def req(node: Node) -> Key:
    return Key(node)


def opt(node: Node, default: Any = _MISSING) -> Key:
    return Key(node, required=False, default=default)


class Table(Node):
    def __init__(self, keys: dict[str, Key], *, check: Callable | None = None,
                 doc: str = "") -> None:
        self.keys, self.extra_check, self.doc = keys, check, doc

    def keys_for(self, value: dict) -> dict[str, Key]:
        return self.keys

    def check(self, value, path, ctx):
        if not isinstance(value, dict):
            ctx.fail(path, "must be a table")
            return value
        keys = self.keys_for(value)
        out: dict = {}
        for name in value:
            if name not in keys:
                ctx.fail(join(path, name), f"unknown key (allowed: {_fmt_choices(keys)})")
        for name, key in keys.items():
            if name in value:
                out[name] = key.node.check(value[name], join(path, name), ctx)
            elif key.required:
                ctx.fail(join(path, name), "is required")
            elif key.default is not _MISSING:
                # copy mutable defaults so tables never share them
                out[name] = list(key.default) if isinstance(key.default, list) else (
                    dict(key.default) if isinstance(key.default, dict) else key.default)
        self._resolve_templates(out, keys, path, ctx)
        if self.extra_check is not None:
            self.extra_check(out, path, ctx)
        return out

    @staticmethod
    def _resolve_templates(out: dict, keys: dict[str, Key], path: str, ctx: Ctx) -> None:
        for name, key in keys.items():
            node = key.node
            if name not in out:
                continue
            if isinstance(node, Text) and node.template and isinstance(out[name], str):
                out[name] = _fill(out[name], out, join(path, name), ctx)
            elif (isinstance(node, ListOf) and isinstance(node.item, Text) and node.item.template
                  and isinstance(out[name], list)):
                out[name] = [_fill(s, out, f"{join(path, name)}[{i}]", ctx) if isinstance(s, str) else s
                             for i, s in enumerate(out[name])]

    def children(self, value, path):
        if isinstance(value, dict):
            keys = self.keys_for(value)
            for name, key in keys.items():
                if name in value:
                    yield key.node, value[name], join(path, name)


class Tagged(Table):
    """A table whose allowed keys depend on the value of one key (`tag`)."""

    def __init__(self, tag: str, common: dict[str, Key], variants: dict[str, dict[str, Key]],
                 *, check: Callable | None = None, doc: str = "") -> None:
        super().__init__(common, check=check, doc=doc)
        self.tag, self.variants = tag, variants
        self.keys[tag] = req(Text(oneof=tuple(variants)))

    def keys_for(self, value):
        variant = self.variants.get(value.get(self.tag)) if isinstance(value, dict) else None
        return {**self.keys, **(variant or {})}


def _fill(text: str, table: dict, path: str, ctx: Ctx) -> str:
    def lookup(match: re.Match) -> str:
        cur: Any = table
        for part in match.group(1).split("."):
            if not isinstance(cur, dict) or part not in cur:
                ctx.fail(path, f"placeholder {{{match.group(1)}}} names no key of this table")
                return match.group(0)
            cur = cur[part]
        if isinstance(cur, (bool, dict, list)):
            ctx.fail(path, f"placeholder {{{match.group(1)}}} must name a number or a string")
            return match.group(0)
        return repr(cur) if isinstance(cur, float) else str(cur)

    return PLACEHOLDER.sub(lookup, text)


# ------------------------------------------------------------------ policy schema


def _check_field(field: dict, path: str, ctx: Ctx) -> None:
    ftype = field.get("type")
    if field.get("name") in ACTIVITY_KEYS + ("category",):
        ctx.fail(join(path, "name"), f'"{field.get("name")}" is reserved for every activity')
    allowed = {
        "int": {"min", "max"},
        "decimal": {"min", "max", "decimals"},
        "choice": {"choices"},
        "text": {"max_length"},
        "bool": set(),
    }.get(ftype, set())
    for key in ("min", "max", "decimals", "choices", "max_length"):
        if key in field and key not in allowed:
            ctx.fail(join(path, key), f"does not apply to a field of type {ftype}")
    if ftype == "choice" and "choices" not in field:
        ctx.fail(join(path, "choices"), "is required for a choice field")
    if ftype in ("int", "decimal") and "min" not in field:
        ctx.fail(join(path, "min"), "is required for a number field")
    if isinstance(field.get("min"), int) and isinstance(field.get("max"), int) and field["min"] > field["max"]:
        ctx.fail(join(path, "max"), "must be >= min")
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
            ctx.fail(join(path, "default"), f"must be a valid {ftype} value for this field")
    choices = field.get("choices")
    if isinstance(choices, list):
        seen = set()
        for i, c in enumerate(choices):
            v = c.get("value") if isinstance(c, dict) else None
            if v in seen:
                ctx.fail(f"{join(path, 'choices')}[{i}].value", f'duplicate "{v}"')
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

# The conversion methods (implemented in calculator.methods) and the keys each adds to a
# kind. Keys ending in _field name one of the kind's fields.
METHODS: dict[str, dict[str, Key]] = {
    # hours as certified (certificate, grade sheet, hours converted elsewhere)
    "certified": {
        "hours_field": req(FieldRef("decimal", "int")),
    },
    # a rate per unit of time; one rate per int field (days, half_days, evenings)
    "time_units": {
        "rates": req(MapOf(Hours(), min_len=1)),
    },
    # rate x count
    "per_item": {
        "count_field": req(FieldRef("int")),
        "rate": req(Hours()),
    },
    # rate chosen by a choice field (the person's role), x count
    "per_item_by_choice": {
        "choice_field": req(FieldRef("choice")),
        "count_field": req(FieldRef("int")),
        "rates": req(MapOf(Hours(), min_len=1)),
    },
    # top_rate for ranks 1..top_ranks, else other_rate, x count
    "per_item_by_rank": {
        "rank_field": req(FieldRef("int")),
        "count_field": req(FieldRef("int")),
        "top_ranks": req(Integer(min=1, figure="number")),
        "top_rate": req(Hours()),
        "other_rate": req(Hours()),
    },
    # a fixed amount for the year once the count reaches one, however many
    "once_if_any": {
        "count_field": req(FieldRef("int")),
        "hours": req(Hours()),
    },
    # the year counts as complete after min_months (and a qualified assessment)
    "deemed_complete": {
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
    },
    # hours offset into `category`, at most that category's requirement, for eligible staff
    "capped_offset": {
        "hours_field": req(FieldRef("int", "decimal")),
        "eligible_field": req(FieldRef("bool")),
    },
}

# Methods whose hours fall into one category (fixed, or chosen by the person).
_CATEGORY_METHODS = {m for m in METHODS if m != "deemed_complete"}


def _check_kind(kind: dict, path: str, ctx: Ctx) -> None:
    method = kind.get("method")
    if method not in METHODS:
        return
    fields = {f.get("name"): f for f in kind.get("fields", []) if isinstance(f, dict)}
    for i, f in enumerate(kind.get("fields", [])):
        if isinstance(f, dict) and list(fields).count(f.get("name")) > 1:
            ctx.fail(f"{join(path, 'fields')}[{i}].name", f'duplicate field "{f.get("name")}"')
    for key, spec in METHODS[method].items():
        node = spec.node
        if isinstance(node, FieldRef) and isinstance(kind.get(key), str):
            target = fields.get(kind[key])
            if target is None:
                ctx.fail(join(path, key), f'names no field of this kind (fields: {_fmt_choices(fields) or "none"})')
            elif target.get("type") not in node.types:
                ctx.fail(join(path, key), f'must name a field of type {" or ".join(node.types)}, '
                                          f'"{kind[key]}" is {target.get("type")}')
    category = kind.get("category")
    if method in _CATEGORY_METHODS and category is None:
        ctx.fail(join(path, "category"), "is required: public, professional or chosen")
    if method not in _CATEGORY_METHODS and category is not None:
        ctx.fail(join(path, "category"), f"does not apply to method {method} (its credit says where hours go)")
    if method == "capped_offset" and category == "chosen":
        ctx.fail(join(path, "category"), "must be a fixed category for an offset (its requirement is the cap)")
    rates = kind.get("rates")
    if method == "time_units" and isinstance(rates, dict):
        for unit in rates:
            if fields.get(unit, {}).get("type") != "int":
                ctx.fail(join(join(path, "rates"), unit), "must be named after an int field of this kind")
    if method == "per_item_by_choice" and isinstance(rates, dict):
        choice = fields.get(kind.get("choice_field"), {})
        values = [c.get("value") for c in choice.get("choices", []) if isinstance(c, dict)]
        for v in values:
            if v not in rates:
                ctx.fail(join(join(path, "rates"), v), "is required: every choice needs a rate")
        for r in rates:
            if values and r not in values:
                ctx.fail(join(join(path, "rates"), r), f"is not a choice of {kind.get('choice_field')}")
    credit = kind.get("credit")
    if method == "deemed_complete" and isinstance(credit, dict) and not credit:
        ctx.fail(join(path, "credit"), "must credit public, professional or total hours")
    suggest = kind.get("suggest")
    if isinstance(suggest, str):
        for name in PLACEHOLDER.findall(suggest):
            if name not in SUGGEST_PLACEHOLDERS:
                ctx.fail(join(path, "suggest"), f"unknown placeholder {{{name}}} "
                                                f"(allowed: {_fmt_choices(SUGGEST_PLACEHOLDERS)})")


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
    },
    METHODS,
    check=_check_kind,
)


def _check_requirements(req_: dict, path: str, ctx: Ctx) -> None:
    if ("professional" in req_) == ("professional_share" in req_):
        ctx.fail(join(path, "professional"), "give exactly one of professional, professional_share")


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
    {
        "professional_share_of_earned": {},
        "category_present": {"category": req(Text(oneof=CATEGORIES))},
    },
)

SPAN = Table({
    "clause": req(Anchor()),
    "label": req(Text()),
    "from_year": req(Integer(min=2000, max=2100, figure="year")),
    "to_year": req(Integer(min=2000, max=2100, figure="year")),
    "prior_certificate_clause": opt(Anchor(doc="years already certified need no assessment")),
}, check=lambda t, p, c: (t.get("from_year", 0) > t.get("to_year", 0)
                          and c.fail(join(p, "to_year"), "must be >= from_year")))

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
    "note": opt(Text()),
}, check=lambda t, p, c: [
    c.fail(f"{p}.items[{i}].kinds", "must be a subset of the entry's kinds")
    for i, it in enumerate(t.get("items", []))
    if isinstance(it, dict) and not set(it.get("kinds", [])) <= set(t.get("kinds", []))
])

WINDOW = Table({"start": req(Date()), "end": req(Date())},
               check=lambda t, p, c: (str(t.get("start")) > str(t.get("end"))
                                      and c.fail(join(p, "end"), "must not be before start")))

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
}, check=lambda t, p, c: (t.get("layout") == "table" and t.get("columns_given", True)
                          and not t.get("columns")
                          and c.fail(join(p, "columns"), "is required for a table (or set columns_given = false)")))

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
    }, check=lambda t, p, c: (t.get("from", 0) > t.get("to", 0)
                              and c.fail(join(p, "to"), "must be >= from")))),
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
    "documents": req(ListOf(DOCUMENT, unique="id")),
    "not_modelled": opt(ListOf(NOT_MODELLED, unique="id"), default=[]),
})


# ------------------------------------------------------------- whole-file checks


def requirement_categories(requirements: dict) -> list[str]:
    """The categories with a minimum, in check order (total first)."""
    cats = ["total"]
    if "public" in requirements:
        cats.append("public")
    if "professional" in requirements or "professional_share" in requirements:
        cats.append("professional")
    return cats


def requirement_check_id(category: str) -> str:
    return f"{category}-hours"


def references(data: dict) -> dict[str, set]:
    """The names each Ref/Drive collection may point to."""
    reqs = data.get("requirements") if isinstance(data.get("requirements"), dict) else {}
    checks = {requirement_check_id(c) for c in requirement_categories(reqs)}
    checks |= {c.get("id") for c in data.get("checks", []) if isinstance(c, dict)}
    circ = data.get("circumstances") if isinstance(data.get("circumstances"), dict) else {}
    return {
        "kinds": set(data.get("kinds", {}) if isinstance(data.get("kinds"), dict) else ()),
        "documents": {d.get("id") for d in data.get("documents", []) if isinstance(d, dict)},
        "checks": checks,
        "reasons": {r.get("value") for r in circ.get("reasons", []) if isinstance(r, dict)},
        "forms": set(data.get("forms", {}) if isinstance(data.get("forms"), dict) else ()),
    }


def _check_whole(data: dict, ctx: Ctx, policy_id: str | None) -> None:
    refs = references(data)
    for node, value, path, _clause in walk(data):
        if isinstance(node, Ref) and isinstance(value, str) and value not in refs[node.collection]:
            known = _fmt_choices(sorted(refs[node.collection])) or "none"
            ctx.fail(path, f"names no entry of {node.collection} (known: {known})")
        if isinstance(node, Drive) and isinstance(value, str) and ":" in value:
            prefix, _, rest = value.partition(":")
            coll = Drive.PREFIXES.get(prefix)
            if coll and rest not in refs[coll]:
                ctx.fail(path, f'names no entry of {coll} (known: {_fmt_choices(sorted(refs[coll])) or "none"})')
        if isinstance(node, Drive) and value in ("circumstances",) and "circumstances" not in data:
            ctx.fail(path, "this policy has no [circumstances]")
        if isinstance(node, Drive) and value in ("span", "postings") and "span" not in data:
            ctx.fail(path, "this policy has no [span]")
    meta = data.get("policy") if isinstance(data.get("policy"), dict) else {}
    if policy_id is not None and meta.get("id") not in (None, policy_id):
        ctx.fail("policy.id", f'must be the folder name "{policy_id}"')
    span = data.get("span")
    years = meta.get("assess_years")
    if isinstance(span, dict) and isinstance(years, dict):
        if span.get("from_year", 0) < years.get("from", 0) or span.get("to_year", 0) > years.get("to", 0):
            ctx.fail("span", "must lie within policy.assess_years")
    for i, check in enumerate(data.get("checks", [])):
        if isinstance(check, dict) and check.get("rule") == "professional_share_of_earned" \
                and "professional_share" not in data.get("requirements", {}):
            ctx.fail(f"checks[{i}].rule", "needs requirements.professional_share")
    kinds = data.get("kinds") if isinstance(data.get("kinds"), dict) else {}
    for kid, kind in kinds.items():
        if isinstance(kind, dict) and kind.get("method") == "capped_offset":
            cat = kind.get("category")
            if cat in CATEGORIES and cat not in requirement_categories(data.get("requirements", {})):
                ctx.fail(f"kinds.{kid}.category",
                         f"the offset is capped at the {cat} requirement, which this policy does not set")


def validate(data: Any, file: str, policy_id: str | None = None) -> dict:
    """Validate parsed rules.toml data; return it normalised (defaults filled in,
    templates resolved, dates as ISO strings). Raises RulesError listing every problem."""
    from .errors import RulesError

    ctx = Ctx(file)
    ctx.root = data if isinstance(data, dict) else {}
    out = POLICY.check(data, "", ctx)
    if not ctx.problems:
        _check_whole(out, ctx, policy_id)
    if ctx.problems:
        raise RulesError(ctx.problems)
    return out


# ---------------------------------------------------------------------- walking


def walk(data: dict, node: Node = POLICY) -> Iterator[tuple[Node, Any, str, str | None]]:
    """Yield (node, value, key path, governing clause anchor) for every value of a
    validated policy. The governing clause is the ``clause`` of the nearest enclosing
    table that has one."""

    def rec(n: Node, value: Any, path: str, clause: str | None):
        if isinstance(value, dict) and isinstance(value.get("clause"), str) and isinstance(n, Table):
            clause = value["clause"]
        yield n, value, path, clause
        for child, v, p in n.children(value, path):
            yield from rec(child, v, p, clause)

    yield from rec(node, data, "", None)


def figures(data: dict) -> list[tuple[str, Any, str, str | None]]:
    """(key path, value, figure kind, clause anchor) for every figure from the notice."""
    return [(path, value, node.figure, clause)
            for node, value, path, clause in walk(data)
            if node.figure is not None and not isinstance(value, (dict, list))]


def anchors(data: dict) -> list[tuple[str, str]]:
    """(key path, anchor) for every clause citation."""
    return [(path, value) for node, value, path, _ in walk(data)
            if isinstance(node, Anchor) and isinstance(value, str)]

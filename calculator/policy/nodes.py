"""The node library the rules.toml declaration is written in.

A declaration is data built from a handful of node types (`Table`, `ListOf`, `MapOf`,
`Tagged`, `Text`, `Integer`, `Hours`, ...), as MkDocs keeps its `config_options` apart
from each plugin's config. One walk over a declaration validates a parsed file and
reports *every* problem as ``file: key.path: message``; the same nodes also say which
values are figures transcribed from the notice (``figure=...``, for the fidelity check),
which strings are clause anchors, and which values are hours (held as tenths by the
model).

Strings marked ``template=True`` may quote sibling figures as ``{key}`` or
``{table.key}`` so that a number from the notice is written once (in the figure) and
repeated in prose by reference. Validation resolves them.

Nothing here knows about policies: `calculator.policy.declaration` says what a
rules.toml holds, in these terms.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ..hours import tenths
from ..keypath import item, join

IDENT = re.compile(r"^[a-z][a-z0-9_]*$")
ANCHOR = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_.]*)\}")

_MISSING = object()


class Problems:
    """One validation run: the file being read, and every problem found in it."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.found: list[tuple[str, str, str]] = []

    def fail(self, path: str, message: str) -> None:
        self.found.append((self.file, path, message))


def choices_text(values) -> str:
    return ", ".join(str(v) for v in values)


# --------------------------------------------------------------------------- values


class Node:
    figure: str | None = None
    doc: str = ""

    def check(self, value: Any, path: str, problems: Problems) -> Any:
        raise NotImplementedError

    def children(self, value: Any, path: str) -> Iterator[tuple[Node, Any, str]]:
        return iter(())

    def to_tenths(self, value: Any) -> Any:
        """The value as the model holds it: hours in tenths, anything else unchanged."""
        return value


class Text(Node):
    def __init__(self, *, pattern: re.Pattern | None = None, oneof: tuple = (),
                 template: bool = False, doc: str = "") -> None:
        self.pattern, self.oneof, self.template, self.doc = pattern, oneof, template, doc

    def check(self, value, path, problems):
        if not isinstance(value, str) or not value.strip():
            problems.fail(path, "must be a non-empty string")
        elif self.oneof and value not in self.oneof:
            problems.fail(path, f"must be one of: {choices_text(self.oneof)}")
        elif self.pattern is not None and not self.pattern.match(value):
            problems.fail(path, f"must match {self.pattern.pattern}")
        return value


class Anchor(Text):
    """A clause anchor of the policy's notice.md (the part after ``#``)."""

    def __init__(self, doc: str = "") -> None:
        super().__init__(pattern=ANCHOR, doc=doc)

    def check(self, value, path, problems):
        if isinstance(value, str) and "#" in value:
            problems.fail(path, "must be the anchor only (the engine adds '<policy-id>#')")
            return value
        if isinstance(value, str) and value and not ANCHOR.match(value):
            problems.fail(path, "must be a clause anchor (lowercase letters, digits and hyphens)")
            return value
        return super().check(value, path, problems)


class Ref(Text):
    """A reference to an entry of another table, resolved after the structural pass.
    `collection` names a set of the declaration's `references()`."""

    def __init__(self, collection: str, doc: str = "") -> None:
        super().__init__(doc=doc)
        self.collection = collection


class FieldRef(Text):
    """Names one of the enclosing rule kind's fields, which must have one of `types`."""

    def __init__(self, *types: str, doc: str = "") -> None:
        super().__init__(pattern=IDENT, doc=doc)
        self.types = types


class Integer(Node):
    def __init__(self, *, min: int | None = None, max: int | None = None,
                 figure: str | None = None, doc: str = "") -> None:
        self.min, self.max, self.figure, self.doc = min, max, figure, doc

    def check(self, value, path, problems):
        ok = isinstance(value, int) and not isinstance(value, bool)
        if ok and self.min is not None and value < self.min:
            ok = False
        if ok and self.max is not None and value > self.max:
            ok = False
        if not ok:
            if self.min is not None and self.max is not None:
                problems.fail(path, f"must be a whole number between {self.min} and {self.max}")
            elif self.min is not None:
                problems.fail(path, f"must be a whole number >= {self.min}")
            else:
                problems.fail(path, "must be a whole number")
        return value


class Hours(Node):
    """A number of hours >= 0 with at most one decimal (held as tenths by the model)."""

    def __init__(self, *, figure: str | None = "number", doc: str = "") -> None:
        self.figure, self.doc = figure, doc

    def check(self, value, path, problems):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            problems.fail(path, "must be a number >= 0")
        elif tenths(value) is None:
            problems.fail(path, "must have at most one decimal place")
        return value

    def to_tenths(self, value):
        return tenths(value)


class Percent(Node):
    figure = "percent"

    def __init__(self, doc: str = "") -> None:
        self.doc = doc

    def check(self, value, path, problems):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 100:
            problems.fail(path, "must be a percentage between 0 and 100")
        return value


class Fraction(Node):
    figure = "fraction"
    FORM = re.compile(r"^(\d+)/(\d+)$")

    def __init__(self, doc: str = "") -> None:
        self.doc = doc

    def check(self, value, path, problems):
        m = self.FORM.match(value) if isinstance(value, str) else None
        if not m or int(m.group(2)) == 0 or int(m.group(1)) > int(m.group(2)):
            problems.fail(path, 'must be a fraction between 0 and 1 written like "2/3"')
        return value


class Boolean(Node):
    def __init__(self, doc: str = "") -> None:
        self.doc = doc

    def check(self, value, path, problems):
        if not isinstance(value, bool):
            problems.fail(path, "must be true or false")
        return value


class Date(Node):
    """A calendar date: a TOML local date or an ISO string; normalised to the ISO string
    so the validated data stays JSON-able."""

    ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")

    def __init__(self, *, figure: str | None = "date", doc: str = "") -> None:
        self.figure, self.doc = figure, doc

    def check(self, value, path, problems):
        if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
            return value.isoformat()
        if isinstance(value, str) and self.ISO.match(value):
            try:
                return _dt.date.fromisoformat(value).isoformat()
            except ValueError:
                pass
        problems.fail(path, "must be a date (YYYY-MM-DD)")
        return value


class Scalar(Node):
    """A field default: any TOML scalar; the field's own check says which fits."""

    def check(self, value, path, problems):
        if not isinstance(value, (str, int, float, bool)):
            problems.fail(path, "must be a string, number or boolean")
        return value


# ----------------------------------------------------------------------- containers


class ListOf(Node):
    def __init__(self, item: Node, *, min_len: int = 0, unique: str | None = None,
                 doc: str = "") -> None:
        self.item, self.min_len, self.unique, self.doc = item, min_len, unique, doc

    def check(self, value, path, problems):
        if not isinstance(value, list):
            problems.fail(path, "must be a list")
            return value
        if len(value) < self.min_len:
            problems.fail(path, f"must have at least {self.min_len} entr{'y' if self.min_len == 1 else 'ies'}")
        out = [self.item.check(v, item(path, i), problems) for i, v in enumerate(value)]
        if self.unique:
            seen: dict = {}
            for i, v in enumerate(out):
                key = v.get(self.unique) if isinstance(v, dict) else None
                if isinstance(key, str):
                    if key in seen:
                        problems.fail(f"{item(path, i)}.{self.unique}",
                                      f'duplicate "{key}" (also at {item(path, seen[key])})')
                    seen.setdefault(key, i)
        return out

    def children(self, value, path):
        if isinstance(value, list):
            for i, v in enumerate(value):
                yield self.item, v, item(path, i)

    def to_tenths(self, value):
        return [self.item.to_tenths(v) for v in value]


class MapOf(Node):
    def __init__(self, value: Node, *, min_len: int = 0, doc: str = "") -> None:
        self.value, self.min_len, self.doc = value, min_len, doc

    def check(self, value, path, problems):
        if not isinstance(value, dict):
            problems.fail(path, "must be a table")
            return value
        if len(value) < self.min_len:
            problems.fail(path, f"must have at least {self.min_len} entr{'y' if self.min_len == 1 else 'ies'}")
        out = {}
        for k, v in value.items():
            if not IDENT.match(k):
                problems.fail(join(path, k), "key must be lowercase letters, digits and underscores")
            out[k] = self.value.check(v, join(path, k), problems)
        return out

    def children(self, value, path):
        if isinstance(value, dict):
            for k, v in value.items():
                yield self.value, v, join(path, k)

    def to_tenths(self, value):
        return {k: self.value.to_tenths(v) for k, v in value.items()}


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

    def check(self, value, path, problems):
        if not isinstance(value, dict):
            problems.fail(path, "must be a table")
            return value
        keys = self.keys_for(value)
        out: dict = {}
        for name in value:
            if name not in keys:
                problems.fail(join(path, name), f"unknown key (allowed: {choices_text(keys)})")
        for name, key in keys.items():
            if name in value:
                out[name] = key.node.check(value[name], join(path, name), problems)
            elif key.required:
                problems.fail(join(path, name), "is required")
            elif key.default is not _MISSING:
                # copy mutable defaults so tables never share them
                out[name] = list(key.default) if isinstance(key.default, list) else (
                    dict(key.default) if isinstance(key.default, dict) else key.default)
        _resolve_templates(out, keys, path, problems)
        if self.extra_check is not None:
            self.extra_check(out, path, problems)
        return out

    def children(self, value, path):
        if isinstance(value, dict):
            keys = self.keys_for(value)
            for name, key in keys.items():
                if name in value:
                    yield key.node, value[name], join(path, name)

    def to_tenths(self, value):
        keys = self.keys_for(value)
        return {k: keys[k].node.to_tenths(v) if k in keys else v for k, v in value.items()}


class Tagged(Table):
    """A table whose allowed keys depend on the value of one key (`tag`)."""

    def __init__(self, tag: str, common: dict[str, Key], variants: dict[str, dict[str, Key]],
                 *, check: Callable | None = None, doc: str = "") -> None:
        super().__init__(dict(common), check=check, doc=doc)
        self.tag, self.variants = tag, variants
        self.keys[tag] = req(Text(oneof=tuple(variants)))

    def keys_for(self, value):
        variant = self.variants.get(value.get(self.tag)) if isinstance(value, dict) else None
        return {**self.keys, **(variant or {})}


def _resolve_templates(out: dict, keys: dict[str, Key], path: str, problems: Problems) -> None:
    for name, key in keys.items():
        node = key.node
        if name not in out:
            continue
        if isinstance(node, Text) and node.template and isinstance(out[name], str):
            out[name] = _fill(out[name], out, join(path, name), problems)
        elif (isinstance(node, ListOf) and isinstance(node.item, Text) and node.item.template
              and isinstance(out[name], list)):
            out[name] = [_fill(s, out, item(join(path, name), i), problems) if isinstance(s, str) else s
                         for i, s in enumerate(out[name])]


def _fill(text: str, table: dict, path: str, problems: Problems) -> str:
    def lookup(match: re.Match) -> str:
        cur: Any = table
        for part in match.group(1).split("."):
            if not isinstance(cur, dict) or part not in cur:
                problems.fail(path, f"placeholder {{{match.group(1)}}} names no key of this table")
                return match.group(0)
            cur = cur[part]
        if isinstance(cur, (bool, dict, list)):
            problems.fail(path, f"placeholder {{{match.group(1)}}} must name a number or a string")
            return match.group(0)
        return repr(cur) if isinstance(cur, float) else str(cur)

    return PLACEHOLDER.sub(lookup, text)


def walk(node: Node, data: Any) -> Iterator[tuple[Node, Any, str, str | None]]:
    """Yield (node, value, key path, governing clause anchor) for every value of
    validated data. The governing clause is the ``clause`` of the nearest enclosing
    table that has one."""

    def rec(n: Node, value: Any, path: str, clause: str | None):
        if isinstance(value, dict) and isinstance(value.get("clause"), str) and isinstance(n, Table):
            clause = value["clause"]
        yield n, value, path, clause
        for child, v, p in n.children(value, path):
            yield from rec(child, v, p, clause)

    yield from rec(node, data, "", None)

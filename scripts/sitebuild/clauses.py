"""Clause anchors of a notice: an index of its anchored headings with short
citation labels (二（三）2, 附件·一·7), and the filters that link to them."""

from __future__ import annotations

import re
from dataclasses import dataclass

import jinja2

from . import forms_page
from .errors import BuildError
from .policies import Policy

HEADING = re.compile(r"^(#{1,6}) (.*?)\s*\{#([\w-]+)[^}]*\}\s*$", re.M)



@dataclass(frozen=True)
class Clause:
    anchor: str
    title: str      # the heading's text, e.g. "3. 出版著作（译作）或教材"
    label: str      # a short citation, e.g. "附件·二·3"


_NUMBERS = [
    (re.compile(r"^(附件\s*\d*)"), lambda m: m.group(1).replace(" ", "")),
    (re.compile(r"^([一二三四五六七八九十]+)、"), lambda m: m.group(1)),
    (re.compile(r"^(（[一二三四五六七八九十]+）)"), lambda m: m.group(1)),
    (re.compile(r"^(\d+)\.\s"), lambda m: m.group(1)),
]
# Sample-table titles repeat the notice's boilerplate: keep what tells them apart.
_TABLE_PREFIX = re.compile(r"^\d{4}年度[\\_\s]*（单位）(专业技术人员)?(继续教育)?")


def clause_index(policy: Policy) -> dict[str, Clause]:
    """Every anchored heading of the notice, with a short citation label built from
    the numbering of the heading and its parents (二（三）2, 附件·一·7)."""
    index: dict[str, Clause] = {}
    stack: list[tuple[int, str | None]] = []    # (level, number token) of the open parents
    for match in HEADING.finditer(policy.body):
        level, title, anchor = len(match.group(1)), match.group(2).strip(), match.group(3)
        while stack and stack[-1][0] >= level:
            stack.pop()
        token = _number(title)
        tokens = [t for _, t in stack if t] + [token or _short(title)]
        index[anchor] = Clause(anchor, _plain(title), _join(tokens))
        stack.append((level, token))
    return index


def _number(title: str) -> str | None:
    for pattern, token in _NUMBERS:
        match = pattern.match(title)
        if match:
            return token(match)
    return None


def _plain(title: str) -> str:
    return title.replace("\\_", "_")


def _short(title: str) -> str:
    text = _TABLE_PREFIX.sub("", _plain(title))
    return text if len(text) <= 14 else text[:13] + "…"


def _join(tokens: list[str]) -> str:
    out = ""
    for token in tokens:
        if out and not token.startswith("（") and not out.endswith("）"):
            out += "·"
        out += token
    return out


@jinja2.pass_context
def cite(context, anchor: str, policy: Policy | None = None) -> str:
    """A Markdown link to a clause, labelled with its short citation: local on the notice's
    own page, relative elsewhere. `policy` defaults to the page's policy. The heading's
    full text becomes the link's title (a tooltip)."""
    policy = policy or context["policy"]
    clause = context["clauses"][policy.id].get(anchor)
    if clause is None:
        raise BuildError(f"policies/{policy.id}/rules.toml cites #{anchor}, "
                         f"which no heading in notice.md carries")
    here = context.get("policy") is not None and context["policy"].id == policy.id
    url = f"#{anchor}" if here else clause_url(f"{policy.id}#{anchor}", context["depth"])
    title = clause.title.replace('"', "“")
    return f'[{clause.label}]({url} "{title}"){{ .cite }}'


def form_anchor(form_id: str, policy: Policy) -> str:
    """The section of the forms page that holds a form (several forms share the unit plan
    and the roster sections there)."""
    section = {"plan": "plan", "roster": "roster"}.get(forms_page.SOURCES.get(form_id), form_id)
    return f"{policy.id}-{section.replace('_', '-')}"


def clause_url(citation: str, depth: str = "../../") -> str:
    """'hunan-2023#conversion-3' -> a link from a generated page to the clause."""
    policy_id, _, anchor = citation.partition("#")
    return f"{depth}policies/{policy_id}/#{anchor}"

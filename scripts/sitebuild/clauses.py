"""Clause anchors of a notice on the pages: the index of its anchored headings with short
citation labels (二（三）2, 附件·一·7; built by `calculator.policy.notice`, which the
command line cites with too), and the filters that link to them."""

from __future__ import annotations

import jinja2

from calculator.policy.notice import Clause, clause_index as notice_clauses

from .errors import BuildError
from .policies import Policy

__all__ = ["Clause", "cite", "clause_index", "clause_url", "form_anchor"]


def clause_index(policy: Policy) -> dict[str, Clause]:
    """Every anchored heading of the policy's notice, with its short citation label."""
    return notice_clauses(policy.body)


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
    """The section of the forms page that holds a form: forms filled from the unit plan
    or from a roster share one section each there (rules.toml's `filled_from`)."""
    source = policy.data["forms"][form_id].get("filled_from")
    section = source if source in ("plan", "roster") else form_id
    return f"{policy.id}-{section.replace('_', '-')}"


def clause_url(citation: str, depth: str = "../../") -> str:
    """'hunan-2023#conversion-3' -> a link from a generated page to the clause."""
    policy_id, _, anchor = citation.partition("#")
    return f"{depth}policies/{policy_id}/#{anchor}"

"""Generate the MkDocs pages from the policies through Jinja templates.

Every figure on a page comes from a policy's rules.toml (via the calculator's
loader) or its notice.md; templates hold wording, never numbers.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import jinja2

from .errors import BuildError
from .policies import Policy
from .runtime import StagedRuntime


def generate(catalogue: list[Policy], runtime: StagedRuntime, *, web: Path, out: Path) -> None:
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    shutil.copytree(web / "assets", out / "assets")

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(web / "templates"),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        # Markdown attribute lists ({#anchor}) would open Jinja comments.
        comment_start_string="{##",
        comment_end_string="##}",
    )
    env.filters["clause_url"] = clause_url
    env.filters["num"] = number
    common = {"policies": catalogue, "by_id": {p.id: p for p in catalogue}}

    def write(template: str, target: str, **context) -> None:
        path = out / target
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            text = env.get_template(template).render(**common, **context)
        except jinja2.TemplateError as error:
            raise BuildError(f"web/templates/{template}: {error}") from error
        path.write_text(text, encoding="utf-8")

    write("home.md.j2", "index.md")
    write("policies.md.j2", "policies/index.md")
    for policy in catalogue:
        write("notice.md.j2", f"policies/{policy.id}/index.md", policy=policy,
              body=with_interpretations(policy))
    write("calculator.md.j2", "calculator/index.md", runtime=runtime, depth="../")
    write("forms.md.j2", "forms/index.md", runtime=runtime, depth="../")


def clause_url(citation: str, depth: str = "../../") -> str:
    """'hunan-2023#conversion-3' -> a link from a generated page to the clause."""
    policy_id, _, anchor = citation.partition("#")
    return f"{depth}policies/{policy_id}/#{anchor}"


def number(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def with_interpretations(policy: Policy) -> str:
    """Show each of the site's interpretations right under the clause it reads."""
    body = policy.body
    for entry in policy.data.get("interpretations", []):
        anchor = entry["clause"]
        heading = re.search(rf"^#+ .*\{{#{re.escape(anchor)}[ }}].*$", body, re.M)
        if not heading:
            raise BuildError(f"policies/{policy.id}/rules.toml: interpretation {entry['id']!r} "
                             f"cites #{anchor}, which no heading in notice.md carries")
        # Insert after the clause's own paragraph(s): right before the next heading.
        after = re.search(r"^#+ ", body[heading.end():], re.M)
        at = heading.end() + (after.start() if after else len(body) - heading.end())
        box = (f'\n!!! note "本站解释（非通知原文）"\n'
               f'    {entry["text"].strip()}\n\n'
               f'    <small>解释编号：{entry["id"]}</small>\n\n')
        body = body[:at].rstrip("\n") + "\n" + box + "\n" + body[at:]
    return body

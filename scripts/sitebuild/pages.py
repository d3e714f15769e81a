"""Generate the MkDocs pages from the policies through Jinja templates.

Every figure on a page comes from a policy's rules.toml (via the calculator's
loader) or its notice.md; templates hold wording, never numbers.

Reading pages (home, notices, comparison, documents) link every statement to the
clause it comes from. Links are relative, so the site works under any prefix.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import jinja2

from calculator.methods import METHODS

from . import forms_page, unit_page
from .cases import golden_cases
from .clauses import cite, clause_index, clause_url, form_anchor
from .errors import BuildError
from .figures import cell, cn_date, conversion_notes, months, number, share_of, window
from .modules import module_graph
from .policies import Policy
from .runtime import StagedRuntime
from .search import fix_search_worker, ranked_after_notices
from .theme import check_material_bundle


def generate(catalogue: list[Policy], runtime: StagedRuntime, *, web: Path, out: Path,
             cases: Path | None = None) -> None:
    """Write every page of the site into `out` (MkDocs' docs_dir). `cases` is the folder
    of golden cases (default: the repository's tests/cases)."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    shutil.copytree(web / "assets", out / "assets")

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(web / "templates"),
        extensions=["jinja2.ext.do"],
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        # Markdown attribute lists ({#anchor}) would open Jinja comments.
        comment_start_string="{##",
        comment_end_string="##}",
    )
    env.filters.update(clause_url=clause_url, num=number, cell=cell, cn_date=cn_date,
                       window=window, months=months, share_of=share_of, cite=cite,
                       conversion_notes=conversion_notes, form_anchor=form_anchor)
    env.tests["contains"] = lambda sequence, item: item in sequence
    env.globals["module_graph"] = lambda entry: module_graph(web / "assets" / "js", entry)
    env.globals["topics"] = {anchor: title for anchor, title in (m.topic for m in METHODS.values())}
    clauses = {p.id: clause_index(p) for p in catalogue}
    common = {"policies": catalogue, "by_id": {p.id: p for p in catalogue}, "clauses": clauses}

    def write(template: str, target: str, notice: bool = False, **context) -> None:
        path = out / target
        path.parent.mkdir(parents=True, exist_ok=True)
        # How far the page sits below the site root, for relative links.
        context.setdefault("depth", "../" * target.count("/"))
        try:
            text = env.get_template(template).render(**common, **context)
        except jinja2.TemplateError as error:
            raise BuildError(f"web/templates/{template}: {error}") from error
        path.write_text(text if notice else ranked_after_notices(text), encoding="utf-8")

    write("home.md.j2", "index.md")
    write("policies.md.j2", "policies/index.md")
    box = env.get_template("partials/interpretation.md.j2")
    for policy in catalogue:
        def render(entry: dict, policy: Policy = policy) -> str:
            try:
                return box.render(**common, entry=entry, policy=policy)
            except jinja2.TemplateError as error:
                raise BuildError(f"web/templates/{box.name}: {error}") from error
        write("notice.md.j2", f"policies/{policy.id}/index.md", notice=True, policy=policy,
              body=with_interpretations(policy, render))
    write("compare.md.j2", "policies/compare/index.md")
    write("documents.md.j2", "policies/documents/index.md")
    write("calculator.md.j2", "calculator/index.md", runtime=runtime, depth="../")
    write("forms.md.j2", "forms/index.md", runtime=runtime, depth="../", forms=forms_page.context(catalogue))
    write("unit.md.j2", "unit/index.md", runtime=runtime, depth="../", unit=unit_page.context(catalogue))
    cases = cases or web.parent / "tests" / "cases"
    write("calculator-examples.md.j2", "calculator/examples/index.md",
          cases=golden_cases(cases, [p.id for p in catalogue]))
    fix_search_worker(out)
    check_material_bundle()

# ------------------------------------------------------------------ interpretations


def with_interpretations(policy: Policy, render) -> str:
    """Show each of the site's interpretations right under the clause it reads,
    before the clause's sub-clauses; `render(entry)` gives the box's Markdown."""
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
        box = render(entry).strip("\n")
        body = body[:at].rstrip("\n") + "\n\n" + box + "\n\n" + body[at:]
    return body

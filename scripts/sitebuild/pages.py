"""Generate the MkDocs pages from the policies through Jinja templates.

Every figure on a page comes from a policy's rules.toml (via the calculator's
loader) or its notice.md; templates hold wording, never numbers.

Reading pages (home, notices, comparison, documents) link every statement to the
clause it comes from. Links are relative, so the site works under any prefix.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import jinja2

from . import forms_page
from .errors import BuildError
from .policies import Policy
from .runtime import StagedRuntime

# A heading of notice.md with its anchor: "### （三）其他情况 {#s2-3-other}"
HEADING = re.compile(r"^(#{1,6}) (.*?)\s*\{#([\w-]+)[^}]*\}\s*$", re.M)


def generate(catalogue: list[Policy], runtime: StagedRuntime, *, web: Path, out: Path) -> None:
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
    write("calculator-examples.md.j2", "calculator/examples/index.md", cases=golden_cases(web.parent / "tests" / "cases"))
    fix_search_worker(out)


# ------------------------------------------------------------------ search

# Search answers with the notices' own words first. Every other page restates them (the
# overview lists, the comparison, the self-check's labels, the forms' headings), and
# Material weighs a heading 1000 times body text, so a heading there would outrank the
# clause itself. Those pages get this boost: a heading counts half a word of a notice.
DERIVED_PAGE_BOOST = 0.0005


def ranked_after_notices(markdown: str) -> str:
    """Add `search: {boost: DERIVED_PAGE_BOOST}` to a page's front matter, unless the
    template says something about search itself (e.g. `exclude`)."""
    match = re.match(r"---\n(.*?\n)---\n", markdown, re.S)
    meta, rest = (match.group(1), markdown[match.end():]) if match else ("", markdown)
    if re.search(r"^search:", meta, re.M):
        return markdown
    return f"---\n{meta}search:\n  boost: {DERIVED_PAGE_BOOST}\n---\n{rest}"


# Two defects of Material's search worker (9.8.1) with Chinese queries, fixed in the copy
# the site serves (MkDocs lets a file in docs_dir take the place of the theme's file):
#
# 1. `segment()` cuts a query into the longest words of the index, but only tries words
#    that end *before* the query's last character (`j < query.length`). A query that is
#    itself a word of the index is cut to its longest proper prefix: 专利证书 becomes
#    专利, 一式三份 becomes 一, and the search lands on the wrong clause. Fix: `j <=`.
# 2. The segmented Chinese is pasted back without spaces, so 121号 or 6个月 stays one
#    term that no word of the index (where digits and Chinese are apart) starts with.
#    Fix: put spaces around it.
_WORKER_FIXES = [
    (re.compile(r"for\(let (\w+)=(\w+)\+1;\1<(\w+)\.length;\1\+\+\)\3\.slice\(\2,\1\)in "),
     lambda m: m.group(0).replace("<", "<=", 1)),
    (re.compile(r"(\w+)=>(\[\.\.\.\w+\(\1,this\.index\.invertedIndex\)\]\.join\(\"\* \"\))"),
     lambda m: f'{m.group(1)}=>" "+{m.group(2)}+" "'),
]


def fix_search_worker(out: Path) -> None:
    import material

    workers = Path(material.__file__).parent / "templates" / "assets" / "javascripts" / "workers"
    [worker] = workers.glob("search.*.min.js")
    code = worker.read_text(encoding="utf-8")
    for pattern, replace in _WORKER_FIXES:
        code, count = pattern.subn(replace, code)
        if count != 1:
            raise BuildError(f"{worker}: {pattern.pattern!r} matched {count} times, not once; check "
                             "whether Material changed its query segmentation and update "
                             "fix_search_worker() in scripts/sitebuild/pages.py")
    target = out / "assets" / "javascripts" / "workers" / worker.name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(code, encoding="utf-8")


# ------------------------------------------------------------------ clauses


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


# ------------------------------------------------------------------ figures


def number(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def share_of(total, fraction: str) -> str:
    """The hours a fraction like "2/3" of a total comes to, rounded up."""
    numerator, denominator = (int(part) for part in fraction.split("/"))
    return number(math.ceil(total * numerator / denominator))


def cn_date(iso: str) -> str:
    day = dt.date.fromisoformat(iso)
    return f"{day.year}年{day.month}月{day.day}日"


def window(span: dict) -> str:
    """{start, end} -> 2023年10月11日至20日 (the notice's own way of writing it)."""
    start, end = dt.date.fromisoformat(span["start"]), dt.date.fromisoformat(span["end"])
    if (start.year, start.month) == (end.year, end.month):
        tail = f"{end.day}日"
    elif start.year == end.year:
        tail = f"{end.month}月{end.day}日"
    else:
        tail = cn_date(span["end"])
    return f"{cn_date(span['start'])}至{tail}"


def months(values: list[int]) -> str:
    """[7, 8] -> 7月至8月; [3, 9] -> 3月、9月."""
    values = sorted(values)
    if len(values) > 1 and values == list(range(values[0], values[-1] + 1)):
        return f"{values[0]}月至{values[-1]}月"
    return "、".join(f"{m}月" for m in values)


def cell(text) -> str:
    """Text safe inside a Markdown table cell."""
    return str(text).replace("|", "\\|").replace("\n", "<br>")


def conversion_notes(data: dict, kind: dict | None = None) -> list[dict]:
    """The policy's not-modelled points about converting hours: those on a kind's own
    clause (`kind` given), or those on a clause that an interpretation of some kind reads
    but that no kind cites (Henan's 豫人社办〔2017〕121号)."""
    notes = data.get("not_modelled", [])
    if kind is not None:
        return [n for n in notes if n["clause"] == kind["clause"]]
    kind_clauses = {k["clause"] for k in data["kinds"].values()}
    read = {i["clause"] for i in data.get("interpretations", [])
            if any(d.startswith("kind:") for d in i["drives"])}
    return [n for n in notes if n["clause"] in read - kind_clauses]


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


def golden_cases(folder: Path) -> list[dict]:
    """The golden cases (tests/cases/**/*.toml) run through the real engine, for the
    worked-examples page: the tests double as documentation."""
    import base64
    import json
    import tomllib

    import calculator

    cases = []
    for path in sorted(folder.rglob("*.toml")):
        source = path.read_text(encoding="utf-8")
        case = tomllib.loads(source)
        span = "span_input" in case
        data = case["span_input" if span else "input"]
        try:
            result, error = (calculator.assess_span if span else calculator.assess)(data), None
        except calculator.InputError as e:
            result, error = None, e.to_dict()
        share = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str).encode()
        cases.append({"id": path.stem, "path": path.relative_to(folder.parent.parent).as_posix(),
                      "source": source, "description": case.get("description", path.stem), "span": span,
                      "input": data, "result": result, "error": error,
                      "share": base64.urlsafe_b64encode(share).decode().rstrip("=")})
    return cases


# ------------------------------------------------------------------ scripts

IMPORT = re.compile(r"""^\s*(?:import|export)\s[^"';]*?from\s+["'](\./[^"']+)["']|^\s*import\s+["'](\./[^"']+)["']""", re.M)


def module_graph(js: Path, entry: str) -> list[str]:
    """Every module `entry` imports statically, itself first, as paths under assets/js.

    Pages list them as <link rel="modulepreload"> so the browser fetches the
    whole graph at once instead of one level of imports at a time.
    """
    seen: list[str] = []
    todo = [entry]
    while todo:
        name = todo.pop(0)
        if name in seen:
            continue
        path = js / name
        if not path.is_file():
            raise BuildError(f"web/assets/js/{name}: imported but missing")
        seen.append(name)
        for match in IMPORT.finditer(path.read_text(encoding="utf-8")):
            target = (path.parent / (match.group(1) or match.group(2))).resolve().relative_to(js.resolve())
            todo.append(target.as_posix())
    return seen

"""Search ranks the notices' own words first, and Material's search worker is
served with two fixes for Chinese queries."""

from __future__ import annotations

import re
from pathlib import Path

from .errors import BuildError
from .theme import theme_scripts

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
    [worker] = (theme_scripts() / "workers").glob("search.*.min.js")
    code = worker.read_text(encoding="utf-8")
    for pattern, replace in _WORKER_FIXES:
        code, count = pattern.subn(replace, code)
        if count != 1:
            raise BuildError(f"{worker}: {pattern.pattern!r} matched {count} times, not once; check "
                             "whether Material changed its query segmentation and update "
                             "fix_search_worker() in scripts/sitebuild/search.py")
    target = out / "assets" / "javascripts" / "workers" / worker.name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(code, encoding="utf-8")

"""A Content-Security-Policy on every page, as a <meta http-equiv> (any static host serves
it; no server header needed).

Scripts run only from the site's own files or, inline, by the sha256 of their exact text:
Material's few inline scripts (scope, palette, tabs) and ours in web/overrides/main.html
stay inline, byte for byte, so nothing about the boot order or its timing changes (an
external file in their place would cost a request before the worker starts), and any
script or handler that is not one of them (markup smuggled into a roster cell, say) is
refused. The hashes are taken from each built page, so a change to those scripts, or a
Material update, is covered by the next build with no list to keep.

Why each source:
  'wasm-unsafe-eval'   Pyodide compiles WebAssembly (in its worker, which a host's header
                       policy would also cover)
  style 'unsafe-inline'  the forms' printed layout uses style attributes (column widths),
                       also in previews built at run time; styles cannot run code
  img-src data:        Material's icons are data: SVGs in its stylesheet
  frame-src 'self'     printing goes through an iframe of the page's own (srcdoc) document
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from .errors import BuildError

POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'wasm-unsafe-eval'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],
    "frame-src": ["'self'"],
    "manifest-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)
SRC = re.compile(r"""\bsrc\s*=""", re.I)
RUNS = {"", "text/javascript", "application/javascript", "module"}
HEAD = re.compile(r"<head\b[^>]*>", re.I)
CHARSET = re.compile(r"<meta\s+charset=[\"']?utf-8[\"']?\s*/?>", re.I)
# What a policy without 'unsafe-inline' refuses: handlers in markup and javascript: URLs.
HANDLER = re.compile(r"""<[a-z][^>]*\son[a-z]+\s*=|\b(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.I)


def inline_hashes(html: str) -> list[str]:
    """'sha256-…' of every inline script the browser would run, in page order."""
    hashes = []
    for match in SCRIPT.finditer(html):
        attributes, body = match.groups()
        if SRC.search(attributes):
            continue
        kind = TYPE.search(attributes)
        if (kind.group(1).lower() if kind else "") not in RUNS:
            continue       # data (application/json) or held back (text/plain)
        # The HTML parser turns CR LF and CR into LF before the browser hashes the text.
        text = body.replace("\r\n", "\n").replace("\r", "\n")
        digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
        hashes.append(f"'sha256-{digest}'")
    return hashes


def policy(hashes: list[str]) -> str:
    directives = {**POLICY, "script-src": POLICY["script-src"] + list(dict.fromkeys(hashes))}
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def apply(site: Path) -> int:
    """Add the policy to every page of `site`; the number of pages."""
    pages = sorted(site.rglob("*.html"))
    for page in pages:
        html = page.read_text(encoding="utf-8")
        where = page.relative_to(site).as_posix()
        if "Content-Security-Policy" in html:
            raise BuildError(f"site/{where}: already has a Content-Security-Policy; "
                             "the build adds it (scripts/sitebuild/csp.py)")
        handler = HANDLER.search(html)
        if handler:
            raise BuildError(f"site/{where}: {handler.group(0)[:80]!r}: inline event handlers and "
                             "javascript: URLs are refused by the page's Content-Security-Policy; "
                             "attach the handler from a script file instead")
        head, charset = HEAD.search(html), CHARSET.search(html)
        if not head or not charset:
            raise BuildError(f"site/{where}: no <head> with a <meta charset=\"utf-8\"> to put the "
                             "Content-Security-Policy in")
        # The policy governs only what follows it, so it opens <head>; the charset goes
        # first of all, where a browser looks for it (the first 1024 bytes).
        html = html[:charset.start()] + html[charset.end():]
        meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(inline_hashes(html))}">'
        page.write_text(html[:head.end()] + charset.group(0) + meta + html[head.end():], encoding="utf-8")
    return len(pages)

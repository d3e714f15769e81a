"""Write site/sw.js: the service worker that keeps the whole site for offline use."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

SKIP = {"sw.js", "sitemap.xml", "sitemap.xml.gz"}
# The snapshot's pages as xz are the same as the .gz the offline copy keeps:
# a worker that finds the .gz cached takes it (web/runtime/worker.js).
SKIP_NAMES = {"snapshot.pages.xz"}


def write_service_worker(template: Path, site: Path) -> str:
    files = []
    digest = hashlib.sha256()
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        relative = path.relative_to(site).as_posix()
        if relative in SKIP or path.name in SKIP_NAMES:
            continue
        digest.update(relative.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
        # Pages are requested by their directory URL.
        if relative == "index.html":
            relative = ""
        elif relative.endswith("/index.html"):
            relative = relative[: -len("index.html")]
        files.append(relative)
    build = digest.hexdigest()[:16]
    text = (template.read_text(encoding="utf-8")
            .replace('"__BUILD__"', json.dumps(build))
            .replace("__FILES__", json.dumps(files, ensure_ascii=False, indent=0)))
    (site / "sw.js").write_text(text, encoding="utf-8")
    return build

"""The static import graph of the site's JavaScript modules."""

from __future__ import annotations

import re
from pathlib import Path

from .errors import BuildError

# A relative import ("./x.js" or "../shared/x.js"): the site's own modules.
IMPORT = re.compile(r"""^\s*(?:import|export)\s[^"';]*?from\s+["'](\.\.?/[^"']+)["']|^\s*import\s+["'](\.\.?/[^"']+)["']""", re.M)


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

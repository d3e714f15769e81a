"""Material's own scripts, which the site relies on in two places.

The search worker is served with fixes (search.py). And web/overrides/main.html
holds Material's bundle back on the pages that boot Python and starts it once
the calculator has settled. Material sets itself up when DOMContentLoaded fires,
which is long past by then, so the page hands it the document through the
`document$` subject Material publishes for custom scripts. That name is
Material's, not ours: check it here, at build time, rather than ship a page
whose header, navigation and search never come alive.
"""

from __future__ import annotations

from pathlib import Path

from .errors import BuildError

PUBLISHED = "window.document$="


def theme_scripts() -> Path:
    """The theme's javascripts folder (bundle.*.min.js, workers/search.*.min.js)."""
    import material

    return Path(material.__file__).parent / "templates" / "assets" / "javascripts"


def check_material_bundle() -> None:
    [bundle] = theme_scripts().glob("bundle.*.min.js")
    if PUBLISHED not in bundle.read_text(encoding="utf-8"):
        raise BuildError(f"{bundle}: Material no longer publishes `document$` ({PUBLISHED!r} not "
                         "found); the pages that boot Python start Material through it. Update "
                         "the scripts block of web/overrides/main.html and scripts/sitebuild/theme.py")

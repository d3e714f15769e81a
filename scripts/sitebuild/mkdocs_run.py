"""Run MkDocs in-process on the generated pages, with one navigation entry per notice of
the catalogue (mkdocs.yml holds the rest of the navigation)."""

from __future__ import annotations

import logging
from pathlib import Path

import yaml

from .errors import BuildError

POLICIES_INDEX = "policies/index.md"


def build(config_file: Path, site_dir: Path, *, docs_dir: Path | None = None, catalogue=()) -> None:
    try:
        import jieba  # noqa: F401 - without it Chinese search silently degrades
    except ImportError as error:
        raise BuildError("jieba is not installed: Chinese search would index whole sentences. "
                         "Run `make deps`.") from error
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    logging.getLogger("jieba").setLevel(logging.WARNING)
    _show_warnings()
    options = {"site_dir": str(site_dir)}
    if docs_dir is not None:
        options["docs_dir"] = str(docs_dir)
    if catalogue:
        options["nav"] = with_notices(yaml.safe_load(config_file.read_text(encoding="utf-8"))["nav"], catalogue)
    try:
        config = load_config(str(config_file), **options)
        mkdocs_build(config)
    except (Abort, ConfigurationError) as error:
        raise BuildError(f"{config_file.name}: MkDocs stopped: {error}") from error


def with_notices(nav: list, catalogue) -> list:
    """mkdocs.yml's navigation with one entry per notice after the policies' index page,
    labelled as the self-check's menu labels them."""
    out = []
    for entry in nav:
        if isinstance(entry, dict):
            entry = {title: with_notices(items, catalogue) if isinstance(items, list) else items
                     for title, items in entry.items()}
        out.append(entry)
        if entry == POLICIES_INDEX:
            out += [{f"{p.form['policy']['region']} {p.form['policy']['year']} 年通知": f"policies/{p.id}/index.md"}
                    for p in catalogue]
    return out


def _show_warnings() -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("mkdocs %(levelname)s: %(message)s"))
    handler.setLevel(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "_site_build", False) for h in logger.handlers):
        handler._site_build = True
        logger.addHandler(handler)

"""Run MkDocs in-process on the generated pages."""

from __future__ import annotations

import logging
from pathlib import Path

from .errors import BuildError


def build(config_file: Path, site_dir: Path) -> None:
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
    try:
        config = load_config(str(config_file), site_dir=str(site_dir))
        mkdocs_build(config)
    except (Abort, ConfigurationError) as error:
        raise BuildError(f"{config_file.name}: MkDocs stopped: {error}") from error


def _show_warnings() -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("mkdocs %(levelname)s: %(message)s"))
    handler.setLevel(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "_site_build", False) for h in logger.handlers):
        handler._site_build = True
        logger.addHandler(handler)

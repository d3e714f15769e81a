"""Read and check every policy folder before anything is generated from it: the
catalogue every page is generated from."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

import calculator
from calculator import RulesError

from .errors import BuildError

FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
REQUIRED_META = ("title", "policy_id", "issuer", "date", "source_file")


@dataclass
class Policy:
    id: str
    folder: Path
    meta: dict            # notice.md front matter
    body: str             # notice.md without its front matter
    data: dict            # rules.toml, validated by the calculator's schema
    form: dict            # calculator.describe(): what the self-check form needs
    anchors: list[str] = field(default_factory=list)


def load(*roots: Path) -> list[Policy]:
    """Every policy folder of `roots` (the repository's policies/ and, for a test site,
    extra roots the calculator also sees: CALCULATOR_EXTRA_POLICIES), checked."""
    folders = sorted((p for root in roots for p in root.iterdir()
                      if p.is_dir() and not p.name.startswith((".", "_"))), key=lambda p: p.name)
    if not folders:
        raise BuildError(f"{', '.join(map(str, roots))}: no policy folders")
    known = calculator.policy_ids()
    catalogue = []
    for folder in folders:
        meta, body = _read_notice(folder / "notice.md")
        if meta["policy_id"] != folder.name:
            raise BuildError(f"{folder / 'notice.md'}: policy_id is {meta['policy_id']!r}, "
                             f"but the folder is {folder.name!r}")
        if folder.name not in known:
            raise BuildError(f"{folder}: the calculator does not see this policy (an extra root must "
                             "also be named in CALCULATOR_EXTRA_POLICIES)")
        try:
            calculator.check_citations(folder.name, folder)
            data = calculator.policy_data(folder.name)
            form = calculator.describe(folder.name)
        except RulesError as error:
            raise BuildError(str(error)) from error
        catalogue.append(Policy(id=folder.name, folder=folder, meta=meta, body=body, data=data, form=form,
                                anchors=re.findall(r"\{#([\w-]+)", body)))
    return catalogue


def _read_notice(path: Path) -> tuple[dict, str]:
    if not path.is_file():
        raise BuildError(f"{path}: missing (every policy folder needs its notice text)")
    text = path.read_text(encoding="utf-8")
    match = FRONT_MATTER.match(text)
    if not match:
        raise BuildError(f"{path}: no YAML front matter between '---' lines at the top")
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as error:
        raise BuildError(f"{path}: front matter is not valid YAML: {error}") from error
    missing = [key for key in REQUIRED_META if not meta.get(key)]
    if missing:
        raise BuildError(f"{path}: front matter lacks {', '.join(missing)}")
    return meta, text[match.end():]

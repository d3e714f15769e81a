"""Where the policy folders are.

Installed from the wheel, the build backend has put `policies/` inside the package as
``calculator/policies`` (package data), which is also what Pyodide sees. Run from the
source tree, the package has no such folder and the repository's ``policies/`` next to
the package is used instead. Both are read through the Traversable API so a zipped
install would work as well.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

RULES_FILE = "rules.toml"
NOTICE_FILE = "notice.md"
POLICY_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

@cache
def policies_root() -> Traversable:
    packaged = resources.files("calculator") / "policies"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "policies"


@cache
def policy_dirs() -> Mapping[str, Traversable]:
    """Policy id -> folder, for every folder that has a rules.toml (read once:
    the shipped policies do not change while a process runs)."""
    root = policies_root()
    if not root.is_dir():
        return {}
    found = {}
    for entry in root.iterdir():
        if entry.is_dir() and POLICY_ID.match(entry.name) and (entry / RULES_FILE).is_file():
            found[entry.name] = entry
    return MappingProxyType(dict(sorted(found.items())))


def display_path(policy_id: str, filename: str) -> str:
    """The repository-relative name used in error messages, wherever the file really is."""
    return f"policies/{policy_id}/{filename}"

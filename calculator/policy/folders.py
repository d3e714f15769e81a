"""Where the policy folders are.

Installed from the wheel, the build backend has put `policies/` inside the package as
``calculator/policies`` (package data), which is also what Pyodide sees. Run from the
source tree, the package has no such folder and the repository's ``policies/`` next to
the package is used instead. Both are read through the Traversable API so a zipped
install would work as well.

``CALCULATOR_EXTRA_POLICIES`` (folders separated by the system's path separator) adds
policy folders from elsewhere: the test fixture policies of ``tests/fixtures/policies``,
which the build puts into a test site's wheel (``scripts/build.py --extra-policies``) and
never into the real one.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from types import MappingProxyType

from ..errors import RulesError

RULES_FILE = "rules.toml"
NOTICE_FILE = "notice.md"
POLICY_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
EXTRA_ROOTS = "CALCULATOR_EXTRA_POLICIES"


@cache
def policies_root() -> Traversable:
    packaged = resources.files("calculator") / "policies"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent.parent / "policies"


def policy_dirs() -> Mapping[str, Traversable]:
    """Policy id -> folder, for every folder that has a rules.toml."""
    return _policy_dirs(os.environ.get(EXTRA_ROOTS, ""))


@cache
def _policy_dirs(extra: str) -> Mapping[str, Traversable]:
    # Read once per set of roots: the policies do not change while a process runs.
    found: dict[str, Traversable] = {}
    roots = [policies_root(), *(Path(p) for p in extra.split(os.pathsep) if p)]
    for root in roots:
        if not root.is_dir():
            continue
        for entry in root.iterdir():
            if entry.is_dir() and POLICY_ID.match(entry.name) and (entry / RULES_FILE).is_file():
                if entry.name in found:
                    raise RulesError([(display_path(entry.name, RULES_FILE), "",
                                       f"policy id found in two folders: {found[entry.name]} and {entry}")])
                found[entry.name] = entry
    return MappingProxyType(dict(sorted(found.items())))


def display_path(policy_id: str, filename: str) -> str:
    """The repository-relative name used in error messages, wherever the file really is."""
    return f"policies/{policy_id}/{filename}"

#!/usr/bin/env python3
"""Is requirements.lock the lock of pyproject.toml? Every dependency pinned there
(``name==version`` in any extra, and the build backend) must be in the lock at that
version, and every package of the lock pinned with ``==`` and at least one sha256.

`make` runs this before installing, so a dependency added to pyproject.toml without
``make lock`` stops the install with the command to run, instead of a test failing later
on a missing import.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAME = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*==\s*([^\s;\\]+)")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def wanted(pyproject: Path) -> dict[str, str]:
    data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    pins = {}
    specs = [*data["project"].get("dependencies", []), *data["build-system"].get("requires", [])]
    for extra in data["project"].get("optional-dependencies", {}).values():
        specs += extra
    for spec in specs:
        match = NAME.match(spec)
        if not match:
            raise SystemExit(f"{pyproject.name}: “{spec}” is not pinned with ==")
        pins[canonical(match.group(1))] = match.group(3)
    return pins


def locked(lock: Path) -> tuple[dict[str, str], list[str]]:
    """name -> version, and the problems of the lock itself."""
    entries, problems = {}, []
    text = lock.read_text(encoding="utf-8").replace("\\\n", " ")
    for line in text.splitlines():
        line = line.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        match = NAME.match(line)
        if not match:
            problems.append(f"not pinned with ==: {line[:80]}")
            continue
        name = canonical(match.group(1))
        entries[name] = match.group(3)
        if "--hash=sha256:" not in line:
            problems.append(f"{name}: no sha256 hash")
    return entries, problems


def check(pyproject: Path = ROOT / "pyproject.toml", lock: Path = ROOT / "requirements.lock") -> list[str]:
    if not lock.is_file():
        return [f"{lock.name} is missing"]
    entries, problems = locked(lock)
    for name, version in wanted(pyproject).items():
        if name not in entries:
            problems.append(f"{name}=={version} (pyproject.toml) is not in {lock.name}")
        elif entries[name] != version:
            problems.append(f"{name}: pyproject.toml pins {version}, {lock.name} has {entries[name]}")
    return problems


def main() -> int:
    problems = check()
    for problem in problems:
        print(f"requirements.lock: {problem}", file=sys.stderr)
    if problems:
        print("Regenerate the lock with `make lock` (see the README, Dependencies).", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

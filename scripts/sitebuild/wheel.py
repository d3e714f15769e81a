"""Build the calculator wheel with pypa/build (`pyodide build` needs a network).

The wheel carries the policies as package data (pyproject.toml). A test site's wheel also
carries the policies of extra roots (the test fixtures): it is built from a copy of the
project whose policies/ holds both, so the real wheel never does.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .errors import BuildError

# What the wheel is built from (pyproject.toml's sdist includes the same).
PROJECT_FILES = ("pyproject.toml", "README.md")


def build(project: Path, out: Path, extra_policies: Sequence[Path] = ()) -> Path:
    shutil.rmtree(out, ignore_errors=True)
    if not extra_policies:
        return _build(project, out)
    with tempfile.TemporaryDirectory(prefix="wheel-project-") as tmp:
        copy = Path(tmp)
        for name in PROJECT_FILES:
            shutil.copy2(project / name, copy / name)
        shutil.copytree(project / "calculator", copy / "calculator", ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copytree(project / "policies", copy / "policies")
        for root in extra_policies:
            for folder in sorted(p for p in root.iterdir() if p.is_dir()):
                if (copy / "policies" / folder.name).exists():
                    raise BuildError(f"{folder}: a policy {folder.name!r} exists already")
                shutil.copytree(folder, copy / "policies" / folder.name)
        return _build(copy, out)


def _build(project: Path, out: Path) -> Path:
    # No isolation: the pinned hatchling is already in the virtual environment,
    # which keeps the build offline and fast.
    result = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(project)],
        capture_output=True, text=True,
    )
    if result.returncode:
        raise BuildError(f"building the calculator wheel failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    wheels = sorted(out.glob("calculator-*-py3-none-any.whl"))
    if len(wheels) != 1:
        raise BuildError(f"expected one pure calculator wheel in {out}, found {[w.name for w in wheels]}")
    return wheels[0]

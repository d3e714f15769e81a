"""Build the calculator wheel with pypa/build (`pyodide build` needs a network)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from .errors import BuildError


def build(project: Path, out: Path) -> Path:
    shutil.rmtree(out, ignore_errors=True)
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

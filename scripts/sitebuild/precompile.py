"""Boot-time levers, made at build time inside Pyodide under Node (the host
Python is not 3.14): a standard library and wheels compiled to .pyc, and a
memory snapshot with the calculator already imported. See scripts/pyodide/README.md.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

from .errors import BuildError

TOOLS = Path(__file__).resolve().parent.parent / "pyodide"
# The stdlib files the snapshot's modules came from: what a plain boot mounts.
TRIMMED_STDLIB = "python_stdlib.trimmed.zip"


def _node(script: str, *args: str) -> str:
    node = shutil.which("node")
    if not node:
        raise BuildError("node is not installed: the build compiles the standard library inside Pyodide under Node")
    result = subprocess.run([node, str(TOOLS / script), *args], capture_output=True, text=True)
    if result.returncode:
        raise BuildError(f"scripts/pyodide/{script} failed:\n{(result.stdout + result.stderr)[-3000:]}")
    return result.stdout


def stdlib(pyodide_dir: Path, cache: Path) -> Path:
    """The compiled standard library, cached by the inputs that determine it."""
    key = hashlib.sha256()
    for path in (pyodide_dir / "python_stdlib.zip", pyodide_dir / "pyodide.asm.wasm",
                 TOOLS / "_pyc.py", TOOLS / "compile_stdlib.mjs"):
        key.update(hashlib.sha256(path.read_bytes()).digest())
    target = cache / f"python_stdlib-{key.hexdigest()[:16]}.zip"
    if not target.is_file():
        cache.mkdir(parents=True, exist_ok=True)
        for stale in cache.glob("python_stdlib-*.zip"):
            stale.unlink()
        partial = target.with_suffix(".part")
        _node("compile_stdlib.mjs", "--pyodide", str(pyodide_dir), "--out", str(partial))
        partial.rename(target)
    return target


def wheel(pyodide_dir: Path, stdlib_zip: Path, source: Path, out: Path) -> None:
    _node("compile_wheel.mjs", "--pyodide", str(pyodide_dir), "--stdlib", str(stdlib_zip),
          "--wheel", str(source), "--out", str(out))


def snapshot(pyodide_dir: Path, folder: Path, packages: list[str], import_code: str) -> None:
    """snapshot.pages.gz + snapshot.json in `folder`; the raw 30 MB image is not shipped.

    The snapshot is made to mount the stdlib zip only when an import needs it,
    so a snapshot boot downloads none of it (web/runtime/boot.js lateStdlibCode); a
    plain boot (on a slow link, or the fallback) mounts the trimmed stdlib instead."""
    raw = folder / "snapshot.bin"
    _node("make_snapshot.mjs", "--pyodide", str(pyodide_dir), "--stdlib", str(folder / "python_stdlib.zip"),
          "--lockfile", str(folder / "pyodide-lock.json"), "--packages", ",".join(packages),
          "--import", import_code, "--out", str(raw), "--manifest", str(folder / "snapshot.json"),
          "--gzip", "--late-stdlib", "--trimmed-stdlib", str(folder / TRIMMED_STDLIB))
    raw.unlink()

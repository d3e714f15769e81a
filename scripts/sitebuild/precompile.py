"""Boot-time levers, made at build time inside Pyodide under Node (the host
Python is not 3.14): a standard library and wheels compiled to .pyc, and a
memory snapshot with the calculator already imported. See scripts/pyodide/README.md.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import lzma
import shutil
import subprocess
from pathlib import Path

from .errors import BuildError

TOOLS = Path(__file__).resolve().parent.parent / "pyodide"
# The stdlib files the snapshot's modules came from: what a plain boot mounts.
TRIMMED_STDLIB = "python_stdlib.trimmed.zip"
# The snapshot's pages, xz instead of gzip: 28% smaller, inflated in about four
# times the CPU by a small wasm decoder (xz-decompress); a worker on a medium
# link takes it (web/runtime/worker.js).
PAGES_XZ = "snapshot.pages.xz"
# Docstrings and asserts compiled out (`python -OO`, which CPython supports for
# its standard library): 0.3 MB less snapshot and 0.6 MB less stdlib zip. The
# calculator reads no docstring and validates input with errors, not asserts
# (tests/test_compiled_out.py); Pyodide's own docstring helpers take None.
OPTIMIZE = "2"


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
    key.update(f"optimize={OPTIMIZE}".encode())
    target = cache / f"python_stdlib-{key.hexdigest()[:16]}.zip"
    if not target.is_file():
        cache.mkdir(parents=True, exist_ok=True)
        for stale in cache.glob("python_stdlib-*.zip"):
            stale.unlink()
        partial = target.with_suffix(".part")
        _node("compile_stdlib.mjs", "--pyodide", str(pyodide_dir), "--out", str(partial), "--optimize", OPTIMIZE)
        partial.rename(target)
    return target


def wheel(pyodide_dir: Path, stdlib_zip: Path, source: Path, out: Path) -> None:
    _node("compile_wheel.mjs", "--pyodide", str(pyodide_dir), "--stdlib", str(stdlib_zip),
          "--wheel", str(source), "--out", str(out), "--optimize", OPTIMIZE)


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
    _pages_xz(folder)


def _pages_xz(folder: Path) -> None:
    """snapshot.pages.xz beside snapshot.pages.gz, with the same contents, listed in the manifest."""
    manifest_path = folder / "snapshot.json"
    manifest = json.loads(manifest_path.read_text())
    pages = manifest["snapshot"]["pages"]
    data = gzip.decompress((folder / pages["file"]).read_bytes())
    # CRC32: the check every xz decoder has (fetch's integrity checks the download).
    packed = lzma.compress(data, format=lzma.FORMAT_XZ, check=lzma.CHECK_CRC32,
                           preset=9 | lzma.PRESET_EXTREME)
    if lzma.decompress(packed) != data:
        raise BuildError(f"{PAGES_XZ}: does not inflate to the snapshot's pages")
    (folder / PAGES_XZ).write_bytes(packed)
    digest = base64.b64encode(hashlib.sha256(packed).digest()).decode()
    pages["xz"] = {"file": PAGES_XZ, "bytes": len(packed), "integrity": f"sha256-{digest}"}
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n")

"""Stage the Pyodide runtime and the calculator wheel in one versioned folder.

The folder name is a hash of its contents, so hosts may cache it for a year
and a new build never mixes with an old one. Module scripts are renamed from
`.mjs` to `.js` because stock nginx maps no `.mjs` type.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from .errors import BuildError

# source name in the npm package -> name served by the site
RUNTIME_FILES = {
    "pyodide.mjs": "pyodide.esm.js",
    "pyodide.asm.mjs": "pyodide.asm.js",
    "pyodide.asm.wasm": "pyodide.asm.wasm",
    "python_stdlib.zip": "python_stdlib.zip",
}
LOCKFILE = "pyodide-lock.json"


@dataclass(frozen=True)
class StagedRuntime:
    folder: Path          # build/runtime/<hash>
    version: str          # Pyodide version from the lockfile
    packages: tuple[str, ...]

    @property
    def url_path(self) -> str:
        """Site-relative folder, e.g. assets/runtime/3f2a…/"""
        return f"assets/runtime/{self.folder.name}/"


def stage(pyodide_dir: Path, wheel: Path, *, worker: Path, out: Path) -> StagedRuntime:
    missing = [name for name in (*RUNTIME_FILES, LOCKFILE) if not (pyodide_dir / name).is_file()]
    if missing:
        raise BuildError(f"{pyodide_dir}: missing {', '.join(missing)}; run `npm ci` (package.json pins pyodide)")
    shutil.rmtree(out, ignore_errors=True)
    work = out / "_staging"
    work.mkdir(parents=True)

    for source, target in RUNTIME_FILES.items():
        data = (pyodide_dir / source).read_bytes()
        if target.endswith(".js"):
            data = _strip_source_map(data)
        (work / target).write_bytes(data)
    shutil.copy2(wheel, work / wheel.name)
    shutil.copy2(worker, work / "worker.js")
    packages = _write_lockfile(pyodide_dir / LOCKFILE, [work / wheel.name], work / LOCKFILE)
    version = json.loads((pyodide_dir / "package.json").read_text())["version"]

    folder = out / _content_hash(work)
    work.rename(folder)
    return StagedRuntime(folder=folder, version=version, packages=packages)


def publish(staged: StagedRuntime, site: Path) -> Path:
    target = site / staged.url_path
    shutil.rmtree(target.parent, ignore_errors=True)
    shutil.copytree(staged.folder, target)
    return target


def _write_lockfile(source: Path, wheels: list[Path], target: Path) -> tuple[str, ...]:
    """Register our wheels in a copy of pyodide-lock.json, keeping only what we ship.

    Pruning means nothing in the lockfile can point at a file the site lacks
    (Pyodide would otherwise try its CDN for it).
    """
    from pyodide_lock import PyodideLockSpec
    from pyodide_lock.utils import add_wheels_to_spec

    spec = add_wheels_to_spec(PyodideLockSpec.from_json(source), wheels, base_path=target.parent)
    shipped = {w.name for w in wheels}
    spec.packages = {name: pkg for name, pkg in spec.packages.items() if pkg.file_name in shipped}
    for name, pkg in spec.packages.items():
        absent = [dep for dep in pkg.depends if dep not in spec.packages]
        if absent:
            raise BuildError(f"{wheels[0].name}: dependencies {absent} of {name} are not shipped with the site")
    spec.to_json(target)
    return tuple(sorted(spec.packages))


def _strip_source_map(data: bytes) -> bytes:
    # The .map files are not shipped; a dangling reference only adds a 404.
    lines = data.rstrip(b"\n").split(b"\n")
    if lines and lines[-1].startswith(b"//# sourceMappingURL="):
        lines.pop()
    return b"\n".join(lines) + b"\n"


def _content_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.iterdir()):
        digest.update(path.name.encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:12]

"""Stage the Pyodide runtime and the calculator wheel in one versioned folder.

The folder name is a hash of its contents, so hosts may cache it for a year
and a new build never mixes with an old one. Module scripts are renamed from
`.mjs` to `.js` because stock nginx maps no `.mjs` type.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import precompile
from .errors import BuildError

# source name in the npm package -> name served by the site
RUNTIME_FILES = {
    "pyodide.mjs": "pyodide.esm.js",
    "pyodide.asm.mjs": "pyodide.asm.js",
    # gzip -9 by the build: any host sends it small, whatever it compresses
    # (nginx's default level is 1, and many hosts compress no wasm at all), and
    # its type does not matter: the worker inflates and compiles it.
    "pyodide.asm.wasm": "pyodide.asm.wasm.gz",
    "python_stdlib.zip": "python_stdlib.zip",
}
LOCKFILE = "pyodide-lock.json"
APP_PACKAGE = "calculator"
APP_MODULE = "calculator.api"      # what the worker imports; baked into the snapshot
# Everything the API can reach, imported and loaded before the snapshot is
# taken: a snapshot boot then needs none of the package's files (worker.js).
# The codecs a roster file is decoded with are looked up on first use; looked up
# here, they are in the snapshot and in the trimmed stdlib, and decoding a
# GB 18030 CSV fetches no stdlib (calculator/forms/roster.py).
SNAPSHOT_CODE = (f"import {APP_MODULE}; {APP_MODULE}.preload(); "
                 "import codecs; [codecs.lookup(name) for name in ('utf-8-sig', 'gb18030')]")
# Staged beside worker.js under the same names (web/runtime/); the build's Node
# tools import boot.js from there too.
RUNTIME_MODULES = ("boot.js", "snapshot-worker.js")
# The xz decoder for snapshot.pages.xz (npm xz-decompress: xz-embedded compiled
# to wasm, inlined), a UMD script staged as the ES module boot.js imports.
XZ_DECODER = ("xz-decompress", "dist/package/xz-decompress.min.js", "xz-decompress.js")


@dataclass(frozen=True)
class StagedRuntime:
    folder: Path          # build/runtime/<hash>
    version: str          # Pyodide version from the lockfile
    packages: tuple[str, ...]

    @property
    def url_path(self) -> str:
        """Site-relative folder, e.g. assets/runtime/3f2a…/"""
        return f"assets/runtime/{self.folder.name}/"

    @property
    def first_visit_mb(self) -> int:
        """What a first visit downloads, as the pages tell the reader: the runtime and
        either the snapshot or (on a slow link) the trimmed stdlib and the calculator's
        wheel, whichever is larger. Uncompressed, as a host that compresses nothing sends it."""
        size = {f.name: f.stat().st_size for f in self.folder.iterdir()}
        common = sum(n for name, n in size.items() if not _on_demand(name) and name not in _ALTERNATIVES)
        plain = size.get(precompile.TRIMMED_STDLIB, 0) + sum(n for name, n in size.items()
                                                             if name.startswith(f"{APP_PACKAGE}-"))
        return round((common + max(size.get("snapshot.pages.gz", 0), plain)) / 1e6)

    @property
    def xlsx_mb(self) -> float:
        """The on-demand XLSX component (openpyxl, what it needs, and the stdlib zip)."""
        return round(sum(f.stat().st_size for f in self.folder.iterdir()
                         if _on_demand(f.name) and not f.name.startswith(f"{APP_PACKAGE}-")) / 1e6, 1)


_ALTERNATIVES = {"snapshot.pages.gz", precompile.PAGES_XZ, precompile.TRIMMED_STDLIB}


def _on_demand(name: str) -> bool:
    return name.endswith(".whl") or name == "python_stdlib.zip"


def stage(pyodide_dir: Path, wheel: Path, *, worker: Path, out: Path,
          extra_wheels: list[Path] = (), cache: Path) -> StagedRuntime:
    """Stage everything the worker loads into build/runtime/<hash>/.

    `wheel` (the calculator) is compiled to .pyc and baked into the memory
    snapshot; `extra_wheels` (openpyxl for XLSX) are shipped as they are and
    loaded only on demand.
    """
    missing = [name for name in (*RUNTIME_FILES, LOCKFILE) if not (pyodide_dir / name).is_file()]
    if missing:
        raise BuildError(f"{pyodide_dir}: missing {', '.join(missing)}; run `npm ci` (package.json pins pyodide)")
    xz_decoder = _xz_decoder_source(pyodide_dir.parent)   # before minutes of compiling
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="_staging-", dir=out))
    work.chmod(0o755)   # mkdtemp makes it private; web servers must read it

    for source, target in RUNTIME_FILES.items():
        data = (pyodide_dir / source).read_bytes()
        if target.endswith(".js"):
            data = _strip_source_map(data)
        if target.endswith(".gz"):
            data = gzip.compress(data, compresslevel=9, mtime=0)
        (work / target).write_bytes(data)
    shutil.copy2(precompile.stdlib(pyodide_dir, cache), work / "python_stdlib.zip")
    for extra in (wheel, *extra_wheels):
        shutil.copy2(extra, work / extra.name)
    # The lockfile entry is read from the source wheel (pyodide-lock finds the
    # import names from .py files), then its sha256 is taken from the compiled one.
    lock = _lockfile(pyodide_dir / LOCKFILE, [work / wheel.name, *(work / w.name for w in extra_wheels)], work)
    precompile.wheel(pyodide_dir, work / "python_stdlib.zip", wheel, work / wheel.name)
    packages = _write_lockfile(lock, work / LOCKFILE)
    precompile.snapshot(pyodide_dir, work, packages=[APP_PACKAGE], import_code=SNAPSHOT_CODE)
    shutil.copy2(worker, work / "worker.js")
    for name in RUNTIME_MODULES:
        shutil.copy2(worker.with_name(name), work / name)
    _stage_xz_decoder(xz_decoder, work)
    version = json.loads((pyodide_dir / "package.json").read_text())["version"]

    folder = out / _content_hash(work)
    shutil.rmtree(folder, ignore_errors=True)
    work.rename(folder)
    for old in out.iterdir():
        if old != folder and not old.name.startswith("_staging-"):
            shutil.rmtree(old, ignore_errors=True)
    return StagedRuntime(folder=folder, version=version, packages=packages)


def _xz_decoder_source(node_modules: Path) -> Path:
    package, source, _ = XZ_DECODER
    path = node_modules / package / source
    if not path.is_file():
        raise BuildError(f"{path}: missing; run `npm ci` (package.json and package-lock.json pin {package})")
    return path


def _stage_xz_decoder(path: Path, folder: Path) -> None:
    package, source, target = XZ_DECODER
    # The bundle's CommonJS branch, with nothing to require (it needs no Node module in a browser).
    text = path.read_text(encoding="utf-8").rstrip()
    # The pages' Content-Security-Policy has no 'unsafe-eval': the decoder must not need it.
    if "eval(" in text or "Function(" in text:
        raise BuildError(f"{path}: calls eval or Function, which the site's Content-Security-Policy refuses")
    (folder / target).write_text(
        f"// {package} (npm, MIT; xz-embedded: public domain), from node_modules/{package}/{source},\n"
        "// wrapped by scripts/sitebuild/runtime.py as an ES module.\n"
        "const module = { exports: {} };\nconst exports = module.exports;\nconst require = () => ({});\n"
        f"{text}\nexport const {{ XzReadableStream }} = module.exports;\n", encoding="utf-8")


def publish(staged: StagedRuntime, site: Path) -> Path:
    target = site / staged.url_path
    shutil.rmtree(target.parent, ignore_errors=True)
    shutil.copytree(staged.folder, target)
    return target


def _lockfile(source: Path, wheels: list[Path], folder: Path):
    """Our wheels registered in a copy of pyodide-lock.json, keeping only what we ship.

    Pruning means nothing in the lockfile can point at a file the site lacks
    (Pyodide would otherwise try its CDN for it).
    """
    from pyodide_lock import PyodideLockSpec
    from pyodide_lock.utils import add_wheels_to_spec

    spec = add_wheels_to_spec(PyodideLockSpec.from_json(source), wheels, base_path=folder)
    shipped = {w.name for w in wheels}
    spec.packages = {name: pkg for name, pkg in spec.packages.items() if pkg.file_name in shipped}
    for name, pkg in spec.packages.items():
        absent = [dep for dep in pkg.depends if dep not in spec.packages]
        if absent:
            raise BuildError(f"{pkg.file_name}: dependencies {absent} of {name} are not shipped with the site")
        if not pkg.imports:
            raise BuildError(f"{pkg.file_name}: no importable top-level module found")
    return spec


def _write_lockfile(spec, target: Path) -> tuple[str, ...]:
    """Write the lockfile with each wheel's sha256 as it is now on disk."""
    from pyodide_lock.utils import update_package_sha256

    for pkg in spec.packages.values():
        update_package_sha256(pkg, target.parent / pkg.file_name)
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

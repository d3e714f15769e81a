"""Obtain the pure-Python wheels the site ships besides the calculator: openpyxl (XLSX
download and import on /forms/) and its one dependency, et-xmlfile.

Pyodide's own lockfile lists neither, so the runtime step registers these wheels in the
site's copy of pyodide-lock.json (sha256 included) and the worker loads them only when a
download is asked for. The wheels are pinned by version *and* digest, and cached in
build/vendor so a rebuild needs no network; `pip download` (the ordinary client, against
whatever index pip is configured with) runs only when the cache lacks a wheel.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from .errors import BuildError

# file name -> sha256 of the wheel on PyPI (the same pins as pyproject's `xlsx` extra)
WHEELS = {
    "openpyxl-3.1.5-py2.py3-none-any.whl": "5282c12b107bffeef825f4617dc029afaf41d0ea60823bbb665ef3079dc79de2",
    "et_xmlfile-2.0.0-py3-none-any.whl": "7a91720bc756843502c3b7504c77b8fe44217c85c537d85037f0f536151b2caa",
}
REQUIREMENTS = ("openpyxl==3.1.5", "et_xmlfile==2.0.0")


def wheels(cache: Path) -> list[Path]:
    """The pinned wheels, downloaded into `cache` once and checked on every build."""
    cache.mkdir(parents=True, exist_ok=True)
    if not all(_ok(cache / name, digest) for name, digest in WHEELS.items()):
        _download(cache)
    found = []
    for name, digest in WHEELS.items():
        path = cache / name
        if not path.is_file():
            raise BuildError(f"{path}: pip did not produce this wheel; check the pins in scripts/sitebuild/vendor.py")
        if not _ok(path, digest):
            raise BuildError(f"{path}: sha256 does not match the pin in scripts/sitebuild/vendor.py "
                             "(delete the file to download it again)")
        found.append(path)
    return found


def _ok(path: Path, digest: str) -> bool:
    return path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() == digest


def _download(cache: Path) -> None:
    command = [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
               "--no-deps", "--only-binary=:all:", "--dest", str(cache), *REQUIREMENTS]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode:
        raise BuildError("downloading the openpyxl wheels for the site failed (needs the package index once; "
                         f"later builds use {cache}):\n{result.stderr[-2000:]}")

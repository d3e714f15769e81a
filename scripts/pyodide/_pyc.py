"""Byte-compile a zip archive (the Pyodide stdlib zip or a pure-Python wheel).

This file is executed *inside* Pyodide (Python 3.14 on WebAssembly) by
compile_stdlib.mjs / compile_wheel.mjs, because the .pyc format (magic number,
bytecode) is specific to the exact CPython minor version, and the host python3
is a different version.

Design decisions:

* Unchecked hash-based pycs (PEP 552, flags = 0b01). The header carries
  SipHash of the source instead of an mtime, so the output does not depend on
  file timestamps, and the importer never tries to validate it (there is no
  source to validate against anyway: the .py files are dropped). zipimport and
  SourcelessFileLoader both accept it; with ``_imp.check_hash_based_pycs ==
  "default"`` (the Pyodide default) nothing is ever re-checked.
* ``module.pyc`` replaces ``module.py`` in place (not __pycache__/): zipimport
  searches ``<name>.pyc`` / ``<name>/__init__.pyc`` next to where the source
  would be, and the sourceless FileFinder loader does the same for directories.
* Optimisation level defaults to ``sys.flags.optimize`` of the running
  interpreter (0 in Pyodide), i.e. exactly what compiling from source at
  import time would have produced (docstrings and asserts are kept).
* ``co_filename`` is the path the source would have had at runtime
  (``/lib/python314.zip/json/__init__.py``,
  ``/lib/python3.14/site-packages/pkg/mod.py``), so tracebacks name real
  modules (they cannot show source lines, because there is no source).
* Deterministic output: entries sorted, fixed timestamps (1980-01-01), fixed
  permissions, fixed compression level; compile with PYTHONHASHSEED=0 (set by
  the caller) so frozenset constants marshal in a stable order.
"""

import base64
import csv
import hashlib
import io
import importlib.util
import json
import marshal
import sys
import zipfile

FIXED_DATE = (1980, 1, 1, 0, 0, 0)
PYC_FLAGS_UNCHECKED_HASH = 0b01


def make_pyc(source: bytes, co_filename: str, optimize: int) -> bytes:
    code = compile(source, co_filename, "exec", dont_inherit=True, optimize=optimize)
    header = bytearray(importlib.util.MAGIC_NUMBER)
    header += PYC_FLAGS_UNCHECKED_HASH.to_bytes(4, "little")
    header += importlib.util.source_hash(source)
    return bytes(header) + marshal.dumps(code)


def _zinfo(name: str, is_dir: bool, compress_type: int) -> zipfile.ZipInfo:
    zi = zipfile.ZipInfo(name, date_time=FIXED_DATE)
    zi.create_system = 3  # Unix, so external_attr carries the mode bits
    if is_dir:
        zi.external_attr = (0o40755 << 16) | 0x10
        zi.compress_type = zipfile.ZIP_STORED
    else:
        zi.external_attr = 0o100644 << 16
        zi.compress_type = compress_type
    return zi


def _write_zip(dst: str, entries, compresslevel: int):
    """entries: iterable of (name, data-or-None-for-directory) in final order."""
    compress_type = zipfile.ZIP_STORED if compresslevel == 0 else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(dst, "w", allowZip64=False) as zout:
        for name, data in entries:
            zi = _zinfo(name, data is None, compress_type)
            if data is None:
                zout.writestr(zi, b"")
            else:
                zout.writestr(
                    zi,
                    data,
                    compress_type=compress_type,
                    compresslevel=compresslevel if compress_type == zipfile.ZIP_DEFLATED else None,
                )


def _optimize(optimize):
    return sys.flags.optimize if optimize is None or optimize < 0 else optimize


def compile_stdlib(src: str, dst: str, prefix: str, optimize=None, compresslevel=9) -> str:
    """Compile every .py of the stdlib zip ``src`` into ``dst``.

    prefix: the runtime location of the zip, e.g. "/lib/python314.zip/".
    Non-Python members (data files, directory entries) are copied unchanged.
    Sources that fail to compile are kept as .py (and reported).
    """
    opt = _optimize(optimize)
    out = {}
    failed = []
    n_py = n_pyc = 0
    src_py_bytes = pyc_bytes = 0
    with zipfile.ZipFile(src) as zin:
        sources = {n for n in zin.namelist() if n.endswith(".py")}
        for info in zin.infolist():
            name = info.filename
            if info.is_dir():
                out[name] = None
                continue
            data = zin.read(info)
            if name.endswith(".py"):
                n_py += 1
                src_py_bytes += len(data)
                try:
                    pyc = make_pyc(data, prefix + name, opt)
                except (SyntaxError, ValueError) as e:
                    failed.append(f"{name}: {type(e).__name__}: {e}")
                    out[name] = data
                    continue
                out[name + "c"] = pyc
                n_pyc += 1
                pyc_bytes += len(pyc)
            elif name.endswith(".pyc") and name[:-1] in sources:
                continue  # regenerated from the .py next to it
            else:
                out[name] = data  # data file, or a .pyc without source (already compiled input)
    _write_zip(dst, sorted(out.items()), compresslevel)
    return json.dumps(
        {
            "optimize": opt,
            "magic": importlib.util.MAGIC_NUMBER.hex(),
            "cache_tag": sys.implementation.cache_tag,
            "py_files": n_py,
            "pyc_written": n_pyc,
            "kept_as_source": failed,
            "data_files": sorted(k for k, v in out.items() if v is not None and not k.endswith(".pyc")),
            "source_bytes": src_py_bytes,
            "pyc_bytes": pyc_bytes,
        }
    )


def _record_hash(data: bytes) -> str:
    digest = hashlib.sha256(data).digest()
    return "sha256=" + base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def compile_wheel(src: str, dst: str, site_packages: str, optimize=None, compresslevel=9) -> str:
    """Replace *.py by *.pyc in a pure-Python wheel and rewrite RECORD.

    Only importable files are compiled: files under ``<name>.dist-info/`` and
    ``<name>.data/`` (scripts, headers, data schemes) are copied verbatim.
    """
    opt = _optimize(optimize)
    with zipfile.ZipFile(src) as zin:
        names = zin.namelist()
        top = {n.split("/", 1)[0] for n in names}
        dist_info = [t for t in top if t.endswith(".dist-info")]
        if len(dist_info) != 1:
            raise ValueError(f"expected exactly one .dist-info directory, found {dist_info}")
        dist_info = dist_info[0]
        record_name = f"{dist_info}/RECORD"
        wheel_meta = zin.read(f"{dist_info}/WHEEL").decode("utf-8")
        if "Root-Is-Purelib: true" not in wheel_meta:
            raise ValueError("not a pure-Python wheel (Root-Is-Purelib is not true)")

        files = {}
        renamed = {}
        failed = []
        for info in zin.infolist():
            name = info.filename
            if info.is_dir() or name == record_name:
                continue  # RECORD is regenerated; directory entries are implicit in wheels
            data = zin.read(info)
            head = name.split("/", 1)[0]
            compilable = (
                name.endswith(".py")
                and not head.endswith(".dist-info")
                and not head.endswith(".data")
            )
            if compilable:
                try:
                    pyc = make_pyc(data, f"{site_packages.rstrip('/')}/{name}", opt)
                except (SyntaxError, ValueError) as e:
                    failed.append(f"{name}: {type(e).__name__}: {e}")
                    files[name] = data
                    continue
                files[name + "c"] = pyc
                renamed[name] = name + "c"
            elif name.endswith(".pyc") and name[:-1] in names:
                continue  # regenerated from the .py next to it
            else:
                files[name] = data

    # Order: package files sorted, then .dist-info (RECORD last), as the wheel
    # spec recommends putting the metadata at the end of the archive.
    body = sorted(n for n in files if not n.startswith(dist_info + "/"))
    meta = sorted(n for n in files if n.startswith(dist_info + "/"))
    order = body + meta
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")  # RECORD is CSV (quotes names with commas)
    for n in order:
        w.writerow([n, _record_hash(files[n]), len(files[n])])
    w.writerow([record_name, "", ""])
    record = buf.getvalue().encode("utf-8")
    entries = [(n, files[n]) for n in order] + [(record_name, record)]
    _write_zip(dst, entries, compresslevel)
    return json.dumps(
        {
            "optimize": opt,
            "magic": importlib.util.MAGIC_NUMBER.hex(),
            "dist_info": dist_info,
            "compiled": sorted(renamed.values()),
            "kept_as_source": failed,
            "data_files": [n for n in order if not n.endswith(".pyc")],
        }
    )


def trim_stdlib(src: str, dst: str, members: list[str], compresslevel=9) -> str:
    """The stdlib zip with only `members` (and their directories), byte-stable like the rest.

    A plain boot that needs only what the app imports mounts this one; the full zip
    replaces it when an import needs more (web/runtime/boot.js LATE_STDLIB)."""
    with zipfile.ZipFile(src) as zin:
        names = set(zin.namelist())
        missing = sorted(set(members) - names)
        if missing:
            raise ValueError(f"not in {src}: {missing[:5]}")
        keep = set(members)
        for member in members:
            parts = member.split("/")[:-1]
            for i in range(1, len(parts) + 1):
                directory = "/".join(parts[:i]) + "/"
                if directory in names:
                    keep.add(directory)
        entries = [(n, None if n.endswith("/") else zin.read(n)) for n in sorted(keep)]
    _write_zip(dst, entries, compresslevel)
    return json.dumps({"members": len(entries)})

"""The build pipeline's own promises: a versioned runtime folder, a lockfile
that lists exactly what the site ships, and errors that name the file."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from sitebuild import policies, runtime, wheel  # noqa: E402
from sitebuild.errors import BuildError  # noqa: E402

PYODIDE = ROOT / "node_modules" / "pyodide"


@pytest.fixture(scope="module")
def calculator_wheel(tmp_path_factory):
    return wheel.build(ROOT, tmp_path_factory.mktemp("wheel"))


CACHE = ROOT / "build" / "cache"   # the compiled standard library, shared with `make site`


@pytest.fixture(scope="module")
def staged(calculator_wheel, tmp_path_factory):
    return runtime.stage(PYODIDE, calculator_wheel, worker=ROOT / "web/runtime/worker.js",
                         out=tmp_path_factory.mktemp("runtime"), cache=CACHE)


def test_wheel_carries_the_policies_as_package_data(calculator_wheel):
    import zipfile
    names = zipfile.ZipFile(calculator_wheel).namelist()
    for policy in ("henan-luoyang-2023", "hunan-2023"):
        assert f"calculator/policies/{policy}/rules.toml" in names
        assert f"calculator/policies/{policy}/notice.md" in names


def test_runtime_files_are_modules_with_js_names(staged):
    names = sorted(p.name for p in staged.folder.iterdir())
    assert "worker.js" in names and "pyodide.esm.js" in names and "pyodide.asm.js" in names
    assert not [n for n in names if n.endswith(".mjs")]
    assert b"sourceMappingURL" not in (staged.folder / "pyodide.esm.js").read_bytes()[-200:]


def test_lockfile_lists_exactly_the_shipped_wheel_with_its_hash(staged):
    lock = json.loads((staged.folder / "pyodide-lock.json").read_text())
    assert list(lock["packages"]) == ["calculator"]
    entry = lock["packages"]["calculator"]
    data = (staged.folder / entry["file_name"]).read_bytes()
    assert entry["sha256"] == hashlib.sha256(data).hexdigest()
    assert entry["imports"] == ["calculator"]


def test_runtime_folder_name_is_a_content_hash(staged):
    assert staged.folder.name == runtime._content_hash(staged.folder)
    assert staged.url_path == f"assets/runtime/{staged.folder.name}/"


def test_a_rebuild_from_the_same_sources_gives_the_same_folder(staged, tmp_path):
    """Hosts cache the runtime folder for a year under its content hash: a rebuild with
    nothing changed (a deploy that only touched a page) must not send returning
    visitors 20 MB again, so the wheel and the memory snapshot are reproducible."""
    again = runtime.stage(PYODIDE, wheel.build(ROOT, tmp_path / "wheel"), worker=ROOT / "web/runtime/worker.js",
                          out=tmp_path / "runtime", cache=CACHE)
    different = [p.name for p in staged.folder.iterdir()
                 if p.read_bytes() != (again.folder / p.name).read_bytes()]
    assert not different
    assert again.folder.name == staged.folder.name


def test_stdlib_and_wheel_are_precompiled(staged):
    import zipfile
    stdlib = zipfile.ZipFile(staged.folder / "python_stdlib.zip").namelist()
    assert "json/__init__.pyc" in stdlib and "json/__init__.py" not in stdlib
    app = zipfile.ZipFile(staged.folder / "calculator-0.1.0-py3-none-any.whl").namelist()
    assert "calculator/api.pyc" in app and "calculator/api.py" not in app
    assert "calculator/policies/hunan-2023/rules.toml" in app


def test_snapshot_manifest_matches_the_shipped_files(staged):
    manifest = json.loads((staged.folder / "snapshot.json").read_text())
    pages = manifest["snapshot"]["pages"]
    gz = (staged.folder / pages["file"]).read_bytes()
    data = gzip.decompress(gz)
    # fetch's integrity takes the download, or its content when a host inflated it on the way
    assert pages["integrity"].split() == [_sri(gz), _sri(data)]
    assert len(data) == pages["dataBytes"] < manifest["snapshot"]["bytes"] / 2
    stdlib = (staged.folder / "python_stdlib.zip").read_bytes()
    assert manifest["stdlib"]["integrity"] == _sri(stdlib)
    assert manifest["stdlib"]["mount"] == "later"   # a snapshot boot downloads no stdlib
    assert not (staged.folder / "snapshot.bin").exists()   # only the pages that differ ship


def _sri(data: bytes) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(data).digest()).decode()


def test_missing_pyodide_names_the_folder_and_the_fix(calculator_wheel, tmp_path):
    with pytest.raises(BuildError, match=r"missing .*pyodide\.asm\.wasm.*npm ci"):
        runtime.stage(tmp_path, calculator_wheel, worker=ROOT / "web/runtime/worker.js", out=tmp_path / "o",
                      cache=CACHE)


def test_missing_xz_decoder_names_the_file_and_the_fix(tmp_path):
    with pytest.raises(BuildError, match=r"xz-decompress.*missing; run `npm ci`"):
        runtime._xz_decoder_source(tmp_path)


def test_the_xz_decoder_is_pinned_with_its_hash():
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    entry = lock["packages"]["node_modules/xz-decompress"]
    assert entry["version"] == json.loads((ROOT / "package.json").read_text())["dependencies"]["xz-decompress"]
    assert entry["integrity"].startswith("sha512-")


def test_the_staged_xz_decoder_is_an_es_module_without_eval(tmp_path):
    runtime._stage_xz_decoder(runtime._xz_decoder_source(ROOT / "node_modules"), tmp_path)
    text = (tmp_path / "xz-decompress.js").read_text(encoding="utf-8")
    assert text.rstrip().endswith("export const { XzReadableStream } = module.exports;")
    assert "eval(" not in text and "Function(" not in text


@pytest.fixture
def policy_copy(tmp_path):
    target = tmp_path / "policies"
    shutil.copytree(ROOT / "policies", target)
    return target


def test_notice_without_front_matter_fails_naming_the_file(policy_copy):
    notice = policy_copy / "hunan-2023" / "notice.md"
    notice.write_text(notice.read_text(encoding="utf-8").split("---", 2)[2], encoding="utf-8")
    with pytest.raises(BuildError, match=r"hunan-2023/notice\.md: no YAML front matter"):
        policies.load(policy_copy)


def test_front_matter_must_match_its_folder(policy_copy):
    notice = policy_copy / "hunan-2023" / "notice.md"
    notice.write_text(notice.read_text(encoding="utf-8").replace("policy_id: hunan-2023", "policy_id: hunan"),
                      encoding="utf-8")
    with pytest.raises(BuildError, match=r"hunan-2023/notice\.md: policy_id is 'hunan'"):
        policies.load(policy_copy)


def test_missing_notice_fails_naming_the_file(policy_copy):
    (policy_copy / "hunan-2023" / "notice.md").unlink()
    with pytest.raises(BuildError, match=r"hunan-2023/notice\.md: missing"):
        policies.load(policy_copy)

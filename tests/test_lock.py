"""Python dependencies are locked (requirements.lock: every transitive pin with its sha256)
and installed with hashes checked; the lock is the lock of pyproject.toml."""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import check_lock  # noqa: E402


def test_the_lock_matches_pyproject_and_hashes_every_package():
    assert check_lock.check() == []


def test_the_lock_holds_every_installed_distribution():
    """Transitive pins too: whatever the venv has (from make), the lock names, at that version."""
    from importlib import metadata

    entries, _ = check_lock.locked(ROOT / "requirements.lock")
    installed = {check_lock.canonical(d.metadata["Name"]): d.version for d in metadata.distributions()}
    tools = {"pip", "setuptools", "wheel", "calculator"}
    missing = {n: v for n, v in installed.items() if n not in tools and entries.get(n) != v}
    assert not missing, f"installed but not locked at that version: {missing}"


def test_a_stale_lock_is_caught(tmp_path):
    pyproject = tmp_path / "pyproject.toml"
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    pyproject.write_text(text.replace('"pytest==9.2.0",', '"pytest==9.2.0",\n    "tomli-w==9.9.9",'),
                         encoding="utf-8")
    assert check_lock.check(pyproject) == ["tomli-w==9.9.9 (pyproject.toml) is not in requirements.lock"]
    lock = tmp_path / "requirements.lock"
    lock.write_text("pytest==9.2.0\n", encoding="utf-8")
    assert "pytest: no sha256 hash" in check_lock.check(ROOT / "pyproject.toml", lock)


def test_make_installs_with_hashes_checked():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"pip install .*--require-hashes.* -r \$\(LOCK\)", makefile)
    assert "scripts/check_lock.py" in makefile

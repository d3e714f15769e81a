"""The browser runs the calculator compiled with `-OO` (scripts/sitebuild/precompile.py
OPTIMIZE): docstrings and assert statements are compiled out. So the package must not
read a docstring (`__doc__`, inspect.getdoc, pydoc) nor rely on `assert` to check
anything, or the page would behave differently from the command line."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from sitebuild import precompile

PACKAGE = Path(__file__).resolve().parent.parent / "calculator"
SOURCES = sorted(PACKAGE.rglob("*.py"))


def test_the_build_compiles_with_docstrings_and_asserts_out():
    assert precompile.OPTIMIZE == "2"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_no_assert_and_no_docstring_read(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assert):
            problems.append(f"line {node.lineno}: assert")
        elif isinstance(node, ast.Attribute) and node.attr == "__doc__":
            problems.append(f"line {node.lineno}: reads __doc__")
        elif isinstance(node, ast.Name) and node.id == "__doc__":
            problems.append(f"line {node.lineno}: reads the module's __doc__")
        elif isinstance(node, ast.Attribute) and node.attr == "getdoc":
            problems.append(f"line {node.lineno}: inspect.getdoc")
        elif isinstance(node, (ast.Import, ast.ImportFrom)) and any(
                alias.name.split(".")[0] == "pydoc" for alias in node.names) or (
                isinstance(node, ast.ImportFrom) and node.module == "pydoc"):
            problems.append(f"line {node.lineno}: imports pydoc")
    assert not problems, problems

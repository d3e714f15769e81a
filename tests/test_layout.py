"""The package's layout is its architecture (ARCHITECTURE.md), and stays so: no import
cycle, imports at the top of modules (only the optional openpyxl is imported lazily),
`forms` a library that neither the command line nor the worker entry is imported by,
no module reaching into another's private names, and one complete module for every
method and check rule rules.toml may name."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

import calculator
from calculator import checks, methods
from calculator.checks.base import CheckRule
from calculator.methods.base import Method

PACKAGE = Path(calculator.__file__).parent
ROOT = PACKAGE.parent
LAZY = {"openpyxl"}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py")) if p.name != "__main__.py"}


def _imports(name: str, path: Path) -> list[tuple[ast.AST, str, bool]]:
    """(node, imported module, inside a function) for every import of a module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    inside = {id(n) for fn in ast.walk(tree) if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef))
              for n in ast.walk(fn) if n is not fn}
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node, alias.name, id(node) in inside) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package
            for _ in range(node.level - 1):
                base = base.rpartition(".")[0]
            target = f"{base}.{node.module}" if node.level and node.module else (base if node.level else node.module)
            for alias in node.names:
                # `from package import submodule` depends on the submodule itself.
                sub = f"{target}.{alias.name}"
                found.append((node, sub if sub in MODULES else target, id(node) in inside))
    return found


def test_the_package_has_the_layers_of_the_architecture():
    for folder in ("policy", "methods", "checks", "assessment", "employer", "forms", "cli"):
        assert (PACKAGE / folder / "__init__.py").is_file(), folder


def test_no_import_cycle():
    graph = {name: {target for _, target, lazy in _imports(name, path) if target in MODULES and not lazy}
             for name, path in MODULES.items()}
    assert graph["calculator.policy.loader"] >= {"calculator.policy.coherence", "calculator.policy.model"}
    done: set[str] = set()

    def visit(name: str, trail: list[str]) -> None:
        if name in trail:
            cycle = trail[trail.index(name):] + [name]
            pytest.fail("import cycle: " + " -> ".join(cycle))
        if name in done:
            return
        for target in sorted(graph[name]):
            visit(target, [*trail, name])
        done.add(name)

    for name in MODULES:
        visit(name, [])


def test_imports_inside_functions_only_for_the_optional_dependency():
    for name, path in MODULES.items():
        for node, target, lazy in _imports(name, path):
            if lazy:
                assert target.split(".")[0] in LAZY, f"{name}:{node.lineno} imports {target} inside a function"


def test_forms_is_a_library():
    for name, path in MODULES.items():
        if name.startswith("calculator.forms"):
            targets = {target for _, target, _ in _imports(name, path)}
            assert not {t for t in targets if t.startswith(("calculator.cli", "calculator.api"))}, name


def test_no_module_imports_another_modules_private_names():
    for name, path in MODULES.items():
        for node, target, _ in _imports(name, path):
            if isinstance(node, ast.ImportFrom):
                private = [a.name for a in node.names if a.name.startswith("_") and a.name != "__version__"]
                assert not private, f"{name}:{node.lineno} imports {private} from {target}"


def test_every_method_module_is_one_complete_method():
    assert set(methods.METHODS) == {p.stem for p in (PACKAGE / "methods").glob("*.py")} - {"__init__", "base"}
    for name, method in methods.METHODS.items():
        assert isinstance(method, Method), name
        for part in ("credits", "working", "rate"):
            assert getattr(type(method), part) is not getattr(Method, part), f"methods/{name}.py lacks {part}()"
        assert (PACKAGE / "methods" / f"{name}.py").read_text(encoding="utf-8").startswith('"""'), name


def test_every_check_module_is_one_complete_rule():
    assert set(checks.RULES) == {p.stem for p in (PACKAGE / "checks").glob("*.py")} - {"__init__", "base", "minimum"}
    for name, rule in checks.RULES.items():
        assert isinstance(rule, CheckRule), name
        assert type(rule).evaluate is not CheckRule.evaluate, f"checks/{name}.py lacks evaluate()"


@pytest.mark.parametrize("folder", sorted((ROOT / "policies").iterdir()) + sorted(
    p for p in (ROOT / "tests" / "fixtures" / "policies").iterdir() if p.is_dir()), ids=lambda p: p.name)
def test_a_rule_leads_to_its_module(folder):
    """rules.toml's `method = "x"` is calculator/methods/x.py; `rule = "x"` calculator/checks/x.py."""
    data = tomllib.loads((folder / "rules.toml").read_text(encoding="utf-8"))
    for kind in data["kinds"].values():
        assert (PACKAGE / "methods" / f"{kind['method']}.py").is_file(), kind["method"]
    for check in data.get("checks", []):
        assert (PACKAGE / "checks" / f"{check['rule']}.py").is_file(), check["rule"]


def test_comments_point_to_the_architecture_document_in_the_repository():
    assert (ROOT / "ARCHITECTURE.md").is_file()
    for path in [*PACKAGE.rglob("*.py"), *(ROOT / "scripts" / "sitebuild").glob("*.py"),
                 *(ROOT / "web" / "assets" / "js").rglob("*.js"), *(ROOT / "web" / "templates").rglob("*.j2"),
                 *(ROOT / "policies").rglob("*.toml")]:
        assert "DESIGN section" not in path.read_text(encoding="utf-8"), path.relative_to(ROOT)

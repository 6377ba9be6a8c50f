"""The layout shows the architecture: layers kept, no hidden circles, each room owns its part."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "exportgraph"
SUBPACKAGES = sorted(p.parent for p in PACKAGE.glob("*/__init__.py"))


def test_import_contracts_are_kept():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # Every contract of pyproject.toml is checked and kept, however many there are.
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"][
        "contracts"
    ]
    assert f"Contracts: {len(contracts)} kept, 0 broken." in result.stdout


def _imports_inside_functions(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                if (
                    isinstance(inner, ast.ImportFrom)
                    and inner.module
                    and inner.module.startswith("exportgraph")
                ):
                    found.append(f"{path.relative_to(ROOT)}:{inner.lineno} {inner.module}")
    return found


def test_no_import_inside_a_function_hides_a_circle():
    # cli.py alone imports inside its commands, so that `exportgraph --help` stays fast.
    modules = [p for p in PACKAGE.rglob("*.py") if p != PACKAGE / "cli.py"]
    hidden = [line for path in modules for line in _imports_inside_functions(path)]
    assert hidden == []


@pytest.mark.parametrize("package", SUBPACKAGES, ids=lambda p: p.name)
def test_each_subpackage_says_what_it_owns_and_may_import(package):
    docstring = ast.get_docstring(ast.parse((package / "__init__.py").read_text()))
    assert docstring, f"{package.name}/__init__.py has no docstring"
    assert "Owns:" in docstring
    assert "May import:" in docstring


def test_architecture_doc_names_every_room_and_only_modules_that_exist():
    """docs/architecture.md matches the code: every subpackage drawn, every module named exists."""
    doc = (ROOT / "docs" / "architecture.md").read_text()
    for package in SUBPACKAGES:
        assert f"{package.name}/" in doc, f"docs/architecture.md does not place {package.name}/"
    named = set(re.findall(r"\*\*([a-z_]+/[a-z_]+\.py)\*\*", doc))
    assert named, "the walk-throughs name no module"
    missing = sorted(path for path in named if not (PACKAGE / path).is_file())
    assert not missing, f"docs/architecture.md names modules that do not exist: {missing}"

"""The layers stay as drawn (ARCHITECTURE.md): import-linter's contracts in pyproject.toml, what importing each
layer loads, and that the UI never imports the store or peewee itself."""
from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "schoolcare"

# Imports every module of one layer in a fresh interpreter and reports what got loaded.
IMPORT_ALL = """
import importlib, json, pkgutil, sys
package = importlib.import_module("schoolcare.{layer}")
names = [package.__name__] + [m.name for m in pkgutil.walk_packages(package.__path__, package.__name__ + ".")]
for name in names:
    importlib.import_module(name)
print(json.dumps({{"modules": names, "loaded": sorted(sys.modules)}}))
"""

ABOVE_SERVICES = ("schoolcare.demo", "schoolcare.ui", "schoolcare.commands", "schoolcare.cli")
FORBIDDEN = {
    "domain": ("yaml", "peewee", "playhouse", "textual", "schoolcare.i18n", "schoolcare.config", "schoolcare.store",
               "schoolcare.services", *ABOVE_SERVICES),
    "i18n": ("yaml", "peewee", "playhouse", "textual", "schoolcare.domain", "schoolcare.config", "schoolcare.store",
             "schoolcare.services", *ABOVE_SERVICES),
    "config": ("peewee", "playhouse", "textual", "schoolcare.store", "schoolcare.services", *ABOVE_SERVICES),
    "store": ("textual", "schoolcare.services", *ABOVE_SERVICES),
    "services": ("textual", "rich", *ABOVE_SERVICES),
    "demo": ("textual", "schoolcare.ui", "schoolcare.commands", "schoolcare.cli"),
    # The UI loads peewee through the services (its own imports are checked below), but never the demo
    # generators, the commands, or a PostgreSQL driver a SQLite school does not need.
    "ui": ("schoolcare.demo", "schoolcare.commands", "schoolcare.cli", "psycopg2"),
}


def loaded_by(layer: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_ALL.format(layer=layer)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, f"importing schoolcare.{layer} failed:\n{result.stderr[-2000:]}"
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("layer", list(FORBIDDEN))
def test_a_layer_loads_nothing_from_the_layers_above_it(layer):
    found = loaded_by(layer)
    assert len(found["modules"]) > 1, "the layer's modules were not found"
    wrong = [
        name for name in found["loaded"]
        if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN[layer])
    ]
    assert not wrong, f"importing schoolcare.{layer} loads {sorted({w.split('.')[0] for w in wrong})}: {wrong[:8]}"


def _type_checking_only(node: ast.AST) -> bool:
    test = getattr(node, "test", None)
    return isinstance(node, ast.If) and (
        (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
        or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")
    )


def imports_in(source: str, package: str) -> list[tuple[str, int]]:
    """Absolute module names imported by `source` (a module of `package`) when it runs.

    Relative imports are resolved; imports under `if TYPE_CHECKING:` never run and are skipped.
    """
    found = []

    def visit(node: ast.AST) -> None:
        if _type_checking_only(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.extend((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            found.append((module, node.lineno))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(source))
    return found


def imports_of(path: Path) -> list[tuple[str, int]]:
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    return imports_in(path.read_text(encoding="utf-8"), package)


def forbidden_in_ui(module: str) -> bool:
    return module.split(".")[0] in ("peewee", "playhouse") or module.startswith("schoolcare.store")


def test_the_ui_never_imports_the_store_or_peewee_itself():
    files = sorted((PACKAGE / "ui").rglob("*.py"))
    assert files
    wrong = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in files
        for module, line in imports_of(path)
        if forbidden_in_ui(module)
    ]
    assert not wrong, "the UI goes through services only: " + "; ".join(wrong)


def test_the_import_check_resolves_relative_imports_and_skips_type_checking_blocks():
    source = (
        "from typing import TYPE_CHECKING\n"
        "from ...store import models\n"
        "def later():\n    import peewee\n"
        "if TYPE_CHECKING:\n    from schoolcare.store.database import DatabaseInfo\n"
    )
    modules = [m for m, _ in imports_in(source, "schoolcare.ui.care")]
    assert modules == ["typing", "schoolcare.store", "peewee"]
    assert [m for m in modules if forbidden_in_ui(m)] == ["schoolcare.store", "peewee"]


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    """import-linter's contracts (pyproject.toml) over the package found under `root`."""
    return subprocess.run(
        [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command; lint_imports_command()",
         "--config", str(root / "pyproject.toml"), "--no-cache"],
        cwd=root, capture_output=True, text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(root)},
    )


def test_the_import_contracts_hold():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "Contracts: 4 kept, 0 broken." in result.stdout


def test_the_import_contracts_catch_a_ui_module_importing_the_store(tmp_path):
    shutil.copytree(PACKAGE, tmp_path / "schoolcare", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    table = tmp_path / "schoolcare" / "ui" / "kit" / "table.py"
    table.write_text(table.read_text(encoding="utf-8") + "\nfrom schoolcare.store import models  # noqa\n",
                     encoding="utf-8")
    result = lint_imports(tmp_path)
    assert result.returncode != 0
    assert "schoolcare.ui.kit.table -> schoolcare.store" in result.stdout

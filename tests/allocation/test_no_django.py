"""The allocation engine imports only the standard library (STYLE: "A test walks its imports and fails on django")."""

import ast
import sys
from pathlib import Path

import grants.allocation

ENGINE = Path(grants.allocation.__file__).parent


def imported_modules(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.append(node.module or "")
    return names


def test_engine_has_modules():
    assert len(list(ENGINE.rglob("*.py"))) >= 5


def test_engine_imports_only_the_standard_library():
    offending = {
        f"{path.relative_to(ENGINE)}: {name}"
        for path in ENGINE.rglob("*.py")
        for name in imported_modules(path)
        if name.split(".")[0] not in sys.stdlib_module_names
    }
    assert not offending


def test_the_check_catches_django(tmp_path):
    module = tmp_path / "bad.py"
    module.write_text("from django.db import models\nimport decimal\nfrom . import apportion\n", encoding="utf-8")
    assert [name for name in imported_modules(module) if name.split(".")[0] not in sys.stdlib_module_names] == [
        "django.db"
    ]

"""The layering rule: web → service → projections → domain, and a pure core.

import-linter (pyproject, also run by scripts/test.sh) checks the layers and keeps
Flask, marshmallow, Jinja, WeasyPrint and SQL drivers out of domain/ and projections/.
It cannot forbid *submodules* of an external package, so the eventsourcing part of
the rule ("only service touches eventsourcing.application and persistence") is
checked here by reading the imports.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PURE = ("domain", "projections")
SERVICE_ONLY = ("eventsourcing.application", "eventsourcing.sqlite", "eventsourcing.postgres")


def imported_modules(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return sorted(found)


def forbidden(module: str) -> bool:
    return any(module == f or module.startswith(f + ".") for f in SERVICE_ONLY)


def test_import_contracts_are_kept() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_pure_layers_do_not_touch_eventsourcing_persistence() -> None:
    files = [p for package in PURE for p in sorted((ROOT / package).rglob("*.py"))]
    assert files, "no modules found under domain/ or projections/"
    offenders = {
        f"{path.relative_to(ROOT)}: {module}"
        for path in files
        for module in imported_modules(path)
        if forbidden(module)
    }
    assert not offenders, sorted(offenders)


def test_the_import_check_sees_forbidden_imports(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("from eventsourcing import application\nimport eventsourcing.sqlite\n")
    assert {m for m in imported_modules(sample) if forbidden(m)} == {
        "eventsourcing.application",
        "eventsourcing.sqlite",
    }


# -- imports at the top of the module --------------------------------------------------
CODE = ("domain", "projections", "service", "web", "bench")
OPTIONAL = "optional dependency"  # the comment an import inside a function must carry


def imports_inside_functions(path: Path) -> list[tuple[int, str]]:
    """(line, text) of each import made below a module's top level, except those
    loading an optional dependency (marked on their line or the line before)."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    tree = ast.parse(text, str(path))
    top = {id(node) for node in tree.body}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom) and id(node) not in top:
            here = lines[node.lineno - 1]
            before = lines[node.lineno - 2] if node.lineno > 1 else ""
            if OPTIONAL not in here and OPTIONAL not in before:
                found.append((node.lineno, here.strip()))
    return sorted(found)


def test_no_import_inside_a_function() -> None:
    files = [p for package in CODE for p in sorted((ROOT / package).rglob("*.py"))]
    assert len(files) > 150, "the code was not found"
    inside = {
        f"{path.relative_to(ROOT)}:{line}: {text}"
        for path in files
        for line, text in imports_inside_functions(path)
    }
    assert sorted(inside) == []  # 68 before the rooms (issue 13), hiding cycles


def test_the_count_sees_imports_inside_functions(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import os\n"
        "def f():\n"
        "    from json import dumps\n"
        "    if True:\n"
        "        import csv\n"
        "def g():\n"
        f"    import lzma  # {OPTIONAL}: not every Python has it\n"
        "class C:\n"
        "    import re\n"
    )
    assert [line for line, _ in imports_inside_functions(sample)] == [3, 5, 9]


def test_no_module_loose_at_a_layers_top() -> None:
    loose = [
        str(p.relative_to(ROOT))
        for layer in ("domain", "projections", "service", "web")
        for p in (ROOT / layer).glob("*.py")
        if p.name != "__init__.py"
    ]
    assert loose == []

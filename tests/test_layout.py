"""The layout rules a newcomer relies on, checked on the source itself.

``services/`` is one package per concept, and packages meet only through what their
``__init__`` exports: nobody outside a package reaches into its modules or takes a private
name (import-linter checks that the packages form no cycles; this checks the front doors).
No source file outside migrations and tests grows past 400 lines.
"""

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ("chainops", "mechanism", "models", "services", "notifications", "flows", "web", "bench")
MAX_LINES = 400

CONCEPTS = sorted(p.parent.name for p in (ROOT / "services").glob("*/__init__.py"))


def python_files(*tops: str) -> Iterator[Path]:
    for top in tops:
        for path in sorted((ROOT / top).rglob("*.py")):
            if "migrations" not in path.parts and "__pycache__" not in path.parts:
                yield path


def concept_of(path: Path) -> str | None:
    """The concept package a file belongs to, if it is inside one."""
    parts = path.relative_to(ROOT).parts
    if parts[0] == "services" and len(parts) > 2:
        return parts[1]
    return None


def imports(path: Path) -> Iterator[tuple[int, str, list[str]]]:
    """(line, module, names) for every ``from … import`` and ``import …`` in the file; a
    package imported whole (``from services import tasks as task_service``) counts as
    importing each name the file reads from it (``task_service.assign_task``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    packages: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module, [a.name for a in node.names]
            if node.module == "services":
                packages.update({a.asname or a.name: f"services.{a.name}" for a in node.names})
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in packages
        ):
            yield node.lineno, packages[node.value.id], [node.attr]


def exports(concept: str) -> set[str]:
    init = ROOT / "services" / concept / "__init__.py"
    for node in ast.parse(init.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            return set(ast.literal_eval(node.value))
    return set()


def test_services_is_made_of_concept_packages() -> None:
    expected = {"tasks", "projects", "requests", "notices", "rollup", "workbook", "people", "city"}
    assert expected <= set(CONCEPTS)
    top_level = sorted(p.stem for p in (ROOT / "services").glob("*.py") if p.stem != "__init__")
    assert len(top_level) <= 5, f"services/ should hold packages, not modules: {top_level}"


@pytest.mark.parametrize("concept", CONCEPTS)
def test_every_package_says_what_it_owns_and_exports(concept: str) -> None:
    init = ROOT / "services" / concept / "__init__.py"
    tree = ast.parse(init.read_text(encoding="utf-8"))
    assert ast.get_docstring(tree), f"services/{concept}/__init__.py: no docstring"
    names = exports(concept)
    assert names, f"services/{concept}/__init__.py: no __all__"
    bound = {
        alias.asname or alias.name
        for node in tree.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert names <= bound, f"services.{concept}: __all__ names what it does not import"


def front_door_breaches() -> Iterator[str]:
    for path in python_files(*SOURCE, "tests"):
        here = concept_of(path)
        where = path.relative_to(ROOT)
        for line, module, names in imports(path):
            parts = module.split(".")
            if parts[0] != "services" or len(parts) < 2 or parts[1] not in CONCEPTS:
                continue
            concept = parts[1]
            if concept == here:
                continue
            if len(parts) > 2:
                yield f"{where}:{line}: imports {module}, inside services.{concept}"
                continue
            for name in names:
                if name.startswith("_") or name not in exports(concept):
                    yield f"{where}:{line}: {name} is not exported by services.{concept}"


def test_packages_meet_only_through_their_exports() -> None:
    assert list(front_door_breaches()) == []


def test_no_source_file_is_over_400_lines() -> None:
    long = [
        f"{path.relative_to(ROOT)}: {n} lines"
        for path in python_files(*SOURCE)
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    ]
    assert long == []

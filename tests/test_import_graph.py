"""The package's import graph: no cycles, and arrows from the trainee's side never reach the facilitator's.

Every module of ``ctie_helpers`` is parsed with :mod:`ast` (never imported), so every import counts: the
top-level ones, the deferred ones inside functions, those under ``if TYPE_CHECKING:``, and
``importlib.import_module("...")`` calls with a literal name. A cycle is reported as its path, e.g.
``ctie_helpers.a -> ctie_helpers.b -> ctie_helpers.a``, so the failure says which import to move.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest

PACKAGE = "ctie_helpers"
PACKAGE_DIR = Path(__file__).resolve().parents[1] / PACKAGE

# What runs in a trainee's kernel must not load the facilitator's tools, the apps, the command or reports.
TRAINEE_SIDE = f"{PACKAGE}.grading"
NOT_FROM_TRAINEE_SIDE = tuple(f"{PACKAGE}.{name}" for name in ("facilitator", "apps", "commands", "report", "cli"))
_DOTTED = re.compile(rf"{PACKAGE}(\.[A-Za-z_]\w*)+")  # a full module name in a string


def module_names(package_dir: Path = PACKAGE_DIR) -> dict[str, Path]:
    """Every module of the package by dotted name (a package is named by its ``__init__.py``)."""
    names = {}
    for path in sorted(package_dir.rglob("*.py")):
        parts = path.relative_to(package_dir.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names[".".join(parts)] = path
    return names


def _nearest_module(name: str, modules: Iterable[str]) -> str | None:
    """``name`` if it is a module of the package, else its nearest enclosing one (``a.b.func`` -> ``a.b``)."""
    known = set(modules)
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name or None


def imported_names(tree: ast.AST, module: str, is_package: bool) -> set[str]:
    """Dotted names a module's source imports, wherever the import stands (relative imports resolved).

    ``from a import b`` yields ``a.b`` (a module or a name in ``a``; the caller tells which) and ``a``.
    """
    found: set[str] = set()
    base = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = base.rsplit(".", node.level - 1)[0] if node.level > 1 else base
                source = f"{anchor}.{node.module}" if node.module else anchor
            else:
                source = node.module or ""
            found.add(source)
            found.update(f"{source}.{alias.name}" for alias in node.names if alias.name != "*")
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            first = node.args[0]
            if called == "import_module" and isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.add(first.value)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and _DOTTED.fullmatch(node.value):
            found.add(node.value)  # a lazy-import map's "ctie_helpers.x.y", imported through a variable
    # Not followed: names computed at run time (f"{__name__}.{module}" in the packages' lazy maps, the
    # CLI's subcommands, report templates' "module:function"); each points into the caller's own package.
    return found



def import_graph(package_dir: Path = PACKAGE_DIR) -> dict[str, set[str]]:
    """Module -> the package's modules it imports (itself excluded)."""
    modules = module_names(package_dir)
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        targets = set()
        for imported in imported_names(tree, name, path.name == "__init__.py"):
            if imported.endswith(".*"):  # any module of that package may be the one imported
                targets.update(m for m in modules if m.startswith(imported[:-1]) and m != name)
            elif imported == PACKAGE or imported.startswith(PACKAGE + "."):
                target = _nearest_module(imported, modules)
                if target and target != name:
                    targets.add(target)
        graph[name] = targets
    return graph


def room(module: str) -> str:
    """The room a module lives in: ``ctie_helpers.grading.store`` -> ``ctie_helpers.grading``."""
    return ".".join(module.split(".")[:2])


def room_graph(graph: Mapping[str, Iterable[str]]) -> dict[str, set[str]]:
    """The module graph collapsed to rooms (subpackages and top-level modules), without self-arrows."""
    rooms: dict[str, set[str]] = {}
    for source, targets in graph.items():
        rooms.setdefault(room(source), set()).update(room(t) for t in targets if room(t) != room(source))
    return rooms


def find_cycle(graph: Mapping[str, Iterable[str]]) -> list[str] | None:
    """One cycle of ``graph`` as a path that ends where it starts (``[a, b, a]``), or ``None``.

    Depth-first search in sorted order, so the same graph always gives the same path.
    """
    done: set[str] = set()
    for start in sorted(graph):
        if start in done:
            continue
        path: list[str] = [start]
        on_path = {start}
        stack = [iter(sorted(graph.get(start, ())))]
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                stack.pop()
                done.add(path[-1])
                on_path.discard(path.pop())
                continue
            if nxt in on_path:
                return path[path.index(nxt):] + [nxt]
            if nxt not in done:
                path.append(nxt)
                on_path.add(nxt)
                stack.append(iter(sorted(graph.get(nxt, ()))))
    return None


def path_between(graph: Mapping[str, Iterable[str]], start: str, goals: tuple[str, ...]) -> list[str] | None:
    """A shortest import chain from ``start`` to a module inside one of ``goals``, or ``None``."""
    previous: dict[str, str | None] = {start: None}
    queue = [start]
    for node in queue:
        if node != start and any(node == g or node.startswith(g + ".") for g in goals):
            chain = [node]
            while (back := previous[chain[-1]]) is not None:
                chain.append(back)
            return chain[::-1]
        for nxt in sorted(graph.get(node, ())):
            if nxt not in previous:
                previous[nxt] = node
                queue.append(nxt)
    return None


# --- the finder itself, on hand-made graphs: a test of the graph that could never fail proves nothing


def test_find_cycle_reports_a_planted_cycle_as_its_path():
    graph = {"d": {"a"}, "a": {"b"}, "b": {"c"}, "c": {"a", "e"}, "e": set()}
    assert find_cycle(graph) == ["a", "b", "c", "a"]


def test_find_cycle_sees_two_module_cycles_and_none_in_a_diamond():
    assert find_cycle({"x": {"y"}, "y": {"x"}}) == ["x", "y", "x"]
    assert find_cycle({"a": {"b", "c"}, "b": {"d"}, "c": {"d"}, "d": set()}) is None


def test_rooms_collapse_modules_and_keep_cross_room_arrows():
    graph = {"p.a.x": {"p.a.y", "p.b.z"}, "p.a.y": set(), "p.b.z": {"p.a"}, "p.a": set()}
    assert room_graph(graph) == {"p.a": {"p.b"}, "p.b": {"p.a"}}
    assert find_cycle(room_graph(graph)) == ["p.a", "p.b", "p.a"]


def test_every_kind_of_import_is_seen():
    source = '''
import os
from . import sibling
from .sub import thing
from ..up import other
def later():
    from ctie_helpers.deferred import name
    import importlib
    importlib.import_module("ctie_helpers.by_string")
_LAZY = {"name": "ctie_helpers.lazy.target"}
'''
    names = imported_names(ast.parse(source), "ctie_helpers.room.mod", is_package=False)
    assert {"os", "ctie_helpers.room.sibling", "ctie_helpers.room.sub.thing", "ctie_helpers.up.other",
            "ctie_helpers.deferred.name", "ctie_helpers.by_string", "ctie_helpers.lazy.target"} <= names


def test_a_planted_cycle_in_a_package_on_disk_fails(tmp_path):
    pkg = tmp_path / PACKAGE
    (pkg / "one").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "one" / "__init__.py").write_text("")
    (pkg / "one" / "a.py").write_text("def f():\n    from ctie_helpers.two import g\n")  # deferred
    (pkg / "two.py").write_text("import importlib\nM = importlib.import_module('ctie_helpers.one.a')\n")
    graph = import_graph(pkg)
    assert find_cycle(graph) == ["ctie_helpers.one.a", "ctie_helpers.two", "ctie_helpers.one.a"]


# --- the real package


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    return import_graph()


def test_graph_sees_the_package(graph):
    # a known arrow, so that an empty graph (a broken parser) cannot pass the tests below
    assert "ctie_helpers.grading.store" in graph["ctie_helpers.grading.grade"]
    assert "ctie_helpers.grading.store" in graph["ctie_helpers.facilitator.batch"]


def test_no_cycle_between_modules(graph):
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_no_cycle_between_rooms(graph):
    cycle = find_cycle(room_graph(graph))
    assert cycle is None, "import cycle between rooms: " + " -> ".join(cycle or [])


def test_the_trainee_side_never_reaches_the_facilitator_side(graph):
    for module in sorted(m for m in graph if m == TRAINEE_SIDE or m.startswith(TRAINEE_SIDE + ".")):
        chain = path_between(graph, module, NOT_FROM_TRAINEE_SIDE)
        assert chain is None, "the trainee's kernel would import: " + " -> ".join(chain or [])

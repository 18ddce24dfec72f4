"""The register's modules import one another without a cycle, counting imports anywhere in a module
(inside functions and ``if TYPE_CHECKING:`` too): a cycle hidden behind a function-level import is
still a cycle."""

from __future__ import annotations

import ast
from pathlib import Path

import treem.registry

PACKAGE = "treem.registry"
ROOT = Path(treem.registry.__file__).parent


def _imported(tree: ast.Module, modules: set[str]) -> set[str]:
    """The modules of the package (among ``modules``) that ``tree`` imports anywhere."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            # ``from treem.registry import bulk`` names modules; ``from treem.registry.bulk import x`` one.
            names = [f"{node.module}.{alias.name}" for alias in node.names] + [node.module]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[:2] == PACKAGE.split(".") and len(parts) > 2 and parts[2] in modules:
                found.add(parts[2])
    return found


def import_graph() -> dict[str, set[str]]:
    modules = {p.stem for p in ROOT.glob("*.py")} - {"__init__"}
    return {m: _imported(ast.parse((ROOT / f"{m}.py").read_text()), modules) - {m} for m in modules}


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One cycle of ``graph`` as a path that returns to its start, or [] if it has none."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return []

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return []


def test_find_cycle_sees_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) == []


def test_registry_modules_import_without_a_cycle() -> None:
    graph = import_graph()
    assert graph["importing"] >= {"bulk", "models"}  # the graph is read at all
    assert find_cycle(graph) == []

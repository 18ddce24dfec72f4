"""web composes the apps (ARCHITECTURE §3: dependencies point downward): no app imports it, except the
demo seed commands, which share the demo's province, communes and logins (treem.web.management.demo)."""

from __future__ import annotations

import ast
from pathlib import Path

import treem

SRC = Path(treem.__file__).parent


def _imports_web(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        else:
            continue
        if any(name == "treem.web" or name.startswith("treem.web.") for name in names):
            return True
    return False


def test_no_app_below_web_imports_it() -> None:
    importers = sorted(
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if path.relative_to(SRC).parts[0] != "web" and "tests" not in path.parts and _imports_web(path)
    )
    seed_commands = [p for p in importers if "/management/commands/seed_demo" in p]
    assert seed_commands  # the check reads the imports at all
    assert importers == seed_commands

"""The built-in plugins use only the SDK: no ``core``, no ``cli``, no other plugin's modules.

If a plugin needs something from the kernel, the SDK grows; a plugin talks to another plugin
through hooks or the SDK, never by importing it. Every ``.py`` under ``plugins/`` is parsed
(migrations and tests too) and each import is checked.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

PLUGINS = Path(__file__).resolve().parent.parent / "plugins"
FORBIDDEN_ROOTS = {"core", "cli", "tests"}


def _plugin_of(path: Path, root: Path) -> str | None:
    """The built-in plugin a file belongs to (``plugins/<name>/...``), or None for ``plugins/__init__.py``."""
    parts = path.relative_to(root).parts
    return parts[0] if len(parts) > 1 else None


def _imported_modules(tree: ast.AST, package: str) -> list[tuple[int, str]]:
    """``(line, absolute module name)`` of every import in ``tree``; relative ones resolved against ``package``."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.append((node.lineno, module))
            # `from plugins import other` imports a plugin by its attribute name.
            if module == "plugins":
                found += [(node.lineno, f"plugins.{alias.name}") for alias in node.names]
    return found


def violations(root: Path = PLUGINS) -> list[str]:
    problems = []
    for path in sorted(root.rglob("*.py")):
        own = _plugin_of(path, root)
        relative = path.relative_to(root.parent)
        package = ".".join(relative.parts[:-1])  # a module's package, and an __init__'s own
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for line, module in _imported_modules(tree, package):
            top = module.split(".")[0]
            if top in FORBIDDEN_ROOTS:
                problems.append(f"{relative}:{line} imports {module} (use sdk)")
            elif top == "plugins" and module != "plugins":
                other = module.split(".")[1]
                if other != own:
                    problems.append(f"{relative}:{line} imports another plugin's module {module}")
    return problems


def test_built_in_plugins_import_only_the_sdk():
    problems = violations()
    assert problems == [], "built-in plugins must import only sdk, the stdlib and third-party packages:\n" + "\n".join(problems)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from core.db import transaction\n", "imports core.db"),
        ("import core\n", "imports core"),
        ("import cli.runtime as rt\n", "imports cli.runtime"),
        ("from plugins.other.service import thing\n", "another plugin's module plugins.other.service"),
        ("from plugins import other\n", "another plugin's module plugins.other"),
        ("from ...other import service\n", "another plugin's module plugins.other"),
        ("def f():\n    from core import scoped\n", "imports core"),
    ],
)
def test_the_check_catches_each_way_of_reaching_past_the_sdk(tmp_path, source, expected):
    plugin = tmp_path / "plugins" / "mine" / "sub"
    plugin.mkdir(parents=True)
    (plugin / "module.py").write_text(source, encoding="utf-8")

    [problem] = violations(tmp_path / "plugins")

    assert expected in problem


def test_the_check_allows_the_sdk_the_stdlib_third_party_and_the_plugins_own_modules(tmp_path):
    plugin = tmp_path / "plugins" / "mine"
    plugin.mkdir(parents=True)
    (plugin / "__init__.py").write_text(
        "import datetime\nimport msgspec\nfrom sdk import Plugin\nfrom sdk.db import select\n"
        "from plugins.mine.tables import Visit\nfrom . import service\nfrom .schemas import Settings\n",
        encoding="utf-8",
    )

    assert violations(tmp_path / "plugins") == []
    assert "ast" in sys.stdlib_module_names  # the check runs on the interpreter's own parser

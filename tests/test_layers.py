"""The layers, each importing only those below it: ``core`` (the kernel) imports neither ``plugins``
nor ``cli``; ``sdk`` (the plugins' face of the kernel) neither; ``plugins`` only ``sdk``
(tests/test_plugins_import_only_sdk.py, whose import walk this reuses).

Every ``.py`` is parsed and each import is checked: at the top of a module, inside a function
(a lazy import) or under ``TYPE_CHECKING`` alike.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.test_plugins_import_only_sdk import _imported_modules

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {
    "core": {"plugins", "cli", "tests"},
    "sdk": {"plugins", "cli", "tests"},
}


def violations(layer: str, root: Path = ROOT) -> list[str]:
    problems = []
    for path in sorted((root / layer).rglob("*.py")):
        relative = path.relative_to(root)
        package = ".".join(relative.parts[:-1])
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for line, module in _imported_modules(tree, package):
            if module.split(".")[0] in FORBIDDEN[layer]:
                problems.append(f"{relative}:{line} imports {module}")
    return problems


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_a_layer_imports_nothing_above_it(layer):
    problems = violations(layer)
    assert problems == [], f"{layer} must not import {', '.join(sorted(FORBIDDEN[layer]))}:\n" + "\n".join(problems)


@pytest.mark.parametrize(
    ("layer", "source", "expected"),
    [
        ("core", "import plugins\n", "imports plugins"),
        ("core", "from plugins.points.service import award\n", "imports plugins.points.service"),
        ("core", "def main():\n    from cli.main import app\n", "imports cli.main"),
        ("core", "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import cli.runtime\n", "imports cli.runtime"),
        ("sdk", "def fail():\n    from cli.runtime import fail\n", "imports cli.runtime"),
        ("sdk", "from plugins.points import service\n", "imports plugins.points"),
        ("sdk", "import plugins.points.service as service\n", "imports plugins.points.service"),
    ],
)
def test_the_check_catches_each_way_of_reaching_up(tmp_path, layer, source, expected):
    folder = tmp_path / layer / "sub"
    folder.mkdir(parents=True)
    (folder / "module.py").write_text(source, encoding="utf-8")

    [problem] = violations(layer, tmp_path)

    assert expected in problem


def test_the_check_allows_a_layer_its_own_modules_and_those_below(tmp_path):
    (tmp_path / "sdk").mkdir()
    (tmp_path / "sdk" / "module.py").write_text(
        "import typer\nfrom core.context import Context\nfrom sdk import hookimpl\nfrom . import loyalty\n", encoding="utf-8")
    (tmp_path / "core").mkdir()
    (tmp_path / "core" / "module.py").write_text(
        "import importlib\nfrom core import db\nmodule = importlib.import_module('plugins.points')\n", encoding="utf-8")

    assert violations("sdk", tmp_path) == []
    assert violations("core", tmp_path) == []

"""``mendian plugin new``: a new plugin that installs, migrates, enables, and passes its own tests.

The end-to-end test installs the generated package into this test's own Python (editable) and
uninstalls it afterwards whatever happens; the other tests check the refusals, in-process.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import tomllib
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import scaffold
from cli.main import app

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run(list(args), cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def mendian(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return run(sys.executable, "-m", "cli.main", *args, env=env)


@pytest.fixture
def installed_plugin(tmp_path) -> Iterator[tuple[str, Path]]:
    """A plugin made by ``mendian plugin new`` and pip-installed (editable) for this test only."""
    name = f"probe_{uuid.uuid4().hex[:8]}"
    target = tmp_path / "plugin"
    made = mendian("plugin", "new", name, "--target", str(target), "--author", "李雷",
                   "--description", "到店记录", "--title", "到店记录", env=os.environ.copy())
    assert made.returncode == 0, made.stderr
    # Build isolation: pip builds with its own setuptools, as a plugin author's `pip install -e .` would.
    install = run(sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "-e", str(target))
    try:
        assert install.returncode == 0, install.stderr
        yield name, target
    finally:
        run(sys.executable, "-m", "pip", "uninstall", "--quiet", "--yes", scaffold.dist_name(name))


def test_a_new_plugin_installs_passes_its_tests_migrates_and_can_be_enabled(installed_plugin, tmp_path):
    name, target = installed_plugin
    home = {**os.environ, "MENDIAN_HOME": str(tmp_path / "home")}
    home.pop("MENDIAN_DATABASE_URL", None)

    tests = run(sys.executable, "-m", "pytest", "-p", "no:cacheprovider", cwd=target)
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert " passed" in tests.stdout and "skipped" not in tests.stdout

    # First: any other command on SQLite would migrate the fresh database itself.
    migrated = mendian("db", "migrate", env=home)
    assert migrated.returncode == 0, migrated.stderr
    assert f"  {name}: " in migrated.stdout

    listed = mendian("plugin", "list", "--json", env=home)
    assert listed.returncode == 0, listed.stderr
    [mine] = [p for p in json.loads(listed.stdout)["plugins"] if p["name"] == name]
    assert (mine["title"], mine["source"]) == ("到店记录", "entrypoint")

    assert mendian("tenant", "create", "probe-gym", "--name", "探针健身", env=home).returncode == 0
    enabled = mendian("plugin", "enable", name, "--tenant", "probe-gym", env=home)
    assert enabled.returncode == 0, enabled.stderr
    assert name in enabled.stdout


# --- what it writes -------------------------------------------------------------------------------


def test_the_project_declares_the_entry_point_and_the_author(tmp_path):
    files = scaffold.render("visit_log", author="李雷", description="到店记录")

    project = tomllib.loads(files["pyproject.toml"])

    assert project["project"]["name"] == "mendian-visit-log"
    assert project["project"]["entry-points"]["mendian.plugins"] == {"visit_log": "visit_log"}
    assert project["project"]["authors"] == [{"name": "李雷"}]
    assert 'description="到店记录"' in files["visit_log/__init__.py"]


@pytest.mark.parametrize(
    ("options", "absent"),
    [
        ({"table": False}, ["visit_log/tables.py", "visit_log/piccolo_app.py", "visit_log/migrations/__init__.py"]),
        ({"api": False}, ["visit_log/api.py"]),
        ({"table": False, "api": False, "console": False}, ["visit_log/tables.py", "visit_log/api.py"]),
        ({"member": False}, ["visit_log/member.py", "visit_log/templates/visit_log/member.html"]),
    ],
)
def test_parts_left_out_leave_no_file_and_no_reference(options, absent):
    files = scaffold.render("visit_log", parts=scaffold.Parts(**options))

    for path in absent:
        assert path not in files
    if not options.get("table", True):
        assert not any("/migrations/" in path for path in files)
        assert "tables=" not in files["visit_log/__init__.py"]
    if not options.get("member", True):
        assert "member_pages=" not in files["visit_log/__init__.py"]
        assert "/m/" not in files["tests/test_visit_log.py"]
    if not options.get("api", True):
        assert "routes=" not in files["visit_log/__init__.py"]
        assert "/api/v1/" not in files["tests/test_visit_log.py"]
    for path, text in files.items():
        if path.endswith(".py"):
            ast.parse(text, filename=path)  # every variant is valid Python


def test_the_migration_is_a_piccolo_migration_of_the_plugins_app():
    files = scaffold.render("visit_log")
    [path] = [p for p in files if "/migrations/visit_log_" in p]
    namespace: dict = {}

    exec(compile(files[path], path, "exec"), namespace)  # noqa: S102 - our own template's output

    stamp = namespace["ID"].lower().replace("-", "_").replace(":", "_")
    assert path == f"visit_log/migrations/visit_log_{stamp}.py"  # piccolo finds it by the app's name
    assert callable(namespace["forwards"])
    assert "app_name=\"visit_log\"" in files[path] and 'tablename="visit_log_visit"' in files[path]


# --- refusals: one line, a non-zero exit, nothing written ------------------------------------------


@pytest.fixture
def cli(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()

    def invoke(*args: str):
        result = runner.invoke(app, ["plugin", "new", *args])
        assert "Traceback" not in result.output
        return result

    return invoke


@pytest.mark.parametrize("name", ["Bad-Name", "1abc", "a", "class", "with space", "x" * 41])
def test_an_invalid_name_is_refused(cli, tmp_path, name):
    result = cli(name)

    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "invalid plugin name" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["json", "pytest"])
def test_a_name_an_existing_module_has_is_refused(cli, tmp_path, name):
    result = cli(name)

    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "taken" in result.stderr and name in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_an_installed_plugins_name_is_refused():
    with pytest.raises(scaffold.ScaffoldRefused, match="installed plugin"):
        scaffold.check_name("loyalty", lambda n: scaffold.name_user(n, installed=["loyalty"]))


def test_a_non_empty_target_folder_is_refused_and_left_as_it_was(cli, tmp_path):
    target = tmp_path / "busy"
    target.mkdir()
    (target / "notes.txt").write_text("mine", encoding="utf-8")

    result = cli("visit_log", "--target", str(target))

    assert result.exit_code == 1
    assert "not empty" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert [p.name for p in target.iterdir()] == ["notes.txt"]


def test_an_empty_target_folder_is_used(cli, tmp_path):
    target = tmp_path / "empty"
    target.mkdir()

    result = cli("visit_log", "--target", str(target), "--no-api")

    assert result.exit_code == 0, result.output
    assert (target / "visit_log" / "__init__.py").exists()
    assert not (target / "visit_log" / "api.py").exists()

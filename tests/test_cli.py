"""The ``mendian`` command line, used as a merchant or an operator would, on a data folder of its own.

Commands run in-process (typer's CliRunner) against a fresh SQLite file per test, apart from the
template databases the other tests copy; one test starts a real process to check that asking
for help stays light.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from cli.main import app
from core import commandline as runtime
from core.extensions.manager import SDK_VERSION, PluginManager
from core.settings import get_settings
from tests.plugins_for_tests import HEALTHY

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """An empty data folder: the CLI's SQLite database and secret key live there."""
    monkeypatch.setenv("MENDIAN_HOME", str(tmp_path))
    monkeypatch.delenv("MENDIAN_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


@pytest.fixture
def mendian(home):
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None):
        result = runner.invoke(app, list(args), input=input)
        assert "Traceback" not in result.stderr, result.stderr
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result

    return invoke


@pytest.fixture
def with_test_plugins(monkeypatch) -> PluginManager:
    """The CLI sees the healthy test plugins and one it must refuse."""
    manager = PluginManager()
    manager.discover()
    for module in [*HEALTHY, "tests.plugins_for_tests.broken.future_sdk"]:
        manager.load(module)
    manager.check_requirements()
    monkeypatch.setattr(runtime, "plugin_manager", lambda: manager)
    return manager


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


def get_with_key(path: str, key: str) -> httpx.Response:
    """Call the API the way an integration would, with the key as a bearer token."""
    from core.app import create_app

    async def call() -> httpx.Response:
        transport = httpx.ASGITransport(app=create_app())
        async with httpx.AsyncClient(transport=transport, base_url="http://mendian.test") as client:
            return await client.get(path, headers={"Authorization": f"Bearer {key}"})

    return asyncio.run(call())


def status_with_key(path: str, key: str) -> int:
    return get_with_key(path, key).status_code


def test_help_loads_no_kernel_so_it_answers_at_once():
    script = (
        "import sys\n"
        "from cli.main import main\n"
        "sys.argv = ['mendian', '--help']\n"
        "try:\n    main()\nexcept SystemExit as exit:\n    assert not exit.code, exit.code\n"
        "print('LOADED', [m for m in ('litestar', 'piccolo', 'core.app') if m in sys.modules])\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "tenant" in done.stdout and "LOADED []" in done.stdout


def test_every_command_has_help(mendian):
    def paths(group, prefix):
        for name, command in group.commands.items():
            yield [*prefix, name]
            if hasattr(command, "commands"):
                yield from paths(command, [*prefix, name])

    import typer.main

    for path in paths(typer.main.get_command(app), []):
        result = mendian(*path, "--help")
        assert result.exit_code == 0 and "Usage" in result.stdout, path


def test_migrate_twice_applies_nothing_the_second_time(mendian):
    first = mendian("db", "migrate")
    assert first.exit_code == 0
    assert "tenancy: " in first.stdout and "migration(s) applied" in first.stdout
    second = mendian("db", "migrate")
    assert second.exit_code == 0 and "nothing to apply" in second.stdout


def test_a_taken_tenant_code_is_refused_in_one_line(mendian):
    created = mendian("tenant", "create", "my-gym", "--name", "我的健身房", "--industry", "gym")
    assert created.exit_code == 0 and "my-gym" in created.stdout
    again = mendian("tenant", "create", "my-gym", "--name", "又一个")
    assert again.exit_code == 1
    assert one_line(again.stderr) == "商户代码 my-gym 已被使用 / Tenant slug my-gym is taken"


@pytest.mark.parametrize("args", [
    ["tenant", "create", "my-gym"],  # --name missing
    ["tenant", "create", "My Gym!", "--name", "x"],  # not a tenant code
    ["staff", "create", "boss", "--tenant", "t", "--name", "x", "--role", "boss", "--password", "12345678"],
    ["apikey", "create", "--tenant", "t", "--name", "POS"],  # no scope
    ["no-such-command"],
])
def test_bad_usage_is_one_line_and_exit_2(mendian, args):
    result = mendian(*args)
    assert result.exit_code == 2
    assert one_line(result.stderr)


def test_a_command_for_an_unknown_tenant_is_one_line(mendian):
    result = mendian("apikey", "create", "--tenant", "nope", "--name", "POS", "--all-scopes")
    assert result.exit_code == 1 and one_line(result.stderr) == "未找到商户 nope / Tenant nope not found"


def test_staff_password_is_asked_twice_when_not_given(mendian):
    mendian("tenant", "create", "my-gym", "--name", "我的健身房")
    created = mendian("staff", "create", "boss", "--tenant", "my-gym", "--name", "老板", "--role", "owner",
                      input="boss-pass-1\nboss-pass-1\n")
    assert created.exit_code == 0, created.stderr
    assert "boss-pass-1" not in created.stdout  # typed, never echoed
    assert "已创建员工 boss" in created.stdout
    taken = mendian("staff", "create", "boss", "--tenant", "my-gym", "--name", "老板", "--role", "owner",
                    "--password", "another-pass")
    assert taken.exit_code == 1 and "boss" in one_line(taken.stderr)


def test_api_key_is_printed_once_and_opens_the_api_within_its_scopes(mendian):
    mendian("tenant", "create", "my-gym", "--name", "我的健身房")
    created = mendian("apikey", "create", "--tenant", "my-gym", "--name", "POS", "--scope", "members.read")
    assert created.exit_code == 0
    key = created.stdout.strip()
    assert key.startswith("mdk_") and "\n" not in key
    assert status_with_key("/api/v1/members", key) == 200
    assert status_with_key("/api/v1/orders", key) == 403
    assert status_with_key("/api/v1/members", key + "x") == 401


def test_plugin_list_json_shows_installed_and_refused_plugins(mendian, with_test_plugins):
    listed = mendian("plugin", "list", "--json")
    assert listed.exit_code == 0
    data = json.loads(listed.stdout)
    greeter = next(p for p in data["plugins"] if p["name"] == "greeter")
    assert greeter["title"] == "迎宾" and greeter["title_en"] and greeter["source"] == "local"
    assert {"version", "industries", "requires"} <= set(greeter)
    assert [r["name"] for r in data["refused"]] == ["tests.plugins_for_tests.broken.future_sdk"]
    assert "SDK" in data["refused"][0]["reason"]
    table = mendian("plugin", "list")
    assert table.exit_code == 0 and "greeter" in table.stdout and "future_sdk" in table.stdout


def test_enabling_a_plugin_enables_what_it_requires_for_that_tenant_only(mendian, with_test_plugins):
    mendian("tenant", "create", "my-gym", "--name", "我的健身房")
    mendian("tenant", "create", "shop", "--name", "便利店")
    enabled = mendian("plugin", "enable", "needs_greeter", "--tenant", "my-gym")
    assert enabled.exit_code == 0 and "greeter, needs_greeter" in enabled.stdout

    def states(tenant: str) -> dict[str, bool]:
        listing = json.loads(mendian("plugin", "list", "--json", "--tenant", tenant).stdout)
        return {p["name"]: p["enabled"] for p in listing["plugins"]}

    assert states("my-gym")["greeter"] and states("my-gym")["needs_greeter"]
    assert not any(states("shop").values())
    refused = mendian("plugin", "disable", "greeter", "--tenant", "my-gym")
    assert refused.exit_code == 1 and "needs_greeter" in one_line(refused.stderr)
    assert mendian("plugin", "disable", "needs_greeter", "--tenant", "my-gym").exit_code == 0
    assert not states("my-gym")["needs_greeter"]


def test_enabling_an_unknown_plugin_is_one_line(mendian):
    mendian("tenant", "create", "shop", "--name", "便利店")
    result = mendian("plugin", "enable", "no_such_plugin", "--tenant", "shop")
    assert result.exit_code == 1
    assert one_line(result.stderr) == "未安装插件 no_such_plugin / Plugin no_such_plugin is not installed"


def test_member_import_counts_rows_and_names_each_rejected_line(mendian, home):
    mendian("tenant", "create", "gym", "--name", "健身房")
    csv = home / "members.csv"
    csv.write_text("手机号,姓名\n13800138000,张三\nnot-a-phone,李四\n13900139000,王五\n", encoding="utf-8")
    first = mendian("member", "import", str(csv), "--tenant", "gym")
    assert first.exit_code == 0
    assert "imported 2, already there 0, rejected 1" in first.stdout
    assert "line 3: 手机号无效：not-a-phone" in first.stdout
    again = mendian("member", "import", str(csv), "--tenant", "gym")
    assert again.exit_code == 0 and "imported 0, already there 2, rejected 1" in again.stdout


def test_member_import_names_each_skipped_line_and_why(mendian, home):
    mendian("tenant", "create", "gym", "--name", "健身房")
    csv = home / "members.csv"
    csv.write_text("手机号,姓名\n13800138000,张三\n13800138000,张三again\n", encoding="utf-8")
    first = mendian("member", "import", str(csv), "--tenant", "gym")
    assert "line 3: 手机号 13800138000 与第 2 行重复，跳过 / Phone 13800138000 repeats line 2: skipped" in first.stdout
    again = mendian("member", "import", str(csv), "--tenant", "gym")
    assert "line 2: 手机号 13800138000 已是会员，跳过" in again.stdout
    assert "line 3: 手机号 13800138000 已是会员，跳过" in again.stdout


def test_member_import_of_a_file_that_is_not_there_is_usage(mendian, home):
    result = mendian("member", "import", str(home / "missing.csv"), "--tenant", "gym")
    assert result.exit_code == 2 and "missing.csv" in one_line(result.stderr)


def test_demo_creates_the_gym_once_and_then_only_shows_how_to_sign_in(mendian):
    first = mendian("demo", "--json")
    assert first.exit_code == 0, first.stderr
    info = json.loads(first.stdout)
    assert info["created"] and info["tenant"] == "demo-gym" and info["members"] == 50
    assert info["stores"] == ["总店", "东区店"] and info["url"] == "http://127.0.0.1:8000"
    assert info["console"] == "http://127.0.0.1:8000/console/" and info["member_pages"] == "http://127.0.0.1:8000/m/demo-gym/"
    assert {s["role"] for s in info["staff"]} == {"owner", "manager", "cashier", "staff"}
    assert status_with_key("/api/v1/members?limit=200", info["api_key"]) == 200
    # The demo gym runs its loyalty tools with sample rules: 充1000送200 shows on the bonus tiers.
    tiers = get_with_key("/api/v1/stored-value/bonus-rules", info["api_key"]).json()["items"]
    assert "充1000送200" in [t["name"] for t in tiers]

    again = json.loads(mendian("demo", "--json").stdout)
    assert not again["created"] and again["members"] == 50 and again["api_key"] == info["api_key"]
    assert mendian("ledger", "verify").exit_code == 0


def test_demo_members_are_the_same_every_time(mendian):
    from core.commandline import in_tenant
    from core.members.service import search_members

    def phones() -> list[str]:
        page = in_tenant("demo-gym", lambda ctx: search_members(ctx, limit=200))
        return sorted(f"{m.name} {m.phone}" for m in page.items)

    mendian("demo", "--json")
    before = phones()
    assert len(set(before)) == 50 and all(p.split()[1].startswith("+861") for p in before)
    reset = json.loads(mendian("demo", "--json", "--reset").stdout)
    assert reset["created"] and phones() == before


def test_serve_migrates_a_fresh_folder_then_runs_the_app_factory(mendian, monkeypatch):
    import uvicorn

    calls = []
    monkeypatch.setattr(uvicorn.Server, "run", lambda server, sockets=None: calls.append((server.config, sockets)))
    # uvicorn.Config applies its logging when made: here it would point the mendian loggers at the
    # runner's stderr, closed after this test, and later tests' log lines would fail to write.
    monkeypatch.setattr(uvicorn.Config, "configure_logging", lambda config: None)
    served = mendian("serve", "--port", "0")
    [(config, [sock])] = calls
    port = sock.getsockname()[1]
    sock.close()
    assert served.exit_code == 0 and port != 0 and f"http://127.0.0.1:{port}/console/" in served.stdout
    assert f"http://127.0.0.1:{port}/m/" in served.stdout
    assert (config.app, config.factory, config.log_level) == ("core.app:serve_app", True, "info")
    # Sign-in codes of the local SMS provider reach the serve log.
    assert config.log_config["loggers"]["mendian"]["level"] == "INFO"
    assert "nothing to apply" in mendian("db", "migrate").stdout


def test_serve_help_lists_the_operator_options(mendian):
    shown = mendian("serve", "--help").stdout

    for option in ("--workers", "--log-level", "--log-format", "--pool-size", "--graceful-timeout"):
        assert option in shown, option


def test_serve_with_workers_runs_them_under_uvicorns_supervisor(mendian, monkeypatch):
    import uvicorn.supervisors

    supervised = []

    class Supervisor:
        def __init__(self, config, sockets):
            supervised.append((config, sockets))

        def run(self):
            pass

    monkeypatch.setattr(uvicorn.supervisors, "Multiprocess", Supervisor)
    monkeypatch.setattr(uvicorn.Config, "configure_logging", lambda config: None)
    # The options reach the workers as settings in the environment: put back what was there after.
    monkeypatch.setenv("MENDIAN_DB_POOL_SIZE", "20")
    monkeypatch.setenv("MENDIAN_LOG_FORMAT", "text")

    served = mendian("serve", "--port", "0", "--workers", "3", "--log-level", "warning", "--log-format", "json",
                     "--pool-size", "7", "--graceful-timeout", "12")

    [(config, [sock])] = supervised
    sock.close()
    assert served.exit_code == 0 and (config.app, config.factory, config.workers) == ("core.app:serve_app", True, 3)
    assert (config.log_level, config.timeout_graceful_shutdown) == ("warning", 12)
    assert config.log_config["formatters"]["json"] == {"()": "core.logs.JsonFormatter"}
    assert config.log_config["handlers"]["default"]["formatter"] == "json"
    assert config.log_config["loggers"]["core"]["level"] == "WARNING"
    assert (os.environ["MENDIAN_DB_POOL_SIZE"], os.environ["MENDIAN_LOG_FORMAT"]) == ("7", "json")


def test_a_bad_pool_size_setting_is_one_line(mendian, monkeypatch):
    monkeypatch.setenv("MENDIAN_DB_POOL_SIZE", "many")
    get_settings.cache_clear()

    served = mendian("serve", "--port", "0")

    assert served.exit_code == 1 and "MENDIAN_DB_POOL_SIZE" in one_line(served.stderr)


def test_a_database_that_cannot_be_opened_is_one_line(mendian, monkeypatch, home):
    monkeypatch.setenv("MENDIAN_DATABASE_URL", f"sqlite:///{home}/no/such/folder/db.sqlite3")
    get_settings.cache_clear()
    result = mendian("db", "migrate")
    assert result.exit_code == 1 and "cannot open the database" in one_line(result.stderr)


def hello_plugin():
    """A plugin module adding the command ``hello``."""
    import types

    import typer

    from sdk import Plugin, hookimpl

    module = types.ModuleType("hello_plugin")
    module.plugin = Plugin(name="hello", title="你好", title_en="Hello", version="1.0.0")

    @hookimpl
    def cli_commands(cli: typer.Typer) -> None:
        @cli.command("hello")
        def hello() -> None:
            """问好 / Say hello."""
            typer.echo("你好 hello")

    module.cli_commands = cli_commands
    return module


def add_commands_of(manager: PluginManager, monkeypatch) -> None:
    """Add ``manager``'s plugin commands to the CLI for this test (restored afterwards)."""
    from cli.main import add_plugin_commands

    monkeypatch.setattr(runtime, "plugin_manager", lambda: manager)
    monkeypatch.setattr(app, "registered_commands", list(app.registered_commands))
    add_plugin_commands(["hello"])


def test_a_plugin_adds_its_own_commands(mendian, monkeypatch):
    manager = PluginManager()
    manager.register(hello_plugin())
    add_commands_of(manager, monkeypatch)
    assert mendian("hello").stdout == "你好 hello\n"


def test_a_plugin_whose_commands_raise_is_refused_and_the_others_commands_work(mendian, monkeypatch):
    manager = PluginManager()
    manager.load("tests.plugins_for_tests.broken.commands_raise")
    manager.register(hello_plugin())
    add_commands_of(manager, monkeypatch)

    assert mendian("hello").stdout == "你好 hello\n"
    assert "cli_commands failed" in manager.refusal("commands_raise").reason


@pytest.mark.parametrize(("name", "reason"), [
    ("future_sdk", f"需要 SDK >=9，当前为 SDK {SDK_VERSION} / Plugin future_sdk was refused at start-up and cannot be used: "
                   "needs SDK >=9"),
    ("routes_raise", "api_routes failed: RuntimeError('api_routes bug')"),
    ("commands_raise", "cli_commands failed: RuntimeError('cli_commands bug')"),
])
def test_enabling_a_refused_plugin_says_why_in_one_line(mendian, monkeypatch, name, reason):
    manager = PluginManager()
    manager.discover()
    for module in ("future_sdk", "routes_raise", "commands_raise"):
        manager.load(f"tests.plugins_for_tests.broken.{module}")
    monkeypatch.setattr(runtime, "plugin_manager", lambda: manager)
    mendian("tenant", "create", "my-gym", "--name", "我的健身房")

    result = mendian("plugin", "enable", name, "--tenant", "my-gym")

    assert result.exit_code == 1
    line = one_line(result.stderr)
    assert reason in line and "未能加载" in line and "not installed" not in line

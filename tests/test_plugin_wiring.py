"""Wiring declared in ``Plugin(...)``: resolved at load, a broken declaration refuses the plugin
the way a failing wiring hook does, and the declared parts reach the kernel like a hook's."""

from __future__ import annotations

import types

import pytest
import typer
from typer.testing import CliRunner

from core.extensions.manager import PluginManager, resolve_import_string
from sdk import Context, Plugin, hookimpl
from tests.plugins_for_tests.declared_parts import COMMANDS, JOBS, ROUTES

PARTS = "tests.plugins_for_tests.declared_parts"


def plugin_module(name: str, **declared: str) -> types.ModuleType:
    module = types.ModuleType(f"declared_{name}")
    module.plugin = Plugin(name=name, title="声明", title_en="Declared", version="1.0.0", **declared)
    return module


@pytest.mark.parametrize(("declared", "error"), [
    ({"routes": "tests.no_such_module:ROUTES"}, "ModuleNotFoundError"),
    ({"routes": f"{PARTS}:NO_SUCH_NAME"}, "AttributeError"),
    ({"console": PARTS}, "not of the form"),
    ({"cli": f"{PARTS}:ROUTES"}, "not a typer.Typer"),
])
def test_a_broken_declaration_refuses_the_plugin_with_its_reason(declared, error):
    manager = PluginManager()
    manager.register(plugin_module("broken_decl", **declared))

    assert "broken_decl" not in manager.installed
    [refused] = manager.refused
    [(field_name, target)] = declared.items()
    assert refused.plugin == "broken_decl"
    assert refused.reason.startswith(f"{field_name}={target!r} failed: ")
    assert error in refused.reason
    assert refused.reason_zh.startswith(f"{field_name}={target!r} 出错：")


def test_a_refused_plugins_hooks_are_not_left_registered():
    module = plugin_module("broken_decl", tables="tests.no_such_module:APP_CONFIG")

    @hookimpl
    async def order_paid(ctx: Context, order) -> None:
        raise AssertionError("a refused plugin's hook ran")

    module.order_paid = order_paid
    manager = PluginManager()
    manager.register(module)

    assert manager.refusal("broken_decl") is not None
    assert manager._pm.get_plugin("broken_decl") is None
    assert manager.subset_hook("order_paid", frozenset({"broken_decl"})).impls == ()


def test_declaring_a_part_and_implementing_its_hook_is_refused():
    module = plugin_module("both", routes=f"{PARTS}:ROUTES")

    @hookimpl
    def api_routes():
        return []

    module.api_routes = api_routes
    manager = PluginManager()
    manager.register(module)

    assert "both" not in manager.installed
    assert "also implements the api_routes hook" in manager.refusal("both").reason


def test_declared_parts_are_what_the_wiring_hooks_would_return():
    manager = PluginManager()
    manager.register(plugin_module("declared", routes=f"{PARTS}:ROUTES",
                                   jobs=f"{PARTS}:JOBS"))

    assert manager.refused == []
    [(name, routes)] = manager.wiring("api_routes")
    assert name == "declared" and routes is ROUTES
    [(name, jobs)] = manager.wiring("scheduled_jobs")
    assert name == "declared" and jobs is JOBS
    assert manager.wiring("console_pages") == []  # nothing declared, no hook: nothing


def test_a_declared_command_line_is_mounted_under_the_plugins_name():
    manager = PluginManager()
    manager.register(plugin_module("declared", cli=f"{PARTS}:COMMANDS"))
    cli = typer.Typer()

    @cli.command()
    def version() -> None:
        typer.echo("kernel")

    manager.wiring("cli_commands", cli=cli)
    result = CliRunner().invoke(cli, ["declared", "hello"])

    assert result.exit_code == 0, result.output
    assert "hello from a declared command" in result.output


def test_built_in_plugins_declare_their_wiring_and_implement_none_of_its_hooks():
    manager = PluginManager()
    manager.discover(entry_points=False)

    assert manager.refused == []
    for name, item in manager.installed.items():
        assert item.plugin.tables and item.plugin.routes and item.plugin.console, name
        assert len(item.apps) == 1, name
        for hook in ("piccolo_apps", "api_routes", "console_pages", "member_pages", "scheduled_jobs", "cli_commands"):
            assert not hasattr(item.module, hook), f"{name} still implements {hook}"


def test_an_import_string_may_name_a_dotted_attribute():
    assert resolve_import_string(f"{PARTS}:COMMANDS.registered_commands") is COMMANDS.registered_commands


# --- hooks plugins declare ----------------------------------------------------------------------


def builtins_and(*modules: str) -> PluginManager:
    manager = PluginManager()
    manager.discover(entry_points=False)
    for module in modules:
        manager.load(module)
    return manager


def test_the_points_and_coupons_hooks_are_declared_by_their_plugins_not_the_kernel():
    from core import hookspecs

    manager = builtins_and()

    for hook, owner in [("points_award", "points"), ("points_deduct", "points"), ("points_changed", "points"),
                        ("points_multiplier", "points"), ("coupon_issue", "coupons")]:
        assert not hasattr(hookspecs, hook)
        caller = getattr(manager._pm.hook, hook)
        assert caller.spec.namespace.__name__ == f"plugins.{owner}.hookspecs"


def test_a_plugin_declared_hook_keeps_first_result_and_calls_only_the_enabled_plugins():
    manager = builtins_and("tests.plugins_for_tests.double_points")

    multiplier = manager.subset_hook("points_multiplier", frozenset({"points", "levels", "double_points"}))
    assert multiplier.firstresult is True
    assert sorted(multiplier.plugin_names) == ["double_points", "levels"]
    assert manager.subset_hook("points_multiplier", frozenset({"points", "levels"})).plugin_names == ["levels"]
    changed = manager.subset_hook("points_changed", frozenset({"points", "double_points"}))
    assert changed.firstresult is False and changed.plugin_names == ["double_points"]


def test_a_plugin_that_declares_a_hook_already_declared_is_refused():
    manager = builtins_and()
    manager.register(plugin_module("copycat", hookspecs="plugins.points.hookspecs"))

    assert "copycat" not in manager.installed
    reason = manager.refusal("copycat").reason
    assert reason.startswith("hookspecs='plugins.points.hookspecs' failed: ")
    assert "points_award" in reason and "points_multiplier" in reason


def test_a_hookspecs_module_that_does_not_import_refuses_the_plugin():
    manager = PluginManager()
    manager.register(plugin_module("no_specs", hookspecs="tests.no_such_module"))

    assert "ModuleNotFoundError" in manager.refusal("no_specs").reason


def test_implementing_a_hook_no_installed_plugin_declares_is_refused():
    manager = PluginManager()  # no points plugin: nobody declares points_multiplier
    manager.load("tests.plugins_for_tests.double_points")

    assert "implements unknown hook(s): points_changed, points_multiplier" in manager.refusal("double_points").reason


async def test_the_sdk_says_the_feature_is_off_when_the_declaring_plugin_is_not_installed():
    from sdk import FeatureNotEnabled, award_points, issue_coupon

    manager = PluginManager()
    ctx = types.SimpleNamespace(hooks=manager.relay(frozenset()))

    with pytest.raises(FeatureNotEnabled):
        await award_points(ctx, 1, 10, reason="签到", source="sign_in", idempotency_key="k")
    with pytest.raises(FeatureNotEnabled):
        await issue_coupon(ctx, 1, 1, source="sign_in", idempotency_key="k")

"""Domain hooks reach only the plugins a tenant enabled, inside the event's transaction."""

import pytest

from core import db, scoped
from core.errors import PluginHookFailed
from core.extensions import service
from core.tenancy.tables import Store
from tests.plugins_for_tests.bouncer import RegistrationClosed
from tests.plugins_for_tests.helpers import MemberStub, enable, greetings_of, register_member_event


async def test_hook_runs_only_for_the_tenant_that_enabled_the_plugin(tenant, other_tenant):
    await enable(tenant, "greeter")

    await register_member_event(tenant, member_id=1)
    await register_member_event(other_tenant, member_id=2)

    assert [g["member_id"] for g in await greetings_of(tenant)] == [1]
    assert await greetings_of(other_tenant) == []


async def test_failing_plugin_rolls_back_the_whole_event_and_is_named(tenant):
    await enable(tenant, "greeter", "crasher")
    ctx = await tenant.ctx()
    # The greeter writes first, so the rollback has something to undo.
    assert ctx.hooks.member_registered.plugin_names == ["greeter", "crasher"]

    with pytest.raises(PluginHookFailed) as failure:
        async with db.transaction():
            await scoped.insert(ctx, Store, code="event-row", name="the event's own write", created_at=ctx.now())
            await ctx.hooks.member_registered(ctx=ctx, member=MemberStub(id=7))

    assert failure.value.code == "plugin_failed"
    assert failure.value.extra == {"plugin": "crasher", "hook": "member_registered"}
    assert isinstance(failure.value.__cause__, RuntimeError)
    assert await greetings_of(tenant) == []
    assert await scoped.select(ctx, Store).where(Store.code == "event-row") == []


async def test_plugin_refuses_an_event_with_its_own_code_and_reason(tenant):
    await enable(tenant, "greeter", "bouncer")

    with pytest.raises(RegistrationClosed) as refusal:
        await register_member_event(tenant, member_id=3)

    assert refusal.value.code == "registration_closed"
    assert "活力健身" in refusal.value.detail_zh
    assert await greetings_of(tenant) == []


async def test_disabled_plugin_is_not_called_and_keeps_its_data(tenant):
    await enable(tenant, "greeter")
    await register_member_event(tenant, member_id=1)

    await service.disable_plugin(await tenant.ctx(), "greeter")
    await register_member_event(tenant, member_id=2)
    assert [g["member_id"] for g in await greetings_of(tenant)] == [1]

    await enable(tenant, "greeter")
    await register_member_event(tenant, member_id=3)
    assert [g["member_id"] for g in await greetings_of(tenant)] == [1, 3]


async def test_tenant_settings_shape_what_the_plugin_does(tenant, other_tenant):
    await enable(tenant, "greeter")
    await enable(other_tenant, "greeter")
    await service.replace_settings(await tenant.ctx(), "greeter", {"points": 50, "style": "formal"})

    await register_member_event(tenant, member_id=1, name="李四")
    await register_member_event(other_tenant, member_id=2, name="王五")

    [mine] = await greetings_of(tenant)
    [theirs] = await greetings_of(other_tenant)
    assert (mine["points"], mine["message"]) == (50, "尊敬的李四，欢迎光临。")
    assert (theirs["points"], theirs["message"]) == (10, "欢迎你，王五！")


async def test_results_of_enabled_plugins_are_collected(tenant):
    await enable(tenant, "needs_greeter")
    ctx = await tenant.ctx()

    results = await ctx.hooks.member_checked_in(ctx=ctx, member=MemberStub(id=5), check_in="desk")

    assert results == ["needs_greeter saw 5 at desk"]


def test_subset_caller_is_cached_per_enabled_set(plugin_manager):
    greeter_only = plugin_manager.subset_hook("member_registered", frozenset({"greeter"}))

    assert plugin_manager.subset_hook("member_registered", frozenset({"greeter"})) is greeter_only
    assert plugin_manager.relay(frozenset({"greeter"})) is plugin_manager.relay(frozenset({"greeter"}))
    assert plugin_manager.relay(frozenset({"greeter"})).member_registered is greeter_only


def test_different_enabled_sets_get_different_implementations(plugin_manager):
    def names(*enabled):
        return plugin_manager.subset_hook("member_registered", frozenset(enabled)).plugin_names

    assert names("greeter") == ["greeter"]
    assert names("greeter", "crasher") == ["greeter", "crasher"]
    assert names("bouncer", "greeter") == ["bouncer", "greeter"]
    assert names() == []
    # A plugin without an implementation of the hook changes nothing in the call list.
    assert names("needs_greeter", "greeter") == ["greeter"]

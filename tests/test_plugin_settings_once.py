"""A context reads each enabled plugin's settings once, with the plugins themselves: the hooks of
one checkout do not query them again; a change made through the context is seen at once."""

from __future__ import annotations

from core import db
from core.contexts import context_for
from core.extensions.service import enable_plugin, plugin_settings, replace_settings


class _TenantPluginReads(db.StatementLog):
    """Statements reading tenant_plugin while open."""

    @property
    def reads(self) -> list[str]:
        return [sql for sql in self.statements if "tenant_plugin" in sql]


async def test_enabled_plugins_settings_come_with_the_context(tenant, plugin_manager):
    ctx = await context_for(tenant.id, plugin_manager, tenant.clock)
    await enable_plugin(ctx, "coupons")
    await replace_settings(ctx, "coupons", {"coupon_center": False})
    with _TenantPluginReads() as log:
        ctx = await context_for(tenant.id, plugin_manager, tenant.clock)
        assert len(log.reads) == 1  # the enabled plugins, with their settings, in one statement
        for _ in range(3):  # as three hooks of one checkout would
            assert (await plugin_settings(ctx, "coupons")).coupon_center is False
        assert len(log.reads) == 1


async def test_a_change_through_the_context_is_read_back_at_once(tenant, plugin_manager):
    ctx = await context_for(tenant.id, plugin_manager, tenant.clock)
    await enable_plugin(ctx, "coupons")
    ctx = await context_for(tenant.id, plugin_manager, tenant.clock)
    assert (await plugin_settings(ctx, "coupons")).coupon_center is True
    await replace_settings(ctx, "coupons", {"coupon_center": False})
    assert (await plugin_settings(ctx, "coupons")).coupon_center is False
    fresh = await context_for(tenant.id, plugin_manager, tenant.clock)
    assert (await plugin_settings(fresh, "coupons")).coupon_center is False


async def test_a_disabled_plugins_settings_are_read_from_the_database_once(tenant, plugin_manager):
    ctx = await context_for(tenant.id, plugin_manager, tenant.clock)
    assert "coupons" not in ctx.enabled_plugins
    with _TenantPluginReads() as log:
        assert (await plugin_settings(ctx, "coupons")).coupon_center is True
        assert (await plugin_settings(ctx, "coupons")).coupon_center is True
        assert len(log.reads) == 1


async def test_a_context_held_across_a_change_made_elsewhere_reads_the_change(tenant, plugin_manager):
    desk = await context_for(tenant.id, plugin_manager, tenant.clock)
    await enable_plugin(desk, "coupons")
    held = await context_for(tenant.id, plugin_manager, tenant.clock)
    assert (await plugin_settings(held, "coupons")).coupon_center is True
    other = await context_for(tenant.id, plugin_manager, tenant.clock)
    await replace_settings(other, "coupons", {"coupon_center": False})
    assert (await plugin_settings(held, "coupons")).coupon_center is False

"""Bad input from plugins: a hook that crashes, settings that no longer fit after an upgrade.

Neither may break the tenant: a crash rolls its event back and names the plugin; a plugin whose
stored settings are invalid stays off (and says why) while the rest of the tenant works.
"""

from __future__ import annotations

import pytest

from core.errors import InvalidPluginSettings
from core.extensions import service
from core.tenancy.tables import TenantPlugin
from sdk import accounts
from sdk.ledger import balance
from sdk.testing import make_member
from tests.checkout_helpers import make_item, open_order, pay
from tests.plugins_for_tests.helpers import enable, greetings_of

PLUGINS = "/api/v1/plugins"


async def store_raw_settings(tenant, plugin: str, raw: str) -> None:
    """What an upgrade leaves behind: settings saved under the old Struct, never re-validated."""
    await TenantPlugin.update({TenantPlugin.settings_json: raw}).where(
        (TenantPlugin.tenant_id == tenant.id) & (TenantPlugin.plugin == plugin)
    )


# --- a plugin that crashes inside a domain hook ------------------------------------------------


async def test_a_crash_in_order_paid_rolls_the_payment_back_and_names_the_plugin(client, tenant):
    item = await make_item(client, tenant, "WATER", 300)
    order = await open_order(client, tenant, [{"item_id": item["id"], "quantity": 2}])
    await enable(tenant, "crasher")

    r = await pay(client, tenant, order["id"], [{"kind": "cash", "amount_fen": 600}])

    assert r.status_code == 502, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    problem = r.json()
    assert (problem["code"], problem["plugin"], problem["hook"]) == ("plugin_failed", "crasher", "order_paid")
    assert "crasher" in problem["detail"] and "crasher" in problem["detail_en"]
    assert "Traceback" not in r.text and "RuntimeError" not in r.text
    # Nothing of the payment was kept: the order is still open and no cash was booked.
    reread = await client.get(f"/api/v1/orders/{order['id']}", headers=tenant.headers)
    assert (reread.json()["status"], reread.json()["paid_fen"]) == ("open", 0)
    assert await balance(await tenant.ctx(), accounts.store(order["store_id"], "cash")) == 0

    await client.post(f"{PLUGINS}/crasher/disable", headers=tenant.headers)
    paid = await pay(client, tenant, order["id"], [{"kind": "cash", "amount_fen": 600}])
    assert paid.status_code in (200, 201), paid.text
    assert await balance(await tenant.ctx(), accounts.store(order["store_id"], "cash")) == 600


# --- settings that became invalid in the database -------------------------------------------------


async def test_a_plugin_with_invalid_stored_settings_stays_off_and_the_tenant_keeps_working(tenant, other_tenant):
    await enable(tenant, "greeter")
    await enable(other_tenant, "greeter")
    await store_raw_settings(tenant, "greeter", '{"points": 5000, "style": "warm"}')  # le=1000 now

    member = await make_member(tenant, phone="13800138001")
    theirs = await make_member(other_tenant, phone="13800138002")

    assert member.id  # registration went through: the tenant is not broken
    assert await greetings_of(tenant) == []  # ...and the greeter did not run with bad settings
    assert [g["member_id"] for g in await greetings_of(other_tenant)] == [theirs.id]
    assert "greeter" not in (await tenant.ctx()).enabled_plugins


async def test_the_plugin_list_says_why_an_enabled_plugin_is_off(tenant):
    await enable(tenant, "needs_greeter")  # enables the greeter it requires
    await store_raw_settings(tenant, "greeter", '{"points": 5000, "style": "warm"}')

    listed = {p.name: p for p in await service.list_plugins(await tenant.ctx())}

    assert listed["greeter"].enabled is False
    assert "points" in listed["greeter"].disabled_reason
    assert listed["greeter"].settings == {"points": 5000, "style": "warm"}  # as stored, to be fixed
    # A plugin that requires it cannot run either, and says so.
    assert listed["needs_greeter"].enabled is False
    assert "greeter" in listed["needs_greeter"].disabled_reason
    assert listed["bouncer"].disabled_reason is None


async def test_saving_valid_settings_switches_the_plugin_back_on(tenant):
    await enable(tenant, "greeter")
    await store_raw_settings(tenant, "greeter", '{"points": 10, "style": "shouting"}')
    await make_member(tenant, phone="13800138003")
    assert await greetings_of(tenant) == []

    await service.replace_settings(await tenant.ctx(), "greeter", {"points": 20, "style": "formal"})
    member = await make_member(tenant, phone="13800138004")

    assert [(g["member_id"], g["points"]) for g in await greetings_of(tenant)] == [(member.id, 20)]


async def test_enabling_again_points_at_the_invalid_field(tenant):
    await enable(tenant, "greeter")
    await store_raw_settings(tenant, "greeter", '{"points": -1}')

    with pytest.raises(InvalidPluginSettings) as refusal:
        await service.enable_plugin(await tenant.ctx(), "greeter")

    assert refusal.value.extra["field"] == "points"


async def test_over_http_the_plugin_is_listed_with_its_reason_and_its_routes_are_off(client, tenant):
    await enable(tenant, "greeter")
    await store_raw_settings(tenant, "greeter", "not json at all")

    listed = await client.get(f"{PLUGINS}/greeter", headers=tenant.headers)
    route = await client.get("/api/v1/greeter/greetings", headers=tenant.headers)
    registered = await client.post("/api/v1/members", headers=tenant.headers,
                                   json={"phone": "13800138005", "name": "李四"})

    assert listed.status_code == 200, listed.text
    assert (listed.json()["enabled"], bool(listed.json()["disabled_reason"])) == (False, True)
    assert route.status_code == 404
    assert registered.status_code == 201, registered.text

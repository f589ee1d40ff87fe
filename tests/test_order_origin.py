"""An order carries its origin: the plugin that opened it (拼团、砍价、秒杀、积分商城) names itself, so
its order hooks pass every other order — a till's — without reading their tables; a client cannot
claim a plugin's origin; and upgrading marks the orders each plugin opened before orders had one."""

import pytest
from bargain_helpers import buy as buy_bargain
from bargain_helpers import cut, enable_bargain, make_campaign, start
from checkout_helpers import TableReads, key, main_store, make_item, make_member, open_order, pay
from flash_sale_helpers import enable_flash_sale, make_session, member_headers, take
from group_buy_helpers import enable_group_buy, make_deal
from piccolo.apps.migrations.tables import Migration
from points_helpers import problem
from points_mall_helpers import enable_mall, exchanged, member_with, reward

from core import db
from core.migrate import kernel_apps, migrate
from core.orders.tables import Order

API = "/api/v1"
PLUGINS = ("group_buy", "bargain", "flash_sale", "points_mall")
ORIGIN_MIGRATION = "2026-12-20T09:00:00:000000"  # the kernel's column and each plugin's backfill


async def enable(client, tenant, plugin):
    if plugin == "points_mall":
        await enable_mall(client, tenant)
    else:
        await {"group_buy": enable_group_buy, "bargain": enable_bargain, "flash_sale": enable_flash_sale}[plugin](
            client, tenant)


async def plugin_order(client, tenant, clock, plugin, phone="13900000001"):
    """An order the plugin opens for a member, the way a member gets one: returns its id."""
    item = await make_item(client, tenant, f"{plugin}-item", 5_900)
    if plugin == "points_mall":
        member = await member_with(client, tenant, 1_000, phone=phone)
        return (await exchanged(client, tenant, await reward(client, tenant), member))["order_id"]
    me = await member_headers(tenant, (await make_member(client, tenant, phone=phone))["id"])
    if plugin == "group_buy":
        deal = await make_deal(client, tenant, clock, item["id"], kind="regular", price_fen=1_500)
        r = await client.post(f"{API}/me/group-buy/deals/{deal['id']}/buy", headers=me)
    elif plugin == "bargain":
        campaign = await make_campaign(client, tenant, clock, item["id"])
        bargain = (await start(client, me, campaign["id"])).json()
        friend = await member_headers(tenant, (await make_member(client, tenant, phone=f"{phone[:-1]}9"))["id"])
        assert (await cut(client, friend, bargain["share_code"])).status_code == 201
        r = await buy_bargain(client, me, bargain["id"])
    else:
        session = await make_session(client, tenant, clock, [
            {"item_id": item["id"], "flash_price_fen": 990, "stock": 5, "per_member_limit": 2}])
        r = await take(client, me, session["items"][0]["id"])
    assert r.status_code == 201, r.text
    return r.json()["order_id"]


async def order_of(client, tenant, order_id):
    r = await client.get(f"{API}/orders/{order_id}", headers=tenant.headers)
    assert r.status_code == 200, r.text
    return r.json()


@pytest.mark.parametrize("plugin", PLUGINS)
async def test_a_till_order_passes_the_plugins_order_hooks_without_reading_its_tables(client, tenant, plugin):
    await enable(client, tenant, plugin)
    bread = await make_item(client, tenant, "bread", 1_200)
    member = await make_member(client, tenant)
    with TableReads(plugin, tenant.manager) as reads:
        order = await open_order(client, tenant, [{"item_id": bread["id"], "quantity": 2}], member_id=member["id"])
        assert (await pay(client, tenant, order["id"], [{"kind": "cash", "amount_fen": 2_400}])).status_code == 201
        r = await client.post(f"{API}/orders/{order['id']}/refunds", headers={**tenant.headers, **key()},
                              json={"amount_fen": 2_400})
        assert r.status_code == 201, r.text
    assert reads.touching == []
    assert any("sales_order" in sql for sql in reads.statements)  # the wrapper saw the checkout
    assert (await order_of(client, tenant, order["id"]))["origin"] == ""


@pytest.mark.parametrize("plugin", PLUGINS)
async def test_an_order_the_plugin_opens_carries_its_name_and_its_hooks_find_it(client, tenant, clock, plugin):
    await enable(client, tenant, plugin)
    with TableReads(plugin, tenant.manager) as reads:
        order = await order_of(client, tenant, await plugin_order(client, tenant, clock, plugin))
    assert order["origin"] == plugin
    if plugin == "points_mall":  # the exchange's line takes no discount: order_validated marked it
        assert [line["no_discount"] for line in order["lines"]] == [True]
    else:  # the plugin's price: order_priced found the plugin's row
        assert [a["source"] for a in order["adjustments"]] == [plugin]
    assert reads.touching  # the wrapper does see the plugin's tables when they are read


async def test_a_client_cannot_say_an_order_is_a_plugins(client, tenant):
    await enable_group_buy(client, tenant)
    bread = await make_item(client, tenant, "bread", 1_200)
    store = await main_store(client, tenant)
    r = await client.post(f"{API}/orders", headers=tenant.headers, json={
        "lines": [{"item_id": bread["id"], "quantity": 1}], "store_id": store["id"], "origin": "group_buy"})
    problem(r, 400, "invalid_request")
    assert "origin" in r.text
    assert (await client.get(f"{API}/orders", headers=tenant.headers)).json()["items"] == []


async def test_upgrading_marks_the_orders_each_plugin_opened_before_orders_had_an_origin(client, tenant, clock):
    """A database from before: no ``origin`` column, these migrations not run. ``db migrate`` adds
    the column (kernel first), then each plugin marks its own orders; a till's order stays unmarked."""
    for plugin in PLUGINS:
        await enable(client, tenant, plugin)
    theirs = {plugin: await plugin_order(client, tenant, clock, plugin, phone=f"1390000000{n}")
              for n, plugin in enumerate(PLUGINS)}
    bread = await make_item(client, tenant, "bread", 1_200)
    till = await open_order(client, tenant, [{"item_id": bread["id"], "quantity": 1}])
    await db.engine().run_ddl("ALTER TABLE sales_order DROP COLUMN origin")
    await Migration.delete().where(Migration.name == ORIGIN_MIGRATION)

    report = await migrate([*kernel_apps(), *tenant.manager.apps()])

    ran = [r.app for r in report if r.applied == [ORIGIN_MIGRATION]]
    assert ran[0] == "orders" and sorted(ran[1:]) == sorted(PLUGINS)
    rows = await Order.select(Order.id, Order.origin).where(Order.tenant_id == tenant.id)
    assert {r["id"]: r["origin"] for r in rows} == {**{theirs[p]: p for p in PLUGINS}, till["id"]: ""}
    # paying re-prices: the hold is found again, so the flash price stands and the hold becomes a sale
    assert (await pay(client, tenant, theirs["flash_sale"], [{"kind": "cash", "amount_fen": 990}])).status_code == 201
    assert (await order_of(client, tenant, theirs["flash_sale"]))["status"] == "paid"

"""Plugin contract v2: hooks live in a plugin's ``hooks.py``; an order carries its facts (its
origin, the plugins that marked it, its member's level and marks), and an ``@own_orders`` hook is
called only for the orders its plugin opened or marked, a ``@marked_members`` hook only for the
orders of members its plugin marked: the kernel passes over every other order."""

from __future__ import annotations

import asyncio
import types

import pytest
from checkout_helpers import TableReads, key, make_item, make_member, open_order, pay

from core.extensions.manager import PluginManager
from sdk import Plugin, hookimpl, load_order, mark_member, mark_order, marked_members, own_orders, set_member_level
from tests.plugins_for_tests.hooked import hooks as hooked_hooks

API = "/api/v1"


def _order(order_id: int, origin: str = "", marked_by: tuple[str, ...] = (),
           member_marked_by: tuple[str, ...] = ()) -> types.SimpleNamespace:
    return types.SimpleNamespace(id=order_id, origin=origin, marked_by=list(marked_by),
                                 member_marked_by=list(member_marked_by))


@pytest.fixture
def hooked() -> PluginManager:
    hooked_hooks.CALLS.clear()
    manager = PluginManager()
    manager.load("tests.plugins_for_tests.hooked")
    return manager


def test_hooks_are_found_in_the_plugins_hooks_module(hooked):
    assert "hooked" in hooked.installed
    assert "hooked" in hooked.relay(frozenset({"hooked"})).order_paid.plugin_names


async def test_an_own_orders_hook_is_called_only_for_orders_its_plugin_opened_or_marked(hooked):
    relay = hooked.relay(frozenset({"hooked"}))
    for order in (_order(1), _order(2, origin="group_buy"), _order(3, marked_by=("coupons",)),
                  _order(4, origin="hooked"), _order(5, marked_by=("coupons", "hooked"))):
        await relay.order_paid(ctx=None, order=order)
        await relay.order_validated(ctx=None, order=order)
    assert [n for kind, n in hooked_hooks.CALLS if kind == "own"] == [4, 5]
    assert [n for kind, n in hooked_hooks.CALLS if kind == "every"] == [1, 2, 3, 4, 5]


async def test_a_marked_members_hook_is_called_only_for_orders_of_members_its_plugin_marked(hooked):
    relay = hooked.relay(frozenset({"hooked"}))
    for order in (_order(1), _order(2, origin="hooked"), _order(3, marked_by=("hooked",)),
                  _order(4, member_marked_by=("referral",)), _order(5, member_marked_by=("referral", "hooked"))):
        await relay.order_priced(ctx=None, order=order)
    assert [n for kind, n in hooked_hooks.CALLS if kind == "members"] == [5]


def test_hooks_in_both_the_package_and_its_hooks_module_refuse_the_plugin():
    manager = PluginManager()
    manager.load("tests.plugins_for_tests.hooked_twice")
    assert "hooked_twice" not in manager.installed
    [refused] = manager.refused
    assert "both" in refused.reason and "hooked_twice.hooks" in refused.reason


def test_own_orders_on_a_hook_without_an_order_refuses_the_plugin():
    module = types.ModuleType("orderless")
    module.plugin = Plugin(name="orderless", title="无订单", title_en="Orderless", version="1.0.0")

    @hookimpl
    @own_orders
    async def member_registered(ctx, member):
        pass

    module.member_registered = member_registered
    manager = PluginManager()
    manager.register(module)
    assert "orderless" not in manager.installed
    assert "member_registered" in manager.refused[0].reason


def test_marked_members_on_a_hook_without_an_order_refuses_the_plugin():
    module = types.ModuleType("memberless")
    module.plugin = Plugin(name="memberless", title="无订单", title_en="Orderless", version="1.0.0")

    @hookimpl
    @marked_members
    async def member_registered(ctx, member):
        pass

    module.member_registered = member_registered
    manager = PluginManager()
    manager.register(module)
    assert "memberless" not in manager.installed
    assert "member_registered" in manager.refused[0].reason


async def test_marking_an_order_twice_marks_it_once_and_marks_race_without_loss(client, tenant):
    item = await make_item(client, tenant, "mark-1", 1_000)
    order_id = (await open_order(client, tenant, [{"item_id": item["id"]}]))["id"]
    ctx = await tenant.ctx()
    order = await load_order(ctx, order_id)
    assert order.marked_by == []
    await mark_order(ctx, order, "coupons")
    await mark_order(ctx, order, "coupons")
    assert order.marked_by == ["coupons"]
    # Two plugins marking the same order at once (parallel connections on PostgreSQL) both stay.
    async def mark_as(name: str) -> None:
        await mark_order(ctx, await load_order(ctx, order_id), name)

    await asyncio.gather(*(mark_as(name) for name in ("points_mall", "cards", "coupons")))
    assert sorted((await load_order(ctx, order_id)).marked_by) == ["cards", "coupons", "points_mall"]
    r = await client.get(f"{API}/orders/{order_id}", headers=tenant.headers)
    assert sorted(r.json()["marked_by"]) == ["cards", "coupons", "points_mall"]


async def test_an_order_carries_its_members_marks_when_opened_and_afresh_when_paid(client, tenant):
    item = await make_item(client, tenant, "marks-1", 1_000)
    member = await make_member(client, tenant, phone="13800000004")
    other = await make_member(client, tenant, phone="13800000005")
    ctx = await tenant.ctx()
    await mark_member(ctx, member["id"], "referral")
    await mark_member(ctx, member["id"], "referral")  # marking twice is marking once
    opened = await open_order(client, tenant, [{"item_id": item["id"]}], member_id=member["id"])
    assert opened["member_marked_by"] == ["referral"]
    # A mark made after the order was opened counts for its payment (and stays for its refunds).
    later = await open_order(client, tenant, [{"item_id": item["id"]}], member_id=other["id"])
    assert later["member_marked_by"] == []

    async def mark_as(name: str) -> None:  # two plugins marking one member at once both stay
        await mark_member(ctx, other["id"], name)

    await asyncio.gather(*(mark_as(name) for name in ("referral", "cards")))
    r = await pay(client, tenant, later["id"], [{"kind": "cash", "amount_fen": later["total_fen"]}])
    assert r.status_code == 201, r.text
    assert sorted(r.json()["member_marked_by"]) == ["cards", "referral"]
    assert sorted((await load_order(ctx, later["id"])).member_marked_by) == ["cards", "referral"]
    walk_in = await open_order(client, tenant, [{"item_id": item["id"]}])
    r = await pay(client, tenant, walk_in["id"], [{"kind": "cash", "amount_fen": walk_in["total_fen"]}])
    assert r.json()["member_marked_by"] == []


async def test_an_order_carries_its_members_level_when_opened_and_when_its_member_is_set(client, tenant):
    item = await make_item(client, tenant, "level-1", 1_000)
    gold = await make_member(client, tenant, phone="13800000001")
    plain = await make_member(client, tenant, phone="13800000002")
    ctx = await tenant.ctx()
    await set_member_level(ctx, gold["id"], "gold")
    order = await open_order(client, tenant, [{"item_id": item["id"]}], member_id=gold["id"])
    assert order["member_level"] == "gold"
    assert (await open_order(client, tenant, [{"item_id": item["id"]}]))["member_level"] is None
    r = await client.put(f"{API}/orders/{order['id']}/member", headers=tenant.headers,
                         json={"member_id": plain["id"]})
    assert r.status_code == 200, r.text
    assert r.json()["member_level"] is None
    await set_member_level(ctx, plain["id"], "silver")
    r = await client.put(f"{API}/orders/{order['id']}/member", headers=tenant.headers,
                         json={"member_id": plain["id"]})
    assert r.json()["member_level"] == "silver"


async def test_a_till_order_with_every_plugin_on_reads_no_coupon_or_level_table(client, tenant):
    """The orders a plugin has nothing to do with cost it no query: coupons price only orders a
    coupon marked, and levels price at the level the order carries."""
    await tenant.enable("stored_value", "points", "levels", "coupons", "referral", "group_buy", "bargain",
                        "flash_sale", "points_mall", "sign_in", "cards")
    item = await make_item(client, tenant, "till-1", 2_000)
    member = await make_member(client, tenant, phone="13800000003")
    manager = tenant.manager
    with TableReads("coupons", manager) as coupons, TableReads("levels", manager) as levels:
        order = await open_order(client, tenant, [{"item_id": item["id"]}], member_id=member["id"])
    assert order["member_level"] == "regular"  # the lowest level, where a new member starts
    assert coupons.touching == []
    assert [sql for sql in levels.touching if "lv_progress" in sql] == []


async def test_an_unbound_members_paid_and_refunded_order_reads_no_referral_table(client, tenant):
    """Referral's commission hooks are ``@marked_members``: a member nobody brought costs them no query."""
    await tenant.enable("referral")
    item = await make_item(client, tenant, "unbound-1", 2_000)
    member = await make_member(client, tenant, phone="13800000006")
    order = await open_order(client, tenant, [{"item_id": item["id"]}], member_id=member["id"])
    with TableReads("referral", tenant.manager) as referral:
        r = await pay(client, tenant, order["id"], [{"kind": "cash", "amount_fen": 2_000}])
        assert r.status_code == 201, r.text
        r = await client.post(f"{API}/orders/{order['id']}/refunds", headers={**tenant.headers, **key()},
                              json={"amount_fen": 500})
        assert r.status_code == 201, r.text
    assert referral.touching == []
    assert referral.statements  # the wrapper saw the payment's and refund's statements

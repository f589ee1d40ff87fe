"""The SDK as a plugin author uses it: its services, route helpers, and the sdk.testing factories."""

from __future__ import annotations

import pytest

import sdk
from sdk import accounts
from sdk.http import get
from sdk.ledger import balance, credit, debit, post_entry
from sdk.testing import check_in, make_item, make_member, make_paid_order, statements
from tests.plugins_for_tests.greeter.schemas import GreeterSettings


async def test_a_paid_order_is_paid_in_cash_and_booked_as_revenue(tenant):
    member = await make_member(tenant, phone="13800138000")

    order = await make_paid_order(tenant, lines=[1200, (300, 2)], member=member)

    assert (order.status, order.total_fen, order.paid_fen, order.member_id) == ("paid", 1800, 1800, member.id)
    assert [(t.kind, t.amount_fen) for t in order.tenders] == [("cash", 1800)]
    ctx = await tenant.ctx()
    assert await balance(ctx, accounts.tenant("revenue")) == 1800
    assert (await sdk.load_member(ctx, member.id)).total_spend_fen == 1800


async def test_a_paid_order_takes_existing_items_and_the_tenders_given(tenant):
    item = await make_item(tenant, 500, name="蛋白粉")
    member = await make_member(tenant)
    ctx = await tenant.ctx()
    await post_entry(ctx, "test_top_up", [debit(accounts.store(1, "cash"), 2000),
                                           credit(accounts.member(member.id, "stored_value_principal"), 2000)])

    order = await make_paid_order(tenant, lines=[{"item_id": item.id, "quantity": 3}], member=member.id,
                                  tenders=[{"kind": "stored_value", "amount_fen": 1500}])

    assert [(line.name, line.quantity) for line in order.lines] == [("蛋白粉", 3)]
    assert await balance(ctx, accounts.member(member.id, "stored_value_principal")) == 500


async def test_a_check_in_counts_a_visit(tenant):
    member = await make_member(tenant)

    after = await check_in(tenant, member)

    assert after.visit_count == 1


async def test_members_are_found_by_any_way_of_writing_their_phone_in_their_tenant_only(tenant, other_tenant):
    member = await make_member(tenant, phone="13800138000")

    found = await sdk.find_member_by_phone(await tenant.ctx(), "+86 138-0013-8000")

    assert found is not None and found.id == member.id
    assert await sdk.find_member_by_phone(await other_tenant.ctx(), "13800138000") is None
    assert await sdk.find_member_by_phone(await tenant.ctx(), "not a phone") is None
    with pytest.raises(sdk.NotFound):
        await sdk.load_member(await other_tenant.ctx(), member.id)


async def test_plugin_settings_come_typed_and_at_their_defaults_until_changed(tenant):
    await tenant.enable("greeter")
    ctx = await tenant.ctx()

    assert await sdk.plugin_settings(ctx, "greeter", GreeterSettings) == GreeterSettings()
    await tenant.set_settings("greeter", {"points": 30})
    assert (await sdk.plugin_settings(ctx, "greeter", GreeterSettings)).points == 30
    with pytest.raises(TypeError):
        await sdk.plugin_settings(ctx, "greeter", sdk.Member)


def test_a_route_declares_a_permission_that_exists():
    route = get("/x", permission="members.read")
    assert route.opt["permission"] == "members.read"
    with pytest.raises(ValueError, match="unknown permission"):
        get("/x", permission="members.reed")


def test_every_sdk_name_is_importable_from_sdk():
    missing = [name for name in sdk.__all__ if not hasattr(sdk, name)]
    assert missing == []


def test_discounts_read_as_a_chinese_receipt_writes_them():
    from sdk import zhe

    assert [zhe(p) for p in (95, 90, 85, 5, 50)] == ["95 折", "9 折", "85 折", "0.5 折", "5 折"]


async def test_a_statement_written_out_by_hand_names_its_tenant_and_sees_only_its_rows(tenant, other_tenant):
    from sdk.db import raw

    mine = await make_member(tenant, phone="13800000011")
    await make_member(other_tenant, phone="13800000011")
    ctx = await tenant.ctx()
    rows = await raw(ctx, "SELECT id, tenant_id FROM member WHERE tenant_id = {tenant} AND phone = {}"
                           " AND tenant_id = {tenant}", mine.phone)
    assert [(r["id"], r["tenant_id"]) for r in rows] == [(mine.id, tenant.id)]
    with pytest.raises(ValueError, match="tenant"):
        await raw(ctx, "SELECT id FROM member WHERE phone = {}", mine.phone)


async def test_writes_sent_along_a_statement_all_land_and_on_postgresql_in_one_round_trip(tenant, other_tenant):
    from core import db
    from sdk.db import raw, transaction

    member = await make_member(tenant, phone="13800000012")
    stranger = await make_member(other_tenant, phone="13800000012")
    ctx = await tenant.ctx()
    rename = "UPDATE member SET name = {} WHERE tenant_id = {tenant} AND id IN ({}, {}) RETURNING id"
    tag = "INSERT INTO member_tag (tenant_id, member_id, tag, created_at) VALUES ({tenant}, {}, {}, {})"
    with statements() as log:
        alone = await raw(ctx, rename, "改名", member.id, stranger.id, along=[(tag, (member.id, "常客", ctx.now()))])
        async with transaction():  # on SQLite, in one hop to the connection's thread
            inside = await raw(ctx, rename, "再改", member.id, stranger.id,
                               along=[(tag, (member.id, "早鸟", ctx.now())), (tag, (member.id, "夜猫", ctx.now()))])

    assert [r["id"] for r in alone] == [r["id"] for r in inside] == [member.id]  # the statement's own rows
    tags = await raw(ctx, "SELECT tag, tenant_id FROM member_tag WHERE tenant_id = {tenant} AND member_id = {}", member.id)
    assert sorted((r["tag"], r["tenant_id"]) for r in tags) == sorted((t, tenant.id) for t in ("常客", "早鸟", "夜猫"))
    assert (await raw(ctx, "SELECT name FROM member WHERE tenant_id = {tenant} AND id = {}", member.id)) == [{"name": "再改"}]
    assert len(log.statements) == (5 if db.is_sqlite() else 2)
    with pytest.raises(ValueError, match="WITH"):
        await raw(ctx, "WITH m AS (SELECT id FROM member WHERE tenant_id = {tenant}) SELECT id FROM m",
                  along=[(tag, (member.id, "晚到", ctx.now()))])
    assert len(await raw(ctx, "SELECT id FROM member_tag WHERE tenant_id = {tenant} AND member_id = {}", member.id)) == 3


async def test_a_statement_log_holds_what_ran_inside_it_and_nothing_after(tenant):
    from sdk.db import raw

    member = await make_member(tenant)
    ctx = await tenant.ctx()
    with statements() as log:
        await make_paid_order(tenant, [3000], member)  # the kernel's own statements
        await raw(ctx, "SELECT id FROM member WHERE tenant_id = {tenant} AND id = {}", member.id)
    assert any("INSERT INTO sales_order " in sql for sql in log.statements)
    assert any("INSERT INTO ledger_posting" in sql for sql in log.statements)
    assert log.statements[-1] == "SELECT id FROM member WHERE tenant_id = {} AND id = {}"
    seen = len(log.statements)
    await make_paid_order(tenant, [3000], member)
    assert len(log.statements) == seen

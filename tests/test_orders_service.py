"""Order rules at the service level: plugin pricing, races on one order, refund limits."""

import asyncio

import pytest

from core import db
from core.catalog import schemas as cs
from core.catalog import service as catalog
from core.errors import InvalidAdjustment, InvalidInput, OrderNotPayable, RefundTooLarge
from core.extensions.manager import PluginManager
from core.extensions.plugin import Plugin, hookimpl
from core.ledger.verify import verify
from core.orders import schemas as s
from core.orders.payment import pay_order
from core.orders.pricing import allocate
from core.orders.refunds import refund_order
from core.orders.service import create_order, load_order
from sdk.testing import statements


class TenPercentOff:
    plugin = Plugin(name="ten_off_for_tests", title="九折", title_en="10% off", version="1")

    @staticmethod
    @hookimpl
    def order_priced(order):
        off = order.lines[0].amount_fen // 10
        return [s.Adjustment(source="ten_off_for_tests", amount_fen=off, reason="会员九折", reason_en="Member 10% off",
                             line_id=order.lines[0].id),
                s.Adjustment(source="ten_off_for_tests", amount_fen=100, reason="满减 1 元", reason_en="¥1 off")]


class GroupBuyGoods:
    """Marks the order's first line not discountable, as a group-buy plugin marks its goods."""

    plugin = Plugin(name="group_goods_for_tests", title="拼团商品", title_en="Group goods", version="1")

    @staticmethod
    @hookimpl
    def order_validated(order):
        order.lines[0].no_discount = True


class Greedy:
    plugin = Plugin(name="greedy_for_tests", title="超额", title_en="Too much", version="1")

    @staticmethod
    @hookimpl
    def order_priced(order):
        return [s.Adjustment(source="greedy_for_tests", amount_fen=order.subtotal_fen + sum(
            line.amount_fen for line in order.lines) + 1, reason="太多")]


async def _ctx(tenant, *plugins):
    ctx = await tenant.ctx(store_id=1)
    if plugins:
        manager = PluginManager()
        for p in plugins:
            manager.register(p, source="local")
        ctx.hooks = manager.relay(frozenset(p.plugin.name for p in plugins))
    return ctx


async def _order(ctx, prices=(1_000, 2_550)):
    items = [await catalog.create_item(ctx, cs.ItemCreate(sku=f"i{n}-{p}", name=f"商品{n}", kind="goods", price_fen=p))
             for n, p in enumerate(prices)]
    return await create_order(ctx, s.OrderCreate(store_id=1, lines=[s.LineIn(item_id=i.id, quantity=2) for i in items]))


def test_allocate_is_exact_and_proportional():
    assert allocate(100, [1, 1, 1]) == [34, 33, 33]
    assert allocate(0, [5, 5]) == [0, 0]
    assert sum(allocate(999, [7, 13, 80])) == 999


async def test_a_payment_takes_the_lines_as_written_in_order_and_refuses_an_order_without_any(tenant):
    ctx = await _ctx(tenant, GroupBuyGoods)
    order = await _order(ctx, prices=(300, 200, 100))
    paid = await pay_order(ctx, order.id, s.PayRequest(tenders=[s.TenderIn(kind="cash", amount_fen=order.total_fen)]))
    assert [(line.id, line.name, line.quantity, line.no_discount) for line in paid.lines] == [
        (order.lines[0].id, "商品0", 2, True), (order.lines[1].id, "商品1", 2, False), (order.lines[2].id, "商品2", 2, False)]
    assert paid.lines == (await load_order(ctx, order.id)).lines
    plain = await _ctx(tenant)
    empty = await create_order(plain, s.OrderCreate(store_id=1))
    with pytest.raises(InvalidInput) as refused:
        await pay_order(plain, empty.id, s.PayRequest(tenders=[s.TenderIn(kind="cash", amount_fen=0)]))
    assert refused.value.extra["field"] == "lines"
    assert (await load_order(plain, empty.id)).status == "open"


async def test_plugin_adjustments_are_kept_with_their_reasons_and_allocated(tenant):
    ctx = await _ctx(tenant, TenPercentOff)
    order = await _order(ctx)
    assert order.subtotal_fen == 7_100 and order.discount_fen == 300 and order.total_fen == 6_800
    stored = await load_order(ctx, order.id)
    assert [a.reason for a in stored.adjustments] == ["会员九折", "满减 1 元"]
    assert sum(line.discount_fen for line in stored.lines) == 300
    assert stored.lines[0].discount_fen == 200 + allocate(100, [1_800, 5_100])[0]


async def test_a_payment_takes_the_adjustments_as_written_in_order_without_reading_them_again(tenant):
    ctx = await _ctx(tenant, TenPercentOff)
    order = await _order(ctx)
    with statements() as log:
        paid = await pay_order(ctx, order.id, s.PayRequest(tenders=[s.TenderIn(kind="cash", amount_fen=order.total_fen)]))
    assert [(a.reason, a.amount_fen, a.line_id) for a in paid.adjustments] == [
        ("会员九折", 200, order.lines[0].id), ("满减 1 元", 100, None)]
    assert paid.adjustments == (await load_order(ctx, order.id)).adjustments
    assert not [sql for sql in log.statements if sql.startswith("SELECT") and "sales_order_adjustment" in sql]


async def test_a_reprice_writes_its_adjustments_lines_and_totals_together(tenant):
    ctx = await _ctx(tenant, TenPercentOff)
    order = await _order(ctx)
    plain = await _ctx(tenant)  # the plugin switched off: paying re-prices the order without it
    with statements() as log:
        paid = await pay_order(plain, order.id, s.PayRequest(tenders=[s.TenderIn(kind="cash", amount_fen=7_100)]))
    assert (paid.discount_fen, paid.total_fen, paid.adjustments) == (0, 7_100, [])
    stored = await load_order(plain, order.id)
    assert (stored.total_fen, stored.adjustments, [line.discount_fen for line in stored.lines]) == (7_100, [], [0, 0])
    [delete] = [sql for sql in log.statements if "DELETE FROM sales_order_adjustment" in sql]
    if not db.is_sqlite():  # on PostgreSQL the lines' and the total's updates go in the same statement
        assert "UPDATE sales_order_line" in delete and "SET subtotal_fen" in delete


async def test_a_line_a_plugin_marks_not_discountable_takes_no_order_discount_and_keeps_the_mark(tenant):
    ctx = await _ctx(tenant, GroupBuyGoods, TenPercentOff)
    order = await _order(ctx)
    stored = await load_order(ctx, order.id)
    assert [line.no_discount for line in stored.lines] == [True, False]
    assert stored.lines[0].discount_fen == 200  # its own line adjustment only: the ¥1 off went elsewhere
    assert stored.lines[1].discount_fen == 100

    unmarked = await _ctx(tenant, TenPercentOff)  # the plugin switched off: the next pricing clears the mark
    await pay_order(unmarked, order.id, s.PayRequest(tenders=[s.TenderIn(kind="cash", amount_fen=order.total_fen)]))
    assert [line.no_discount for line in (await load_order(ctx, order.id)).lines] == [False, False]


async def test_an_adjustment_beyond_the_order_is_refused_naming_the_plugin(tenant):
    ctx = await _ctx(tenant, Greedy)
    with pytest.raises(InvalidAdjustment) as refused:
        await _order(ctx)
    assert refused.value.extra["plugin"] == "greedy_for_tests"


async def test_fifty_simultaneous_payments_of_one_order_pay_it_once(tenant):
    ctx = await _ctx(tenant)
    order = await _order(ctx)
    request = s.PayRequest(tenders=[s.TenderIn(kind="cash", amount_fen=order.total_fen)])

    async def attempt():
        try:
            await pay_order(ctx, order.id, request)
            return True
        except OrderNotPayable:
            return False

    assert (await asyncio.gather(*(attempt() for _ in range(50)))).count(True) == 1
    assert len((await load_order(ctx, order.id)).tenders) == 1
    assert await verify(tenant.id) == []


async def test_simultaneous_refunds_never_exceed_what_was_paid(tenant):
    ctx = await _ctx(tenant)
    order = await _order(ctx)
    await pay_order(ctx, order.id, s.PayRequest(tenders=[s.TenderIn(kind="cash", amount_fen=order.total_fen)]))
    part = order.total_fen // 4 + 1  # four of these do not fit; three do

    async def attempt():
        try:
            await refund_order(ctx, order.id, s.RefundRequest(amount_fen=part))
            return True
        except RefundTooLarge:
            return False

    assert (await asyncio.gather(*(attempt() for _ in range(20)))).count(True) == 3
    assert (await load_order(ctx, order.id)).refunded_fen == 3 * part
    assert await verify(tenant.id) == []


async def _member(ctx, phone="13800138000"):
    from core.members import schemas as ms
    from core.members.service import register_member

    return await register_member(ctx, ms.MemberCreate(phone=phone, name="会员"))


async def test_fifty_payments_against_a_balance_for_ten_succeed_ten_times(tenant):
    from core.errors import InsufficientBalance
    from core.ledger.stored_value import stored_value, top_up

    ctx = await _ctx(tenant)
    member = await _member(ctx)
    await top_up(ctx, member.id, 1, 1_000, "cash")
    item = await catalog.create_item(ctx, cs.ItemCreate(sku="shot", name="能量饮料", kind="goods", price_fen=100))
    orders = [await create_order(ctx, s.OrderCreate(store_id=1, member_id=member.id, lines=[s.LineIn(item_id=item.id)]))
              for _ in range(50)]

    async def attempt(order):
        try:
            await pay_order(ctx, order.id, s.PayRequest(tenders=[s.TenderIn(kind="stored_value", amount_fen=100)]))
            return True
        except InsufficientBalance:
            return False

    results = await asyncio.gather(*(attempt(o) for o in orders))
    assert results.count(True) == 10
    assert (await stored_value(ctx, member.id)).total_fen == 0
    statuses = [(await load_order(ctx, o.id)).status for o in orders]
    assert statuses.count("paid") == 10 and statuses.count("open") == 40
    assert await verify(tenant.id) == []


class CouponOfSeventyYuan:
    plugin = Plugin(name="coupon_for_tests", title="券", title_en="Coupon", version="1")

    @staticmethod
    @hookimpl
    def order_priced(order):
        return [s.Adjustment(source="coupon_for_tests", amount_fen=7_000, reason="券")]


async def test_an_order_discount_takes_only_what_the_line_discounts_left(tenant):
    # Of ¥71, 会员九折 takes ¥2 off a line; the order-level ¥1 and ¥70 share the ¥69 left, in plugin order.
    ctx = await _ctx(tenant, TenPercentOff, CouponOfSeventyYuan)
    order = await _order(ctx, prices=(1_000, 2_550))
    assert order.total_fen == 0 and order.discount_fen == order.subtotal_fen == 7_100
    stored = await load_order(ctx, order.id)
    assert [(a.reason, a.amount_fen) for a in stored.adjustments if a.line_id is not None] == [("会员九折", 200)]
    assert sum(a.amount_fen for a in stored.adjustments if a.line_id is None) == 6_900
    assert all(line.discount_fen == line.amount_fen for line in stored.lines)

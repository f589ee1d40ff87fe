"""Property test: random sequences of top-ups, payments with mixed tenders and refunds keep the
books right — every entry balances, balances equal their postings, nothing goes negative, the
member holds what the model says, and no order is refunded more than it was paid."""

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.catalog import schemas as cs
from core.catalog import service as catalog
from core.errors import InsufficientBalance, RefundTooLarge
from core.ledger.stored_value import stored_value, top_up
from core.ledger.verify import verify
from core.members import schemas as ms
from core.members.service import register_member
from core.orders import schemas as s
from core.orders.payment import pay_order
from core.orders.refunds import refund_order
from core.orders.service import create_order, load_order

phones = (f"139{n:08d}" for n in itertools.count(10_000_000))

step = st.one_of(
    st.tuples(st.just("top_up"), st.integers(1, 20_000)),
    st.tuples(st.just("pay"), st.integers(1, 5), st.integers(0, 100)),  # quantity, % asked of stored value
    st.tuples(st.just("refund"), st.integers(0, 10), st.integers(1, 20_000)),  # which order, amount
)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(step, min_size=1, max_size=15))
async def test_random_checkouts_and_refunds_keep_the_books(tenant, steps):
    ctx = await tenant.ctx(store_id=1)
    member = await register_member(ctx, ms.MemberCreate(phone=next(phones), name="随机"))
    item = await catalog.create_item(ctx, cs.ItemCreate(sku=f"p-{member.id}", name="商品", kind="goods", price_fen=1_234))
    held, paid_orders = 0, []
    for op in steps:
        if op[0] == "top_up":
            await top_up(ctx, member.id, 1, op[1], "cash")
            held += op[1]
        elif op[0] == "pay":
            order = await create_order(ctx, s.OrderCreate(store_id=1, member_id=member.id,
                                                          lines=[s.LineIn(item_id=item.id, quantity=op[1])]))
            from_sv = order.total_fen * op[2] // 100
            tenders = [s.TenderIn(kind="stored_value", amount_fen=from_sv)] if from_sv else []
            if order.total_fen - from_sv:
                tenders.append(s.TenderIn(kind="cash", amount_fen=order.total_fen - from_sv))
            try:
                await pay_order(ctx, order.id, s.PayRequest(tenders=tenders))
                held -= from_sv
                paid_orders.append(order.id)
            except InsufficientBalance:
                assert from_sv > held
        elif paid_orders:
            order = await load_order(ctx, paid_orders[op[1] % len(paid_orders)])
            try:
                after = await refund_order(ctx, order.id, s.RefundRequest(amount_fen=op[2]))
            except RefundTooLarge:
                assert op[2] > order.paid_fen - order.refunded_fen
            else:
                held += sum(t.refunded_fen for t in after.tenders if t.kind == "stored_value") - sum(
                    t.refunded_fen for t in order.tenders if t.kind == "stored_value")
        assert (await stored_value(ctx, member.id)).total_fen == held >= 0
    for order_id in paid_orders:
        order = await load_order(ctx, order_id)
        assert 0 <= order.refunded_fen <= order.paid_fen
        assert all(t.refunded_fen <= t.amount_fen for t in order.tenders)
    assert await verify(tenant.id) == []

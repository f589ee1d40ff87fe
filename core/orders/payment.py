"""Taking payment: several tenders in one request, all posted in one entry or none at all."""

from __future__ import annotations

import msgspec

from core import db, metrics
from core.context import Context
from core.errors import InvalidInput, OrderHeld, OrderNotPayable, TendersMismatch
from core.ledger import accounts
from core.ledger.schemas import Leg, credit
from core.ledger.service import post_entry
from core.ledger.stored_value import StoredValueBalance
from core.members.counters import add_spend
from core.orders import schemas as s
from core.orders import statements
from core.orders.pricing import price_order
from core.orders.service import check_store, load_order, order_from_row
from core.orders.tenders import payment_legs


async def pay_order(ctx: Context, order_id: int, data: s.PayRequest) -> s.Order:
    """Price the order afresh, check the tenders add up, post them with the revenue, run ``order_paid``."""
    ctx.require("orders.write")
    async with db.transaction():
        # Claim the order first, which also reads it: a second payment racing this one finds it
        # no longer open. Whatever is refused below rolls the claim back with everything else.
        paid_at = ctx.now()
        row = await statements.claim_for_payment(ctx, order_id, paid_at)
        if row is None:
            order = await load_order(ctx, order_id)  # NotFound, or why it cannot be paid
            check_store(ctx, order)
            if order.status == "held":
                raise OrderHeld(till=order.till)
            raise OrderNotPayable(status=order.status)
        order = await order_from_row(ctx, {**row, "status": "open", "paid_fen": 0, "paid_at": None})
        check_store(ctx, order)
        if not order.lines:
            raise InvalidInput(field="lines", zh="订单没有商品", en="The order has no lines")
        order = await price_order(ctx, order)  # the plugins see the order as it was: open
        paid = sum(t.amount_fen for t in data.tenders)
        if paid != order.total_fen:
            raise TendersMismatch(paid=paid, total=order.total_fen)
        if order.total_fen != row["total_fen"]:  # re-pricing changed the total the claim recorded
            await statements.set_paid(ctx, order_id, order.total_fen)
        order.status, order.paid_fen, order.paid_at = "paid", order.total_fen, paid_at
        legs: list[Leg] = []
        held: dict[int, StoredValueBalance] = {}  # held: stored value still available per member as tenders take it
        for tender in data.tenders:
            tender_legs, details = await payment_legs(ctx, order, tender, held)
            legs += tender_legs
            change_fen = details.pop("change_fen", 0)
            tender_id = await statements.insert_tender(
                ctx, order_id, tender.kind, tender.amount_fen, tender.tendered_fen or tender.amount_fen, change_fen,
                tender.reference, msgspec.json.encode(details).decode(),
            )
            order.tenders.append(s.Tender(
                id=tender_id, kind=tender.kind, amount_fen=tender.amount_fen,
                tendered_fen=tender.tendered_fen or tender.amount_fen, change_fen=change_fen,
                reference=tender.reference, refunded_fen=0, details=details,
            ))
        if order.total_fen:
            legs.append(credit(accounts.tenant("revenue"), order.total_fen))
            await post_entry(ctx, "order_payment", legs, ref_type="order", ref_id=order_id,
                             idempotency_key=f"order:{order_id}:payment", memo=f"订单 {order.number}")
        await _count_spend(ctx, order.member_id, order.total_fen)
        # The order in hand is what was written (status, totals, tenders): no need to read it back.
        await ctx.hooks.order_paid(ctx=ctx, order=order)
        metrics.on_commit(lambda: _count_payment(order))
        return order


def _count_payment(order: s.Order) -> None:
    metrics.ORDERS_PAID.inc()
    for tender in order.tenders:
        metrics.PAYMENTS.labels(tender=tender.kind).inc()


async def _count_spend(ctx: Context, member_id: int | None, delta_fen: int) -> None:
    """Keep the member's total spend current for segmentation (refunds pass a negative delta)."""
    if member_id is not None and delta_fen:
        await add_spend(ctx, member_id, delta_fen)

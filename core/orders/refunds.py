"""Refunds (退款): by lines or by amount, partial or full, never more than was paid.

The tenders give back in proportion to what each has left (or as the merchant splits it,
within what each took); the revenue is debited; plugins reverse their own effects in
``order_refunded``. Guarded updates keep two refunds racing each other from exceeding the order.
"""

from __future__ import annotations

import msgspec

from core import db, metrics, scoped
from core.context import Context
from core.errors import InvalidInput, NotFound, OrderNotPayable, RefundTooLarge
from core.ledger import accounts
from core.ledger.schemas import debit
from core.ledger.service import post_entry
from core.orders import schemas as s
from core.orders.payment import _count_spend
from core.orders.pricing import allocate
from core.orders.service import check_store, load_order
from core.orders.tables import Order, OrderLine, OrderRefund, OrderTender
from core.orders.tenders import refund_legs

REFUNDABLE = ("paid", "completed")


def _line_amounts(order: s.Order, lines: list[s.RefundLineIn]) -> tuple[int, list[dict]]:
    by_id = {line.id: line for line in order.lines}
    total, picked = 0, []
    for want in lines:
        line = by_id.get(want.line_id)
        if line is None:
            raise NotFound(resource="order line", id=want.line_id)
        left = line.quantity - line.refunded_quantity
        if want.quantity > left:
            raise InvalidInput(field="quantity", zh=f"{line.name} 最多可退 {left} 件",
                               en=f"At most {left} of {line.sku} can be refunded")
        # The last units refunded take exactly what is left of the line, so rounding never strands a fen.
        amount = line.net_fen - line.refunded_fen if want.quantity == left else line.net_fen * want.quantity // line.quantity
        total += amount
        picked.append({"line_id": line.id, "quantity": want.quantity, "amount_fen": amount})
    return total, picked


def _split_tenders(order: s.Order, amount: int, chosen: list[s.RefundTenderIn]) -> list[tuple[s.Tender, int]]:
    by_id = {t.id: t for t in order.tenders}
    if chosen:
        split = []
        for pick in chosen:
            tender = by_id.get(pick.tender_id)
            if tender is None:
                raise NotFound(resource="tender", id=pick.tender_id)
            if pick.amount_fen > tender.amount_fen - tender.refunded_fen:
                raise RefundTooLarge(amount=pick.amount_fen, refundable=tender.amount_fen - tender.refunded_fen)
            split.append((tender, pick.amount_fen))
        if sum(a for _, a in split) != amount:
            raise InvalidInput(field="tenders", zh="各支付方式退款合计须等于退款金额",
                               en="The tenders' refunds must add up to the refund")
        return split
    left = [t.amount_fen - t.refunded_fen for t in order.tenders]
    return [(t, a) for t, a in zip(order.tenders, allocate(amount, left), strict=True) if a]


async def refund_order(ctx: Context, order_id: int, data: s.RefundRequest) -> s.Order:
    ctx.require("orders.refund")
    if bool(data.lines) == (data.amount_fen is not None):
        raise InvalidInput(field="lines", zh="请选择退哪些商品，或填写退款金额（二选一）",
                           en="Give either lines or an amount to refund")
    async with db.transaction():
        order = await load_order(ctx, order_id)
        check_store(ctx, order)
        if order.status not in REFUNDABLE:
            raise OrderNotPayable(status=order.status)
        refundable = order.paid_fen - order.refunded_fen
        amount, lines = _line_amounts(order, data.lines) if data.lines else (data.amount_fen or 0, [])
        if amount > refundable:
            raise RefundTooLarge(amount=amount, refundable=refundable)
        if amount <= 0:
            raise InvalidInput(field="lines", zh="退款金额为零", en="Nothing to refund")
        taken = await scoped.update(ctx, Order, {Order.refunded_fen: Order.refunded_fen + amount}).where(
            (Order.id == order_id) & (Order.refunded_fen <= Order.paid_fen - amount)).returning(Order.id)
        if not taken:  # a concurrent refund got there first
            raise RefundTooLarge(amount=amount, refundable=refundable)
        for pick in lines:
            await scoped.update(ctx, OrderLine, {
                OrderLine.refunded_quantity: OrderLine.refunded_quantity + pick["quantity"],
                OrderLine.refunded_fen: OrderLine.refunded_fen + pick["amount_fen"],
            }).where(OrderLine.id == pick["line_id"])
        legs, tenders = [debit(accounts.tenant("revenue"), amount)], []
        for tender, part in _split_tenders(order, amount, data.tenders):
            tender_legs, details = await refund_legs(ctx, order, tender, part)
            legs += tender_legs
            moved = await scoped.update(ctx, OrderTender, {
                OrderTender.refunded_fen: OrderTender.refunded_fen + part,
                OrderTender.details_json: msgspec.json.encode({**tender.details, **details}).decode(),
            }).where((OrderTender.id == tender.id) & (OrderTender.refunded_fen <= OrderTender.amount_fen - part)).returning(OrderTender.id)
            if not moved:
                raise RefundTooLarge(amount=part, refundable=tender.amount_fen - tender.refunded_fen)
            tenders.append({"tender_id": tender.id, "kind": tender.kind, "amount_fen": part})
        entry = await post_entry(ctx, "order_refund", legs, ref_type="order", ref_id=order_id,
                                 memo=data.reason or f"订单 {order.number} 退款")
        refund = await scoped.insert(
            ctx, OrderRefund, order_id=order_id, amount_fen=amount, lines_json=msgspec.json.encode(lines).decode(),
            tenders_json=msgspec.json.encode(tenders).decode(), reason=data.reason,
            staff_id=ctx.actor.id if ctx.actor.kind == "staff" else None, entry_id=entry.id, created_at=ctx.now(),
        )
        await _count_spend(ctx, order.member_id, -amount)
        order = await load_order(ctx, order_id)
        refund_view = next(r for r in order.refunds if r.id == refund["id"])
        await ctx.hooks.order_refunded(ctx=ctx, order=order, refund=refund_view)
        metrics.on_commit(metrics.REFUNDS.inc)
        return order

"""The kernel's orders (订单) for a plugin that sells through them (积分商城, 秒杀, 砍价, 拼团): open one,
price it again, pay, refund or cancel it, load it.

Selling through the kernel's orders puts the sale in statements and reports like any other. The
writes run the kernel's own rules and hooks, in the caller's transaction or their own; staff act
with their own permissions, a signed-in member only on their own orders.
"""

from __future__ import annotations

import dataclasses

from core.context import Context
from core.errors import NotFound
from core.extensions.plugin import Plugin
from core.orders.schemas import Order, TenderIn


async def load_order(ctx: Context, order_id: int) -> Order:
    """An order of the context's tenant with its lines, adjustments, tenders and refunds, or ``NotFound``."""
    from core.orders.service import load_order as _load_order

    return await _load_order(ctx, order_id)


async def open_order(ctx: Context, *, store_id: int, member_id: int | None, lines: list[tuple[int, int]],
                     channel: str = "in_store", note: str = "", origin: str = "") -> Order:
    """开单: an open order of ``lines`` (``(item_id, quantity)`` pairs), priced through the enabled plugins.

    For a plugin that sells through the kernel's orders (积分商城, 秒杀), so the sale appears in
    statements and reports like any other. Staff need ``orders.write`` (a till of another store
    is refused); a signed-in member may open an order only for themselves. Runs in the caller's
    transaction or its own.

    ``origin``: the plugin that opens the order names itself (its ``plugin.name``), kept as the
    order's ``origin``; its hooks marked ``@own_orders`` are then called for this order, and
    passed over for every other (a till's or the REST API's have origin ``""``).
    """
    from core.orders import schemas as s
    from core.orders.service import create_order

    data = s.OrderCreate(lines=[s.LineIn(item_id=i, quantity=q) for i, q in lines], member_id=member_id,
                         store_id=store_id, channel=channel, note=note)  # type: ignore[arg-type]
    return await create_order(_till(ctx, member_id, "orders.write"), data, origin=origin)


async def mark_order(ctx: Context, order: Order, plugin: Plugin | str) -> None:
    """Note on an order that ``plugin`` put something on it (a coupon attached), in the caller's
    transaction: the plugin's hooks marked ``@own_orders`` are called for it from now on, as for
    the orders it opened. Marking twice is marking once; ``order.marked_by`` is updated too."""
    from core.orders.statements import mark

    name = plugin.name if isinstance(plugin, Plugin) else plugin
    if name not in order.marked_by:
        await mark(ctx, order.id, name)
        order.marked_by.append(name)


async def reprice_order(ctx: Context, order_id: int) -> Order:
    """Price an open order again through the enabled plugins, after your plugin changed what it applies.

    A coupon plugin calls it when a coupon is attached to or taken off an order. Staff need
    ``orders.write`` and refuse an order of another store; a signed-in member may reprice only
    their own order (another is ``NotFound``). Refuses an order that is held, paid or cancelled
    (``OrderNotEditable``). Runs in the caller's transaction or its own.
    """
    from core import db
    from core.orders.pricing import price_order
    from core.orders.service import check_editable, check_store
    from core.orders.service import load_order as _load_order

    member = ctx.actor.kind == "member"
    if not member:
        ctx.require("orders.write")
    async with db.transaction():
        order = await _load_order(ctx, order_id)
        if member and order.member_id != ctx.actor.id:
            raise NotFound(resource="order", id=order_id)
        if not member:
            check_store(ctx, order)
        check_editable(order)
        return await price_order(ctx, order)


async def pay_order(ctx: Context, order_id: int, tenders: list[TenderIn]) -> Order:
    """收款: pay an open order with ``tenders`` (``TenderIn``; they must add up to its total).

    Posts one entry and runs ``order_paid``; a refused tender refuses the whole payment. Staff
    need ``orders.write``; a signed-in member may pay only their own order (another is
    ``NotFound``) and only from their own balances — stored value, points, a plugin's tender —,
    never ``cash`` or ``external`` (``InvalidInput``): those are money a till took in. Runs in
    the caller's transaction or its own.
    """
    from core.member_auth import me
    from core.orders import schemas as s
    from core.orders.payment import pay_order as _pay

    if ctx.actor.kind == "member":
        return await me.pay(ctx, order_id, tenders)
    order = await load_order(ctx, order_id)
    return await _pay(_till(ctx, order.member_id, "orders.write"), order_id, s.PayRequest(tenders=tenders))


async def refund_order(ctx: Context, order_id: int, *, reason: str = "") -> Order:
    """退款: refund all that is left of a paid order, through its tenders, ``tender_refund`` and
    ``order_refunded``, as the kernel's refund does. Needs ``orders.refund``."""
    from core.orders import schemas as s
    from core.orders.refunds import refund_order as _refund

    order = await load_order(ctx, order_id)
    left = max(order.paid_fen - order.refunded_fen, 1)  # nothing left: the kernel refuses with its own reason
    return await _refund(ctx, order_id, s.RefundRequest(amount_fen=left, reason=reason))


async def cancel_order(ctx: Context, order_id: int) -> Order:
    """Cancel an open or held order (an unpaid flash-sale hold lapsed, say); a paid one is refused
    (``OrderNotEditable``). Staff need ``orders.write``; a signed-in member may cancel only their
    own order (another is ``NotFound``)."""
    from core.orders.service import cancel_order as _cancel

    order = await load_order(ctx, order_id)
    if ctx.actor.kind == "member" and order.member_id != ctx.actor.id:
        raise NotFound(resource="order", id=order_id)
    return await _cancel(_till(ctx, order.member_id, "orders.write"), order_id)


def _till(ctx: Context, member_id: int | None, permission: str) -> Context:
    """Staff keep their own permissions; a signed-in member acts as their own till, for themselves only."""
    if ctx.actor.kind != "member":
        ctx.require(permission)
        return ctx
    if member_id is None or member_id != ctx.actor.id:
        raise NotFound(resource="member", id=member_id)
    actor = dataclasses.replace(ctx.actor, permissions=ctx.actor.permissions | {permission})
    return dataclasses.replace(ctx, actor=actor)


__all__ = ["cancel_order", "load_order", "open_order", "pay_order", "refund_order", "reprice_order"]

"""Fulfilment (履约): pickup codes verified once at the store, delivery shipped then delivered, or
cancelled with a full refund; and the lists of exchanges staff and members read."""

from __future__ import annotations

from typing import Any

import msgspec

from plugins.points_mall.errors import CouponExchangeFinal, PickupNotFound, WrongPickupStore, WrongStatus
from plugins.points_mall.schemas import ExchangeOut, ShipIn
from plugins.points_mall.tables import Exchange, Reward
from sdk import Context, refund_order
from sdk.db import get_in_store, in_stores, select, transaction, update
from sdk.http import Page, check_limit, decode_cursor, page_after

STATUS_ZH = {"pending": "待领取/待发货", "collected": "已领取", "shipped": "已发货", "delivered": "已签收",
             "issued": "已发券", "refunded": "已退款", "cancelled": "已取消"}


async def _titles(ctx: Context) -> dict[int, tuple[str, str, str]]:
    rows = await select(ctx, Reward, Reward.id, Reward.kind, Reward.title, Reward.title_en)
    return {r["id"]: (r["kind"], r["title"], r["title_en"]) for r in rows}


def exchange_out(row: dict[str, Any], titles: dict[int, tuple[str, str, str]], show_code: bool = False) -> ExchangeOut:
    kind, title, title_en = titles.get(row["reward_id"], ("", "", ""))
    values = {k: row[k] for k in ExchangeOut.__struct_fields__ if k in row}
    values.update(kind=kind, title=title, title_en=title_en,
                  pickup_code=row["pickup_code"] if show_code and row["status"] == "pending" else None)
    return msgspec.convert(values, ExchangeOut)


async def get_exchange(ctx: Context, exchange_id: int, show_code: bool = False) -> ExchangeOut:
    return exchange_out(await get_in_store(ctx, Exchange, exchange_id, "exchange"), await _titles(ctx), show_code)


async def list_exchanges(ctx: Context, *, status: str | None = None, method: str | None = None,
                         member_id: int | None = None, reward_id: int | None = None, cursor: str | None = None,
                         limit: int = 50, show_code: bool = False) -> Page[ExchangeOut]:
    """Exchanges newest first, filtered; the cursor pages by id."""
    check_limit(limit)
    before = decode_cursor(cursor)
    query = in_stores(ctx, select(ctx, Exchange), Exchange.store_id)
    for column, value in ((Exchange.status, status), (Exchange.method, method), (Exchange.member_id, member_id),
                          (Exchange.reward_id, reward_id)):
        if value is not None:
            query = query.where(column == value)
    if before is not None:
        query = query.where(Exchange.id < before)
    rows = await query.order_by(Exchange.id, ascending=False).limit(limit + 1)
    titles = await _titles(ctx)
    return page_after([exchange_out(r, titles, show_code) for r in rows], limit)


def _refuse(row: dict[str, Any], action_zh: str, action: str) -> WrongStatus:
    return WrongStatus(status=row["status"], status_zh=STATUS_ZH[row["status"]], action_zh=action_zh, action=action)


async def verify_pickup(ctx: Context, code: str) -> ExchangeOut:
    """核销提货码: the pending pickup with this code is collected, once; a second verify is a 409."""
    ctx.require("orders.write")
    code = code.strip().upper()
    async with transaction():
        same = (Exchange.pickup_code == code) & (Exchange.method == "pickup")
        # A code is unique while pending; an old collected one may share it, so the pending one wins.
        row = (await select(ctx, Exchange).where(same & (Exchange.status == "pending")).first()
               or await select(ctx, Exchange).where(same).order_by(Exchange.id, ascending=False).first())
        if row is None:
            raise PickupNotFound(code=code)
        ctx.require_store(row["store_id"])
        if row["status"] != "pending":
            raise _refuse(row, "核销", "collected")
        if ctx.store_id is not None and ctx.store_id != row["store_id"]:
            raise WrongPickupStore(store_id=row["store_id"])
        # Guarded: two desks verifying the same code at once collect it once.
        if not await update(ctx, Exchange, {Exchange.status: "collected", Exchange.collected_at: ctx.now(),
                                            Exchange.collected_store_id: ctx.store_id or row["store_id"]}).where(
                (Exchange.id == row["id"]) & (Exchange.status == "pending")).returning(Exchange.id):
            raise _refuse({**row, "status": "collected"}, "核销", "collected")
    return await get_exchange(ctx, row["id"])


async def _move(ctx: Context, exchange_id: int, from_status: str, values: dict[Any, Any], action: tuple[str, str]) -> ExchangeOut:
    ctx.require("orders.write")
    async with transaction():
        row = await get_in_store(ctx, Exchange, exchange_id, "exchange")
        if row["method"] != "delivery" or row["status"] != from_status:
            raise _refuse(row, *action)
        if not await update(ctx, Exchange, values).where(
                (Exchange.id == exchange_id) & (Exchange.status == from_status)).returning(Exchange.id):
            raise _refuse(await get_in_store(ctx, Exchange, exchange_id, "exchange"), *action)
    return await get_exchange(ctx, exchange_id)


async def ship(ctx: Context, exchange_id: int, data: ShipIn) -> ExchangeOut:
    """发货: a pending delivery is shipped with its carrier and tracking number."""
    return await _move(ctx, exchange_id, "pending", {
        Exchange.status: "shipped", Exchange.carrier: data.carrier.strip(), Exchange.tracking_no: data.tracking_no.strip(),
        Exchange.shipped_at: ctx.now()}, ("发货", "shipped"))


async def deliver(ctx: Context, exchange_id: int) -> ExchangeOut:
    """签收: a shipped delivery arrived."""
    return await _move(ctx, exchange_id, "shipped", {Exchange.status: "delivered", Exchange.delivered_at: ctx.now(),
                                                     Exchange.closed_at: ctx.now()}, ("签收", "delivered"))


async def cancel(ctx: Context, exchange_id: int, reason: str) -> ExchangeOut:
    """取消: an exchange not yet collected or delivered is refunded in full (points, cash, stock, limit)."""
    ctx.require("orders.refund")
    async with transaction():
        row = await get_in_store(ctx, Exchange, exchange_id, "exchange")
        if row["method"] == "coupon":
            raise CouponExchangeFinal()
        if row["status"] not in ("pending", "shipped"):
            raise _refuse(row, "取消", "cancelled")
        await refund_order(ctx, row["order_id"], reason=reason or f"积分商城兑换取消 #{exchange_id}")
        # The refund closed it as refunded (order_refunded); a cancellation says why it was.
        await update(ctx, Exchange, {Exchange.status: "cancelled"}).where(
            (Exchange.id == exchange_id) & (Exchange.status == "refunded"))
    return await get_exchange(ctx, exchange_id)

"""The life of an order: open → held (挂单) → resumed → paid → completed, or cancelled.

Changing lines or the member re-prices the order through the plugins (``pricing.py``);
payment and refunds live in ``payment.py`` and ``refunds.py``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import msgspec
from piccolo.query.functions.aggregate import Count, Sum

from core import db, metrics, scoped
from core.context import Context
from core.errors import InvalidInput, NotFound, OrderHeld, OrderNotEditable, WrongStore
from core.http.pagination import (
    DEFAULT_LIMIT,
    Page,
    check_limit,
    decode_cursor,
    next_cursor,
    page_by_figure,
)
from core.orders import schemas as s
from core.orders import statements
from core.orders.pricing import price_order
from core.orders.tables import Order, OrderAdjustment, OrderLine, OrderRefund, OrderTender

EDITABLE = ("open",)


# Tenders and refunds are written only when an order is paid: an open or held order has none.
UNPAID = ("open", "held")


async def load_order(ctx: Context, order_id: int) -> s.Order:
    """One order, for whoever may see it: store-limited staff see their stores' orders only
    (every reader — REST, console, CLI, plugins through the SDK — comes through here)."""
    row = await statements.order_row(ctx, order_id)
    ctx.require_store(row["store_id"])
    return await order_from_row(ctx, row)


def _names(text: str) -> list[str]:
    return text.split(",") if text else []


def order_of(row: dict[str, Any]) -> s.Order:
    """The order of a ``sales_order`` row, without its lines."""
    return msgspec.convert({**row, "marked_by": _names(row["marked_by"]),
                            "member_marked_by": _names(row["member_marked_by"])}, s.Order)


async def order_from_row(ctx: Context, row: dict[str, Any]) -> s.Order:
    """The order of ``row`` with its lines and adjustments (read, unless the row brings them as
    ``lines_json`` and ``adjustments_json``), tenders and refunds."""
    order = order_of(row)
    order_id = order.id
    if (lines_json := row.get("lines_json")) is not None:
        order.lines = sorted(msgspec.json.decode(lines_json, type=list[s.Line], strict=False), key=lambda line: line.id)
    else:
        order.lines = msgspec.convert(await statements.line_rows(ctx, order_id), list[s.Line])
    if (adjustments_json := row.get("adjustments_json")) is not None:
        order.adjustments = msgspec.convert(sorted(msgspec.json.decode(adjustments_json), key=lambda a: a["id"]),
                                            list[s.Adjustment])
    elif order.discount_fen:  # every adjustment takes something off: none were kept if nothing was
        order.adjustments = msgspec.convert(await statements.adjustment_rows(ctx, order_id), list[s.Adjustment])
    if order.status in UNPAID:
        return order
    tenders = await scoped.select(ctx, OrderTender).where(OrderTender.order_id == order_id).order_by(OrderTender.id)
    order.tenders = [s.Tender(**{k: t[k] for k in s.Tender.__struct_fields__ if k != "details"},
                              details=msgspec.json.decode(t["details_json"])) for t in tenders]
    refunds = await scoped.select(ctx, OrderRefund).where(OrderRefund.order_id == order_id).order_by(OrderRefund.id)
    order.refunds = [s.Refund(id=r["id"], amount_fen=r["amount_fen"], lines=msgspec.json.decode(r["lines_json"]),
                              tenders=msgspec.json.decode(r["tenders_json"]), reason=r["reason"],
                              entry_id=r["entry_id"], created_at=r["created_at"]) for r in refunds]
    return order


def check_store(ctx: Context, order: s.Order) -> None:
    """A till works on its own store's orders; an unscoped caller (API key, owner) on any, and
    store-limited staff on their stores' only."""
    ctx.require_store(order.store_id)
    if ctx.store_id is not None and order.store_id != ctx.store_id:
        raise WrongStore(order_id=order.id)


def check_editable(order: s.Order) -> None:
    if order.status == "held":
        raise OrderHeld(till=order.till)
    if order.status not in EDITABLE:
        raise OrderNotEditable(status=order.status)


def _item_ids(lines: list[s.LineIn]) -> list[int]:
    return sorted({line.item_id for line in lines})


async def _items(ctx: Context, store_id: int, lines: list[s.LineIn]) -> dict[int, dict[str, Any]]:
    """The catalog rows of the lines' items: each must exist, be active and sell in the store."""
    ids = _item_ids(lines)
    return _sellable(store_id, ids, await statements.item_rows(ctx, ids) if ids else [])


def _sellable(store_id: int, ids: list[int], item_rows: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    """``item_rows`` by item, once each of ``ids`` is found, active and sold in the store."""
    from core.catalog.service import sells_in

    rows: dict[int, dict[str, Any]] = {}
    availability: dict[int, dict[int, bool]] = {item_id: {} for item_id in ids}
    for r in item_rows:
        rows[r["id"]] = r
        if r["store_id"] is not None:
            availability[r["id"]][r["store_id"]] = bool(r["available"])
    for item_id in ids:
        if item_id not in rows:
            raise NotFound(resource="item", id=item_id)
        item = rows[item_id]
        if not item["active"] or not sells_in(availability[item_id], store_id):
            raise InvalidInput(field="item_id", zh=f"商品 {item['name']} 已下架或本店不售",
                               en=f"Item {item['sku']} is inactive or not sold in this store")
    return rows


async def _insert_lines(ctx: Context, order_id: int, items: dict[int, dict[str, Any]], lines: list[s.LineIn]) -> list[s.Line]:
    """Write the lines in one statement and return them as written."""
    rows = await statements.insert_lines(ctx, [
        (ctx.tenant_id, order_id, item["id"], item["sku"], item["name"], item["kind"], item["category_id"],
         line.quantity, item["price_fen"], item["price_fen"] * line.quantity)
        for line in lines
        for item in (items[line.item_id],)
    ])
    return msgspec.convert(rows, list[s.Line])


async def _member_facts(ctx: Context, member_id: int | None) -> tuple[str | None, str]:
    """The living member's level and ``marked_by`` (NotFound when there is no such member); None
    and "" without one."""
    if member_id is None:
        return None, ""
    from core.members.tables import Member

    row = await scoped.get(ctx, Member, member_id, "member", Member.deleted_at.is_null())
    return row["level_code"], row["marked_by"]


async def create_order(ctx: Context, data: s.OrderCreate, *, origin: str = "") -> s.Order:
    """Open an order of ``data`` and price it. ``origin`` names the plugin opening it (through
    ``sdk.open_order``); it is no field of ``OrderCreate``, so no client can claim a plugin's order."""
    ctx.require("orders.write")
    store_id = data.store_id or ctx.store_id
    if store_id is None:
        raise InvalidInput(field="store_id", zh="请指定门店", en="Say which store the order is for")
    async with db.transaction():
        ids = _item_ids(data.lines)
        found = await statements.order_inputs(ctx, store_id, data.member_id, ids)
        if not found.store_found:
            raise NotFound(resource="store", id=store_id)
        ctx.require_store(store_id)
        if ctx.store_id is not None and store_id != ctx.store_id:
            raise WrongStore(order_id=None)
        if not found.member_found:
            raise NotFound(resource="member", id=data.member_id)
        items = _sellable(store_id, ids, found.item_rows)
        subtotal = sum(items[line.item_id]["price_fen"] * line.quantity for line in data.lines)
        row = await statements.insert_order(
            ctx, store_id=store_id, member_id=data.member_id,
            staff_id=ctx.actor.id if ctx.actor.kind == "staff" else None, channel=data.channel,
            note=data.note, subtotal_fen=subtotal, created_at=ctx.now(), origin=origin,
            member_level=found.member_level, member_marked_by=found.member_marked_by,
        )
        # The order in hand is what was written: pricing writes only what the plugins change.
        order = order_of(row)
        order.lines = await _insert_lines(ctx, row["id"], items, data.lines)
        priced = await price_order(ctx, order)
        metrics.on_commit(metrics.ORDERS_CREATED.inc)
        return priced


@dataclass(frozen=True, slots=True)
class OrderFilter:
    """Which orders a list shows: a member's, a store's, by status, number, staff and time."""

    member_id: int | None = None
    store_id: int | None = None
    status: str | None = None
    number: str | None = None  # a receipt's number, whole or in part
    staff_id: int | None = None
    since: dt.datetime | None = None  # created at or after
    until: dt.datetime | None = None  # created before


def _filtered(ctx: Context, query: Any, where: OrderFilter) -> Any:
    if where.number:
        query = query.where(Order.number.like(f"%{where.number.replace('%', '').replace('_', '')}%"))
    if where.member_id is not None:
        query = query.where(Order.member_id == where.member_id)
    if (stores := ctx.store_scope(where.store_id)) is not None:
        query = query.where(Order.store_id.is_in(sorted(stores)))
    if where.status is not None:
        query = query.where(Order.status == where.status)
    if where.staff_id is not None:
        query = query.where(Order.staff_id == where.staff_id)
    if where.since is not None:
        query = query.where(Order.created_at >= where.since)
    if where.until is not None:
        query = query.where(Order.created_at < where.until)
    return query


async def list_orders(
    ctx: Context, where: OrderFilter = OrderFilter(), *, cursor: str | None = None, limit: int = DEFAULT_LIMIT,
    largest_first: bool = False,
) -> Page[s.Order]:
    """Orders (without their lines) that ``where`` keeps — a member's order history, a store's day, the
    orders whose number holds a receipt's, by status, staff and time — newest first, or with
    ``largest_first`` the largest total first (newest first among equals)."""
    ctx.require("orders.read")
    check_limit(limit)
    query = _filtered(ctx, scoped.select(ctx, Order), where)
    if largest_first:
        rows, following = await page_by_figure(query, Order.total_fen, Order.id, "total", cursor, limit)
    else:
        if (after := decode_cursor(cursor)) is not None:
            query = query.where(Order.id < after)
        rows = await query.order_by(Order.id, ascending=False).limit(limit + 1)
        following = next_cursor(rows, limit)
    return Page(items=[order_of(row) for row in rows[:limit]], next_cursor=following)


@dataclass(frozen=True, slots=True)
class OrderTotals:
    count: int
    total_fen: int
    refunded_fen: int


async def order_totals(ctx: Context, where: OrderFilter) -> OrderTotals:
    """How many orders ``where`` keeps, over all pages, and what the paid ones among them came to
    (open, held and cancelled orders count in the number, not in the amounts)."""
    ctx.require("orders.read")
    [counted] = await _filtered(ctx, scoped.select(ctx, Order, Count(alias="count")), where)
    [summed] = await _filtered(ctx, scoped.select(
        ctx, Order, Sum(Order.total_fen, alias="total"), Sum(Order.refunded_fen, alias="refunded")), where).where(
        Order.status.is_in(["paid", "completed"]))
    return OrderTotals(count=counted["count"], total_fen=summed["total"] or 0, refunded_fen=summed["refunded"] or 0)


async def _editable(ctx: Context, order_id: int) -> s.Order:
    order = await load_order(ctx, order_id)
    check_store(ctx, order)
    check_editable(order)
    return order


async def replace_lines(ctx: Context, order_id: int, data: s.LinesReplace) -> s.Order:
    ctx.require("orders.write")
    async with db.transaction():
        order = await _editable(ctx, order_id)
        await scoped.delete(ctx, OrderAdjustment).where(OrderAdjustment.order_id == order_id)
        await scoped.delete(ctx, OrderLine).where(OrderLine.order_id == order_id)
        await _insert_lines(ctx, order_id, await _items(ctx, order.store_id, data.lines), data.lines)
        return await price_order(ctx, await load_order(ctx, order_id))


async def set_member(ctx: Context, order_id: int, member_id: int | None) -> s.Order:
    ctx.require("orders.write")
    async with db.transaction():
        await _editable(ctx, order_id)
        member_level, member_marked_by = await _member_facts(ctx, member_id)
        await scoped.update(ctx, Order, {Order.member_id: member_id, Order.member_level: member_level,
                                         Order.member_marked_by: member_marked_by}).where(Order.id == order_id)
        return await price_order(ctx, await load_order(ctx, order_id))


async def _transition(ctx: Context, order_id: int, from_status: str, values: dict) -> None:
    moved = await scoped.update(ctx, Order, values).where(
        (Order.id == order_id) & (Order.status == from_status)).returning(Order.id)
    if not moved:  # another request changed the order first
        order = await load_order(ctx, order_id)
        raise OrderNotEditable(status=order.status)


async def hold_order(ctx: Context, order_id: int, till: str) -> s.Order:
    """挂单: park an open order at a till; only that till can take it back."""
    ctx.require("orders.write")
    async with db.transaction():
        await _editable(ctx, order_id)
        await _transition(ctx, order_id, "open", {
            Order.status: "held", Order.till: till, Order.held_at: ctx.now(),
            Order.held_by: ctx.actor.id if ctx.actor.kind == "staff" else None})
        return await load_order(ctx, order_id)


async def resume_order(ctx: Context, order_id: int, till: str) -> s.Order:
    ctx.require("orders.write")
    async with db.transaction():
        order = await load_order(ctx, order_id)
        check_store(ctx, order)
        if order.status != "held":
            raise OrderNotEditable(status=order.status)
        if order.till != till:
            raise OrderHeld(till=order.till)
        await _transition(ctx, order_id, "held", {Order.status: "open", Order.till: "", Order.held_by: None,
                                                  Order.held_at: None})
        return await price_order(ctx, await load_order(ctx, order_id))


async def cancel_order(ctx: Context, order_id: int) -> s.Order:
    ctx.require("orders.write")
    async with db.transaction():
        order = await load_order(ctx, order_id)
        check_store(ctx, order)
        if order.status not in ("open", "held"):
            raise OrderNotEditable(status=order.status)
        await _transition(ctx, order_id, order.status, {Order.status: "cancelled", Order.closed_at: ctx.now()})
        return await load_order(ctx, order_id)


async def complete_order(ctx: Context, order_id: int) -> s.Order:
    """Mark a paid order handed over (goods collected, service done); refunds stay possible."""
    ctx.require("orders.write")
    async with db.transaction():
        order = await load_order(ctx, order_id)
        check_store(ctx, order)
        await _transition(ctx, order_id, "paid", {Order.status: "completed", Order.closed_at: ctx.now()})
        return await load_order(ctx, order_id)

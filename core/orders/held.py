"""挂单: the orders parked at a store's tills, as the till's drawer lists them.

Each held order comes with its lines, its member's name, when it was held and the name of the
staff member who held it, read for all of them at once (five queries, however many orders are held).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import msgspec

from core import scoped
from core.context import Context
from core.members.tables import Member
from core.orders import schemas as s
from core.orders import service
from core.orders.tables import Order, OrderLine
from core.tenancy.tables import Staff

HELD_AT_MOST = 50  # a counter parks a handful of orders; more than this is a drawer nobody reads


@dataclass(frozen=True, slots=True)
class HeldOrder:
    order: s.Order  # with its lines
    member_name: str | None  # None without a member (or one deleted since)
    held_at: dt.datetime  # when it was held (orders held before this was kept: when they were opened)
    held_by_name: str | None  # who held it; None when held through the API, or before this was kept


async def held_orders(ctx: Context, store_id: int) -> list[HeldOrder]:
    """The store's held orders, newest first, with what the drawer shows of each."""
    page = await service.list_orders(ctx, service.OrderFilter(store_id=store_id, status="held"), limit=HELD_AT_MOST)
    orders = page.items
    if not orders:
        return []
    lines: dict[int, list[s.Line]] = {order.id: [] for order in orders}
    for row in await scoped.select(ctx, OrderLine).where(OrderLine.order_id.is_in(list(lines))).order_by(OrderLine.id):
        lines[row["order_id"]].append(msgspec.convert(row, s.Line))
    member_ids = sorted({o.member_id for o in orders if o.member_id is not None})
    members = {r["id"]: r["name"] for r in await scoped.select(ctx, Member, Member.id, Member.name).where(
        Member.id.is_in(member_ids) & Member.deleted_at.is_null())} if member_ids else {}
    holds = {r["id"]: r for r in await scoped.select(ctx, Order, Order.id, Order.held_by, Order.held_at).where(
        Order.id.is_in(list(lines)))}
    staff_ids = sorted({h["held_by"] for h in holds.values() if h["held_by"] is not None})
    staff = {r["id"]: r["name"] for r in await scoped.select(ctx, Staff, Staff.id, Staff.name).where(
        Staff.id.is_in(staff_ids))} if staff_ids else {}
    return [HeldOrder(order=msgspec.structs.replace(o, lines=lines[o.id]),
                      member_name=members.get(o.member_id) if o.member_id is not None else None,
                      held_at=holds[o.id]["held_at"] or o.created_at,
                      held_by_name=staff.get(holds[o.id]["held_by"]) if holds[o.id]["held_by"] is not None else None)
            for o in orders]

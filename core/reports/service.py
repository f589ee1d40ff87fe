"""The daily summary of a store over its local day: sales by tender, top-ups, refunds, and what
the tenant owes its members (stored value) and has promised them (points)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from zoneinfo import ZoneInfo

import msgspec

from core import scoped
from core.context import Context
from core.ledger.tables import LedgerAccount, LedgerPosting
from core.members.tables import MemberVisit
from core.orders.tables import Order, OrderRefund, OrderTender
from core.tenancy.tables import Store


class DailySummary(msgspec.Struct):
    store_id: int
    day: dt.date
    timezone: str
    orders_paid: int
    sales_fen: int
    sales_by_tender: dict[str, int]
    refunds_fen: int
    refunds_by_tender: dict[str, int]
    top_ups_fen: int
    top_up_refunds_fen: int
    new_members: int
    visits: int  # 到店人次: check-ins, scanned codes and card uses in the store that day
    stored_value_liability_fen: int
    points_outstanding: int


def day_window(day: dt.date, zone: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    """The UTC instants where ``day`` starts and ends in ``zone`` (DST days are 23 or 25 hours)."""
    start = dt.datetime.combine(day, dt.time(), tzinfo=zone)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


async def daily_summary(ctx: Context, store_id: int, day: dt.date | None = None) -> DailySummary:
    ctx.require("reports.read", store_id=store_id)
    store = await scoped.get(ctx, Store, store_id, "store")
    zone = ZoneInfo(store["timezone"] or ctx.tenant.timezone)
    day = day or ctx.clock.now().astimezone(zone).date()
    start, end = day_window(day, zone)

    paid = await scoped.select(ctx, OrderTender, OrderTender.kind, OrderTender.amount_fen, OrderTender.order_id).where(
        (OrderTender.order_id.store_id == store_id) & (OrderTender.order_id.paid_at >= start)
        & (OrderTender.order_id.paid_at < end))
    by_tender: dict[str, int] = defaultdict(int)
    for t in paid:
        by_tender[t["kind"]] += t["amount_fen"]
    orders_paid = await scoped.select(ctx, Order, Order.id).where(
        (Order.store_id == store_id) & (Order.paid_at >= start) & (Order.paid_at < end))

    refunds = await scoped.select(ctx, OrderRefund, OrderRefund.amount_fen, OrderRefund.tenders_json).where(
        (OrderRefund.order_id.store_id == store_id) & (OrderRefund.created_at >= start) & (OrderRefund.created_at < end))
    refunds_by_tender: dict[str, int] = defaultdict(int)
    for r in refunds:
        for t in msgspec.json.decode(r["tenders_json"]):
            refunds_by_tender[t["kind"]] += t["amount_fen"]

    return DailySummary(
        store_id=store_id, day=day, timezone=str(zone), orders_paid=len(orders_paid),
        sales_fen=sum(by_tender.values()), sales_by_tender=dict(by_tender),
        refunds_fen=sum(r["amount_fen"] for r in refunds), refunds_by_tender=dict(refunds_by_tender),
        top_ups_fen=await _store_tender_total(ctx, store_id, "top_up", start, end),
        top_up_refunds_fen=-await _store_tender_total(ctx, store_id, "top_up_refund", start, end),
        new_members=await _new_members(ctx, store_id, start, end),
        visits=await MemberVisit.count().where(
            (MemberVisit.tenant_id == ctx.tenant_id) & (MemberVisit.store_id == store_id)
            & (MemberVisit.at >= start) & (MemberVisit.at < end)),
        stored_value_liability_fen=await _owed(ctx, ("stored_value_principal", "stored_value_bonus")),
        points_outstanding=await _owed(ctx, ("points",)),
    )


async def _store_tender_total(ctx: Context, store_id: int, kind: str, start: dt.datetime, end: dt.datetime) -> int:
    """What entries of ``kind`` moved through the store's cash and external accounts."""
    codes = [f"store:{store_id}:cash", f"store:{store_id}:external"]
    rows = await scoped.select(ctx, LedgerPosting, LedgerPosting.amount).where(
        LedgerPosting.account_id.code.is_in(codes) & (LedgerPosting.entry_id.kind == kind)
        & (LedgerPosting.entry_id.created_at >= start) & (LedgerPosting.entry_id.created_at < end))
    return sum(r["amount"] for r in rows)


async def _owed(ctx: Context, purposes: tuple[str, ...]) -> int:
    rows = await scoped.select(ctx, LedgerAccount, LedgerAccount.balance).where(
        (LedgerAccount.owner_type == "member") & LedgerAccount.purpose.is_in(list(purposes)))
    return sum(r["balance"] for r in rows)


async def _new_members(ctx: Context, store_id: int, start: dt.datetime, end: dt.datetime) -> int:
    from core.members.tables import Member

    rows = await scoped.select(ctx, Member, Member.id).where(
        (Member.home_store_id == store_id) & (Member.created_at >= start) & (Member.created_at < end))
    return len(rows)




async def sales_by_day(ctx: Context, store_id: int, days: int = 30) -> list[tuple[dt.date, int]]:
    """Paid order totals per store-local day over the last ``days`` days (today last), zeros included."""
    ctx.require("reports.read", store_id=store_id)
    store = await scoped.get(ctx, Store, store_id, "store")
    zone = ZoneInfo(store["timezone"] or ctx.tenant.timezone)
    today = ctx.clock.now().astimezone(zone).date()
    first = today - dt.timedelta(days=days - 1)
    start, _ = day_window(first, zone)
    _, end = day_window(today, zone)
    rows = await scoped.select(ctx, Order, Order.total_fen, Order.paid_at).where(
        (Order.store_id == store_id) & (Order.paid_at >= start) & (Order.paid_at < end))
    totals: dict[dt.date, int] = defaultdict(int)
    for row in rows:
        totals[row["paid_at"].astimezone(zone).date()] += row["total_fen"]
    return [(first + dt.timedelta(days=i), totals[first + dt.timedelta(days=i)]) for i in range(days)]

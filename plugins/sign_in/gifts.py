"""Gifts earned by signing in: listed for the desk and the member, collected once at a store,
expired after their collection window; and the day's figures for the console."""

from __future__ import annotations

import datetime as dt
from typing import Any

from plugins.sign_in.errors import GiftNotPending
from plugins.sign_in.schemas import GiftOut, SignInStats, Streak
from plugins.sign_in.tables import SignInDay, SignInGift
from sdk import Context, load_member
from sdk.db import count, get, select, transaction, update

STATES = {"collected": ("已领取", "collected"), "expired": ("已过期", "expired"), "pending": ("待领取", "pending")}


def gift_out(row: dict[str, Any]) -> GiftOut:
    return GiftOut(**{f: row[f] for f in GiftOut.__struct_fields__})


async def list_gifts(ctx: Context, status: str | None = None, member_id: int | None = None,
                     limit: int = 100) -> list[GiftOut]:
    """Gifts newest first, by status and member."""
    query = select(ctx, SignInGift)
    if status:
        query = query.where(SignInGift.status == status)
    if member_id is not None:
        query = query.where(SignInGift.member_id == member_id)
    return [gift_out(r) for r in await query.order_by(SignInGift.id, ascending=False).limit(limit)]


async def collect(ctx: Context, gift_id: int) -> GiftOut:
    """到店领取: staff hand the gift over; it is collected once (a second time is refused)."""
    ctx.require("members.write")
    async with transaction():
        row = await get(ctx, SignInGift, gift_id, "gift")
        taken = await update(ctx, SignInGift, {
            SignInGift.status: "collected", SignInGift.collected_at: ctx.now(),
            SignInGift.collected_store_id: ctx.store_id,
            SignInGift.collected_by: ctx.actor.name,
        }).where((SignInGift.id == gift_id) & (SignInGift.status == "pending")).returning(SignInGift.id)
        if not taken:
            zh, en = STATES[row["status"]]
            raise GiftNotPending(state_zh=zh, state=en)
        return gift_out(await get(ctx, SignInGift, gift_id, "gift"))


async def expire(ctx: Context, today: dt.date) -> int:
    """Gifts not collected by their last day expire (daily)."""
    rows = await update(ctx, SignInGift, {SignInGift.status: "expired"}).where(
        (SignInGift.status == "pending") & SignInGift.collect_by.is_not_null() & (SignInGift.collect_by < today)
    ).returning(SignInGift.id)
    return len(rows)


async def member_gifts(ctx: Context, member_id: int) -> list[GiftOut]:
    await load_member(ctx, member_id)
    return await list_gifts(ctx, member_id=member_id)


LONGEST = 10


async def stats(ctx: Context, day: dt.date) -> SignInStats:
    signed = await count(ctx, SignInDay).where((SignInDay.day == day) & (SignInDay.kind == "daily"))
    makeups = await count(ctx, SignInDay).where((SignInDay.kind == "makeup") & (SignInDay.at >= _start(ctx, day))
                                                & (SignInDay.at < _start(ctx, day + dt.timedelta(days=1))))
    live = await select(ctx, SignInDay, SignInDay.member_id, SignInDay.streak).where(
        SignInDay.day >= day - dt.timedelta(days=1)).where(SignInDay.day <= day)
    best: dict[int, int] = {}
    for r in live:
        best[r["member_id"]] = max(best.get(r["member_id"], 0), r["streak"])
    top = sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))[:LONGEST]
    return SignInStats(day=day, signed=signed, makeups=makeups,
                       pending_gifts=await count(ctx, SignInGift).where(SignInGift.status == "pending"),
                       longest_streaks=[Streak(member_id=m, days=d) for m, d in top])


def _start(ctx: Context, day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), ctx.tenant.zone)

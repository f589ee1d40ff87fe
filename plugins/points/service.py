"""A member's points as staff and the member read them, a manager's adjustment, and the
``sdk.award_points`` / ``sdk.deduct_points`` services other plugins call.

* "Expiring soon" is the live points lapsing within ``remind_days_before`` days (30 when the
  merchant sends no reminders), by lapse date.
* A manager's adjustment (``plugins.manage``) needs a reason; a positive one is credited like
  earned points (with the expiry policy and paying off what is owed; ``points_changed`` says
  ``earned``), a negative one takes points the member holds (``clawed_back``), 409 if short.
* ``points_award`` credits like an earning (no level multiplier: the caller decides the amount);
  ``points_deduct`` takes points like a spend (``spent``), 409 if short.
"""

from __future__ import annotations

import datetime as dt

from plugins.points import lots, movements
from plugins.points.errors import ZeroAdjustment
from plugins.points.policy import last_day, local_midnight, settings
from plugins.points.schemas import (
    ExpiringPoints,
    PointsAdjustmentIn,
    PointsAdjustmentOut,
    PointsStatementLine,
    PointsSummary,
)
from sdk import Context, EntryOut, InsufficientBalance, InvalidInput, balance, load_member, statement
from sdk.db import transaction
from sdk.http import Page, check_limit, decode_cursor, page_after

# What the statement says for the kernel's own entries, which carry no points memo of their own.
KERNEL_REASONS = {
    "order_payment": ("积分抵现", "Paid with points"),
    "order_refund": ("退款退回积分", "Returned by a refund"),
    "expiry": ("积分过期", "Points lapsed"),
}
SOON_DAYS = 30


async def summary(ctx: Context, member_id: int) -> PointsSummary:
    """余额、即将过期、欠扣: the member's points at a glance."""
    await load_member(ctx, member_id)
    days = (await settings(ctx)).remind_days_before or SOON_DAYS
    until = local_midnight(ctx, ctx.local_today() + dt.timedelta(days=days + 1))
    soon = [ExpiringPoints(points=points, expires_at=lapse, last_day=last_day(ctx, lapse))
            for (_, lapse), points in (await lots.expiring(ctx, until, member_id)).items()]
    return PointsSummary(member_id=member_id, balance=await lots.live_total(ctx, member_id), expiring_soon=soon,
                            owed=await balance(ctx, movements.owed(member_id)))


def _reasons(kind: str, memo: str) -> tuple[str, str]:
    if kind in KERNEL_REASONS:
        return KERNEL_REASONS[kind]
    zh, _, en = memo.partition(" / ")
    return zh, en or zh


async def statement_page(ctx: Context, member_id: int, cursor: str | None = None,
                         limit: int = 50) -> Page[PointsStatementLine]:
    """积分明细: the member's points movements, newest first, with reasons; the cursor pages by entry id."""
    check_limit(limit)
    await load_member(ctx, member_id)
    lines = await statement(ctx, movements.held(member_id), before_id=decode_cursor(cursor), limit=limit + 1)
    items = []
    for line in lines:
        zh, en = _reasons(line.kind, line.memo)
        items.append(PointsStatementLine(
            entry_id=line.entry_id, kind=line.kind, points=line.amount, balance_after=line.balance_after, reason=zh,
            reason_en=en, ref_type=line.ref_type, ref_id=line.ref_id, created_at=line.created_at))
    return page_after(items, limit, lambda line: line.entry_id)


async def adjust(ctx: Context, member_id: int, data: PointsAdjustmentIn, key: str) -> PointsAdjustmentOut:
    """手动调整积分 by a manager, once per Idempotency-Key."""
    ctx.require("plugins.manage")
    if data.points == 0:
        raise ZeroAdjustment()
    async with transaction():
        await load_member(ctx, member_id)
        zh, en, ledger_key = f"手动调整：{data.reason}", f"Adjusted: {data.reason}", f"points:adjustment:{key}"
        if data.points > 0:
            entry = await movements.earn(ctx, member_id, data.points, zh=zh, en=en, key=ledger_key,
                                         ref_type="adjustment", ref_id=ctx.actor.id or "")
        else:
            await _check_holds(ctx, member_id, -data.points)
            entry = await movements.take(ctx, member_id, -data.points, kind="clawed_back", zh=zh, en=en, key=ledger_key,
                                         ref_type="adjustment", ref_id=ctx.actor.id or "")
        return PointsAdjustmentOut(member_id=member_id, points=data.points,
                                   balance=await lots.live_total(ctx, member_id), entry_id=entry.id)


async def _check_holds(ctx: Context, member_id: int, points: int) -> None:
    """Name the numbers before the ledger's guard would refuse (it still decides under a race)."""
    available = await lots.live_total(ctx, member_id)
    if available < points:
        raise InsufficientBalance(account="积分", account_en="points", unit="POINT", account_code=movements.held(member_id).code,
                                  needed=points, available=available)


def _check_positive(points: int) -> None:
    if points <= 0:
        raise InvalidInput(field="points", zh="积分须为正整数", en="Points must be a positive whole number")


async def award(ctx: Context, member_id: int, points: int, reason: str, reason_en: str, source: str,
                idempotency_key: str) -> EntryOut:
    _check_positive(points)
    await load_member(ctx, member_id)
    return await movements.earn(ctx, member_id, points, zh=reason, en=reason_en, key=f"points:award:{idempotency_key}",
                                ref_type=source)


async def deduct(ctx: Context, member_id: int, points: int, reason: str, reason_en: str, source: str,
                 idempotency_key: str) -> EntryOut:
    _check_positive(points)
    await load_member(ctx, member_id)
    # No check ahead of the ledger's: a replayed key must return its first entry whatever is held now.
    return await movements.take(ctx, member_id, points, kind="spent", zh=reason, en=reason_en,
                                key=f"points:deduct:{idempotency_key}", ref_type=source)

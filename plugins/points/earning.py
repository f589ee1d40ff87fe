"""Earning points (积分获取) and taking them back when what earned them is refunded.

* An order, when paid: the eligible lines' net amount (lines of excluded categories or items earn
  nothing, nor lines other plugins mark ``no_discount`` — group-buy goods — unless the merchant
  says they do), less the share of it paid with points or with a tender that earns nothing
  (``non_earning_tenders``: card sessions by default — the card earned when it was bought), floor-divided by ``fen_per_point`` for
  the whole order, then multiplied by the ``points_multiplier`` hook's percent (the member's
  level; none answering is 100 %), floor again.
* Registration: ``registration_points``. A top-up: its principal floor-divided by
  ``top_up_fen_per_point`` (0: top-ups earn nothing), times the multiplier. Other plugins:
  ``sdk.award_points`` (the amount they say, no multiplier).
* A refund of the order (or the top-up) claws back the points it earned in proportion to what
  has been refunded so far: after refunds totalling R of a paid amount P, ``earned × R // P``
  have been clawed back in all, so several partial refunds add up exactly and a full refund
  takes the remainder. What the member already spent is booked as owed (see ``movements.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from plugins.points import movements
from plugins.points.policy import settings
from plugins.points.schemas import KIND, PointsSettings
from plugins.points.tables import PointsCause
from sdk import Context, EntryOut, Order, Refund
from sdk.db import insert, raw, select, update


def _earns(line: Any, rules: PointsSettings) -> bool:
    if line.item_id in rules.excluded_item_ids:
        return False
    if line.category_id is not None and line.category_id in rules.excluded_category_ids:
        return False
    return rules.no_discount_lines_earn or not line.no_discount


async def _multiplied(ctx: Context, member_id: int, points: int, order: Order | None = None) -> int:
    percent = await ctx.hooks.points_multiplier(ctx=ctx, member_id=member_id, order=order)
    return points * (100 if percent is None else percent) // 100


def paid_with_points(order: Order) -> bool:
    """Whether a points tender paid part of the order (it wrote the order's cause row then)."""
    return any(tender.kind == KIND for tender in order.tenders)


async def cause(ctx: Context, cause_type: str, cause_id: int) -> dict[str, Any] | None:
    return await select(ctx, PointsCause).where(
        (PointsCause.cause_type == cause_type) & (PointsCause.cause_id == cause_id)).first()


async def record(ctx: Context, cause_type: str, cause_id: int, member_id: int, base_fen: int) -> dict[str, Any]:
    """The cause's row, made on first use (unique per cause)."""
    row = await cause(ctx, cause_type, cause_id)
    if row is None:
        row = await insert(ctx, PointsCause, cause_type=cause_type, cause_id=cause_id, member_id=member_id,
                           base_fen=base_fen, created_at=ctx.now())
    return row


def paid_with_non_earning_tenders_fen(order: Order, rules: PointsSettings) -> int:
    """What the order's tenders of ``non_earning_tenders`` paid (次卡抵扣: the card earned when it was bought)."""
    return sum(tender.amount_fen for tender in order.tenders if tender.kind in rules.non_earning_tenders)


async def order_points(ctx: Context, order: Order, points_paid_fen: int) -> int:
    """What ``order`` earns: eligible net less its share paid with points or with tenders that earn
    nothing (card sessions), by the rate, times the level."""
    rules = await settings(ctx)
    eligible = sum(line.net_fen for line in order.lines if _earns(line, rules))
    if order.total_fen <= 0 or eligible <= 0:
        return 0
    not_earning = points_paid_fen + paid_with_non_earning_tenders_fen(order, rules)
    paid_with_points = not_earning * eligible // order.total_fen
    return await _multiplied(ctx, order.member_id or 0, (eligible - paid_with_points) // rules.fen_per_point, order)


async def earn_for_order(ctx: Context, order: Order) -> None:
    if order.member_id is None:
        return
    if not paid_with_points(order):
        # No points tender made the cause's row: it is written once, with what the order earned.
        points = await order_points(ctx, order, 0)
        if points <= 0:
            return
        # The statement also reads what the member owes, which the earning pays off first: one round trip.
        rows = await raw(
            ctx, "INSERT INTO points_cause (tenant_id, cause_type, cause_id, member_id, base_fen,"
            " refunded_fen, earned, clawed_back, spent, spent_fen, returned, returned_fen, created_at)"
            " VALUES ({tenant}, 'order', {}, {}, {}, 0, {}, 0, 0, 0, 0, 0, {})"
            " RETURNING (SELECT balance FROM ledger_account WHERE tenant_id = {tenant} AND code = {}) AS owed",
            order.id, order.member_id, order.paid_fen, points, ctx.now(), movements.owed(order.member_id).code)
        owed = rows[0]["owed"] or 0
    else:
        row = await record(ctx, "order", order.id, order.member_id, order.paid_fen)
        if row["base_fen"] != order.paid_fen:  # the row was made while the tender was priced
            await update(ctx, PointsCause, {PointsCause.base_fen: order.paid_fen}).where(PointsCause.id == row["id"])
        points = await order_points(ctx, order, row["spent_fen"])
        if points <= 0:
            return
        await update(ctx, PointsCause, {PointsCause.earned: points}).where(PointsCause.id == row["id"])
        owed = None
    await movements.earn(ctx, order.member_id, points, zh=f"消费送积分 订单 {order.number}",
                         en=f"Earned on order {order.number}", key=f"points:earned:order:{order.id}",
                         ref_type="order", ref_id=order.id, owed_now=owed)


async def earn_for_registration(ctx: Context, member_id: int) -> None:
    points = (await settings(ctx)).registration_points
    if points > 0:
        await movements.earn(ctx, member_id, points, zh="注册送积分", en="Welcome points",
                             key=f"points:earned:registration:{member_id}", ref_type="member", ref_id=member_id)


async def earn_for_top_up(ctx: Context, member_id: int, amount_fen: int, entry: EntryOut) -> None:
    rate = (await settings(ctx)).top_up_fen_per_point
    if rate == 0:
        return
    points = await _multiplied(ctx, member_id, amount_fen // rate)
    if points <= 0:
        return
    row = await record(ctx, "top_up", entry.id, member_id, amount_fen)
    await update(ctx, PointsCause, {PointsCause.earned: points}).where(PointsCause.id == row["id"])
    await movements.earn(ctx, member_id, points, zh=f"充值送积分 ¥{amount_fen / 100:.2f}",
                         en=f"Earned on a top-up of ¥{amount_fen / 100:.2f}",
                         key=f"points:earned:top_up:{entry.id}", ref_type="top_up", ref_id=entry.id)


async def _claw_back(ctx: Context, cause_type: str, cause_id: int, refunded_fen: Callable[[dict], int], *, zh: str, en: str, key: str,
                     ref_type: str, ref_id: int) -> None:
    """Bring what the cause has clawed back to ``earned × refunded // base`` (all of it once fully refunded).

    ``refunded_fen`` says, from the cause's row, how much of its base has been refunded by now.
    """
    while (row := await cause(ctx, cause_type, cause_id)) is not None and row["earned"] and row["base_fen"]:
        refunded = min(refunded_fen(row), row["base_fen"])
        due = row["earned"] * refunded // row["base_fen"]
        back = due - row["clawed_back"]
        # Guarded on the figure read: a refund racing this one re-reads instead of clawing the same points twice.
        moved = await update(ctx, PointsCause, {PointsCause.clawed_back: due, PointsCause.refunded_fen: refunded}).where(
            (PointsCause.id == row["id"]) & (PointsCause.clawed_back == row["clawed_back"])
            & (PointsCause.refunded_fen == row["refunded_fen"])).returning(PointsCause.id)
        if moved:
            if back > 0:
                await movements.claw_back(ctx, row["member_id"], back, zh=zh, en=en, key=key, ref_type=ref_type,
                                          ref_id=ref_id)
            return


async def claw_back_for_refund(ctx: Context, order: Order, refund: Refund) -> None:
    await _claw_back(ctx, "order", order.id, lambda row: order.refunded_fen, zh=f"退款扣回积分 订单 {order.number}",
                     en=f"Taken back by a refund of order {order.number}", key=f"points:clawed_back:refund:{refund.id}",
                     ref_type="refund", ref_id=refund.id)


async def claw_back_for_top_up_refund(ctx: Context, top_up_entry_id: int, principal_fen: int, entry: EntryOut) -> None:
    await _claw_back(ctx, "top_up", top_up_entry_id, lambda row: row["refunded_fen"] + principal_fen, zh="充值退款扣回积分",
                     en="Taken back by a top-up refund", key=f"points:clawed_back:top_up_refund:{entry.id}",
                     ref_type="top_up", ref_id=top_up_entry_id)

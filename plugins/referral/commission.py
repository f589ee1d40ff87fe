"""佣金: earned when a bound member's order is paid, pending through the refund window, then
available; reversed in proportion to what each refund gives back, even after it became available.

* Level 1 is the member's promoter, level 2 that promoter's own promoter (when the promoter is a
  member who was brought by someone) — never deeper. Each level needs its binding inside the
  binding window at payment time.
* Each line earns on what was paid for it (after discounts), by the rules in ``rules.py``.
* A refund: after lines refunded (each line's part × its refunded share) and amounts refunded
  (the rest × the share of what remained), the commission reversed *in all* is brought up to
  that figure, so several partial refunds add up exactly and a full refund takes everything.
"""

from __future__ import annotations

import datetime as dt
import json
from fractions import Fraction
from typing import Any

from plugins.referral import binding, ledger, promoters, rules
from plugins.referral.tables import Commission
from sdk import Context, Order, Refund
from sdk.db import insert, select, update


async def _within_window(ctx: Context, bound: dict[str, Any] | None, at: dt.datetime) -> bool:
    if bound is None:
        return False
    until = binding.earns_until(await promoters.settings(ctx), bound["bound_at"])
    return until is None or at < until


async def _earners(ctx: Context, member_id: int, at: dt.datetime) -> list[tuple[int, dict[str, Any]]]:
    """(level, promoter) pairs who earn on this member's order paid at ``at``: at most two."""
    first_binding = await binding.of_member(ctx, member_id)
    if not await _within_window(ctx, first_binding, at):
        return []
    first = await promoters.row(ctx, first_binding["promoter_id"])  # type: ignore[index]
    if first["status"] != "active":
        return []
    earners = [(1, first)]
    if first["member_id"] is not None:
        second_binding = await binding.of_member(ctx, first["member_id"])
        if await _within_window(ctx, second_binding, at):
            second = await promoters.row(ctx, second_binding["promoter_id"])  # type: ignore[index]
            if second["status"] == "active" and second["member_id"] != member_id:
                earners.append((2, second))
    return earners


async def accrue(ctx: Context, order: Order) -> None:
    """``order_paid``: one commission row per earning level, one entry: marketing expense against pending."""
    if order.member_id is None:
        return
    paid_at = order.paid_at or ctx.now()
    earners = await _earners(ctx, order.member_id, paid_at)
    if not earners:
        return
    settings = await promoters.settings(ctx)
    overrides = await rules.lookup(ctx)
    matures_at = paid_at + dt.timedelta(days=settings.refund_window_days)
    legs, earned = [], []
    for level, promoter in earners:
        parts = {str(line.id): rules.line_commission(line, level, overrides, settings) for line in order.lines}
        amount = sum(parts.values())
        if amount <= 0:
            continue
        await insert(ctx, Commission, promoter_id=promoter["id"], order_id=order.id, order_number=order.number,
                     member_id=order.member_id, level=level, base_fen=order.total_fen, amount_fen=amount,
                     reversed_fen=0, status="pending", lines_json=json.dumps({k: v for k, v in parts.items() if v}),
                     matures_at=matures_at, created_at=ctx.now())
        legs.append(ledger.credit(ledger.pending(promoter["id"]), amount))
        earned.append((promoter["id"], amount))
    if not earned:
        return
    total = sum(amount for _, amount in earned)
    await ledger.post(ctx, "commission_earned", [ledger.debit(ledger.expense(), total), *legs], ref_type="order",
                      ref_id=order.id, memo=f"推广佣金 订单 {order.number}", key=f"referral:earned:{order.id}")
    for promoter_id, amount in earned:
        await ledger.move_cached(ctx, promoter_id, pending_fen=amount)


def reversal_due(row: dict[str, Any], order: Order) -> int:
    """How much of the row's commission refunds have taken back in all, by now."""
    if order.refunded_fen >= order.paid_fen:
        return row["amount_fen"]
    parts = {int(k): v for k, v in json.loads(row["lines_json"]).items()}
    by_lines, rest = Fraction(0), Fraction(0)
    line_refunded = 0
    for line in order.lines:
        part = parts.get(line.id, 0)
        net = line.amount_fen - line.discount_fen
        line_refunded += line.refunded_fen
        if part and net > 0:
            share = Fraction(min(line.refunded_fen, net), net)
            by_lines += part * share
            rest += part * (1 - share)
    remaining = order.paid_fen - line_refunded
    by_amount = order.refunded_fen - line_refunded  # refunds of an amount rather than of lines
    if by_amount > 0 and remaining > 0:
        by_lines += rest * Fraction(by_amount, remaining)
    return min(int(by_lines), row["amount_fen"])


async def reverse(ctx: Context, order: Order, refund: Refund) -> None:
    """``order_refunded``: take back the refunded share from pending, or from available (which may
    go below zero: the promoter owes it)."""
    for row in await select(ctx, Commission).where(Commission.order_id == order.id):
        await _reverse_row(ctx, row["id"], order, refund)


async def _reverse_row(ctx: Context, commission_id: int, order: Order, refund: Refund) -> None:
    while True:
        row = await select(ctx, Commission).where(Commission.id == commission_id).first()
        if row is None:  # commissions are never deleted; nothing left to reverse if one were
            return
        due = reversal_due(row, order)
        back = due - row["reversed_fen"]
        if back <= 0:
            return
        # Guarded on the figures read: a maturation or another refund in between makes us read again.
        moved = await update(ctx, Commission, {Commission.reversed_fen: due}).where(
            (Commission.id == commission_id) & (Commission.reversed_fen == row["reversed_fen"])
            & (Commission.status == row["status"])).returning(Commission.id)
        if not moved:
            continue
        promoter_id = row["promoter_id"]
        was_pending = row["status"] == "pending"
        account = ledger.pending(promoter_id) if was_pending else ledger.payable(promoter_id)
        await ledger.post(ctx, "commission_reversed", [ledger.debit(account, back), ledger.credit(ledger.expense(), back)],
                          ref_type="refund", ref_id=refund.id, memo=f"退款冲回佣金 订单 {order.number}",
                          key=f"referral:reversed:{refund.id}:{commission_id}")
        await ledger.move_cached(ctx, promoter_id, **{"pending_fen" if was_pending else "available_fen": -back})
        return


async def mature(ctx: Context) -> int:
    """The daily job: commission whose refund window has ended becomes available; returns how many rows."""
    due = await select(ctx, Commission).where((Commission.status == "pending") & (Commission.matures_at <= ctx.now()))
    done = 0
    for row in due:
        moved = await update(ctx, Commission, {Commission.status: "available", Commission.matured_at: ctx.now()}).where(
            (Commission.id == row["id"]) & (Commission.status == "pending")
            & (Commission.reversed_fen == row["reversed_fen"])).returning(Commission.id)
        if not moved:
            continue  # a refund moved it meanwhile: the next run sees the new figures
        done += 1
        left = row["amount_fen"] - row["reversed_fen"]
        if left <= 0:
            continue
        await ledger.post(ctx, "commission_available", [ledger.debit(ledger.pending(row["promoter_id"]), left),
                                                        ledger.credit(ledger.payable(row["promoter_id"]), left)],
                          ref_type="order", ref_id=row["order_id"], memo=f"佣金可提现 订单 {row['order_number']}",
                          key=f"referral:available:{row['id']}")
        await ledger.move_cached(ctx, row["promoter_id"], pending_fen=-left, available_fen=left)
    return done


async def of_promoter(ctx: Context, promoter_id: int, limit: int = 200) -> list[dict[str, Any]]:
    return await select(ctx, Commission).where(Commission.promoter_id == promoter_id).order_by(
        Commission.id, ascending=False).limit(limit)

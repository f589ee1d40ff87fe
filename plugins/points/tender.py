"""Points as a tender (积分抵现) at checkout: ``{"kind": "points", "amount_fen": ...}``.

The tender pays ``amount_fen`` with ``amount_fen × points_per_yuan / 100`` points, which must be a
whole number (else 422 ``points_not_whole``); all points tenders of the order together pay at
most ``max_redeem_percent`` of its total, rounded down to the fen (422 ``points_over_cap``); the
member must hold the points (409 ``insufficient_balance``: checked first to name the numbers,
and decided by the ledger's guard when two tills race for the same points).

The legs, posted by the kernel in the payment's own entry:

* POINT: debit the member's points (earliest expiry first), credit ``tenant:points_redeemed``
  — a counterpart of its own rather than ``points_issued``, so the books show points redeemed
  apart from points issued, and a redemption never waits on the account every earning locks;
* CNY: debit ``marketing_expense`` by ``amount_fen`` (the kernel credits revenue).

A refund of the tender gives back the points in proportion to the fen refunded (exact over
several partial refunds: after R of A fen, ``spent × R // A`` points are back; all of them after
the last), as a new lot lapsing as if earned the day the order was paid; the marketing expense
is credited back. The share of the order paid with points earns no points (``earning.py``).
"""

from __future__ import annotations

from plugins.points import lots
from plugins.points.earning import cause, paid_with_points, record
from plugins.points.errors import PointsNeedMember, PointsNotWhole, PointsOverCap
from plugins.points.movements import REDEEMED, held
from plugins.points.policy import expires_at, settings
from plugins.points.schemas import KIND, PointsSettings
from plugins.points.tables import PointsCause
from sdk import (
    Context,
    EntryOut,
    InsufficientBalance,
    Leg,
    Order,
    PostingOut,
    Refund,
    StatementLine,
    Tender,
    TenderIn,
    accounts,
    credit,
    debit,
    statement,
)
from sdk.db import update

MARKETING = accounts.tenant("marketing_expense")


def _returned_expiry(ctx: Context, rules: PointsSettings, order: Order):
    paid_at = order.paid_at or ctx.now()
    return expires_at(ctx, rules, paid_at.astimezone(ctx.tenant.zone).date())


async def pay(ctx: Context, order: Order, tender: TenderIn) -> list[Leg] | None:
    """``tender_payment``: check rate, cap and balance; the legs that take the points."""
    if tender.kind != KIND:
        return None
    if order.member_id is None:
        raise PointsNeedMember()
    rules = await settings(ctx)
    if tender.amount_fen * rules.points_per_yuan % 100:
        raise PointsNotWhole(amount_fen=tender.amount_fen, points_per_yuan=rules.points_per_yuan)
    points = tender.amount_fen * rules.points_per_yuan // 100
    row = await record(ctx, "order", order.id, order.member_id, order.total_fen)
    cap = order.total_fen * rules.max_redeem_percent // 100
    if row["spent_fen"] + tender.amount_fen > cap:
        raise PointsOverCap(percent=rules.max_redeem_percent, cap_fen=cap, amount_fen=row["spent_fen"] + tender.amount_fen)
    available = await lots.live_total(ctx, order.member_id)
    if available < points:
        raise InsufficientBalance(account="积分", account_en="points", unit="POINT", account_code=held(order.member_id).code,
                                  needed=points, available=available)
    await update(ctx, PointsCause, {PointsCause.spent: PointsCause.spent + points,
                                    PointsCause.spent_fen: PointsCause.spent_fen + tender.amount_fen}).where(
        PointsCause.id == row["id"])
    return [debit(held(order.member_id), points), credit(REDEEMED, points), debit(MARKETING, tender.amount_fen)]


async def refund(ctx: Context, order: Order, tender: Tender, amount_fen: int) -> list[Leg] | None:
    """``tender_refund``: give back the points ``amount_fen`` of the points tenders stands for."""
    if tender.kind != KIND:
        return None
    row = await cause(ctx, "order", order.id)
    legs = [credit(MARKETING, amount_fen)]
    if row is None or row["spent_fen"] == 0:
        return legs
    returned_fen = min(row["returned_fen"] + amount_fen, row["spent_fen"])
    back = row["spent"] * returned_fen // row["spent_fen"] - row["returned"]
    await update(ctx, PointsCause, {PointsCause.returned: PointsCause.returned + back,
                                    PointsCause.returned_fen: returned_fen}).where(PointsCause.id == row["id"])
    if back > 0 and order.member_id is not None:
        lapse = _returned_expiry(ctx, await settings(ctx), order)
        legs += [credit(held(order.member_id), back, expires_at=lapse), debit(REDEEMED, back)]
    return legs


def _entry(member_id: int, line: StatementLine) -> EntryOut:
    """The kernel's payment or refund entry as ``points_changed`` receives it: this member's posting."""
    posting = PostingOut(account_code=held(member_id).code, unit="POINT", amount=-line.amount,
                         balance_after=line.balance_after)
    return EntryOut(id=line.entry_id, kind=line.kind, ref_type=line.ref_type, ref_id=line.ref_id, actor="",
                    idempotency_key=None, memo=line.memo, created_at=line.created_at, postings=[posting])


async def _latest_line(ctx: Context, member_id: int) -> StatementLine | None:
    lines = await statement(ctx, held(member_id), limit=1)
    return lines[0] if lines else None


async def after_payment(ctx: Context, order: Order) -> None:
    """``order_paid``: tell the other plugins what the points tenders took."""
    if order.member_id is None or not paid_with_points(order):
        return
    row = await cause(ctx, "order", order.id)
    if row is None or row["spent"] == 0:
        return
    line = await _latest_line(ctx, row["member_id"])  # the payment's entry: nothing moved the points since
    if line is not None and line.ref_type == "order" and line.ref_id == str(order.id):
        await ctx.hooks.points_changed(ctx=ctx, member_id=row["member_id"], points=-row["spent"], kind="spent",
                                       entry=_entry(row["member_id"], line))


async def after_refund(ctx: Context, order: Order, refund: Refund) -> None:
    """``order_refunded``: tell the other plugins what the refund gave back."""
    if order.member_id is None or not any(t["kind"] == KIND for t in refund.tenders):
        return
    line = await _latest_line(ctx, order.member_id)
    if line is None or line.entry_id != refund.entry_id or line.amount <= 0:
        return
    await ctx.hooks.points_changed(ctx=ctx, member_id=order.member_id, points=line.amount, kind="returned",
                                   entry=_entry(order.member_id, line))

"""The deadline job: a group not full by its deadline fails and every paid member is refunded
through the kernel (and so the ledger); orders left unpaid in closed groups are cancelled.

Failing is one guarded UPDATE (``open`` → ``failed``), committed alone so it never waits on a
payment's ledger rows while holding the group. Then each paid member of a failed group is
refunded in a transaction of its own (``order_refunded`` marks the join refunded): a second run
finds nothing paid left, and two runs racing on one order meet the kernel's guarded refund, so
nobody is refunded twice. A payment racing the job either took its seat first (and is
refunded) or finds the group closed and charges nothing.
"""

from __future__ import annotations

from typing import Any

from plugins.group_buy.tables import Group, GroupDeal, Join
from sdk import Context, DomainError, cancel_order, refund_order
from sdk.db import select, transaction, update

REASON = "拼团未成团，自动退款 / Group not filled by its deadline: refunded"


async def fail_expired(ctx: Context) -> int:
    """Fail the groups past their deadline, refund their paid members; returns the refunds made."""
    now = ctx.now()
    await update(ctx, Group, {Group.status: "failed", Group.closed_at: now}).where(
        (Group.status == "open") & (Group.deadline_at <= now))
    failed = [g["id"] for g in await select(ctx, Group, Group.id).where(Group.status == "failed")]
    refunds = 0
    if failed:
        for join in await select(ctx, Join).where(Join.group_id.is_in(failed) & (Join.status == "paid")):
            refunds += await _refund(ctx, join)
    await cancel_stragglers(ctx)
    return refunds


async def _refund(ctx: Context, join: dict[str, Any]) -> int:
    try:
        async with transaction():
            still = await select(ctx, Join, Join.id).where((Join.id == join["id"]) & (Join.status == "paid")).first()
            if still is None:  # another run refunded it meanwhile
                return 0
            await refund_order(ctx, join["order_id"], reason=REASON)
    except DomainError:  # the kernel refused a second refund of the order: it was refunded once
        return 0
    return 1


async def cancel_stragglers(ctx: Context) -> None:
    """Unpaid orders that can no longer be paid: in a closed group, or of a regular deal that is over."""
    pending = await select(ctx, Join).where(Join.status == "pending")
    group_ids = [j["group_id"] for j in pending if j["group_id"] is not None]
    closed = {g["id"] for g in await select(ctx, Group, Group.id).where(
        Group.id.is_in(group_ids) & (Group.status != "open"))} if group_ids else set()
    over = {d["id"] for d in await select(ctx, GroupDeal, GroupDeal.id).where(
        (GroupDeal.ends_at <= ctx.now()) | (GroupDeal.active == False))}  # noqa: E712
    for join in pending:
        if join["group_id"] in closed or (join["group_id"] is None and join["deal_id"] in over):
            await _cancel(ctx, join)


async def _cancel(ctx: Context, join: dict[str, Any]) -> None:
    """The order first (as a payment takes it first), then the join; a payment that won meanwhile keeps it."""
    try:
        async with transaction():
            await cancel_order(ctx, join["order_id"])
            await update(ctx, Join, {Join.status: "cancelled", Join.closed_at: ctx.now()}).where(
                (Join.id == join["id"]) & (Join.status == "pending"))
    except DomainError:  # paid (or cancelled) meanwhile
        return

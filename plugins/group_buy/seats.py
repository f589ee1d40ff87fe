"""The order hooks: the group price (``order_priced``), no coupons or points and no payment into a
closed group (``order_validated``), the seat taken when paid (``order_paid``) and given back when
refunded (``order_refunded``).

Only orders this plugin opened (``origin`` group_buy) are looked up: every other order passes
each hook without a query. The seat is one guarded UPDATE (``seats_paid < size`` while open and before the deadline), as are
the deal's stock and the member's limit: whatever the timing a group never has more paid members
than its size. A refusal in ``order_paid`` rolls the whole payment back: nothing is charged.
"""

from __future__ import annotations

from typing import Any

from plugins.group_buy.deals import PLUGIN
from plugins.group_buy.errors import GroupFull, JoinClosed, MemberLimitReached, NotNewMember, SoldOut
from plugins.group_buy.joins import check_live, check_open
from plugins.group_buy.tables import Group, GroupDeal, Join, MemberCount
from sdk import Adjustment, Context, Order, load_member
from sdk.db import get, select, update

CLOSED = {"paid": ("已付款", "paid"), "refunded": ("已退款", "refunded"), "cancelled": ("已取消", "cancelled")}


async def join_of(ctx: Context, order: Order) -> dict[str, Any] | None:
    """The join an order pays for (its hooks are ``@own_orders``: only this plugin's orders come here)."""
    return await select(ctx, Join).where(Join.order_id == order.id).first()


async def adjustments(ctx: Context, order: Order) -> list[Adjustment]:
    """``order_priced``: the unit at its group price."""
    row = await join_of(ctx, order)
    if row is None or row["status"] not in ("pending", "paid"):
        return []
    line = next((ln for ln in order.lines if ln.item_id == row["item_id"]), None)
    if line is None or line.unit_price_fen <= row["group_price_fen"]:
        return []
    return [Adjustment(source=PLUGIN, amount_fen=line.unit_price_fen - row["group_price_fen"], reason="拼团价",
                       reason_en="Group-buy price", line_id=line.id, reference=str(row["id"]))]


async def validate(ctx: Context, order: Order) -> None:
    """``order_validated``: group-buy goods take no coupon and earn no points; a pending join is
    paid only into an open group with a seat left (or a live regular deal with stock)."""
    row = await join_of(ctx, order)
    if row is None:
        return
    for line in order.lines:
        if line.item_id == row["item_id"]:
            line.no_discount = True
    if row["status"] == "paid":
        return
    if row["status"] != "pending":
        zh, en = CLOSED[row["status"]]
        raise JoinClosed(state_zh=zh, state=en)
    deal = await get(ctx, GroupDeal, row["deal_id"], "group-buy deal")
    if row["group_id"] is None:
        check_live(ctx, deal)
    else:
        check_open(ctx, await get(ctx, Group, row["group_id"], "group"))
    if deal["sold"] >= deal["stock"]:
        raise SoldOut()


async def paid(ctx: Context, order: Order) -> None:
    """``order_paid``: stock, the member's limit and the seat, each a guarded UPDATE; the group
    completes with its last seat."""
    row = await join_of(ctx, order)
    if row is None:
        return
    now = ctx.now()
    if not await update(ctx, Join, {Join.status: "paid", Join.paid_at: now}).where(
            (Join.id == row["id"]) & (Join.status == "pending")).returning(Join.id):
        zh, en = CLOSED.get(row["status"], CLOSED["cancelled"])
        raise JoinClosed(state_zh=zh, state=en)
    if row["group_id"] is not None:  # the seat first: a crowd refused here never waits on the deal's row
        await _take_seat(ctx, row["group_id"], now)
    deal = await get(ctx, GroupDeal, row["deal_id"], "group-buy deal")
    if not await update(ctx, GroupDeal, {GroupDeal.sold: GroupDeal.sold + 1}).where(
            (GroupDeal.id == deal["id"]) & (GroupDeal.sold < deal["stock"])).returning(GroupDeal.id):
        raise SoldOut()
    await _count(ctx, deal, row["member_id"])
    if row["group_id"] is not None:
        if deal["old_brings_new"] and row["role"] == "joiner":
            # the kernel counted this payment into the spend already: anything more was bought before
            if (await load_member(ctx, row["member_id"])).total_spend_fen != order.total_fen:
                raise NotNewMember()


async def _count(ctx: Context, deal: dict[str, Any], member_id: int) -> None:
    await MemberCount.insert(MemberCount(tenant_id=ctx.tenant_id, deal_id=deal["id"], member_id=member_id,
                                         bought=0)).on_conflict(action="DO NOTHING")
    if not await update(ctx, MemberCount, {MemberCount.bought: MemberCount.bought + 1}).where(
            (MemberCount.deal_id == deal["id"]) & (MemberCount.member_id == member_id)
            & (MemberCount.bought < deal["per_member_limit"])).returning(MemberCount.id):
        raise MemberLimitReached(limit=deal["per_member_limit"])


async def _take_seat(ctx: Context, group_id: int, now: Any) -> None:
    group = await get(ctx, Group, group_id, "group")
    taken = await update(ctx, Group, {Group.seats_paid: Group.seats_paid + 1}).where(
        (Group.id == group_id) & (Group.status == "open") & (Group.deadline_at > now)
        & (Group.seats_paid < group["size"])).returning(Group.seats_paid)
    if not taken:
        check_open(ctx, await get(ctx, Group, group_id, "group"))  # says why: closed, expired or full
        raise GroupFull()
    if taken[0]["seats_paid"] == group["size"]:
        await update(ctx, Group, {Group.status: "complete", Group.closed_at: now}).where(
            (Group.id == group_id) & (Group.status == "open"))


async def refunded(ctx: Context, order: Order) -> None:
    """``order_refunded``: a fully refunded join gives back its stock, the member's count and —
    while its group is still forming — its seat. A partial refund keeps the place."""
    row = await join_of(ctx, order)
    if row is None or row["status"] != "paid" or order.refunded_fen < order.paid_fen:
        return
    if not await update(ctx, Join, {Join.status: "refunded", Join.closed_at: ctx.now()}).where(
            (Join.id == row["id"]) & (Join.status == "paid")).returning(Join.id):
        return
    await update(ctx, GroupDeal, {GroupDeal.sold: GroupDeal.sold - 1}).where(GroupDeal.id == row["deal_id"])
    await update(ctx, MemberCount, {MemberCount.bought: MemberCount.bought - 1}).where(
        (MemberCount.deal_id == row["deal_id"]) & (MemberCount.member_id == row["member_id"]))
    if row["group_id"] is not None:
        await update(ctx, Group, {Group.seats_paid: Group.seats_paid - 1}).where(
            (Group.id == row["group_id"]) & (Group.status == "open"))


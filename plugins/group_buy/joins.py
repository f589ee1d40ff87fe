"""Opening a group (开团), joining one by its share code (参团), buying a regular deal (团购), and
paying. Each makes an order at the group price for the member; nothing is held until it is paid
(``seats.py`` takes the seat then). The checks here refuse early; the guarded UPDATEs at payment
are what make them exact."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Awaitable, Callable
from typing import Any

from plugins.group_buy.deals import KIND_NAMES, PLUGIN, state_of
from plugins.group_buy.errors import (
    AlreadyInGroup,
    DealNotLive,
    GroupClosed,
    GroupFull,
    JoinClosed,
    MemberLimitReached,
    NotNewMember,
    SoldOut,
    WrongKind,
)
from plugins.group_buy.schemas import GroupBuySettings, GroupOut, JoinOut
from plugins.group_buy.tables import Group, GroupDeal, Join, MemberCount
from sdk import (
    Context,
    NotFound,
    TenderIn,
    is_unique_violation,
    load_member,
    load_order,
    open_order,
    pay_order,
    plugin_settings,
    reprice_order,
)
from sdk.db import get, insert, select, transaction

DEAL_STATES = {"upcoming": ("还未开始", "has not started"), "ended": ("已结束", "has ended"),
               "stopped": ("已停止", "was stopped")}
GROUP_STATES = {"complete": ("已成团", "is complete"), "failed": ("未成团，已关闭", "failed and is closed"),
                "expired": ("已过截止时间", "is past its deadline")}


def join_out(row: dict[str, Any]) -> JoinOut:
    return JoinOut(**{f: row[f] for f in JoinOut.__struct_fields__ if f in row})


def group_closed(status: str) -> GroupClosed:
    zh, en = GROUP_STATES[status]
    return GroupClosed(state_zh=zh, state=en)


def share_path(tenant_slug: str, code: str) -> str:
    """The group's share page on the member pages (``member.py``), open without signing in."""
    return f"/m/{tenant_slug}/p/group_buy/g/{code}"


def share_link(ctx: Context, conf: GroupBuySettings, code: str) -> str:
    """The share page's address, after ``share_base_url`` when it is set (a friend opens it to join)."""
    return conf.share_base_url.rstrip("/") + share_path(ctx.tenant.slug, code)


async def group_out(ctx: Context, group: dict[str, Any]) -> GroupOut:
    conf = await plugin_settings(ctx, PLUGIN, GroupBuySettings)
    deal = await get(ctx, GroupDeal, group["deal_id"], "group-buy deal")
    joins = await select(ctx, Join).where(Join.group_id == group["id"]).order_by(Join.id)
    left = max(int((group["deadline_at"] - ctx.now()).total_seconds()), 0) if group["status"] == "open" else 0
    return GroupOut(
        id=group["id"], deal_id=deal["id"], deal_name=deal["name"], code=group["code"],
        share_link=share_link(ctx, conf, group["code"]), leader_member_id=group["leader_member_id"],
        size=group["size"], seats_paid=group["seats_paid"], seats_left=group["size"] - group["seats_paid"],
        status=group["status"], deadline_at=group["deadline_at"], seconds_left=left,
        old_brings_new=deal["old_brings_new"], group_price_fen=deal["group_price_fen"],
        joins=[join_out(j) for j in joins if j["status"] in ("paid", "refunded")])


def check_live(ctx: Context, deal: dict[str, Any]) -> None:
    state = state_of(deal, ctx.now())
    if state != "live":
        zh, en = DEAL_STATES[state]
        raise DealNotLive(name=deal["name"], state_zh=zh, state=en)


def check_open(ctx: Context, group: dict[str, Any]) -> None:
    """A group takes (and is paid into) only while open, before its deadline, with a seat left."""
    if group["status"] != "open":
        raise group_closed(group["status"])
    if group["deadline_at"] <= ctx.now():
        raise group_closed("expired")
    if group["seats_paid"] >= group["size"]:
        raise GroupFull()


async def check_new(ctx: Context, member_id: int) -> None:
    """老带新: a new member is one with nothing bought yet (total spend 0)."""
    if (await load_member(ctx, member_id)).total_spend_fen > 0:
        raise NotNewMember()


async def _check_room(ctx: Context, deal: dict[str, Any], member_id: int) -> None:
    if deal["sold"] >= deal["stock"]:
        raise SoldOut()
    count = await select(ctx, MemberCount, MemberCount.bought).where(
        (MemberCount.deal_id == deal["id"]) & (MemberCount.member_id == member_id)).first()
    if count is not None and count["bought"] >= deal["per_member_limit"]:
        raise MemberLimitReached(limit=deal["per_member_limit"])


async def _place(ctx: Context, deal: dict[str, Any], member_id: int, role: str,
                 group: dict[str, Any] | None, request_key: str | None = None) -> dict[str, Any]:
    """The member's order at the group price and their join, in one transaction."""
    note = f"拼团 {deal['name']}" if group else f"团购 {deal['name']}"
    order = await open_order(ctx, store_id=deal["store_id"], member_id=member_id, lines=[(deal["item_id"], 1)],
                             channel="online", note=note, origin=PLUGIN)
    row = await insert(ctx, Join, deal_id=deal["id"], group_id=group["id"] if group else None, member_id=member_id,
                       role=role, order_id=order.id, item_id=deal["item_id"], group_price_fen=deal["group_price_fen"],
                       status="pending", request_key=request_key, created_at=ctx.now())
    await reprice_order(ctx, order.id)  # the order now finds its join: the group price
    return row


async def _requested(ctx: Context, member_id: int, request_key: str | None) -> dict[str, Any] | None:
    if not request_key:
        return None
    return await select(ctx, Join).where((Join.member_id == member_id) & (Join.request_key == request_key)).first()


async def _once(ctx: Context, member_id: int, request_key: str | None,
                place: Callable[[], Awaitable[dict[str, Any]]]) -> dict[str, Any]:
    """``place`` a join in a transaction, once per ``request_key``: a key seen before (a member page's
    form posted again, or twice at once) answers with the join it placed, checking and placing nothing."""
    if (earlier := await _requested(ctx, member_id, request_key)) is not None:
        return earlier
    try:
        async with transaction():
            return await place()
    except Exception as exc:
        if is_unique_violation(exc) and (earlier := await _requested(ctx, member_id, request_key)) is not None:
            return earlier
        raise


async def open_group(ctx: Context, deal_id: int, member_id: int, request_key: str | None = None) -> GroupOut:
    """开团: the member leads a new group of the deal; it fills by its share link before its deadline."""

    async def place() -> dict[str, Any]:
        deal = await get(ctx, GroupDeal, deal_id, "group-buy deal")
        check_live(ctx, deal)
        if deal["kind"] == "regular":
            raise WrongKind(name=deal["name"], reason_zh="是团购，直接购买即可，不用开团",
                            reason="is a regular deal: buy it, no group to open")
        await _check_room(ctx, deal, member_id)
        now = ctx.now()
        group = await insert(ctx, Group, deal_id=deal_id, code=secrets.token_hex(5), leader_member_id=member_id,
                             size=deal["group_size"], seats_paid=0, status="open", created_at=now,
                             deadline_at=now + dt.timedelta(hours=deal["deadline_hours"]))
        return await _place(ctx, deal, member_id, "leader", group, request_key)

    row = await _once(ctx, member_id, request_key, place)
    return await group_out(ctx, await get(ctx, Group, row["group_id"], "group"))


async def find_group(ctx: Context, code: str) -> dict[str, Any]:
    group = await select(ctx, Group).where(Group.code == code).first()
    if group is None:
        raise NotFound(resource="group", id=code)
    return group


async def join_group(ctx: Context, code: str, member_id: int) -> JoinOut:
    """参团: an order at the group price; the seat is the member's once it is paid."""
    group = await find_group(ctx, code)
    deal = await get(ctx, GroupDeal, group["deal_id"], "group-buy deal")
    check_open(ctx, group)
    if (mine := await member_join(ctx, group["id"], member_id)) is not None:
        if mine["status"] == "pending":
            return join_out(mine)  # joining again: the same order to pay
        raise AlreadyInGroup()
    if deal["old_brings_new"]:
        await check_new(ctx, member_id)
    await _check_room(ctx, deal, member_id)
    try:
        async with transaction():
            row = await _place(ctx, deal, member_id, "joiner", group)
    except Exception as exc:
        if is_unique_violation(exc):  # the same member joining twice at once: one join
            raise AlreadyInGroup() from None
        raise
    return join_out(row)


async def buy(ctx: Context, deal_id: int, member_id: int, request_key: str | None = None) -> JoinOut:
    """团购: a regular deal's order at the group price, no group to fill."""

    async def place() -> dict[str, Any]:
        deal = await get(ctx, GroupDeal, deal_id, "group-buy deal")
        check_live(ctx, deal)
        if deal["kind"] != "regular":
            zh, en = KIND_NAMES[deal["kind"]]
            raise WrongKind(name=deal["name"], reason_zh=f"是{zh}，须开团或参团",
                            reason=f"is a {en} deal: open or join a group")
        await _check_room(ctx, deal, member_id)
        return await _place(ctx, deal, member_id, "buyer", None, request_key)

    return join_out(await _once(ctx, member_id, request_key, place))


async def pay(ctx: Context, join_id: int, member_id: int, tender: str) -> JoinOut:
    """The member pays their own group-buy order in the app (stored value by default)."""
    row = await get(ctx, Join, join_id, "group-buy order")
    if row["member_id"] != member_id:
        raise NotFound(resource="group-buy order", id=join_id)
    if row["status"] != "pending":
        raise JoinClosed(state_zh="已付款" if row["status"] == "paid" else "已关闭",
                         state="paid" if row["status"] == "paid" else "closed")
    order = await load_order(ctx, row["order_id"])
    await pay_order(ctx, order.id, [TenderIn(kind=tender, amount_fen=order.total_fen)])
    return join_out(await get(ctx, Join, join_id, "group-buy order"))


async def member_join(ctx: Context, group_id: int, member_id: int) -> dict[str, Any] | None:
    """The member's place in a group (as its leader or a joiner), if any."""
    return await select(ctx, Join).where((Join.group_id == group_id) & (Join.member_id == member_id)).first()


async def member_joins(ctx: Context, member_id: int) -> list[JoinOut]:
    rows = await select(ctx, Join).where(Join.member_id == member_id).order_by(Join.id, ascending=False).limit(50)
    return [join_out(r) for r in rows]


async def deal_groups(ctx: Context, deal_id: int) -> list[GroupOut]:
    await get(ctx, GroupDeal, deal_id, "group-buy deal")
    rows = await select(ctx, Group).where(Group.deal_id == deal_id).order_by(Group.id, ascending=False).limit(200)
    return [await group_out(ctx, g) for g in rows]


async def get_group(ctx: Context, group_id: int) -> GroupOut:
    return await group_out(ctx, await get(ctx, Group, group_id, "group"))


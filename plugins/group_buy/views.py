"""What the group-buy member pages show: the deals on now with the seats their open groups still
need, a group as its share page shows it (who leads, whose seats are paid, the viewer's place),
and a member's joins with the status they read (待付款, 拼团中, 已成团, 未成团已退款)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from plugins.group_buy import deals, joins
from plugins.group_buy.schemas import DealOut, GroupOut, JoinOut
from plugins.group_buy.tables import Group, GroupDeal, Join
from sdk import Context, NotFound, load_member
from sdk.db import select

JoinShown = Literal["to_pay", "forming", "complete", "bought", "refunding", "failed", "refunded", "closed"]


@dataclass(frozen=True, slots=True)
class DealCard:
    deal: DealOut
    seconds_left: int  # until the deal ends
    seats_open: int  # seats still to fill in its open groups: a friend may join one


@dataclass(frozen=True, slots=True)
class Seat:
    initial: str  # the first character of the member's name; "" for a seat still to fill
    leader: bool = False


@dataclass(frozen=True, slots=True)
class GroupPage:
    group: GroupOut
    deal: DealOut
    leader_name: str  # masked (张*): the page is public
    seats: list[Seat]  # paid seats first, then the ones to fill
    mine: JoinOut | None  # the signed-in viewer's place in the group
    over: bool  # failed, or past its deadline and about to fail


@dataclass(frozen=True, slots=True)
class MyJoin:
    join: JoinOut
    deal_name: str
    deal_name_en: str
    code: str | None  # the group's share code; None for a regular deal
    shown: JoinShown


def masked(name: str) -> str:
    """A member's name on a public page: its first character (张三 → 张*)."""
    return name[:1] + "*" if len(name) > 1 else name


def seconds_until(ctx: Context, moment: Any) -> int:
    return max(int((moment - ctx.now()).total_seconds()), 0)


async def deal_cards(ctx: Context) -> list[DealCard]:
    live = await deals.live_deals(ctx)
    open_groups = await select(ctx, Group, Group.deal_id, Group.size, Group.seats_paid).where(
        Group.deal_id.is_in([d.id for d in live]) & (Group.status == "open") & (Group.deadline_at > ctx.now())
    ) if live else []
    return [DealCard(deal=d, seconds_left=seconds_until(ctx, d.ends_at),
                     seats_open=sum(g["size"] - g["seats_paid"] for g in open_groups if g["deal_id"] == d.id))
            for d in live]


async def group_page(ctx: Context, code: str, member_id: int | None) -> GroupPage | None:
    """The group of a share code, or None when no group has it."""
    try:
        row = await joins.find_group(ctx, code)
    except NotFound:
        return None
    group = await joins.group_out(ctx, row)
    leader = await load_member(ctx, group.leader_member_id)
    paid = [j for j in group.joins if j.status == "paid"]
    paid.sort(key=lambda j: j.role != "leader")
    seats = [Seat(initial=(await load_member(ctx, j.member_id)).name[:1], leader=j.role == "leader") for j in paid]
    mine = await joins.member_join(ctx, group.id, member_id) if member_id else None
    return GroupPage(group=group, deal=await deals.get_deal(ctx, group.deal_id), leader_name=masked(leader.name),
                     seats=seats + [Seat(initial="")] * group.seats_left, mine=joins.join_out(mine) if mine else None,
                     over=group.status == "failed" or (group.status == "open" and group.seconds_left == 0))


def shown(join: dict[str, Any], group: dict[str, Any] | None, now: Any) -> JoinShown:
    over = group is not None and (group["status"] == "failed"
                                  or (group["status"] == "open" and group["deadline_at"] <= now))
    if join["status"] == "pending":
        return "closed" if over or (group is not None and group["status"] != "open") else "to_pay"
    if join["status"] == "paid":
        if group is None:
            return "bought"
        return "refunding" if over else ("complete" if group["status"] == "complete" else "forming")
    if join["status"] == "refunded":
        return "failed" if group is not None and group["status"] == "failed" else "refunded"
    return "closed"


async def my_joins(ctx: Context, member_id: int) -> list[MyJoin]:
    """我的拼团: the member's group-buy orders, newest first, with the deal and the group's state."""
    rows = await select(ctx, Join).where(Join.member_id == member_id).order_by(Join.id, ascending=False).limit(50)
    if not rows:
        return []
    deal_rows = {d["id"]: d for d in await select(ctx, GroupDeal, GroupDeal.id, GroupDeal.name, GroupDeal.name_en).where(
        GroupDeal.id.is_in(list({r["deal_id"] for r in rows})))}
    group_ids = list({r["group_id"] for r in rows if r["group_id"] is not None})
    groups = {g["id"]: g for g in await select(ctx, Group).where(Group.id.is_in(group_ids))} if group_ids else {}
    out = []
    for r in rows:
        group = groups.get(r["group_id"])
        deal = deal_rows[r["deal_id"]]
        out.append(MyJoin(join=joins.join_out(r), deal_name=deal["name"], deal_name_en=deal["name_en"],
                          code=group["code"] if group else None, shown=shown(r, group, ctx.now())))
    return out


async def to_pay_count(ctx: Context) -> int | None:
    """The tile's number: my group-buy orders still to pay (none shown when there are none)."""
    waiting = sum(1 for j in await my_joins(ctx, ctx.actor.id or 0) if j.shown == "to_pay")
    return waiting or None

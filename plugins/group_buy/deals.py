"""拼团活动: deals checked when saved — sizes by kind, the price below the item's, and the price
order between the kinds of one item (a setting) — changed only before they start, stopped at any
time; the lists staff and members see."""

from __future__ import annotations

import datetime as dt
from typing import Any

from plugins.group_buy.errors import DealStarted, InvalidDeal, PriceOrder
from plugins.group_buy.schemas import DealIn, DealOut, DealState, GroupBuySettings
from plugins.group_buy.tables import Group, GroupDeal
from sdk import Context, find_store, get_item, list_stores, plugin_settings, yuan_text
from sdk.db import get, insert, select, transaction, update
from sdk.windows import window_refusal, window_state

PLUGIN = "group_buy"
RANK = {"regular": 0, "friends": 1, "multi": 2}  # the higher the rank, the lower the price
KIND_NAMES = {"regular": ("团购", "regular"), "friends": ("好友团", "friends"), "multi": ("多人团", "multi-person")}


def state_of(deal: dict[str, Any], now: dt.datetime) -> DealState:
    return window_state(deal["starts_at"], deal["ends_at"], deal["active"], now)


def _refuse(zh: str, en: str) -> InvalidDeal:
    return InvalidDeal(reason_zh=zh, reason=en)


async def _check(ctx: Context, data: DealIn, deal_id: int | None) -> int:
    """The deal's rules; returns the store its orders go to."""
    if why := window_refusal(data.starts_at, data.ends_at, ctx.now()):
        raise _refuse(*why)
    if data.kind == "regular" and data.group_size is not None:
        raise _refuse("团购不设成团人数", "a regular deal has no group size")
    if data.kind == "friends" and data.group_size not in (2, 3):
        raise _refuse("好友团须为 2–3 人", "a friends group has 2 or 3 people")
    if data.kind == "multi" and data.group_size is None:
        raise _refuse("多人团须设成团人数", "a multi-person group needs its size")
    if data.kind == "regular" and data.old_brings_new:
        raise _refuse("团购没有参团人，不能设老带新", "a regular deal has no joiners to be new")
    item = await get_item(ctx, data.item_id)
    if data.group_price_fen >= item.price_fen:
        raise _refuse(f"「{item.name}」拼团价须低于原价", f"'{item.name}': the group price must be below its price")
    if (await plugin_settings(ctx, PLUGIN, GroupBuySettings)).enforce_price_order:
        await _check_price_order(ctx, data, deal_id)
    if data.store_id is not None:
        return (await find_store(ctx, data.store_id)).id
    return (await list_stores(ctx))[0].id


async def _check_price_order(ctx: Context, data: DealIn, deal_id: int | None) -> None:
    """Deals of the item running at some time in this one's window: regular > friends > multi."""
    others = await select(ctx, GroupDeal).where(
        (GroupDeal.item_id == data.item_id) & (GroupDeal.active == True)  # noqa: E712
        & (GroupDeal.starts_at < data.ends_at) & (GroupDeal.ends_at > data.starts_at))
    for other in others:
        if other["id"] == deal_id or other["kind"] == data.kind:
            continue
        mine, theirs = RANK[data.kind], RANK[other["kind"]]
        ok = data.group_price_fen > other["group_price_fen"] if mine < theirs \
            else data.group_price_fen < other["group_price_fen"]
        if not ok:
            zh, en = KIND_NAMES[other["kind"]]
            raise PriceOrder(reason_zh=f"与{zh}「{other['name']}」（¥{yuan_text(other['group_price_fen'])}）冲突",
                             reason=f"clashes with the {en} deal '{other['name']}' at ¥{yuan_text(other['group_price_fen'])}")


def _values(data: DealIn, store_id: int) -> dict[str, Any]:
    return {"name": data.name, "name_en": data.name_en, "item_id": data.item_id, "kind": data.kind,
            "group_size": data.group_size or 0, "group_price_fen": data.group_price_fen,
            "starts_at": data.starts_at, "ends_at": data.ends_at, "deadline_hours": data.deadline_hours,
            "stock": data.stock, "per_member_limit": data.per_member_limit, "old_brings_new": data.old_brings_new,
            "store_id": store_id}


async def create_deal(ctx: Context, data: DealIn) -> DealOut:
    ctx.require("plugins.manage")
    async with transaction():
        store_id = await _check(ctx, data, None)
        row = await insert(ctx, GroupDeal, **_values(data, store_id), sold=0, active=True, created_at=ctx.now())
    return await get_deal(ctx, row["id"])


async def update_deal(ctx: Context, deal_id: int, data: DealIn) -> DealOut:
    """Replace a deal that has not started (nothing can be bought before); later it can only be stopped."""
    ctx.require("plugins.manage")
    async with transaction():
        current = await get(ctx, GroupDeal, deal_id, "group-buy deal")
        if current["starts_at"] <= ctx.now() or not current["active"]:
            raise DealStarted(name=current["name"])
        store_id = await _check(ctx, data, deal_id)
        await update(ctx, GroupDeal, {getattr(GroupDeal, k): v for k, v in _values(data, store_id).items()}).where(
            GroupDeal.id == deal_id)
    return await get_deal(ctx, deal_id)


async def stop_deal(ctx: Context, deal_id: int) -> DealOut:
    """停止: no new groups or purchases; groups already open may still fill until their deadline."""
    ctx.require("plugins.manage")
    await get(ctx, GroupDeal, deal_id, "group-buy deal")
    await update(ctx, GroupDeal, {GroupDeal.active: False}).where(GroupDeal.id == deal_id)
    return await get_deal(ctx, deal_id)


async def deal_out(ctx: Context, row: dict[str, Any]) -> DealOut:
    item = await get_item(ctx, row["item_id"])
    groups = await select(ctx, Group, Group.status).where(Group.deal_id == row["id"])
    counts = {s: sum(1 for g in groups if g["status"] == s) for s in ("open", "complete", "failed")}
    return DealOut(
        id=row["id"], name=row["name"], name_en=row["name_en"], item_id=row["item_id"], item_name=item.name,
        price_fen=item.price_fen, kind=row["kind"], group_size=row["group_size"] or None,
        group_price_fen=row["group_price_fen"], starts_at=row["starts_at"], ends_at=row["ends_at"],
        deadline_hours=row["deadline_hours"], stock=row["stock"], sold=row["sold"], left=row["stock"] - row["sold"],
        per_member_limit=row["per_member_limit"], old_brings_new=row["old_brings_new"], store_id=row["store_id"],
        state=state_of(row, ctx.now()), groups_open=counts["open"], groups_complete=counts["complete"],
        groups_failed=counts["failed"])


async def get_deal(ctx: Context, deal_id: int) -> DealOut:
    return await deal_out(ctx, await get(ctx, GroupDeal, deal_id, "group-buy deal"))


async def list_deals(ctx: Context, state: DealState | None = None) -> list[DealOut]:
    rows = await select(ctx, GroupDeal).order_by(GroupDeal.starts_at, ascending=False)
    out = [await deal_out(ctx, r) for r in rows]
    return [d for d in out if state is None or d.state == state]


async def live_deals(ctx: Context) -> list[DealOut]:
    """The member's page: deals on now."""
    now = ctx.now()
    rows = await select(ctx, GroupDeal).where(
        (GroupDeal.active == True) & (GroupDeal.starts_at <= now) & (GroupDeal.ends_at > now)  # noqa: E712
    ).order_by(GroupDeal.ends_at)
    return [await deal_out(ctx, r) for r in rows]


async def add_sample_deal(ctx: Context) -> None:
    """The demo store's deal: a personal-training session at ¥198 for two friends, on for 30 days."""
    from sdk import find_item_by_sku

    if await select(ctx, GroupDeal, GroupDeal.id).first() is not None:
        return
    session = await find_item_by_sku(ctx, "pt-session")
    now = ctx.now()
    await create_deal(ctx, DealIn(
        name="私教课两人拼", name_en="Personal training for two", item_id=session.id, kind="friends", group_size=2,
        group_price_fen=19_800, starts_at=now, ends_at=now + dt.timedelta(days=30), deadline_hours=24, stock=100))


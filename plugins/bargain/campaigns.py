"""砍价活动: campaigns checked when saved and stopped at any time, and the lists staff and members
see. A campaign's terms are copied onto each bargain when it starts, so stopping a campaign
never changes a bargain already under way."""

from __future__ import annotations

import datetime as dt
from typing import Any

from plugins.bargain.errors import InvalidCampaign
from plugins.bargain.schemas import CampaignIn, CampaignOut, CampaignState
from plugins.bargain.tables import BargainCampaign, BargainMemberCount
from sdk import Context, find_store, get_item, list_stores, yuan_text
from sdk.db import get, insert, select, transaction, update
from sdk.windows import window_refusal, window_state


def state_of(row: dict[str, Any], now: dt.datetime) -> CampaignState:
    return window_state(row["starts_at"], row["ends_at"], row["active"], now)


async def _check(ctx: Context, data: CampaignIn) -> tuple[int, int]:
    """The campaign's rules; returns its price and the store its orders go to."""
    def refuse(zh: str, en: str) -> InvalidCampaign:
        return InvalidCampaign(reason_zh=zh, reason=en)

    if why := window_refusal(data.starts_at, data.ends_at, ctx.now()):
        raise refuse(*why)
    item = await get_item(ctx, data.item_id)
    price = item.price_fen if data.price_fen is None else data.price_fen
    if price > item.price_fen:
        raise refuse("砍价起始价不能高于商品原价", "the starting price cannot be above the item's price")
    # every helper cuts at least 1 fen: the cut total must cover them all
    if price - data.floor_fen < data.helpers_needed:
        least = yuan_text(data.helpers_needed)
        raise refuse(f"底价须比起始价低至少 ¥{least}（{data.helpers_needed} 人助力，每人至少砍 ¥0.01）",
                     f"the floor must be at least ¥{least} below the price ({data.helpers_needed} helpers, ¥0.01 a cut)")
    if data.store_id is not None:
        return price, (await find_store(ctx, data.store_id)).id
    return price, (await list_stores(ctx))[0].id


async def create_campaign(ctx: Context, data: CampaignIn) -> CampaignOut:
    ctx.require("plugins.manage")
    async with transaction():
        price, store_id = await _check(ctx, data)
        row = await insert(ctx, BargainCampaign, name=data.name, name_en=data.name_en, item_id=data.item_id,
                           store_id=store_id, price_fen=price, floor_fen=data.floor_fen,
                           helpers_needed=data.helpers_needed, stock=data.stock, sold=0, started=0,
                           per_member_limit=data.per_member_limit, duration_hours=data.duration_hours,
                           starts_at=data.starts_at, ends_at=data.ends_at, active=True, created_at=ctx.now())
    return await campaign_out(ctx, row)


async def stop_campaign(ctx: Context, campaign_id: int) -> CampaignOut:
    """停止: no new bargain starts; those under way may still be cut and bought until their deadline."""
    ctx.require("plugins.manage")
    await get(ctx, BargainCampaign, campaign_id, "bargain campaign")
    await update(ctx, BargainCampaign, {BargainCampaign.active: False}).where(BargainCampaign.id == campaign_id)
    return await get_campaign(ctx, campaign_id)


async def campaign_out(ctx: Context, row: dict[str, Any], my_started: int | None = None) -> CampaignOut:
    item = await get_item(ctx, row["item_id"])
    return CampaignOut(
        id=row["id"], name=row["name"], name_en=row["name_en"], item_id=row["item_id"], item_name=item.name,
        store_id=row["store_id"], price_fen=row["price_fen"], floor_fen=row["floor_fen"],
        helpers_needed=row["helpers_needed"], stock=row["stock"], sold=row["sold"],
        left=row["stock"] - row["sold"], started=row["started"], per_member_limit=row["per_member_limit"],
        duration_hours=row["duration_hours"], starts_at=row["starts_at"], ends_at=row["ends_at"],
        state=state_of(row, ctx.now()), my_started=my_started)


async def get_campaign(ctx: Context, campaign_id: int) -> CampaignOut:
    return await campaign_out(ctx, await get(ctx, BargainCampaign, campaign_id, "bargain campaign"))


async def list_campaigns(ctx: Context, state: CampaignState | None = None) -> list[CampaignOut]:
    rows = await select(ctx, BargainCampaign).order_by(BargainCampaign.starts_at, ascending=False)
    out = [await campaign_out(ctx, r) for r in rows]
    return [c for c in out if state is None or c.state == state]


async def member_campaigns(ctx: Context, member_id: int) -> list[CampaignOut]:
    """The member's page: campaigns on now, with how many bargains they started in each."""
    now = ctx.now()
    rows = await select(ctx, BargainCampaign).where(
        (BargainCampaign.active == True) & (BargainCampaign.starts_at <= now)  # noqa: E712
        & (BargainCampaign.ends_at > now)).order_by(BargainCampaign.ends_at)
    counts = {c["campaign_id"]: c["started"] for c in await select(ctx, BargainMemberCount).where(
        BargainMemberCount.member_id == member_id)}
    return [await campaign_out(ctx, r, counts.get(r["id"], 0)) for r in rows]


async def add_sample_campaign(ctx: Context) -> None:
    """The demo store's bargain: a protein bar from ¥15 down to ¥1 in five friends' cuts, for 30 days."""
    from sdk import find_item_by_sku

    if await select(ctx, BargainCampaign, BargainCampaign.id).first() is not None:
        return
    bar = await find_item_by_sku(ctx, "protein-bar")
    now = ctx.now()
    await create_campaign(ctx, CampaignIn(
        name="蛋白棒砍到 1 元", name_en="A protein bar for ¥1", item_id=bar.id, floor_fen=100, helpers_needed=5,
        stock=50, starts_at=now, ends_at=now + dt.timedelta(days=30)))


"""秒杀场次: sessions and their items — checked when saved, changed only before they start,
stopped at any time — and the lists staff and members see, with each session's countdown."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from plugins.flash_sale.errors import InvalidSession, ItemInAnotherSession, SessionStarted
from plugins.flash_sale.schemas import FlashItemOut, FlashSaleSettings, SessionIn, SessionOut, SessionState
from plugins.flash_sale.tables import FlashItem, FlashMemberCount, FlashSession
from sdk import Context, find_store, get_item, list_stores, plugin_settings
from sdk.db import delete, get, insert, select, transaction, update
from sdk.windows import window_refusal, window_state

PLUGIN = "flash_sale"


def state_of(session: dict[str, Any], now: dt.datetime) -> SessionState:
    return window_state(session["starts_at"], session["ends_at"], session["active"], now)


async def _check(ctx: Context, data: SessionIn, session_id: int | None) -> int:
    """The session's rules; returns the store its orders go to."""
    def refuse(zh: str, en: str) -> InvalidSession:
        return InvalidSession(reason_zh=zh, reason=en)

    if why := window_refusal(data.starts_at, data.ends_at, ctx.now()):
        raise refuse(*why)
    item_ids = [i.item_id for i in data.items]
    if len(set(item_ids)) != len(item_ids):
        raise refuse("同一商品在场次中出现两次", "an item appears twice")
    for flash in data.items:
        item = await get_item(ctx, flash.item_id)
        if flash.flash_price_fen >= item.price_fen:
            raise refuse(f"「{item.name}」秒杀价须低于原价", f"'{item.name}': the flash price must be below its price")
    overlapping = await select(ctx, FlashSession).where(
        (FlashSession.active == True) & (FlashSession.starts_at < data.ends_at)  # noqa: E712
        & (FlashSession.ends_at > data.starts_at))
    others = {s["id"]: s for s in overlapping if s["id"] != session_id}
    if others:
        clash = await select(ctx, FlashItem, FlashItem.item_id, FlashItem.session_id).where(
            FlashItem.session_id.is_in(list(others)) & FlashItem.item_id.is_in(item_ids)).first()
        if clash is not None:
            raise ItemInAnotherSession(item_id=clash["item_id"], other=others[clash["session_id"]]["name"])
    if data.store_id is not None:
        return (await find_store(ctx, data.store_id)).id
    return (await list_stores(ctx))[0].id


async def _write_items(ctx: Context, session_id: int, data: SessionIn) -> None:
    for flash in data.items:
        await insert(ctx, FlashItem, session_id=session_id, item_id=flash.item_id,
                     flash_price_fen=flash.flash_price_fen, stock=flash.stock, taken=0, sold=0,
                     per_member_limit=flash.per_member_limit, stock_key=uuid.uuid4().hex)


async def create_session(ctx: Context, data: SessionIn) -> SessionOut:
    ctx.require("plugins.manage")
    async with transaction():
        store_id = await _check(ctx, data, None)
        row = await insert(ctx, FlashSession, name=data.name, name_en=data.name_en, starts_at=data.starts_at,
                           ends_at=data.ends_at, store_id=store_id, active=True, created_at=ctx.now())
        await _write_items(ctx, row["id"], data)
    return await get_session(ctx, row["id"])


async def update_session(ctx: Context, session_id: int, data: SessionIn) -> SessionOut:
    """Replace a session that has not started; one that started can only be stopped."""
    ctx.require("plugins.manage")
    async with transaction():
        current = await get(ctx, FlashSession, session_id, "flash-sale session")
        if current["starts_at"] <= ctx.now() or not current["active"]:
            raise SessionStarted(name=current["name"])
        store_id = await _check(ctx, data, session_id)
        await update(ctx, FlashSession, {
            FlashSession.name: data.name, FlashSession.name_en: data.name_en, FlashSession.starts_at: data.starts_at,
            FlashSession.ends_at: data.ends_at, FlashSession.store_id: store_id,
        }).where(FlashSession.id == session_id)
        old = [r["id"] for r in await select(ctx, FlashItem, FlashItem.id).where(FlashItem.session_id == session_id)]
        if old:  # nothing can be taken before the start: no counts to keep
            await delete(ctx, FlashMemberCount).where(FlashMemberCount.flash_item_id.is_in(old))
            await delete(ctx, FlashItem).where(FlashItem.session_id == session_id)
        await _write_items(ctx, session_id, data)
        from plugins.flash_sale.reservations import forget_session  # reservations imports this module

        await forget_session(ctx, old)  # the session's times changed with it, in every worker once committed
    return await get_session(ctx, session_id)


async def stop_session(ctx: Context, session_id: int) -> SessionOut:
    """停止: nothing more can be taken; units held may still be paid until their hold lapses."""
    ctx.require("plugins.manage")
    from plugins.flash_sale.reservations import forget_session  # reservations imports this module

    await get(ctx, FlashSession, session_id, "flash-sale session")
    await update(ctx, FlashSession, {FlashSession.active: False}).where(FlashSession.id == session_id)
    items = await select(ctx, FlashItem, FlashItem.id).where(FlashItem.session_id == session_id)
    await forget_session(ctx, [i["id"] for i in items])
    return await get_session(ctx, session_id)


def share_link(ctx: Context, conf: FlashSaleSettings, what: str, id_: int) -> str:
    """The public member page of a session (``what="sessions"``) or an item (``"items"``): the link
    members share, its QR code, and what the REST API returns."""
    return f"{conf.share_base_url.rstrip('/')}/m/{ctx.tenant.slug}/p/flash_sale/{what}/{id_}"


async def _items_out(ctx: Context, rows: list[dict[str, Any]], member_id: int | None,
                     conf: FlashSaleSettings) -> list[FlashItemOut]:
    mine: dict[int, int] = {}
    if member_id is not None and rows:
        counts = await select(ctx, FlashMemberCount).where(
            (FlashMemberCount.member_id == member_id) & FlashMemberCount.flash_item_id.is_in([r["id"] for r in rows]))
        mine = {c["flash_item_id"]: c["taken"] for c in counts}
    out = []
    for r in rows:
        item = await get_item(ctx, r["item_id"])
        out.append(FlashItemOut(
            id=r["id"], session_id=r["session_id"], item_id=r["item_id"], name=item.name, price_fen=item.price_fen,
            flash_price_fen=r["flash_price_fen"], stock=r["stock"], taken=r["taken"], sold=r["sold"],
            left=r["stock"] - r["taken"], per_member_limit=r["per_member_limit"],
            my_taken=None if member_id is None else mine.get(r["id"], 0),
            share_link=share_link(ctx, conf, "items", r["id"])))
    return out


async def session_out(ctx: Context, row: dict[str, Any], member_id: int | None = None) -> SessionOut:
    now = ctx.now()
    conf = await plugin_settings(ctx, PLUGIN, FlashSaleSettings)
    items = await select(ctx, FlashItem).where(FlashItem.session_id == row["id"]).order_by(FlashItem.id)
    return SessionOut(
        id=row["id"], name=row["name"], name_en=row["name_en"], starts_at=row["starts_at"], ends_at=row["ends_at"],
        store_id=row["store_id"], state=state_of(row, now),
        seconds_to_start=max(int((row["starts_at"] - now).total_seconds()), 0),
        seconds_to_end=max(int((row["ends_at"] - now).total_seconds()), 0),
        items=await _items_out(ctx, items, member_id, conf), share_link=share_link(ctx, conf, "sessions", row["id"]))


async def get_session(ctx: Context, session_id: int, member_id: int | None = None) -> SessionOut:
    """One session; with ``member_id``, each item says how many that member took."""
    return await session_out(ctx, await get(ctx, FlashSession, session_id, "flash-sale session"), member_id)


async def session_of_item(ctx: Context, flash_item_id: int) -> int:
    """The session a flash-sale item belongs to, or ``NotFound``."""
    return (await get(ctx, FlashItem, flash_item_id, "flash-sale item"))["session_id"]


async def list_sessions(ctx: Context, state: SessionState | None = None) -> list[SessionOut]:
    """Every session, the latest start first (by state if asked)."""
    rows = await select(ctx, FlashSession).order_by(FlashSession.starts_at, ascending=False)
    out = [await session_out(ctx, r) for r in rows]
    return [s for s in out if state is None or s.state == state]


async def member_sessions(ctx: Context, member_id: int | None, upcoming_shown: int) -> list[SessionOut]:
    """The member's page: sessions on now, then the next ones to start, soonest first (a visitor
    who is not signed in, ``member_id=None``, sees no counts of their own)."""
    now = ctx.now()
    rows = await select(ctx, FlashSession).where(
        (FlashSession.active == True) & (FlashSession.ends_at > now)).order_by(FlashSession.starts_at)  # noqa: E712
    live = [r for r in rows if r["starts_at"] <= now]
    upcoming = [r for r in rows if r["starts_at"] > now][:upcoming_shown]
    return [await session_out(ctx, r, member_id) for r in live + upcoming]


async def add_sample_session(ctx: Context) -> None:
    """The demo store's session: tomorrow 12:00–13:00, water at ¥1, 20 bottles, 2 each."""
    from plugins.flash_sale.schemas import FlashItemIn
    from sdk import find_item_by_sku

    if await select(ctx, FlashSession, FlashSession.id).first() is not None:
        return
    water = await find_item_by_sku(ctx, "water")
    noon = dt.datetime.combine(ctx.local_today() + dt.timedelta(days=1), dt.time(12), ctx.tenant.zone)
    await create_session(ctx, SessionIn(
        name="午间秒杀", name_en="Lunchtime flash sale", starts_at=noon, ends_at=noon + dt.timedelta(hours=1),
        items=[FlashItemIn(item_id=water.id, flash_price_fen=100, stock=20, per_member_limit=2)]))

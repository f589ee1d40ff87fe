"""Buying a bargain: an order for the starter at the bargained price, once per bargain, paid
within the settings' minutes; paying takes one unit of the campaign's stock.

Buying is a conditional UPDATE (open → ordered, only at the number of cuts the member saw and
before the deadline), so two buys at once open one order and a cut racing a buy either lands
before the price is fixed or is refused. Paying takes the stock with a guarded UPDATE inside the
payment's transaction: the last unit goes to the first payment, the next payment is refused and
takes no money. Unpaid orders lapse (the sweep cancels them); open bargains past their deadline
expire. The deadline also counts on read, so nothing waits on the job to be refused.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from plugins.bargain.bargains import bargain_out, closed, current_price, own, settings, status_of
from plugins.bargain.errors import BelowFloor, NotAtFloor, PriceChanged, SoldOut
from plugins.bargain.schemas import BargainOut, BuyIn
from plugins.bargain.tables import Bargain, BargainCampaign
from sdk import Adjustment, Context, Order, cancel_order, open_order, reprice_order, yuan_text
from sdk.db import get, select, transaction, update

PLUGIN = "bargain"


async def buy(ctx: Context, bargain_id: int, member_id: int, data: BuyIn) -> BargainOut:
    """购买: open the order at the price now (or only at the floor, by the setting)."""
    row = await own(ctx, bargain_id, member_id)
    rules = await settings(ctx)
    status = status_of(row, ctx.now())
    price = current_price(row)
    if data.price_fen is not None and data.price_fen < row["floor_fen"]:
        raise BelowFloor(floor=yuan_text(row["floor_fen"]))
    if status != "open":
        raise closed(status)
    if data.price_fen is not None and data.price_fen != price:
        raise PriceChanged(current=yuan_text(price))
    if rules.buy_mode == "floor_only" and row["cuts_done"] < row["helpers_needed"]:
        raise NotAtFloor(left=row["helpers_needed"] - row["cuts_done"])
    campaign = await get(ctx, BargainCampaign, row["campaign_id"], "bargain campaign")
    if campaign["sold"] >= campaign["stock"]:
        raise SoldOut()
    now = ctx.now()
    async with transaction():
        won = await update(ctx, Bargain, {
            Bargain.status: "ordered", Bargain.bought_price_fen: price,
            Bargain.pay_by: now + dt.timedelta(minutes=rules.pay_minutes),
        }).where((Bargain.id == bargain_id) & (Bargain.status == "open") & (Bargain.expires_at > now)
                 & (Bargain.cuts_done == row["cuts_done"])).returning(Bargain.id)
        if not won:
            raise await _why_not(ctx, bargain_id, price)
        order = await open_order(ctx, store_id=row["store_id"], member_id=member_id, lines=[(row["item_id"], 1)],
                                 channel="online", note=f"砍价 {campaign['name']}", origin=PLUGIN)
        await update(ctx, Bargain, {Bargain.order_id: order.id}).where(Bargain.id == bargain_id)
        await reprice_order(ctx, order.id)  # the order now finds its bargain: the bargained price
    return await bargain_out(ctx, await get(ctx, Bargain, bargain_id, "bargain"))


async def _why_not(ctx: Context, bargain_id: int, price: int) -> Exception:
    row = await get(ctx, Bargain, bargain_id, "bargain")
    status = status_of(row, ctx.now())
    return closed(status) if status != "open" else PriceChanged(current=yuan_text(current_price(row)))


async def _bargain_of(ctx: Context, order: Order) -> dict[str, Any] | None:
    """The bargain an order buys (its hooks are ``@own_orders``: only this plugin's orders come here)."""
    return await select(ctx, Bargain).where(Bargain.order_id == order.id).first()


async def adjustments(ctx: Context, order: Order) -> list[Adjustment]:
    """``order_priced``: the bargain's one unit at its bargained price."""
    row = await _bargain_of(ctx, order)
    if row is None or row["status"] not in ("ordered", "bought") or row["bought_price_fen"] is None:
        return []
    for line in order.lines:
        if line.item_id == row["item_id"]:
            off = line.unit_price_fen - row["bought_price_fen"]
            if off <= 0:
                return []
            return [Adjustment(source=PLUGIN, amount_fen=off, reason="砍价", reason_en="Bargain price",
                               line_id=line.id, reference=str(row["id"]))]
    return []


async def check_payable(ctx: Context, order: Order) -> None:
    """``order_validated``: an order whose bargain lapsed (unpaid in time) is not paid."""
    row = await _bargain_of(ctx, order)
    if row is None or row["status"] == "bought":
        return
    status = status_of(row, ctx.now())
    if status != "ordered":
        raise closed(status)


async def paid(ctx: Context, order: Order) -> None:
    """``order_paid``: the bargain is bought, once, and takes one unit of the campaign's stock."""
    row = await _bargain_of(ctx, order)
    if row is None:
        return
    now = ctx.now()
    if not await update(ctx, Bargain, {Bargain.status: "bought", Bargain.bought_at: now}).where(
            (Bargain.id == row["id"]) & (Bargain.status == "ordered") & (Bargain.pay_by > now)).returning(Bargain.id):
        raise closed("lapsed" if row["status"] == "ordered" else row["status"])
    if not await update(ctx, BargainCampaign, {BargainCampaign.sold: BargainCampaign.sold + 1}).where(
            (BargainCampaign.id == row["campaign_id"]) & (BargainCampaign.sold < BargainCampaign.stock)
    ).returning(BargainCampaign.id):
        raise SoldOut()  # the payment's transaction rolls back: no money taken


async def sweep(ctx: Context) -> int:
    """The job: open bargains past their deadline expire; unpaid orders past ``pay_by`` lapse and
    are cancelled. Each change is guarded, so a payment or a cut at the same moment wins or loses whole."""
    now = ctx.now()
    changed = 0
    async with transaction():
        changed += len(await update(ctx, Bargain, {Bargain.status: "expired", Bargain.closed_at: now}).where(
            (Bargain.status == "open") & (Bargain.expires_at <= now)).returning(Bargain.id))
    due = await select(ctx, Bargain).where((Bargain.status == "ordered") & (Bargain.pay_by <= now))
    for row in due:
        async with transaction():
            if await update(ctx, Bargain, {Bargain.status: "lapsed", Bargain.closed_at: now}).where(
                    (Bargain.id == row["id"]) & (Bargain.status == "ordered") & (Bargain.pay_by <= now)
            ).returning(Bargain.id):
                changed += 1
                if row["order_id"] is not None:
                    await cancel_order(ctx, row["order_id"])
    return changed

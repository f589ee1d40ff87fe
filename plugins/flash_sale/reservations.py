"""Taking a unit (抢购), holding it for payment, and letting it go.

A take reserves the stock (Redis first when configured, the database's guarded counters always),
records a reservation and opens an order at the flash price for the member to pay. Paying the
order turns the hold into a sale with one guarded UPDATE; a hold that lapsed (or the member
cancelled) cannot be paid, whichever comes first — the payment or the release job — wins, and
the other changes nothing. Released units go back to stock; Redis is given back only after the
database committed, so a failure in between can leave a unit unsold but never sell one twice.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from plugins.flash_sale.errors import NotOnSale, ReservationClosed
from plugins.flash_sale.schemas import FlashSaleSettings, ReservationOut
from plugins.flash_sale.sessions import PLUGIN, state_of
from plugins.flash_sale.stock import record_give_back, record_take, stock_path
from plugins.flash_sale.tables import FlashItem, FlashReservation, FlashSession
from sdk import (
    Adjustment,
    Context,
    NotFound,
    Order,
    cancel_order,
    forget,
    open_order,
    plugin_settings,
    reprice_order,
    run_once,
    ttl_cache,
)
from sdk.db import count, get, insert, select, transaction, update

STATES = {"upcoming": ("还未开始", "has not started"), "ended": ("已结束", "has ended"),
          "stopped": ("已停止", "was stopped")}
CLOSED = {"released": ("已超时释放", "released (not paid in time)"), "cancelled": ("已取消", "cancelled"),
          "paid": ("已付款", "paid")}


# (tenant, flash item) → (item row, session row): what every take reads, kept a second so a crowd
# refused by Redis never reaches the database. Stock and limits cannot change once a session has
# started; a session stopped is forgotten at once here, and in other workers at once with Redis
# (core/invalidations.py), within the second without it.
_live = ttl_cache("flash_sale:live", maxsize=4096, seconds=1)


async def item_and_session(ctx: Context, flash_item_id: int) -> tuple[dict[str, Any], dict[str, Any]]:
    key = (ctx.tenant_id, flash_item_id)
    kept = _live.get(key)
    if kept is None:
        item = await get(ctx, FlashItem, flash_item_id, "flash-sale item")
        kept = _live[key] = (item, await get(ctx, FlashSession, item["session_id"], "flash-sale session"))
    return kept


async def forget_session(ctx: Context, item_ids: list[int]) -> None:
    await forget(_live, *((ctx.tenant_id, item_id) for item_id in item_ids))


def reservation_out(row: dict[str, Any], now: dt.datetime) -> ReservationOut:
    left = max(int((row["expires_at"] - now).total_seconds()), 0) if row["status"] == "held" else 0
    return ReservationOut(**{f: row[f] for f in ReservationOut.__struct_fields__ if f in row}, seconds_left=left)


async def take(ctx: Context, flash_item_id: int, member_id: int, quantity: int,
               take_key: str | None = None) -> ReservationOut:
    """抢购: hold ``quantity`` units for the member, with an order to pay before the hold lapses.

    With a ``take_key`` (a member page form's one-time key) it takes once: the same key again — a
    double tap, a replayed form, even one arriving while the first still runs — answers with the
    first take's reservation and takes nothing. A refused take keeps no key: trying again may win
    a unit released meanwhile.
    """
    if take_key is None:
        return reservation_out(await _take(ctx, flash_item_id, member_id, quantity), ctx.now())

    async def once() -> int:
        return (await _take(ctx, flash_item_id, member_id, quantity))["id"]

    reservation_id = await run_once(ctx, f"{PLUGIN}.take:{member_id}:{take_key}", f"{PLUGIN}.take:{flash_item_id}",
                                    once, int)
    return await my_reservation(ctx, reservation_id, member_id)


async def _take(ctx: Context, flash_item_id: int, member_id: int, quantity: int) -> dict[str, Any]:
    item, session = await item_and_session(ctx, flash_item_id)
    state = state_of(session, ctx.now())
    if state != "live":
        zh, en = STATES[state]
        raise NotOnSale(name=session["name"], state_zh=zh, state=en)
    path = stock_path()
    await path.reserve(ctx, item, member_id, quantity, session["ends_at"])
    try:
        return await _hold(ctx, item, session, member_id, quantity)
    except BaseException:
        await path.unreserve(item, member_id, quantity)
        raise


async def _hold(ctx: Context, item: dict[str, Any], session: dict[str, Any], member_id: int,
                quantity: int) -> dict[str, Any]:
    conf = await plugin_settings(ctx, PLUGIN, FlashSaleSettings)
    now = ctx.now()
    async with transaction():
        await record_take(ctx, item, member_id, quantity)
        row = await insert(ctx, FlashReservation, session_id=session["id"], flash_item_id=item["id"],
                           item_id=item["item_id"], member_id=member_id, quantity=quantity,
                           flash_price_fen=item["flash_price_fen"], status="held", created_at=now,
                           expires_at=now + dt.timedelta(minutes=conf.hold_minutes))
        order = await open_order(ctx, store_id=session["store_id"], member_id=member_id,
                                 lines=[(item["item_id"], quantity)], channel="online", note=f"秒杀 {session['name']}",
                                 origin=PLUGIN)
        await update(ctx, FlashReservation, {FlashReservation.order_id: order.id}).where(
            FlashReservation.id == row["id"])
        await reprice_order(ctx, order.id)  # the order now finds its reservation: the flash price
    return {**row, "order_id": order.id}


async def _reservation_of(ctx: Context, order: Order) -> dict[str, Any] | None:
    """The hold an order pays for (its hooks are ``@own_orders``: only this plugin's orders come here)."""
    return await select(ctx, FlashReservation).where(FlashReservation.order_id == order.id).first()


async def adjustments(ctx: Context, order: Order) -> list[Adjustment]:
    """``order_priced``: the held (or paid) units at their flash price."""
    row = await _reservation_of(ctx, order)
    if row is None or row["status"] not in ("held", "paid"):
        return []
    out, left = [], row["quantity"]
    for line in order.lines:
        if line.item_id == row["item_id"] and left > 0:
            units = min(line.quantity, left)
            left -= units
            off = (line.unit_price_fen - row["flash_price_fen"]) * units
            if off > 0:
                out.append(Adjustment(source=PLUGIN, amount_fen=off, reason="秒杀价", reason_en="Flash-sale price",
                                      line_id=line.id, reference=str(row["id"])))
    return out


def _refuse(row: dict[str, Any]) -> ReservationClosed:
    zh, en = CLOSED.get(row["status"], CLOSED["released"])
    return ReservationClosed(state_zh=zh, state=en)


async def check_payable(ctx: Context, order: Order) -> None:
    """``order_validated``: an order whose hold was released or cancelled, or has lapsed, is not paid."""
    row = await _reservation_of(ctx, order)
    if row is None or row["status"] == "paid":
        return
    if row["status"] != "held" or row["expires_at"] <= ctx.now():
        raise _refuse({**row, "status": "released" if row["status"] == "held" else row["status"]})


async def paid(ctx: Context, order: Order) -> None:
    """``order_paid``: the hold becomes a sale, once, unless it lapsed first."""
    row = await _reservation_of(ctx, order)
    if row is None:
        return
    won = await update(ctx, FlashReservation, {FlashReservation.status: "paid", FlashReservation.paid_at: ctx.now()}).where(
        (FlashReservation.id == row["id"]) & (FlashReservation.status == "held")
        & (FlashReservation.expires_at > ctx.now())).returning(FlashReservation.id)
    if not won:
        raise _refuse({**row, "status": "released" if row["status"] == "held" else row["status"]})
    await update(ctx, FlashItem, {FlashItem.sold: FlashItem.sold + row["quantity"]}).where(
        FlashItem.id == row["flash_item_id"])


async def _close(ctx: Context, row: dict[str, Any], status: str, guard: Any) -> bool:
    """Close a held reservation (guarded: the payment may have won), give its units back to the
    database's counters and cancel its order; the caller gives Redis back after the commit."""
    closed = await update(ctx, FlashReservation, {FlashReservation.status: status, FlashReservation.closed_at: ctx.now()}
                          ).where((FlashReservation.id == row["id"]) & (FlashReservation.status == "held") & guard
                                  ).returning(FlashReservation.id)
    if not closed:
        return False
    await record_give_back(ctx, row["flash_item_id"], row["member_id"], row["quantity"])
    if row["order_id"] is not None:
        await cancel_order(ctx, row["order_id"])
    return True


async def cancel(ctx: Context, reservation_id: int, member_id: int) -> ReservationOut:
    """The member lets their held units go before paying."""
    row = await get(ctx, FlashReservation, reservation_id, "flash-sale reservation")
    if row["member_id"] != member_id:
        raise NotFound(resource="flash-sale reservation", id=reservation_id)
    async with transaction():
        done = await _close(ctx, row, "cancelled", FlashReservation.id == reservation_id)
    if not done:
        raise _refuse(await get(ctx, FlashReservation, reservation_id, "flash-sale reservation"))
    await _give_back_redis(ctx, [row])
    return reservation_out(await get(ctx, FlashReservation, reservation_id, "flash-sale reservation"), ctx.now())


async def release_expired(ctx: Context) -> int:
    """The job: holds past their time go back to stock and their orders are cancelled."""
    now = ctx.now()
    due = await select(ctx, FlashReservation).where(
        (FlashReservation.status == "held") & (FlashReservation.expires_at <= now))
    released = []
    for row in due:
        async with transaction():
            if await _close(ctx, row, "released", FlashReservation.expires_at <= now):
                released.append(row)
    await _give_back_redis(ctx, released)
    return len(released)


async def _give_back_redis(ctx: Context, rows: list[dict[str, Any]]) -> None:
    path = stock_path()
    for row in rows:
        item = await get(ctx, FlashItem, row["flash_item_id"], "flash-sale item")
        await path.unreserve(item, row["member_id"], row["quantity"])


async def member_reservations(ctx: Context, member_id: int) -> list[ReservationOut]:
    rows = await select(ctx, FlashReservation).where(FlashReservation.member_id == member_id).order_by(
        FlashReservation.id, ascending=False).limit(50)
    return [reservation_out(r, ctx.now()) for r in rows]


async def my_reservation(ctx: Context, reservation_id: int, member_id: int) -> ReservationOut:
    """One of the member's reservations; another member's reads as not found."""
    row = await get(ctx, FlashReservation, reservation_id, "flash-sale reservation")
    if row["member_id"] != member_id:
        raise NotFound(resource="flash-sale reservation", id=reservation_id)
    return reservation_out(row, ctx.now())


async def held_count(ctx: Context, member_id: int) -> int:
    """How many of the member's holds wait for their payment (the member page's tile)."""
    return await count(ctx, FlashReservation).where(
        (FlashReservation.member_id == member_id) & (FlashReservation.status == "held")
        & (FlashReservation.expires_at > ctx.now()))


async def session_reservations(ctx: Context, session_id: int) -> list[ReservationOut]:
    await get(ctx, FlashSession, session_id, "flash-sale session")
    rows = await select(ctx, FlashReservation).where(FlashReservation.session_id == session_id).order_by(
        FlashReservation.id, ascending=False)
    return [reservation_out(r, ctx.now()) for r in rows]

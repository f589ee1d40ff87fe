"""Services a plugin may call besides the ledger: its own settings, and finding members.

All take the Context first and see only its tenant's data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar, overload

import msgspec

from core import scoped
from core.context import Context
from core.errors import InvalidPhone
from core.extensions.plugin import Plugin
from core.extensions.service import plugin_settings as _plugin_settings
from core.members import tables as _member_tables
from core.members.phones import normalise_phone
from core.members.schemas import Member
from core.members.service import load_member
from core.orders.schemas import Order

S = TypeVar("S", bound=msgspec.Struct)
R = TypeVar("R")


@overload
async def plugin_settings(ctx: Context, plugin: Plugin | str) -> Any: ...
@overload
async def plugin_settings(ctx: Context, plugin: Plugin | str, settings_type: type[S]) -> S: ...


async def plugin_settings(ctx: Context, plugin: Plugin | str, settings_type: type[S] | None = None) -> Any:
    """The plugin's settings for ``ctx.tenant``: its settings Struct, at its defaults until the
    merchant changes them. Pass ``settings_type`` to get it typed::

        settings = await plugin_settings(ctx, plugin, VisitSettings)

    Settings are validated when the merchant saves them; a tenant whose stored settings no
    longer validate (after an upgrade changed the Struct) has the plugin switched off, so its
    hooks and routes never see invalid settings.
    """
    name = plugin if isinstance(plugin, str) else plugin.name
    settings = await _plugin_settings(ctx, name)
    if settings_type is not None and not isinstance(settings, settings_type):
        raise TypeError(f"settings of {name} are {type(settings).__name__}, not {settings_type.__name__}")
    return settings


async def find_member(ctx: Context, member_id: int) -> Member:
    """The member with this id, phone unmasked; ``NotFound`` for a deleted member or another tenant's."""
    return await load_member(ctx, member_id)


async def find_member_by_phone(ctx: Context, phone: str) -> Member | None:
    """The living member with this mobile number (any common format), or None.

    A string that is not a mobile number finds nobody rather than raising.
    """
    try:
        e164 = normalise_phone(phone)
    except InvalidPhone:
        return None
    table = _member_tables.Member
    row = await scoped.select(ctx, table, table.id).where(
        (table.phone == e164) & table.deleted_at.is_null()
    ).first()
    return None if row is None else await load_member(ctx, row["id"])


async def search_members(
    ctx: Context, *, phone: str | None = None, name: str | None = None, tag: str | None = None,
    level: str | None = None, cursor: str | None = None, limit: int = 50,
) -> Any:
    """Living members newest first, filtered like the console's list (phone whole or fragment, name,
    tag, level code); a page with ``items`` and ``next_cursor``. Needs ``members.read``."""
    from core.members.service import search_members as _search

    return await _search(ctx, phone=phone, name=name, tag=tag, level=level, cursor=cursor, limit=limit)


async def birthday_member_ids(ctx: Context, day: dt.date) -> list[int]:
    """Ids of the living members whose birthday is ``day`` (29 Feb counts on 28 Feb in other years).

    For a daily job (生日礼); checks no permission.
    """
    from core.members.service import birthday_member_ids as _birthdays

    return await _birthdays(ctx, day)


async def set_member_level(ctx: Context, member_id: int, level_code: str | None) -> Member:
    """Record a member's level (会员等级) on the member, where lists and filters read it.

    For the levels plugin, inside its own event's transaction; checks no permission.
    """
    from core.members.service import set_level

    return await set_level(ctx, member_id, level_code)


async def set_member_referrer(ctx: Context, member_id: int, referrer_member_id: int) -> bool:
    """Record who brought a member (推荐人) if nobody is recorded yet: first touch, never replaced.

    For a referral plugin, in its binding's transaction; checks no permission. Returns True when
    recorded, False when the member already had a referrer (or is the referrer themself).
    """
    if member_id == referrer_member_id:
        return False
    await load_member(ctx, referrer_member_id)
    table = _member_tables.Member
    rows = await scoped.update(ctx, table, {table.referrer_member_id: referrer_member_id}).where(
        (table.id == member_id) & table.deleted_at.is_null() & table.referrer_member_id.is_null()
    ).returning(table.id)
    return bool(rows)


async def find_store(ctx: Context, store_id: int) -> Any:
    """A store (门店) of the context's tenant (``id``, ``code``, ``name``...), or ``NotFound``; checks no permission."""
    from core.tenancy.service import get_store

    return await get_store(ctx, store_id)


async def find_staff(ctx: Context, staff_id: int) -> Any:
    """A staff account of the context's tenant (``id``, ``name``, ``role``...), or ``NotFound``. Needs ``staff.read``."""
    from core.tenancy.service import get_staff

    return await get_staff(ctx, staff_id)


async def set_missing_member_levels(ctx: Context, level_code: str) -> int:
    """Put every living member who has no level (会员等级) on ``level_code``; returns how many.

    For the levels plugin when it is enabled for a tenant that already has members; checks no
    permission.
    """
    from core.members.service import set_missing_levels

    return await set_missing_levels(ctx, level_code)


async def load_order(ctx: Context, order_id: int) -> Order:
    """An order of the context's tenant with its lines, adjustments, tenders and refunds, or ``NotFound``."""
    from core.orders.service import load_order as _load_order

    return await _load_order(ctx, order_id)


async def reprice_order(ctx: Context, order_id: int) -> Order:
    """Price an open order again through the enabled plugins, after your plugin changed what it applies.

    A coupon plugin calls it when a coupon is attached to or taken off an order. Staff need
    ``orders.write`` and refuse an order of another store; a signed-in member may reprice only
    their own order (another is ``NotFound``). Refuses an order that is held, paid or cancelled
    (``OrderNotEditable``). Runs in the caller's transaction or its own.
    """
    from core import db
    from core.errors import NotFound
    from core.orders.pricing import price_order
    from core.orders.service import check_editable, check_store
    from core.orders.service import load_order as _load_order

    member = ctx.actor.kind == "member"
    if not member:
        ctx.require("orders.write")
    async with db.transaction():
        order = await _load_order(ctx, order_id)
        if member and order.member_id != ctx.actor.id:
            raise NotFound(resource="order", id=order_id)
        if not member:
            check_store(ctx, order)
        check_editable(order)
        return await price_order(ctx, order)


def _till(ctx: Context, member_id: int | None, permission: str) -> Context:
    """Staff keep their own permissions; a signed-in member acts as their own till, for themselves only."""
    import dataclasses

    from core.errors import NotFound

    if ctx.actor.kind != "member":
        ctx.require(permission)
        return ctx
    if member_id is None or member_id != ctx.actor.id:
        raise NotFound(resource="member", id=member_id)
    actor = dataclasses.replace(ctx.actor, permissions=ctx.actor.permissions | {permission})
    return dataclasses.replace(ctx, actor=actor)


async def open_order(ctx: Context, *, store_id: int, member_id: int | None, lines: list[tuple[int, int]],
                     channel: str = "in_store", note: str = "", origin: str = "") -> Order:
    """开单: an open order of ``lines`` (``(item_id, quantity)`` pairs), priced through the enabled plugins.

    For a plugin that sells through the kernel's orders (积分商城, 秒杀), so the sale appears in
    statements and reports like any other. Staff need ``orders.write`` (a till of another store
    is refused); a signed-in member may open an order only for themselves. Runs in the caller's
    transaction or its own.

    ``origin``: the plugin that opens the order names itself (its ``plugin.name``), kept as the
    order's ``origin``; its hooks marked ``@own_orders`` are then called for this order, and
    passed over for every other (a till's or the REST API's have origin ``""``).
    """
    from core.orders import schemas as s
    from core.orders.service import create_order

    data = s.OrderCreate(lines=[s.LineIn(item_id=i, quantity=q) for i, q in lines], member_id=member_id,
                         store_id=store_id, channel=channel, note=note)  # type: ignore[arg-type]
    return await create_order(_till(ctx, member_id, "orders.write"), data, origin=origin)


async def mark_order(ctx: Context, order: Order, plugin: Plugin | str) -> None:
    """Note on an order that ``plugin`` put something on it (a coupon attached), in the caller's
    transaction: the plugin's hooks marked ``@own_orders`` are called for it from now on, as for
    the orders it opened. Marking twice is marking once; ``order.marked_by`` is updated too."""
    from core.orders.statements import mark

    name = plugin.name if isinstance(plugin, Plugin) else plugin
    if name not in order.marked_by:
        await mark(ctx, order.id, name)
        order.marked_by.append(name)


async def pay_order(ctx: Context, order_id: int, tenders: list[Any]) -> Order:
    """收款: pay an open order with ``tenders`` (``TenderIn``; they must add up to its total).

    Posts one entry and runs ``order_paid``; a refused tender refuses the whole payment. Staff
    need ``orders.write``; a signed-in member may pay only their own order (another is
    ``NotFound``) and only from their own balances — stored value, points, a plugin's tender —,
    never ``cash`` or ``external`` (``InvalidInput``): those are money a till took in. Runs in
    the caller's transaction or its own.
    """
    from core.member_auth import me
    from core.orders import schemas as s
    from core.orders.payment import pay_order as _pay

    if ctx.actor.kind == "member":
        return await me.pay(ctx, order_id, tenders)
    order = await load_order(ctx, order_id)
    return await _pay(_till(ctx, order.member_id, "orders.write"), order_id, s.PayRequest(tenders=tenders))


async def refund_order(ctx: Context, order_id: int, *, reason: str = "") -> Order:
    """退款: refund all that is left of a paid order, through its tenders, ``tender_refund`` and
    ``order_refunded``, as the kernel's refund does. Needs ``orders.refund``."""
    from core.orders import schemas as s
    from core.orders.refunds import refund_order as _refund

    order = await load_order(ctx, order_id)
    left = max(order.paid_fen - order.refunded_fen, 1)  # nothing left: the kernel refuses with its own reason
    return await _refund(ctx, order_id, s.RefundRequest(amount_fen=left, reason=reason))


async def cancel_order(ctx: Context, order_id: int) -> Order:
    """Cancel an open or held order (an unpaid flash-sale hold lapsed, say); a paid one is refused
    (``OrderNotEditable``). Staff need ``orders.write``; a signed-in member may cancel only their
    own order (another is ``NotFound``)."""
    from core.errors import NotFound
    from core.orders.service import cancel_order as _cancel

    order = await load_order(ctx, order_id)
    if ctx.actor.kind == "member" and order.member_id != ctx.actor.id:
        raise NotFound(resource="order", id=order_id)
    return await _cancel(_till(ctx, order.member_id, "orders.write"), order_id)


async def list_stores(ctx: Context) -> list[Any]:
    """Every store of the tenant, oldest first (the first is the one it was created with, 总店)."""
    from core.tenancy.service import list_stores as _list_stores

    return await _list_stores(ctx)


async def run_once(ctx: Context, key: str, request: str, work: Callable[[], Awaitable[R]], result_type: type[R]) -> R:
    """Run ``work`` once per ``key``: the kernel's Idempotency-Key service, for a key a plugin holds
    itself (a member page form's one-time key, ``sdk.member_pages.once_key``).

    ``work`` runs in a transaction that also records its result (encodable by msgspec); a second
    call with the same key — a double tap, a replayed form, even one arriving while the first
    still runs — waits for the first and returns that result, decoded as ``result_type``, running
    nothing. If ``work`` raises, nothing is recorded and the next call runs afresh. ``request``
    names what the key is for (``"flash_sale.take:42"``): the same key for another request is
    ``IdempotencyConflict`` (409). Keys share the tenant's namespace with the REST API's, so start
    them with your plugin's name. Call it outside any transaction: the key's claim commits first,
    so that other workers see it.
    """
    from core.idempotency.service import request_hash
    from core.idempotency.service import run_once as _run_once

    stored = await _run_once(ctx, key, request_hash("RUN_ONCE", request, b""), 200, work)
    return msgspec.json.decode(stored.body, type=result_type)


__all__ = ["birthday_member_ids", "cancel_order", "mark_order", "find_member", "find_member_by_phone", "find_staff", "find_store",
           "list_stores", "load_order", "open_order", "pay_order", "plugin_settings", "refund_order", "reprice_order", "run_once",
           "search_members", "set_member_level", "set_member_referrer", "set_missing_member_levels"]

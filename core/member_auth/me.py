"""The signed-in member's own data (我的): profile, balances, statements, orders, member code.

Every function reads ``ctx.actor.id`` and nothing else: a member can only ever reach their own
rows. Where a kernel service checks a staff permission, the member is given exactly that one,
for their own id, through ``_acting_on_self``.
"""

from __future__ import annotations

import dataclasses

import msgspec

from core.context import Context
from core.errors import Forbidden, InvalidInput, NotFound
from core.http.pagination import DEFAULT_LIMIT, Page, check_limit, decode_cursor, page_after
from core.ledger import accounts
from core.ledger import service as ledger
from core.ledger.schemas import BalanceOut, StatementLine
from core.member_auth import schemas as s
from core.member_auth.errors import BirthdayAlreadySet
from core.member_auth.service import _me
from core.members import member_code
from core.members import schemas as ms
from core.members import service as members
from core.members.schemas import MemberCodeOut
from core.orders import payment
from core.orders import schemas as os_
from core.orders import service as orders

TILL_TENDERS = ("cash", "external")  # money a till or terminal took in: only staff can say it was


def member_id_of(ctx: Context) -> int:
    if ctx.actor.kind != "member" or ctx.actor.id is None:
        raise Forbidden(permission="member")
    return ctx.actor.id


def _acting_on_self(ctx: Context, *permissions: str) -> Context:
    return dataclasses.replace(ctx, actor=dataclasses.replace(ctx.actor, permissions=frozenset(permissions)))


async def profile(ctx: Context) -> s.Me:
    return _me(await members.load_member(ctx, member_id_of(ctx)))


async def update_profile(ctx: Context, data: s.MeUpdate) -> s.Me:
    """A member edits their name, gender and birthday (phone changes go through staff).

    The birthday is set once (生日只能设置一次): birthday coupons and prices follow it, so a member
    who could move it would collect them again. Sending the same date again changes nothing.
    """
    member_id = member_id_of(ctx)
    if data.birthday is not msgspec.UNSET:
        held = (await members.load_member(ctx, member_id)).birthday
        if held is not None and data.birthday != held:
            raise BirthdayAlreadySet()
    change = ms.MemberUpdate(name=data.name, gender=data.gender, birthday=data.birthday)
    await members.update_member(_acting_on_self(ctx, "members.write"), member_id, change)
    return await profile(ctx)


async def balances(ctx: Context) -> list[BalanceOut]:
    return await ledger.balances(ctx, "member", member_id_of(ctx))


async def statement(ctx: Context, purpose: str, cursor: str | None, limit: int) -> Page[StatementLine]:
    check_limit(limit)
    lines = await ledger.statement(ctx, accounts.member(member_id_of(ctx), purpose), before_id=decode_cursor(cursor),
                                   limit=limit + 1)
    return page_after(lines, limit, lambda line: line.entry_id)


async def order_history(ctx: Context, cursor: str | None, limit: int = DEFAULT_LIMIT) -> Page[os_.Order]:
    return await orders.list_orders(_acting_on_self(ctx, "orders.read"), orders.OrderFilter(member_id=member_id_of(ctx)),
                                    cursor=cursor, limit=limit)


async def order(ctx: Context, order_id: int) -> os_.Order:
    """One of my orders (小票); another member's reads as not found."""
    found = await orders.load_order(_acting_on_self(ctx, "orders.read"), order_id)
    if found.member_id != member_id_of(ctx):
        raise NotFound(resource="order", id=order_id)
    return found


async def pay(ctx: Context, order_id: int, tenders: list[os_.TenderIn] | None = None) -> os_.Order:
    """付款: a member pays one of their own open orders (a flash-sale hold, a bargain, an exchange)
    from what they hold: stored value by default, or the tenders named (points, a plugin's), never
    cash or an outside payment, which only a till can vouch for. Another member's order reads as
    not found; an order already paid is ``OrderNotPayable``, so a replay pays nothing twice."""
    found = await order(ctx, order_id)
    tenders = tenders or [os_.TenderIn(kind="stored_value", amount_fen=found.total_fen)]
    if any(t.kind in TILL_TENDERS for t in tenders):
        raise InvalidInput(field="tenders", zh="会员在手机上只能用储值、积分等自己的余额付款",
                           en="A member pays in the app with their own balances (stored value, points) only")
    return await payment.pay_order(_acting_on_self(ctx, "orders.write"), order_id, os_.PayRequest(tenders=tenders))


async def code(ctx: Context) -> MemberCodeOut:
    return await member_code.issue_member_code(ctx, member_id_of(ctx))

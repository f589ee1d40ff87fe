"""Members (会员) as a plugin sees them: load one, find one by phone or scanned code, list them,
count a visit, and record what a plugin owns on the member (level, referrer, its mark).

All take the Context first and see only its tenant's members.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from core import scoped
from core.context import Context
from core.errors import InvalidPhone
from core.extensions.plugin import Plugin
from core.http.pagination import Page
from core.members import service as _members
from core.members import tables as _member_tables
from core.members.batch import BatchChoice, BatchField, MemberBatchAction
from core.members.phones import normalise_phone
from core.members.schemas import Member


async def load_member(ctx: Context, member_id: int) -> Member:
    """A living member of the context's tenant (phone unmasked), or ``NotFound`` for a deleted member
    or another tenant's. Checks no permission: the plugin decides who may see what it shows."""
    return await _members.load_member(ctx, member_id)


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
    return None if row is None else await _members.load_member(ctx, row["id"])


async def resolve_member_code(ctx: Context, code: str) -> Member:
    """扫码识别会员: the member a scanned member code stands for (genuine, this tenant's, fresh).

    Needs the ``members.code`` permission; a bad or stale code is a 422 problem.
    """
    from core.members.member_code import resolve_member_code as _resolve

    return await _resolve(ctx, code)


async def search_members(
    ctx: Context, *, phone: str | None = None, name: str | None = None, tag: str | None = None,
    level: str | None = None, cursor: str | None = None, limit: int = 50,
) -> Page[Member]:
    """Living members newest first, filtered like the console's list (phone whole or fragment, name,
    tag, level code); a page with ``items`` and ``next_cursor``. Needs ``members.read``."""
    return await _members.search_members(ctx, phone=phone, name=name, tag=tag, level=level, cursor=cursor, limit=limit)


async def member_names(ctx: Context, member_ids: list[int]) -> dict[int, str]:
    """``{id: name}`` of the living members among ``member_ids`` (another tenant's or a deleted member's
    id is left out), read at once: a list names its members rather than showing their ids. Checks no
    permission: the page showing them checks its own."""
    return await _members.member_names(ctx, member_ids)


async def birthday_member_ids(ctx: Context, day: dt.date) -> list[int]:
    """Ids of the living members whose birthday is ``day`` (29 Feb counts on 28 Feb in other years).

    For a daily job (生日礼); checks no permission.
    """
    return await _members.birthday_member_ids(ctx, day)


async def record_visit(ctx: Context, member_id: int, store_id: int | None = None,
                       method: Literal["desk", "code"] = "desk") -> Member:
    """到店: count a member's visit and fire ``member_checked_in`` in the caller's transaction.

    ``method`` is ``"desk"`` or ``"code"`` (a scanned member code). Needs ``members.write``.
    """
    from core.members.counters import record_visit as _record_visit

    return await _record_visit(ctx, member_id, store_id, method)


async def set_member_level(ctx: Context, member_id: int, level_code: str | None) -> Member:
    """Record a member's level (会员等级) on the member, where lists and filters read it.

    For the levels plugin, inside its own event's transaction; checks no permission.
    """
    return await _members.set_level(ctx, member_id, level_code)


async def set_missing_member_levels(ctx: Context, level_code: str) -> int:
    """Put every living member who has no level (会员等级) on ``level_code``; returns how many.

    For the levels plugin when it is enabled for a tenant that already has members; checks no
    permission.
    """
    return await _members.set_missing_levels(ctx, level_code)


async def set_member_referrer(ctx: Context, member_id: int, referrer_member_id: int) -> bool:
    """Record who brought a member (推荐人) if nobody is recorded yet: first touch, never replaced.

    For a referral plugin, in its binding's transaction; checks no permission. Returns True when
    recorded, False when the member already had a referrer (or is the referrer themself).
    """
    if member_id == referrer_member_id:
        return False
    await _members.load_member(ctx, referrer_member_id)
    table = _member_tables.Member
    rows = await scoped.update(ctx, table, {table.referrer_member_id: referrer_member_id}).where(
        (table.id == member_id) & table.deleted_at.is_null() & table.referrer_member_id.is_null()
    ).returning(table.id)
    return bool(rows)


async def mark_member(ctx: Context, member_id: int, plugin: Plugin | str) -> None:
    """Note on a member that ``plugin`` holds something for them (a referral binding), in the
    caller's transaction: the plugin's hooks marked ``@marked_members`` are called for this member's
    orders from now on (those opened before and paid after too) and passed over for every other
    member's. Marking twice is marking once; a mark is never taken off. ``NotFound`` for no such member."""
    from core.errors import NotFound
    from core.members.marks import mark_member as _mark

    if not await _mark(ctx, member_id, plugin.name if isinstance(plugin, Plugin) else plugin):
        raise NotFound(resource="member", id=member_id)


__all__ = ["BatchChoice", "BatchField", "MemberBatchAction", "birthday_member_ids", "find_member_by_phone",
           "load_member", "mark_member", "member_names", "record_visit", "resolve_member_code", "search_members", "set_member_level",
           "set_member_referrer", "set_missing_member_levels"]

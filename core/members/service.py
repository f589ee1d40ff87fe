"""The rules of members: registration, profile changes, tags, notes, search and soft delete.

Functions that answer a caller return ``shown(ctx, member)``: the phone is masked unless the
actor may see full numbers (``members.phone``). Hooks and other domains get the full member
through ``load_member``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

import msgspec
from piccolo.columns import Column
from piccolo.columns.combination import Where, WhereRaw
from piccolo.custom_types import Combinable

from core import db, scoped
from core.context import Context
from core.errors import DuplicatePhone, InvalidInput, InvalidPhone, NotFound
from core.http.pagination import (
    DEFAULT_LIMIT,
    Page,
    check_limit,
    decode_cursor,
    next_cursor,
    page_by_figure,
)
from core.members import schemas as s
from core.members.phones import digits_of, mask_phone, normalise_phone
from core.members.tables import Member, MemberNote, MemberTag
from core.tenancy.tables import Store

MIN_PHONE_FRAGMENT = 3
OLDEST_BIRTHDAY = dt.date(1900, 1, 1)


# --- reading and showing --------------------------------------------------------------------


def shown(ctx: Context, member: s.Member) -> s.Member:
    """The member as this actor may see it: the middle of the phone hidden without ``members.phone``."""
    if ctx.actor.can("members.phone"):
        return member
    return msgspec.structs.replace(member, phone=mask_phone(member.phone))


async def members_of(ctx: Context, rows: list[dict[str, Any]]) -> list[s.Member]:
    """Member rows → full members, with the tags of all of them read in one query."""
    tags: dict[int, list[str]] = {row["id"]: [] for row in rows}
    if tags:
        tag_rows = await scoped.select(ctx, MemberTag, MemberTag.member_id, MemberTag.tag).where(
            MemberTag.member_id.is_in(list(tags))
        ).order_by(MemberTag.id)
        for tag_row in tag_rows:
            tags[tag_row["member_id"]].append(tag_row["tag"])
    return [_to_member(row, tags[row["id"]]) for row in rows]


def _to_member(row: dict[str, Any], tags: list[str]) -> s.Member:
    return msgspec.convert({**row, "tags": tags}, s.Member)


def _living(member_id: int) -> Combinable:
    return (Member.id == member_id) & Member.deleted_at.is_null()


async def load_member(ctx: Context, member_id: int, include_deleted: bool = False) -> s.Member:
    """The full member (phone unmasked); ``NotFound`` for another tenant's or a deleted member."""
    where = [] if include_deleted else [Member.deleted_at.is_null()]
    row = await scoped.get(ctx, Member, member_id, "member", *where)
    return (await members_of(ctx, [row]))[0]


async def get_member(ctx: Context, member_id: int, include_deleted: bool = False) -> s.Member:
    ctx.require("members.read")
    return shown(ctx, await load_member(ctx, member_id, include_deleted))


# --- checks ---------------------------------------------------------------------------------


def _check_birthday(ctx: Context, birthday: dt.date | None) -> None:
    if birthday is not None and not OLDEST_BIRTHDAY <= birthday <= ctx.local_today():
        raise InvalidInput(field="birthday", zh=f"生日 {birthday} 不合理", en=f"Birthday {birthday} is not plausible")


def _clean_tags(tags: list[str]) -> list[str]:
    """Trimmed, each once, in the order given."""
    return list(dict.fromkeys(tag.strip() for tag in tags))


async def _check_phone_free(ctx: Context, phone: str, raw: str, member_id: int | None = None) -> None:
    query = scoped.select(ctx, Member, Member.id).where((Member.phone == phone) & Member.deleted_at.is_null())
    if member_id is not None:
        query = query.where(Member.id != member_id)
    if await query.first() is not None:
        raise DuplicatePhone(phone=raw)


@contextlib.contextmanager
def _claiming_phone(raw: str) -> Iterator[None]:
    """Two registrations of one phone may both pass the check; the unique index stops the second."""
    try:
        yield
    except Exception as exc:  # the engines raise different types; is_unique_violation knows both
        if db.is_unique_violation(exc):
            raise DuplicatePhone(phone=raw) from exc
        raise


async def _check_referrer(ctx: Context, referrer_id: int | None, member_id: int | None = None) -> None:
    if referrer_id is None:
        return
    if referrer_id == member_id:
        raise InvalidInput(field="referrer_member_id", zh="会员不能推荐自己", en="A member cannot refer themselves")
    if await scoped.select(ctx, Member, Member.id).where(_living(referrer_id)).first() is None:
        raise NotFound(resource="member", id=referrer_id, field="referrer_member_id",
                       zh=f"未找到推荐人会员 {referrer_id}", en=f"Referrer member {referrer_id} not found")


async def _check_store(ctx: Context, store_id: int | None) -> None:
    if store_id is not None:
        await scoped.get(ctx, Store, store_id, "store")


# --- registration and profile ---------------------------------------------------------------


async def register_member(ctx: Context, data: s.MemberCreate) -> s.Member:
    """登记会员: one member per phone in the tenant; plugins hear of it in the same transaction.

    The home store is the one given, else the store the request is made in. A plugin raising
    in ``member_registered`` undoes the registration.
    """
    ctx.require("members.write")
    home_store_id = ctx.store_for(data.home_store_id)
    raw_phone = data.phone.strip()
    phone = normalise_phone(raw_phone)
    _check_birthday(ctx, data.birthday)
    tags = _clean_tags(data.tags)
    async with db.transaction():
        await _check_phone_free(ctx, phone, raw_phone)
        await _check_referrer(ctx, data.referrer_member_id)
        await _check_store(ctx, home_store_id)
        now = ctx.now()
        with _claiming_phone(raw_phone):
            row = await scoped.insert(
                ctx, Member, phone=phone, name=data.name.strip(), gender=data.gender, birthday=data.birthday,
                source_channel=data.source_channel.strip(), referrer_member_id=data.referrer_member_id,
                home_store_id=home_store_id, created_at=now, updated_at=now,
            )
        await _replace_tags(ctx, row["id"], tags, current=[])
        await ctx.hooks.member_registered(ctx=ctx, member=_to_member(row, tags))
        # A plugin may have changed the member (a starting level, say): answer with what is stored.
        member = await load_member(ctx, row["id"])
    return shown(ctx, member)


async def update_member(ctx: Context, member_id: int, data: s.MemberUpdate) -> s.Member:
    """Change a member's profile; a new phone is checked like a registration's."""
    ctx.require("members.write")
    values: dict[str, Any] = {k: v for k, v in msgspec.structs.asdict(data).items() if v is not msgspec.UNSET}
    raw_phone = values.get("phone", "").strip()
    if "phone" in values:
        values["phone"] = normalise_phone(raw_phone)
    for key in ("name", "source_channel"):
        if key in values:
            values[key] = values[key].strip()
    _check_birthday(ctx, values.get("birthday"))
    async with db.transaction():
        current = await scoped.get(ctx, Member, member_id, "member", Member.deleted_at.is_null())
        if values.get("phone", current["phone"]) != current["phone"]:
            await _check_phone_free(ctx, values["phone"], raw_phone, member_id)
        await _check_referrer(ctx, values.get("referrer_member_id"), member_id)
        if values.get("home_store_id", current["home_store_id"]) != current["home_store_id"]:
            ctx.require_store(values["home_store_id"])  # a member is moved only into the actor's stores
        await _check_store(ctx, values.get("home_store_id"))
        values["updated_at"] = ctx.now()
        with _claiming_phone(raw_phone):
            await scoped.update(ctx, Member, values).where(Member.id == member_id)
        member = await load_member(ctx, member_id)
    return shown(ctx, member)


async def delete_member(ctx: Context, member_id: int) -> s.Member:
    """Soft delete: the member leaves search and frees the phone; orders, tags and notes stay."""
    ctx.require("members.delete")
    async with db.transaction():
        now = ctx.now()
        rows = await scoped.update(ctx, Member, {Member.deleted_at: now, Member.updated_at: now}).where(
            _living(member_id)
        ).returning(Member.id)
        if not rows:
            raise NotFound(resource="member", id=member_id)
        member = await load_member(ctx, member_id, include_deleted=True)
    from core.member_auth.service import forget_member_sessions  # member_auth imports this module

    await forget_member_sessions(ctx.tenant_id, member_id)
    return shown(ctx, member)


async def set_level(ctx: Context, member_id: int, level_code: str | None) -> s.Member:
    """Record a member's level (会员等级). For the levels plugin, inside its own event's transaction."""
    rows = await scoped.update(ctx, Member, {Member.level_code: level_code}).where(
        _living(member_id)
    ).returning(Member.id)
    if not rows:
        raise NotFound(resource="member", id=member_id)
    return await load_member(ctx, member_id)


async def set_missing_levels(ctx: Context, level_code: str) -> int:
    """Put every living member without a level on ``level_code``; how many."""
    rows = await scoped.update(ctx, Member, {Member.level_code: level_code}).where(
        Member.level_code.is_null() & Member.deleted_at.is_null()).returning(Member.id)
    return len(rows)


# --- tags and notes -------------------------------------------------------------------------


async def _replace_tags(ctx: Context, member_id: int, tags: list[str], current: list[str] | None = None) -> None:
    if current is None:
        rows = await scoped.select(ctx, MemberTag, MemberTag.tag).where(MemberTag.member_id == member_id)
        current = [row["tag"] for row in rows]
    removed = sorted(set(current) - set(tags))
    if removed:
        await scoped.delete(ctx, MemberTag).where((MemberTag.member_id == member_id) & MemberTag.tag.is_in(removed))
    now = ctx.now()
    added = [MemberTag(tenant_id=ctx.tenant_id, member_id=member_id, tag=tag, created_at=now)
             for tag in tags if tag not in current]
    if added:
        await MemberTag.insert(*added)


async def set_tags(ctx: Context, member_id: int, data: s.TagsUpdate) -> s.Member:
    """Replace the member's tags with ``data.tags`` (tags kept keep their first tagging time)."""
    ctx.require("members.write")
    async with db.transaction():
        rows = await scoped.update(ctx, Member, {Member.updated_at: ctx.now()}).where(
            _living(member_id)
        ).returning(Member.id)
        if not rows:
            raise NotFound(resource="member", id=member_id)
        await _replace_tags(ctx, member_id, _clean_tags(data.tags))
        member = await load_member(ctx, member_id)
    return shown(ctx, member)


async def add_note(ctx: Context, member_id: int, data: s.NoteCreate) -> s.NoteOut:
    """A staff note (备注) on a member, signed with the author's name."""
    ctx.require("members.write")
    async with db.transaction():
        await scoped.get(ctx, Member, member_id, "member", Member.deleted_at.is_null())
        row = await scoped.insert(ctx, MemberNote, member_id=member_id, author=ctx.actor.name,
                                  body=data.body.strip(), created_at=ctx.now())
    return msgspec.convert(row, s.NoteOut)


async def list_notes(ctx: Context, member_id: int, cursor: str | None = None, limit: int = DEFAULT_LIMIT) -> Page[s.NoteOut]:
    """A member's notes, newest first; a deleted member's notes stay readable (history)."""
    ctx.require("members.read")
    check_limit(limit)
    await scoped.get(ctx, Member, member_id, "member")
    query = scoped.select(ctx, MemberNote).where(MemberNote.member_id == member_id)
    if (after := decode_cursor(cursor)) is not None:
        query = query.where(MemberNote.id < after)
    rows = await query.order_by(MemberNote.id, ascending=False).limit(limit + 1)
    return Page(items=msgspec.convert(rows[:limit], list[s.NoteOut]), next_cursor=next_cursor(rows, limit))


# --- search ---------------------------------------------------------------------------------


def _contains(column: Column, text: str) -> Where | WhereRaw:
    """Case-insensitive "contains", with LIKE's wildcards in ``text`` taken literally."""
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    if db.is_sqlite():
        # SQLite has no ILIKE (its LIKE ignores ASCII case) and no default escape character.
        return WhereRaw(f'"{column._meta.db_column_name}" LIKE {{}} ESCAPE \'\\\'', pattern)
    return column.ilike(pattern)  # PostgreSQL's default LIKE escape is the backslash


def _phone_filter(phone: str) -> Where:
    """A whole number matches exactly; anything else is a fragment of the digits (尾号 8000)."""
    try:
        return Member.phone == normalise_phone(phone)
    except InvalidPhone:
        pass
    digits = digits_of(phone)
    if len(digits) < MIN_PHONE_FRAGMENT:
        raise InvalidInput(field="phone", zh=f"请至少输入 {MIN_PHONE_FRAGMENT} 位手机号数字",
                           en=f"Give at least {MIN_PHONE_FRAGMENT} digits of the phone number")
    return Member.phone.like(f"%{digits}%")


async def member_names(ctx: Context, member_ids: Sequence[int]) -> dict[int, str]:
    """{id: name} of the tenant's living members among ``member_ids``: another tenant's or a deleted
    member's id is simply not there."""
    names: dict[int, str] = {}
    for start in range(0, len(member_ids), 200):
        rows = await scoped.select(ctx, Member, Member.id, Member.name).where(
            Member.id.is_in(list(member_ids[start:start + 200])) & Member.deleted_at.is_null())
        names.update({row["id"]: row["name"] for row in rows})
    return {i: names[i] for i in member_ids if i in names}


async def search_members(
    ctx: Context, phone: str | None = None, name: str | None = None, tag: str | None = None,
    level: str | None = None, cursor: str | None = None, limit: int = DEFAULT_LIMIT, sort: s.MemberSort = "newest",
) -> Page[s.Member]:
    """Living members filtered by phone (whole or fragment), name, tag and level: newest first, or
    by ``sort`` — most spend (累计消费) or most visits (到店次数) first, newest first among equals."""
    ctx.require("members.read")
    check_limit(limit)
    query = _filtered(ctx, scoped.select(ctx, Member), phone, name, tag, level)
    if sort == "newest":
        if (after := decode_cursor(cursor)) is not None:
            query = query.where(Member.id < after)
        rows = await query.order_by(Member.id, ascending=False).limit(limit + 1)
        following = next_cursor(rows, limit)
    else:
        rows, following = await page_by_figure(query, SORT_COLUMNS[sort], Member.id, sort, cursor, limit)
    members = await members_of(ctx, rows[:limit])
    return Page(items=[shown(ctx, m) for m in members], next_cursor=following)


SORT_COLUMNS = {"spend": Member.total_spend_fen, "visits": Member.visit_count}


async def matching_member_ids(ctx: Context, phone: str | None = None, name: str | None = None,
                              tag: str | None = None, level: str | None = None, at_most: int = 500) -> list[int]:
    """The ids of the living members the list's filters match, newest first, no more than ``at_most``."""
    ctx.require("members.read")
    query = _filtered(ctx, scoped.select(ctx, Member, Member.id), phone, name, tag, level)
    rows = await query.order_by(Member.id, ascending=False).limit(at_most)
    return [row["id"] for row in rows]


def _filtered(ctx: Context, query: Any, phone: str | None, name: str | None, tag: str | None,
              level: str | None) -> Any:
    """The living members among ``query``'s, filtered as the console's list and the API filter them."""
    query = query.where(Member.deleted_at.is_null())
    if phone and phone.strip():
        query = query.where(_phone_filter(phone))
    if name and name.strip():
        query = query.where(_contains(Member.name, name.strip()))
    if tag and tag.strip():
        tagged = scoped.select(ctx, MemberTag, MemberTag.member_id).where(MemberTag.tag == tag.strip())
        query = query.where(Member.id.is_in(tagged))
    if level and level.strip():
        query = query.where(Member.level_code == level.strip())
    return query


async def birthday_member_ids(ctx: Context, day: dt.date) -> list[int]:
    """Living members whose birthday (month and day) falls on ``day``; 29 February is kept on the
    28th in a year without it. Checks no permission: for plugins' daily jobs (生日礼)."""
    days = [day.strftime("%m-%d")]
    if day.month == 2 and day.day == 28 and not _is_leap(day.year):
        days.append("02-29")
    month_day = "strftime('%m-%d', \"birthday\")" if db.is_sqlite() else "to_char(\"birthday\", 'MM-DD')"
    marks = ", ".join("{}" for _ in days)
    rows = await scoped.select(ctx, Member, Member.id).where(
        Member.deleted_at.is_null() & Member.birthday.is_not_null() & WhereRaw(f"{month_day} IN ({marks})", *days)
    ).order_by(Member.id)
    return [row["id"] for row in rows]


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)

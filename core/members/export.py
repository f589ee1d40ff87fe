"""导出会员: every living member as a CSV that Excel opens correctly (UTF-8 with a BOM).

A cell starting with ``= + - @`` (or a tab or carriage return) is prefixed with ``'`` so a
spreadsheet shows it as text instead of running it as a formula (CSV injection). Times are in
the tenant's timezone. Phones are whole only for actors with ``members.phone``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from core import scoped
from core.context import Context
from core.members import schemas as s
from core.members.phones import display_phone, mask_phone
from core.members.service import members_of
from core.members.tables import Member

BATCH = 1000
COLUMNS = (
    "id", "phone", "name", "gender", "birthday", "tags", "source_channel", "level_code", "home_store_id",
    "referrer_member_id", "total_spend_fen", "visit_count", "last_visit_at", "created_at",
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _local(ctx: Context, at: dt.datetime | None) -> str | None:
    return at.astimezone(ctx.tenant.zone).strftime("%Y-%m-%d %H:%M:%S") if at else None


def _cells(ctx: Context, member: s.Member, full_phone: bool) -> list[str]:
    phone = display_phone(member.phone) if full_phone else mask_phone(member.phone)
    values = (
        member.id, phone, member.name, member.gender, member.birthday, ";".join(member.tags), member.source_channel,
        member.level_code, member.home_store_id, member.referrer_member_id, member.total_spend_fen,
        member.visit_count, _local(ctx, member.last_visit_at), _local(ctx, member.created_at),
    )
    return [safe_cell(v) for v in values]


async def export_members(ctx: Context) -> bytes:
    """Every living member of the tenant, oldest first, as CSV bytes (utf-8-sig)."""
    ctx.require("members.export")
    full_phone = ctx.actor.can("members.phone")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    after = 0
    while True:
        rows = await scoped.select(ctx, Member).where(
            Member.deleted_at.is_null() & (Member.id > after)
        ).order_by(Member.id).limit(BATCH)
        for member in await members_of(ctx, rows):
            writer.writerow(_cells(ctx, member, full_phone))
        if len(rows) < BATCH:
            break
        after = rows[-1]["id"]
    return out.getvalue().encode("utf-8-sig")

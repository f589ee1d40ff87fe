"""导出会员: every living member as a CSV that Excel opens correctly (UTF-8 with a BOM).

Two shapes of one export: for integrations (the REST API), English column names and the stored
values (codes, amounts in fen); for people (the console's download), a header a merchant reads
("手机号 Phone"), amounts in yuan with two decimals, and names instead of codes (性别, 来源, 等级,
门店).

A cell starting with ``= + - @`` (or a tab or carriage return) is prefixed with ``'`` so a
spreadsheet shows it as text instead of running it as a formula (CSV injection). Times are in
the tenant's timezone. Phones are whole only for actors with ``members.phone``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from typing import Any

from core import scoped
from core.context import Context
from core.members import schemas as s
from core.members.phones import display_phone, mask_phone
from core.members.service import members_of
from core.members.tables import Member
from core.tenancy.tables import Store

BATCH = 1000
COLUMNS = (
    "id", "phone", "name", "gender", "birthday", "tags", "source_channel", "level_code", "home_store_id",
    "referrer_member_id", "total_spend_fen", "visit_count", "last_visit_at", "created_at",
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: The people's header, column for column with COLUMNS: Chinese first, English beside it.
HEADERS = (
    "会员编号 ID", "手机号 Phone", "姓名 Name", "性别 Gender", "生日 Birthday", "标签 Tags", "来源 Source",
    "等级 Level", "所属门店 Home store", "推荐人编号 Referrer ID", "累计消费（元） Spend (¥)", "到店次数 Visits",
    "最近到店 Last visit", "入会时间 Joined",
)


def safe_cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _local(ctx: Context, at: dt.datetime | None) -> str | None:
    return at.astimezone(ctx.tenant.zone).strftime("%Y-%m-%d %H:%M:%S") if at else None


class _Names:
    """What the people's export shows instead of codes: levels (from the levels plugin), stores."""

    def __init__(self, levels: dict[str, tuple[str, str]], stores: dict[int, str]) -> None:
        self.levels, self.stores = levels, stores

    @classmethod
    async def of(cls, ctx: Context) -> _Names:
        levels = await ctx.hooks.level_names(ctx=ctx) or {}
        stores = {row["id"]: row["name"] for row in await scoped.select(ctx, Store, Store.id, Store.name)}
        return cls(levels, stores)


def _cells(ctx: Context, member: s.Member, full_phone: bool, names: _Names | None) -> list[str]:
    phone = display_phone(member.phone) if full_phone else mask_phone(member.phone)
    gender: Any = member.gender
    source: Any = member.source_channel
    level: Any = member.level_code
    store: Any = member.home_store_id
    spend: Any = member.total_spend_fen
    if names is not None:
        gender = s.GENDER_NAMES.get(gender, (gender, ""))[0]
        source = s.SOURCE_NAMES.get(source, (source, ""))[0]
        level = names.levels.get(level, (level, ""))[0] if level else ""
        store = names.stores.get(store, store) if store else ""
        spend = f"{Decimal(spend) / 100:.2f}"
    values = (
        member.id, phone, member.name, gender, member.birthday, ";".join(member.tags), source, level, store,
        member.referrer_member_id, spend, member.visit_count, _local(ctx, member.last_visit_at),
        _local(ctx, member.created_at),
    )
    return [safe_cell(v) for v in values]


async def export_members(ctx: Context, for_people: bool = False) -> bytes:
    """Every living member of the tenant, oldest first, as CSV bytes (utf-8-sig); ``for_people``:
    the merchant's shape (Chinese header, yuan, names), else the integration's (codes, fen)."""
    ctx.require("members.export")
    full_phone = ctx.actor.can("members.phone")
    names = await _Names.of(ctx) if for_people else None
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADERS if for_people else COLUMNS)
    after = 0
    while True:
        rows = await scoped.select(ctx, Member).where(
            Member.deleted_at.is_null() & (Member.id > after)
        ).order_by(Member.id).limit(BATCH)
        for member in await members_of(ctx, rows):
            writer.writerow(_cells(ctx, member, full_phone, names))
        if len(rows) < BATCH:
            break
        after = rows[-1]["id"]
    return out.getvalue().encode("utf-8-sig")

"""The sign_in plugin's hook implementations (the kernel finds them here by convention)."""

from __future__ import annotations

import datetime as dt

from plugins.sign_in.console import member_section
from plugins.sign_in.gifts import expire
from plugins.sign_in.service import settings, sign_in
from sdk import CheckIn, Context, Member, hookimpl
from sdk.console import MemberFileSection


@hookimpl
async def member_file_sections(ctx: Context, member: Member) -> list[MemberFileSection]:
    return await member_section(ctx, member)


@hookimpl
async def member_checked_in(ctx: Context, member: Member, check_in: CheckIn) -> None:
    # A visit counts as that day's 打卡; a check-in recorded for another day (an import) does not.
    if (await settings(ctx)).check_in_signs_in and check_in.at.astimezone(ctx.tenant.zone).date() == ctx.local_today():
        await sign_in(ctx, member.id, method="check_in", store_id=check_in.store_id)


@hookimpl
async def daily_tick(ctx: Context, day: dt.date) -> None:
    await expire(ctx, day)

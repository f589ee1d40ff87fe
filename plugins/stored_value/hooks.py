"""The stored_value plugin's hook implementations (the kernel finds them here by convention)."""

from __future__ import annotations

from plugins.stored_value.console import member_section
from plugins.stored_value.service import add_sample_rules, bonus_for, record_grant, release_grant
from sdk import Context, EntryOut, Member, hookimpl
from sdk.console import MemberFileSection


@hookimpl
async def member_file_sections(ctx: Context, member: Member) -> list[MemberFileSection]:
    return await member_section(ctx, member)


@hookimpl
async def demo_store_created(ctx: Context) -> None:
    await add_sample_rules(ctx)


@hookimpl
async def stored_value_bonus(ctx: Context, member_id: int, amount_fen: int) -> int:
    return (await bonus_for(ctx, member_id, amount_fen))[1]


@hookimpl
async def member_topped_up(ctx: Context, member_id: int, amount_fen: int, bonus_fen: int, entry: EntryOut) -> None:
    await record_grant(ctx, member_id, amount_fen, bonus_fen, entry)


@hookimpl
async def top_up_refunded(ctx: Context, top_up_entry_id: int) -> None:
    await release_grant(ctx, top_up_entry_id)

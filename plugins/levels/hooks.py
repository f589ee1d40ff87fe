"""The levels plugin's hook implementations (the kernel finds them here by convention)."""

from __future__ import annotations

import datetime as dt

from plugins.levels.batch import batch_actions
from plugins.levels.console import member_section
from plugins.levels.service import adjustments, count, ladder, multiplier, review, start, start_everyone
from sdk import Adjustment, Context, EntryOut, Member, MemberBatchAction, Order, Refund, hookimpl
from sdk.console import MemberFileSection


@hookimpl
async def member_batch_actions(ctx: Context) -> list[MemberBatchAction]:
    return await batch_actions(ctx)


@hookimpl
async def member_file_sections(ctx: Context, member: Member) -> list[MemberFileSection]:
    return await member_section(ctx, member)


@hookimpl
async def level_names(ctx: Context) -> dict[str, tuple[str, str]]:
    return {t.code: (t.name, t.name_en or t.name) for t in await ladder(ctx)}


@hookimpl
async def plugin_enabled(ctx: Context, plugin: str) -> None:
    if plugin == "levels":
        await start_everyone(ctx)


@hookimpl
async def member_registered(ctx: Context, member: Member) -> None:
    await start(ctx, member.id)


@hookimpl
async def order_paid(ctx: Context, order: Order) -> None:
    await count(ctx, order.member_id, "spend", order.total_fen, f"order:{order.id}")


@hookimpl
async def order_refunded(ctx: Context, order: Order, refund: Refund) -> None:
    await count(ctx, order.member_id, "spend", -refund.amount_fen, f"refund:{refund.id}")


@hookimpl
async def member_topped_up(ctx: Context, member_id: int, amount_fen: int, entry: EntryOut) -> None:
    await count(ctx, member_id, "top_up", amount_fen, f"top_up:{entry.id}")


@hookimpl
async def top_up_refunded(ctx: Context, member_id: int, principal_fen: int, entry: EntryOut) -> None:
    await count(ctx, member_id, "top_up", -principal_fen, f"top_up_refund:{entry.id}")


@hookimpl
async def points_changed(ctx: Context, member_id: int, points: int, kind: str, entry: EntryOut) -> None:
    if kind in ("earned", "clawed_back"):
        await count(ctx, member_id, "points", points, f"points:{entry.id}")


@hookimpl
async def order_priced(ctx: Context, order: Order) -> list[Adjustment]:
    return await adjustments(ctx, order)


@hookimpl
async def points_multiplier(ctx: Context, member_id: int, order: Order | None) -> int:
    return await multiplier(ctx, member_id, order)


@hookimpl
async def daily_tick(ctx: Context, day: dt.date) -> None:
    await review(ctx, day)

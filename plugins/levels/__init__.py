"""levels (会员等级): a ladder of levels reached by cumulative spend, top-ups or points earned.

The rules are in ``tiers.py`` (the ladder, the level a figure reaches, the benefits on a line)
and ``service.py`` (progress per member, upgrades, the yearly review, overrides). Benefits reach
the order through ``order_priced`` (会员价 and the level's discount, named on the receipt) and
the points plugin through ``points_multiplier``. The console has the ladder at /console/p/levels
and a section in the member's file.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from plugins.levels.schemas import LevelsSettings
from sdk import Adjustment, Context, EntryOut, Member, Order, Plugin, Refund, hookimpl

if TYPE_CHECKING:
    from sdk.console import MemberFileSection

plugin = Plugin(
    name="levels",
    title="会员等级",
    title_en="Member levels",
    version="1.0.0",
    description="按累计消费、累计充值或累计积分自动升级；会员价、分类折扣、积分倍数；可年度复核降级，店长可手动调整",
    description_en="Levels reached by spend, top-ups or points; member prices, category discounts and a points "
                   "multiplier; an optional yearly review; manual override with a reason",
    industries=("gym", "salon", "beauty", "school", "pet", "spa", "retail", "restaurant", "convenience"),
    settings=LevelsSettings,
    tables="plugins.levels.piccolo_app:APP_CONFIG",
    routes="plugins.levels.api:ROUTES",
    console="plugins.levels.console:PAGES",
    member_pages="plugins.levels.member:PAGES",
)


@hookimpl
async def member_file_sections(ctx: Context, member: Member) -> list[MemberFileSection]:
    from plugins.levels.console import member_section

    return await member_section(ctx, member)


@hookimpl
async def plugin_enabled(ctx: Context, plugin: str) -> None:
    from plugins.levels.service import start_everyone

    if plugin == "levels":
        await start_everyone(ctx)


@hookimpl
async def member_registered(ctx: Context, member: Member) -> None:
    from plugins.levels.service import start

    await start(ctx, member.id)


@hookimpl
async def order_paid(ctx: Context, order: Order) -> None:
    from plugins.levels.service import count

    await count(ctx, order.member_id, "spend", order.total_fen, f"order:{order.id}")


@hookimpl
async def order_refunded(ctx: Context, order: Order, refund: Refund) -> None:
    from plugins.levels.service import count

    await count(ctx, order.member_id, "spend", -refund.amount_fen, f"refund:{refund.id}")


@hookimpl
async def member_topped_up(ctx: Context, member_id: int, amount_fen: int, entry: EntryOut) -> None:
    from plugins.levels.service import count

    await count(ctx, member_id, "top_up", amount_fen, f"top_up:{entry.id}")


@hookimpl
async def top_up_refunded(ctx: Context, member_id: int, principal_fen: int, entry: EntryOut) -> None:
    from plugins.levels.service import count

    await count(ctx, member_id, "top_up", -principal_fen, f"top_up_refund:{entry.id}")


@hookimpl
async def points_changed(ctx: Context, member_id: int, points: int, kind: str, entry: EntryOut) -> None:
    from plugins.levels.service import count

    if kind in ("earned", "clawed_back"):
        await count(ctx, member_id, "points", points, f"points:{entry.id}")


@hookimpl
async def order_priced(ctx: Context, order: Order) -> list[Adjustment]:
    from plugins.levels.service import adjustments

    return await adjustments(ctx, order)


@hookimpl
async def points_multiplier(ctx: Context, member_id: int) -> int:
    from plugins.levels.service import multiplier

    return await multiplier(ctx, member_id)


@hookimpl
async def daily_tick(ctx: Context, day: dt.date) -> None:
    from plugins.levels.service import review

    await review(ctx, day)

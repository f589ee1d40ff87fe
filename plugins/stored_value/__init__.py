"""stored_value (储值充就送): top-up bonus tiers — 充 1000 送 200, or a percentage with a cap.

The kernel keeps stored value (principal and bonus apart), the top-up and its refund; this
plugin decides the bonus (``stored_value_bonus``) by the rules in ``rules.py``, records each grant
and the member's use of a tier (``member_topped_up``), and gives the use back when the top-up is
refunded (``top_up_refunded``; the kernel removes the unspent bonus). Members see the current
offers (``GET /me/stored-value/offers``); the console has the tiers at /console/p/stored_value.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from plugins.stored_value.schemas import StoredValueSettings
from sdk import Context, EntryOut, Member, Plugin, hookimpl

if TYPE_CHECKING:
    from sdk.console import MemberFileSection

plugin = Plugin(
    name="stored_value",
    title="储值充就送",
    title_en="Top-up bonuses",
    version="1.0.0",
    description="充值送赠送金：按金额分档或按比例封顶，限时、每人限次，会员端展示活动，退款扣回未用赠送金",
    description_en="Top-up bonuses by tier or percentage with a cap, for a period and limited per member; "
                   "members see the offers; a refund removes the unspent bonus",
    industries=("gym", "salon", "beauty", "school", "pet", "spa", "retail", "restaurant", "convenience"),
    settings=StoredValueSettings,
    tables="plugins.stored_value.piccolo_app:APP_CONFIG",
    routes="plugins.stored_value.api:ROUTES",
    console="plugins.stored_value.console:PAGES",
    member_pages="plugins.stored_value.member:PAGES",
)


@hookimpl
async def member_file_sections(ctx: Context, member: Member) -> list[MemberFileSection]:
    from plugins.stored_value.console import member_section

    return await member_section(ctx, member)


@hookimpl
async def demo_store_created(ctx: Context) -> None:
    from plugins.stored_value.service import add_sample_rules

    await add_sample_rules(ctx)


@hookimpl
async def stored_value_bonus(ctx: Context, member_id: int, amount_fen: int) -> int:
    from plugins.stored_value.service import bonus_for

    return (await bonus_for(ctx, member_id, amount_fen))[1]


@hookimpl
async def member_topped_up(ctx: Context, member_id: int, amount_fen: int, bonus_fen: int, entry: EntryOut) -> None:
    from plugins.stored_value.service import record_grant

    await record_grant(ctx, member_id, amount_fen, bonus_fen, entry)


@hookimpl
async def top_up_refunded(ctx: Context, top_up_entry_id: int) -> None:
    from plugins.stored_value.service import release_grant

    await release_grant(ctx, top_up_entry_id)

"""coupons (优惠券): cash, percent, 满减 and gift coupons; welcome pack, coupon center, pushes,
birthdays and other plugins' issues; used on an order through pricing, once, and given back by a
full refund while still valid.

The rules are in ``rules.py`` (templates, validity, the discount); ``service.py`` issues under
guarded stock and per-member counters, puts coupons on orders, uses them on payment (one guarded
UPDATE: the same coupon at two tills pays once) and gives them back.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from plugins.coupons.schemas import CouponsSettings
from sdk import Adjustment, Context, Member, Order, Plugin, hookimpl

if TYPE_CHECKING:
    from sdk.console import MemberFileSection

plugin = Plugin(
    name="coupons",
    title="优惠券",
    title_en="Coupons",
    version="1.0.0",
    description="代金券、折扣券、满减券、赠品券；进店有礼、领券中心、定向发券、生日券；收银核销，全额退款退券",
    description_en="Cash, percent, threshold and gift coupons; welcome pack, coupon center, pushes and birthday "
                   "coupons; redeemed at checkout, given back on a full refund",
    industries=("gym", "salon", "beauty", "school", "pet", "spa", "retail", "restaurant", "convenience"),
    settings=CouponsSettings,
    tables="plugins.coupons.piccolo_app:APP_CONFIG",
    hookspecs="plugins.coupons.hookspecs",
    routes="plugins.coupons.api:ROUTES",
    console="plugins.coupons.console:PAGES",
    member_pages="plugins.coupons.member:PAGES",
)


@hookimpl
async def member_file_sections(ctx: Context, member: Member) -> list[MemberFileSection]:
    from plugins.coupons.console import member_section

    return await member_section(ctx, member)


@hookimpl
async def member_registered(ctx: Context, member: Member) -> None:
    from plugins.coupons.service import welcome

    await welcome(ctx, member.id)


@hookimpl
async def order_priced(ctx: Context, order: Order) -> list[Adjustment]:
    from plugins.coupons.service import adjustments

    return await adjustments(ctx, order)


@hookimpl
async def order_paid(ctx: Context, order: Order) -> None:
    from plugins.coupons.service import use

    await use(ctx, order)


@hookimpl
async def order_refunded(ctx: Context, order: Order) -> None:
    from plugins.coupons.service import restore

    await restore(ctx, order)


@hookimpl
async def daily_tick(ctx: Context, day: dt.date) -> None:
    from plugins.coupons.service import birthdays, expire

    await expire(ctx)
    await birthdays(ctx, day)


@hookimpl
async def checkout_code_scanned(ctx: Context, order: Order, code: str) -> bool | None:
    from plugins.coupons.service import scanned

    return await scanned(ctx, order, code)


@hookimpl
async def coupon_issue(ctx: Context, member_id: int, template_id: int, source: str, idempotency_key: str) -> Any:
    from plugins.coupons.service import sdk_issue

    return await sdk_issue(ctx, member_id, template_id, source, idempotency_key)


@hookimpl
async def demo_store_created(ctx: Context) -> None:
    from plugins.coupons.service import add_sample_templates

    await add_sample_templates(ctx)

"""The coupons plugin's hook implementations (the kernel finds them here by convention)."""

from __future__ import annotations

import datetime as dt

from plugins.coupons.batch import batch_actions, template_choices
from plugins.coupons.console import member_section
from plugins.coupons.service import (
    add_sample_templates,
    adjustments,
    birthdays,
    expire,
    restore,
    scanned,
    sdk_issue,
    use,
    welcome,
)
from sdk import Adjustment, Context, IssuedCoupon, Member, MemberBatchAction, Order, hookimpl, own_orders
from sdk.console import MemberFileSection


@hookimpl
async def member_batch_actions(ctx: Context) -> list[MemberBatchAction]:
    return await batch_actions(ctx)


@hookimpl
async def member_file_sections(ctx: Context, member: Member) -> list[MemberFileSection]:
    return await member_section(ctx, member)


@hookimpl
async def member_registered(ctx: Context, member: Member) -> None:
    await welcome(ctx, member.id)


@hookimpl
@own_orders
async def order_priced(ctx: Context, order: Order) -> list[Adjustment]:
    return await adjustments(ctx, order)


@hookimpl
@own_orders
async def order_paid(ctx: Context, order: Order) -> None:
    await use(ctx, order)


@hookimpl
@own_orders
async def order_refunded(ctx: Context, order: Order) -> None:
    await restore(ctx, order)


@hookimpl
async def daily_tick(ctx: Context, day: dt.date) -> None:
    await expire(ctx)
    await birthdays(ctx, day)


@hookimpl
async def checkout_code_scanned(ctx: Context, order: Order, code: str) -> bool | None:
    return await scanned(ctx, order, code)


@hookimpl
async def coupon_template_choices(ctx: Context) -> list[tuple[int, str, str]]:
    return [(int(c.value), c.label, c.label_en) for c in await template_choices(ctx)]


@hookimpl
async def coupon_issue(ctx: Context, member_id: int, template_id: int, source: str, idempotency_key: str) -> IssuedCoupon:
    return await sdk_issue(ctx, member_id, template_id, source, idempotency_key)


@hookimpl
async def demo_store_created(ctx: Context) -> None:
    await add_sample_templates(ctx)

"""The referral plugin's hook implementations (the kernel finds them here by convention)."""

from __future__ import annotations

import datetime as dt

from plugins.referral.binding import on_registered
from plugins.referral.commission import accrue, mature, reverse
from plugins.referral.console import member_section
from plugins.referral.demo import add_samples
from sdk import Context, Member, Order, Refund, hookimpl, marked_members
from sdk.console import MemberFileSection


@hookimpl
async def member_file_sections(ctx: Context, member: Member) -> list[MemberFileSection]:
    return await member_section(ctx, member)


@hookimpl
async def member_registered(ctx: Context, member: Member) -> None:
    await on_registered(ctx, member)


# Commissions come only from the orders of bound members, whom binding marks (``sdk.mark_member``):
# the kernel passes over every other order without a call.
@hookimpl
@marked_members
async def order_paid(ctx: Context, order: Order) -> None:
    await accrue(ctx, order)


@hookimpl
@marked_members
async def order_refunded(ctx: Context, order: Order, refund: Refund) -> None:
    await reverse(ctx, order, refund)


@hookimpl
async def daily_tick(ctx: Context, day: dt.date) -> None:
    await mature(ctx)


@hookimpl
async def demo_store_created(ctx: Context) -> None:
    await add_samples(ctx)

"""The points_mall plugin's hook implementations (the kernel finds them here by convention)."""

from __future__ import annotations

from plugins.points_mall.console import member_section
from plugins.points_mall.exchange import mark_line, pay_points, refund_points, refunded
from plugins.points_mall.rewards import add_samples
from sdk import Context, Leg, Member, Order, Tender, TenderIn, hookimpl, own_orders
from sdk.console import MemberFileSection


@hookimpl
async def member_file_sections(ctx: Context, member: Member) -> list[MemberFileSection]:
    return await member_section(ctx, member)


@hookimpl
@own_orders
async def order_validated(ctx: Context, order: Order) -> None:
    mark_line(order)


@hookimpl
async def tender_payment(ctx: Context, order: Order, tender: TenderIn) -> list[Leg] | None:
    return await pay_points(ctx, order, tender)


@hookimpl
async def tender_refund(ctx: Context, order: Order, tender: Tender, amount_fen: int) -> list[Leg] | None:
    return await refund_points(ctx, order, tender, amount_fen)


@hookimpl
@own_orders
async def order_refunded(ctx: Context, order: Order) -> None:
    await refunded(ctx, order)


@hookimpl
async def demo_store_created(ctx: Context) -> None:
    await add_samples(ctx)

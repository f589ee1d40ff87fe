"""The group_buy plugin's hook implementations (the kernel finds them here by convention)."""

from __future__ import annotations

from plugins.group_buy.deals import add_sample_deal
from plugins.group_buy.seats import adjustments, paid, refunded, validate
from sdk import Adjustment, Context, Order, hookimpl, own_orders


@hookimpl
@own_orders
async def order_priced(ctx: Context, order: Order) -> list[Adjustment]:
    return await adjustments(ctx, order)


@hookimpl
@own_orders
async def order_validated(ctx: Context, order: Order) -> None:
    await validate(ctx, order)


@hookimpl
@own_orders
async def order_paid(ctx: Context, order: Order) -> None:
    await paid(ctx, order)


@hookimpl
@own_orders
async def order_refunded(ctx: Context, order: Order) -> None:
    await refunded(ctx, order)


@hookimpl
async def demo_store_created(ctx: Context) -> None:
    await add_sample_deal(ctx)

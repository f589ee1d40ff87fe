"""The bargain plugin's hook implementations (the kernel finds them here by convention)."""

from __future__ import annotations

from plugins.bargain.buying import adjustments, check_payable, paid
from plugins.bargain.campaigns import add_sample_campaign
from sdk import Adjustment, Context, Order, hookimpl, own_orders


@hookimpl
@own_orders
async def order_priced(ctx: Context, order: Order) -> list[Adjustment]:
    return await adjustments(ctx, order)


@hookimpl
@own_orders
async def order_validated(ctx: Context, order: Order) -> None:
    await check_payable(ctx, order)


@hookimpl
@own_orders
async def order_paid(ctx: Context, order: Order) -> None:
    await paid(ctx, order)


@hookimpl
async def demo_store_created(ctx: Context) -> None:
    await add_sample_campaign(ctx)

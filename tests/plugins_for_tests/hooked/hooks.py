"""The hooked plugin's hooks: what each was called for is kept in ``CALLS``."""

from __future__ import annotations

from typing import Any

from sdk import hookimpl, marked_members, own_orders

CALLS: list[tuple[str, int]] = []


@hookimpl
@own_orders
async def order_paid(ctx: Any, order: Any) -> None:
    CALLS.append(("own", order.id))


@hookimpl
async def order_validated(ctx: Any, order: Any) -> None:
    CALLS.append(("every", order.id))


@hookimpl
@marked_members
async def order_priced(ctx: Any, order: Any) -> None:
    CALLS.append(("members", order.id))

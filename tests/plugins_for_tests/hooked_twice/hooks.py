"""The second place of hooked_twice's hooks."""

from typing import Any

from sdk import hookimpl


@hookimpl
async def order_validated(ctx: Any, order: Any) -> None:
    pass

"""A plugin with hooks both in its package module and in its ``hooks.py``: refused."""

from typing import Any

from sdk import Plugin, hookimpl

plugin = Plugin(name="hooked_twice", title="两处钩子", title_en="Hooked twice", version="1.0.0")


@hookimpl
async def order_paid(ctx: Any, order: Any) -> None:
    pass

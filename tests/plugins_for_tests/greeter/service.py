"""The greeter's rules: one greeting per new member, in the registration's transaction."""

from __future__ import annotations

from typing import Any

from core import scoped
from core.extensions.service import plugin_settings
from sdk import Context
from tests.plugins_for_tests.greeter.schemas import GreeterSettings, GreetingOut
from tests.plugins_for_tests.greeter.tables import Greeting

MESSAGES = {"warm": "欢迎你，{name}！", "formal": "尊敬的{name}，欢迎光临。"}


async def greet_member(ctx: Context, member: Any) -> None:
    settings: GreeterSettings = await plugin_settings(ctx, "greeter")  # type: ignore[assignment]
    await scoped.insert(
        ctx, Greeting, member_id=member.id, points=settings.points,
        message=MESSAGES[settings.style].format(name=member.name), created_at=ctx.now(),
    )


async def list_greetings(ctx: Context) -> list[GreetingOut]:
    rows = await scoped.select(ctx, Greeting).order_by(Greeting.id)
    return [GreetingOut(**{k: row[k] for k in GreetingOut.__struct_fields__}) for row in rows]

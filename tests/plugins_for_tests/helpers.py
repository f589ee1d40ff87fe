"""What the plugin tests share: a stand-in member, firing an event, counting a plugin's rows."""

from __future__ import annotations

from typing import Any

import msgspec

from core import db
from core.extensions import service
from sdk.testing import TenantHandle
from tests.plugins_for_tests.greeter.tables import Greeting


class MemberStub(msgspec.Struct):
    """The part of a member the test plugins read; events fired without the members domain."""

    id: int
    name: str = "张三"


async def enable(tenant: TenantHandle, *names: str) -> None:
    ctx = await tenant.ctx()
    for name in names:
        await service.enable_plugin(ctx, name)


async def register_member_event(tenant: TenantHandle, member_id: int, name: str = "张三") -> Any:
    """Fire ``member_registered`` for the tenant's enabled plugins, in a transaction of its own."""
    ctx = await tenant.ctx()
    async with db.transaction():
        return await ctx.hooks.member_registered(ctx=ctx, member=MemberStub(id=member_id, name=name))


async def greetings_of(tenant: TenantHandle) -> list[dict[str, Any]]:
    return await Greeting.select().where(Greeting.tenant_id == tenant.id).order_by(Greeting.id)

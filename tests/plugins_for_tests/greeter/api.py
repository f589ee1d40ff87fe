"""REST: GET /api/v1/greeter/greetings (only for tenants that enabled the greeter)."""

from __future__ import annotations

from litestar import Controller, get

from core.http.params import Ctx
from tests.plugins_for_tests.greeter import service
from tests.plugins_for_tests.greeter.schemas import GreetingOut


class GreetingController(Controller):
    path = "/greeter/greetings"
    tags = ["greeter"]

    @get("/", opt={"permission": "members.read"}, operation_id="listGreetings")
    async def list_greetings(self, ctx: Ctx) -> list[GreetingOut]:
        """The greetings recorded for this tenant's members, oldest first."""
        return await service.list_greetings(ctx)

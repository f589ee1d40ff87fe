"""REST: GET /api/v1/greeter/greetings (only for tenants that enabled the greeter)."""

from __future__ import annotations

from litestar import Controller, get

from core.http.pagination import DEFAULT_LIMIT, Page, page_of
from core.http.params import Ctx, Cursor, PageLimit
from tests.plugins_for_tests.greeter import service
from tests.plugins_for_tests.greeter.schemas import GreetingOut


class GreetingController(Controller):
    path = "/greeter/greetings"
    tags = ["greeter"]

    @get("/", opt={"permission": "members.read"}, operation_id="listGreetings")
    async def list_greetings(self, ctx: Ctx, cursor: Cursor = None,
                             limit: PageLimit = DEFAULT_LIMIT) -> Page[GreetingOut]:
        """问候记录: the greetings recorded for this tenant's members, oldest first."""
        return page_of(await service.list_greetings(ctx), cursor, limit)

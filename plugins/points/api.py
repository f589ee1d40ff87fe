"""REST: a member's points, statement and a manager's adjustment; the member's own points (H5)."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, Response, get, post
from msgspec import Meta

from plugins.points import service
from plugins.points.schemas import PointsAdjustmentIn, PointsAdjustmentOut, PointsStatementLine, PointsSummary
from sdk import MEMBER, Ctx, FromPath, IdempotencyKey, JSONBody, idempotent
from sdk.http import DEFAULT_LIMIT, Cursor, Page, PageLimit

Limit = Annotated[int, Meta(ge=1, le=200)]


class MemberPointsController(Controller):
    path = "/members/{member_id:int}/points"
    tags = ["points"]

    @get("/", opt={"permission": "members.read"}, operation_id="getMemberPoints")
    async def summary(self, ctx: Ctx, member_id: FromPath[int]) -> PointsSummary:
        """会员积分: the balance, points lapsing soon (by date) and points owed from refunds."""
        return await service.summary(ctx, member_id)

    @get("/statement", opt={"permission": "members.read"}, operation_id="getMemberPointsStatement")
    async def statement(self, ctx: Ctx, member_id: FromPath[int], cursor: Cursor = None,
                        limit: PageLimit = DEFAULT_LIMIT) -> Page[PointsStatementLine]:
        """积分明细: movements newest first with their reasons."""
        return await service.statement_page(ctx, member_id, cursor, limit)

    @post("/adjustments", opt={"permission": "plugins.manage"}, operation_id="adjustMemberPoints")
    async def adjust(self, ctx: Ctx, request: Request, member_id: FromPath[int], data: JSONBody[PointsAdjustmentIn],
                     idempotency_key: IdempotencyKey = None) -> Response[PointsAdjustmentOut]:
        """手动调整积分: a manager gives (+) or takes (−) points, with a reason the statement prints."""

        async def work() -> PointsAdjustmentOut:
            return await service.adjust(ctx, member_id, data, idempotency_key or "")

        return await idempotent(ctx, request, work)


class MyPointsController(Controller):
    path = "/me/points"
    tags = ["member H5"]

    @get("/", opt=MEMBER, operation_id="getMyPoints")
    async def summary(self, ctx: Ctx) -> PointsSummary:
        """我的积分: balance, points lapsing soon and points owed."""
        return await service.summary(ctx, ctx.actor.id or 0)

    @get("/statement", opt=MEMBER, operation_id="getMyPointsStatement")
    async def statement(self, ctx: Ctx, cursor: Cursor = None,
                        limit: PageLimit = DEFAULT_LIMIT) -> Page[PointsStatementLine]:
        """我的积分明细: my points movements, newest first, with reasons."""
        return await service.statement_page(ctx, ctx.actor.id or 0, cursor, limit)


ROUTES = [MemberPointsController, MyPointsController]

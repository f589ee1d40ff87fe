"""REST: the level ladder (会员等级), a member's level, history and a manager's override; my level (H5)."""

from __future__ import annotations

from litestar import Controller, get, post, put

from plugins.levels import service
from plugins.levels.schemas import LevelChange, LevelOverrideIn, MemberLevel, TierOut, TiersIn
from sdk import MEMBER, Ctx, FromPath, JSONBody
from sdk.http import DEFAULT_LIMIT, Cursor, Page, PageLimit, page_of


class TiersController(Controller):
    path = "/levels/tiers"
    tags = ["levels"]

    @get("/", opt={"permission": "members.read"}, operation_id="listLevelTiers")
    async def list_tiers(self, ctx: Ctx, cursor: Cursor = None, limit: PageLimit = DEFAULT_LIMIT) -> Page[TierOut]:
        """会员等级: the levels lowest first, with their benefits and how many members are on each."""
        return page_of(await service.ladder_with_counts(ctx), cursor, limit)

    @put("/", opt={"permission": "plugins.manage"}, operation_id="saveLevelTiers")
    async def save(self, ctx: Ctx, data: JSONBody[TiersIn]) -> list[TierOut]:
        """保存等级: save the whole ladder, lowest first: thresholds rise, the lowest starts at 0; a level
        members are on cannot be removed."""
        return await service.save_ladder(ctx, data)


class MemberLevelController(Controller):
    path = "/members/{member_id:int}/level"
    tags = ["levels"]

    @get("/", opt={"permission": "members.read"}, operation_id="getMemberLevel")
    async def level(self, ctx: Ctx, member_id: FromPath[int]) -> MemberLevel:
        """会员等级: the member's level, the figure counted and what is missing for the next level."""
        return await service.member_level(ctx, member_id)

    @post("/", opt={"permission": "plugins.manage"}, operation_id="overrideMemberLevel")
    async def override(self, ctx: Ctx, member_id: FromPath[int], data: JSONBody[LevelOverrideIn]) -> MemberLevel:
        """调整等级: a manager sets the level by hand, with a reason kept in the history."""
        return await service.override(ctx, member_id, data)

    @get("/history", opt={"permission": "members.read"}, operation_id="getMemberLevelHistory")
    async def history(self, ctx: Ctx, member_id: FromPath[int],
                      cursor: Cursor = None, limit: PageLimit = DEFAULT_LIMIT) -> Page[LevelChange]:
        """等级变动记录: every change, newest first, with its reason."""
        return page_of(await service.history(ctx, member_id), cursor, limit)


class MyLevelController(Controller):
    path = "/me/level"
    tags = ["member H5"]

    @get("/", opt=MEMBER, operation_id="getMyLevel")
    async def level(self, ctx: Ctx) -> MemberLevel:
        """我的等级: my level, my progress and what is missing for the next one."""
        return await service.member_level(ctx, ctx.actor.id or 0)


ROUTES = [TiersController, MemberLevelController, MyLevelController]

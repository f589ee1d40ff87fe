"""REST: the bonus tiers (充值活动), the bonus a top-up would get, a member's grants, the offers."""

from __future__ import annotations

from litestar import Controller, get, post, put

from plugins.stored_value import service
from plugins.stored_value.schemas import (
    BonusPreview,
    BonusRuleIn,
    BonusRuleOut,
    GrantOut,
    OfferOut,
    StoredValueSettings,
)
from sdk import MEMBER, Ctx, FromPath, FromQuery, JSONBody, plugin_settings
from sdk.http import DEFAULT_LIMIT, Cursor, Page, PageLimit, page_of


class BonusRuleController(Controller):
    path = "/stored-value/bonus-rules"
    tags = ["stored_value"]

    @get("/", opt={"permission": "members.read"}, operation_id="listBonusRules")
    async def list_rules(self, ctx: Ctx, cursor: Cursor = None, limit: PageLimit = DEFAULT_LIMIT) -> Page[BonusRuleOut]:
        """充值活动: every tier, highest threshold first, stopped ones last."""
        return page_of(await service.list_rules(ctx), cursor, limit)

    @post("/", opt={"permission": "plugins.manage"}, operation_id="createBonusRule")
    async def create_rule(self, ctx: Ctx, data: JSONBody[BonusRuleIn]) -> BonusRuleOut:
        """添加充值活动: add a tier: 充 1000 送 200, or a percentage with a cap, for a period, limited per member."""
        return await service.create_rule(ctx, data)

    @get("/{rule_id:int}", opt={"permission": "members.read"}, operation_id="getBonusRule")
    async def get_rule(self, ctx: Ctx, rule_id: FromPath[int]) -> BonusRuleOut:
        """充值活动详情: one tier."""
        return await service.get_rule(ctx, rule_id)

    @put("/{rule_id:int}", opt={"permission": "plugins.manage"}, operation_id="updateBonusRule")
    async def update_rule(self, ctx: Ctx, rule_id: FromPath[int], data: JSONBody[BonusRuleIn]) -> BonusRuleOut:
        """修改充值活动: change a tier, or stop it (``active: false``); bonuses already granted stay."""
        return await service.update_rule(ctx, rule_id, data)


class BonusController(Controller):
    path = "/stored-value"
    tags = ["stored_value"]

    @get("/bonus-preview", opt={"permission": "stored_value.topup", "scope": "tenant"}, operation_id="previewTopUpBonus")
    async def preview(self, ctx: Ctx, member_id: FromQuery[int], amount_fen: FromQuery[int]) -> BonusPreview:
        """充值赠送预览: the bonus a top-up of ``amount_fen`` by the member would get now, and its tier (shown
        before confirming)."""
        return await service.preview(ctx, member_id, amount_fen)

    @get("/offers", opt={"permission": "members.read"}, operation_id="listTopUpOffers")
    async def offers(self, ctx: Ctx, cursor: Cursor = None, limit: PageLimit = DEFAULT_LIMIT) -> Page[OfferOut]:
        """今日充值活动: the tiers on offer today, lowest threshold first."""
        return page_of(await service.offers(ctx), cursor, limit)


class MemberGrantsController(Controller):
    path = "/members/{member_id:int}/bonus-grants"
    tags = ["stored_value"]

    @get("/", opt={"permission": "members.read"}, operation_id="listMemberBonusGrants")
    async def grants(self, ctx: Ctx, member_id: FromPath[int],
                     cursor: Cursor = None, limit: PageLimit = DEFAULT_LIMIT) -> Page[GrantOut]:
        """充值赠送记录: the bonuses the member got with their top-ups, newest first."""
        return page_of(await service.member_grants(ctx, member_id), cursor, limit)


class MyOffersController(Controller):
    path = "/me/stored-value/offers"
    tags = ["member H5"]

    @get("/", opt=MEMBER, operation_id="listMyTopUpOffers")
    async def offers(self, ctx: Ctx, cursor: Cursor = None, limit: PageLimit = DEFAULT_LIMIT) -> Page[OfferOut]:
        """充值活动: the offers today, with what I have used of each (empty when the store hides them)."""
        if not (await plugin_settings(ctx, "stored_value", StoredValueSettings)).show_offers_to_members:
            return page_of([], cursor, limit)
        return page_of(await service.offers(ctx, ctx.actor.id or 0), cursor, limit)


ROUTES = [BonusRuleController, BonusController, MemberGrantsController, MyOffersController]

"""REST: campaigns and their bargains for staff; for members, the live campaigns, starting a
bargain, their bargains and buying one (H5), and a friend's view and cut by the share code."""

from __future__ import annotations

from litestar import Controller, Request, Response, get, post

from plugins.bargain import bargains, buying, campaigns
from plugins.bargain.schemas import BargainOut, BuyIn, CampaignIn, CampaignOut, CampaignState, HelpOut
from sdk import MEMBER, Ctx, FromPath, FromQuery, IdempotencyKey, JSONBody, idempotent
from sdk.http import DEFAULT_LIMIT, Cursor, Page, PageLimit, page_of


class CampaignsController(Controller):
    path = "/bargain/campaigns"
    tags = ["bargain"]

    @get("/", opt={"permission": "plugins.read"}, operation_id="listBargainCampaigns")
    async def list_campaigns(self, ctx: Ctx, status: FromQuery[CampaignState | None] = None,
                             cursor: Cursor = None, limit: PageLimit = DEFAULT_LIMIT) -> Page[CampaignOut]:
        """砍价活动: every campaign, the latest first (``status``: upcoming, live, ended or stopped),
        with its stock, sold and bargains started."""
        return page_of(await campaigns.list_campaigns(ctx, status), cursor, limit)

    @post("/", opt={"permission": "plugins.manage"}, operation_id="createBargainCampaign")
    async def create(self, ctx: Ctx, data: JSONBody[CampaignIn]) -> CampaignOut:
        """创建砍价活动: a campaign: an item from its price (or a campaign price) down to a floor price in N random
        cuts, the bargains that may be bought, a per-member limit, the window and each bargain's hours."""
        return await campaigns.create_campaign(ctx, data)

    @get("/{bargain_campaign_id:int}", opt={"permission": "plugins.read"}, operation_id="getBargainCampaign")
    async def get_one(self, ctx: Ctx, bargain_campaign_id: FromPath[int]) -> CampaignOut:
        """砍价活动详情: one campaign with its figures."""
        return await campaigns.get_campaign(ctx, bargain_campaign_id)

    @post("/{bargain_campaign_id:int}/stop", opt={"permission": "plugins.manage"}, status_code=200,
          operation_id="stopBargainCampaign")
    async def stop(self, ctx: Ctx, bargain_campaign_id: FromPath[int]) -> CampaignOut:
        """停止: no new bargain starts; bargains under way may still be cut and bought until their deadline."""
        return await campaigns.stop_campaign(ctx, bargain_campaign_id)

    @get("/{bargain_campaign_id:int}/bargains", opt={"permission": "orders.read", "scope": "tenant"}, operation_id="listBargains")
    async def bargains_of(self, ctx: Ctx, bargain_campaign_id: FromPath[int],
                          cursor: Cursor = None, limit: PageLimit = DEFAULT_LIMIT) -> Page[BargainOut]:
        """砍价记录: every bargain of the campaign, newest first: its price now, cuts done, status and order."""
        return page_of(await bargains.campaign_bargains(ctx, bargain_campaign_id), cursor, limit)


class MyBargainsController(Controller):
    path = "/me/bargains"
    tags = ["member H5"]

    @get("/campaigns", opt=MEMBER, operation_id="listMyBargainCampaigns")
    async def campaigns_now(self, ctx: Ctx,
                            cursor: Cursor = None, limit: PageLimit = DEFAULT_LIMIT) -> Page[CampaignOut]:
        """砍价: the campaigns on now, with how many bargains I started in each."""
        return page_of(await campaigns.member_campaigns(ctx, ctx.actor.id or 0), cursor, limit)

    @post("/campaigns/{bargain_campaign_id:int}/start", opt=MEMBER, operation_id="startMyBargain")
    async def start(self, ctx: Ctx, bargain_campaign_id: FromPath[int]) -> BargainOut:
        """发起砍价: a bargain of mine with its share link; refused outside the campaign, when sold out
        or over my limit."""
        return await bargains.start(ctx, bargain_campaign_id, ctx.actor.id or 0)

    @get("/", opt=MEMBER, operation_id="listMyBargains")
    async def mine(self, ctx: Ctx, cursor: Cursor = None, limit: PageLimit = DEFAULT_LIMIT) -> Page[BargainOut]:
        """我的砍价: my bargains, newest first, with their price now and seconds left."""
        return page_of(await bargains.member_bargains(ctx, ctx.actor.id or 0), cursor, limit)

    @get("/{bargain_id:int}", opt=MEMBER, operation_id="getMyBargain")
    async def get_one(self, ctx: Ctx, bargain_id: FromPath[int]) -> BargainOut:
        """我的砍价详情: one bargain of mine with every friend's cut."""
        return await bargains.bargain_out(ctx, await bargains.own(ctx, bargain_id, ctx.actor.id or 0))

    @post("/{bargain_id:int}/buy", opt=MEMBER, operation_id="buyMyBargain")
    async def buy(self, ctx: Ctx, request: Request, bargain_id: FromPath[int], data: JSONBody[BuyIn],
                  idempotency_key: IdempotencyKey = None) -> Response[BargainOut]:
        """购买: an order for me at the bargained price (only at the floor if the store says so), once
        per bargain, to pay before ``pay_by``; a price below the floor is refused."""

        async def work() -> BargainOut:
            return await buying.buy(ctx, bargain_id, ctx.actor.id or 0, data)

        return await idempotent(ctx, request, work)

    @get("/shared/{code:str}", opt=MEMBER, operation_id="getSharedBargain")
    async def shared(self, ctx: Ctx, code: FromPath[str]) -> BargainOut:
        """好友的砍价: a friend's bargain by its share code: the price now, the cuts so far and the time left."""
        return await bargains.bargain_out(ctx, await bargains.by_code(ctx, code))

    @post("/shared/{code:str}/cut", opt=MEMBER, operation_id="cutSharedBargain")
    async def cut(self, ctx: Ctx, code: FromPath[str]) -> HelpOut:
        """帮砍: cut a friend's bargain once (not my own); refused when it is done, closed or past its deadline."""
        return await bargains.help_cut(ctx, code, ctx.actor.id or 0)


ROUTES = [CampaignsController, MyBargainsController]

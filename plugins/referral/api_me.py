"""REST for members (H5): become a promoter, my code, link and poster, the people I brought, their
orders' commission and my balances (pending, available, paid, owed)."""

from __future__ import annotations

from litestar import Controller, Response, get, post

from plugins.referral import promoters, views
from plugins.referral.api import SVG, PromoterController, ReferralController, poster_of
from plugins.referral.errors import PromoterNotActive
from plugins.referral.schemas import BroughtMember, CommissionOut, MyReferral, PromoterOut
from sdk import MEMBER, Ctx, NotFound
from sdk.http import DEFAULT_LIMIT, Cursor, Page, PageLimit, page_of


async def _mine(ctx: Ctx) -> dict:
    mine = await promoters.of_member(ctx, ctx.actor.id or 0)
    if mine is None:
        raise NotFound(resource="promoter", zh="您还不是推广员", en="You are not a promoter yet")
    return mine


class MyReferralController(Controller):
    path = "/me/referral"
    tags = ["member H5"]

    @get("/", opt=MEMBER, operation_id="getMyReferral")
    async def mine(self, ctx: Ctx) -> MyReferral:
        """我的推广: my promoter status, code, share link and commission pending, available, paid and owed."""
        return await views.my_referral(ctx, ctx.actor.id or 0)

    @post("/apply", opt=MEMBER, operation_id="applyAsPromoter")
    async def apply(self, ctx: Ctx) -> PromoterOut:
        """成为推广员: at once, or pending the store's approval; applying again answers with what I am."""
        return await promoters.apply(ctx, ctx.actor.id or 0)

    @get("/poster", opt=MEMBER, operation_id="getMyPoster", media_type=SVG)
    async def poster(self, ctx: Ctx) -> Response[str]:
        """我的推广海报: an SVG poster with my link's QR code (once approved)."""
        mine = await _mine(ctx)
        if mine["status"] != "active":
            raise PromoterNotActive(name=mine["name"])
        return await poster_of(ctx, mine["id"])

    @get("/members", opt=MEMBER, operation_id="listMyReferredMembers")
    async def members(self, ctx: Ctx, cursor: Cursor = None, limit: PageLimit = DEFAULT_LIMIT) -> Page[BroughtMember]:
        """我邀请的人: name and phone's last four digits, their orders that earned and my commission."""
        return page_of(await views.brought(ctx, (await _mine(ctx))["id"]), cursor, limit)

    @get("/commissions", opt=MEMBER, operation_id="listMyCommissions")
    async def commissions(self, ctx: Ctx,
                          cursor: Cursor = None, limit: PageLimit = DEFAULT_LIMIT) -> Page[CommissionOut]:
        """我的佣金: each order that earned me commission, pending or available, and what refunds took back."""
        return page_of(await views.commissions(ctx, (await _mine(ctx))["id"]), cursor, limit)


# Every route of the plugin: this module imports api.py, so the list is kept here.
ROUTES = [PromoterController, ReferralController, MyReferralController]

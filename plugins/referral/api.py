"""REST for staff: promoters (推广员) with approval, staff and partner promoters, bindings, commission
rules, commissions, statements, payouts (结算) and posters."""

from __future__ import annotations

from typing import Literal

from litestar import Controller, Request, Response, get, post, put

from plugins.referral import binding, payouts, promoters, rules, views
from plugins.referral.poster import poster_svg
from plugins.referral.schemas import (
    BindingIn,
    BindingOut,
    BroughtMember,
    CommissionOut,
    MemberReferral,
    PayoutIn,
    PayoutOut,
    PromoterIn,
    PromoterOut,
    RulesIn,
    RulesOut,
    StatementOut,
)
from sdk import Ctx, FromPath, FromQuery, IdempotencyKey, JSONBody, idempotent
from sdk.http import DEFAULT_LIMIT, Cursor, Page, PageLimit, page_of

READ = {"permission": "members.read"}
MANAGE = {"permission": "plugins.manage"}
SVG = "image/svg+xml"


async def poster_of(ctx: Ctx, promoter_id: int) -> Response[str]:
    promoter = await promoters.out(ctx, await promoters.row(ctx, promoter_id))
    svg = poster_svg(ctx.tenant.name, promoter.name, promoter.code, promoter.share_link)
    return Response(content=svg, media_type=SVG)


class PromoterController(Controller):
    path = "/referral/promoters"
    tags = ["referral"]

    @get("/", opt=READ, operation_id="listPromoters")
    async def listing(self, ctx: Ctx, status: FromQuery[Literal["pending", "active"] | None] = None,
                      kind: FromQuery[Literal["member", "staff", "partner"] | None] = None,
                      cursor: Cursor = None, limit: PageLimit = DEFAULT_LIMIT) -> Page[PromoterOut]:
        """推广员: every promoter newest first, with people brought and commission pending, available and paid."""
        return page_of(await promoters.listing(ctx, status, kind), cursor, limit)

    @post("/", opt=MANAGE, operation_id="createPromoter")
    async def create(self, ctx: Ctx, data: JSONBody[PromoterIn]) -> PromoterOut:
        """添加推广员: add a promoter: a staff member, a partner business (渠道推广码) or a member; active at once."""
        return await promoters.create(ctx, data)

    @get("/{promoter_id:int}", opt=READ, operation_id="getPromoter")
    async def get_one(self, ctx: Ctx, promoter_id: FromPath[int]) -> PromoterOut:
        """推广员详情: one promoter with its code, share link and balances (owed: taken back by refunds beyond
        what was available)."""
        return await promoters.out(ctx, await promoters.row(ctx, promoter_id))

    @post("/{promoter_id:int}/approve", opt=MANAGE, operation_id="approvePromoter", status_code=200)
    async def approve(self, ctx: Ctx, promoter_id: FromPath[int]) -> PromoterOut:
        """审核通过: a member's application becomes an active promoter."""
        return await promoters.approve(ctx, promoter_id)

    @get("/{promoter_id:int}/members", opt=READ, operation_id="listPromoterMembers")
    async def members(self, ctx: Ctx, promoter_id: FromPath[int],
                      cursor: Cursor = None, limit: PageLimit = DEFAULT_LIMIT) -> Page[BroughtMember]:
        """推广的会员: people the promoter brought (newest first), with their orders that earned and the commission."""
        await promoters.row(ctx, promoter_id)
        return page_of(await views.brought(ctx, promoter_id), cursor, limit)

    @get("/{promoter_id:int}/commissions", opt=READ, operation_id="listPromoterCommissions")
    async def commissions(self, ctx: Ctx, promoter_id: FromPath[int],
                          cursor: Cursor = None, limit: PageLimit = DEFAULT_LIMIT) -> Page[CommissionOut]:
        """推广佣金订单: the orders that earned the promoter commission, newest first, with what refunds took back."""
        await promoters.row(ctx, promoter_id)
        return page_of(await views.commissions(ctx, promoter_id), cursor, limit)

    @get("/{promoter_id:int}/statement", opt={"permission": "ledger.read"}, operation_id="getPromoterStatement")
    async def statement(self, ctx: Ctx, promoter_id: FromPath[int]) -> StatementOut:
        """佣金明细: the promoter's pending and available ledger movements, newest first."""
        return await views.promoter_statement(ctx, promoter_id)

    @get("/{promoter_id:int}/payouts", opt=READ, operation_id="listPromoterPayouts")
    async def payouts(self, ctx: Ctx, promoter_id: FromPath[int],
                      cursor: Cursor = None, limit: PageLimit = DEFAULT_LIMIT) -> Page[PayoutOut]:
        """推广员结算记录: the promoter's payouts, newest first."""
        await promoters.row(ctx, promoter_id)
        return page_of(await payouts.listing(ctx, promoter_id), cursor, limit)

    @post("/{promoter_id:int}/payouts", opt=MANAGE, operation_id="payOutCommission")
    async def pay_out(self, ctx: Ctx, request: Request, promoter_id: FromPath[int], data: JSONBody[PayoutIn],
                      idempotency_key: IdempotencyKey = None) -> Response[PayoutOut]:
        """结算佣金: pay up to what is available, as stored value or as a recorded cash or transfer payout."""

        async def work() -> PayoutOut:
            return await payouts.pay_out(ctx, promoter_id, data)

        return await idempotent(ctx, request, work)

    @get("/{promoter_id:int}/poster", opt=READ, operation_id="getPromoterPoster", media_type=SVG)
    async def poster(self, ctx: Ctx, promoter_id: FromPath[int]) -> Response[str]:
        """推广海报: an SVG poster with the share link's QR code (for staff and partner flyers too)."""
        return await poster_of(ctx, promoter_id)


class ReferralController(Controller):
    path = "/referral"
    tags = ["referral"]

    @post("/bindings", opt={"permission": "members.write"}, operation_id="bindMemberToPromoter")
    async def bind(self, ctx: Ctx, data: JSONBody[BindingIn]) -> BindingOut:
        """手动绑定: bind a member to a promoter (by id or share code); a bound member is 409 ``already_bound``."""
        return await binding.bind_by_staff(ctx, data)

    @get("/members/{member_id:int}", opt=READ, operation_id="getMemberReferral")
    async def member(self, ctx: Ctx, member_id: FromPath[int]) -> MemberReferral:
        """会员推广关系: a member's referral file: the promoter they are, and who brought them."""
        return await views.member_referral(ctx, member_id)

    @get("/rules", opt=READ, operation_id="getCommissionRules")
    async def get_rules(self, ctx: Ctx) -> RulesOut:
        """佣金规则: the default rates (settings) and the per-item and per-category overrides."""
        return await rules.listing(ctx)

    @put("/rules", opt=MANAGE, operation_id="replaceCommissionRules")
    async def put_rules(self, ctx: Ctx, data: JSONBody[RulesIn]) -> RulesOut:
        """修改佣金规则: replace every override at once: percent (basis points) or fixed fen per unit, levels 1 and 2."""
        return await rules.replace(ctx, data)

    @get("/payouts", opt=READ, operation_id="listCommissionPayouts")
    async def payouts(self, ctx: Ctx, cursor: Cursor = None, limit: PageLimit = DEFAULT_LIMIT) -> Page[PayoutOut]:
        """结算记录: every payout, newest first."""
        return page_of(await payouts.listing(ctx), cursor, limit)

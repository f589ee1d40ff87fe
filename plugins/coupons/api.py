"""REST: coupon templates (券模板) with their figures, issuing and pushing, a member's coupons,
coupons on an open order; the member's own coupons and the coupon center (H5)."""

from __future__ import annotations

from typing import Literal

from litestar import Controller, Request, delete, get, post, put

from plugins.coupons import service
from plugins.coupons.schemas import (
    AttachIn,
    CenterOffer,
    CouponOut,
    CouponsSettings,
    IssueIn,
    PushIn,
    PushOut,
    TemplateIn,
    TemplateOut,
    TemplateStats,
)
from sdk import MEMBER, Ctx, FromPath, FromQuery, JSONBody, NotFound, Order, code_guess, plugin_settings
from sdk.http import DEFAULT_LIMIT, Cursor, Page, PageLimit, page_of

Status = Literal["available", "used", "expired", "void"]


class TemplateController(Controller):
    path = "/coupons/templates"
    tags = ["coupons"]

    @get("/", opt={"permission": "members.read"}, operation_id="listCouponTemplates")
    async def list_templates(self, ctx: Ctx,
                             cursor: Cursor = None, limit: PageLimit = DEFAULT_LIMIT) -> Page[TemplateOut]:
        """券模板: every template, newest first."""
        return page_of(await service.list_templates(ctx), cursor, limit)

    @post("/", opt={"permission": "plugins.manage"}, operation_id="createCouponTemplate")
    async def create(self, ctx: Ctx, data: JSONBody[TemplateIn]) -> TemplateOut:
        """创建券模板: a template: cash, percent with a cap, 满减 or a gift; scope, validity, stock and limits."""
        return await service.create_template(ctx, data)

    @get("/{template_id:int}", opt={"permission": "members.read"}, operation_id="getCouponTemplate")
    async def get_one(self, ctx: Ctx, template_id: FromPath[int]) -> TemplateOut:
        """券模板详情: one template, with how many were issued."""
        return await service.get_template(ctx, template_id)

    @put("/{template_id:int}", opt={"permission": "plugins.manage"}, operation_id="updateCouponTemplate")
    async def update(self, ctx: Ctx, template_id: FromPath[int], data: JSONBody[TemplateIn]) -> TemplateOut:
        """修改券模板: change a template (or stop it with ``active: false``); coupons issued keep their validity."""
        return await service.update_template(ctx, template_id, data)

    @get("/{template_id:int}/stats", opt={"permission": "members.read"}, operation_id="getCouponTemplateStats")
    async def stats(self, ctx: Ctx, template_id: FromPath[int]) -> TemplateStats:
        """活动效果: issued, redeemed, expired, the discount given and the sales of the orders that used it."""
        return await service.stats(ctx, template_id)

    @post("/{template_id:int}/issue", opt={"permission": "plugins.manage"}, operation_id="issueCoupon")
    async def issue(self, ctx: Ctx, template_id: FromPath[int], data: JSONBody[IssueIn]) -> CouponOut:
        """发券: give one coupon to a member (stock and limit apply)."""
        return await service.issue(ctx, template_id, data.member_id, "manual")

    @post("/{template_id:int}/push", opt={"permission": "plugins.manage"}, operation_id="pushCoupons")
    async def push(self, ctx: Ctx, template_id: FromPath[int], data: JSONBody[PushIn]) -> PushOut:
        """定向发券: to a list of members, or to everyone with a tag and/or level; says how many were skipped."""
        return await service.push(ctx, template_id, data)


class MemberCouponsController(Controller):
    path = "/members/{member_id:int}/coupons"
    tags = ["coupons"]

    @get("/", opt={"permission": "members.read"}, operation_id="listMemberCoupons")
    async def coupons(self, ctx: Ctx, member_id: FromPath[int], status: FromQuery[Status | None] = None,
                      cursor: Cursor = None, limit: PageLimit = DEFAULT_LIMIT) -> Page[CouponOut]:
        """会员的券: the member's coupons, newest first."""
        return page_of(await service.member_coupons(ctx, member_id, status), cursor, limit)


class OrderCouponsController(Controller):
    path = "/orders/{order_id:int}/coupons"
    tags = ["coupons"]

    @post("/", opt={"permission": "orders.write"}, operation_id="attachCoupon")
    async def attach(self, ctx: Ctx, request: Request, order_id: FromPath[int], data: JSONBody[AttachIn]) -> Order:
        """用券: put the member's coupon on the open order; the order comes back priced with it.

        Twenty unknown codes in 10 minutes from one caller and the next is refused with 429
        ``too_many_wrong_codes``.
        """
        async with code_guess(request, wrong=NotFound):
            return await service.attach(ctx, order_id, data.code)

    @delete("/", opt={"permission": "orders.write"}, operation_id="detachCoupon", status_code=200)
    async def detach(self, ctx: Ctx, order_id: FromPath[int], code: FromQuery[str | None] = None) -> Order:
        """取消用券: take the coupon ``code`` off the open order (without ``code``: every coupon on it)."""
        return await service.detach(ctx, order_id, code)


class MyCouponsController(Controller):
    path = "/me/coupons"
    tags = ["member H5"]

    @get("/", opt=MEMBER, operation_id="listMyCoupons")
    async def coupons(self, ctx: Ctx, status: FromQuery[Status | None] = None,
                      cursor: Cursor = None, limit: PageLimit = DEFAULT_LIMIT) -> Page[CouponOut]:
        """我的优惠券: newest first; ``status`` to show one kind."""
        return page_of(await service.member_coupons(ctx, ctx.actor.id or 0, status), cursor, limit)

    @get("/center", opt=MEMBER, operation_id="listCouponCenter")
    async def center(self, ctx: Ctx, cursor: Cursor = None, limit: PageLimit = DEFAULT_LIMIT) -> Page[CenterOffer]:
        """领券中心: the coupons I may take, with what is left (empty when the store hides it)."""
        if not (await plugin_settings(ctx, "coupons", CouponsSettings)).coupon_center:
            return page_of([], cursor, limit)
        return page_of(await service.center(ctx, ctx.actor.id or 0), cursor, limit)

    @post("/center/{template_id:int}/claim", opt=MEMBER, operation_id="claimCoupon")
    async def claim(self, ctx: Ctx, template_id: FromPath[int]) -> CouponOut:
        """领券: take one coupon of a template in the center."""
        return await service.claim(ctx, ctx.actor.id or 0, template_id)

    @post("/orders/{order_id:int}", opt=MEMBER, operation_id="attachMyCoupon")
    async def attach(self, ctx: Ctx, request: Request, order_id: FromPath[int], data: JSONBody[AttachIn]) -> Order:
        """我要用券: use one of my coupons on my open order (unknown codes count as for the till's route)."""
        async with code_guess(request, wrong=NotFound):
            return await service.attach(ctx, order_id, data.code, member_id=ctx.actor.id or 0)


ROUTES = [TemplateController, MemberCouponsController, OrderCouponsController, MyCouponsController]

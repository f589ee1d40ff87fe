"""REST: the sign-in plan, a member's days and gifts for staff; signing in, making up, the
calendar and gifts for the member (H5)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from litestar import Controller, Request, Response, get, post, put

from plugins.sign_in import gifts, service
from plugins.sign_in.schemas import Calendar, GiftOut, MakeUpIn, PlanIn, PlanOut, SignInOut, SignInStats, SignInStatus
from sdk import MEMBER, Ctx, FromPath, FromQuery, IdempotencyKey, JSONBody, idempotent
from sdk.http import DEFAULT_LIMIT, Cursor, Page, PageLimit, page_of

GiftStatus = Literal["pending", "collected", "expired"]


class PlanController(Controller):
    path = "/sign-in"
    tags = ["sign_in"]

    @get("/plan", opt={"permission": "plugins.read"}, operation_id="getSignInPlan")
    async def plan(self, ctx: Ctx) -> PlanOut:
        """签到规则: the cycle, each day's reward and the reward for completing the cycle."""
        return await service.get_plan(ctx)

    @put("/plan", opt={"permission": "plugins.manage"}, operation_id="saveSignInPlan")
    async def save_plan(self, ctx: Ctx, data: JSONBody[PlanIn]) -> PlanOut:
        """保存签到规则: replace the plan; streaks carry on and the new cycle counts from the next sign-in."""
        return await service.save_plan(ctx, data)

    @get("/stats", opt={"permission": "members.read"}, operation_id="getSignInStats")
    async def stats(self, ctx: Ctx, day: FromQuery[dt.date | None] = None) -> SignInStats:
        """签到统计: the day's sign-ins and make-ups, gifts waiting, the longest live streaks (today by default)."""
        return await gifts.stats(ctx, day or ctx.local_today())

    @get("/gifts", opt={"permission": "members.read"}, operation_id="listSignInGifts")
    async def list_gifts(self, ctx: Ctx, status: FromQuery[GiftStatus | None] = None,
                         member_id: FromQuery[int | None] = None,
                         cursor: Cursor = None, limit: PageLimit = DEFAULT_LIMIT) -> Page[GiftOut]:
        """签到礼品: gifts newest first (the last 100), by status and member."""
        return page_of(await gifts.list_gifts(ctx, status, member_id), cursor, limit)

    @post("/gifts/{gift_id:int}/collect", opt={"permission": "members.write"}, status_code=200,
          operation_id="collectSignInGift")
    async def collect(self, ctx: Ctx, gift_id: FromPath[int]) -> GiftOut:
        """到店领取: hand the gift over; a gift is collected once, and not after it expired."""
        return await gifts.collect(ctx, gift_id)


class MemberSignInController(Controller):
    path = "/members/{member_id:int}/sign-in"
    tags = ["sign_in"]

    @get("/", opt={"permission": "members.read"}, operation_id="getMemberSignIn")
    async def status(self, ctx: Ctx, member_id: FromPath[int]) -> SignInStatus:
        """会员签到状态: the member's streak, whether they signed today and what the next day gives."""
        return await service.status(ctx, member_id)

    @post("/", opt={"permission": "members.write"}, operation_id="signInMember")
    async def sign_in(self, ctx: Ctx, member_id: FromPath[int]) -> SignInOut:
        """前台代签: the desk signs the member in for today (a repeat returns the first)."""
        return await service.sign_in(ctx, member_id, method="desk", store_id=ctx.store_id)

    @get("/calendar", opt={"permission": "members.read"}, operation_id="getMemberSignInCalendar")
    async def calendar(self, ctx: Ctx, member_id: FromPath[int], month: FromQuery[str | None] = None) -> Calendar:
        """会员签到日历: the member's month (``month`` as YYYY-MM; this month by default)."""
        return await service.month_calendar(ctx, member_id, month)


class MySignInController(Controller):
    path = "/me/sign-in"
    tags = ["member H5"]

    @get("/", opt=MEMBER, operation_id="getMySignIn")
    async def status(self, ctx: Ctx) -> SignInStatus:
        """我的签到: my streak, whether I signed today, what the next day gives, make-ups left."""
        return await service.status(ctx, ctx.actor.id or 0)

    @post("/", opt=MEMBER, operation_id="signMeIn")
    async def sign_in(self, ctx: Ctx) -> SignInOut:
        """签到: sign in for today; a second time today answers with the first sign-in."""
        return await service.sign_in(ctx, ctx.actor.id or 0, method="app")

    @get("/calendar", opt=MEMBER, operation_id="getMySignInCalendar")
    async def calendar(self, ctx: Ctx, month: FromQuery[str | None] = None) -> Calendar:
        """签到日历: my month (YYYY-MM; this month by default), with the days I can still make up."""
        return await service.month_calendar(ctx, ctx.actor.id or 0, month)

    @post("/make-ups", opt=MEMBER, operation_id="makeUpMySignIn")
    async def make_up(self, ctx: Ctx, request: Request, data: JSONBody[MakeUpIn],
                      idempotency_key: IdempotencyKey = None) -> Response[SignInOut]:
        """补签: sign a missed day of this month for points (the price is in the calendar)."""

        async def work() -> SignInOut:
            return await service.make_up(ctx, ctx.actor.id or 0, data.day)

        return await idempotent(ctx, request, work)

    @get("/gifts", opt=MEMBER, operation_id="listMySignInGifts")
    async def my_gifts(self, ctx: Ctx, cursor: Cursor = None, limit: PageLimit = DEFAULT_LIMIT) -> Page[GiftOut]:
        """我的签到礼品: gifts to collect at the store, and those collected or expired."""
        return page_of(await gifts.member_gifts(ctx, ctx.actor.id or 0), cursor, limit)


ROUTES = [PlanController, MemberSignInController, MySignInController]

"""REST for members (H5): sign in by phone and SMS code, then the member's own data under /me.

Routes with ``opt={"audience": "member"}`` take only a member's session token, and every other
route refuses one (``core.http.auth``). Plugins mark their member routes the same way.
"""

from __future__ import annotations

from litestar import Controller, Request, Response, delete, get, patch, post

from core.http.auth import MEMBER, bearer_token
from core.http.idempotent import idempotent
from core.http.pagination import DEFAULT_LIMIT, Limit, Page, page_of
from core.http.params import Ctx, Cursor, FromPath, FromQuery, IdempotencyKey, JSONBody, PageLimit
from core.ledger.schemas import BalanceOut, StatementLine
from core.member_auth import me, service
from core.member_auth import schemas as s
from core.members.schemas import MemberCodeOut
from core.orders.schemas import Order
from core.ratelimit import code_request

PUBLIC = {"exclude_from_auth": True}


class MemberAuthController(Controller):
    path = "/member-auth"
    tags = ["member H5"]

    @post("/codes", opt=PUBLIC, operation_id="requestMemberSignInCode", status_code=202)
    async def request_code(self, request: Request, data: JSONBody[s.CodeRequest]) -> s.CodeSent:
        """发送登录验证码: text a 6-digit code to the phone (valid 5 minutes).

        The answer is the same whether or not the phone is a member. At most one code a minute
        and five an hour per phone, and 30 a minute and 300 an hour from one network address:
        more is refused with 429 ``too_many_code_requests``.
        """
        await code_request(request)
        return await service.request_code(data, request.app.state.plugins, request.app.state.clock)

    @post("/sessions", opt=PUBLIC, operation_id="createMemberSession")
    async def sign_in(self, request: Request, data: JSONBody[s.SignInRequest]) -> s.MemberSessionOut:
        """会员登录: exchange phone and code for a member token; a new phone registers the member (source h5).

        A code signs in once; five wrong guesses burn it. ``ref`` (a channel code) is kept on a
        newly registered member as source channel ``h5:<ref>``.
        """
        return await service.sign_in(data, request.app.state.plugins, request.app.state.clock)

    @delete("/session", opt=MEMBER, operation_id="deleteMemberSession")
    async def sign_out(self, request: Request, ctx: Ctx) -> None:
        """退出登录: revoke the member token this request was made with."""
        await service.sign_out(ctx, bearer_token(request) or "")


class MeController(Controller):
    path = "/me"
    tags = ["member H5"]

    @get("/", opt=MEMBER, operation_id="getMe")
    async def get_me(self, ctx: Ctx) -> s.Me:
        """我的资料: the signed-in member's profile."""
        return await me.profile(ctx)

    @patch("/", opt=MEMBER, operation_id="updateMe")
    async def update_me(self, ctx: Ctx, data: JSONBody[s.MeUpdate]) -> s.Me:
        """修改我的资料: change one's own name, gender or birthday."""
        return await me.update_profile(ctx, data)

    @get("/balances", opt=MEMBER, operation_id="getMyBalances")
    async def balances(self, ctx: Ctx, cursor: Cursor = None, limit: PageLimit = DEFAULT_LIMIT) -> Page[BalanceOut]:
        """我的资产: stored value (principal and bonus), points and card sessions."""
        return page_of(await me.balances(ctx), cursor, limit)

    @get("/statement", opt=MEMBER, operation_id="getMyStatement")
    async def statement(
        self, ctx: Ctx, purpose: FromQuery[s.MemberPurpose], cursor: Cursor = None, limit: PageLimit = DEFAULT_LIMIT,
    ) -> Page[StatementLine]:
        """明细: one's movements of a balance (储值/积分/次数), newest first, with the running balance."""
        return await me.statement(ctx, purpose, cursor, limit)

    @get("/orders", opt=MEMBER, operation_id="getMyOrders")
    async def orders(self, ctx: Ctx, cursor: FromQuery[str | None] = None,
                     limit: FromQuery[Limit] = DEFAULT_LIMIT) -> Page[Order]:
        """消费记录: one's orders newest first; cursor-paginated."""
        return await me.order_history(ctx, cursor, limit)

    @post("/orders/{order_id:int}/payments", opt=MEMBER, status_code=200, operation_id="payMyOrder")
    async def pay(self, ctx: Ctx, request: Request, order_id: FromPath[int], data: JSONBody[s.MyPayment | None] = None,
                  idempotency_key: IdempotencyKey = None) -> Response[Order]:
        """付款: pay one of my open orders (a flash-sale hold, a bargain) from my own balances, stored
        value unless tenders are named; never cash or an outside payment, which a till takes."""
        return await idempotent(ctx, request, lambda: me.pay(ctx, order_id, (data or s.MyPayment()).tenders),
                                status_code=200)

    @get("/code", opt=MEMBER, operation_id="getMyMemberCode")
    async def code(self, ctx: Ctx) -> MemberCodeOut:
        """会员码: a member code valid for two minutes, with its QR code as inline SVG, to show at the desk."""
        return await me.code(ctx)


ROUTES = [MemberAuthController, MeController]

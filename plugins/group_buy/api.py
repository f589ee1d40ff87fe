"""REST: deals and their groups for staff; for members (H5) the live deals, opening a group,
joining one by its share code, buying a regular deal, paying in the app and their own orders."""

from __future__ import annotations

from litestar import Controller, Request, Response, get, post, put

from plugins.group_buy import deals, joins
from plugins.group_buy.schemas import DealIn, DealOut, DealState, GroupOut, JoinOut, PayIn
from sdk import MEMBER, Ctx, FromPath, FromQuery, IdempotencyKey, JSONBody, idempotent
from sdk.http import DEFAULT_LIMIT, Cursor, Page, PageLimit, page_of


class DealsController(Controller):
    path = "/group-buy/deals"
    tags = ["group_buy"]

    @get("/", opt={"permission": "plugins.read"}, operation_id="listGroupDeals")
    async def list_deals(self, ctx: Ctx, status: FromQuery[DealState | None] = None,
                         cursor: Cursor = None, limit: PageLimit = DEFAULT_LIMIT) -> Page[DealOut]:
        """拼团活动: every deal, the latest first (``status``: upcoming, live, ended or stopped), with stock,
        sold and its groups open, complete and failed."""
        return page_of(await deals.list_deals(ctx, status), cursor, limit)

    @post("/", opt={"permission": "plugins.manage"}, operation_id="createGroupDeal")
    async def create(self, ctx: Ctx, data: JSONBody[DealIn]) -> DealOut:
        """创建拼团活动: a deal: regular (团购), friends (2–3 人) or multi (N 人), its group price below the item's,
        window, deadline hours, stock and per-member limit. Prices of one item: regular > friends > multi."""
        return await deals.create_deal(ctx, data)

    @get("/{deal_id:int}", opt={"permission": "plugins.read"}, operation_id="getGroupDeal")
    async def get_one(self, ctx: Ctx, deal_id: FromPath[int]) -> DealOut:
        """拼团活动详情: one deal with its figures."""
        return await deals.get_deal(ctx, deal_id)

    @put("/{deal_id:int}", opt={"permission": "plugins.manage"}, operation_id="updateGroupDeal")
    async def update(self, ctx: Ctx, deal_id: FromPath[int], data: JSONBody[DealIn]) -> DealOut:
        """修改拼团活动: replace a deal before it starts; once started it can only be stopped."""
        return await deals.update_deal(ctx, deal_id, data)

    @post("/{deal_id:int}/stop", opt={"permission": "plugins.manage"}, status_code=200, operation_id="stopGroupDeal")
    async def stop(self, ctx: Ctx, deal_id: FromPath[int]) -> DealOut:
        """停止: no new groups or purchases; open groups may still fill until their deadline."""
        return await deals.stop_deal(ctx, deal_id)

    @get("/{deal_id:int}/groups", opt={"permission": "orders.read", "scope": "tenant"}, operation_id="listGroupDealGroups")
    async def groups(self, ctx: Ctx, deal_id: FromPath[int],
                     cursor: Cursor = None, limit: PageLimit = DEFAULT_LIMIT) -> Page[GroupOut]:
        """拼团的团: the deal's groups, newest first, with their paid members and orders."""
        return page_of(await joins.deal_groups(ctx, deal_id), cursor, limit)


class GroupsController(Controller):
    path = "/group-buy/groups"
    tags = ["group_buy"]

    @get("/{group_id:int}", opt={"permission": "orders.read", "scope": "tenant"}, operation_id="getGroup")
    async def get_one(self, ctx: Ctx, group_id: FromPath[int]) -> GroupOut:
        """团详情: one group: seats paid, deadline, status and its paid members' orders."""
        return await joins.get_group(ctx, group_id)


class MyGroupBuyController(Controller):
    path = "/me/group-buy"
    tags = ["member H5"]

    @get("/deals", opt=MEMBER, operation_id="listMyGroupDeals")
    async def live(self, ctx: Ctx, cursor: Cursor = None, limit: PageLimit = DEFAULT_LIMIT) -> Page[DealOut]:
        """拼团: the deals on now."""
        return page_of(await deals.live_deals(ctx), cursor, limit)

    @post("/deals/{deal_id:int}/groups", opt=MEMBER, operation_id="openMyGroup")
    async def open_group(self, ctx: Ctx, deal_id: FromPath[int]) -> GroupOut:
        """开团: lead a new group; share its link; my order is at the group price, my seat mine once paid."""
        return await joins.open_group(ctx, deal_id, ctx.actor.id or 0)

    @post("/deals/{deal_id:int}/buy", opt=MEMBER, operation_id="buyMyGroupDeal")
    async def buy(self, ctx: Ctx, deal_id: FromPath[int]) -> JoinOut:
        """团购: an order at the group price of a regular deal."""
        return await joins.buy(ctx, deal_id, ctx.actor.id or 0)

    @get("/groups/{code:str}", opt=MEMBER, operation_id="getMyGroupByCode")
    async def group(self, ctx: Ctx, code: FromPath[str]) -> GroupOut:
        """分享的团: the share link's group: seats left and the countdown to its deadline."""
        return await joins.group_out(ctx, await joins.find_group(ctx, code))

    @post("/groups/{code:str}/join", opt=MEMBER, operation_id="joinMyGroup")
    async def join(self, ctx: Ctx, code: FromPath[str]) -> JoinOut:
        """参团: an order at the group price; refused when the group is full, closed or past its deadline,
        or (老带新) when I am not a new member."""
        return await joins.join_group(ctx, code, ctx.actor.id or 0)

    @get("/joins", opt=MEMBER, operation_id="listMyGroupJoins")
    async def mine(self, ctx: Ctx, cursor: Cursor = None, limit: PageLimit = DEFAULT_LIMIT) -> Page[JoinOut]:
        """我的拼团: my group-buy orders, newest first."""
        return page_of(await joins.member_joins(ctx, ctx.actor.id or 0), cursor, limit)

    @post("/joins/{join_id:int}/pay", opt=MEMBER, status_code=200, operation_id="payMyGroupJoin")
    async def pay(self, ctx: Ctx, request: Request, join_id: FromPath[int], data: JSONBody[PayIn | None] = None,
                  idempotency_key: IdempotencyKey = None) -> Response[JoinOut]:
        """付款: pay my group-buy order (stored value); a full group refuses it and nothing is charged."""

        async def work() -> JoinOut:
            return await joins.pay(ctx, join_id, ctx.actor.id or 0, (data or PayIn()).tender)

        return await idempotent(ctx, request, work, status_code=200)


ROUTES = [DealsController, GroupsController, MyGroupBuyController]

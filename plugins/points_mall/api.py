"""REST: rewards (兑换商品) and their figures, exchanges at the till, pickups verified, deliveries
shipped and cancelled; the member's mall and exchanges (H5)."""

from __future__ import annotations

from typing import Annotated, Literal

from litestar import Controller, Request, Response
from msgspec import Meta

from plugins.points_mall import exchange as flow
from plugins.points_mall import fulfilment, rewards
from plugins.points_mall.schemas import (
    CancelIn,
    ExchangeIn,
    ExchangeOut,
    Offer,
    PointsMallSettings,
    RewardFigures,
    RewardIn,
    RewardOut,
    ShipIn,
    StaffExchangeIn,
    VerifyIn,
)
from sdk import MEMBER, Ctx, FromPath, FromQuery, IdempotencyKey, JSONBody, NotFound, idempotent, plugin_settings
from sdk.http import DEFAULT_LIMIT, Cursor, Page, PageLimit, get, page_of, post, put

Status = Literal["pending", "collected", "shipped", "delivered", "issued", "refunded", "cancelled"]
Method = Literal["pickup", "delivery", "coupon"]
Limit = Annotated[int, Meta(ge=1, le=200)]


class RewardController(Controller):
    path = "/points-mall/rewards"
    tags = ["points mall"]

    @get("/", permission="members.read", operation_id="listPointsMallRewards")
    async def list_rewards(self, ctx: Ctx, cursor: Cursor = None, limit: PageLimit = DEFAULT_LIMIT) -> Page[RewardOut]:
        """兑换商品: every reward, newest first, with its stock left."""
        return page_of(await rewards.list_rewards(ctx), cursor, limit)

    @post("/", permission="plugins.manage", operation_id="createPointsMallReward")
    async def create(self, ctx: Ctx, data: JSONBody[RewardIn]) -> RewardOut:
        """添加兑换商品: a reward: points (+ cash) for a catalog item, a service or a coupon; stock, limit, dates, stores."""
        return await rewards.create_reward(ctx, data)

    @get("/{reward_id:int}", permission="members.read", operation_id="getPointsMallReward")
    async def get_one(self, ctx: Ctx, reward_id: FromPath[int]) -> RewardOut:
        """兑换商品详情: one reward, with how many were exchanged."""
        return await rewards.get_reward(ctx, reward_id)

    @put("/{reward_id:int}", permission="plugins.manage", operation_id="updatePointsMallReward")
    async def update(self, ctx: Ctx, reward_id: FromPath[int], data: JSONBody[RewardIn]) -> RewardOut:
        """修改兑换商品: change a reward (``active: false`` takes it off); the stock cannot go under what is exchanged."""
        return await rewards.update_reward(ctx, reward_id, data)

    @get("/{reward_id:int}/figures", permission="members.read", operation_id="getPointsMallRewardFigures")
    async def figures(self, ctx: Ctx, reward_id: FromPath[int]) -> RewardFigures:
        """兑换效果: exchanged, refunded, points and cash taken, to collect, to ship, delivered."""
        return await rewards.figures(ctx, reward_id)

    @post("/{reward_id:int}/exchange", permission="orders.write", operation_id="exchangePointsMallReward")
    async def exchange(self, ctx: Ctx, request: Request, reward_id: FromPath[int], data: JSONBody[StaffExchangeIn],
                       idempotency_key: IdempotencyKey = None) -> Response[ExchangeOut]:
        """前台兑换: a cashier exchanges a reward for a member; the order is paid with points (+ cash)."""

        async def work() -> ExchangeOut:
            row = await flow.exchange(ctx, reward_id, data.member_id, data)
            return await fulfilment.get_exchange(ctx, row["id"], show_code=True)  # the till prints it for the member

        return await idempotent(ctx, request, work)


class ExchangeController(Controller):
    path = "/points-mall/exchanges"
    tags = ["points mall"]

    @get("/", permission="orders.read", operation_id="listPointsMallExchanges")
    async def list_exchanges(self, ctx: Ctx, status: FromQuery[Status | None] = None, method: FromQuery[Method | None] = None,
                             member_id: FromQuery[int | None] = None, reward_id: FromQuery[int | None] = None,
                             cursor: Cursor = None, limit: PageLimit = DEFAULT_LIMIT) -> Page[ExchangeOut]:
        """兑换记录: newest first, by status, method, member or reward."""
        return await fulfilment.list_exchanges(ctx, status=status, method=method, member_id=member_id,
                                               reward_id=reward_id, cursor=cursor, limit=limit)

    @get("/{exchange_id:int}", permission="orders.read", operation_id="getPointsMallExchange")
    async def get_one(self, ctx: Ctx, exchange_id: FromPath[int]) -> ExchangeOut:
        """兑换详情: one exchange with its order, fulfilment and status."""
        return await fulfilment.get_exchange(ctx, exchange_id)

    @post("/{exchange_id:int}/ship", permission="orders.write", operation_id="shipPointsMallExchange", status_code=200)
    async def ship(self, ctx: Ctx, exchange_id: FromPath[int], data: JSONBody[ShipIn]) -> ExchangeOut:
        """发货: a pending delivery leaves with its carrier and tracking number."""
        return await fulfilment.ship(ctx, exchange_id, data)

    @post("/{exchange_id:int}/deliver", permission="orders.write", operation_id="deliverPointsMallExchange",
          status_code=200)
    async def deliver(self, ctx: Ctx, exchange_id: FromPath[int]) -> ExchangeOut:
        """签收: a shipped delivery arrived."""
        return await fulfilment.deliver(ctx, exchange_id)

    @post("/{exchange_id:int}/cancel", permission="orders.refund", operation_id="cancelPointsMallExchange",
          status_code=200)
    async def cancel(self, ctx: Ctx, request: Request, exchange_id: FromPath[int], data: JSONBody[CancelIn],
                     idempotency_key: IdempotencyKey = None) -> Response[ExchangeOut]:
        """取消兑换: not yet collected or delivered, it is refunded in full; stock and limit come back."""

        async def work() -> ExchangeOut:
            return await fulfilment.cancel(ctx, exchange_id, data.reason)

        return await idempotent(ctx, request, work, status_code=200)


class PickupController(Controller):
    path = "/points-mall/pickups"
    tags = ["points mall"]

    @post("/verify", permission="orders.write", operation_id="verifyPointsMallPickup", status_code=200)
    async def verify(self, ctx: Ctx, data: JSONBody[VerifyIn]) -> ExchangeOut:
        """核销提货码: the member shows the code, the desk marks it collected, once (a second time is 409)."""
        return await fulfilment.verify_pickup(ctx, data.code)


class MyPointsMallController(Controller):
    path = "/me/points-mall"
    tags = ["member H5"]

    @get("/rewards", permission=None, opt=MEMBER, operation_id="listMyPointsMall")
    async def offers(self, ctx: Ctx, cursor: Cursor = None, limit: PageLimit = DEFAULT_LIMIT) -> Page[Offer]:
        """积分商城: what I can exchange today, with the stock and my limit left (empty when the store hides it)."""
        if not (await plugin_settings(ctx, "points_mall", PointsMallSettings)).show_in_app:
            return page_of([], cursor, limit)
        return page_of(await rewards.offers(ctx, ctx.actor.id or 0), cursor, limit)

    @post("/rewards/{reward_id:int}/exchange", permission=None, opt=MEMBER, operation_id="exchangeMyPointsMallReward")
    async def exchange(self, ctx: Ctx, request: Request, reward_id: FromPath[int], data: JSONBody[ExchangeIn],
                       idempotency_key: IdempotencyKey = None) -> Response[ExchangeOut]:
        """兑换: my points (+ the cash part from my stored value or a payment) for a reward."""

        async def work() -> ExchangeOut:
            if not (await plugin_settings(ctx, "points_mall", PointsMallSettings)).show_in_app:
                raise NotFound(resource="reward", id=reward_id)  # the store hides its mall
            row = await flow.exchange(ctx, reward_id, ctx.actor.id or 0, data)
            return await fulfilment.get_exchange(ctx, row["id"], show_code=True)

        return await idempotent(ctx, request, work)

    @get("/exchanges", permission=None, opt=MEMBER, operation_id="listMyPointsMallExchanges")
    async def exchanges(self, ctx: Ctx, cursor: Cursor = None,
                        limit: PageLimit = DEFAULT_LIMIT) -> Page[ExchangeOut]:
        """我的兑换: newest first, with status, the pickup code while it waits, and the tracking number."""
        return await fulfilment.list_exchanges(ctx, member_id=ctx.actor.id or 0, cursor=cursor, limit=limit,
                                               show_code=True)


ROUTES = [RewardController, ExchangeController, PickupController, MyPointsMallController]

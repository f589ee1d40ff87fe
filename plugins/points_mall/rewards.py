"""Rewards (兑换商品): creating and changing them under their rules, what a member sees in the mall
now (with the stock and their own limit left), and the figures per reward."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from plugins.points_mall.errors import InvalidReward
from plugins.points_mall.schemas import Offer, RewardFigures, RewardIn, RewardOut
from plugins.points_mall.tables import Exchange, MemberCount, Reward
from sdk import Context, ItemOut, NotFound, find_item_by_sku, get_item, yuan_text
from sdk.db import get, insert, select, transaction, update

KEPT = ("pending", "collected", "shipped", "delivered", "issued")  # exchanges not refunded


def check(data: RewardIn) -> None:
    """The rules a reward must keep whatever its item: dates in order, methods that fit the kind."""
    if data.valid_from and data.valid_until and data.valid_from > data.valid_until:
        raise InvalidReward(reason_zh="开始日期晚于结束日期", reason="valid_from is after valid_until")
    methods = set(data.methods)
    if data.kind == "coupon":
        if data.coupon_template_id is None:
            raise InvalidReward(reason_zh="券类兑换品须选择券模板", reason="a coupon reward needs coupon_template_id")
        if methods != {"coupon"}:
            raise InvalidReward(reason_zh="券类兑换品只能直接发券", reason="a coupon reward is fulfilled by coupon only")
        return
    if data.coupon_template_id is not None:
        raise InvalidReward(reason_zh="只有券类兑换品填写券模板", reason="only a coupon reward has a coupon template")
    if "coupon" in methods:
        raise InvalidReward(reason_zh="实物和服务不能以发券方式兑现", reason="goods and services are not coupons")
    if data.kind == "service" and "delivery" in methods:
        raise InvalidReward(reason_zh="服务须到店享用，不能邮寄", reason="a service is taken at the store, not delivered")


async def _item(ctx: Context, data: RewardIn) -> ItemOut:
    try:
        item = await find_item_by_sku(ctx, data.sku)
    except NotFound:
        raise InvalidReward(reason_zh=f"商品库没有编码为 {data.sku} 的商品", reason=f"no catalog item {data.sku}") from None
    if item.kind == "card":
        raise InvalidReward(reason_zh="卡项请在收银台出售，不能兑换", reason="cards are sold at the till, not exchanged")
    if not item.active:
        raise InvalidReward(reason_zh=f"商品 {item.name} 已下架", reason=f"item {item.sku} is inactive")
    # The points must carry some of the item's value: it is what the points tender pays.
    if item.price_fen <= data.cash_fen:
        raise InvalidReward(reason_zh=f"现金部分须低于商品价格 {yuan_text(item.price_fen)} 元",
                            reason=f"the cash part must be below the item's price of ¥{yuan_text(item.price_fen)}")
    return item


def _columns(data: RewardIn, item: ItemOut) -> dict[str, Any]:
    values = msgspec.structs.asdict(data)
    del values["sku"]
    values["item_id"] = item.id
    values["store_ids_json"] = msgspec.json.encode(sorted(set(values.pop("store_ids")))).decode()
    values["methods_json"] = msgspec.json.encode(list(dict.fromkeys(values.pop("methods")))).decode()
    return values


def reward_out(row: dict[str, Any], item: ItemOut) -> RewardOut:
    values = {k: row[k] for k in RewardOut.__struct_fields__ if k in row}
    values.update(sku=item.sku, item_name=item.name, value_fen=item.price_fen,
                  store_ids=msgspec.json.decode(row["store_ids_json"]), methods=msgspec.json.decode(row["methods_json"]),
                  stock_left=max(row["stock"] - row["taken"], 0))
    return msgspec.convert(values, RewardOut)


async def _outs(ctx: Context, rows: list[dict[str, Any]]) -> list[RewardOut]:
    items: dict[int, ItemOut] = {}
    for row in rows:
        if row["item_id"] not in items:
            items[row["item_id"]] = await get_item(ctx, row["item_id"])
    return [reward_out(r, items[r["item_id"]]) for r in rows]


async def list_rewards(ctx: Context) -> list[RewardOut]:
    return await _outs(ctx, await select(ctx, Reward).order_by(Reward.id, ascending=False))


async def get_reward(ctx: Context, reward_id: int) -> RewardOut:
    return (await _outs(ctx, [await get(ctx, Reward, reward_id, "reward")]))[0]


async def create_reward(ctx: Context, data: RewardIn) -> RewardOut:
    ctx.require("plugins.manage")
    check(data)
    row = await insert(ctx, Reward, **_columns(data, await _item(ctx, data)), taken=0, created_at=ctx.now())
    return await get_reward(ctx, row["id"])


async def update_reward(ctx: Context, reward_id: int, data: RewardIn) -> RewardOut:
    """Change a reward (or take it off with ``active: false``); exchanges made keep their terms."""
    ctx.require("plugins.manage")
    check(data)
    item = await _item(ctx, data)
    async with transaction():
        await get(ctx, Reward, reward_id, "reward")
        values = {getattr(Reward, k): v for k, v in _columns(data, item).items()}
        # Guarded: an exchange taking stock meanwhile is counted before the new stock is compared.
        changed = await update(ctx, Reward, values).where(
            (Reward.id == reward_id) & (Reward.taken <= data.stock)).returning(Reward.id)
        if not changed:
            taken = (await get(ctx, Reward, reward_id, "reward"))["taken"]
            raise InvalidReward(reason_zh=f"已兑出 {taken} 件，库存不能更少",
                                reason=f"{taken} are exchanged already; the stock cannot be lower")
    return await get_reward(ctx, reward_id)


def open_on(reward: RewardOut, day: dt.date) -> bool:
    """On sale that store-local day: switched on and within its dates."""
    return (reward.active and (reward.valid_from is None or reward.valid_from <= day)
            and (reward.valid_until is None or day <= reward.valid_until))


async def offers(ctx: Context, member_id: int) -> list[Offer]:
    """积分商城 for a member: the rewards on sale today, with the stock and my limit left."""
    counts = {r["reward_id"]: r["taken"] for r in await select(ctx, MemberCount).where(MemberCount.member_id == member_id)}
    out = []
    for reward in await list_rewards(ctx):
        if not open_on(reward, ctx.local_today()):
            continue
        mine = None if reward.per_member_limit is None else max(reward.per_member_limit - counts.get(reward.id, 0), 0)
        out.append(Offer(reward=reward, stock_left=reward.stock_left, my_left=mine,
                         can_exchange=reward.stock_left > 0 and mine != 0))
    return out


async def figures(ctx: Context, reward_id: int) -> RewardFigures:
    reward = await get_reward(ctx, reward_id)
    rows = await select(ctx, Exchange, Exchange.status, Exchange.method, Exchange.points, Exchange.cash_fen).where(
        Exchange.reward_id == reward_id)
    kept = [r for r in rows if r["status"] in KEPT]

    def count(method: str, status: str) -> int:
        return sum(1 for r in kept if r["method"] == method and r["status"] == status)

    return RewardFigures(
        reward_id=reward_id, stock=reward.stock, taken=reward.taken, stock_left=reward.stock_left,
        exchanged=len(kept), refunded=len(rows) - len(kept), points=sum(r["points"] for r in kept),
        cash_fen=sum(r["cash_fen"] for r in kept), to_collect=count("pickup", "pending"),
        collected=count("pickup", "collected"), to_ship=count("delivery", "pending"), shipped=count("delivery", "shipped"),
        delivered=count("delivery", "delivered"), coupons_issued=count("coupon", "issued"),
    )


SAMPLES = [  # the demo gym's mall: a bar to take away, a class, a bar sent home
    RewardIn(kind="goods", title="蛋白棒", title_en="Protein bar", sku="protein-bar", points=800, stock=50,
             per_member_limit=2, methods=["pickup", "delivery"]),
    RewardIn(kind="service", title="团课体验一次", title_en="One group class", sku="group-class", points=3_000,
             cash_fen=990, stock=20, per_member_limit=1, methods=["pickup"]),
    RewardIn(kind="goods", title="矿泉水", title_en="Bottled water", sku="water", points=150, stock=200,
             methods=["pickup"]),
]


async def add_samples(ctx: Context) -> None:
    """``demo_store_created``: the demo gym's three sample rewards (skipped if its items are missing)."""
    for data in SAMPLES:
        try:
            await create_reward(ctx, data)
        except InvalidReward:
            continue

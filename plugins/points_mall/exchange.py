"""兑换: an exchange is a kernel order paid with points, so it is in every statement and report and
refunds through the kernel's refund.

How the points price becomes an order paid with points:

* The reward names a catalog item; the exchange opens an order of that one item for the member
  (``sdk.open_order``) and marks its line ``no_discount`` (``order_validated``), so no member
  price or coupon changes it and it earns no points. The order's total is the item's price: what
  the exchange is worth in the books.
* The order is paid (``sdk.pay_order``) with two tenders: the cash part (``cash_fen``, 加价购) with
  any tender the till takes (cash, stored value, external), and the rest with this plugin's own
  tender ``points_mall`` (积分兑换). That tender takes the reward's points price from the member
  through ``sdk.deduct_points`` (积分明细 prints "积分商城兑换：…", too few points is a 409 and
  nothing happens) and books its fen as marketing expense, as the points tender does; the
  kernel credits revenue. The daily report shows it as its own tender.
* Stock and the member's limit are taken first, by guarded UPDATEs in the same transaction
  (``taken < stock``, ``taken < per_member_limit`` on a unique counter row), so 100 exchanges of
  10 left succeed 10 times, and a refused payment gives everything back by rolling back.
* A coupon reward is issued in the same transaction (``sdk.issue_coupon``).

Refunds go through the kernel (``POST /orders/{id}/refunds`` or cancelling here): the
``points_mall`` tender gives back its points in proportion (``sdk.award_points``, exact over
partial refunds), the other tenders return their money. A full refund closes the exchange and
gives back the stock and the member's limit; a partial one (compensation) keeps it. Merchant
rules: a coupon once issued is the member's and its exchange is not refundable (409
``points_mall_coupon_final``); goods already collected or delivered may be refunded when they
come back to the desk, like any return, and go back into stock.
"""

from __future__ import annotations

import secrets
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from plugins.points_mall.errors import (
    CouponExchangeFinal,
    LimitReached,
    OutOfStock,
    PointsMallTenderOnly,
    RewardUnavailable,
    WrongMethod,
)
from plugins.points_mall.rewards import KEPT, get_reward, open_on
from plugins.points_mall.schemas import METHOD_NAMES, ExchangeIn, PointsMallSettings, RewardOut
from plugins.points_mall.tables import Exchange, MemberCount, Reward
from sdk import (
    Context,
    DomainError,
    InvalidInput,
    Leg,
    Order,
    Tender,
    TenderIn,
    accounts,
    award_points,
    credit,
    debit,
    deduct_points,
    is_unique_violation,
    issue_coupon,
    load_member,
    open_order,
    pay_order,
    plugin_settings,
)
from sdk.db import insert, select, transaction, update

PLUGIN = "points_mall"
KIND = "points_mall"  # the tender kind (积分兑换)
MARKETING = accounts.tenant("marketing_expense")
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud at the desk
CODE_LENGTH = 8  # 32^8 ≈ 10^12: not guessable, short enough to read out


@dataclass
class Run:
    """The exchange being paid in this task: what the ``points_mall`` tender may take, for which order."""

    reward: RewardOut
    member_id: int
    order_id: int | None = None


_RUN: ContextVar[Run | None] = ContextVar("points_mall_run", default=None)


def _store(ctx: Context, reward: RewardOut, data: ExchangeIn) -> int:
    store_id = data.store_id or ctx.store_id or (reward.store_ids[0] if reward.store_ids else None)
    if store_id is None:
        raise InvalidInput(field="store_id", zh="请选择门店", en="Say which store the exchange is for")
    if reward.store_ids and store_id not in reward.store_ids:
        raise RewardUnavailable(title=reward.title, reason_zh=f"不在门店 {store_id} 兑换",
                                reason=f"is not exchanged at store {store_id}")
    return store_id


async def _check(ctx: Context, reward: RewardOut, data: ExchangeIn) -> None:
    if not open_on(reward, ctx.local_today()):
        raise RewardUnavailable(title=reward.title, reason_zh="未上架或不在兑换期内", reason="is not on offer today")
    if data.method not in reward.methods:
        raise WrongMethod(title=reward.title, reason_zh=f"可选：{'、'.join(METHOD_NAMES[m][0] for m in reward.methods)}",
                          reason=f"choose one of {', '.join(METHOD_NAMES[m][1] for m in reward.methods)}")
    if data.method == "delivery" and not (data.recipient.strip() and data.phone.strip() and data.address.strip()):
        raise InvalidInput(field="address", zh="邮寄须填写收件人、电话和地址", en="Delivery needs recipient, phone and address")
    if not reward.cash_fen:
        return
    if data.cash_tender is None:
        raise InvalidInput(field="cash_tender", zh="请选择现金部分的支付方式", en="Say how the cash part is paid")
    if ctx.actor.kind == "member":
        allowed = (await plugin_settings(ctx, PLUGIN, PointsMallSettings)).member_cash_tenders
        if data.cash_tender not in allowed:
            raise InvalidInput(field="cash_tender", zh="会员端不支持该支付方式", en="That tender is not offered in the app")


async def _take(ctx: Context, reward: RewardOut, member_id: int) -> None:
    """One from the stock and one from the member's allowance, each a guarded UPDATE."""
    if not await update(ctx, Reward, {Reward.taken: Reward.taken + 1}).where(
            (Reward.id == reward.id) & (Reward.taken < Reward.stock)).returning(Reward.id):
        raise OutOfStock(title=reward.title)
    if reward.per_member_limit is None:
        return
    await MemberCount.insert(MemberCount(tenant_id=ctx.tenant_id, reward_id=reward.id, member_id=member_id,
                                         taken=0)).on_conflict(action="DO NOTHING")
    if not await update(ctx, MemberCount, {MemberCount.taken: MemberCount.taken + 1}).where(
            (MemberCount.reward_id == reward.id) & (MemberCount.member_id == member_id)
            & (MemberCount.taken < reward.per_member_limit)).returning(MemberCount.id):
        raise LimitReached(title=reward.title, limit=reward.per_member_limit)


async def _give_back(ctx: Context, reward_id: int, member_id: int) -> None:
    await update(ctx, Reward, {Reward.taken: Reward.taken - 1}).where((Reward.id == reward_id) & (Reward.taken > 0))
    await update(ctx, MemberCount, {MemberCount.taken: MemberCount.taken - 1}).where(
        (MemberCount.reward_id == reward_id) & (MemberCount.member_id == member_id) & (MemberCount.taken > 0))


async def _pickup_code(ctx: Context) -> str:
    while True:  # a clash among pending codes is ~never; the partial unique index is the last word
        code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
        if await select(ctx, Exchange, Exchange.id).where(
                (Exchange.pickup_code == code) & (Exchange.status == "pending")).first() is None:
            return code


async def _pay(ctx: Context, reward: RewardOut, member_id: int, store_id: int, data: ExchangeIn) -> Order:
    run = Run(reward=reward, member_id=member_id)
    token = _RUN.set(run)
    try:
        channel = "online" if ctx.actor.kind == "member" else "in_store"
        order = await open_order(ctx, store_id=store_id, member_id=member_id, lines=[(reward.item_id, 1)],
                                 channel=channel, note=f"积分商城兑换 / Points mall: {reward.title}", origin=PLUGIN)
        run.order_id = order.id
        points_fen = order.total_fen - reward.cash_fen
        if points_fen <= 0:  # the item's price was lowered under the cash part since the reward was set
            raise RewardUnavailable(title=reward.title, reason_zh="商品价格已变，请联系门店", reason="is mispriced")
        tenders = [TenderIn(kind=KIND, amount_fen=points_fen)]
        if reward.cash_fen:
            tenders.append(TenderIn(kind=data.cash_tender or "cash", amount_fen=reward.cash_fen, reference=data.reference))
        return await pay_order(ctx, order.id, tenders)
    finally:
        _RUN.reset(token)


async def _exchanged(ctx: Context, member_id: int, exchange_key: str | None) -> dict[str, Any] | None:
    if exchange_key is None:
        return None
    return await select(ctx, Exchange).where(
        (Exchange.member_id == member_id) & (Exchange.exchange_key == exchange_key)).first()


async def exchange(ctx: Context, reward_id: int, member_id: int, data: ExchangeIn,
                   exchange_key: str | None = None) -> dict[str, Any]:
    """Exchange one reward for a member: stock, limit, the paid order and the fulfilment, all or nothing.

    An ``exchange_key`` the member exchanged with before (a member page's form posted twice)
    answers with that exchange and takes nothing more. Call it outside a transaction then.
    """
    if (earlier := await _exchanged(ctx, member_id, exchange_key)) is not None:
        return earlier
    reward = await get_reward(ctx, reward_id)
    await load_member(ctx, member_id)
    store_id = _store(ctx, reward, data)
    await _check(ctx, reward, data)
    try:
        return await _exchange(ctx, reward, member_id, store_id, data, exchange_key)
    except Exception as exc:
        # Two taps at once: on PostgreSQL the second waits on the first's stock row, then finds
        # the points spent or the key taken and rolls back; the first one's exchange answers it.
        if not (isinstance(exc, DomainError) or is_unique_violation(exc)):
            raise
        if (earlier := await _exchanged(ctx, member_id, exchange_key)) is None:
            raise
        return earlier


async def _exchange(ctx: Context, reward: RewardOut, member_id: int, store_id: int, data: ExchangeIn,
                    exchange_key: str | None) -> dict[str, Any]:
    async with transaction():
        # SQLite's transactions take turns: the second tap sees the first's exchange here.
        if (earlier := await _exchanged(ctx, member_id, exchange_key)) is not None:
            return earlier
        await _take(ctx, reward, member_id)
        order = await _pay(ctx, reward, member_id, store_id, data)
        delivery = data.method == "delivery"
        row = await insert(
            ctx, Exchange, reward_id=reward.id, member_id=member_id, order_id=order.id, store_id=store_id,
            points=reward.points, cash_fen=reward.cash_fen, method=data.method,
            status="issued" if data.method == "coupon" else "pending",
            pickup_code=await _pickup_code(ctx) if data.method == "pickup" else None, coupon_code="",
            recipient=data.recipient.strip() if delivery else "", phone=data.phone.strip() if delivery else "",
            address=data.address.strip() if delivery else "", carrier="", tracking_no="", exchange_key=exchange_key,
            created_at=ctx.now(),
        )
        if data.method == "coupon" and reward.coupon_template_id is not None:
            coupon = await issue_coupon(ctx, member_id, reward.coupon_template_id, source=PLUGIN,
                                        idempotency_key=f"exchange:{row['id']}")
            row["coupon_code"] = coupon.code
            await update(ctx, Exchange, {Exchange.coupon_code: row["coupon_code"]}).where(Exchange.id == row["id"])
    return row


# --- hooks: the line, the tender, the refund ------------------------------------------------------


def mark_line(order: Order) -> None:
    """``order_validated`` (``@own_orders``): the exchange's line takes no discount and earns no points."""
    run = _RUN.get()
    if run is not None and run.order_id in (None, order.id) and order.member_id == run.member_id:
        for line in order.lines:
            line.no_discount = True


async def pay_points(ctx: Context, order: Order, tender: TenderIn) -> list[Leg] | None:
    """``tender_payment``: the ``points_mall`` tender takes the reward's points; only inside an exchange."""
    if tender.kind != KIND:
        return None
    run = _RUN.get()
    if run is None or run.order_id != order.id or order.member_id is None:
        raise PointsMallTenderOnly()
    title = run.reward.title
    await deduct_points(ctx, order.member_id, run.reward.points, reason=f"积分商城兑换：{title}",
                        reason_en=f"Points mall: {run.reward.title_en or title}", source=PLUGIN,
                        idempotency_key=f"order:{order.id}")
    return [debit(MARKETING, tender.amount_fen)]


async def refund_points(ctx: Context, order: Order, tender: Tender, amount_fen: int) -> list[Leg] | None:
    """``tender_refund``: points back in proportion to the fen refunded (all of them after the last)."""
    if tender.kind != KIND:
        return None
    row = await select(ctx, Exchange).where(Exchange.order_id == order.id).first()
    if row is not None and order.member_id is not None:
        before, after = tender.refunded_fen, tender.refunded_fen + amount_fen
        back = row["points"] * after // tender.amount_fen - row["points"] * before // tender.amount_fen
        if back > 0:
            reward = await get_reward(ctx, row["reward_id"])
            await award_points(ctx, order.member_id, back, reason=f"积分商城退款：{reward.title}",
                               reason_en=f"Points mall refund: {reward.title_en or reward.title}", source=PLUGIN,
                               idempotency_key=f"refund:{order.id}:{after}")
    return [credit(MARKETING, amount_fen)]


async def refunded(ctx: Context, order: Order) -> None:
    """``order_refunded`` (``@own_orders``: only this plugin's orders have an exchange): refunded in
    full, the exchange closes and gives back stock and limit."""
    row = await select(ctx, Exchange).where(Exchange.order_id == order.id).first()
    if row is None:
        return
    if row["method"] == "coupon":
        raise CouponExchangeFinal()
    if order.refunded_fen < order.paid_fen:
        return
    closed = await update(ctx, Exchange, {Exchange.status: "refunded", Exchange.closed_at: ctx.now()}).where(
        (Exchange.id == row["id"]) & Exchange.status.is_in(list(KEPT))).returning(Exchange.id)
    if closed:
        await _give_back(ctx, row["reward_id"], row["member_id"])

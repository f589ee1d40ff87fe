"""积分商城 on the member pages: the rewards with what my points afford, a reward and its exchange form
(a double tap exchanges once), the pickup code to show at the desk, and 我的兑换.

The cash part of a reward (加价购) is paid from the member's stored value, the one tender the app
takes without a payment provider (``member_cash_tenders``); a member whose stored value is short
exchanges at the counter, where the cash part is paid in cash or by card.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import msgspec
from litestar import Request, Response, get, post
from litestar.response import Redirect

from plugins.points_mall import exchange as flow
from plugins.points_mall import fulfilment, rewards
from plugins.points_mall.schemas import ExchangeIn, Offer, PointsMallSettings, RewardOut
from sdk import (
    Context,
    DomainError,
    FromPath,
    InsufficientBalance,
    InvalidInput,
    NotFound,
    accounts,
    balance,
    list_stores,
    load_member,
    plugin_settings,
    yuan_text,
)
from sdk.ledger import live_lots
from sdk.member_pages import MemberPage, member_context, once_key, render

PAGE_SIZE = 30


@dataclass(frozen=True, slots=True)
class Wallet:
    """What the member pays with: the points usable now and the stored value (principal + bonus)."""

    points: int
    stored_value_fen: int


@dataclass(frozen=True, slots=True)
class Shelf:
    """A reward as my mall shows it: whether my points reach it and where its cash part is paid."""

    offer: Offer
    points_short: int  # points still missing; 0 when I have enough
    at_counter: bool  # the cash part cannot be paid in the app (stored value short, or not taken)

    @property
    def reward(self) -> RewardOut:
        return self.offer.reward

    @property
    def can_exchange(self) -> bool:
        return self.offer.can_exchange and not self.points_short and not self.at_counter


async def wallet(ctx: Context, member_id: int) -> Wallet:
    points = sum(lot.remaining for lot in await live_lots(ctx, "points", owner_id=member_id))
    held = [await balance(ctx, accounts.member(member_id, p)) for p in ("stored_value_principal", "stored_value_bonus")]
    return Wallet(points=points, stored_value_fen=sum(held))


async def _settings(ctx: Context) -> PointsMallSettings:
    return await plugin_settings(ctx, "points_mall", PointsMallSettings)


async def shelves(ctx: Context, mine: Wallet) -> list[Shelf]:
    cash_in_app = "stored_value" in (await _settings(ctx)).member_cash_tenders
    return [Shelf(offer=o, points_short=max(o.reward.points - mine.points, 0),
                  at_counter=o.reward.cash_fen > 0 and (not cash_in_app or o.reward.cash_fen > mine.stored_value_fen))
            for o in await rewards.offers(ctx, ctx.actor.id or 0)]


def _closed(request: Request, mine: Wallet) -> Response:
    return render(request, "points_mall/member_mall.html", status_code=404, closed=True, wallet=mine, shelves=[])


@get("/")
async def mall(request: Request) -> Response:
    ctx = member_context(request)
    mine = await wallet(ctx, ctx.actor.id or 0)
    if not (await _settings(ctx)).show_in_app:
        return _closed(request, mine)
    return render(request, "points_mall/member_mall.html", closed=False, wallet=mine, shelves=await shelves(ctx, mine))


async def _reward_page(request: Request, reward_id: int, status_code: int = 200,
                       refusal: tuple[str, str] | None = None, form: dict[str, Any] | None = None) -> Response:
    ctx = member_context(request)
    member_id = ctx.actor.id or 0
    mine = await wallet(ctx, member_id)
    if not (await _settings(ctx)).show_in_app:
        return _closed(request, mine)
    shelf = next((s for s in await shelves(ctx, mine) if s.reward.id == reward_id), None)
    if shelf is None:  # taken off, out of its dates, another tenant's or none at all: the same page
        raise NotFound(resource="reward", zh="这件兑换品现在不能兑换，请回积分商城看看别的",
                       en="This reward is not on offer now: see the others in the points mall")
    member = await load_member(ctx, member_id)
    filled = form or {"recipient": member.name, "phone": member.phone.removeprefix("+86")}  # as a courier writes it
    return render(request, "points_mall/member_reward.html", status_code=status_code, shelf=shelf, wallet=mine,
                  stores=await _stores(ctx, shelf.reward), form=filled, refusal=refusal)


async def _stores(ctx: Context, reward: RewardOut) -> list[Any]:
    """The open stores the reward is exchanged at (all of them when it names none)."""
    return [s for s in await list_stores(ctx) if s.active and (not reward.store_ids or s.id in reward.store_ids)]


@get("/rewards/{reward_id:int}")
async def reward_page(request: Request, reward_id: FromPath[int]) -> Response:
    return await _reward_page(request, reward_id)


async def _exchange_in(ctx: Context, form: dict[str, Any], reward: RewardOut) -> ExchangeIn:
    """The form as an exchange: the method it names (or the only one), the store, the address."""
    method = str(form.get("method") or (reward.methods[0] if len(reward.methods) == 1 else ""))
    stores = await _stores(ctx, reward)
    chosen = next((s for s in stores if str(s.id) == form.get("store_id")), stores[0] if len(stores) == 1 else None)
    if chosen is None:
        raise InvalidInput(field="store_id", zh="请选择门店", en="Choose a store")
    values: dict[str, Any] = {"method": method, "store_id": chosen.id,
                              "cash_tender": "stored_value" if reward.cash_fen else None}
    if method == "delivery":
        values.update({k: str(form.get(k, "")).strip() for k in ("recipient", "phone", "address")})
    try:
        return msgspec.convert(values, ExchangeIn)
    except msgspec.ValidationError:
        raise InvalidInput(field="method", zh="请选择领取方式，并检查收件人、电话和地址",
                           en="Choose how to receive it and check the recipient, phone and address") from None


def _short(reward: RewardOut, mine: Wallet) -> tuple[str, str] | None:
    """What a refused payment was short of, in the member's words (None: neither, as far as we see)."""
    if mine.points < reward.points:
        return (f"积分不足：「{reward.title}」需要 {reward.points:,} 积分，您现有 {mine.points:,} 积分。",
                f"Not enough points: '{reward.title_en or reward.title}' takes {reward.points:,} points; "
                f"you have {mine.points:,}.")
    if mine.stored_value_fen < reward.cash_fen:
        return (f"储值余额 ¥{yuan_text(mine.stored_value_fen)}，不够支付现金部分 ¥{yuan_text(reward.cash_fen)}。"
                "可到店兑换：在前台出示会员码，现金部分用现金或扫码支付。",
                f"Your stored value of ¥{yuan_text(mine.stored_value_fen)} does not cover the cash part of "
                f"¥{yuan_text(reward.cash_fen)}. Exchange at the counter instead: show your member code and pay "
                "the cash part in cash or by card.")
    return None


@post("/rewards/{reward_id:int}")
async def exchange_reward(request: Request, reward_id: FromPath[int]) -> Response:
    """兑换: the form's one-time key is the exchange's key, so a double tap or a replay exchanges once."""
    ctx = member_context(request)
    member_id = ctx.actor.id or 0
    form = dict(await request.form())
    if not (await _settings(ctx)).show_in_app:
        return _closed(request, await wallet(ctx, member_id))
    key = once_key(request, form)
    try:
        if key is None:
            raise InvalidInput(field="_once", zh="页面已过期，请返回重新打开", en="This page has expired: open it again")
        data = await _exchange_in(ctx, form, await rewards.get_reward(ctx, reward_id))
        row = await flow.exchange(ctx, reward_id, member_id, data, exchange_key=key)
    except InsufficientBalance as exc:
        short = _short(await rewards.get_reward(ctx, reward_id), await wallet(ctx, member_id))
        return await _reward_page(request, reward_id, exc.status, short or (exc.detail_zh, exc.detail_en), form)
    except DomainError as exc:
        return await _reward_page(request, reward_id, exc.status, (exc.detail_zh, exc.detail_en), form)
    return Redirect(path=f"/m/{ctx.tenant.slug}/p/points_mall/exchanges/{row['id']}?done=1", status_code=303)


async def _store_names(ctx: Context) -> dict[int, str]:
    return {s.id: s.name for s in await list_stores(ctx)}


@get("/exchanges")
async def my_exchanges(request: Request) -> Response:
    """我的兑换: newest first, the pickup code while it waits, the tracking number once shipped."""
    ctx = member_context(request)
    page = await fulfilment.list_exchanges(ctx, member_id=ctx.actor.id or 0, cursor=request.query_params.get("cursor"),
                                           limit=PAGE_SIZE, show_code=True)
    return render(request, "points_mall/member_exchanges.html", exchanges=page.items, older=page.next_cursor,
                  stores=await _store_names(ctx))


@get("/exchanges/{exchange_id:int}")
async def my_exchange(request: Request, exchange_id: FromPath[int]) -> Response:
    """One of my exchanges: the pickup code large (and as a QR code), or where the parcel is."""
    ctx = member_context(request)
    try:
        found = await fulfilment.get_exchange(ctx, exchange_id, show_code=True)
    except NotFound:
        found = None
    if found is None or found.member_id != ctx.actor.id:
        raise NotFound(resource="exchange", zh="没有这条兑换记录", en="There is no such exchange")
    return render(request, "points_mall/member_exchange.html", exchange=found, stores=await _store_names(ctx),
                  done=request.query_params.get("done") == "1")


async def affordable(ctx: Context) -> int | None:
    """The tile's number: rewards I can exchange now (none while the mall is hidden)."""
    if not (await _settings(ctx)).show_in_app:
        return None
    return sum(1 for s in await shelves(ctx, await wallet(ctx, ctx.actor.id or 0)) if s.can_exchange)


PAGES = [
    MemberPage(path="/p/points_mall", title="积分商城", title_en="Points mall", icon="兑",
               handlers=[mall, reward_page, exchange_reward, my_exchanges, my_exchange], count=affordable,
               count_label="件可兑", count_label_en="to exchange"),
]

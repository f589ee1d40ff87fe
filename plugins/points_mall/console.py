"""积分商城 in the merchant console: the rewards at /console/p/points_mall with their figures and a
form to add or change one (what was typed is kept when it is refused); the exchanges with pickup
verification, shipping and cancelling at /console/p/points_mall/exchanges; the member's latest
exchanges in their file."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Request, Response, get, post

from plugins.points_mall.fulfilment import STATUS_ZH, cancel, deliver, list_exchanges, ship, verify_pickup
from plugins.points_mall.rewards import create_reward, figures, get_reward, list_rewards, update_reward
from plugins.points_mall.schemas import RewardIn, RewardOut, ShipIn
from sdk import Context, FromPath, Member, list_stores, member_names
from sdk.console import (
    REFUSALS,
    ConsolePage,
    FormError,
    MemberFileSection,
    act,
    action_route,
    back_with_notice,
    console_context,
    form_fields,
    parse_yuan,
    render,
    show_refused,
    yuan,
)
from sdk.loyalty import coupon_templates

PATH = "/console/p/points_mall"
EXCHANGES = f"{PATH}/exchanges"
TEXT = ("kind", "title", "title_en", "image_url", "sku", "valid_from", "valid_until")
WHOLE = ("points", "stock", "per_member_limit", "coupon_template_id")
METHODS = ("pickup", "delivery", "coupon")
FIELDS = (*TEXT, *WHOLE, "cash", "store_ids", "active", *(f"method_{m}" for m in METHODS))
LATEST = 10
LABELS = {"kind": "类型", "title": "名称", "title_en": "英文名称", "image_url": "图片地址", "sku": "商品编码",
          "coupon_template_id": "优惠券模板", "points": "积分", "cash_fen": "现金部分", "stock": "库存",
          "per_member_limit": "每人限兑", "methods": "领取方式", "carrier": "快递公司", "tracking_no": "快递单号"}


def reward_from(form: dict[str, str]) -> RewardIn:
    values: dict[str, Any] = {k: form.get(k) or None for k in TEXT}
    values.update(title_en=form.get("title_en", ""), image_url=form.get("image_url", ""), active=form.get("active") == "on")
    for field in WHOLE:
        text = form.get(field, "")
        if text and not text.isdigit():
            raise FormError(f"{field}: 须为整数 / a whole number")
        values[field] = int(text) if text else None
    cash = parse_yuan(form.get("cash", "") or "0")
    if cash is None or cash < 0:
        raise FormError("现金部分须为非负金额，最多两位小数 / cash part: an amount, at most 2 decimals")
    values["cash_fen"] = cash
    stores = form.get("store_ids", "").replace("，", ",").split(",")
    if not all(s.strip().isdigit() for s in stores if s.strip()):
        raise FormError("门店编号用逗号分隔 / store ids separated by commas")
    values["store_ids"] = [int(s) for s in stores if s.strip()]
    values["methods"] = [m for m in METHODS if form.get(f"method_{m}") == "on"]
    return msgspec.convert(values, RewardIn)


def form_of(reward: RewardOut) -> dict[str, str]:
    """A reward as the form shows it, to change it."""
    form = {k: "" if getattr(reward, k) is None else str(getattr(reward, k)) for k in (*TEXT, *WHOLE)}
    form.update(cash=yuan(reward.cash_fen) if reward.cash_fen else "", active="on" if reward.active else "",
                store_ids=",".join(str(s) for s in reward.store_ids), id=str(reward.id))
    form.update({f"method_{m}": "on" for m in reward.methods})
    return form


async def _page(request: Request, form: dict[str, str] | None = None, error: str = "", status_code: int = 200) -> Response:
    ctx = console_context(request)
    rewards = await list_rewards(ctx)
    stats = {r.id: await figures(ctx, r.id) for r in rewards}
    if form is None:
        edit = request.query_params.get("edit", "")
        form = form_of(await get_reward(ctx, int(edit))) if edit.isdigit() else {"active": "on", "kind": "goods"}
    return render(request, "points_mall/rewards.html", status_code=status_code, rewards=rewards, figures=stats,
                  form=form, error=error, coupon_templates=await coupon_templates(ctx), all_stores=await list_stores(ctx))


@get("/")
async def page(request: Request) -> Response:
    """The rewards with their figures, and the form (``?edit=<id>`` fills it with one reward)."""
    return await _page(request)


async def _save(request: Request, reward_id: int | None) -> Response:
    form = await form_fields(request, FIELDS)
    form["store_ids"] = ",".join(str(s) for s in (await request.form()).getall("store_ids", []))  # ticked stores
    ctx = console_context(request)
    try:
        data = reward_from(form)
        if reward_id is None:
            await create_reward(ctx, data)
        else:
            await update_reward(ctx, reward_id, data)
    except REFUSALS as exc:
        return await show_refused(request, _page, exc, LABELS, form={**form, "id": str(reward_id or "")})
    return back_with_notice(PATH, "added" if reward_id is None else "saved")


@post("/")
async def add(request: Request) -> Response:
    return await _save(request, None)


@post("/{reward_id:int}")
async def change(request: Request, reward_id: FromPath[int]) -> Response:
    return await _save(request, reward_id)


# --- exchanges ----------------------------------------------------------------------------------


async def _exchanges(request: Request, error: str = "", status_code: int = 200) -> Response:
    ctx = console_context(request)
    status = request.query_params.get("status") or None
    method = request.query_params.get("method") or None
    page_ = await list_exchanges(ctx, status=status if status in STATUS_ZH else None,
                                 method=method if method in METHODS else None, limit=100)
    names = await member_names(ctx, sorted({e.member_id for e in page_.items}))
    return render(request, "points_mall/exchanges.html", status_code=status_code, exchanges=page_.items,
                  names=names, status=status or "", method=method or "", statuses=STATUS_ZH, error=error)


@get("/")
async def exchanges(request: Request) -> Response:
    """Exchanges newest first (``?status=``, ``?method=``), with the desk's actions."""
    return await _exchanges(request)


@post("/verify")
async def verify(request: Request) -> Response:
    """核销提货码 at the desk."""
    code = (await form_fields(request, ("code",)))["code"]
    return await act(request, lambda ctx: verify_pickup(ctx, code), page=_exchanges, back=EXCHANGES, notice="verified")


@post("/{exchange_id:int}/ship")
async def ship_one(request: Request, exchange_id: FromPath[int]) -> Response:
    form = await form_fields(request, ("carrier", "tracking_no"))

    async def shipped(ctx: Context) -> None:
        await ship(ctx, exchange_id, msgspec.convert(form, ShipIn))

    return await act(request, shipped, page=_exchanges, back=EXCHANGES, notice="shipped")


deliver_one = action_route("/{exchange_id:int}/deliver", deliver, page=_exchanges, back=EXCHANGES, notice="delivered")


@post("/{exchange_id:int}/cancel")
async def cancel_one(request: Request, exchange_id: FromPath[int]) -> Response:
    """取消并退款; a second click finds it cancelled and is refused, so nothing is refunded twice."""
    reason = (await form_fields(request, ("reason",)))["reason"][:200]
    return await act(request, lambda ctx: cancel(ctx, exchange_id, reason), page=_exchanges, back=EXCHANGES,
                     notice="cancelled")


async def member_section(ctx: Context, member: Member) -> list[MemberFileSection]:
    """The member's latest exchanges in their file."""
    page_ = await list_exchanges(ctx, member_id=member.id, limit=LATEST)
    return [MemberFileSection(title="积分兑换", title_en="Points mall", template="points_mall/member_section.html",
                              data={"exchanges": page_.items, "statuses": STATUS_ZH})]


PAGES = [
    ConsolePage(path=PATH, title="积分商城", title_en="Points mall", handlers=[page, add, change],
                permission="plugins.manage"),
    ConsolePage(path=EXCHANGES, title="兑换记录", title_en="Exchanges",
                handlers=[exchanges, verify, ship_one, deliver_one, cancel_one], permission="orders.write",
                group="till"),
]

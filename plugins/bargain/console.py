"""砍价 in the merchant console, at /console/p/bargain: the campaigns with their stock, sold and
bargains started; a form for a new campaign (item by SKU, prices in yuan, times in the tenant's
timezone; what was typed kept when it is refused); stopping a campaign."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Request, Response, get, post
from litestar.response import Redirect

from plugins.bargain import campaigns
from plugins.bargain.schemas import CampaignIn
from sdk import DomainError, FromPath, find_item_by_sku, list_stores
from sdk.console import ConsolePage, FormError, console_context, local_datetime, parse_yuan, render, whole_number

PATH = "/console/p/bargain"
FIELDS = ("name", "name_en", "sku", "price", "floor", "helpers", "stock", "limit", "hours", "starts_at", "ends_at",
          "store_id")


def _yuan(text: str, label: str, optional: bool = False) -> int | None:
    if not text and optional:
        return None
    fen = parse_yuan(text)
    if fen is None or fen < 0:
        raise FormError(f"{label}须为金额（元） / {label}: an amount in yuan")
    return fen


async def campaign_from(ctx: Any, form: dict[str, str]) -> CampaignIn:
    item = await find_item_by_sku(ctx, form["sku"])
    zone = ctx.tenant.zone
    return msgspec.convert({
        "name": form["name"], "name_en": form["name_en"], "item_id": item.id,
        "price_fen": _yuan(form["price"], "起始价", optional=True), "floor_fen": _yuan(form["floor"], "底价"),
        "helpers_needed": whole_number(form["helpers"], "帮砍人数"), "stock": whole_number(form["stock"], "库存"),
        "per_member_limit": whole_number(form["limit"], "每人发起次数", default=1),
        "duration_hours": whole_number(form["hours"], "砍价时长", default=24),
        "starts_at": local_datetime(form["starts_at"], zone, "开始时间"), "ends_at": local_datetime(form["ends_at"], zone, "结束时间"),
        "store_id": int(form["store_id"]) if form["store_id"].isdigit() else None,
    }, CampaignIn)


async def _page(request: Request, form: dict[str, str] | None = None, error: str = "",
                status_code: int = 200) -> Response:
    ctx = console_context(request)
    return render(request, "bargain/campaigns.html", status_code=status_code,
                  campaigns=await campaigns.list_campaigns(ctx), order_stores=await list_stores(ctx),
                  form=form or {}, error=error)


@get("/")
async def page(request: Request) -> Response:
    return await _page(request)


@post("/")
async def create(request: Request) -> Response:
    raw = await request.form()
    form = {k: str(raw.get(k, "")).strip() for k in FIELDS}
    ctx = console_context(request)
    try:
        await campaigns.create_campaign(ctx, await campaign_from(ctx, form))
    except FormError as exc:
        return await _page(request, form, exc.message, 422)
    except msgspec.ValidationError as exc:
        return await _page(request, form, f"输入有误 / Invalid input: {exc}", 422)
    except DomainError as exc:
        return await _page(request, form, exc.message, exc.status)
    return Redirect(PATH)


@post("/{bargain_campaign_id:int}/stop")
async def stop(request: Request, bargain_campaign_id: FromPath[int]) -> Response:
    try:
        await campaigns.stop_campaign(console_context(request), bargain_campaign_id)
    except DomainError as exc:
        return Response(exc.message, status_code=exc.status, media_type="text/plain; charset=utf-8")
    return Redirect(PATH)


PAGES = [ConsolePage(path=PATH, title="砍价", title_en="Bargains", handlers=[page, create, stop],
                     permission="plugins.read")]

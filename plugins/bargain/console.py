"""砍价 in the merchant console, at /console/p/bargain: the campaigns with their stock, sold and
bargains started; a form for a new campaign (item by SKU, prices in yuan, times in the tenant's
timezone; what was typed kept when it is refused); stopping a campaign."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Request, Response, get, post

from plugins.bargain import campaigns
from plugins.bargain.schemas import CampaignIn
from sdk import find_item_by_sku, list_stores
from sdk.console import (
    REFUSALS,
    ConsolePage,
    FormError,
    action_route,
    back_with_notice,
    console_context,
    form_fields,
    local_datetime,
    parse_yuan,
    render,
    show_refused,
    whole_number,
)

PATH = "/console/p/bargain"
FIELDS = ("name", "name_en", "sku", "price", "floor", "helpers", "stock", "limit", "hours", "starts_at", "ends_at",
          "store_id")
LABELS = {"name": "活动名称", "name_en": "英文名称", "price_fen": "起始价", "floor_fen": "底价", "helpers_needed": "帮砍人数",
          "stock": "库存", "per_member_limit": "每人发起次数", "duration_hours": "砍价时长"}


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
    form = await form_fields(request, FIELDS)
    ctx = console_context(request)
    try:
        await campaigns.create_campaign(ctx, await campaign_from(ctx, form))
    except REFUSALS as exc:
        return await show_refused(request, _page, exc, LABELS, form=form)
    return back_with_notice(PATH, "added")


stop = action_route("/{bargain_campaign_id:int}/stop", campaigns.stop_campaign, page=_page, back=PATH,
                    notice="stopped")


PAGES = [ConsolePage(path=PATH, title="砍价", title_en="Bargains", handlers=[page, create, stop],
                     permission="plugins.read")]

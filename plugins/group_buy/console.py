"""拼团 in the merchant console, at /console/p/group_buy: the deals with stock, sold and groups
open, complete and failed; a form for a new deal (item by SKU, times in the tenant's timezone;
what was typed kept when it is refused); stopping a deal."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Request, Response, get, post

from plugins.group_buy import deals
from plugins.group_buy.schemas import DealIn
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

PATH = "/console/p/group_buy"
FIELDS = ("name", "name_en", "sku", "kind", "group_size", "price", "starts_at", "ends_at", "deadline_hours",
          "stock", "limit", "old_brings_new", "store_id")
LABELS = {"name": "活动名称", "name_en": "英文名称", "kind": "类型", "group_size": "成团人数", "group_price_fen": "拼团价",
          "deadline_hours": "成团时限", "stock": "库存", "per_member_limit": "每人限购"}


async def deal_from(ctx: Any, form: dict[str, str]) -> DealIn:
    item = await find_item_by_sku(ctx, form["sku"])
    price = parse_yuan(form["price"])
    if price is None or price <= 0:
        raise FormError("拼团价须为正数金额 / The group price: an amount in yuan")
    kind = form["kind"] or "multi"
    return msgspec.convert({
        "name": form["name"], "name_en": form["name_en"], "item_id": item.id, "kind": kind,
        "group_size": None if kind == "regular" else whole_number(form["group_size"], "成团人数", optional=True),
        "group_price_fen": price, "starts_at": local_datetime(form["starts_at"], ctx.tenant.zone, "开始时间"),
        "ends_at": local_datetime(form["ends_at"], ctx.tenant.zone, "结束时间"),
        "deadline_hours": whole_number(form["deadline_hours"], "成团时限", 24),
        "stock": whole_number(form["stock"], "库存", optional=True),
        "per_member_limit": whole_number(form["limit"], "每人限购", 1), "old_brings_new": form["old_brings_new"] == "on",
        "store_id": int(form["store_id"]) if form["store_id"].isdigit() else None,
    }, DealIn)


async def _page(request: Request, form: dict[str, str] | None = None, error: str = "",
                status_code: int = 200) -> Response:
    ctx = console_context(request)
    return render(request, "group_buy/deals.html", status_code=status_code, deals=await deals.list_deals(ctx),
                  order_stores=await list_stores(ctx), form=form or {}, error=error)


@get("/")
async def page(request: Request) -> Response:
    return await _page(request)


@post("/")
async def create(request: Request) -> Response:
    form = await form_fields(request, FIELDS)
    ctx = console_context(request)
    try:
        await deals.create_deal(ctx, await deal_from(ctx, form))
    except REFUSALS as exc:
        return await show_refused(request, _page, exc, LABELS, form=form)
    return back_with_notice(PATH, "added")


stop = action_route("/{deal_id:int}/stop", deals.stop_deal, page=_page, back=PATH, notice="stopped")


PAGES = [ConsolePage(path=PATH, title="拼团", title_en="Group buys", handlers=[page, create, stop],
                     permission="plugins.read")]

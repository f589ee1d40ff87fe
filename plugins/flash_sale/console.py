"""秒杀 in the merchant console, at /console/p/flash_sale: the sessions with each item's stock,
held and sold; a form for a new session (items by SKU, times in the tenant's timezone; what was
typed kept when it is refused); stopping a session."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Request, Response, get, post

from plugins.flash_sale import sessions
from plugins.flash_sale.schemas import SessionIn
from sdk import find_item_by_sku, list_stores
from sdk.console import (
    REFUSALS,
    ConsolePage,
    FormError,
    action_route,
    back_with_notice,
    console_context,
    form_fields,
    form_rows,
    local_datetime,
    parse_yuan,
    render,
    show_refused,
    whole_number,
)

PATH = "/console/p/flash_sale"
ITEM_ROWS = 4
FIELDS = ("name", "name_en", "starts_at", "ends_at", "store_id")
ITEM_FIELDS = ("sku", "price", "stock", "limit")
LABELS = {"name": "场次名称", "name_en": "英文名称", "items": "商品", "flash_price_fen": "秒杀价", "stock": "库存",
          "per_member_limit": "每人限购"}


async def session_from(ctx: Any, form: dict[str, str], rows: list[dict[str, str]]) -> SessionIn:
    zone = ctx.tenant.zone
    items = []
    for row in rows:
        if not row.get("sku"):
            continue
        item = await find_item_by_sku(ctx, row["sku"])
        price = parse_yuan(row.get("price", ""))
        if price is None or price <= 0:
            raise FormError(f"{row['sku']} 秒杀价须为正数金额 / {row['sku']}: a flash price in yuan")
        items.append({"item_id": item.id, "flash_price_fen": price,
                      "stock": whole_number(row.get("stock", ""), f"{row['sku']} 库存"),
                      "per_member_limit": whole_number(row.get("limit", ""), f"{row['sku']} 每人限购", default=1)})
    if not items:
        raise FormError("至少添加一件商品 / Add at least one item")
    return msgspec.convert({
        "name": form.get("name", ""), "name_en": form.get("name_en", ""),
        "starts_at": local_datetime(form.get("starts_at", ""), zone, "开始时间"),
        "ends_at": local_datetime(form.get("ends_at", ""), zone, "结束时间"),
        "store_id": int(form["store_id"]) if form.get("store_id", "").isdigit() else None, "items": items,
    }, SessionIn)


async def _page(request: Request, form: dict[str, str] | None = None, rows: list[dict[str, str]] | None = None,
                error: str = "", status_code: int = 200) -> Response:
    ctx = console_context(request)
    return render(request, "flash_sale/sessions.html", status_code=status_code,
                  sessions=await sessions.list_sessions(ctx), order_stores=await list_stores(ctx), form=form or {},
                  rows=(rows or []) + [{} for _ in range(max(ITEM_ROWS - len(rows or []), 1))], error=error)


@get("/")
async def page(request: Request) -> Response:
    return await _page(request)


@post("/")
async def create(request: Request) -> Response:
    form, rows = await form_fields(request, FIELDS), await form_rows(request, ITEM_FIELDS)
    ctx = console_context(request)
    try:
        await sessions.create_session(ctx, await session_from(ctx, form, rows))
    except REFUSALS as exc:
        return await show_refused(request, _page, exc, LABELS, form=form, rows=rows)
    return back_with_notice(PATH, "added")


stop = action_route("/{session_id:int}/stop", sessions.stop_session, page=_page, back=PATH, notice="stopped")


PAGES = [ConsolePage(path=PATH, title="秒杀", title_en="Flash sales", handlers=[page, create, stop],
                     permission="plugins.read")]

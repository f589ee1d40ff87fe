"""秒杀 in the merchant console, at /console/p/flash_sale: the sessions with each item's stock,
held and sold; a form for a new session (items by SKU, times in the tenant's timezone; what was
typed kept when it is refused); stopping a session."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Request, Response, get, post
from litestar.response import Redirect

from plugins.flash_sale import sessions
from plugins.flash_sale.schemas import SessionIn
from sdk import DomainError, FromPath, find_item_by_sku, list_stores
from sdk.console import ConsolePage, FormError, console_context, local_datetime, parse_yuan, render, whole_number

PATH = "/console/p/flash_sale"
ITEM_ROWS = 4
ITEM_FIELDS = ("sku", "price", "stock", "limit")


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
    raw = await request.form()
    form = {k: str(raw.get(k, "")).strip() for k in ("name", "name_en", "starts_at", "ends_at", "store_id")}
    count = sum(1 for k in raw if k.startswith("sku_"))
    rows = [{f: str(raw.get(f"{f}_{i}", "")).strip() for f in ITEM_FIELDS} for i in range(count)]
    ctx = console_context(request)
    try:
        await sessions.create_session(ctx, await session_from(ctx, form, rows))
    except FormError as exc:
        return await _page(request, form, rows, exc.message, 422)
    except msgspec.ValidationError as exc:
        return await _page(request, form, rows, f"输入有误 / Invalid input: {exc}", 422)
    except DomainError as exc:
        return await _page(request, form, rows, exc.message, exc.status)
    return Redirect(PATH)


@post("/{session_id:int}/stop")
async def stop(request: Request, session_id: FromPath[int]) -> Response:
    try:
        await sessions.stop_session(console_context(request), session_id)
    except DomainError as exc:
        return Response(exc.message, status_code=exc.status, media_type="text/plain; charset=utf-8")
    return Redirect(PATH)


PAGES = [ConsolePage(path=PATH, title="秒杀", title_en="Flash sales", handlers=[page, create, stop],
                     permission="plugins.read")]

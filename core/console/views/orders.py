"""Orders: the store's orders, one order with its tenders and refunds, the refund form, the receipt."""

from __future__ import annotations

import datetime as dt
from typing import Any

from litestar import Request, Response, get, post
from litestar.params import FromPath

from core.console.forms import error_text, form_of, redirect
from core.console.i18n import locale_of
from core.console.session import console_context
from core.console.templating import render_page
from core.errors import DomainError, InvalidInput
from core.orders import receipt, refunds, service
from core.orders import schemas as s
from core.orders.tenders import HANDED_BACK
from core.tenancy.service import list_all_staff

STATUSES = ("open", "held", "paid", "completed", "cancelled")


def _day(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


@get("/orders", opt={"permission": "orders.read"})
async def order_list(request: Request) -> Response:
    """The store's orders newest first (or largest first), filtered by status, staff and a range of
    local days, with what the filtered orders came to over every page."""
    ctx = console_context(request)
    params = request.query_params
    status = params.get("status") or None
    first, last = _day(params.get("from")), _day(params.get("to"))
    staff = params.get("staff", "")
    staff_rows = (await list_all_staff(ctx)) if ctx.actor.can("staff.read") else []
    zone = ctx.tenant.zone
    where = service.OrderFilter(
        store_id=ctx.store_id, status=status if status in STATUSES else None,
        staff_id=int(staff) if staff.isdigit() else None,
        since=dt.datetime.combine(first, dt.time(), zone) if first else None,
        until=dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), zone) if last else None,
    )
    largest_first = params.get("sort") == "total"
    page = await service.list_orders(ctx, where, cursor=params.get("cursor"), limit=20, largest_first=largest_first)
    return render_page(request, "console/orders/list.html", orders=page, status=status or "", statuses=STATUSES,
                       largest_first=largest_first,
                       totals=await service.order_totals(ctx, where), first=first, last=last, staff_chosen=staff,
                       staff_rows=staff_rows)


async def _order_page(request: Request, order_id: int, error: str | None = None, status_code: int = 200) -> Response:
    ctx = console_context(request)
    order = await service.load_order(ctx, order_id)
    refund_id = request.query_params.get("refund", "")
    refunded = next((r for r in order.refunds if str(r.id) == refund_id), None)
    return render_page(request, "console/orders/order.html", status_code=status_code, order=order, error=error,
                       paid=request.query_params.get("paid") == "1", refunded=refunded,
                       returns={r.id: refund_returns(order, r) for r in order.refunds})


def refund_returns(order: s.Order, refund: s.Refund) -> list[dict[str, Any]]:
    """What the cashier gives back for ``refund``, per tender: by hand (cash, the terminal) or not at all
    (stored value, points and sessions are already back in the member's account)."""
    references = {t.id: t.reference for t in order.tenders}
    return [{"kind": t["kind"], "amount_fen": t["amount_fen"], "by_hand": t["kind"] in HANDED_BACK,
             "reference": references.get(t.get("tender_id", 0), "")} for t in refund.tenders]


@get("/orders/{order_id:int}", opt={"permission": "orders.read"})
async def order_page(request: Request, order_id: FromPath[int]) -> Response:
    return await _order_page(request, order_id)


@get("/orders/{order_id:int}/receipt", opt={"permission": "orders.read"})
async def receipt_page(request: Request, order_id: FromPath[int]) -> Response:
    """The printable receipt: the same template as the API's receipt.html."""
    html = receipt.render_html(await receipt.build_receipt(console_context(request), order_id))
    return Response(html, media_type="text/html")  # litestar adds "; charset=utf-8" to text types itself


@post("/orders/{order_id:int}/refund", opt={"permission": "orders.refund"})
async def refund(request: Request, order_id: FromPath[int]) -> Response:
    ctx = console_context(request)
    form = await form_of(request)
    order = await service.load_order(ctx, order_id)
    lines = []
    for line in order.lines:
        text = str(form.get(f"refund_{line.id}", "")).strip() or "0"
        if not text.isdigit():
            return await _order_page(request, order_id, error_text(InvalidInput(field=line.name), locale_of(request)), 422)
        if int(text):
            lines.append(s.RefundLineIn(line_id=line.id, quantity=int(text)))
    try:
        if not lines:
            raise InvalidInput(field="lines", zh="请选择要退的商品数量", en="Choose what to refund")
        order = await refunds.refund_order(ctx, order_id, s.RefundRequest(lines=lines, reason=str(form.get("reason", ""))[:200]))
    except DomainError as exc:
        return await _order_page(request, order_id, error_text(exc, locale_of(request)), exc.status)
    return redirect(f"/console/orders/{order_id}?refund={order.refunds[-1].id}")  # the page says what to hand back


ROUTES = [order_list, order_page, receipt_page, refund]

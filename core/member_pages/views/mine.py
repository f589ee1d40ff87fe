"""我的: my statements (储值本金、赠送金、积分明细) and my orders with their receipts."""

from __future__ import annotations

from litestar import Request, Response, get
from litestar.params import FromPath

from core.console.i18n import locale_of
from core.member_auth import me
from core.member_pages.pages import member_context
from core.member_pages.templating import render_page

PURPOSES = ("stored_value_principal", "stored_value_bonus", "points")
PAGE_SIZE = 30


def memo_half(memo: str, english: bool) -> str:
    """A ledger memo written "中文 / English" in the member's language; any other memo as written."""
    zh, separator, en = memo.partition(" / ")
    return (en if english else zh).strip() if separator else memo


@get("/mine/statement")
async def statement(request: Request, tenant_slug: FromPath[str]) -> Response:
    ctx = member_context(request)
    purpose = request.query_params.get("purpose", "stored_value_principal")
    if purpose not in PURPOSES:
        purpose = "stored_value_principal"
    page = await me.statement(ctx, purpose, request.query_params.get("cursor") or None, PAGE_SIZE)
    english = locale_of(request) == "en"
    # The kernel's own kinds of entry are named by the template; a plugin's by its memo.
    return render_page(request, "member/statement.html", lines=page.items, purpose=purpose, purposes=PURPOSES,
                       older=page.next_cursor, points=purpose == "points", memo=lambda text: memo_half(text, english))


@get("/mine/orders")
async def order_list(request: Request, tenant_slug: FromPath[str]) -> Response:
    page = await me.order_history(member_context(request), request.query_params.get("cursor"), 20)
    return render_page(request, "member/orders.html", orders=page)


@get("/mine/orders/{order_id:int}")
async def order_receipt(request: Request, tenant_slug: FromPath[str], order_id: FromPath[int]) -> Response:
    return render_page(request, "member/order.html", order=await me.order(member_context(request), order_id))


ROUTES = [statement, order_list, order_receipt]

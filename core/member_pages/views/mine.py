"""我的: my statements (储值本金、赠送金、积分明细) and my orders with their receipts."""

from __future__ import annotations

from litestar import Request, Response, get
from litestar.params import FromPath

from core.errors import InvalidInput
from core.member_auth import me
from core.member_pages.pages import member_context
from core.member_pages.templating import render_page

PURPOSES = ("stored_value_principal", "stored_value_bonus", "points")
PAGE_SIZE = 30


def _before(raw: str | None) -> int | None:
    if raw is None or raw == "":
        return None
    if not raw.isdigit():
        raise InvalidInput(field="before", zh="页码有误，请从首页进入", en="A wrong page address: start from your card")
    return int(raw)


@get("/mine/statement")
async def statement(request: Request, tenant_slug: FromPath[str]) -> Response:
    ctx = member_context(request)
    purpose = request.query_params.get("purpose", "stored_value_principal")
    if purpose not in PURPOSES:
        purpose = "stored_value_principal"
    lines = await me.statement(ctx, purpose, _before(request.query_params.get("before")), PAGE_SIZE)
    older = lines[-1].entry_id if len(lines) == PAGE_SIZE else None
    return render_page(request, "member/statement.html", lines=lines, purpose=purpose, purposes=PURPOSES,
                       older=older, points=purpose == "points")


@get("/mine/orders")
async def order_list(request: Request, tenant_slug: FromPath[str]) -> Response:
    page = await me.order_history(member_context(request), request.query_params.get("cursor"), 20)
    return render_page(request, "member/orders.html", orders=page)


@get("/mine/orders/{order_id:int}")
async def order_receipt(request: Request, tenant_slug: FromPath[str], order_id: FromPath[int]) -> Response:
    return render_page(request, "member/order.html", order=await me.order(member_context(request), order_id))


ROUTES = [statement, order_list, order_receipt]

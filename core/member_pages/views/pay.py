"""付款 on the member pages: a member pays one of their open orders (a flash-sale hold, a bargain,
a group-buy seat) from their stored value, or is told how to pay it at the counter instead.

Plugins send the member here with ``?next=`` (their page, to come back to). Paying twice is
impossible by construction: an order is claimed when paid, so a replayed form finds it paid and
shows the receipt, charging nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from litestar import Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Redirect

from core.console.forms import error_text
from core.console.i18n import locale_of
from core.errors import DomainError, OrderNotPayable
from core.ledger.stored_value import stored_value
from core.member_auth import me
from core.member_pages.forms import safe_next
from core.member_pages.pages import member_context
from core.member_pages.templating import render_page


def _next_of(source: Mapping[str, Any], slug: str, order_id: int) -> str:
    named = source.get("next")
    return safe_next(named, slug) if named else f"/m/{slug}/mine/orders/{order_id}?paid=1"


async def _page(request: Request, order_id: int, back: str, status_code: int = 200, refusal: str = "") -> Response:
    ctx = member_context(request)
    order = await me.order(ctx, order_id)
    if order.status != "open":
        return Redirect(path=f"/m/{ctx.tenant.slug}/mine/orders/{order_id}", status_code=303)
    held = await stored_value(ctx, me.member_id_of(ctx))
    balance = held.principal_fen + held.bonus_fen
    return render_page(request, "member/pay.html", status_code=status_code, order=order, balance_fen=balance,
                       short_fen=max(order.total_fen - balance, 0), back=back, refusal=refusal)


@get("/mine/orders/{order_id:int}/pay")
async def pay_page(request: Request, tenant_slug: FromPath[str], order_id: FromPath[int]) -> Response:
    return await _page(request, order_id, _next_of(request.query_params, tenant_slug, order_id))


@post("/mine/orders/{order_id:int}/pay")
async def pay(request: Request, tenant_slug: FromPath[str], order_id: FromPath[int]) -> Response:
    ctx = member_context(request)
    form = dict(await request.form())
    back = _next_of(form, tenant_slug, order_id)
    try:
        await me.pay(ctx, order_id)
    except OrderNotPayable:
        return Redirect(path=f"/m/{tenant_slug}/mine/orders/{order_id}", status_code=303)  # paid before, or lapsed
    except DomainError as exc:
        return await _page(request, order_id, back, exc.status, error_text(exc, locale_of(request)))
    return Redirect(path=back, status_code=303)


ROUTES = [pay_page, pay]

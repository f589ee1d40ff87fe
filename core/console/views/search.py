"""搜索 · the console's one search box: a member by phone or name, an order by its number, an item
by SKU or name, each only where the staff member may look. One hit opens it at once."""

from __future__ import annotations

from litestar import Request, Response, get
from litestar.response import Redirect

from core.catalog.service import list_items
from core.console.session import console_context
from core.console.templating import render_page
from core.members.service import search_members
from core.orders.service import OrderFilter, list_orders

LIMIT = 10
MIN_DIGITS = 3  # fewer digits find too much to be a phone or an order number


@get("/search")
async def search(request: Request) -> Response:
    ctx = console_context(request)
    query = (request.query_params.get("q") or "").strip()[:64]
    members, orders, items = [], [], []
    if query:
        digits = query.replace("-", "").replace(" ", "")
        numeric = digits.isdigit() and len(digits) >= MIN_DIGITS
        if ctx.actor.can("members.read") and (numeric or not digits.isdigit()):
            found = await search_members(ctx, phone=query, limit=LIMIT) if numeric else \
                await search_members(ctx, name=query, limit=LIMIT)
            members = found.items
        if ctx.actor.can("orders.read") and numeric:
            orders = (await list_orders(ctx, OrderFilter(number=query, store_id=ctx.store_id), limit=LIMIT)).items
        if ctx.actor.can("catalog.read"):
            items = (await list_items(ctx, q=query, limit=LIMIT)).items
    hits = [*(f"/console/members/{m.id}" for m in members), *(f"/console/orders/{o.id}" for o in orders)]
    if len(hits) == 1 and not items:
        return Redirect(hits[0], status_code=303)
    return render_page(request, "console/search.html", search_query=query, members=members, orders=orders,
                       items=items)


ROUTES = [search]

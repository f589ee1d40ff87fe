"""The outbox (短信记录): what was texted, newest first. With no SMS provider configured this is
where whoever runs the store reads a member's sign-in code (never on a member page)."""

from __future__ import annotations

from litestar import Request, Response, get

from core.console.session import console_context
from core.console.templating import render_page
from core.messages import service


@get("/messages", opt={"permission": "messages.read"})
async def outbox(request: Request) -> Response:
    ctx = console_context(request)
    page = await service.list_messages(ctx, cursor=request.query_params.get("cursor"), limit=50)
    return render_page(request, "console/messages/list.html", messages=page)


ROUTES = [outbox]

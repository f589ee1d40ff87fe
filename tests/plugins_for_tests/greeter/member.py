"""The greeter's member pages: a public welcome page (a share page) and a wave that needs a member."""

from __future__ import annotations

from litestar import Request, Response, get, post

from sdk.member_pages import MemberPage, member_context, visitor_context


@get("/")
async def welcome(request: Request) -> Response:
    ctx = visitor_context(request)
    return Response(f"welcome, {ctx.actor.kind}", media_type="text/plain")


@post("/wave")
async def wave(request: Request) -> Response:
    ctx = member_context(request)
    return Response(f"waved by member {ctx.actor.id}", media_type="text/plain", status_code=200)


async def broken_count(ctx) -> int:
    raise RuntimeError("a bug in the greeter's tile count")


PAGES = [
    MemberPage(path="/p/greeter", title="迎宾", title_en="Greeter", icon="迎", handlers=[welcome, wave], public=True,
               count=broken_count, count_label="次"),
    MemberPage(path="/p/coupons/mine", title="冒名", title_en="Impostor", handlers=[welcome]),  # not its own: skipped
]

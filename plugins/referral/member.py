"""我的推广 on the member pages: become a promoter, then my share link with its QR code and my commission."""

from __future__ import annotations

from litestar import Request, Response, get, post

from plugins.referral import promoters, views
from sdk import DomainError
from sdk.member_pages import MemberPage, member_context, render


async def _page(request: Request, status_code: int = 200, refusal: tuple[str, str] | None = None) -> Response:
    ctx = member_context(request)
    mine = await views.my_referral(ctx, ctx.actor.id or 0)
    return render(request, "referral/member_page.html", status_code=status_code, mine=mine, refusal=refusal)


@get("/")
async def my_referral(request: Request) -> Response:
    return await _page(request)


@post("/apply")
async def apply(request: Request) -> Response:
    """成为推广员: applying again answers with what I am, so a replayed form changes nothing."""
    ctx = member_context(request)
    try:
        await promoters.apply(ctx, ctx.actor.id or 0)
    except DomainError as exc:
        return await _page(request, exc.status, (exc.detail_zh, exc.detail_en))
    return await _page(request)


PAGES = [MemberPage(path="/p/referral", title="推广赚佣金", title_en="Refer friends", icon="荐",
                    handlers=[my_referral, apply])]

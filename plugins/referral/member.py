"""我的推广 on the member pages: become a promoter, then my share link with its QR code and poster,
the friends I brought and my commission, order by order."""

from __future__ import annotations

from litestar import Request, Response, get, post

from plugins.referral import promoters, views
from plugins.referral.poster import poster_svg
from sdk import DomainError, NotFound
from sdk.member_pages import MemberPage, member_context, render


async def _page(request: Request, status_code: int = 200, refusal: tuple[str, str] | None = None) -> Response:
    ctx = member_context(request)
    mine = await views.my_referral(ctx, ctx.actor.id or 0)
    promoter = mine.promoter if mine.promoter is not None and mine.promoter.status == "active" else None
    brought = await views.brought(ctx, promoter.id) if promoter is not None else []
    earned = await views.commissions(ctx, promoter.id) if promoter is not None else []
    return render(request, "referral/member_page.html", status_code=status_code, mine=mine, refusal=refusal,
                  brought=brought, earned=earned)


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


@get("/poster.svg", media_type="image/svg+xml")
async def poster(request: Request) -> Response:
    """我的推广海报, to long-press and save or print: my link's QR code with the store's name and mine."""
    ctx = member_context(request)
    mine = (await views.my_referral(ctx, ctx.actor.id or 0)).promoter
    if mine is None or mine.status != "active":
        raise NotFound(resource="promoter", zh="您还不是推广员", en="You are not a promoter yet")
    svg = poster_svg(ctx.tenant.name, mine.name, mine.code, _absolute(request, mine.share_link))
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "no-store"})


def _absolute(request: Request, link: str) -> str:
    return link if link.startswith("http") else str(request.base_url).rstrip("/") + link


PAGES = [MemberPage(path="/p/referral", title="推广赚佣金", title_en="Refer friends", icon="荐",
                    handlers=[my_referral, apply, poster])]

"""领券中心 and 我的优惠券 on the member pages: claim a coupon once per tap, see what one holds."""

from __future__ import annotations

from litestar import Request, Response, get, post
from litestar.response import Redirect

from plugins.coupons import service
from plugins.coupons.schemas import CouponsSettings
from sdk import Context, DomainError, FromPath, plugin_settings
from sdk.member_pages import MemberPage, member_context, once_key, render

STATUSES = ("available", "used", "expired")


async def _center_open(ctx: Context) -> bool:
    return (await plugin_settings(ctx, "coupons", CouponsSettings)).coupon_center


@get("/")
async def center(request: Request) -> Response:
    ctx = member_context(request)
    offers = await service.center(ctx, ctx.actor.id or 0) if await _center_open(ctx) else []
    return render(request, "coupons/member_center.html", offers=offers)


@post("/claim/{template_id:int}")
async def claim(request: Request, template_id: FromPath[int]) -> Response:
    """A tap on 领取: the form's one-time key makes a double tap or a replay claim once."""
    ctx = member_context(request)
    form = await request.form()
    if not await _center_open(ctx):
        return render(request, "coupons/member_claimed.html", status_code=404, coupon=None,
                      refusal=("领券中心暂未开放", "The coupon center is closed"))
    try:
        coupon = await service.claim(ctx, ctx.actor.id or 0, template_id, claim_key=once_key(request, dict(form)))
    except DomainError as exc:
        return render(request, "coupons/member_claimed.html", status_code=exc.status, coupon=None,
                      refusal=(exc.detail_zh, exc.detail_en))
    return render(request, "coupons/member_claimed.html", coupon=coupon, refusal=None)


@get("/mine")
async def mine(request: Request) -> Response:
    """我的优惠券: usable, used and expired, each with its rules."""
    ctx = member_context(request)
    status = request.query_params.get("status", "available")
    status = status if status in STATUSES else "available"
    coupons = await service.member_coupons(ctx, ctx.actor.id or 0, status)
    return render(request, "coupons/member_mine.html", coupons=coupons, status=status, statuses=STATUSES)


@get("/claim/{template_id:int}")
async def claim_by_link(request: Request, template_id: FromPath[int]) -> Redirect:
    """A reloaded result page (a GET of the claim address) goes back to the center: nothing is claimed."""
    return Redirect(path=request.url.path.rsplit("/claim/", 1)[0] + "/", status_code=303)


async def usable_count(ctx: Context) -> int:
    return len(await service.member_coupons(ctx, ctx.actor.id or 0, "available"))


PAGES = [
    MemberPage(path="/p/coupons", title="领券中心", title_en="Coupon center", icon="券",
               handlers=[center, claim, mine, claim_by_link], count=usable_count, count_label="张可用",
               count_label_en="usable"),
]

"""砍价 on the member pages: the campaigns on now, starting a bargain, my bargain (its price, the
friends' cuts, the countdown, the share link and buying), my bargains, and the public share page
where a friend signs in and cuts once. Every refusal is a page; a replayed form changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote

from litestar import Request, Response, get, post
from litestar.response import Redirect

from plugins.bargain import bargains, buying, campaigns
from plugins.bargain.bargains import SHARE_PAGE
from plugins.bargain.errors import BargainClosed, CampaignNotLive, UnknownShareCode
from plugins.bargain.schemas import BargainOut, BuyIn
from sdk import Context, DomainError, FromPath, InvalidInput
from sdk.member_pages import MemberPage, campaign_ended, member_context, once_key, render, visitor_context

PAGE = "/p/bargain"
Refusal = tuple[str, str] | None


def _refusal(exc: DomainError) -> tuple[str, str]:
    return exc.detail_zh, exc.detail_en


def _bargain_url(ctx: Context, bargain_id: int) -> str:
    return f"/m/{ctx.tenant.slug}{PAGE}/{bargain_id}"


def _share_url(ctx: Context, code: str) -> str:
    return f"/m/{ctx.tenant.slug}{SHARE_PAGE}/{code}"


def _pay_url(ctx: Context, order_id: int, bargain_id: int) -> str:
    """The kernel's pay page, coming back to the bargain once paid."""
    return f"/m/{ctx.tenant.slug}/mine/orders/{order_id}/pay?next={quote(_bargain_url(ctx, bargain_id))}"


def _seconds_to(ctx: Context, moment: dt.datetime | None) -> int:
    return max(int((moment - ctx.now()).total_seconds()), 0) if moment else 0


# 砍价: the campaigns on now -------------------------------------------------------------------

async def _campaigns_page(request: Request, status_code: int = 200, refusal: Refusal = None) -> Response:
    ctx = member_context(request)
    live = await campaigns.member_campaigns(ctx, ctx.actor.id or 0)
    return render(request, "bargain/member_campaigns.html", status_code=status_code, campaigns=live, refusal=refusal)


@get("/")
async def campaigns_now(request: Request) -> Response:
    return await _campaigns_page(request)


@post("/start/{campaign_id:int}")
async def start(request: Request, campaign_id: FromPath[int]) -> Response:
    """发起砍价: the form's one-time key makes a double tap or a replay start one bargain."""
    ctx = member_context(request)
    form = dict(await request.form())
    try:
        bargain = await bargains.start(ctx, campaign_id, ctx.actor.id or 0, start_key=once_key(request, form))
    except CampaignNotLive as exc:  # stopped or ended since the list was shown
        return await campaign_ended(request, reason=f"{exc.detail_zh}，不能再发起砍价",
                                    reason_en=f"{exc.detail_en}: no new bargains can be started")
    except DomainError as exc:  # sold out, over my limit, no such campaign
        return await _campaigns_page(request, exc.status, _refusal(exc))
    return Redirect(path=_bargain_url(ctx, bargain.id), status_code=303)


# 我的砍价: my bargains and one of them ------------------------------------------------------------

@get("/mine")
async def mine(request: Request) -> Response:
    ctx = member_context(request)
    return render(request, "bargain/member_mine.html", bargains=await bargains.member_bargains(ctx, ctx.actor.id or 0))


async def _bargain_page(request: Request, bargain_id: int, status_code: int = 200, refusal: Refusal = None) -> Response:
    ctx = member_context(request)
    bargain = await bargains.bargain_out(ctx, await bargains.own(ctx, bargain_id, ctx.actor.id or 0))
    return render(request, "bargain/member_bargain.html", status_code=status_code, b=bargain, refusal=refusal,
                  pay_seconds=_seconds_to(ctx, bargain.pay_by) if bargain.status == "ordered" else 0,
                  pay_url=_pay_url(ctx, bargain.order_id, bargain.id) if bargain.order_id else "")


@get("/{bargain_id:int}")
async def my_bargain(request: Request, bargain_id: FromPath[int]) -> Response:
    return await _bargain_page(request, bargain_id)


def _price_seen(form: dict[str, Any]) -> int | None:
    """The price the page showed (fen), sent back so a price that moved is not bought unseen."""
    value = str(form.get("price_fen", "")).strip()
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise InvalidInput(field="price_fen", zh="价格有误，请刷新页面后再买",
                           en="The price is not valid; reload the page and buy again") from None


@post("/{bargain_id:int}/buy")
async def buy(request: Request, bargain_id: FromPath[int]) -> Response:
    """购买 at the price shown, then the kernel's pay page. A replayed form finds the order already
    open (or paid) and goes to it: the bargain is ordered once."""
    ctx = member_context(request)
    form = dict(await request.form())
    row = await bargains.own(ctx, bargain_id, ctx.actor.id or 0)
    if row["order_id"] is not None and bargains.status_of(row, ctx.now()) in ("ordered", "bought"):
        return Redirect(path=_pay_url(ctx, row["order_id"], bargain_id), status_code=303)
    try:
        bought = await buying.buy(ctx, bargain_id, ctx.actor.id or 0, BuyIn(price_fen=_price_seen(form)))
    except DomainError as exc:  # below the floor, the price moved, not at the floor yet, sold out, closed
        return await _bargain_page(request, bargain_id, exc.status, _refusal(exc))
    return Redirect(path=_pay_url(ctx, bought.order_id or 0, bargain_id), status_code=303)


@get("/start/{campaign_id:int}")
async def start_by_link(request: Request) -> Redirect:
    """The start form's address reached by a link or the back button: the campaigns, nothing started."""
    return Redirect(path=f"/m/{member_context(request).tenant.slug}{PAGE}/", status_code=303)


@get("/{bargain_id:int}/buy")
async def buy_by_link(request: Request, bargain_id: FromPath[int]) -> Redirect:
    """The buy form's address reached by a link: the bargain's page, nothing bought."""
    return Redirect(path=_bargain_url(member_context(request), bargain_id), status_code=303)


# The share page: a friend sees the bargain and cuts once ------------------------------------------

def _viewer_id(ctx: Context) -> int | None:
    return ctx.actor.id if ctx.actor.kind == "member" else None


async def _ended(request: Request, exc: UnknownShareCode | BargainClosed) -> Response:
    if isinstance(exc, UnknownShareCode):
        return await campaign_ended(
            request, title="找不到这个砍价", title_en="No such bargain", status_code=404,
            reason="这个砍价链接不存在，可能复制不完整。看看门店正在进行的活动吧。",
            reason_en="This bargain link does not exist; it may not have been copied whole. See what is on now.")
    return await campaign_ended(
        request, title="砍价已结束", title_en="This bargain is over",
        reason=f"这个砍价{exc.extra['state_zh']}，不能再帮砍了。看看门店正在进行的活动吧。",
        reason_en=f"This bargain {exc.extra['state']}; it can no longer be cut. See what is on now.")


async def _share_page(request: Request, code: str, status_code: int = 200, refusal: Refusal = None) -> Response:
    ctx = visitor_context(request)
    try:
        row = await bargains.by_code(ctx, code)
    except UnknownShareCode as exc:
        return await _ended(request, exc)
    if (status := bargains.status_of(row, ctx.now())) != "open":
        return await _ended(request, bargains.closed(status))
    bargain = await bargains.bargain_out(ctx, row)
    viewer = _viewer_id(ctx)
    share_url = _share_url(ctx, bargain.share_code)
    return render(request, "bargain/member_share.html", status_code=status_code, b=bargain, refusal=refusal,
                  starter=await bargains.masked_name(ctx, bargain.member_id), signed_in=viewer is not None,
                  own=viewer == bargain.member_id, my_cut=_cut_of(bargain, viewer), share_url=share_url,
                  sign_in_url=f"/m/{ctx.tenant.slug}/login?next={quote(share_url)}",
                  my_bargain_url=_bargain_url(ctx, bargain.id))


def _cut_of(bargain: BargainOut, helper_id: int | None) -> int | None:
    return next((c.amount_fen for c in bargain.cuts if helper_id is not None and c.helper_id == helper_id), None)


@get("/{code:str}")
async def shared(request: Request, code: FromPath[str]) -> Response:
    """The page a share link opens, signed in or not; a bargain over or unknown is the ended page."""
    return await _share_page(request, code)


@post("/{code:str}/cut")
async def cut(request: Request, code: FromPath[str]) -> Response:
    """帮TA砍一刀: once per friend (the database's unique cut per helper), so a replayed form or a
    second tap is refused and changes nothing; the page then shows the cut made."""
    ctx = member_context(request)
    try:
        await bargains.help_cut(ctx, code, ctx.actor.id or 0)
    except (UnknownShareCode, BargainClosed) as exc:
        return await _ended(request, exc)
    except DomainError as exc:  # my own bargain, cut already, at the floor already, new members only
        return await _share_page(request, code, exc.status, _refusal(exc))
    return Redirect(path=_share_url(ctx, code), status_code=303)


@get("/{code:str}/cut")
async def cut_by_link(request: Request, code: FromPath[str]) -> Redirect:
    """The cut's address reached by a link: the share page, nothing cut."""
    return Redirect(path=_share_url(visitor_context(request), code), status_code=303)


async def open_bargains(ctx: Context) -> int:
    return await bargains.open_count(ctx, ctx.actor.id or 0)


PAGES = [
    MemberPage(path=PAGE, title="砍价", title_en="Bargains", icon="砍", handlers=[
        campaigns_now, start, mine, my_bargain, buy, start_by_link, buy_by_link,
    ], count=open_bargains, count_label="单进行中", count_label_en="under way"),
    MemberPage(path=SHARE_PAGE, title="帮好友砍价", title_en="Help a friend's bargain", tile=False, public=True,
               handlers=[shared, cut, cut_by_link]),
]

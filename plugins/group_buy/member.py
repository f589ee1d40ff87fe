"""拼团 on the member pages: the deals on now, a deal's rules with 开团 (or 直接购买 for a regular
deal), a group's share page — open without signing in: a friend follows the link, signs in, joins
and pays — and 我的拼团. Orders are paid on the kernel's pay page; the group-buy order hooks take
the seat when it is paid, and the last seat completes the group."""

from __future__ import annotations

from urllib.parse import quote

from litestar import Request, Response, get, post
from litestar.response import Redirect

from plugins.group_buy import deals, joins, views
from plugins.group_buy.schemas import JoinOut
from sdk import DomainError, FromPath, NotFound
from sdk.member_pages import MemberPage, campaign_ended, member_context, once_key, render, visitor_context

Refusal = tuple[str, str] | None


def _pay(request: Request, join: JoinOut, back: str) -> Redirect:
    """To the kernel's pay page for the join's order, coming back to ``back``; a paid one goes back."""
    if join.status != "pending":
        return Redirect(path=back, status_code=303)
    slug = request.path_params["tenant_slug"]
    return Redirect(path=f"/m/{slug}/mine/orders/{join.order_id}/pay?next={quote(back)}", status_code=303)


def _refusal(exc: DomainError) -> Refusal:
    return exc.detail_zh, exc.detail_en


@get("/")
async def deals_on(request: Request) -> Response:
    """拼团: the deals on now."""
    return render(request, "group_buy/member_deals.html", cards=await views.deal_cards(member_context(request)))


async def _deal_page(request: Request, deal_id: int, status_code: int = 200, refusal: Refusal = None) -> Response:
    ctx = member_context(request)
    try:
        deal = await deals.get_deal(ctx, deal_id)
    except NotFound:
        return await campaign_ended(request, reason="没有这个拼团活动，链接可能有误", status_code=404,
                                    reason_en="There is no such group-buy deal: the link may be wrong")
    if deal.state in ("ended", "stopped"):
        zh, en = joins.DEAL_STATES[deal.state]
        return await campaign_ended(request, reason=f"「{deal.name}」{zh}", reason_en=f"'{deal.name_en or deal.name}' {en}")
    return render(request, "group_buy/member_deal.html", status_code=status_code, deal=deal, refusal=refusal,
                  seconds_left=views.seconds_until(ctx, deal.ends_at))


@get("/deals/{deal_id:int}")
async def deal_page(request: Request, deal_id: FromPath[int]) -> Response:
    """A deal's rules, with 开团 or, for a regular deal, 直接购买."""
    return await _deal_page(request, deal_id)


@post("/deals/{deal_id:int}/open")
async def open_group(request: Request, deal_id: FromPath[int]) -> Response:
    """开团, then pay, then the group's share page. The form's one-time key makes a replay open nothing more."""
    ctx = member_context(request)
    member_id = ctx.actor.id or 0
    try:
        group = await joins.open_group(ctx, deal_id, member_id, request_key=once_key(request, dict(await request.form())))
    except DomainError as exc:
        return await _deal_page(request, deal_id, exc.status, _refusal(exc))
    leader = await joins.member_join(ctx, group.id, member_id)
    if leader is None:  # open_group has just seated the leader
        raise NotFound(resource="group-buy join", id=group.id)
    return _pay(request, joins.join_out(leader), joins.share_path(ctx.tenant.slug, group.code))


@post("/deals/{deal_id:int}/buy")
async def buy(request: Request, deal_id: FromPath[int]) -> Response:
    """直接购买 a regular deal at its group price, then pay; a replayed form buys nothing more."""
    ctx = member_context(request)
    try:
        bought = await joins.buy(ctx, deal_id, ctx.actor.id or 0, request_key=once_key(request, dict(await request.form())))
    except DomainError as exc:
        return await _deal_page(request, deal_id, exc.status, _refusal(exc))
    return _pay(request, bought, f"/m/{ctx.tenant.slug}/p/group_buy/mine")


@get("/mine")
async def mine(request: Request) -> Response:
    """我的拼团: my orders with their status; the ones to pay have a pay button."""
    ctx = member_context(request)
    return render(request, "group_buy/member_mine.html", mine=await views.my_joins(ctx, ctx.actor.id or 0))


@get(["/deals/{deal_id:int}/open", "/deals/{deal_id:int}/buy"])
async def form_by_link(request: Request, deal_id: FromPath[int]) -> Redirect:
    """A form's address reached by a link (a reload of its answer) shows the deal: nothing is placed."""
    return Redirect(path=f"/m/{request.path_params['tenant_slug']}/p/group_buy/deals/{deal_id}", status_code=303)


async def _group_page(request: Request, code: str, status_code: int = 200, refusal: Refusal = None) -> Response:
    """The share page; a group that is over (failed or past its deadline) or unknown is the ended page."""
    ctx = visitor_context(request)
    member = getattr(request.state, "member_ctx", None)
    page = await views.group_page(ctx, code, member.actor.id if member else None)
    if page is None:
        return await campaign_ended(request, title="没有这个团", title_en="No such group", status_code=404,
                                    reason="没有找到这个团，链接可能有误或不完整。",
                                    reason_en="No group has this link: it may be wrong or cut short.")
    if page.over:
        closed = joins.group_closed("failed" if page.group.status == "failed" else "expired")
        return await campaign_ended(request, reason=f"{closed.detail_zh}。已付款的成员将原路全额退款。",
                                    reason_en=f"{closed.detail_en}. Members who paid are refunded in full.")
    share = joins.share_path(ctx.tenant.slug, code)
    return render(request, "group_buy/member_group.html", status_code=status_code, page=page, refusal=refusal,
                  share=share, sign_in=f"/m/{ctx.tenant.slug}/login?next={quote(share)}")


@get("/{code:str}")
async def share_page(request: Request, code: FromPath[str]) -> Response:
    """The group a share link opens: who leads, the seats paid, the countdown, 参团."""
    return await _group_page(request, code)


@post("/{code:str}/join")
async def join(request: Request, code: FromPath[str]) -> Response:
    """参团, then pay. Joining again finds the same order to pay; once paid, a replay is refused with the page."""
    ctx = member_context(request)
    try:
        placed = await joins.join_group(ctx, code, ctx.actor.id or 0)
    except DomainError as exc:
        return await _group_page(request, code, exc.status, _refusal(exc))
    return _pay(request, placed, joins.share_path(ctx.tenant.slug, code))


@get("/{code:str}/join")
async def join_by_link(request: Request, code: FromPath[str]) -> Redirect:
    """The join address reached by a link shows the group: nothing is placed."""
    return Redirect(path=joins.share_path(request.path_params["tenant_slug"], code), status_code=303)


PAGES = [
    MemberPage(path="/p/group_buy", title="拼团", title_en="Group buys", icon="团",
               handlers=[deals_on, deal_page, open_group, buy, mine, form_by_link], count=views.to_pay_count,
               count_label="待付款", count_label_en="to pay"),
    # The share page, public: a friend who follows the link sees the group before signing in.
    MemberPage(path="/p/group_buy/g", title="拼团", title_en="Group buys", tile=False, public=True,
               handlers=[share_page, join, join_by_link]),
]

"""秒杀 on the member pages: the session on now and the next ones with their countdowns, taking
units once per tap (the form's one-time key), the hold with its countdown on the way to the
kernel's pay page, 我的秒杀 with 不要了, and a public share page per session and per item that a
friend opens without signing in (an ended or stopped one says so and shows what else is on)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from litestar import Request, Response, get, post
from litestar.response import Redirect

from plugins.flash_sale import reservations, sessions
from plugins.flash_sale.errors import ReservationClosed
from plugins.flash_sale.schemas import FlashSaleSettings, ReservationOut, SessionOut
from sdk import Context, DomainError, FromPath, NotFound, get_item, plugin_settings
from sdk.member_pages import MemberPage, campaign_ended, member_context, once_key, render, visitor_context

PATH = "/p/flash_sale"
MAX_QUANTITY = 100  # TakeIn's bound


def _member_id(request: Request) -> int | None:
    """The signed-in member on a public page, or None for a visitor."""
    ctx = getattr(request.state, "member_ctx", None)
    return ctx.actor.id if ctx is not None else None


def _page_url(ctx: Context, rest: str = "") -> str:
    return f"/m/{ctx.tenant.slug}{PATH}/{rest}"


def pay_url(ctx: Context, reservation: ReservationOut) -> str:
    """The kernel's pay page for the hold's order, coming back to the hold's page once paid."""
    back = _page_url(ctx, f"reservations/{reservation.id}")
    return f"/m/{ctx.tenant.slug}/mine/orders/{reservation.order_id}/pay?next={quote(back)}"


async def _named(ctx: Context, rows: list[ReservationOut]) -> list[tuple[ReservationOut, str]]:
    """Each reservation with its item's name, each item read once."""
    names: dict[int, str] = {}
    for r in rows:
        if r.item_id not in names:
            names[r.item_id] = (await get_item(ctx, r.item_id)).name
    return [(r, names[r.item_id]) for r in rows]


@get("/")
async def sale(request: Request) -> Response:
    """秒杀: the sessions on now and next; a visitor sees them too, with a sign-in link to take."""
    ctx = visitor_context(request)
    member_id = _member_id(request)
    conf = await plugin_settings(ctx, sessions.PLUGIN, FlashSaleSettings)
    held: list[ReservationOut] = []
    if member_id is not None:
        held = [r for r in await reservations.member_reservations(ctx, member_id) if r.status == "held" and r.seconds_left]
    return render(request, "flash_sale/member_sale.html", sessions=await sessions.member_sessions(
        ctx, member_id, conf.upcoming_shown), held=await _named(ctx, held), hold_minutes=conf.hold_minutes,
        pay_url=lambda r: pay_url(ctx, r))


async def _over(request: Request, session: SessionOut) -> Response:
    zh, en = reservations.STATES[session.state]
    return await campaign_ended(request, reason=f"秒杀「{session.name}」{zh}",
                                reason_en=f"The flash sale '{session.name_en or session.name}' {en}")


async def _unknown(request: Request) -> Response:
    return await campaign_ended(request, title="没有这个秒杀", title_en="No such flash sale", status_code=404,
                                reason="链接有误，或这个秒杀已被删除", reason_en="The link is wrong, or the flash sale was removed")


async def _shared(request: Request, session_id: int, focus: int | None = None) -> Response:
    ctx = visitor_context(request)
    try:
        session = await sessions.get_session(ctx, session_id, _member_id(request))
    except NotFound:
        return await _unknown(request)
    if session.state in ("ended", "stopped"):
        return await _over(request, session)
    conf = await plugin_settings(ctx, sessions.PLUGIN, FlashSaleSettings)
    item = next((i for i in session.items if i.id == focus), None)
    return render(request, "flash_sale/member_share.html", session=session, item=item,
                  link=item.share_link if item else session.share_link, hold_minutes=conf.hold_minutes)


@get("/sessions/{session_id:int}")
async def shared_session(request: Request, session_id: FromPath[int]) -> Response:
    """A session's share link: public, with Open Graph tags and its QR code."""
    return await _shared(request, session_id)


@get("/items/{flash_item_id:int}")
async def shared_item(request: Request, flash_item_id: FromPath[int]) -> Response:
    """An item's share link: the item in its session, public, with Open Graph tags and its QR code."""
    try:
        session_id = await sessions.session_of_item(visitor_context(request), flash_item_id)
    except NotFound:
        return await _unknown(request)
    return await _shared(request, session_id, flash_item_id)


def _quantity(form: dict[str, Any]) -> int | None:
    text = str(form.get("quantity", "1")).strip()
    return int(text) if text.isdigit() and 1 <= int(text) <= MAX_QUANTITY else None


async def _refused(request: Request, ctx: Context, flash_item_id: int, status_code: int, code: str,
                   message: tuple[str, str]) -> Response:
    """Why a take was refused, with the item's session as it stands now (its countdown, my count)."""
    session = None
    try:
        session = await sessions.get_session(ctx, await sessions.session_of_item(ctx, flash_item_id), ctx.actor.id)
    except NotFound:
        pass  # the page says the item is not on sale, with the way back
    item = next((i for i in session.items if i.id == flash_item_id), None) if session else None
    return render(request, "flash_sale/member_refused.html", status_code=status_code, code=code, refusal=message,
                  session=session, item=item)


@post("/items/{flash_item_id:int}/take")
async def take(request: Request, flash_item_id: FromPath[int]) -> Response:
    """抢购: the form's one-time key takes once, however often it is posted; then the hold's page."""
    ctx = member_context(request)
    form = dict(await request.form())
    key, quantity = once_key(request, form), _quantity(form)
    if key is None:
        return await _refused(request, ctx, flash_item_id, 400, "form_expired",
                              ("页面已过期，请刷新后再抢", "This page has expired: reload it and try again"))
    if quantity is None:
        return await _refused(request, ctx, flash_item_id, 422, "invalid_quantity",
                              ("请选择要抢的件数", "Choose how many to take"))
    try:
        held = await reservations.take(ctx, flash_item_id, ctx.actor.id or 0, quantity, take_key=key)
    except DomainError as exc:
        return await _refused(request, ctx, flash_item_id, exc.status, exc.code, (exc.detail_zh, exc.detail_en))
    return Redirect(path=_page_url(ctx, f"reservations/{held.id}"), status_code=303)


@get("/items/{flash_item_id:int}/take")
async def take_by_link(request: Request, flash_item_id: FromPath[int]) -> Redirect:
    """A reloaded refusal (a GET of the take address) goes to the item's page: nothing is taken."""
    return Redirect(path=_page_url(visitor_context(request), f"items/{flash_item_id}"), status_code=303)


@get("/mine")
async def mine(request: Request) -> Response:
    """我的秒杀: held (with the time left to pay), paid, released and cancelled, newest first."""
    ctx = member_context(request)
    rows = await reservations.member_reservations(ctx, ctx.actor.id or 0)
    return render(request, "flash_sale/member_mine.html", rows=await _named(ctx, rows), pay_url=lambda r: pay_url(ctx, r))


async def _reservation_page(request: Request, reservation_id: int, status_code: int = 200,
                            refusal: tuple[str, str] | None = None) -> Response:
    ctx = member_context(request)
    reservation = await reservations.my_reservation(ctx, reservation_id, ctx.actor.id or 0)
    [(r, name)] = await _named(ctx, [reservation])
    return render(request, "flash_sale/member_reservation.html", status_code=status_code, r=r, name=name,
                  pay=pay_url(ctx, r), refusal=refusal)


@get("/reservations/{reservation_id:int}")
async def reservation(request: Request, reservation_id: FromPath[int]) -> Response:
    """One hold: the countdown to pay by and the pay button, or what became of it."""
    return await _reservation_page(request, reservation_id)


@get("/reservations/{reservation_id:int}/cancel")
async def confirm_cancel(request: Request, reservation_id: FromPath[int]) -> Response:
    """不要了, step one: a page asking to confirm (a form, so it works without JS)."""
    ctx = member_context(request)
    r = await reservations.my_reservation(ctx, reservation_id, ctx.actor.id or 0)
    if r.status != "held":
        return Redirect(path=_page_url(ctx, f"reservations/{reservation_id}"), status_code=303)
    [(r, name)] = await _named(ctx, [r])
    return render(request, "flash_sale/member_cancel.html", r=r, name=name)


@post("/reservations/{reservation_id:int}/cancel")
async def cancel(request: Request, reservation_id: FromPath[int]) -> Response:
    """不要了: the units go back to stock and the order is cancelled. A replay finds it cancelled
    and shows the same page; a hold paid or released meanwhile says it cannot be let go."""
    ctx = member_context(request)
    try:
        await reservations.cancel(ctx, reservation_id, ctx.actor.id or 0)
    except ReservationClosed:
        now = await reservations.my_reservation(ctx, reservation_id, ctx.actor.id or 0)
        if now.status != "cancelled":
            zh, en = reservations.CLOSED[now.status]
            return await _reservation_page(request, reservation_id, 409,
                                           (f"这笔秒杀{zh}，不能再取消", f"This reservation is {en}: it cannot be let go"))
    return Redirect(path=_page_url(ctx, f"reservations/{reservation_id}"), status_code=303)


async def held_count(ctx: Context) -> int:
    return await reservations.held_count(ctx, ctx.actor.id or 0)


PAGES = [
    MemberPage(path=PATH, title="限时秒杀", title_en="Flash sale", icon="秒", public=True,
               handlers=[sale, shared_session, shared_item, take, take_by_link, mine, reservation, confirm_cancel,
                         cancel],
               count=held_count, count_label="件待付款", count_label_en="to pay"),
]

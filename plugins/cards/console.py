"""The card desk (次卡核销) in the merchant console, at /console/p/cards.

Find a member by id, scanned member code or phone, see their cards with what is left and until
when, and take one session (or record a time-card check-in) with one click.
"""

from __future__ import annotations

from litestar import Request, Response, get, post
from litestar.response import Redirect

from plugins.cards.products import PAGES as PRODUCT_PAGES
from plugins.cards.schemas import CardUseIn
from plugins.cards.scope import payable_lines
from plugins.cards.service import member_cards, sessions_account, settings, status_of
from plugins.cards.tables import Card
from plugins.cards.use import use_card
from sdk import DomainError, balance, find_member_by_phone, load_member, resolve_member_code, yuan_text
from sdk.console import CheckoutTender, ConsolePage, MemberFileSection, console_context, form_fields, render
from sdk.db import select

PATH = "/console/p/cards"


async def _member(ctx, text: str):
    """The member a desk typed or scanned: an id, a phone number or a member code."""
    text = text.strip()
    if text.isdigit() and len(text) < 11:
        return await load_member(ctx, int(text))
    if (member := await find_member_by_phone(ctx, text)) is not None:
        return member
    return await resolve_member_code(ctx, text)


async def _page(request: Request, query: str, error: str = "", used: str = "", status_code: int = 200) -> Response:
    ctx = console_context(request)
    member, cards = None, []
    if query and not error:
        try:
            member = await _member(ctx, query)
            cards = await member_cards(ctx, member.id)
        except DomainError as exc:
            error = exc.message
    return render(request, "cards/desk.html", status_code=status_code, query=query, member=member, cards=cards,
                  error=error, used=used)


@get("/")
async def desk(request: Request) -> Response:
    """The member's cards (``?q=`` an id, phone or member code)."""
    return await _page(request, request.query_params.get("q", ""), used=request.query_params.get("used", ""))


@post("/use")
async def use(request: Request) -> Response:
    """核销: one session off the chosen card, or a time-card check-in; back to the member's cards."""
    ctx = console_context(request)
    form = await form_fields(request, ("q", "member_id", "card_id"))
    query, member_id, card_id = form["q"], form["member_id"], form["card_id"]
    if not (member_id.isdigit() and card_id.isdigit()):
        return await _page(request, query, error="请选择会员和卡 / choose a member and a card", status_code=422)
    try:
        done = await use_card(ctx, CardUseIn(member_id=int(member_id), card_id=int(card_id)))
    except DomainError as exc:
        return await _page(request, query, error=exc.message, status_code=exc.status)
    return Redirect(f"{PATH}?q={member_id}&used={done.id}")


async def member_section(ctx, member) -> list[MemberFileSection]:
    """The member's cards in their file, with a link to the desk."""
    cards = await member_cards(ctx, member.id)
    return [MemberFileSection(title="卡项", title_en="Cards", template="cards/member_section.html",
                              data={"cards": cards, "member_id": member.id})]


PAGES = [
    ConsolePage(path=PATH, title="次卡核销", title_en="Card desk", handlers=[desk, use], permission="orders.write",
                group="till"),
    *PRODUCT_PAGES,
]


async def checkout_tenders(ctx, order) -> list[CheckoutTender]:
    """次卡抵扣 at the console's checkout: one field per sessions card with sessions left that covers
    a line of this order (its scope, as the tender checks it), saying what it may pay for.

    The amount typed is the price the sessions pay for; the reference takes one session.
    """
    pay_goods = (await settings(ctx)).sessions_pay_goods
    offered = []
    for card in await select(ctx, Card).where((Card.member_id == order.member_id) & (Card.card_type == "sessions")
                                             & (Card.status == "active")).order_by(Card.id, ascending=False):
        if status_of(ctx, card) != "active" or card["valid_from"] > ctx.now():
            continue
        lines = await payable_lines(ctx, card, order, pay_goods)
        left = await balance(ctx, sessions_account(card["id"])) if lines else 0
        if not left:
            continue
        covered = "、".join(line.name for line in lines)
        most = yuan_text(sum(line.net_fen for line in lines))
        offered.append(CheckoutTender(
            kind="card_sessions", label=f"次卡抵扣 · {card['name']}", label_en=f"Card sessions · {card['name']}",
            reference=str(card["id"]), note=f"剩余 {left} 次，抵扣 1 次；可抵扣 {covered}，最多 ¥{most}",
            note_en=f"{left} sessions left; takes 1; pays for {', '.join(line.name for line in lines)}, at most ¥{most}"))
    return offered

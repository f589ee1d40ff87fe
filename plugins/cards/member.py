"""我的卡 on the member pages: each card with the sessions or days left, and its use history."""

from __future__ import annotations

import math

from litestar import Request, Response, get

from plugins.cards import service
from plugins.cards.schemas import CardOut
from sdk import Context, FromPath
from sdk.member_pages import MemberPage, member_context, render


def days_left(ctx: Context, card: CardOut) -> int | None:
    """Whole days a time card still runs (today counts); None for a card without an end."""
    if card.valid_until is None:
        return None
    return max(math.ceil((card.valid_until - ctx.now()).total_seconds() / 86_400), 0)


@get("/")
async def my_cards(request: Request) -> Response:
    ctx = member_context(request)
    cards = await service.member_cards(ctx, ctx.actor.id or 0)
    return render(request, "cards/member_cards.html", cards=[(card, days_left(ctx, card)) for card in cards])


@get("/{card_id:int}")
async def my_card(request: Request, card_id: FromPath[int]) -> Response:
    """One of my cards and its history; another member's card reads as not found."""
    ctx = member_context(request)
    card = await service.card_out(ctx, await service.load_card(ctx, card_id, member_id=ctx.actor.id or 0))
    uses = await service.card_uses(ctx, card_id, limit=50)
    return render(request, "cards/member_card.html", card=card, days=days_left(ctx, card), uses=uses)


async def active_count(ctx: Context) -> int:
    return sum(1 for card in await service.member_cards(ctx, ctx.actor.id or 0) if card.status == "active")


PAGES = [
    MemberPage(path="/p/cards", title="我的卡", title_en="My cards", icon="卡", handlers=[my_cards, my_card],
               count=active_count, count_label="张有效", count_label_en="active"),
]

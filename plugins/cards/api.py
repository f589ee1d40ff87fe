"""REST: a member's cards, a card's history and statement, and the desk's use and undo (核销/撤销)."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, Response, get, post
from msgspec import Meta

from plugins.cards import service, use
from plugins.cards.schemas import CardOut, CardUseIn, CardUseOut
from sdk import MEMBER, Ctx, FromPath, IdempotencyKey, JSONBody, StatementLine, idempotent
from sdk.http import DEFAULT_LIMIT, Cursor, Page, PageLimit, check_limit, decode_cursor, page_after, page_of

Limit = Annotated[int, Meta(ge=1, le=200)]


class MemberCardsController(Controller):
    path = "/members/{member_id:int}/cards"
    tags = ["cards"]

    @get("/", opt={"permission": "members.read"}, operation_id="listMemberCards")
    async def list_cards(self, ctx: Ctx, member_id: FromPath[int],
                         cursor: Cursor = None, limit: PageLimit = DEFAULT_LIMIT) -> Page[CardOut]:
        """会员的卡: every card the member holds, newest first, with sessions and value left and validity."""
        return page_of(await service.member_cards(ctx, member_id), cursor, limit)


class CardController(Controller):
    path = "/cards"
    tags = ["cards"]

    @get("/{card_id:int}", opt={"permission": "members.read"}, operation_id="getCard")
    async def get_card(self, ctx: Ctx, card_id: FromPath[int]) -> CardOut:
        """卡详情: one card: sessions and value left, validity, status."""
        return await service.get_card(ctx, card_id)

    @get("/{card_id:int}/uses", opt={"permission": "members.read"}, operation_id="listCardUses")
    async def list_uses(self, ctx: Ctx, card_id: FromPath[int], cursor: Cursor = None,
                        limit: PageLimit = DEFAULT_LIMIT) -> Page[CardUseOut]:
        """核销记录: the card's uses, newest first."""
        check_limit(limit)
        return page_after(await service.card_uses(ctx, card_id, decode_cursor(cursor), limit + 1), limit)

    @get("/{card_id:int}/statement", opt={"permission": "members.read"}, operation_id="getCardStatement")
    async def statement(self, ctx: Ctx, card_id: FromPath[int], cursor: Cursor = None,
                        limit: PageLimit = DEFAULT_LIMIT) -> Page[StatementLine]:
        """次数明细: the card's sessions in the ledger, newest first, with the running balance."""
        check_limit(limit)
        lines = await service.card_statement(ctx, card_id, decode_cursor(cursor), limit + 1)
        return page_after(lines, limit, lambda line: line.entry_id)

    @post("/uses", opt={"permission": "orders.write"}, operation_id="useCard")
    async def use_card(self, ctx: Ctx, request: Request, data: JSONBody[CardUseIn],
                       idempotency_key: IdempotencyKey = None) -> Response[CardUseOut]:
        """核销: scan the member code (or give the member id) and the card (or let the member's only usable
        card be found); a sessions card loses sessions, a time card records a check-in."""

        async def work() -> CardUseOut:
            return await use.use_card(ctx, data)

        return await idempotent(ctx, request, work)


class CardUseController(Controller):
    path = "/card-uses"
    tags = ["cards"]

    @post("/{use_id:int}/undo", opt={"permission": "stored_value.refund"}, operation_id="undoCardUse")
    async def undo(self, ctx: Ctx, request: Request, use_id: FromPath[int],
                   idempotency_key: IdempotencyKey = None) -> Response[CardUseOut]:
        """撤销核销: a manager takes back a use made today at the desk; its sessions return to the card."""

        async def work() -> CardUseOut:
            return await use.undo_use(ctx, use_id)

        return await idempotent(ctx, request, work, status_code=200)


class MyCardsController(Controller):
    path = "/me/cards"
    tags = ["member H5"]

    @get("/", opt=MEMBER, operation_id="listMyCards")
    async def my_cards(self, ctx: Ctx, cursor: Cursor = None, limit: PageLimit = DEFAULT_LIMIT) -> Page[CardOut]:
        """我的卡: the signed-in member's cards, with sessions left and validity."""
        return page_of(await service.member_cards(ctx, ctx.actor.id or 0), cursor, limit)


ROUTES = [MemberCardsController, CardController, CardUseController, MyCardsController]

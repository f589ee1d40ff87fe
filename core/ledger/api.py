"""REST: stored value top-ups and their refunds, a member's balances and statements."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec
from litestar import Controller, Request, Response, get, post
from msgspec import Meta

from core import scoped
from core.context import Context
from core.errors import InvalidInput
from core.http.idempotent import idempotent
from core.http.pagination import DEFAULT_LIMIT, Page, check_limit, decode_cursor, page_after, page_of
from core.http.params import Ctx, Cursor, FromPath, IdempotencyKey, JSONBody, PageLimit
from core.ledger import accounts, service, stored_value
from core.ledger.schemas import BalanceOut, EntryOut, StatementLine
from core.tenancy.schemas import Forbid

MemberPurpose = Literal["stored_value_principal", "stored_value_bonus", "points"]


class TopUpIn(Forbid):
    amount_fen: Annotated[int, Meta(ge=1, le=10_000_000_00)]
    tender: Literal["cash", "external"]
    reference: Annotated[str, Meta(max_length=100)] = ""
    store_id: int | None = None


class TopUpRefundIn(Forbid):
    tender: Literal["cash", "external"]
    store_id: int | None = None


class TopUpOut(msgspec.Struct):
    entry: EntryOut
    balance: stored_value.StoredValueBalance


async def _member(ctx: Context, member_id: int) -> None:
    from core.members.tables import Member

    await scoped.get(ctx, Member, member_id, "member", Member.deleted_at.is_null())


async def _store(ctx: Context, store_id: int | None) -> int:
    from core.tenancy.tables import Store

    store_id = store_id or ctx.store_id
    if store_id is None:
        raise InvalidInput(field="store_id", zh="请指定门店", en="Say which store takes the money")
    await scoped.get(ctx, Store, store_id, "store")
    return store_id


class StoredValueController(Controller):
    path = "/members/{member_id:int}"
    tags = ["stored value"]

    @post("/top-ups", opt={"permission": "stored_value.topup"}, operation_id="topUpMember")
    async def top_up(self, ctx: Ctx, request: Request, member_id: FromPath[int], data: JSONBody[TopUpIn],
                     idempotency_key: IdempotencyKey = None) -> Response[TopUpOut]:
        """充值: a member pays in stored value by cash or an external tender; plugins may add a bonus (充就送)."""

        async def work() -> TopUpOut:
            await _member(ctx, member_id)
            store_id = await _store(ctx, data.store_id)
            entry = await stored_value.top_up(ctx, member_id, store_id, data.amount_fen, data.tender, data.reference)
            return TopUpOut(entry=entry, balance=await stored_value.stored_value(ctx, member_id))

        return await idempotent(ctx, request, work)

    @get("/stored-value", opt={"permission": "members.read"}, operation_id="getStoredValue")
    async def get_stored_value(self, ctx: Ctx, member_id: FromPath[int]) -> stored_value.StoredValueBalance:
        """储值余额: the member's stored value, principal and bonus apart."""
        await _member(ctx, member_id)
        return await stored_value.stored_value(ctx, member_id)

    @get("/balances", opt={"permission": "members.read"}, operation_id="listMemberBalances")
    async def balances(self, ctx: Ctx, member_id: FromPath[int],
                       cursor: Cursor = None, limit: PageLimit = DEFAULT_LIMIT) -> Page[BalanceOut]:
        """会员资产: every balance the member holds: stored value, points, card sessions."""
        await _member(ctx, member_id)
        return page_of(await service.balances(ctx, "member", member_id), cursor, limit)

    @get("/statements/{purpose:str}", opt={"permission": "members.read"}, operation_id="getMemberStatement")
    async def statement(
        self, ctx: Ctx, member_id: FromPath[int], purpose: FromPath[MemberPurpose],
        cursor: Cursor = None, limit: PageLimit = DEFAULT_LIMIT,
    ) -> Page[StatementLine]:
        """明细: the member's movements of one balance, newest first, with the running balance."""
        check_limit(limit)
        await _member(ctx, member_id)
        lines = await service.statement(ctx, accounts.member(member_id, purpose), before_id=decode_cursor(cursor),
                                        limit=limit + 1)
        return page_after(lines, limit, lambda line: line.entry_id)


class TopUpRefundController(Controller):
    path = "/top-ups"
    tags = ["stored value"]

    @post("/{entry_id:int}/refund", opt={"permission": "stored_value.refund"}, operation_id="refundTopUp")
    async def refund(self, ctx: Ctx, request: Request, entry_id: FromPath[int], data: JSONBody[TopUpRefundIn],
                     idempotency_key: IdempotencyKey = None) -> Response[EntryOut]:
        """储值退款: return what is left of a top-up's principal; its unspent bonus is removed, not paid out."""

        async def work() -> EntryOut:
            return await stored_value.refund_top_up(ctx, entry_id, await _store(ctx, data.store_id), data.tender)

        return await idempotent(ctx, request, work)


ROUTES = [StoredValueController, TopUpRefundController]

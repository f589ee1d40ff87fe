"""结算: a manager pays a promoter out of what is available — as stored value credited to a member
promoter (储值本金), or as money paid from a store (cash from its drawer, a transfer from its
account), recorded with who paid, how and the reference. One guarded update of the promoter's
available balance decides: two payouts of the same balance at once pay once."""

from __future__ import annotations

from typing import Any

from plugins.referral import ledger, promoters
from plugins.referral.errors import PayoutMethodUnavailable, PayoutTooLarge
from plugins.referral.schemas import PayoutIn, PayoutOut
from plugins.referral.tables import Payout, Promoter
from sdk import AccountRef, Context, InvalidInput, accounts, find_store, is_unique_violation, load_member
from sdk.db import get, insert, select, transaction, update


def payout_out(row: dict[str, Any]) -> PayoutOut:
    return PayoutOut(**{f: row[f] for f in PayoutOut.__struct_fields__})


async def _paid_into(ctx: Context, promoter: dict[str, Any], data: PayoutIn) -> tuple[AccountRef, int | None]:
    """The account the payout is credited to, and the store that paid (None for stored value)."""
    if data.method == "stored_value":
        if promoter["member_id"] is None:
            raise PayoutMethodUnavailable(reason_zh="只有会员推广员可结算为储值",
                                          reason="only a member promoter can be paid in stored value")
        await load_member(ctx, promoter["member_id"])
        return accounts.member(promoter["member_id"], "stored_value_principal"), None
    store_id = data.store_id if data.store_id is not None else ctx.store_id
    if store_id is None:
        raise InvalidInput(field="store_id", zh="请选择付款门店", en="Give the store that pays")
    if data.method == "transfer" and not data.reference.strip():
        raise InvalidInput(field="reference", zh="转账需填写交易参考号", en="A transfer needs its reference")
    await find_store(ctx, store_id)
    return accounts.store(store_id, "cash" if data.method == "cash" else "external"), store_id


async def _by_key(ctx: Context, request_key: str | None) -> PayoutOut | None:
    if request_key is None:
        return None
    row = await select(ctx, Payout).where(Payout.request_key == request_key).first()
    return None if row is None else payout_out(row)


async def pay_out(ctx: Context, promoter_id: int, data: PayoutIn, request_key: str | None = None) -> PayoutOut:
    """Pay ``data.amount_fen`` out of what is available; a ``request_key`` paid before answers with that payout."""
    ctx.require("plugins.manage")
    promoter = await promoters.row(ctx, promoter_id)
    target, store_id = await _paid_into(ctx, promoter, data)
    if (earlier := await _by_key(ctx, request_key)) is not None:
        return earlier
    try:
        return await _pay(ctx, promoter, data, target, store_id, request_key)
    except Exception as exc:
        # The same form sent twice at once: the unique key stops the second, which answers with the first.
        if is_unique_violation(exc) and (earlier := await _by_key(ctx, request_key)) is not None:
            return earlier
        raise


async def _pay(ctx: Context, promoter: dict[str, Any], data: PayoutIn, target: AccountRef, store_id: int | None,
               request_key: str | None) -> PayoutOut:
    promoter_id = promoter["id"]
    who = f"{ctx.actor.kind}:{ctx.actor.id or ctx.actor.name}"[:60]
    async with transaction():
        payout = await insert(ctx, Payout, promoter_id=promoter_id, amount_fen=data.amount_fen, method=data.method,
                              store_id=store_id, reference=data.reference.strip(), note=data.note.strip(),
                              paid_by=who, request_key=request_key, created_at=ctx.now())
        memo = f"佣金结算 {promoter['name']} {data.reference}".strip()
        entry_id = await ledger.post(ctx, "commission_paid", [ledger.debit(ledger.payable(promoter_id), data.amount_fen),
                                                              ledger.credit(target, data.amount_fen)],
                                     ref_type="referral_payout", ref_id=payout["id"], memo=memo,
                                     key=f"referral:payout:{payout['id']}")
        taken = await update(ctx, Promoter, {Promoter.available_fen: Promoter.available_fen - data.amount_fen,
                                             Promoter.paid_fen: Promoter.paid_fen + data.amount_fen}).where(
            (Promoter.id == promoter_id) & (Promoter.available_fen >= data.amount_fen)).returning(Promoter.id)
        if not taken:  # more than is available, or a simultaneous payout took it first: all of this rolls back
            now = await promoters.row(ctx, promoter_id)
            raise PayoutTooLarge(needed=data.amount_fen, available=max(now["available_fen"], 0))
        await update(ctx, Payout, {Payout.entry_id: entry_id}).where(Payout.id == payout["id"])
    return payout_out(await get(ctx, Payout, payout["id"], "payout"))


async def listing(ctx: Context, promoter_id: int | None = None, limit: int = 200) -> list[PayoutOut]:
    query = select(ctx, Payout)
    if promoter_id is not None:
        query = query.where(Payout.promoter_id == promoter_id)
    return [payout_out(r) for r in await query.order_by(Payout.id, ascending=False).limit(limit)]

"""Stored value (储值): top-ups with their bonus, how a payment splits, and top-up refunds.

Principal is what the member paid in; bonus is what the store gave (充就送). Both are the
store's liability until spent. A refund of a top-up returns principal only and removes the
unspent bonus that came with it: the bonus was never paid for (储值赠送金不退).
"""

from __future__ import annotations

from typing import Literal

import msgspec

from core import db, scoped
from core.context import Context
from core.errors import Conflict, InsufficientBalance, InvalidInput, NotFound
from core.ledger import accounts
from core.ledger.schemas import EntryOut, Leg, credit, debit
from core.ledger.service import balance, balances_of, find_entry, post_entry
from core.ledger.tables import LedgerEntry, LedgerLot, LedgerPosting

SplitPolicy = Literal["proportional", "principal_first"]
Tender = Literal["cash", "external"]


class StoredValueBalance(msgspec.Struct):
    principal_fen: int
    bonus_fen: int

    @property
    def total_fen(self) -> int:
        return self.principal_fen + self.bonus_fen


def split_payment(held: StoredValueBalance, amount_fen: int, policy: SplitPolicy = "proportional") -> tuple[int, int]:
    """How a stored-value payment of ``amount_fen`` divides into (principal, bonus).

    proportional: in the ratio the member holds them, rounding the bonus part down so the
    member's paid-in money is never the part that is rounded away; principal_first: principal
    until it runs out, then bonus.
    """
    if amount_fen <= 0 or amount_fen > held.total_fen:
        raise InsufficientBalance(
            account="储值", account_en="stored value", needed=amount_fen, available=held.total_fen,
        )
    if policy == "principal_first":
        principal = min(amount_fen, held.principal_fen)
        return principal, amount_fen - principal
    bonus = amount_fen * held.bonus_fen // held.total_fen
    principal = amount_fen - bonus
    if principal > held.principal_fen:  # rounding pushed past the principal held
        principal, bonus = held.principal_fen, amount_fen - held.principal_fen
    return principal, bonus


async def stored_value(ctx: Context, member_id: int) -> StoredValueBalance:
    principal, bonus = await balances_of(ctx, [
        accounts.member(member_id, "stored_value_principal"), accounts.member(member_id, "stored_value_bonus"),
    ])
    return StoredValueBalance(principal_fen=principal, bonus_fen=bonus)


def tender_account(store_id: int, tender: Tender) -> accounts.AccountRef:
    return accounts.store(store_id, tender)


async def top_up(
    ctx: Context, member_id: int, store_id: int, amount_fen: int, tender: Tender,
    reference: str = "", idempotency_key: str | None = None,
) -> EntryOut:
    """Post a top-up paid in with ``tender`` and the bonus the enabled plugins grant."""
    ctx.require_store(store_id)  # the money goes into this store's drawer
    if amount_fen <= 0:
        raise InvalidInput(field="amount_fen", zh="充值金额必须大于零", en="The top-up amount must be positive")
    if tender == "external" and not reference:
        raise InvalidInput(field="reference", zh="外部支付需填写交易参考号", en="An external tender needs its reference")
    async with db.transaction():
        if idempotency_key is not None and (earlier := await find_entry(ctx, idempotency_key)):
            return earlier  # a replay must not ask the plugins for a second bonus
        bonus = await ctx.hooks.stored_value_bonus(ctx=ctx, member_id=member_id, amount_fen=amount_fen) or 0
        if not isinstance(bonus, int) or bonus < 0:
            raise InvalidInput(field="bonus", zh="赠送金额无效", en="Invalid bonus amount")
        legs: list[Leg] = [
            debit(tender_account(store_id, tender), amount_fen),
            credit(accounts.member(member_id, "stored_value_principal"), amount_fen),
        ]
        if bonus:
            legs += [debit(accounts.tenant("marketing_expense"), bonus), credit(accounts.member(member_id, "stored_value_bonus"), bonus)]
        entry = await post_entry(
            ctx, "top_up", legs, ref_type="member", ref_id=member_id, idempotency_key=idempotency_key,
            memo=f"充值 {reference}".strip(),
        )
        if not entry.replayed:
            await ctx.hooks.member_topped_up(ctx=ctx, member_id=member_id, amount_fen=amount_fen, bonus_fen=bonus,
                                             entry=entry)
        return entry


async def refund_top_up(
    ctx: Context, top_up_entry_id: int, store_id: int, tender: Tender, idempotency_key: str | None = None,
) -> EntryOut:
    """Return a top-up's principal (what is left of it) and remove its unspent bonus; once."""
    ctx.require_store(store_id)  # the money leaves this store's drawer
    async with db.transaction():
        if idempotency_key is not None and (earlier := await find_entry(ctx, idempotency_key)):
            return earlier
        entry = await scoped.select(ctx, LedgerEntry).where(
            (LedgerEntry.id == top_up_entry_id) & (LedgerEntry.kind == "top_up")).first()
        if entry is None:
            raise NotFound(resource="top-up", id=top_up_entry_id)
        if await scoped.select(ctx, LedgerEntry, LedgerEntry.id).where(
            (LedgerEntry.kind == "top_up_refund") & (LedgerEntry.ref_id == str(top_up_entry_id))
        ).first():
            raise Conflict(zh="该笔充值已退款", en="This top-up was already refunded")
        member_id = int(entry["ref_id"])
        principal_paid = await _principal_of(ctx, top_up_entry_id, member_id)
        principal = min(principal_paid, await balance(ctx, accounts.member(member_id, "stored_value_principal")))
        legs: list[Leg] = []
        if principal:
            legs += [debit(accounts.member(member_id, "stored_value_principal"), principal),
                     credit(tender_account(store_id, tender), principal)]
        lot = await scoped.select(ctx, LedgerLot).where(
            (LedgerLot.entry_id == top_up_entry_id) & (LedgerLot.remaining > 0)).first()
        if lot is not None:
            bonus_ref = accounts.member(member_id, "stored_value_bonus")
            legs += [debit(bonus_ref, lot["remaining"], lot_id=lot["id"]),
                     credit(accounts.tenant("marketing_expense"), lot["remaining"])]
        if not legs:
            raise InvalidInput(field="top_up_entry_id", zh="该笔充值已全部消费，无可退金额",
                               en="Nothing of this top-up is left to refund")
        refund = await post_entry(
            ctx, "top_up_refund", legs, ref_type="ledger_entry", ref_id=top_up_entry_id,
            idempotency_key=idempotency_key, memo="充值退款（仅退本金）/ top-up refund (principal only)",
        )
        if not refund.replayed:
            await ctx.hooks.top_up_refunded(ctx=ctx, member_id=member_id, top_up_entry_id=top_up_entry_id,
                                            principal_fen=principal, entry=refund)
        return refund


async def _principal_of(ctx: Context, entry_id: int, member_id: int) -> int:
    code = accounts.member(member_id, "stored_value_principal").code
    rows = await scoped.select(ctx, LedgerPosting, LedgerPosting.amount).where(
        (LedgerPosting.entry_id == entry_id) & (LedgerPosting.account_id.code == code))
    return -sum(r["amount"] for r in rows)  # a credit to a liability is negative, debit positive

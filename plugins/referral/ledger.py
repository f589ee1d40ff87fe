"""The referral plugin's accounts and the entries it posts, each with the promoter's cached
balances moved in the same transaction: the ledger entry first, then the promoter row — one lock
order everywhere (an order's payment or refund has locked its tender accounts before this
plugin's hook runs), so a payout and a refund or a maturation of one promoter cannot deadlock.

Commission is marketing expense against what is owed to the promoter: ``commission_pending``
while the order can still be refunded, then the kernel's ``commission_payable`` (可提现), which
may go below zero when a refund takes back commission already available (the promoter owes it;
later commission pays that debt first, as the balance simply climbs back).
"""

from __future__ import annotations

from plugins.referral.tables import Promoter
from sdk import AccountRef, Context, Leg, Purpose, accounts, credit, debit, post_entry, register_purpose
from sdk.db import update

PENDING = register_purpose(Purpose("commission_pending", "CNY", "credit", False, False, "待结算佣金", "Commission pending"))
PAYABLE = "commission_payable"  # the kernel's: 应付佣金, available to pay out


def pending(promoter_id: int) -> AccountRef:
    return AccountRef("promoter", promoter_id, PENDING.name)


def payable(promoter_id: int) -> AccountRef:
    return AccountRef("promoter", promoter_id, PAYABLE)


def expense() -> AccountRef:
    return accounts.tenant("marketing_expense")


async def move_cached(ctx: Context, promoter_id: int, *, pending_fen: int = 0, available_fen: int = 0,
                      paid_fen: int = 0) -> None:
    """Move the promoter's cached balances by these deltas (the ledger entry follows in the same transaction)."""
    await update(ctx, Promoter, {
        Promoter.pending_fen: Promoter.pending_fen + pending_fen,
        Promoter.available_fen: Promoter.available_fen + available_fen,
        Promoter.paid_fen: Promoter.paid_fen + paid_fen,
    }).where(Promoter.id == promoter_id)


async def post(ctx: Context, kind: str, legs: list[Leg], *, ref_type: str, ref_id: int, memo: str, key: str) -> int:
    entry = await post_entry(ctx, kind, legs, ref_type=ref_type, ref_id=ref_id, memo=memo, idempotency_key=key)
    return entry.id


__all__ = ["credit", "debit", "expense", "move_cached", "payable", "pending", "post"]

"""Lapsing expired lots (积分/次数/赠送金过期): one entry per lot, idempotent by lot."""

from __future__ import annotations

from core import scoped
from core.context import Context
from core.ledger import accounts
from core.ledger.accounts import AccountRef
from core.ledger.schemas import EntryOut, credit, debit
from core.ledger.service import post_entry
from core.ledger.tables import LedgerLot

# Where lapsed value goes. Expired bonus reduces the marketing expense it was booked as.
LAPSE_TO = {
    "points": accounts.tenant("points_expired"),
    "card_sessions": accounts.tenant("sessions_expired"),
    "stored_value_bonus": accounts.tenant("marketing_expense"),
}


async def lapse_expired_lots(ctx: Context) -> list[EntryOut]:
    """Post the lapse of every lot that expired by ``ctx.now()``; running twice posts nothing more."""
    due = await scoped.select(
        ctx, LedgerLot, LedgerLot.id, LedgerLot.remaining, LedgerLot.account_id.owner_type,
        LedgerLot.account_id.owner_id, LedgerLot.account_id.purpose,
    ).where((LedgerLot.remaining > 0) & LedgerLot.expires_at.is_not_null() & (LedgerLot.expires_at <= ctx.now()))
    entries = []
    for lot in due:
        ref = AccountRef(lot["account_id.owner_type"], lot["account_id.owner_id"], lot["account_id.purpose"])
        target = LAPSE_TO.get(ref.purpose)
        if target is None:
            continue
        member_side = debit if ref.spec.normal == "credit" else credit
        other_side = credit if ref.spec.normal == "credit" else debit
        entries.append(await post_entry(
            ctx, "expiry",
            [member_side(ref, lot["remaining"], lot_id=lot["id"]), other_side(target, lot["remaining"])],
            ref_type="lot", ref_id=lot["id"], memo=f"{ref.spec.zh}过期 / {ref.spec.en} expired",
            idempotency_key=f"lapse:lot:{lot['id']}",
        ))
    return entries




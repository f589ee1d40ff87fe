"""Lots: expiring value held in parcels, spent earliest expiry first, lapsed by the daily job."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from core import scoped
from core.context import Context
from core.errors import InsufficientBalance
from core.ledger import statements
from core.ledger.accounts import AccountRef
from core.ledger.schemas import LotOut
from core.ledger.tables import LedgerLot

if TYPE_CHECKING:
    from core.ledger.schemas import Leg


def _order(lot: dict[str, Any]) -> tuple:
    # Never-expiring lots go last; among equals, the oldest first.
    return (lot["expires_at"] is None, lot["expires_at"] or 0, lot["id"])


async def apply(ctx: Context, entry: dict[str, Any], acct: dict[str, Any], moves: list[tuple[int, Leg]]) -> None:
    """Add a lot for each increase; take each decrease from live lots, earliest expiry first.

    Runs after the account's guarded update in the same transaction, so the account row is
    already locked and two spends of one account take from its lots one after the other.
    """
    # Written out by hand (statements.py): every payment with stored value or points runs these.
    for delta, leg in moves:
        if delta > 0:
            await statements.insert_lot(ctx, acct["id"], entry["id"], delta, leg.expires_at, ctx.now())
        else:
            await _take(ctx, acct, -delta, leg.lot_id)


async def _take(ctx: Context, acct: dict[str, Any], amount: int, lot_id: int | None) -> None:
    now = ctx.now()
    if lot_id is None and await statements.take_from_first_lot(ctx, acct["id"], amount, now):
        return  # most spends fit in the earliest lot: one statement (its ORDER BY is ``_order``)
    live = sorted(await statements.live_lot_rows(ctx, acct["id"], now, lot_id), key=_order)
    needed = amount
    for lot in live:
        take = min(lot["remaining"], needed)
        if await statements.take_from_lot(ctx, lot["id"], take):
            needed -= take
        if needed == 0:
            return
    ref = AccountRef(acct["owner_type"], acct["owner_id"], acct["purpose"])
    raise InsufficientBalance(
        account=ref.spec.zh, account_en=ref.spec.en, account_code=acct["code"], unit=acct["unit"],
        needed=amount, available=amount - needed,
    )


async def live_total(ctx: Context, account_id: int) -> int:
    now = ctx.now()
    rows = await scoped.select(ctx, LedgerLot, LedgerLot.remaining).where(
        (LedgerLot.account_id == account_id) & (LedgerLot.remaining > 0)
        & (LedgerLot.expires_at.is_null() | (LedgerLot.expires_at > now))
    )
    return sum(r["remaining"] for r in rows)


async def live_lots(
    ctx: Context, owner_type: str, purpose: str, *, owner_id: int | None = None,
    expiring_until: dt.datetime | None = None,
) -> list[LotOut]:
    """Live lots (something left, not yet expired) of one purpose, earliest expiry first.

    ``owner_id`` keeps one owner's; ``expiring_until`` keeps only lots that lapse by then.
    """
    account = LedgerLot.account_id
    query = scoped.select(
        ctx, LedgerLot, LedgerLot.id, LedgerLot.entry_id, LedgerLot.amount, LedgerLot.remaining,
        LedgerLot.expires_at, account.owner_id.as_alias("owner_id"),
    ).where(
        (account.owner_type == owner_type) & (account.purpose == purpose) & (LedgerLot.remaining > 0)
        & (LedgerLot.expires_at.is_null() | (LedgerLot.expires_at > ctx.now()))
    )
    if owner_id is not None:
        query = query.where(account.owner_id == owner_id)
    if expiring_until is not None:
        query = query.where(LedgerLot.expires_at.is_not_null() & (LedgerLot.expires_at <= expiring_until))
    return [LotOut(**row) for row in sorted(await query, key=_order)]

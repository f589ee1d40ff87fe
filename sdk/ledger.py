"""Moving value: post balanced entries, read balances and statements.

Every movement of money, points or sessions is one journal entry whose legs sum to zero per
unit (debit positive, credit negative). An entry posted inside a domain hook joins the event's
transaction: it commits or rolls back with the order or registration. A balance that may not go
negative (what a member holds) refuses the entry with ``InsufficientBalance``. See
docs/plugins/money.md for worked examples.
"""

from __future__ import annotations

import datetime as dt

from core.context import Context
from core.ledger import lots as _lots
from core.ledger import service as _service
from core.ledger.accounts import AccountRef, Purpose
from core.ledger.accounts import register_purpose as _register_purpose
from core.ledger.schemas import BalanceOut, EntryOut, Leg, LotOut, StatementLine


def debit(account: AccountRef, amount: int, expires_at: dt.datetime | None = None, lot_id: int | None = None) -> Leg:
    """A leg that debits ``amount`` (> 0) to ``account``.

    Debits increase debit-normal accounts (cash, marketing expense, points issued) and decrease
    what a member holds (spending points or stored value). ``lot_id`` takes from one lot rather
    than the earliest-expiring first.
    """
    return Leg(account, amount, expires_at, lot_id)


def credit(account: AccountRef, amount: int, expires_at: dt.datetime | None = None, lot_id: int | None = None) -> Leg:
    """A leg that credits ``amount`` (> 0) to ``account``.

    Credits increase what a member holds (points earned, stored value) and credit-normal books
    (revenue). ``expires_at`` makes the credited value a lot that lapses then (积分过期).
    """
    return Leg(account, -amount, expires_at, lot_id)


async def post_entry(
    ctx: Context,
    kind: str,
    legs: list[Leg],
    *,
    ref_type: str = "",
    ref_id: str | int = "",
    memo: str = "",
    idempotency_key: str | None = None,
) -> EntryOut:
    """Post one balanced entry, in the caller's transaction (or a new one), and return it.

    ``kind`` names the movement (``points_earned``); ``ref_type``/``ref_id`` point at what caused
    it (``"order"``, 42); ``memo`` is printed on statements. Give an ``idempotency_key`` that is
    unique to the cause (``f"points:order:{order.id}"``): posting it again returns the first
    entry (``replayed=True``) and moves nothing. Raises ``UnbalancedEntry`` if the legs do not sum
    to zero per unit and ``InsufficientBalance`` if a balance would go below zero.
    """
    return await _service.post_entry(
        ctx, kind, legs, ref_type=ref_type, ref_id=ref_id, memo=memo, idempotency_key=idempotency_key,
    )


async def balance(ctx: Context, account: AccountRef) -> int:
    """The balance of ``account`` in its natural sign (0 for an account never used)."""
    return await _service.balance(ctx, account)


async def balances(ctx: Context, owner_type: str, owner_id: int | None) -> list[BalanceOut]:
    """Every account of one owner (``"member", 42``) with its balance, oldest account first."""
    return await _service.balances(ctx, owner_type, owner_id)


async def statement(
    ctx: Context, account: AccountRef, *, before_id: int | None = None, limit: int = 50,
    since: dt.datetime | None = None,
) -> list[StatementLine]:
    """The movements of ``account`` (明细), newest first, each with the balance after it.

    At most ``limit`` lines; ``since`` keeps only movements from that time on, ``before_id``
    only postings older than that posting id.
    """
    return await _service.statement(ctx, account, before_id=before_id, limit=limit, since=since)


async def live_lots(
    ctx: Context, purpose: str, *, owner_type: str = "member", owner_id: int | None = None,
    expiring_until: dt.datetime | None = None,
) -> list[LotOut]:
    """What is left of expiring value (积分 that lapse, 赠送金), lot by lot, earliest expiry first.

    Lots of ``purpose`` held by ``owner_type`` (members by default), one owner's with
    ``owner_id``; ``expiring_until`` keeps those that lapse by then (for 过期提醒). Lapsed lots
    are never included, even before the daily job posts their lapse.
    """
    return await _lots.live_lots(ctx, owner_type, purpose, owner_id=owner_id, expiring_until=expiring_until)


def register_purpose(purpose: Purpose) -> Purpose:
    """Declare a kind of account this plugin adds (at import time); a name means one thing everywhere.

    Registering the same purpose twice is harmless; registering a name with a different meaning
    raises ``ValueError``.
    """
    return _register_purpose(purpose)


__all__ = ["LotOut", "balance", "balances", "credit", "debit", "live_lots", "post_entry", "register_purpose", "statement"]

"""Tenant and store accounts settle at commit, and postings are written once per transaction.

Every payment credits the tenant's revenue, every points earning moves its points issued, every
cash sale a store's cash: rows each checkout updates. Updated where the entry is posted, such a
row stays locked until the transaction commits, through every hook after it, and the tenant's
other checkouts queue behind it (bench/checkout_http.py: on PostgreSQL, lock waits on ledger_account
were most of what a checkout waited for). So a movement of such an account that nothing guards
(it grows, or the account may go negative) is kept with the transaction and applied just before
it commits (``core.db.transaction``): one UPDATE per account in ascending id order, then its
postings with their running balances (on PostgreSQL all in one statement). The row is locked for
the commit only.

A movement that is guarded, or a read of a kept account's balance, statement or entry in the
same transaction, settles what was kept first, so no figure is read or checked without what was
posted before it. Without a transaction of ``core.db.transaction`` (nothing would run before
its commit) nothing is kept. The postings of the accounts that did move at once are written then
too, in the same INSERT; a read of a statement or an entry writes them first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from core import db
from core.context import Context
from core.ledger import statements
from core.ledger.accounts import AccountRef
from core.ledger.schemas import PostingOut

KEY = "ledger"
SHARED = ("tenant", "store")  # accounts many checkouts move: the tenant's and each store's


@dataclass(slots=True)
class _Kept:
    ctx: Context
    entry_id: int
    unit: str
    amount: int
    natural: int  # the posting's effect on the balance
    posting: PostingOut  # handed out by post_entry; its balance_after is set when it settles


@dataclass(slots=True)
class _Pending:
    by_account: dict[int, list[_Kept]] = field(default_factory=dict)
    codes: set[str] = field(default_factory=set)
    entry_ids: set[int] = field(default_factory=set)
    # Postings of accounts that moved at once (their running balance known), written with the
    # rest: one INSERT per transaction rather than one per entry.
    written: list[tuple[int, int, int, str, int, int]] = field(default_factory=list)
    written_codes: set[str] = field(default_factory=set)
    written_entry_ids: set[int] = field(default_factory=set)


def settles_at_commit(account: dict[str, Any], delta: int) -> bool:
    """A tenant or store account's unguarded movement (see the module's note)."""
    if account["owner_type"] not in SHARED or not (account["allow_negative"] or delta >= 0):
        return False
    return not AccountRef(account["owner_type"], account["owner_id"], account["purpose"]).spec.uses_lots


def keep(ctx: Context, entry_id: int, account: dict[str, Any], movements: list[tuple[int, int]]) -> list[PostingOut] | None:
    """Keep ``movements`` (``(amount, natural)`` per leg) of ``account`` to settle at commit, and
    return their postings; None when there is no transaction to settle them in."""
    settles = db.settling()
    if settles is None:
        return None
    pending: _Pending = settles.scratch.setdefault(KEY, _Pending())
    kept = pending.by_account.setdefault(account["id"], [])
    postings = []
    for amount, natural in movements:
        posting = PostingOut(account_code=account["code"], unit=account["unit"], amount=amount, balance_after=0)
        kept.append(_Kept(ctx, entry_id, account["unit"], amount, natural, posting))
        postings.append(posting)
    pending.codes.add(account["code"])
    pending.entry_ids.add(entry_id)
    settles.callbacks.setdefault(KEY, lambda: _settle(settles))
    return postings


def write_later(ctx: Context, entry_id: int, postings: list[tuple[int, str, str, int, int]]) -> bool:
    """Keep postings ``(account_id, account_code, unit, amount, balance_after)`` of accounts already
    moved, to write with the others before the commit; False when there is no transaction to."""
    settles = db.settling()
    if settles is None:
        return False
    pending: _Pending = settles.scratch.setdefault(KEY, _Pending())
    for account_id, code, unit, amount, balance_after in postings:
        pending.written.append((ctx.tenant_id, entry_id, account_id, unit, amount, balance_after))
        pending.written_codes.add(code)
    pending.written_entry_ids.add(entry_id)
    settles.callbacks.setdefault(KEY, lambda: _settle(settles))
    return True


async def _write_now(pending: _Pending) -> None:
    rows, pending.written = pending.written, []
    pending.written_codes.clear()
    pending.written_entry_ids.clear()
    await statements.insert_posting_rows(rows)


async def _settle(settles: db.Settling) -> None:
    pending: _Pending | None = settles.scratch.pop(KEY, None)
    settles.callbacks.pop(KEY, None)
    if pending is None:
        return
    moves, kept, postings = [], [], []
    for index, account_id in enumerate(sorted(pending.by_account)):  # the fixed lock order: ascending id
        movements = pending.by_account[account_id]
        total = sum(k.natural for k in movements)
        moves.append((movements[0].ctx.tenant_id, account_id, total))
        offset = -total  # each posting's balance after it, from the account's balance once all moved
        for k in movements:
            offset += k.natural
            kept.append((index, (k.ctx.tenant_id, k.entry_id, account_id, k.unit, k.amount, offset)))
            postings.append(k.posting)
    balances = await statements.settle(moves, kept, pending.written)
    for (_, account_id, _), balance in zip(moves, balances, strict=True):
        if balance is None:
            raise RuntimeError(f"ledger account {account_id} vanished before its movements settled")
    for (index, row), posting in zip(kept, postings, strict=True):
        posting.balance_after = (balances[index] or 0) + row[5]  # row[5]: the offset


async def settle_for(*, account_ids: Iterable[int] = (), codes: Iterable[str] = (), entry_id: int | None = None,
                     owner_type: str | None = None, postings: bool = False) -> None:
    """Settle now if anything kept touches these accounts (by id or code), this entry, or any
    account of ``owner_type``: a read or a guarded movement is about to need it. A read of
    ``postings`` (a statement, an entry) also has the postings kept for later written first."""
    settles = db.settling()
    pending: _Pending | None = settles.scratch.get(KEY) if settles is not None else None
    if pending is None or settles is None:
        return
    codes, account_ids = set(codes), set(account_ids)
    if (owner_type in SHARED or entry_id in pending.entry_ids or codes & pending.codes
            or account_ids & pending.by_account.keys()):
        await _settle(settles)
    elif postings and pending.written and (entry_id in pending.written_entry_ids or codes & pending.written_codes):
        await _write_now(pending)

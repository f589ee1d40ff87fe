"""Posting entries and reading balances: the only way value moves.

Rules held here:
* every entry's postings sum to zero per unit;
* a balance that may not go negative is changed by a guarded UPDATE (``balance >= -delta``)
  in the entry's transaction, so concurrent spends of one balance cannot overdraw it;
* accounts are updated in ascending id order, so two entries touching the same accounts
  always lock them in the same order and cannot deadlock;
* a tenant or store account's unguarded movement is applied just before the transaction commits
  (``settling.py``), so the rows every checkout moves are locked for the commit only;
* an idempotency key posts once per tenant; a replay returns the first entry.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from core import db, scoped
from core.cache import ttl_cache
from core.context import Context
from core.errors import InsufficientBalance, InvalidInput, UnbalancedEntry
from core.ledger import lots, settling, statements
from core.ledger.accounts import AccountRef
from core.ledger.schemas import BalanceOut, EntryOut, Leg, PostingOut, StatementLine
from core.ledger.tables import LedgerAccount, LedgerEntry, LedgerPosting


def _natural(normal: str, amount: int) -> int:
    """A posting's effect on the balance a merchant reads (debit-normal +, credit-normal −)."""
    return amount if normal == "debit" else -amount


# An account's row never changes but for its balance, and accounts are never deleted: what a
# posting needs of it (id, owner, purpose, unit, normal side) is kept per process, so a checkout
# does not read its accounts again. Only rows committed before are kept (read, not created here).
_account_rows = ttl_cache("ledger-accounts", maxsize=100_000, seconds=3600)
CREATED = "ledger_created_accounts"  # codes this transaction created: not kept until it commits


async def accounts_for(ctx: Context, refs: list[AccountRef]) -> dict[str, dict[str, Any]]:
    """The account rows for ``refs`` by code (their balances not current); missing ones are created."""
    codes = sorted({ref.code for ref in refs})
    rows = {code: row for code in codes if (row := _account_rows.get((ctx.tenant_id, code))) is not None}
    if len(rows) == len(codes):
        return rows
    settles = db.settling()
    created: set[str] = settles.scratch.setdefault(CREATED, set()) if settles is not None else set()
    for row in await statements.accounts_by_code(ctx, [code for code in codes if code not in rows]):
        rows[row["code"]] = row
        if row["code"] not in created and settles is not None:
            _account_rows[(ctx.tenant_id, row["code"])] = row
    missing = {ref.code: ref for ref in refs if ref.code not in rows}
    if missing:
        await LedgerAccount.insert(*(
            LedgerAccount(
                tenant_id=ctx.tenant_id, code=ref.code, owner_type=ref.owner_type, owner_id=ref.owner_id,
                purpose=ref.purpose, unit=ref.spec.unit, normal=ref.spec.normal,
                allow_negative=ref.spec.allow_negative, balance=0, created_at=ctx.now(),
            )
            for ref in missing.values()
        )).on_conflict(action="DO NOTHING")
        created |= set(missing)  # another transaction may have made one first: it is read, not kept
        rows |= {r["code"]: r for r in await statements.accounts_by_code(ctx, sorted(missing))}
    return rows


def _check_balanced(legs: list[Leg]) -> None:
    if not legs:
        raise UnbalancedEntry(unit="-", total=0)
    totals: dict[str, int] = defaultdict(int)
    for leg in legs:
        if leg.amount == 0:
            raise InvalidInput(field="amount", zh="金额不能为零", en="An amount cannot be zero")
        totals[leg.account.spec.unit] += leg.amount
    for unit, total in totals.items():
        if total != 0:
            raise UnbalancedEntry(unit=unit, total=total)


async def find_entry(ctx: Context, idempotency_key: str) -> EntryOut | None:
    row = await scoped.select(ctx, LedgerEntry).where(LedgerEntry.idempotency_key == idempotency_key).first()
    return None if row is None else await _entry_out(ctx, row, replayed=True)


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
    """Post one balanced entry in the caller's transaction (or a new one)."""
    _check_balanced(legs)
    ref_id = str(ref_id)
    async with db.transaction():
        # The unique index on the key decides: a replay inserts nothing and reads the first entry.
        # (PostgreSQL makes a racing insert wait for the first one's commit before deciding.)
        actor = f"{ctx.actor.kind}:{ctx.actor.id or ctx.actor.name}"
        entry = await statements.insert_entry(ctx, kind, ref_type, ref_id, actor, idempotency_key, memo, ctx.now())
        if entry is None:
            earlier = await find_entry(ctx, idempotency_key) if idempotency_key is not None else None
            if earlier is None:
                raise RuntimeError("ledger entry insert conflicted without an earlier entry")
            return earlier
        rows = await accounts_for(ctx, [leg.account for leg in legs])
        by_account: dict[str, list[Leg]] = defaultdict(list)
        for leg in legs:
            by_account[leg.account.code].append(leg)
        # Fixed lock order: ascending account id. A tenant or store account's unguarded movement
        # settles at commit (settling.py); the others move now, after what was kept of them settles.
        postings: list[PostingOut] = []
        now: list[PostingOut] = []
        for code in sorted(by_account, key=lambda c: rows[c]["id"]):
            acct, account_legs = rows[code], by_account[code]
            movements = [(leg.amount, _natural(acct["normal"], leg.amount)) for leg in account_legs]
            kept = None
            if settling.settles_at_commit(acct, sum(natural for _, natural in movements)):
                kept = settling.keep(ctx, entry["id"], acct, movements)
            if kept is None:
                await settling.settle_for(account_ids=[acct["id"]])
                kept = await _apply(ctx, entry, acct, account_legs)
                now += kept
            postings += kept
        written = [(rows[p.account_code]["id"], p.account_code, p.unit, p.amount, p.balance_after) for p in now]
        if written and not settling.write_later(ctx, entry["id"], written):
            await statements.insert_postings(ctx, entry["id"], [(a, unit, amount, after)
                                                                for a, _, unit, amount, after in written])
    return EntryOut(
        id=entry["id"], kind=kind, ref_type=ref_type, ref_id=ref_id, actor=entry["actor"],
        idempotency_key=idempotency_key, memo=memo, created_at=entry["created_at"], postings=postings,
    )


async def _apply(ctx: Context, entry: dict[str, Any], acct: dict[str, Any], legs: list[Leg]) -> list[PostingOut]:
    """Move the account's balance by its legs (guarded) and return the postings to write."""
    moves = [(_natural(acct["normal"], leg.amount), leg) for leg in legs]
    delta = sum(natural for natural, _ in moves)
    guarded = not acct["allow_negative"] and delta < 0
    ref = AccountRef(acct["owner_type"], acct["owner_id"], acct["purpose"])
    # An unguarded move cannot be refused: the lots it adds go along with it (one round trip on
    # PostgreSQL, a points earning's). Behind a guard they wait for its answer.
    along = [statements.lot_insert(ctx, acct["id"], entry["id"], natural, leg.expires_at, ctx.now())
             for natural, leg in moves if natural > 0] if ref.spec.uses_lots and not guarded else []
    updated = await statements.move_balance(ctx, acct["id"], delta, guarded=guarded, along=along)
    if updated is None:
        current = await LedgerAccount.select(LedgerAccount.balance).where(LedgerAccount.id == acct["id"]).first()
        raise InsufficientBalance(
            account=ref.spec.zh, account_en=ref.spec.en, account_code=acct["code"], unit=acct["unit"],
            needed=-delta, available=current["balance"] if current else 0,
        )
    balance = updated - delta
    postings = []
    for natural, leg in moves:
        balance += natural
        postings.append(PostingOut(account_code=acct["code"], unit=acct["unit"], amount=leg.amount, balance_after=balance))
    if ref.spec.uses_lots:
        await lots.apply(ctx, entry, acct, [(natural, leg) for natural, leg in moves if not (along and natural > 0)])
    return postings


async def _entry_out(ctx: Context, entry: dict[str, Any], replayed: bool = False) -> EntryOut:
    await settling.settle_for(entry_id=entry["id"], postings=True)
    rows = await LedgerPosting.select(
        LedgerPosting.account_id.code, LedgerPosting.unit, LedgerPosting.amount, LedgerPosting.balance_after
    ).where((LedgerPosting.entry_id == entry["id"]) & (LedgerPosting.tenant_id == ctx.tenant_id)).order_by(LedgerPosting.id)
    postings = [
        PostingOut(account_code=r["account_id.code"], unit=r["unit"], amount=r["amount"], balance_after=r["balance_after"])
        for r in rows
    ]
    return EntryOut(
        id=entry["id"], kind=entry["kind"], ref_type=entry["ref_type"], ref_id=entry["ref_id"], actor=entry["actor"],
        idempotency_key=entry["idempotency_key"], memo=entry["memo"], created_at=entry["created_at"],
        postings=postings, replayed=replayed,
    )


async def balance(ctx: Context, ref: AccountRef) -> int:
    await settling.settle_for(codes=[ref.code])
    rows = await statements.accounts_by_code(ctx, [ref.code], columns="balance")
    return rows[0]["balance"] if rows else 0


async def balances_of(ctx: Context, refs: list[AccountRef]) -> list[int]:
    """The balances of ``refs`` (0 for an account never used), in one query."""
    await settling.settle_for(codes=[ref.code for ref in refs])
    rows = await statements.accounts_by_code(ctx, [ref.code for ref in refs], columns="code, balance")
    found = {r["code"]: r["balance"] for r in rows}
    return [found.get(ref.code, 0) for ref in refs]


async def balances(ctx: Context, owner_type: str, owner_id: int | None) -> list[BalanceOut]:
    await settling.settle_for(owner_type=owner_type)
    query = scoped.select(ctx, LedgerAccount).where(LedgerAccount.owner_type == owner_type)
    query = query.where(LedgerAccount.owner_id.is_null() if owner_id is None else LedgerAccount.owner_id == owner_id)
    rows = await query.order_by(LedgerAccount.id)
    return [BalanceOut(account_code=r["code"], purpose=r["purpose"], unit=r["unit"], balance=r["balance"]) for r in rows]


async def statement(
    ctx: Context, ref: AccountRef, *, before_id: int | None = None, limit: int = 50,
    since: dt.datetime | None = None,
) -> list[StatementLine]:
    """The account's movements, newest first, each with the running balance after it."""
    await settling.settle_for(codes=[ref.code], postings=True)
    acct = await scoped.select(ctx, LedgerAccount).where(LedgerAccount.code == ref.code).first()
    if acct is None:
        return []
    query = scoped.select(
        ctx, LedgerPosting, LedgerPosting.id, LedgerPosting.amount, LedgerPosting.balance_after,
        LedgerPosting.entry_id.id, LedgerPosting.entry_id.kind, LedgerPosting.entry_id.ref_type,
        LedgerPosting.entry_id.ref_id, LedgerPosting.entry_id.memo, LedgerPosting.entry_id.created_at,
    ).where(LedgerPosting.account_id == acct["id"])
    if before_id is not None:  # the page cursor is the last entry id a caller saw
        query = query.where(LedgerPosting.entry_id < before_id)
    if since is not None:
        query = query.where(LedgerPosting.entry_id.created_at >= since)
    rows = await query.order_by(LedgerPosting.id, ascending=False).limit(limit)
    return [
        StatementLine(
            entry_id=r["entry_id.id"], kind=r["entry_id.kind"], ref_type=r["entry_id.ref_type"],
            ref_id=r["entry_id.ref_id"], memo=r["entry_id.memo"], created_at=r["entry_id.created_at"],
            amount=_natural(acct["normal"], r["amount"]), balance_after=r["balance_after"],
        )
        for r in rows
    ]

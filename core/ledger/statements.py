"""The ledger's hot statements, written out by hand.

Every payment, top-up and refund runs these. piccolo's query builder spends about 0.4 ms of
Python on each statement it builds; a statement written out with ``{}`` placeholders goes
straight to the driver (``core.db.fetch``), its placeholders compiled once per text. The SQL is
the same on SQLite and PostgreSQL (but settling at commit: one statement on PostgreSQL), and
each statement filters by ``tenant_id`` itself, as ``core.scoped`` would.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from core import db
from core.context import Context
from core.scoped import placeholders

ACCOUNT_COLUMNS = "id, tenant_id, code, owner_type, owner_id, purpose, unit, normal, allow_negative, balance, created_at"


async def accounts_by_code(ctx: Context, codes: list[str], columns: str = ACCOUNT_COLUMNS) -> list[dict[str, Any]]:
    return await db.fetch(
        f"SELECT {columns} FROM ledger_account WHERE tenant_id = {{}} AND code IN ({placeholders(len(codes))})",
        ctx.tenant_id, *codes,
    )


async def insert_entry(
    ctx: Context, kind: str, ref_type: str, ref_id: str, actor: str, idempotency_key: str | None, memo: str,
    created_at: dt.datetime,
) -> dict[str, Any] | None:
    """The new entry's row, or None when an entry with this idempotency key exists already."""
    rows = await db.fetch(
        "INSERT INTO ledger_entry (tenant_id, kind, ref_type, ref_id, actor, idempotency_key, memo, created_at)"
        " VALUES ({}, {}, {}, {}, {}, {}, {}, {}) ON CONFLICT DO NOTHING RETURNING id, actor, created_at",
        ctx.tenant_id, kind, ref_type, ref_id, actor, idempotency_key, memo, created_at,
    )
    return rows[0] if rows else None


async def move_balance(ctx: Context, account_id: int, delta: int, guarded: bool, along: db.Along = ()) -> int | None:
    """Add ``delta`` to the balance and return the new one; with ``guarded``, only if it stays ≥ 0.
    The writes ``along`` it run whatever the guard decides (``db.fetch``)."""
    guard = " AND balance >= {}" if guarded else ""
    args = (delta, account_id, ctx.tenant_id, -delta) if guarded else (delta, account_id, ctx.tenant_id)
    rows = await db.fetch(
        f"UPDATE ledger_account SET balance = balance + {{}} WHERE id = {{}} AND tenant_id = {{}}{guard} RETURNING balance",
        *args, along=along,
    )
    return rows[0]["balance"] if rows else None


async def insert_postings(ctx: Context, entry_id: int, postings: list[tuple[int, str, int, int]]) -> None:
    """Write ``(account_id, unit, amount, balance_after)`` postings of one entry in one statement."""
    values: list[Any] = []
    for account_id, unit, amount, balance_after in postings:
        values += (ctx.tenant_id, entry_id, account_id, unit, amount, balance_after)
    await db.fetch(
        "INSERT INTO ledger_posting (tenant_id, entry_id, account_id, unit, amount, balance_after)"
        f" VALUES {placeholders(len(postings), 6)}",
        *values,
    )


async def insert_posting_rows(rows: list[tuple[int, int, int, str, int, int]]) -> None:
    """Write ``(tenant_id, entry_id, account_id, unit, amount, balance_after)`` postings of any
    entries in one statement (tenant accounts settling at commit, core/ledger/settling.py)."""
    if not rows:
        return
    await db.fetch(
        "INSERT INTO ledger_posting (tenant_id, entry_id, account_id, unit, amount, balance_after)"
        f" VALUES {placeholders(len(rows), 6)}",
        *(value for row in rows for value in row),
    )


PostingRow = tuple[int, int, int, str, int, int]  # tenant_id, entry_id, account_id, unit, amount, balance_after


async def settle(moves: list[tuple[int, int, int]], kept: list[tuple[int, PostingRow]],
                 written: list[PostingRow]) -> list[int | None]:
    """Move each account of ``moves`` (``(tenant_id, account_id, delta)``, in lock order) and write
    the postings: ``kept`` ones as ``(move index, row)`` whose balance_after is an offset from that
    account's new balance, ``written`` ones as they are. Returns the new balances (None for an
    account not found). On PostgreSQL this is one statement, so the rows stay locked for one round
    trip less per account: each UPDATE waits for the one before it (``EXISTS``), keeping the order.
    On SQLite it is two: the accounts' UPDATE and the postings' INSERT."""
    if not moves and not written:
        return []
    if db.is_sqlite():  # one writer at a time: no lock order to keep, so one UPDATE for them all
        moved: dict[int, int] = {}
        if moves:
            cases = " ".join("WHEN {} THEN {}" for _ in moves)
            moved = {row["id"]: row["balance"] for row in await db.fetch(
                f"UPDATE ledger_account SET balance = balance + CASE id {cases} END"
                f" WHERE {' OR '.join('(id = {} AND tenant_id = {})' for _ in moves)} RETURNING id, balance",
                *(value for _, account_id, delta in moves for value in (account_id, delta)),
                *(value for tenant_id, account_id, _ in moves for value in (account_id, tenant_id)),
            )}
        balances = [moved.get(account_id) for _, account_id, _ in moves]
        rows = [(*row[:5], row[5] + (balances[index] or 0)) for index, row in kept]
        await insert_posting_rows([*written, *rows])
        return balances
    ctes: list[str] = []
    args: list[Any] = []
    for index, (tenant_id, account_id, delta) in enumerate(moves):
        after = f" AND EXISTS (SELECT 1 FROM moved_{index - 1})" if index else ""
        ctes.append(f"moved_{index} AS (UPDATE ledger_account SET balance = balance + {{}}"
                    f" WHERE id = {{}} AND tenant_id = {{}}{after} RETURNING balance)")
        args += (delta, account_id, tenant_id)
    values = []
    for index, row in kept:
        values.append(f"({{}}, {{}}, {{}}, {{}}, {{}}, CAST({{}} AS BIGINT) + (SELECT balance FROM moved_{index}))")
        args += row
    for row in written:
        values.append("({}, {}, {}, {}, {}, {})")
        args += row
    if values:
        ctes.append("posted AS (INSERT INTO ledger_posting (tenant_id, entry_id, account_id, unit, amount,"
                    f" balance_after) VALUES {', '.join(values)})")
    selected = ", ".join(f"(SELECT balance FROM moved_{i}) AS balance_{i}" for i in range(len(moves))) or "NULL"
    [settled] = await db.fetch(f"WITH {', '.join(ctes)} SELECT {selected}", *args)
    return [settled[f"balance_{i}"] for i in range(len(moves))]


def lot_insert(ctx: Context, account_id: int, entry_id: int, amount: int, expires_at: dt.datetime | None,
               created_at: dt.datetime) -> db.Write:
    """The statement adding a lot of ``amount``, and its values: to run, or to send along another."""
    return ("INSERT INTO ledger_lot (tenant_id, account_id, entry_id, amount, remaining, expires_at, created_at)"
            " VALUES ({}, {}, {}, {}, {}, {}, {})",
            (ctx.tenant_id, account_id, entry_id, amount, amount, expires_at, created_at))


async def insert_lot(ctx: Context, account_id: int, entry_id: int, amount: int, expires_at: dt.datetime | None,
                     created_at: dt.datetime) -> None:
    sql, args = lot_insert(ctx, account_id, entry_id, amount, expires_at, created_at)
    await db.fetch(sql, *args)


async def live_lot_rows(ctx: Context, account_id: int, now: dt.datetime, lot_id: int | None = None) -> list[dict[str, Any]]:
    """The account's lots with something left: not expired by ``now``, or the one lot ``lot_id``."""
    if lot_id is not None:
        return await db.fetch(
            "SELECT id, remaining, expires_at FROM ledger_lot"
            " WHERE tenant_id = {} AND account_id = {} AND remaining > 0 AND id = {}",
            ctx.tenant_id, account_id, lot_id,
        )
    return await db.fetch(
        "SELECT id, remaining, expires_at FROM ledger_lot WHERE tenant_id = {} AND account_id = {}"
        " AND remaining > 0 AND (expires_at IS NULL OR expires_at > {})",
        ctx.tenant_id, account_id, now,
    )


async def take_from_first_lot(ctx: Context, account_id: int, amount: int, now: dt.datetime) -> bool:
    """Take ``amount`` from the account's earliest live lot (earliest expiry, never-expiring last,
    then the oldest) if that lot holds it all; False, and nothing taken, when it does not."""
    rows = await db.fetch(
        "UPDATE ledger_lot SET remaining = remaining - {} WHERE tenant_id = {} AND remaining >= {} AND id ="
        " (SELECT id FROM ledger_lot WHERE tenant_id = {} AND account_id = {} AND remaining > 0"
        " AND (expires_at IS NULL OR expires_at > {}) ORDER BY expires_at IS NULL, expires_at, id LIMIT 1)"
        " RETURNING id",
        amount, ctx.tenant_id, amount, ctx.tenant_id, account_id, now,
    )
    return bool(rows)


async def take_from_lot(ctx: Context, lot_id: int, amount: int) -> bool:
    """Take ``amount`` from the lot if it still holds that much (guarded, like a balance)."""
    rows = await db.fetch(
        "UPDATE ledger_lot SET remaining = remaining - {} WHERE tenant_id = {} AND id = {} AND remaining >= {}"
        " RETURNING id",
        amount, ctx.tenant_id, lot_id, amount,
    )
    return bool(rows)

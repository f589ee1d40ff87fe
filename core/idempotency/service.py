"""Run a money-moving request once per Idempotency-Key.

The key is claimed first, in a transaction of its own: a row ``in_progress`` that the unique
index on (tenant, key) lets only one request insert, across workers and on both engines. The
holder runs the work and stores its response in the work's own transaction, so the money and
the record commit together; if the work fails, the claim is deleted and a retry runs afresh.
A replay waits a moment for the holder's response, then answers 409 ``idempotency_in_progress``
with Retry-After; retried, it gets the stored response. The same key with another body is a 409.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import time
from collections.abc import Awaitable, Callable
from typing import Any

import msgspec

from core import db
from core.context import Context
from core.errors import IdempotencyConflict, IdempotencyInProgress, InvalidInput

MAX_KEY = 200
REPLAY_WAIT_S = 2.0
"""How long a replay waits for the request in flight before answering 409 ``idempotency_in_progress``."""
POLL_S = 0.05
MAX_POLL_S = 0.4
RETRY_AFTER_S = 1
STALE_CLAIM = dt.timedelta(minutes=10)
"""A claim this old belongs to a worker that died mid-request: the next replay may take it over.
Its holder, were it alive, could no longer store a response (its update finds no claim) and
rolls back, so the money still moves once."""


class Stored(msgspec.Struct):
    status_code: int
    body: bytes
    replayed: bool = False


class _Record(msgspec.Struct):
    id: int
    done: bool
    stored: Stored
    created_at: dt.datetime


def request_hash(method: str, path: str, body: bytes) -> str:
    return hashlib.sha256(b"\0".join([method.encode(), path.encode(), body])).hexdigest()


async def _recorded(ctx: Context, key: str, digest: str) -> _Record | None:
    # Hand-written, like the ledger's hot statements: every money-moving request runs these.
    rows = await db.fetch(
        "SELECT id, request_hash, state, status_code, response_body, created_at FROM idempotency_record"
        " WHERE tenant_id = {} AND key = {}",
        ctx.tenant_id, key,
    )
    if not rows:
        return None
    row = rows[0]
    if row["request_hash"] != digest:
        raise IdempotencyConflict(key=key)
    stored = Stored(status_code=row["status_code"], body=row["response_body"].encode(), replayed=True)
    return _Record(id=row["id"], done=row["state"] == "done", stored=stored, created_at=row["created_at"])


async def _claim(ctx: Context, key: str, digest: str) -> int | None:
    """The new claim's id, or None when another request holds the key (or has answered it)."""
    try:
        # One statement commits on its own: no BEGIN and COMMIT round trips around it.
        rows = await db.fetch(
            "INSERT INTO idempotency_record (tenant_id, key, request_hash, state, status_code, response_body, created_at)"
            " VALUES ({}, {}, {}, 'in_progress', 0, '', {}) RETURNING id",
            ctx.tenant_id, key, digest, ctx.now(),
        )
    except Exception as exc:
        if not db.is_unique_violation(exc) or db.in_transaction():
            raise
        return None
    return rows[0]["id"]


async def _release(claim_id: int) -> None:
    await db.fetch(
        "DELETE FROM idempotency_record WHERE id = {} AND state = 'in_progress'", claim_id,
    )


async def _complete(claim_id: int, status_code: int, body: bytes) -> None:
    rows = await db.fetch(
        "UPDATE idempotency_record SET state = 'done', status_code = {}, response_body = {}"
        " WHERE id = {} AND state = 'in_progress' RETURNING id",
        status_code, body.decode(), claim_id,
    )
    if not rows:  # taken over as stale while we ran: the other request answers; roll ours back
        raise IdempotencyInProgress(retry_after_s=RETRY_AFTER_S)


async def _claim_or_earlier(ctx: Context, key: str, digest: str) -> int | Stored:
    """Claim the key, or return the response stored for it, waiting up to ``REPLAY_WAIT_S``."""
    deadline = time.monotonic() + REPLAY_WAIT_S
    while True:
        if (claim_id := await _claim(ctx, key, digest)) is not None:
            return claim_id
        # Held or answered: wait by reading, not by trying to write again, so a crowd of replays
        # does not stand between the holder and SQLite's one writer.
        pause = POLL_S
        while (earlier := await _recorded(ctx, key, digest)) is not None:
            if earlier.done:
                return earlier.stored
            if earlier.created_at < ctx.now() - STALE_CLAIM:
                await _release(earlier.id)
                break
            if time.monotonic() >= deadline:
                raise IdempotencyInProgress(retry_after_s=RETRY_AFTER_S)
            await asyncio.sleep(pause)
            pause = min(pause * 2, MAX_POLL_S)  # a crowd of replays backs off, leaving the holder room
        # The holder failed and let go, or its claim was stale: claim it again.


async def run_once(
    ctx: Context, key: str | None, digest: str, status_code: int, work: Callable[[], Awaitable[Any]],
) -> Stored:
    """Run ``work`` (in a transaction) once per key; a replay gets the stored response with ``replayed``.

    Call it outside any transaction: the claim has to commit on its own for other workers to see it.
    """
    if not key or len(key) > MAX_KEY:
        raise InvalidInput(field="Idempotency-Key", zh="资金类请求须带 Idempotency-Key 请求头（1–200 个字符）",
                           en="Money-moving requests need an Idempotency-Key header (1–200 characters)")
    claimed = await _claim_or_earlier(ctx, key, digest)
    if isinstance(claimed, Stored):
        return claimed
    try:
        async with db.transaction():
            result = await work()
            await db.settle_now()  # the response shows the balances as they commit (core/ledger/settling.py)
            body = msgspec.json.encode(result)
            await _complete(claimed, status_code, body)
    except BaseException:
        await _release(claimed)  # nothing was stored: a retry runs the request afresh
        raise
    return Stored(status_code=status_code, body=body)

"""Run a money-moving request once per Idempotency-Key.

The work and the record of its response commit together. A replay with the same body gets
the stored response; the same key with another body is a 409. When two requests with one key
race on PostgreSQL, the loser's insert of the record hits the unique index, its whole
transaction (the work included) rolls back, and it answers with the winner's response.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from typing import Any

import msgspec

from core import db
from core.context import Context
from core.errors import IdempotencyConflict, InvalidInput
from core.idempotency.tables import IdempotencyRecord

MAX_KEY = 200


class Stored(msgspec.Struct):
    status_code: int
    body: bytes


def request_hash(method: str, path: str, body: bytes) -> str:
    return hashlib.sha256(b"\0".join([method.encode(), path.encode(), body])).hexdigest()


async def _recorded(ctx: Context, key: str, digest: str) -> Stored | None:
    # Hand-written, like the ledger's hot statements: every money-moving request runs these two.
    rows = await IdempotencyRecord.raw(
        "SELECT request_hash, status_code, response_body FROM idempotency_record WHERE tenant_id = {} AND key = {}",
        ctx.tenant_id, key,
    ).run()
    if not rows:
        return None
    row = rows[0]
    if row["request_hash"] != digest:
        raise IdempotencyConflict(key=key)
    return Stored(status_code=row["status_code"], body=row["response_body"].encode())


async def run_once(
    ctx: Context, key: str | None, digest: str, status_code: int, work: Callable[[], Awaitable[Any]],
) -> Stored:
    if not key or len(key) > MAX_KEY:
        raise InvalidInput(field="Idempotency-Key", zh="资金类请求须带 Idempotency-Key 请求头（1–200 个字符）",
                           en="Money-moving requests need an Idempotency-Key header (1–200 characters)")
    try:
        async with db.transaction():
            if (earlier := await _recorded(ctx, key, digest)) is not None:
                return earlier
            body = msgspec.json.encode(await work())
            await IdempotencyRecord.raw(
                "INSERT INTO idempotency_record (tenant_id, key, request_hash, status_code, response_body, created_at)"
                " VALUES ({}, {}, {}, {}, {}, {})",
                ctx.tenant_id, key, digest, status_code, body.decode(), ctx.now(),
            ).run()
            return Stored(status_code=status_code, body=body)
    except Exception as exc:
        if not db.is_unique_violation(exc) or db.in_transaction():
            raise
        earlier = await _recorded(ctx, key, digest)
        if earlier is None:
            raise
        return earlier

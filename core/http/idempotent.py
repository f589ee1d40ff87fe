"""Handlers of money-moving POSTs answer through ``idempotent``: once per Idempotency-Key."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from litestar import Request, Response

from core.context import Context
from core.idempotency.service import request_hash, run_once

HEADER = "idempotency-key"
REPLAYED_HEADER = "Idempotent-Replayed"


async def idempotent(ctx: Context, request: Request, work: Callable[[], Awaitable[Any]], status_code: int = 201) -> Response:
    """Run ``work`` once per ``Idempotency-Key``: a replay of the same request answers with the
    first response (marked ``Idempotent-Replayed: true``) and runs nothing; the same key with a
    different body is a 409, and a replay while the first is still running a 409
    ``idempotency_in_progress`` with Retry-After."""
    digest = request_hash(request.method, request.url.path, await request.body())
    stored = await run_once(ctx, request.headers.get(HEADER), digest, status_code, work)
    headers = {REPLAYED_HEADER: "true"} if stored.replayed else None
    return Response(content=stored.body, status_code=stored.status_code, media_type="application/json", headers=headers)

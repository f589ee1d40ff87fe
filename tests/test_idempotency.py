"""Idempotency-Key: replays return the first response and post nothing, even all at once."""

import asyncio

import msgspec

from core.idempotency.service import request_hash, run_once
from core.ledger.stored_value import stored_value, top_up
from core.ledger.verify import verify


async def test_hundred_simultaneous_replays_of_one_top_up_post_it_once(tenant):
    ctx = await tenant.ctx()
    digest = request_hash("POST", "/api/v1/members/1/top-ups", b'{"amount_fen": 500}')

    async def once():
        return await run_once(ctx, "same-key", digest, 201, lambda: top_up(ctx, 1, 1, 500, "cash"))

    answers = await asyncio.gather(*(once() for _ in range(100)))
    assert len({a.body for a in answers}) == 1
    assert (await stored_value(ctx, 1)).principal_fen == 500
    assert msgspec.json.decode(answers[0].body)["kind"] == "top_up"
    assert await verify(tenant.id) == []

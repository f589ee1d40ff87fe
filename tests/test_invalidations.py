"""With Redis, what one process changes is dropped from every process's caches: announced once the
change commits, dropped by each process's listener, and a listener that loses Redis empties every
cache before it listens again. Redis delivers a message in milliseconds: a test waits for its
effect in a loop with a short deadline, never a fixed sleep.

Each test listens and publishes on a channel of its own (``MENDIAN_REDIS_PREFIX``); the tests of
two processes, with real servers, are in tests/test_two_servers.py.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
import uuid
from collections.abc import Callable

import pytest

from core import db, invalidations
from core.cache import forget, ttl_cache
from core.errors import Unauthenticated
from core.invalidations import Listener, encode
from core.member_auth.service import authenticate_member, open_session
from core.member_auth.tables import MemberSession
from sdk.testing import make_member
from tests.redis_helpers import REDIS_URL, redis_or_skip

DELIVERED_WITHIN_S = 2.0


@pytest.fixture
def redis_prefix(monkeypatch):
    """``MENDIAN_REDIS_URL`` set, with a channel and keys of this test's own."""
    redis_or_skip()
    prefix = f"mendian-test:{uuid.uuid4().hex}"
    monkeypatch.setenv("MENDIAN_REDIS_URL", REDIS_URL)
    monkeypatch.setenv("MENDIAN_REDIS_PREFIX", prefix)
    return prefix


@pytest.fixture
async def listener(redis_prefix):
    """This process listening, as an app does from its start."""
    listening = Listener(REDIS_URL)
    task = asyncio.create_task(listening.run())
    await asyncio.wait_for(listening.subscribed.wait(), 5)
    yield listening
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)


def another_process_publishes(name: str, keys: list | None) -> None:
    """What another process's ``forget`` sends, through a connection of its own."""
    redis_or_skip().publish(invalidations.channel(), encode(name, keys))


async def until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + DELIVERED_WITHIN_S
    while not condition():
        assert time.monotonic() < deadline, f"not within {DELIVERED_WITHIN_S} s: {what}"
        await asyncio.sleep(0.01)


def a_cache():
    return ttl_cache(f"test:{uuid.uuid4().hex}", maxsize=16, seconds=60)


async def test_a_session_signed_out_elsewhere_is_refused_here_at_once(tenant, listener):
    from core.clock import Clock
    from core.member_auth import service

    member = await make_member(tenant)
    token, _ = await open_session(tenant.id, member.id, dt.datetime.now(dt.UTC))
    await authenticate_member(token, Clock())  # this process now keeps the session a few seconds
    # Another process signs the member out: the row changes there, and it says so.
    await MemberSession.update({MemberSession.revoked_at: dt.datetime.now(dt.UTC)}).where(MemberSession.id > 0)
    [token_hash] = list(service._signed_in.keys())
    assert await authenticate_member(token, Clock())  # kept here: without the message it would still pass

    another_process_publishes("member-sessions", [token_hash])

    await until(lambda: token_hash not in service._signed_in, "the session dropped here")
    with pytest.raises(Unauthenticated):
        await authenticate_member(token, Clock())


async def test_keys_made_of_several_parts_arrive_as_they_were_sent(listener):
    cache = a_cache()
    cache[(7, 42)] = "item and session"
    cache[(7, 43)] = "kept"

    another_process_publishes(cache.name, [[7, 42]])

    await until(lambda: (7, 42) not in cache, "the tuple key dropped")
    assert cache[(7, 43)] == "kept"


async def test_a_change_is_announced_once_it_commits_and_never_when_it_rolls_back(database_url, redis_prefix):
    import redis.asyncio

    cache = a_cache()
    client = redis.asyncio.Redis.from_url(REDIS_URL, decode_responses=True)
    async with client.pubsub(ignore_subscribe_messages=True) as heard:
        await heard.subscribe(invalidations.channel())
        with pytest.raises(LookupError):
            async with db.transaction():
                await forget(cache, "rolled back")
                raise LookupError("the change fails")
        async with db.transaction():
            await forget(cache, "committed")
            await forget(cache, "committed")  # forgotten twice, announced once
            await invalidations.publish("sent before the commit", None)

        messages = []
        deadline = time.monotonic() + DELIVERED_WITHIN_S
        while len(messages) < 2 and time.monotonic() < deadline:
            if (message := await heard.get_message(timeout=0.1)) is not None:
                messages.append(message["data"])
    await client.aclose()
    assert messages == [encode("sent before the commit", None), encode(cache.name, ["committed"])]


async def test_a_lost_subscription_empties_every_cache_and_listens_again(listener, redis_prefix):
    cache = a_cache()
    cache[1] = "read before the connection was lost"
    admin = redis_or_skip()
    [ours] = [c for c in admin.client_list() if c["name"] == f"{invalidations.channel()}:listener"]

    admin.client_kill_filter(_id=ours["id"])

    await until(lambda: 1 not in cache, "the cache emptied: what changed meanwhile was not heard")
    await until(listener.subscribed.is_set, "subscribed again")
    cache[2] = "read after"
    another_process_publishes(cache.name, [2])
    await until(lambda: 2 not in cache, "a message heard on the new subscription")


async def test_a_message_that_is_not_an_invalidation_is_ignored(caplog):
    cache = a_cache()
    cache[1] = "kept"

    for stranger in ("not json", '{"cache": 1, "keys": []}', '{"keys": [1]}', '["a list"]',
                     f'{{"cache": "{cache.name}", "keys": [{{"a": 1}}]}}'):
        invalidations.apply(stranger)

    assert cache[1] == "kept"
    assert "not an invalidation" in caplog.text


async def test_without_redis_a_change_forgets_here_and_tells_nobody(database_url, monkeypatch):
    monkeypatch.delenv("MENDIAN_REDIS_URL", raising=False)
    cache = a_cache()
    cache[1] = "old row"

    async with db.transaction():
        await forget(cache, 1)
        cache[1] = "read again before the commit"

    assert 1 not in cache  # dropped again once committed


def test_two_caches_cannot_share_a_name():
    cache = a_cache()
    with pytest.raises(ValueError, match="exists already"):
        ttl_cache(cache.name, maxsize=1, seconds=1)


async def test_ready_is_503_until_the_process_listens_to_the_others(app, client, redis_prefix):
    from core.app import listen_for_invalidations

    app.state.invalidations = Listener(REDIS_URL)  # made, not yet subscribed
    r = await client.get("/ready")
    assert r.status_code == 503 and r.json()["checks"]["invalidations"] == "failed: not subscribed"
    assert "未订阅其他进程的变更通知" in r.json()["detail"]

    background: list[asyncio.Task] = []
    await listen_for_invalidations(app, REDIS_URL, background)  # what the app's start does
    try:
        r = await client.get("/ready")
        assert r.status_code == 200 and r.json()["checks"]["invalidations"] == "ok", r.text
    finally:
        for task in background:
            task.cancel()
        await asyncio.gather(*background, return_exceptions=True)

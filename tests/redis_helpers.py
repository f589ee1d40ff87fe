"""The Redis the tests use (the machine's, as CI's), or a skip that says it is not there."""

from __future__ import annotations

import pytest

REDIS_URL = "redis://127.0.0.1:6379/0"


def redis_or_skip():
    """A client of the tests' Redis; the test is skipped when no Redis answers there."""
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {REDIS_URL}")
    return client

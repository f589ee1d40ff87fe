"""The Redis connection, when ``MENDIAN_REDIS_URL`` is set: for counters that must take thousands of
writes a second (flash-sale stock), rate limits, and telling every process what changed
(core/invalidations.py). Everything works without it, on one host.

A client belongs to the event loop that made it, so one is kept per running loop (a test's loop,
a worker's loop); the URL is read each time, so a test can switch Redis on and off.
"""

from __future__ import annotations

import asyncio
import os
import weakref
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from redis.asyncio import Redis

MAX_CONNECTIONS = 64
SOCKET_TIMEOUT_S = 30
_clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, tuple[str, Any]] = weakref.WeakKeyDictionary()


def redis_url() -> str | None:
    return os.environ.get("MENDIAN_REDIS_URL") or None


DEFAULT_PREFIX = "mendian"


def redis_prefix() -> str:
    """What Mendian's Redis keys and channels start with (``MENDIAN_REDIS_PREFIX``): two
    installations sharing one Redis (staging beside production, parallel tests) each set their own."""
    return os.environ.get("MENDIAN_REDIS_PREFIX") or DEFAULT_PREFIX


def redis_client() -> Redis | None:
    """A ``redis.asyncio.Redis`` for this loop, or None without ``MENDIAN_REDIS_URL``."""
    url = redis_url()
    if url is None:
        return None
    loop = asyncio.get_running_loop()
    kept = _clients.get(loop)
    if kept is None or kept[0] != url:
        import redis.asyncio

        # A blocking pool: a crowd waits its turn for a connection rather than failing with
        # "Too many connections". A busy event loop may be slow to finish a connect or a reply:
        # the timeouts are generous (redis-py's 5 s failed takes under a 2,000-request burst).
        pool = redis.asyncio.BlockingConnectionPool.from_url(url, max_connections=MAX_CONNECTIONS, timeout=10,
                                                             socket_connect_timeout=SOCKET_TIMEOUT_S,
                                                             socket_timeout=SOCKET_TIMEOUT_S, decode_responses=True)
        kept = (url, redis.asyncio.Redis(connection_pool=pool))
        _clients[loop] = kept
    return kept[1]

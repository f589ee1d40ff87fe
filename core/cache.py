"""Short-lived, per-process caches of what every member request reads (their session, the tenant,
its plugins), so a crowd of members — a flash sale opening — does not read them again for each
request.

A change made through this process forgets its entry at once (``forget``); other worker processes
see it within the cache's seconds (``MEMBER_READS_SECONDS``). Every cache is emptied when a
database is bound, because a fresh database (each test's) reuses the same ids.
"""

from __future__ import annotations

import time
from typing import Any

from cachetools import TTLCache

MEMBER_READS_SECONDS = 5  # how stale a member request's view of its session, tenant and plugins may be

_caches: list[TTLCache] = []


def ttl_cache(maxsize: int, seconds: float) -> TTLCache:
    """A cache whose entries live ``seconds``, emptied with the others when a database is bound."""
    cache: TTLCache = TTLCache(maxsize=maxsize, ttl=seconds, timer=time.monotonic)
    _caches.append(cache)
    return cache


def clear_all() -> None:
    """Empty every cache (a database was bound)."""
    for cache in _caches:
        cache.clear()


def forget(cache: TTLCache, key: Any) -> None:
    """Drop ``key`` now: the row it holds was just changed through this process."""
    cache.pop(key, None)

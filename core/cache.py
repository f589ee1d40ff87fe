"""Short-lived, per-process caches of what every member request reads (their session, the tenant,
its plugins), so a crowd of members — a flash sale opening — does not read them again for each
request.

A change forgets its entries (``forget``): in this process at once, and, with ``MENDIAN_REDIS_URL``
set, in every other process and host as soon as it commits (core/invalidations.py: one Redis
message, delivered in milliseconds, awaited before the change's response goes out). Without Redis
other worker processes see the change within the cache's seconds (``MEMBER_READS_SECONDS``),
which also bound how long a missed message could matter. Reading a cache never goes to Redis.
Every cache is emptied when a database is bound, because a fresh database (each test's) reuses
the same ids.
"""

from __future__ import annotations

import json
import time
from typing import Any

from cachetools import TTLCache

from core import db

MEMBER_READS_SECONDS = 5  # how stale a member request's view of its session, tenant and plugins may be


class NamedCache(TTLCache):
    """A TTL cache with the name every process knows it by, so another process can address it."""

    def __init__(self, name: str, maxsize: int, seconds: float) -> None:
        super().__init__(maxsize=maxsize, ttl=seconds, timer=time.monotonic)
        self.name = name


_caches: dict[str, NamedCache] = {}


def ttl_cache(name: str, maxsize: int, seconds: float) -> NamedCache:
    """A cache whose entries live ``seconds``, emptied with the others when a database is bound.
    ``name`` is unique in the installation (a plugin's start with the plugin's name): a change in
    one process names it to drop the entry in the others."""
    if name in _caches:
        raise ValueError(f"a cache named {name!r} exists already: each cache needs its own name")
    cache = _caches[name] = NamedCache(name, maxsize, seconds)
    return cache


def clear_all() -> None:
    """Empty every cache (a database was bound, or changes made elsewhere may have been missed)."""
    for cache in _caches.values():
        cache.clear()


def drop(name: str, keys: list[Any] | None) -> None:
    """Drop ``keys`` of the cache ``name`` (all of it for None): another process changed them. A
    name unknown here (a plugin this process does not load) has nothing to drop."""
    cache = _caches.get(name)
    if cache is None:
        return
    if keys is None:
        cache.clear()
        return
    for key in keys:
        cache.pop(key, None)


async def forget(cache: NamedCache, *keys: Any) -> None:
    """The rows behind ``keys`` were just changed: drop them here now, and in every process once
    the change commits (at once outside a transaction). Keys are numbers, text, or tuples of them."""
    if not keys:
        return
    drop(cache.name, list(keys))
    await _everywhere(cache.name, list(keys))


async def forget_all(cache: NamedCache) -> None:
    """Like ``forget``, for every entry of ``cache`` (a change that touches entries by an unknown key)."""
    drop(cache.name, None)
    await _everywhere(cache.name, None)


async def _everywhere(name: str, keys: list[Any] | None) -> None:
    from core import invalidations  # it imports this module to drop what others announce

    settles = db.settling() if db.is_bound() else None
    if settles is None:
        await invalidations.publish(name, keys)
        return

    async def committed() -> None:
        # Again here: a read in this process between the change and its commit kept the old row.
        drop(name, keys)
        await invalidations.publish(name, keys)

    # One announcement per cache and keys, however often the transaction forgot them.
    settles.committed[f"cache:{name}:{json.dumps(keys)}"] = committed

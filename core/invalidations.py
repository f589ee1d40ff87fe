"""Telling every Mendian process which cached entries a change made stale, when
``MENDIAN_REDIS_URL`` is set: the changing process publishes the cache's name and keys on one
Redis channel once the change commits, and awaits it before answering; every app process listens
from startup and drops them (core/cache.py). Redis hands a message to the listening processes
within milliseconds.

A process whose subscription is lost empties every cache, and again once it has subscribed anew:
a message it missed meanwhile cannot leave a stale entry behind the reconnect. Without Redis there
is nobody to tell, and each process's caches expire on their own.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

from core.cache import clear_all, drop
from core.redis import redis_client, redis_prefix

log = logging.getLogger(__name__)

CHANNEL = "invalidations"
PUBLISH_TIMEOUT_S = 2.0  # a Redis outage must not hold the change's response for long
CONNECT_TIMEOUT_S = 5.0
HEALTH_CHECK_S = 5.0  # the listener pings Redis this often while no message comes
RETRY_FIRST_S = 0.1
RETRY_MAX_S = 5.0


def channel() -> str:
    return f"{redis_prefix()}:{CHANNEL}"


def encode(name: str, keys: list[Any] | None) -> str:
    return json.dumps({"cache": name, "keys": keys}, separators=(",", ":"))


def _key(raw: Any) -> Any:
    """JSON has no tuples: a key sent as a tuple comes back a list, and is made a tuple again."""
    return tuple(_key(part) for part in raw) if isinstance(raw, list) else raw


def apply(raw: str) -> None:
    """Drop what a message names; a message that is not one of ours is logged and left alone."""
    try:
        message = json.loads(raw)
        name, keys = message["cache"], message["keys"]
        if not isinstance(name, str) or not (keys is None or isinstance(keys, list)):
            raise ValueError("cache must be text and keys a list or null")
        drop(name, None if keys is None else [_key(k) for k in keys])
    except (ValueError, KeyError, TypeError) as exc:  # TypeError: not a mapping, or a key that cannot be one
        log.warning("ignored a message on %s that is not an invalidation: %s", channel(), exc)


async def publish(name: str, keys: list[Any] | None) -> None:
    """Tell the other processes, when there is a Redis to tell them through. A failure is logged,
    not raised: the change has committed; the others see it within the cache's seconds."""
    client = redis_client()
    if client is None:
        return
    from redis.exceptions import RedisError

    try:
        await asyncio.wait_for(client.publish(channel(), encode(name, keys)), PUBLISH_TIMEOUT_S)
    except (RedisError, OSError, TimeoutError) as exc:
        log.warning("could not tell other processes that cache %s changed (%s): they see it when it expires",
                    name, type(exc).__name__)


class Listener:
    """An app process's subscription, started with the app and cancelled with it."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.subscribed = asyncio.Event()  # set while the subscription stands (``/ready`` reports it)

    async def run(self) -> None:
        """Listen until cancelled; after any failure empty every cache and subscribe again."""
        from redis.exceptions import RedisError

        delay = RETRY_FIRST_S
        while True:
            try:
                await self._listen()
            except (RedisError, OSError) as exc:
                log.warning("lost the invalidation channel %s (%s): caches emptied, subscribing again",
                            channel(), type(exc).__name__)
            except Exception:  # whatever it was, a listener that stopped would leave this process deaf
                log.exception("the invalidation listener failed: caches emptied, subscribing again")
            if self.subscribed.is_set():
                delay = RETRY_FIRST_S  # it stood for a while: try again soon
            self.subscribed.clear()
            clear_all()  # changes made elsewhere from now until subscribed again would go unheard
            await asyncio.sleep(delay)  # a back-off, so a Redis that is down is not hammered
            delay = min(delay * 2, RETRY_MAX_S)

    async def _listen(self) -> None:
        import redis.asyncio
        from redis.asyncio.retry import Retry
        from redis.backoff import NoBackoff

        # No silent reconnect (redis-py would resubscribe quietly and the messages in between
        # would be lost unnoticed): a broken connection raises here, and ``run`` starts over.
        # Named, so an operator finds the listeners in CLIENT LIST.
        client = redis.asyncio.Redis.from_url(self.url, decode_responses=True, retry=Retry(NoBackoff(), 0),
                                              client_name=f"{channel()}:listener",
                                              socket_connect_timeout=CONNECT_TIMEOUT_S, socket_keepalive=True,
                                              health_check_interval=HEALTH_CHECK_S)
        try:
            async with client.pubsub() as pubsub:
                await pubsub.subscribe(channel())
                while True:
                    message = await pubsub.get_message(timeout=HEALTH_CHECK_S)
                    if message is None:
                        continue
                    if message["type"] == "message":
                        apply(message["data"])
                    elif message["type"] == "subscribe":  # Redis confirms: from now on nothing is missed
                        clear_all()  # whatever changed before the subscription stood
                        self.subscribed.set()
        finally:
            await client.aclose()

"""Rate limits where guessing or flooding is possible: staff sign-in, texting sign-in codes, and
wrong member or coupon codes. Every limit is named here, counted by the ``limits`` library.

With ``MENDIAN_REDIS_URL`` set the counts live in Redis and hold across every worker and server;
without it each app (each worker process) counts in its own memory, so N workers allow N times
as much. Limits count with a moving window: a refusal says how many seconds until the oldest
counted attempt leaves it (the ``Retry-After`` header).
"""

from __future__ import annotations

import math
import time
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from typing import NoReturn

from limits import RateLimitItem, RateLimitItemPerHour, RateLimitItemPerMinute
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter
from litestar.connection import ASGIConnection

from core.errors import DomainError, InvalidCredentials
from core.member_auth.errors import TooManyCodeRequests
from core.redis import redis_prefix

# Redis keys start with the installation's prefix (``MENDIAN_REDIS_PREFIX``) and this.
KEY_PREFIX = "limits"


class TooManySignInAttempts(DomainError):
    code = "too_many_sign_in_attempts"
    status = 429
    zh = "登录失败次数过多，请 {minutes} 分钟后再试"
    en = "Too many failed sign-ins: try again in {minutes} minutes"


class TooManyWrongCodes(DomainError):
    code = "too_many_wrong_codes"
    status = 429
    zh = "输错的码过多，请 {retry_after_s} 秒后再试"
    en = "Too many wrong codes: try again in {retry_after_s} seconds"


@dataclass(frozen=True, slots=True)
class Rule:
    """One limit: ``limit`` counts per key under ``name``; past it, ``refusal`` is raised."""

    name: str
    limit: RateLimitItem
    refusal: type[DomainError]


# Staff sign-in (console and API alike): wrong passwords for one account from one address, and
# from one address over all accounts (a shop's tills share one address: keep it above a few typos).
SIGN_IN_FAILURES_PER_ACCOUNT = Rule("sign-in:account", RateLimitItemPerMinute(5, 15), TooManySignInAttempts)
SIGN_IN_FAILURES_PER_ADDRESS = Rule("sign-in:address", RateLimitItemPerMinute(30, 15), TooManySignInAttempts)
# Wrong member codes (scanned QR) and coupon codes: per caller (staff, API key or member) and per address.
WRONG_CODES_PER_ACTOR = Rule("wrong-codes:actor", RateLimitItemPerMinute(20, 10), TooManyWrongCodes)
WRONG_CODES_PER_ADDRESS = Rule("wrong-codes:address", RateLimitItemPerMinute(100, 10), TooManyWrongCodes)
# Texting sign-in codes, per address whatever the phones (an SMS bomb, a number scraper); generous
# because carriers put many phones behind one address (CGNAT). Per-phone limits are in the database.
SMS_CODES_PER_ADDRESS_MINUTE = Rule("sms-codes:address:minute", RateLimitItemPerMinute(30), TooManyCodeRequests)
SMS_CODES_PER_ADDRESS_HOUR = Rule("sms-codes:address:hour", RateLimitItemPerHour(300), TooManyCodeRequests)

Count = tuple[Rule, tuple[str, ...]]


def _storage(redis_url: str | None) -> Storage:
    if redis_url:
        # redis.asyncio (already a dependency), with timeouts short enough that a Redis outage
        # refuses sign-ins quickly instead of holding them.
        return RedisStorage(redis_url, implementation="redispy", key_prefix=f"{redis_prefix()}:{KEY_PREFIX}",
                            socket_timeout=2, socket_connect_timeout=2)
    return MemoryStorage()


class RateLimits:
    """The app's counters (``app.state.rate_limits``): in Redis when a URL is given, else in memory."""

    def __init__(self, redis_url: str | None = None) -> None:
        self._limiter = MovingWindowRateLimiter(_storage(redis_url))

    async def _refuse(self, rule: Rule, key: tuple[str, ...]) -> NoReturn:
        reset = (await self._limiter.get_window_stats(rule.limit, rule.name, *key)).reset_time
        wait = max(math.ceil(reset - time.time()), 1)
        raise rule.refusal(retry_after_s=wait, minutes=math.ceil(wait / 60))

    async def check(self, *counts: Count) -> None:
        """Refuse, with how long to wait, if any of ``counts`` is full."""
        for rule, key in counts:
            if not await self._limiter.test(rule.limit, rule.name, *key):
                await self._refuse(rule, key)

    async def count(self, *counts: Count) -> None:
        for rule, key in counts:
            await self._limiter.hit(rule.limit, rule.name, *key)

    async def take(self, *counts: Count) -> None:
        """Count one attempt against every one of ``counts``, or refuse it (counting nothing)."""
        await self.check(*counts)
        await self.count(*counts)

    async def reserve(self, rule: Rule, key: tuple[str, ...]) -> None:
        """Count one attempt at once, or refuse it: however many arrive together, no more than the
        limit get through (checking first and counting after would let a burst pass)."""
        if not await self._limiter.hit(rule.limit, rule.name, *key):
            await self._refuse(rule, key)

    async def forget(self, *counts: Count) -> None:
        for rule, key in counts:
            await self._limiter.clear(rule.limit, rule.name, *key)

    @asynccontextmanager
    async def failures(self, *counts: Count, on: type[Exception] | tuple[type[Exception], ...]) -> AsyncIterator[None]:
        """Refuse while any of ``counts`` is full; a block that raises ``on`` counts one failure."""
        await self.check(*counts)
        try:
            yield
        except on:
            await self.count(*counts)
            raise

    @asynccontextmanager
    async def sign_in(self, address: str, tenant: str, account: str) -> AsyncIterator[None]:
        """One staff sign-in attempt, counted before the password is checked: a locked account is
        refused even with the right one. Success forgets this account's failures from this address
        only; the address's count over all accounts stays (one known account must not reset it)."""
        per_account = (SIGN_IN_FAILURES_PER_ACCOUNT, (tenant.strip().lower(), account.strip().lower(), address))
        async with self.failures((SIGN_IN_FAILURES_PER_ADDRESS, (address,)), on=InvalidCredentials):
            await self.reserve(*per_account)
            yield
        await self.forget(per_account)


def client_address(request: ASGIConnection) -> str:
    """The caller's network address (behind a proxy, only what uvicorn was told to trust)."""
    return request.client.host if request.client else "unknown"


def sign_in_attempt(request: ASGIConnection, tenant: str, account: str) -> AbstractAsyncContextManager[None]:
    """``async with sign_in_attempt(request, tenant, username):`` around a staff sign-in, at every door."""
    return request.app.state.rate_limits.sign_in(client_address(request), tenant, account)


async def code_request(request: ASGIConnection) -> None:
    """Count one request to text a sign-in code from this address, or refuse it."""
    address = (client_address(request),)
    await request.app.state.rate_limits.take((SMS_CODES_PER_ADDRESS_MINUTE, address),
                                             (SMS_CODES_PER_ADDRESS_HOUR, address))


def code_guess(request: ASGIConnection,
               wrong: type[Exception] | tuple[type[Exception], ...]) -> AbstractAsyncContextManager[None]:
    """``async with code_guess(request, wrong=NotFound):`` around a route that takes a code someone
    could guess (a member code, a coupon code): refused while the caller or its address has too
    many wrong codes; the block raising ``wrong`` counts one more. Routes of signed-in callers only."""
    caller = request.user
    actor = f"{caller.tenant_id}:{caller.actor.kind}:{caller.actor.id or caller.actor.name}"
    return request.app.state.rate_limits.failures(
        (WRONG_CODES_PER_ACTOR, (actor,)), (WRONG_CODES_PER_ADDRESS, (client_address(request),)), on=wrong)

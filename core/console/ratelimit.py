"""The sign-in rate limit: after a few wrong passwords for one account from one address, wait.

Kept in memory, per process: enough to stop password guessing against one console process.
With several workers each keeps its own count, so the effective limit is that many times
higher; a shared store (Redis, through ``limits``) is the next step when that matters.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from dataclasses import dataclass, field

from core.errors import DomainError

MAX_FAILURES = 5
WINDOW = dt.timedelta(minutes=15)


class TooManySignInAttempts(DomainError):
    code = "too_many_sign_in_attempts"
    status = 429
    zh = "登录失败次数过多，请 {minutes} 分钟后再试"
    en = "Too many failed sign-ins: try again in {minutes} minutes"


@dataclass
class SignInLimiter:
    max_failures: int = MAX_FAILURES
    window: dt.timedelta = WINDOW
    _failures: dict[tuple[str, str, str], deque[dt.datetime]] = field(default_factory=dict)

    @staticmethod
    def key(ip: str, tenant: str, account: str) -> tuple[str, str, str]:
        return ip, tenant.strip().lower(), account.strip().lower()

    def _recent(self, key: tuple[str, str, str], now: dt.datetime) -> deque[dt.datetime]:
        times = self._failures.get(key, deque())
        while times and times[0] <= now - self.window:
            times.popleft()
        if not times:
            self._failures.pop(key, None)
        return times

    def check(self, key: tuple[str, str, str], now: dt.datetime) -> None:
        """Refuse before the password is even checked while the account is locked for this address."""
        times = self._recent(key, now)
        if len(times) >= self.max_failures:
            wait = times[0] + self.window - now
            raise TooManySignInAttempts(minutes=max(1, -(-int(wait.total_seconds()) // 60)))

    def failed(self, key: tuple[str, str, str], now: dt.datetime) -> None:
        times = self._recent(key, now)
        times.append(now)
        self._failures[key] = times

    def succeeded(self, key: tuple[str, str, str]) -> None:
        self._failures.pop(key, None)

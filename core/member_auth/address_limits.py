"""Per-address limits on texting sign-in codes: one network address asking codes for many phones
(an SMS bomb, a number scraper) is refused once it passes ``PER_MINUTE`` or ``PER_HOUR``, whatever
the phones. The per-phone limits live in the database (``service._check_send_limits``).

The counters are in memory, one set per app (per worker process): several workers each allow
as much. The limits are generous because carriers put many phones behind one address (CGNAT).
"""

from __future__ import annotations

import time

from limits import RateLimitItemPerHour, RateLimitItemPerMinute
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from core.member_auth.errors import TooManyCodeRequests

PER_MINUTE = RateLimitItemPerMinute(30)
PER_HOUR = RateLimitItemPerHour(300)


class AddressLimits:
    def __init__(self) -> None:
        self._limiter = MovingWindowRateLimiter(MemoryStorage())

    def take(self, address: str) -> None:
        """Count one code request from ``address``, or refuse it with how long to wait."""
        for limit in (PER_MINUTE, PER_HOUR):
            if not self._limiter.test(limit, "codes", address):
                stats = self._limiter.get_window_stats(limit, "codes", address)
                raise TooManyCodeRequests(retry_after_s=max(int(stats.reset_time - time.time()) + 1, 1))
        for limit in (PER_MINUTE, PER_HOUR):
            self._limiter.hit(limit, "codes", address)

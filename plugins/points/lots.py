"""The member's points lots, read from the ledger: what is left of each parcel and when it lapses.

The ledger holds expiring points in lots and spends them earliest expiry first; "expiring soon"
and the expiry reminders read them through ``sdk.ledger.live_lots``. Lapsed lots are never
counted, even before the daily job posts their lapse.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sdk import Context
from sdk.ledger import live_lots


async def live_total(ctx: Context, member_id: int) -> int:
    """The points the member can use now."""
    return sum(lot.remaining for lot in await live_lots(ctx, "points", owner_id=member_id))


async def expiring(ctx: Context, until: dt.datetime, member_id: int | None = None) -> dict[tuple[int, dt.datetime], int]:
    """Live points lapsing at ``until`` or earlier, summed by (member, lapse instant)."""
    due: dict[tuple[int, dt.datetime], int] = defaultdict(int)
    for lot in await live_lots(ctx, "points", owner_id=member_id, expiring_until=until):
        if lot.owner_id is None or lot.expires_at is None:  # expiring_until keeps only lots that lapse
            continue
        due[(lot.owner_id, lot.expires_at)] += lot.remaining
    return dict(sorted(due.items(), key=lambda kv: (kv[0][1], kv[0][0])))

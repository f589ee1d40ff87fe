"""The flash sale plugin's scheduled job: gives unpaid holds back to stock after the hold time."""

from __future__ import annotations

from plugins.flash_sale.reservations import release_expired
from sdk import Context
from sdk.jobs import TenantJob

RELEASE_EVERY_SECONDS = 15


async def release(ctx: Context) -> int:
    return await release_expired(ctx)


JOBS = [TenantJob(name="flash_sale.release", plugin="flash_sale", every_seconds=RELEASE_EVERY_SECONDS, run=release)]

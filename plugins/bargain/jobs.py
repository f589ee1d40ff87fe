"""The bargain plugin's scheduled job: closes bargains past their deadline (``buying.sweep``)."""

from __future__ import annotations

from plugins.bargain.buying import sweep
from sdk import Context
from sdk.jobs import TenantJob

SWEEP_EVERY_SECONDS = 60


async def close_due(ctx: Context) -> int:
    return await sweep(ctx)


JOBS = [TenantJob(name="bargain.sweep", plugin="bargain", every_seconds=SWEEP_EVERY_SECONDS, run=close_due)]

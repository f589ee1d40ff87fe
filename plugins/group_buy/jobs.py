"""The group buy plugin's scheduled job: refunds groups not filled by their deadline."""

from __future__ import annotations

from plugins.group_buy.deadline import fail_expired
from sdk import Context
from sdk.jobs import TenantJob

DEADLINE_EVERY_SECONDS = 60


async def deadline(ctx: Context) -> int:
    return await fail_expired(ctx)


JOBS = [TenantJob(name="group_buy.deadline", plugin="group_buy", every_seconds=DEADLINE_EVERY_SECONDS, run=deadline)]

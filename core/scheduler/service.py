"""Running what is due: lapsing expired value, the daily tick, and the plugins' jobs.

Every worker may run the loop; the daily tick still runs once per tenant and local day because
the claim row is inserted in the tick's own transaction (a unique key on tenant and day), and
plugin jobs are idempotent sweeps by contract.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field

from core import db
from core.clock import Clock
from core.contexts import context_for
from core.extensions.manager import PluginManager
from core.jobs import Job, TenantJob
from core.ledger.expiry import lapse_expired_lots
from core.scheduler.tables import DailyRun
from core.tenancy.tables import Tenant

log = logging.getLogger(__name__)

TICK_SECONDS = 60


async def run_daily(manager: PluginManager, clock: Clock) -> list[tuple[int, str]]:
    """Lapse expired lots for every tenant and, once per local day, call ``daily_tick``.

    Returns the (tenant id, day) pairs whose tick ran now.
    """
    ran = []
    for tenant in await Tenant.select(Tenant.id):
        ctx = await context_for(tenant["id"], manager, clock)
        day = ctx.local_today()
        try:
            async with db.transaction():
                await lapse_expired_lots(ctx)
                if await DailyRun.exists().where((DailyRun.tenant_id == ctx.tenant_id) & (DailyRun.day == day)):
                    continue
                await DailyRun.insert(DailyRun(tenant_id=ctx.tenant_id, day=day, ran_at=clock.now()))
                await ctx.hooks.daily_tick(ctx=ctx, day=day)
                ran.append((ctx.tenant_id, day.isoformat()))
        except Exception as exc:
            if db.is_unique_violation(exc):
                continue  # another worker claimed this tenant's day first
            log.exception("daily tick failed for tenant %s", tenant["id"])
    return ran


async def run_for_tenants(job: TenantJob, manager: PluginManager, clock: Clock) -> None:
    """Run ``job`` for every tenant that has its plugin enabled; one tenant's failure is logged and
    the others still run."""
    for tenant in await Tenant.select(Tenant.id):
        ctx = await context_for(tenant["id"], manager, clock)
        if job.plugin not in ctx.enabled_plugins:
            continue
        try:
            await job.run(ctx)
        except Exception:
            log.exception("scheduled job %s failed for tenant %s", job.name, tenant["id"])


@dataclass
class Scheduler:
    manager: PluginManager
    clock: Clock
    jobs: list[Job | TenantJob] = field(default_factory=list)
    _last: dict[str, float] = field(default_factory=dict)  # each job's last run (monotonic)
    _daily_at: float = float("-inf")  # run_daily's last run

    @classmethod
    def for_plugins(cls, manager: PluginManager, clock: Clock) -> Scheduler:
        """The kernel's own jobs (delivering the outbox) and every plugin's."""
        from core.messages.delivery import delivery_job

        jobs = [delivery_job(clock), *(job for _, result in manager.wiring("scheduled_jobs") for job in result)]
        return cls(manager=manager, clock=clock, jobs=jobs)

    @property
    def tick_seconds(self) -> float:
        """How long the loop sleeps: as short as its most frequent job needs, at most a minute."""
        return max(1, min([TICK_SECONDS, *(job.every_seconds for job in self.jobs)]))

    async def run_due(self) -> None:
        now = time.monotonic()
        if now - self._daily_at >= TICK_SECONDS:  # lapses and daily ticks: once a minute is enough
            self._daily_at = now
            await run_daily(self.manager, self.clock)
        for job in self.jobs:
            if now - self._last.get(job.name, float("-inf")) >= job.every_seconds:
                self._last[job.name] = now
                if isinstance(job, TenantJob):
                    await run_for_tenants(job, self.manager, self.clock)
                    continue
                try:
                    await job.run()
                except Exception:
                    log.exception("scheduled job %s failed", job.name)

    async def loop(self) -> None:
        while True:
            await self.run_due()
            await asyncio.sleep(self.tick_seconds)

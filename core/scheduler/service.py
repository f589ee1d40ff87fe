"""Running what is due: lapsing expired value, the daily tick, and the plugins' jobs.

Every worker may run the loop; each piece of work still runs once. The daily tick is claimed
per tenant and local day (a DailyRun row inserted in the tick's own transaction); every other job
is claimed per due slot in ``job_run`` (core/scheduler/runs.py), which also records the run.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from dataclasses import dataclass, field

from core import db
from core.clock import Clock
from core.contexts import context_for
from core.extensions.manager import PluginManager
from core.jobs import Job, TenantJob
from core.ledger.expiry import lapse_expired_lots
from core.scheduler.runs import ALL_TENANTS, RunResult, due_slot, prune_runs, run_once
from core.scheduler.tables import DailyRun
from core.tenancy.tables import Tenant

log = logging.getLogger(__name__)

TICK_SECONDS = 60
DAILY = "daily"  # the daily tick's name for ``mendian jobs``


async def _tenant_ids(only: int | None) -> list[int]:
    if only is not None:
        return [only]
    return [row["id"] for row in await Tenant.select(Tenant.id).order_by(Tenant.id)]


async def run_daily(manager: PluginManager, clock: Clock, day: dt.date | None = None,
                    tenant_id: int | None = None) -> list[tuple[int, str]]:
    """Lapse expired lots for every tenant (or ``tenant_id``) and, once per local day (``day``
    when replaying one, else each tenant's today), call ``daily_tick``.

    Returns the (tenant id, day) pairs whose tick ran now.
    """
    ran = []
    for tid in await _tenant_ids(tenant_id):
        ctx = await context_for(tid, manager, clock)
        on = day or ctx.local_today()
        try:
            async with db.transaction():
                await lapse_expired_lots(ctx)
                if await DailyRun.exists().where((DailyRun.tenant_id == ctx.tenant_id) & (DailyRun.day == on)):
                    continue
                await DailyRun.insert(DailyRun(tenant_id=ctx.tenant_id, day=on, ran_at=clock.now()))
                await ctx.hooks.daily_tick(ctx=ctx, day=on)
                ran.append((ctx.tenant_id, on.isoformat()))
        except Exception as exc:
            if db.is_unique_violation(exc):
                continue  # another worker claimed this tenant's day first
            log.exception("daily tick failed for tenant %s", tid)
    return ran


async def run_for_tenants(job: TenantJob, manager: PluginManager, clock: Clock,
                          tenant_id: int | None = None) -> RunResult:
    """Run ``job`` for every tenant (or ``tenant_id``) that has its plugin enabled; one tenant's
    failure is logged and recorded, and the others still run."""
    done: int | None = None
    errors = []
    for tid in await _tenant_ids(tenant_id):
        ctx = await context_for(tid, manager, clock)
        if job.plugin not in ctx.enabled_plugins:
            continue
        try:
            count = await job.run(ctx)
        except Exception as exc:
            log.exception("scheduled job %s failed for tenant %s", job.name, tid)
            errors.append(f"tenant {tid}: {type(exc).__name__}: {exc}")
            continue
        if count is not None:
            done = (done or 0) + count
    return RunResult(status="failed" if errors else "ok", done=done, error="\n".join(errors))


async def run_job(job: Job | TenantJob, manager: PluginManager, clock: Clock, slot: str,
                  tenant_id: int | None = None, retry_failed: bool = False) -> RunResult | None:
    """Run ``job`` for ``slot`` unless some worker has (or is running it): None then."""

    async def work() -> RunResult:
        if isinstance(job, TenantJob):
            return await run_for_tenants(job, manager, clock, tenant_id)
        return RunResult(status="ok", done=await job.run(), error="")

    return await run_once(job.name, ALL_TENANTS if tenant_id is None else tenant_id, slot, clock, work,
                          retry_failed)


@dataclass
class Scheduler:
    manager: PluginManager
    clock: Clock
    jobs: list[Job | TenantJob] = field(default_factory=list)
    _last: dict[str, float] = field(default_factory=dict)  # each job's last attempt here (monotonic)
    _daily_at: float = float("-inf")  # run_daily's last run

    @classmethod
    def for_plugins(cls, manager: PluginManager, clock: Clock) -> Scheduler:
        """The kernel's own jobs (delivering the outbox) and every plugin's."""
        return cls(manager=manager, clock=clock, jobs=all_jobs(manager, clock))

    @property
    def tick_seconds(self) -> float:
        """How long the loop sleeps: as short as its most frequent job needs, at most a minute."""
        return max(1, min([TICK_SECONDS, *(job.every_seconds for job in self.jobs)]))

    async def run_due(self) -> None:
        now = time.monotonic()
        if now - self._daily_at >= TICK_SECONDS:  # lapses and daily ticks: once a minute is enough
            self._daily_at = now
            await run_daily(self.manager, self.clock)
            await prune_runs(self.clock.now())
        for job in self.jobs:
            # The monotonic gate spares the database a claim per tick; the claim makes it once.
            if now - self._last.get(job.name, float("-inf")) >= job.every_seconds:
                self._last[job.name] = now
                try:
                    await run_job(job, self.manager, self.clock, due_slot(job.every_seconds, self.clock.now()))
                except Exception:  # the claim itself failed (the database): try again next time
                    log.exception("scheduled job %s could not be claimed", job.name)

    async def loop(self) -> None:
        while True:
            await self.run_due()
            await asyncio.sleep(self.tick_seconds)


def declared_jobs(manager: PluginManager, clock: Clock) -> list[tuple[str, Job | TenantJob]]:
    """(who declares it, job): the kernel's own jobs (delivering the outbox) and every plugin's."""
    from core.messages.delivery import delivery_job

    return [("kernel", delivery_job(clock)),
            *((plugin, job) for plugin, result in manager.wiring("scheduled_jobs") for job in result)]


def all_jobs(manager: PluginManager, clock: Clock) -> list[Job | TenantJob]:
    return [job for _, job in declared_jobs(manager, clock)]

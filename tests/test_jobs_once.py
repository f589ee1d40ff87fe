"""Scheduled jobs run once per due time across every worker and host, and each run is recorded."""

import asyncio
import datetime as dt

from core.extensions.manager import PluginManager
from core.jobs import Job
from core.scheduler import service as scheduler
from core.scheduler.runs import STALE_AFTER, claim, due_slot
from core.scheduler.tables import JobRun


def counting_job(name: str, effects: list[str], every_seconds: int = 60) -> Job:
    async def run() -> int:
        await asyncio.sleep(0)  # let the other worker's claim interleave
        effects.append(name)
        return 3

    return Job(name, every_seconds, run)


async def test_two_workers_run_a_due_job_once_and_record_the_run(database_url, clock):
    effects: list[str] = []
    job = counting_job("sweep", effects)
    workers = [scheduler.Scheduler(manager=PluginManager(), clock=clock, jobs=[job]) for _ in range(2)]
    await asyncio.gather(*(w.run_due() for w in workers))
    assert effects == ["sweep"]
    [run] = await JobRun.select().where(JobRun.job == "sweep")
    assert run["status"] == "ok" and run["done"] == 3 and run["error"] == ""
    assert run["slot"] == due_slot(60, clock.now()) and run["finished_at"] is not None
    assert run["tenant_id"] == 0


async def test_the_next_due_slot_runs_again(database_url, clock):
    effects: list[str] = []
    job = counting_job("sweep", effects)
    slot = due_slot(60, clock.now())
    assert await scheduler.run_job(job, PluginManager(), clock, slot) is not None
    assert await scheduler.run_job(job, PluginManager(), clock, slot) is None  # this slot is taken
    clock.advance(seconds=60)
    assert await scheduler.run_job(job, PluginManager(), clock, due_slot(60, clock.now())) is not None
    assert effects == ["sweep", "sweep"]


async def test_a_failing_job_is_recorded_failed_and_runs_at_its_next_slot(database_url, clock):
    calls: list[int] = []

    async def broken() -> None:
        calls.append(1)
        raise RuntimeError("provider down")

    job = Job("broken", 60, broken)
    first = await scheduler.run_job(job, PluginManager(), clock, due_slot(60, clock.now()))
    assert first is not None and first.status == "failed"
    [run] = await JobRun.select().where(JobRun.job == "broken")
    assert run["status"] == "failed" and run["error"] == "RuntimeError: provider down"
    clock.advance(seconds=60)
    await scheduler.run_job(job, PluginManager(), clock, due_slot(60, clock.now()))
    assert len(calls) == 2
    assert [r["status"] for r in await JobRun.select().where(JobRun.job == "broken")] == ["failed", "failed"]


async def test_a_run_that_died_half_way_is_claimed_again_once_stale(database_url, clock):
    slot = due_slot(60, clock.now())
    assert await claim("sweep", 0, slot, clock.now()) is not None  # its worker dies, never finishing
    assert await claim("sweep", 0, slot, clock.now() + dt.timedelta(minutes=1)) is None  # still running
    later = clock.now() + STALE_AFTER + dt.timedelta(seconds=1)
    taken = await asyncio.gather(claim("sweep", 0, slot, later), claim("sweep", 0, slot, later))
    assert sorted(t is None for t in taken) == [False, True]  # one of two takers wins


async def test_a_tenant_job_runs_once_per_slot_for_the_tenants_that_enabled_it(tenant, other_tenant, clock):
    from core.jobs import TenantJob

    seen: list[int] = []

    async def sweep(ctx) -> int:
        seen.append(ctx.tenant_id)
        return 1

    await tenant.enable("flash_sale")
    job = TenantJob("flash_sale.test", "flash_sale", 60, sweep)
    workers = [scheduler.Scheduler(manager=tenant.manager, clock=clock, jobs=[job]) for _ in range(2)]
    await asyncio.gather(*(w.run_due() for w in workers))
    assert seen == [tenant.id]
    [run] = await JobRun.select().where(JobRun.job == "flash_sale.test")
    assert run["status"] == "ok" and run["done"] == 1


async def test_runs_older_than_the_kept_days_are_pruned_by_the_loop(database_url, clock):
    from core.scheduler.runs import KEEP_RUNS

    effects: list[str] = []
    sched = scheduler.Scheduler(manager=PluginManager(), clock=clock, jobs=[counting_job("sweep", effects)])
    await sched.run_due()
    clock.advance(seconds=KEEP_RUNS.total_seconds() + 60)
    fresh = scheduler.Scheduler(manager=PluginManager(), clock=clock, jobs=[counting_job("sweep", effects)])
    await fresh.run_due()
    assert [r["started_at"] for r in await JobRun.select().where(JobRun.job == "sweep")] == [clock.now()]

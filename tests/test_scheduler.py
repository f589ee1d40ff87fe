"""The daily tick runs once per tenant and store-local day, and lapses expired value."""

import datetime as dt

from core import db
from core.extensions.manager import PluginManager
from core.extensions.plugin import Plugin, hookimpl
from core.extensions.service import enable_plugin
from core.ledger import accounts
from core.ledger.schemas import credit, debit
from core.ledger.service import balance, post_entry
from core.scheduler.service import run_daily

TICKS: list[tuple[int, dt.date]] = []


class Ticker:
    plugin = Plugin(name="ticker_for_tests", title="计时", title_en="Ticker", version="1")

    @staticmethod
    @hookimpl
    def daily_tick(ctx, day):
        TICKS.append((ctx.tenant_id, day))


async def test_daily_tick_runs_once_per_local_day_for_enabled_tenants(tenant, other_tenant, clock):
    manager = PluginManager()
    manager.register(Ticker, source="local")
    ctx = await tenant.ctx()
    ctx.hooks = manager.relay(frozenset())
    await enable_plugin(ctx, "ticker_for_tests")
    TICKS.clear()
    await run_daily(manager, clock)
    await run_daily(manager, clock)
    assert TICKS == [(tenant.id, dt.date(2026, 1, 15))]
    clock.set(dt.datetime(2026, 1, 15, 16, 0, tzinfo=dt.UTC))  # 00:00 on the 16th in Shanghai
    await run_daily(manager, clock)
    assert TICKS[-1] == (tenant.id, dt.date(2026, 1, 16)) and len(TICKS) == 2


async def test_daily_run_lapses_expired_points(tenant, clock):
    ctx = await tenant.ctx()
    points = accounts.member(1, "points")
    async with db.transaction():
        await post_entry(ctx, "earn", [debit(accounts.tenant("points_issued"), 50),
                                       credit(points, 50, expires_at=clock.now() + dt.timedelta(hours=1))])
    clock.advance(hours=2)
    await run_daily(tenant.manager, clock)
    assert await balance(ctx, points) == 0


async def test_the_loop_wakes_for_its_most_frequent_job_and_runs_each_on_its_interval(database_url, clock, monkeypatch):
    from core.jobs import Job
    from core.scheduler import service as scheduler

    runs: list[str] = []

    async def count(name: str) -> None:
        runs.append(name)

    jobs = [Job("often", 30, lambda: count("often")), Job("rarely", 300, lambda: count("rarely"))]
    sched = scheduler.Scheduler(manager=PluginManager(), clock=clock, jobs=jobs)
    assert sched.tick_seconds == 30  # not the minute the daily work needs
    now = [1000.0]
    monkeypatch.setattr(scheduler.time, "monotonic", lambda: now[0])
    await sched.run_due()
    await sched.run_due()  # the same instant: nothing is due again
    now[0] += 30
    clock.advance(seconds=30)  # the next due slot: each slot is claimed once across workers
    await sched.run_due()
    assert runs == ["often", "rarely", "often"]
    assert scheduler.Scheduler(manager=PluginManager(), clock=clock).tick_seconds == scheduler.TICK_SECONDS

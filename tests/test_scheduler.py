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

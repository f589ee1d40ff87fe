"""Points expiry (积分过期) with a controlled clock: rolling and fixed policies lapse at the store's
local midnight (Asia/Shanghai, UTC+8), earliest-expiring points are spent first, and the reminder
goes out once per member and date."""

import datetime as dt

import msgspec
from checkout_helpers import make_member, move_to
from points_helpers import adjust, balance_of, enable_points, give, ledger_balance, points_of, statement_of

UTC = dt.UTC



async def lapse(plugin_manager, clock):
    from core.scheduler.service import run_daily

    await run_daily(plugin_manager, clock)


async def test_rolling_points_lapse_at_local_midnight_n_months_after(client, tenant, clock, plugin_manager):
    await enable_points(client, tenant, expiry="rolling", rolling_months=6)
    member = await make_member(client, tenant)
    await give(client, tenant, member, 100)  # 15 January, local
    await move_to(tenant, clock, dt.datetime(2026, 7, 14, 15, 59, tzinfo=UTC))  # 23:59 on 14 July, local
    await lapse(plugin_manager, clock)
    summary = await points_of(client, tenant, member)
    assert summary["balance"] == 100
    assert [(s["points"], s["last_day"]) for s in summary["expiring_soon"]] == [(100, "2026-07-14")]
    assert dt.datetime.fromisoformat(summary["expiring_soon"][0]["expires_at"]) == dt.datetime(2026, 7, 14, 16, tzinfo=UTC)
    await move_to(tenant, clock, dt.datetime(2026, 7, 14, 16, 0, tzinfo=UTC))  # midnight, 15 July local
    await lapse(plugin_manager, clock)
    assert await balance_of(client, tenant, member) == 0
    assert await ledger_balance(tenant, "points_expired") == 100
    assert (await statement_of(client, tenant, member))["items"][0]["reason"] == "积分过期"


async def test_fixed_points_lapse_at_the_end_of_the_year_after_next_in_local_time(client, tenant, clock, plugin_manager):
    await enable_points(client, tenant, expiry="fixed", fixed_years=2)
    member = await make_member(client, tenant)
    await move_to(tenant, clock, dt.datetime(2026, 12, 31, 15, 30, tzinfo=UTC))  # 23:30 on 31 Dec 2026, local
    await give(client, tenant, member, 10)  # earned in 2026: lapse as 2029 begins
    await move_to(tenant, clock, dt.datetime(2026, 12, 31, 16, 30, tzinfo=UTC))  # 00:30 on 1 Jan 2027, local
    await give(client, tenant, member, 20)  # earned in 2027: lapse as 2030 begins
    await move_to(tenant, clock, dt.datetime(2028, 12, 31, 15, 59, tzinfo=UTC))
    await lapse(plugin_manager, clock)
    assert await balance_of(client, tenant, member) == 30
    await move_to(tenant, clock, dt.datetime(2028, 12, 31, 16, 0, tzinfo=UTC))  # midnight, 1 Jan 2029 local
    await lapse(plugin_manager, clock)
    assert await balance_of(client, tenant, member) == 20
    await move_to(tenant, clock, dt.datetime(2029, 12, 31, 16, 0, tzinfo=UTC))
    await lapse(plugin_manager, clock)
    assert await balance_of(client, tenant, member) == 0
    assert await ledger_balance(tenant, "points_expired") == 30


async def test_the_earliest_expiring_points_are_spent_first(client, tenant, clock, plugin_manager):
    await enable_points(client, tenant, expiry="rolling", rolling_months=6)
    member = await make_member(client, tenant)
    await give(client, tenant, member, 100)  # lapses 15 July
    await move_to(tenant, clock, dt.datetime(2026, 3, 1, 2, tzinfo=UTC))
    await give(client, tenant, member, 100)  # lapses 1 September
    assert (await adjust(client, tenant, member, -150, reason="兑换")).status_code == 201
    await move_to(tenant, clock, dt.datetime(2026, 7, 20, 2, tzinfo=UTC))
    await lapse(plugin_manager, clock)
    assert await ledger_balance(tenant, "points_expired") == 0  # the July lot was spent
    summary = await points_of(client, tenant, member)
    assert summary["balance"] == 50
    assert [(s["points"], s["last_day"]) for s in summary["expiring_soon"]] == []  # 1 September is over 30 days off
    await move_to(tenant, clock, dt.datetime(2026, 9, 1, 2, tzinfo=UTC))
    await lapse(plugin_manager, clock)
    assert await ledger_balance(tenant, "points_expired") == 50
    assert await balance_of(client, tenant, member) == 0


async def test_no_expiry_keeps_points(client, tenant, clock, plugin_manager):
    await enable_points(client, tenant, expiry="none")
    member = await make_member(client, tenant)
    await give(client, tenant, member, 7)
    await move_to(tenant, clock, dt.datetime(2036, 1, 1, tzinfo=UTC))
    await lapse(plugin_manager, clock)
    assert await balance_of(client, tenant, member) == 7


async def _reminders(tenant_id):
    from core.messages.tables import Message

    rows = await Message.select(Message.params_json, Message.template).where(
        (Message.tenant_id == tenant_id) & (Message.template == "points_expiring"))
    return [msgspec.json.decode(row["params_json"]) for row in rows]


async def test_a_reminder_goes_out_once_n_days_before_points_lapse(client, tenant, clock, plugin_manager):
    await enable_points(client, tenant, expiry="rolling", rolling_months=6, remind_days_before=10)
    member = await make_member(client, tenant)
    await give(client, tenant, member, 100)  # last day 14 July
    await move_to(tenant, clock, dt.datetime(2026, 7, 3, 2, tzinfo=UTC))  # 11 days before
    await lapse(plugin_manager, clock)
    assert await _reminders(tenant.id) == []
    for day in (4, 5, 6):
        await move_to(tenant, clock, dt.datetime(2026, 7, day, 2, tzinfo=UTC))
        await lapse(plugin_manager, clock)
        await lapse(plugin_manager, clock)
    assert await _reminders(tenant.id) == [{"points": "100", "date": "2026-07-14"}]


async def test_no_reminder_when_the_merchant_turns_them_off(client, tenant, clock, plugin_manager):
    await enable_points(client, tenant, expiry="rolling", rolling_months=1, remind_days_before=0)
    member = await make_member(client, tenant)
    await give(client, tenant, member, 100)
    await move_to(tenant, clock, dt.datetime(2026, 2, 13, 2, tzinfo=UTC))
    await lapse(plugin_manager, clock)
    assert await _reminders(tenant.id) == []

"""The ledger's rules: balanced entries, guarded balances, lots, lapses, idempotency, verify."""

import asyncio
import datetime as dt

import pytest

from core.errors import InsufficientBalance, UnbalancedEntry
from core.ledger import accounts
from core.ledger.expiry import lapse_expired_lots
from core.ledger.schemas import credit, debit
from core.ledger.service import balance, post_entry, statement
from core.ledger.verify import verify

CASH = accounts.store(1, "cash")
REVENUE = accounts.tenant("revenue")
PRINCIPAL = accounts.member(7, "stored_value_principal")
POINTS = accounts.member(7, "points")
ISSUED = accounts.tenant("points_issued")


async def top_up(ctx, fen, key=None):
    return await post_entry(ctx, "top_up", [debit(CASH, fen), credit(PRINCIPAL, fen)], idempotency_key=key)


async def spend(ctx, fen):
    return await post_entry(ctx, "payment", [debit(PRINCIPAL, fen), credit(REVENUE, fen)])


async def test_top_up_then_spend_moves_balances_and_verifies(tenant):
    ctx = await tenant.ctx()
    await top_up(ctx, 100_000)
    await spend(ctx, 30_000)
    assert await balance(ctx, PRINCIPAL) == 70_000
    assert await balance(ctx, CASH) == 100_000
    assert await balance(ctx, REVENUE) == 30_000
    assert await verify(tenant.id) == []


async def test_unbalanced_entry_is_refused_and_posts_nothing(tenant):
    ctx = await tenant.ctx()
    with pytest.raises(UnbalancedEntry):
        await post_entry(ctx, "bad", [debit(CASH, 100), credit(PRINCIPAL, 99)])
    assert await balance(ctx, CASH) == 0


async def test_overdraw_is_refused_and_rolls_back_the_entry(tenant):
    ctx = await tenant.ctx()
    await top_up(ctx, 5_000)
    with pytest.raises(InsufficientBalance) as refused:
        await spend(ctx, 5_001)
    assert refused.value.extra["available"] == 5_000
    assert await balance(ctx, PRINCIPAL) == 5_000
    assert await balance(ctx, REVENUE) == 0
    assert len(await statement(ctx, PRINCIPAL)) == 1
    assert await verify(tenant.id) == []


async def test_idempotency_key_posts_once_and_replays_the_first_entry(tenant):
    ctx = await tenant.ctx()
    first = await top_up(ctx, 1_000, key="topup-1")
    again = await top_up(ctx, 1_000, key="topup-1")
    assert again.id == first.id and again.replayed
    assert await balance(ctx, PRINCIPAL) == 1_000


async def test_statement_shows_running_balance_newest_first(tenant):
    ctx = await tenant.ctx()
    await top_up(ctx, 1_000)
    await spend(ctx, 300)
    await top_up(ctx, 50)
    lines = await statement(ctx, PRINCIPAL)
    assert [(line.amount, line.balance_after) for line in lines] == [(50, 750), (-300, 700), (1_000, 1_000)]


async def test_points_are_spent_earliest_expiry_first_and_lapse_once(tenant, clock):
    ctx = await tenant.ctx()
    soon = clock.now() + dt.timedelta(days=10)
    later = clock.now() + dt.timedelta(days=100)
    await post_entry(ctx, "earn", [debit(ISSUED, 300), credit(POINTS, 300, expires_at=later)])
    await post_entry(ctx, "earn", [debit(ISSUED, 200), credit(POINTS, 200, expires_at=soon)])
    await post_entry(ctx, "redeem", [debit(POINTS, 250), credit(ISSUED, 250)])
    clock.advance(days=11)  # the 200 lot was spent first, so nothing lapses yet
    assert await lapse_expired_lots(ctx) == []
    clock.advance(days=90)
    lapsed = await lapse_expired_lots(ctx)
    assert len(lapsed) == 1 and await balance(ctx, POINTS) == 0
    assert await lapse_expired_lots(ctx) == []
    assert await verify(tenant.id) == []


async def test_a_spend_the_earliest_lot_holds_comes_from_it_alone(tenant, clock):
    from core.ledger.lots import live_lots

    ctx = await tenant.ctx()
    soon, later = clock.now() + dt.timedelta(days=10), clock.now() + dt.timedelta(days=100)
    await post_entry(ctx, "earn", [debit(ISSUED, 500), credit(POINTS, 500)])  # never expires: spent last
    await post_entry(ctx, "earn", [debit(ISSUED, 300), credit(POINTS, 300, expires_at=later)])
    await post_entry(ctx, "earn", [debit(ISSUED, 200), credit(POINTS, 200, expires_at=soon)])
    await post_entry(ctx, "earn", [debit(ISSUED, 100), credit(POINTS, 100, expires_at=soon)])  # as soon, but newer
    await post_entry(ctx, "redeem", [debit(POINTS, 150), credit(ISSUED, 150)])
    await post_entry(ctx, "redeem", [debit(POINTS, 50), credit(ISSUED, 50)])  # empties the first lot exactly
    await post_entry(ctx, "redeem", [debit(POINTS, 60), credit(ISSUED, 60)])
    lots = await live_lots(ctx, "member", "points", owner_id=7)
    assert [(lot.amount, lot.remaining) for lot in lots] == [(100, 40), (300, 300), (500, 500)]
    assert await balance(ctx, POINTS) == 840
    assert await verify(tenant.id) == []


async def test_expired_points_cannot_be_spent_before_they_lapse(tenant, clock):
    ctx = await tenant.ctx()
    await post_entry(ctx, "earn", [debit(ISSUED, 100), credit(POINTS, 100, expires_at=clock.now() + dt.timedelta(days=1))])
    clock.advance(days=2)
    with pytest.raises(InsufficientBalance):
        await post_entry(ctx, "redeem", [debit(POINTS, 100), credit(ISSUED, 100)])
    assert await balance(ctx, POINTS) == 100
    assert await verify(tenant.id) == []


async def test_fifty_concurrent_spends_of_a_balance_for_ten_succeed_ten_times(tenant):
    ctx = await tenant.ctx()
    await top_up(ctx, 1_000)

    async def attempt():
        try:
            await spend(ctx, 100)
            return True
        except InsufficientBalance:
            return False

    results = await asyncio.gather(*(attempt() for _ in range(50)))
    assert results.count(True) == 10
    assert await balance(ctx, PRINCIPAL) == 0
    assert await balance(ctx, REVENUE) == 1_000
    assert await verify(tenant.id) == []


async def test_hundred_replays_of_one_key_post_once(tenant):
    ctx = await tenant.ctx()
    entries = await asyncio.gather(*(top_up(ctx, 500, key="same-key") for _ in range(100)))
    assert len({e.id for e in entries}) == 1
    assert sum(not e.replayed for e in entries) == 1
    assert await balance(ctx, PRINCIPAL) == 500
    assert await verify(tenant.id) == []

"""积分商城 under simultaneous exchanges (real parallel connections on PostgreSQL): the stock is
never oversold, a member's limit never exceeded, and points are charged only for what succeeded."""

import asyncio

from checkout_helpers import ledger_clean
from points_helpers import balance_of
from points_mall_helpers import API, enable_mall, exchange, member_with, reward, reward_now


async def test_a_hundred_exchanges_of_ten_in_stock_succeed_ten_times(client, tenant):
    await enable_mall(client, tenant)
    rwd = await reward(client, tenant, points=100, stock=10)
    members = [await member_with(client, tenant, 1_000) for _ in range(10)]
    answers = await asyncio.gather(*(exchange(client, tenant, rwd, members[n % 10]) for n in range(100)))
    statuses = [r.status_code for r in answers]
    assert statuses.count(201) == 10, [r.text for r in answers if r.status_code not in (201, 409)]
    assert {r.json()["code"] for r in answers if r.status_code != 201} == {"points_mall_out_of_stock"}
    assert statuses.count(409) == 90
    spent = sum([1_000 - await balance_of(client, tenant, m) for m in members])
    assert spent == 10 * 100
    assert (await reward_now(client, tenant, rwd))["taken"] == 10
    page = (await client.get(f"{API}/points-mall/exchanges", headers=tenant.headers, params={"limit": 200})).json()
    assert len(page["items"]) == 10 and len({e["order_id"] for e in page["items"]}) == 10
    assert await ledger_clean(tenant.id)


async def test_one_member_firing_ten_at_a_limit_of_two_gets_two(client, tenant):
    await enable_mall(client, tenant)
    rwd = await reward(client, tenant, points=100, stock=50, per_member_limit=2)
    member = await member_with(client, tenant, 1_000)
    answers = await asyncio.gather(*(exchange(client, tenant, rwd, member) for _ in range(10)))
    assert [r.status_code for r in answers].count(201) == 2, [r.text for r in answers]
    assert {r.json()["code"] for r in answers if r.status_code != 201} == {"points_mall_limit_reached"}
    assert await balance_of(client, tenant, member) == 800
    assert (await reward_now(client, tenant, rwd))["taken"] == 2  # refused exchanges gave their stock back
    assert await ledger_clean(tenant.id)


async def test_two_desks_verifying_one_code_at_once_collect_it_once(client, tenant):
    await enable_mall(client, tenant)
    rwd = await reward(client, tenant, points=100)
    member = await member_with(client, tenant, 100)
    r = await exchange(client, tenant, rwd, member)
    code = r.json()["pickup_code"]
    answers = await asyncio.gather(*(client.post(f"{API}/points-mall/pickups/verify", headers=tenant.headers,
                                                 json={"code": code}) for _ in range(5)))
    assert sorted(r.status_code for r in answers) == [200, 409, 409, 409, 409]
    assert {r.json()["code"] for r in answers if r.status_code == 409} == {"points_mall_wrong_status"}

"""砍价 under a crowd: 30 friends (and each of them twice) cutting a 10-helper bargain at once make
exactly 10 cuts summing to price − floor; two buys at once open one order; two bargains paying
for the last unit of stock at once sell it once."""

import asyncio

from bargain_helpers import buy, campaign_of, cut, enable_bargain, make_campaign, mine, start
from checkout_helpers import ledger_clean, make_item, pay
from flash_sale_helpers import member_headers

API = "/api/v1"
HELPERS, FRIENDS = 10, 30


async def crowd(tenant, n, first=0):
    from sdk.testing import make_member

    return [await member_headers(tenant, (await make_member(tenant, phone=f"1370000{i:04d}")).id)
            for i in range(first, first + n)]


async def test_a_crowd_of_friends_makes_exactly_the_cuts_needed(client, tenant, clock):
    await enable_bargain(client, tenant)
    item = await make_item(client, tenant, "pan", 9_900)
    campaign = await make_campaign(client, tenant, clock, item["id"], floor_fen=100, helpers_needed=HELPERS)
    starter, *friends = await crowd(tenant, FRIENDS + 1)
    bargain = (await start(client, starter, campaign["id"])).json()
    answers = await asyncio.gather(*(cut(client, f, bargain["share_code"]) for f in friends + friends))
    won = [r.json() for r in answers if r.status_code == 201]
    refused = {r.json()["code"] for r in answers if r.status_code != 201}
    assert len(won) == HELPERS, {r.status_code for r in answers}
    assert refused <= {"bargain_complete", "bargain_already_helped"}, refused
    assert sorted(w["seq"] for w in won) == list(range(1, HELPERS + 1))
    seen = await mine(client, starter, bargain["id"])
    assert (seen["cuts_done"], seen["current_price_fen"]) == (HELPERS, 100)
    assert sum(c["amount_fen"] for c in seen["cuts"]) == 9_800
    assert len({c["helper_id"] for c in seen["cuts"]}) == HELPERS


async def test_two_buys_at_once_open_one_order(client, tenant, clock):
    await enable_bargain(client, tenant)
    item = await make_item(client, tenant, "pan", 9_900)
    campaign = await make_campaign(client, tenant, clock, item["id"])
    [starter] = await crowd(tenant, 1)
    bargain = (await start(client, starter, campaign["id"])).json()
    answers = await asyncio.gather(*(buy(client, starter, bargain["id"]) for _ in range(2)))
    assert sorted(r.status_code for r in answers) == [201, 409], [r.text for r in answers]
    assert [r.json()["code"] for r in answers if r.status_code == 409] == ["bargain_closed"]
    orders = (await client.get(f"{API}/orders", headers=tenant.headers)).json()["items"]
    assert len(orders) == 1


async def test_the_last_unit_is_sold_once_when_two_pay_at_once(client, tenant, clock):
    await enable_bargain(client, tenant)
    item = await make_item(client, tenant, "pan", 9_900)
    campaign = await make_campaign(client, tenant, clock, item["id"], stock=1)
    first, second = await crowd(tenant, 2)
    order_ids = []
    for member in (first, second):
        bargain = (await start(client, member, campaign["id"])).json()
        order_ids.append((await buy(client, member, bargain["id"])).json()["order_id"])
    answers = await asyncio.gather(*(pay(client, tenant, o, [{"kind": "cash", "amount_fen": 9_900}])
                                     for o in order_ids))
    assert sorted(r.status_code for r in answers) == [201, 409], [r.text for r in answers]
    assert [r.json()["code"] for r in answers if r.status_code == 409] == ["bargain_sold_out"]
    assert (await campaign_of(client, tenant, campaign["id"]))["sold"] == 1
    assert await ledger_clean(tenant.id)

"""拼团 under a crowd: 200 members paying into a 5-person group at once make one full group of
five and 195 refusals that charge nothing; a failed group refunds every member exactly once, even
when the deadline job runs twice at the same time."""

import asyncio
import datetime as dt

from checkout_helpers import ledger_clean, make_item, move_to
from flash_sale_helpers import member_headers
from group_buy_helpers import enable_group_buy, group_of, join, make_deal, open_group, pay_cash, run_deadline

API = "/api/v1"
CROWD, SIZE = 200, 5


async def test_two_hundred_joins_of_a_five_person_group_make_one_full_group_and_195_refusals(client, tenant, clock):
    from sdk.testing import make_member

    await enable_group_buy(client, tenant)
    item = await make_item(client, tenant, "oil", 5_990, name="花生油 5L")
    deal = await make_deal(client, tenant, clock, item["id"], size=SIZE, price_fen=3_990, stock=1_000)
    members = [await make_member(tenant, phone=f"1370000{n:04d}") for n in range(CROWD)]
    headers = [await member_headers(tenant, m.id) for m in members]
    group = await open_group(client, headers[0], deal["id"])
    mine = (await client.get(f"{API}/me/group-buy/joins", headers=headers[0])).json()["items"]
    leader_order = mine[0]["order_id"]

    async def join_and_pay(n):
        if n == 0:
            return await pay_cash(client, tenant, leader_order, 3_990)
        r = await join(client, headers[n], group["code"])
        if r.status_code != 201:  # the group filled before this member even joined: refused as well
            return r
        return await pay_cash(client, tenant, r.json()["order_id"], 3_990)

    answers = await asyncio.gather(*(join_and_pay(n) for n in range(CROWD)))
    paid = [r for r in answers if r.status_code == 201]
    refused = [r for r in answers if r.status_code != 201]
    assert (len(paid), len(refused)) == (SIZE, CROWD - SIZE), {r.status_code for r in answers}
    assert {r.status_code for r in refused} == {409}
    assert {r.json()["code"] for r in refused} <= {"group_full", "group_closed"}
    assert all(r.headers["content-type"].startswith("application/problem+json") for r in refused)
    full = await group_of(client, tenant, group["id"])
    assert (full["status"], full["seats_paid"], len(full["joins"])) == ("complete", SIZE, SIZE)
    deal_now = (await client.get(f"{API}/group-buy/deals/{deal['id']}", headers=tenant.headers)).json()
    assert (deal_now["sold"], deal_now["groups_complete"]) == (SIZE, 1)
    assert await ledger_clean(tenant.id)


async def test_a_failed_group_refunds_every_member_exactly_once_even_with_two_runs_at_once(client, tenant, clock):
    from sdk.testing import make_member

    await enable_group_buy(client, tenant)
    item = await make_item(client, tenant, "rice", 5_990, name="东北大米 5kg")
    deal = await make_deal(client, tenant, clock, item["id"], size=5, price_fen=3_990, deadline_hours=24)
    members = [await make_member(tenant, phone=f"1380000{n:04d}") for n in range(4)]
    headers = [await member_headers(tenant, m.id) for m in members]
    group = await open_group(client, headers[0], deal["id"])
    orders = [(await client.get(f"{API}/me/group-buy/joins", headers=headers[0])).json()["items"][0]["order_id"]]
    for h in headers[1:]:
        orders.append((await join(client, h, group["code"])).json()["order_id"])
    for order_id in orders[:3]:  # the fourth never pays
        assert (await pay_cash(client, tenant, order_id, 3_990)).status_code == 201
    await move_to(tenant, clock, clock.now() + dt.timedelta(hours=24, seconds=1))
    await asyncio.gather(run_deadline(tenant), run_deadline(tenant))
    await run_deadline(tenant)
    failed = await group_of(client, tenant, group["id"])
    assert (failed["status"], [j["status"] for j in failed["joins"]]) == ("failed", ["refunded"] * 3)
    for order_id in orders[:3]:
        order = (await client.get(f"{API}/orders/{order_id}", headers=tenant.headers)).json()
        assert (order["paid_fen"], order["refunded_fen"], len(order["refunds"])) == (3_990, 3_990, 1)
    unpaid = (await client.get(f"{API}/orders/{orders[3]}", headers=tenant.headers)).json()
    assert unpaid["status"] == "cancelled"
    deal_now = (await client.get(f"{API}/group-buy/deals/{deal['id']}", headers=tenant.headers)).json()
    assert (deal_now["sold"], deal_now["groups_failed"]) == (0, 1)
    assert await ledger_clean(tenant.id)

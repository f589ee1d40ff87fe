"""Points under simultaneous requests (real parallel connections on PostgreSQL): the same points
spent from several tills at once pay once, and the books and the plugin's lots stay in step."""

import asyncio

from checkout_helpers import ledger_clean, make_item, make_member, open_order, pay
from points_helpers import balance_of, enable_points, give, ledger_balance


async def test_tills_spending_the_same_points_at_once_pay_once(client, tenant):
    await enable_points(client, tenant)
    member = await make_member(client, tenant)
    await give(client, tenant, member, 1_000)
    item = await make_item(client, tenant, "class", 2_000)
    orders = [await open_order(client, tenant, [{"item_id": item["id"]}], member_id=member["id"]) for _ in range(4)]
    tenders = [{"kind": "points", "amount_fen": 1_000}, {"kind": "cash", "amount_fen": 1_000}]  # 1000 points each
    answers = await asyncio.gather(*(pay(client, tenant, order["id"], tenders) for order in orders))
    statuses = [r.status_code for r in answers]
    assert statuses.count(201) == 1, [r.text for r in answers]
    assert {r.json()["code"] for r in answers if r.status_code != 201} == {"insufficient_balance"}
    assert await balance_of(client, tenant, member) == 10  # the winner's ¥10 in cash earned 10
    assert await ledger_balance(tenant, "points", member["id"]) == 10
    assert await ledger_balance(tenant, "points_redeemed") == 1_000
    assert await ledger_clean(tenant.id)

"""全民推广 under simultaneous requests (real parallel connections on PostgreSQL): two payouts of the
same available commission pay once; two bindings of one member bind once."""

import asyncio

from checkout_helpers import key, ledger_clean, main_store, make_item, make_member, open_order, pay
from referral_helpers import API, balances, days_later, enable_referral, member_promoter, partner


async def test_two_payouts_of_the_same_balance_at_once_pay_once(client, tenant, clock, plugin_manager):
    await enable_referral(client, tenant, level1_bp=1_000, refund_window_days=0)
    gym = await partner(client, tenant)
    member = await make_member(client, tenant)
    await client.post(f"{API}/referral/bindings", headers=tenant.headers, json={"member_id": member["id"], "code": gym["code"]})
    item = await make_item(client, tenant, "lesson", 10_000)
    order = await open_order(client, tenant, [{"item_id": item["id"]}], member_id=member["id"])
    assert (await pay(client, tenant, order["id"], [{"kind": "cash", "amount_fen": 10_000}])).status_code == 201
    await days_later(tenant, clock, plugin_manager, 1)
    store = await main_store(client, tenant)
    body = {"amount_fen": 800, "method": "cash", "store_id": store["id"]}
    url = f"{API}/referral/promoters/{gym['id']}/payouts"
    answers = await asyncio.gather(*(client.post(url, headers={**tenant.headers, **key()}, json=body) for _ in range(4)))
    statuses = sorted(r.status_code for r in answers)
    assert statuses == [201, 409, 409, 409], [r.text for r in answers]
    assert {r.json()["code"] for r in answers if r.status_code == 409} == {"payout_exceeds_available"}
    assert await balances(client, tenant, gym["id"]) == (0, 200, 800, 0)
    assert len((await client.get(f"{API}/referral/payouts", headers=tenant.headers)).json()["items"]) == 1
    assert await ledger_clean(tenant.id)


async def test_two_bindings_of_one_member_at_once_bind_once(client, tenant):
    await enable_referral(client, tenant)
    gym, cafe = await partner(client, tenant, "健身房"), await partner(client, tenant, "咖啡馆")
    member = await make_member(client, tenant)
    answers = await asyncio.gather(*(
        client.post(f"{API}/referral/bindings", headers=tenant.headers, json={"member_id": member["id"], "promoter_id": p["id"]})
        for p in (gym, cafe, gym, cafe)))
    statuses = sorted(r.status_code for r in answers)
    assert statuses == [201, 409, 409, 409], [r.text for r in answers]
    assert {r.json()["code"] for r in answers if r.status_code == 409} == {"already_bound"}
    winner = next(r.json() for r in answers if r.status_code == 201)
    file = (await client.get(f"{API}/referral/members/{member['id']}", headers=tenant.headers)).json()
    assert file["brought_by"]["promoter_id"] == winner["promoter_id"]
    brought = [len((await client.get(f"{API}/referral/promoters/{p['id']}/members", headers=tenant.headers)).json()["items"])
               for p in (gym, cafe)]
    assert sorted(brought) == [0, 1]


async def test_two_members_binding_each_other_at_once_make_no_loop(client, tenant):
    await enable_referral(client, tenant)
    pairs = []
    for n in range(6):  # several pairs at once, so the two sides of some pair overlap
        a_session, a = await member_promoter(client, tenant, f"138000001{n}1")
        b_session, b = await member_promoter(client, tenant, f"138000001{n}2")
        pairs.append(((b_session["member"]["id"], a["id"]), (a_session["member"]["id"], b["id"])))
    answers = await asyncio.gather(*(
        client.post(f"{API}/referral/bindings", headers=tenant.headers, json={"member_id": m, "promoter_id": p})
        for pair in pairs for m, p in pair))
    for first, second in zip(answers[::2], answers[1::2], strict=True):
        assert sorted((first.status_code, second.status_code)) == [201, 422], (first.text, second.text)
        assert next(r for r in (first, second) if r.status_code == 422).json()["code"] == "referral_loop"

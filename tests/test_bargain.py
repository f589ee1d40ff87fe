"""砍价: a member starts a bargain and shares it, friends cut once each (never the starter, never
twice), the cuts reach the floor exactly, buying opens one order at the bargained price (only at
the floor when the store says so), paying takes stock, and deadlines close bargains and orders.
Refusals are problem+json and change nothing."""

import datetime as dt

from bargain_helpers import buy, campaign_of, cut, enable_bargain, make_campaign, mine, run_sweep, start
from checkout_helpers import ledger_clean, make_item, make_member, move_to, open_order, pay
from flash_sale_helpers import member_headers
from points_helpers import problem

API = "/api/v1"


async def shop(client, tenant, clock, **campaign):
    await enable_bargain(client, tenant)
    item = await make_item(client, tenant, "bike", 5_900, name="儿童自行车")
    return await make_campaign(client, tenant, clock, item["id"], **campaign)


async def members(client, tenant, n, first=0):
    out = []
    for i in range(first, first + n):
        m = await make_member(client, tenant, phone=f"1380000{i:04d}", name=f"好友{i}")
        out.append(await member_headers(tenant, m["id"]))
    return out


async def test_friends_cut_to_the_floor_and_the_member_buys_there(client, tenant, clock):
    campaign = await shop(client, tenant, clock)
    starter, *friends = await members(client, tenant, 6)
    r = await start(client, starter, campaign["id"])
    assert r.status_code == 201, r.text
    bargain = r.json()
    assert (bargain["status"], bargain["current_price_fen"], bargain["cuts_done"], bargain["can_buy"]) == (
        "open", 5_900, 0, True)
    assert bargain["share_link"] == f"/m/{tenant.slug}/p/bargain/share/{bargain['share_code']}"
    amounts = []
    for friend in friends[:5]:
        r = await cut(client, friend, bargain["share_code"])
        assert r.status_code == 201, r.text
        amounts.append(r.json()["amount_fen"])
        assert r.json()["bargain"]["current_price_fen"] == 5_900 - sum(amounts)
    assert sum(amounts) == 4_900 and min(amounts) >= 1
    problem(await cut(client, starter, bargain["share_code"]), 409, "bargain_own")
    seen = await mine(client, starter, bargain["id"])
    assert ([c["amount_fen"] for c in seen["cuts"]], seen["current_price_fen"]) == (amounts, 1_000)
    assert seen["cuts"][0]["helper_name"] == "好*"
    r = await buy(client, starter, bargain["id"], price_fen=1_000)
    assert r.status_code == 201, r.text
    order = (await client.get(f"{API}/orders/{r.json()['order_id']}", headers=tenant.headers)).json()
    assert (order["status"], order["total_fen"], order["member_id"]) == ("open", 1_000, seen["member_id"])
    assert [a["reason"] for a in order["adjustments"]] == ["砍价"]
    assert (await pay(client, tenant, order["id"], [{"kind": "cash", "amount_fen": 1_000}])).status_code == 201
    assert (await mine(client, starter, bargain["id"]))["status"] == "bought"
    figures = await campaign_of(client, tenant, campaign["id"])
    assert (figures["sold"], figures["left"], figures["started"]) == (1, 9, 1)
    assert await ledger_clean(tenant.id)


async def test_a_helper_cuts_once_and_the_starter_never(client, tenant, clock):
    campaign = await shop(client, tenant, clock)
    starter, friend = await members(client, tenant, 2)
    bargain = (await start(client, starter, campaign["id"])).json()
    problem(await cut(client, starter, bargain["share_code"]), 409, "bargain_own")
    assert (await cut(client, friend, bargain["share_code"])).status_code == 201
    problem(await cut(client, friend, bargain["share_code"]), 409, "bargain_already_helped")
    problem(await cut(client, friend, "NOSUCHCODE"), 404, "unknown_bargain_code")
    seen = await mine(client, starter, bargain["id"])
    assert (seen["cuts_done"], len(seen["cuts"])) == (1, 1)


async def test_buying_below_the_floor_or_at_a_stale_price_changes_nothing(client, tenant, clock):
    campaign = await shop(client, tenant, clock)
    starter, friend = await members(client, tenant, 2)
    bargain = (await start(client, starter, campaign["id"])).json()
    problem(await buy(client, starter, bargain["id"], price_fen=999), 422, "bargain_below_floor")
    problem(await buy(client, starter, bargain["id"], price_fen=1_000), 409, "bargain_price_changed")
    problem(await buy(client, starter, bargain["id"], price_fen=-1), 400, "invalid_request")
    other = (await client.post(f"{API}/me/bargains/{bargain['id']}/buy", headers={**friend, "Idempotency-Key": "x"},
                               json={}))
    problem(other, 404, "not_found")
    seen = await mine(client, starter, bargain["id"])
    assert (seen["status"], seen["order_id"]) == ("open", None)
    r = await buy(client, starter, bargain["id"], key="once", price_fen=5_900)
    assert r.status_code == 201, r.text
    again = await buy(client, starter, bargain["id"], key="once", price_fen=5_900)
    assert again.json()["order_id"] == r.json()["order_id"]  # the same key answers the first result
    problem(await buy(client, starter, bargain["id"]), 409, "bargain_closed")
    problem(await cut(client, friend, bargain["share_code"]), 409, "bargain_closed")  # the price is fixed


async def test_floor_only_waits_for_every_helper(client, tenant, clock):
    campaign = await shop(client, tenant, clock, helpers_needed=2, floor_fen=5_000)
    await enable_bargain(client, tenant, buy_mode="floor_only")
    starter, a, b = await members(client, tenant, 3)
    bargain = (await start(client, starter, campaign["id"])).json()
    assert bargain["can_buy"] is False
    await cut(client, a, bargain["share_code"])
    problem(await buy(client, starter, bargain["id"]), 409, "bargain_not_at_floor")
    r = await cut(client, b, bargain["share_code"])
    assert r.json()["bargain"]["current_price_fen"] == 5_000 and r.json()["bargain"]["can_buy"] is True
    problem(await cut(client, (await members(client, tenant, 1, first=3))[0], bargain["share_code"]), 409, "bargain_complete")
    assert (await buy(client, starter, bargain["id"])).json()["bought_price_fen"] == 5_000


async def test_after_the_deadline_the_bargain_cannot_be_cut_or_bought(client, tenant, clock):
    campaign = await shop(client, tenant, clock, duration_hours=2)
    starter, friend = await members(client, tenant, 2)
    bargain = (await start(client, starter, campaign["id"])).json()
    assert bargain["seconds_left"] == 7_200
    await move_to(tenant, clock, clock.now() + dt.timedelta(hours=2))
    problem(await cut(client, friend, bargain["share_code"]), 409, "bargain_closed")
    problem(await buy(client, starter, bargain["id"]), 409, "bargain_closed")
    assert (await mine(client, starter, bargain["id"]))["status"] == "expired"  # before the sweep
    await run_sweep(tenant)
    await run_sweep(tenant)
    assert (await mine(client, starter, bargain["id"]))["status"] == "expired"


async def test_an_unpaid_order_lapses_and_is_cancelled(client, tenant, clock):
    campaign = await shop(client, tenant, clock)
    await enable_bargain(client, tenant, pay_minutes=10)
    [starter] = await members(client, tenant, 1)
    bargain = (await start(client, starter, campaign["id"])).json()
    order_id = (await buy(client, starter, bargain["id"])).json()["order_id"]
    await move_to(tenant, clock, clock.now() + dt.timedelta(minutes=10))
    problem(await pay(client, tenant, order_id, [{"kind": "cash", "amount_fen": 5_900}]), 409, "bargain_closed")
    await run_sweep(tenant)
    assert (await mine(client, starter, bargain["id"]))["status"] == "lapsed"
    order = (await client.get(f"{API}/orders/{order_id}", headers=tenant.headers)).json()
    assert (order["status"], order["paid_fen"]) == ("cancelled", 0)
    assert (await campaign_of(client, tenant, campaign["id"]))["sold"] == 0
    assert await ledger_clean(tenant.id)


async def test_starting_is_limited_per_member_and_by_the_campaign_window(client, tenant, clock):
    campaign = await shop(client, tenant, clock, per_member_limit=2, starts_in_minutes=30)
    [starter] = await members(client, tenant, 1)
    problem(await start(client, starter, campaign["id"]), 409, "bargain_campaign_not_live")
    await move_to(tenant, clock, clock.now() + dt.timedelta(minutes=30))
    assert (await start(client, starter, campaign["id"])).status_code == 201
    assert (await start(client, starter, campaign["id"])).status_code == 201
    problem(await start(client, starter, campaign["id"]), 409, "bargain_limit_reached")
    listed = (await client.get(f"{API}/me/bargains/campaigns", headers=starter)).json()["items"]
    assert [(c["id"], c["my_started"]) for c in listed] == [(campaign["id"], 2)]
    r = await client.post(f"{API}/bargain/campaigns/{campaign['id']}/stop", headers=tenant.headers)
    assert r.json()["state"] == "stopped"
    assert (await client.get(f"{API}/me/bargains/campaigns", headers=starter)).json()["items"] == []


async def test_new_members_only_refuses_a_helper_who_has_bought(client, tenant, clock):
    campaign = await shop(client, tenant, clock)
    await enable_bargain(client, tenant, helpers_must_be_new=True)
    [starter] = await members(client, tenant, 1)
    regular = await make_member(client, tenant, phone="13900000001")
    item = await make_item(client, tenant, "water", 200)
    order = await open_order(client, tenant, [{"item_id": item["id"], "quantity": 1}], member_id=regular["id"])
    assert (await pay(client, tenant, order["id"], [{"kind": "cash", "amount_fen": 200}])).status_code == 201
    bargain = (await start(client, starter, campaign["id"])).json()
    problem(await cut(client, await member_headers(tenant, regular["id"]), bargain["share_code"]), 409,
            "bargain_new_members_only")
    newcomer = await make_member(client, tenant, phone="13900000002")
    assert (await cut(client, await member_headers(tenant, newcomer["id"]), bargain["share_code"])).status_code == 201


async def test_campaigns_are_checked(client, tenant, clock):
    await enable_bargain(client, tenant)
    item = await make_item(client, tenant, "bike", 5_900)
    start_at = clock.now()
    good = {"name": "坏", "item_id": item["id"], "floor_fen": 1_000, "helpers_needed": 5, "stock": 3,
            "starts_at": start_at.isoformat(), "ends_at": (start_at + dt.timedelta(days=1)).isoformat()}
    for body, status, code in [
        ({**good, "floor_fen": 5_898}, 422, "invalid_bargain_campaign"),  # 2 fen for 5 helpers
        ({**good, "price_fen": 6_000}, 422, "invalid_bargain_campaign"),  # above the item's price
        ({**good, "ends_at": start_at.isoformat()}, 422, "invalid_bargain_campaign"),
        ({**good, "helpers_needed": 0}, 400, "invalid_request"),
        ({**good, "item_id": 999_999}, 404, "not_found"),
    ]:
        problem(await client.post(f"{API}/bargain/campaigns", headers=tenant.headers, json=body), status, code)
    assert (await client.get(f"{API}/bargain/campaigns", headers=tenant.headers)).json()["items"] == []


async def test_another_tenants_bargain_cannot_be_cut(client, tenant, other_tenant, clock):
    campaign = await shop(client, tenant, clock)
    [starter] = await members(client, tenant, 1)
    bargain = (await start(client, starter, campaign["id"])).json()
    await enable_bargain(client, other_tenant)
    stranger = await make_member(client, other_tenant)
    problem(await cut(client, await member_headers(other_tenant, stranger["id"]), bargain["share_code"]), 404,
            "unknown_bargain_code")
    assert (await mine(client, starter, bargain["id"]))["cuts_done"] == 0

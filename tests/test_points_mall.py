"""积分商城: an exchange is an order paid with points (+ a cash part with any tender), in the points
statement, the orders and the daily report; stock and the member's limit taken with the payment;
too few points or no stock left refused with nothing changed; validity by the store's local day;
the member's mall; refunds giving back points, stock and limit; the points_mall tender only in an
exchange."""

import datetime as dt

from checkout_helpers import key, ledger_clean, main_store, make_item, move_to, open_order, pay, top_up
from member_helpers import bearer, member_session
from points_helpers import balance_of, problem, refund, statement_of
from points_mall_helpers import API, enable_mall, exchange, exchanged, member_with, order_of, reward, reward_now

UTC = dt.UTC


async def test_exchange_is_an_order_paid_with_points(client, tenant):
    await enable_mall(client, tenant)
    rwd = await reward(client, tenant, price_fen=1_500, points=800)
    member = await member_with(client, tenant, 1_000)
    exch = await exchanged(client, tenant, rwd, member)
    assert exch["status"] == "pending" and len(exch["pickup_code"]) == 8 and exch["points"] == 800
    order = await order_of(client, tenant, exch)
    assert order["status"] == "paid" and order["total_fen"] == 1_500 and order["member_id"] == member["id"]
    assert [(t["kind"], t["amount_fen"]) for t in order["tenders"]] == [("points_mall", 1_500)]
    assert await balance_of(client, tenant, member) == 200  # the line earned no points back
    line = (await statement_of(client, tenant, member))["items"][0]
    assert line["points"] == -800 and line["reason"] == "积分商城兑换：蛋白棒"
    assert (await reward_now(client, tenant, rwd))["stock_left"] == 9
    store = await main_store(client, tenant)
    daily = (await client.get(f"{API}/reports/daily/{store['id']}", headers=tenant.headers)).json()
    assert daily["sales_by_tender"]["points_mall"] == 1_500
    assert await ledger_clean(tenant.id)


async def test_cash_part_is_paid_with_the_tender_chosen(client, tenant):
    await enable_mall(client, tenant)
    rwd = await reward(client, tenant, price_fen=6_000, points=3_000, cash_fen=990, kind="service",
                       methods=["pickup"])
    member = await member_with(client, tenant, 3_000)
    r = await exchange(client, tenant, rwd, member)
    problem(r, 422, "invalid_input")  # the cash part needs a tender
    await top_up(client, tenant, member["id"], 5_000)
    exch = await exchanged(client, tenant, rwd, member, cash_tender="stored_value")
    order = await order_of(client, tenant, exch)
    assert sorted((t["kind"], t["amount_fen"]) for t in order["tenders"]) == [("points_mall", 5_010), ("stored_value", 990)]
    assert await balance_of(client, tenant, member) == 0
    other = await member_with(client, tenant, 3_000)
    exch = await exchanged(client, tenant, rwd, other, cash_tender="cash")
    assert {t["kind"] for t in (await order_of(client, tenant, exch))["tenders"]} == {"points_mall", "cash"}
    assert await ledger_clean(tenant.id)


async def test_too_few_points_changes_nothing(client, tenant):
    await enable_mall(client, tenant)
    rwd = await reward(client, tenant, points=800, stock=1, per_member_limit=1)
    member = await member_with(client, tenant, 799)
    problem(await exchange(client, tenant, rwd, member), 409, "insufficient_balance")
    assert await balance_of(client, tenant, member) == 799
    assert (await reward_now(client, tenant, rwd))["stock_left"] == 1
    orders = (await client.get(f"{API}/orders", headers=tenant.headers, params={"member_id": member["id"]})).json()
    assert orders["items"] == []
    page = (await client.get(f"{API}/points-mall/exchanges", headers=tenant.headers)).json()
    assert page["items"] == []
    await client.post(f"{API}/members/{member['id']}/points/adjustments", headers={**tenant.headers, **key()},
                      json={"points": 1, "reason": "补足"})
    await exchanged(client, tenant, rwd, member)  # the refusal took neither the stock nor the limit
    assert await ledger_clean(tenant.id)


async def test_no_stock_left_refuses_and_changes_nothing(client, tenant):
    await enable_mall(client, tenant)
    rwd = await reward(client, tenant, stock=1)
    first, second = await member_with(client, tenant, 800), await member_with(client, tenant, 800)
    await exchanged(client, tenant, rwd, first)
    problem(await exchange(client, tenant, rwd, second), 409, "points_mall_out_of_stock")
    assert await balance_of(client, tenant, second) == 800
    assert (await reward_now(client, tenant, rwd))["taken"] == 1


async def test_per_member_limit(client, tenant):
    await enable_mall(client, tenant)
    rwd = await reward(client, tenant, per_member_limit=2, points=100)
    member = await member_with(client, tenant, 1_000)
    for _ in range(2):
        await exchanged(client, tenant, rwd, member)
    problem(await exchange(client, tenant, rwd, member), 409, "points_mall_limit_reached")
    assert await balance_of(client, tenant, member) == 800
    assert (await reward_now(client, tenant, rwd))["stock_left"] == 8  # the refusal gave its stock back
    other = await member_with(client, tenant, 100)
    await exchanged(client, tenant, rwd, other)  # another member's limit is their own


async def test_on_offer_by_the_store_local_day(client, tenant, clock):
    await enable_mall(client, tenant)
    # Shanghai: 2026-03-01 00:00 local is 2026-02-28 16:00 UTC.
    await move_to(tenant, clock, dt.datetime(2026, 2, 28, 15, 59, tzinfo=UTC))
    rwd = await reward(client, tenant, points=100, valid_from="2026-03-01", valid_until="2026-03-31")
    member = await member_with(client, tenant, 1_000)
    problem(await exchange(client, tenant, rwd, member), 409, "points_mall_unavailable")
    await move_to(tenant, clock, dt.datetime(2026, 2, 28, 16, 0, tzinfo=UTC))
    await exchanged(client, tenant, rwd, member)
    await move_to(tenant, clock, dt.datetime(2026, 3, 31, 15, 59, tzinfo=UTC))  # the last local minute of 31 March
    await exchanged(client, tenant, rwd, member)
    await move_to(tenant, clock, dt.datetime(2026, 3, 31, 16, 0, tzinfo=UTC))
    problem(await exchange(client, tenant, rwd, member), 409, "points_mall_unavailable")
    assert await balance_of(client, tenant, member) == 800


async def test_switched_off_or_wrong_store_or_method_is_refused(client, tenant):
    await enable_mall(client, tenant)
    store = await main_store(client, tenant)
    rwd = await reward(client, tenant, points=100, methods=["pickup"], store_ids=[store["id"]])
    member = await member_with(client, tenant, 1_000)
    problem(await exchange(client, tenant, rwd, member, "delivery"), 422, "points_mall_wrong_method")
    r = await client.post(f"{API}/stores", headers=tenant.headers, json={"code": "b", "name": "二店"})
    problem(await exchange(client, tenant, rwd, member, store_id=r.json()["id"]), 409, "points_mall_unavailable")
    body = {**{k: rwd[k] for k in ("kind", "title", "sku", "points", "stock", "methods")}, "active": False}
    r = await client.put(f"{API}/points-mall/rewards/{rwd['id']}", headers=tenant.headers, json=body)
    assert r.status_code == 200, r.text
    problem(await exchange(client, tenant, rwd, member), 409, "points_mall_unavailable")
    assert await balance_of(client, tenant, member) == 1_000


async def test_pickup_code_is_verified_once(client, tenant):
    await enable_mall(client, tenant)
    rwd = await reward(client, tenant, points=100)
    member = await member_with(client, tenant, 100)
    exch = await exchanged(client, tenant, rwd, member)
    staff_view = (await client.get(f"{API}/points-mall/exchanges/{exch['id']}", headers=tenant.headers)).json()
    assert staff_view["pickup_code"] is None  # staff verify what the member shows
    problem(await client.post(f"{API}/points-mall/pickups/verify", headers=tenant.headers, json={"code": "ZZZZ2345"}),
            404, "points_mall_pickup_not_found")
    r = await client.post(f"{API}/points-mall/pickups/verify", headers=tenant.headers,
                          json={"code": exch["pickup_code"].lower()})
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "collected" and r.json()["collected_at"] is not None
    r = await client.post(f"{API}/points-mall/pickups/verify", headers=tenant.headers, json={"code": exch["pickup_code"]})
    problem(r, 409, "points_mall_wrong_status")


async def test_delivery_ships_then_arrives(client, tenant):
    await enable_mall(client, tenant)
    rwd = await reward(client, tenant, points=100)
    member = await member_with(client, tenant, 200)
    problem(await exchange(client, tenant, rwd, member, "delivery", recipient="张三"), 422, "invalid_input")
    exch = await exchanged(client, tenant, rwd, member, "delivery", recipient="张三", phone="13800138000",
                           address="上海市徐汇区漕溪北路 1 号")
    assert exch["status"] == "pending" and exch["pickup_code"] is None and exch["address"].startswith("上海")
    url = f"{API}/points-mall/exchanges/{exch['id']}"
    problem(await client.post(f"{url}/deliver", headers=tenant.headers), 409, "points_mall_wrong_status")
    r = await client.post(f"{url}/ship", headers=tenant.headers, json={"carrier": "顺丰", "tracking_no": "SF123"})
    assert r.status_code == 200 and r.json()["status"] == "shipped" and r.json()["tracking_no"] == "SF123"
    problem(await client.post(f"{url}/ship", headers=tenant.headers, json={"carrier": "顺丰", "tracking_no": "SF9"}),
            409, "points_mall_wrong_status")
    r = await client.post(f"{url}/deliver", headers=tenant.headers)
    assert r.status_code == 200 and r.json()["status"] == "delivered"
    problem(await client.post(f"{url}/cancel", headers={**tenant.headers, **key()}, json={}), 409,
            "points_mall_wrong_status")
    page = (await client.get(f"{API}/points-mall/exchanges", headers=tenant.headers,
                             params={"status": "delivered", "method": "delivery"})).json()
    assert [e["id"] for e in page["items"]] == [exch["id"]]

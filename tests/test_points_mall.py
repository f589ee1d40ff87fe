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
    wrong = await exchange(client, tenant, rwd, member, "delivery")
    problem(wrong, 422, "points_mall_wrong_method")
    assert "可选：到店自提" in wrong.json()["detail"] and "pickup" not in wrong.json()["detail"]  # labels, not codes
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
    r = await client.post(f"{API}/stores", headers=tenant.headers, json={"code": "b", "name": "二店"})
    elsewhere = {**tenant.headers, "X-Store-Id": str(r.json()["id"])}
    r = await client.post(f"{API}/points-mall/pickups/verify", headers=elsewhere, json={"code": exch["pickup_code"]})
    problem(r, 409, "points_mall_wrong_store")  # collected where it was exchanged for
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


async def test_cancelled_delivery_gives_back_points_cash_stock_and_limit(client, tenant):
    await enable_mall(client, tenant)
    rwd = await reward(client, tenant, price_fen=3_000, points=500, cash_fen=1_000, per_member_limit=1, stock=1)
    member = await member_with(client, tenant, 500)
    await top_up(client, tenant, member["id"], 1_000)
    exch = await exchanged(client, tenant, rwd, member, "delivery", cash_tender="stored_value", recipient="张三",
                           phone="13800138000", address="北京市")
    url = f"{API}/points-mall/exchanges/{exch['id']}"
    await client.post(f"{url}/ship", headers=tenant.headers, json={"carrier": "顺丰", "tracking_no": "SF1"})
    r = await client.post(f"{url}/cancel", headers={**tenant.headers, **key()}, json={"reason": "快递丢件"})
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "cancelled" and r.json()["closed_at"] is not None
    assert await balance_of(client, tenant, member) == 500
    sv = (await client.get(f"{API}/members/{member['id']}/stored-value", headers=tenant.headers)).json()
    assert sv["principal_fen"] + sv.get("bonus_fen", 0) == 1_000
    assert (await order_of(client, tenant, exch))["refunded_fen"] == 3_000
    assert (await reward_now(client, tenant, rwd))["stock_left"] == 1
    await exchanged(client, tenant, rwd, member, "pickup", cash_tender="stored_value")  # the limit came back too
    assert await ledger_clean(tenant.id)


async def test_a_full_refund_at_the_till_closes_the_exchange(client, tenant):
    await enable_mall(client, tenant)
    rwd = await reward(client, tenant, price_fen=1_500, points=800, per_member_limit=1)
    member = await member_with(client, tenant, 800)
    exch = await exchanged(client, tenant, rwd, member)
    order = await order_of(client, tenant, exch)
    await refund(client, tenant, order, 500)  # a partial refund (compensation) keeps the exchange
    assert await balance_of(client, tenant, member) == 266  # 800 × 500 / 1500, rounded down
    mine = (await client.get(f"{API}/points-mall/exchanges/{exch['id']}", headers=tenant.headers)).json()
    assert mine["status"] == "pending" and (await reward_now(client, tenant, rwd))["taken"] == 1
    await refund(client, tenant, order, 1_000)
    assert await balance_of(client, tenant, member) == 800  # every point back after the last refund
    mine = (await client.get(f"{API}/points-mall/exchanges/{exch['id']}", headers=tenant.headers)).json()
    assert mine["status"] == "refunded" and (await reward_now(client, tenant, rwd))["taken"] == 0
    r = await client.post(f"{API}/points-mall/pickups/verify", headers=tenant.headers, json={"code": exch["pickup_code"]})
    problem(r, 409, "points_mall_wrong_status")  # the code died with the refund
    statement = (await statement_of(client, tenant, member))["items"]
    assert statement[0]["reason"] == "积分商城退款：蛋白棒"
    await exchanged(client, tenant, rwd, member)
    assert await ledger_clean(tenant.id)


async def test_collected_goods_may_come_back_and_return_to_stock(client, tenant):
    await enable_mall(client, tenant)
    rwd = await reward(client, tenant, points=100, stock=1)
    member = await member_with(client, tenant, 100)
    exch = await exchanged(client, tenant, rwd, member)
    await client.post(f"{API}/points-mall/pickups/verify", headers=tenant.headers, json={"code": exch["pickup_code"]})
    problem(await client.post(f"{API}/points-mall/exchanges/{exch['id']}/cancel", headers={**tenant.headers, **key()},
                              json={}), 409, "points_mall_wrong_status")  # collected: a return at the till instead
    await refund(client, tenant, await order_of(client, tenant, exch), 1_500)
    assert (await reward_now(client, tenant, rwd))["stock_left"] == 1
    assert await balance_of(client, tenant, member) == 100


async def test_coupon_reward_is_issued_at_once_and_final(client, tenant):
    await enable_mall(client, tenant, "coupons")
    tpl = await client.post(f"{API}/coupons/templates", headers=tenant.headers,
                            json={"name": "10元券", "kind": "cash", "value_fen": 1_000, "valid_days": 30, "stock": 5})
    rwd = await reward(client, tenant, price_fen=1_000, kind="coupon", title="10元代金券", points=500,
                       coupon_template_id=tpl.json()["id"], methods=["coupon"])
    member = await member_with(client, tenant, 500)
    exch = await exchanged(client, tenant, rwd, member, "coupon")
    assert exch["status"] == "issued" and len(exch["coupon_code"]) == 12
    coupons = (await client.get(f"{API}/members/{member['id']}/coupons", headers=tenant.headers)).json()["items"]
    assert [c["code"] for c in coupons] == [exch["coupon_code"]]
    r = await client.post(f"{API}/orders/{exch['order_id']}/refunds", headers={**tenant.headers, **key()},
                          json={"amount_fen": 1_000})
    problem(r, 409, "points_mall_coupon_final")
    assert await balance_of(client, tenant, member) == 0
    assert (await order_of(client, tenant, exch))["refunded_fen"] == 0
    assert await ledger_clean(tenant.id)


async def test_coupon_reward_out_of_coupons_changes_nothing(client, tenant):
    await enable_mall(client, tenant, "coupons")
    tpl = await client.post(f"{API}/coupons/templates", headers=tenant.headers,
                            json={"name": "10元券", "kind": "cash", "value_fen": 1_000, "valid_days": 30, "stock": 0})
    rwd = await reward(client, tenant, price_fen=1_000, kind="coupon", points=500, coupon_template_id=tpl.json()["id"],
                       methods=["coupon"])
    member = await member_with(client, tenant, 500)
    problem(await exchange(client, tenant, rwd, member, "coupon"), 409, "coupon_out_of_stock")
    assert await balance_of(client, tenant, member) == 500
    assert (await reward_now(client, tenant, rwd))["taken"] == 0


async def test_member_exchanges_in_the_app(client, tenant):
    await enable_mall(client, tenant)
    cheap = await reward(client, tenant, points=300, per_member_limit=2, stock=5)
    dear = await reward(client, tenant, price_fen=6_000, points=100, cash_fen=1_000, title="体验课", kind="service",
                        methods=["pickup"])
    session = await member_session(client, tenant)
    me, member = bearer(session["token"]), session["member"]
    await client.post(f"{API}/members/{member['id']}/points/adjustments", headers={**tenant.headers, **key()},
                      json={"points": 1_000, "reason": "赠送"})
    store = await main_store(client, tenant)
    url = f"{API}/me/points-mall/rewards/{cheap['id']}/exchange"
    r = await client.post(url, headers={**me, **key()}, json={"method": "pickup", "store_id": store["id"]})
    assert r.status_code == 201, r.text
    code = r.json()["pickup_code"]
    offers = {o["reward"]["id"]: o for o in (await client.get(f"{API}/me/points-mall/rewards", headers=me)).json()["items"]}
    assert (offers[cheap["id"]]["my_left"], offers[cheap["id"]]["stock_left"]) == (1, 4)
    assert offers[dear["id"]]["my_left"] is None and offers[dear["id"]]["can_exchange"]
    r = await client.post(f"{API}/me/points-mall/rewards/{dear['id']}/exchange", headers={**me, **key()},
                          json={"method": "pickup", "store_id": store["id"], "cash_tender": "cash"})
    problem(r, 422, "invalid_input")  # no cash in the app: stored value or a payment
    mine = (await client.get(f"{API}/me/points-mall/exchanges", headers=me)).json()["items"]
    assert [(e["reward_id"], e["pickup_code"]) for e in mine] == [(cheap["id"], code)]
    order = (await client.get(f"{API}/orders/{mine[0]['order_id']}", headers=tenant.headers)).json()
    assert order["channel"] == "online"
    r = await client.post(f"{API}/points-mall/rewards/{cheap['id']}/exchange", headers={**me, **key()},
                          json={"member_id": member["id"], "method": "pickup"})
    assert r.status_code == 403  # staff routes are not for members
    await tenant.set_settings("points_mall", {"show_in_app": False})
    assert (await client.get(f"{API}/me/points-mall/rewards", headers=me)).json()["items"] == []
    problem(await client.post(url, headers={**me, **key()}, json={"method": "pickup", "store_id": store["id"]}),
            404, "not_found")


async def test_the_points_mall_tender_pays_exchanges_only(client, tenant):
    await enable_mall(client, tenant)
    member = await member_with(client, tenant, 1_000)
    item = await make_item(client, tenant, "towel", 2_000)
    order = await open_order(client, tenant, [{"item_id": item["id"]}], member_id=member["id"])
    problem(await pay(client, tenant, order["id"], [{"kind": "points_mall", "amount_fen": 2_000}]), 422,
            "points_mall_tender_only")
    assert await balance_of(client, tenant, member) == 1_000


async def test_a_replayed_exchange_is_made_once(client, tenant):
    await enable_mall(client, tenant)
    rwd = await reward(client, tenant, points=100)
    member = await member_with(client, tenant, 1_000)
    store = await main_store(client, tenant)
    headers = {**tenant.headers, "Idempotency-Key": "till-1-0001"}
    body = {"member_id": member["id"], "method": "pickup", "store_id": store["id"]}
    url = f"{API}/points-mall/rewards/{rwd['id']}/exchange"
    first, again = [await client.post(url, headers=headers, json=body) for _ in range(2)]
    assert first.status_code == again.status_code == 201 and first.json() == again.json()
    assert await balance_of(client, tenant, member) == 900
    problem(await client.post(url, headers=tenant.headers, json=body), 422, "invalid_input")  # no key: refused


async def test_bad_rewards_are_refused_and_nothing_is_made(client, tenant):
    await enable_mall(client, tenant)
    await make_item(client, tenant, "bar", 1_500)
    await make_item(client, tenant, "card", 100_000, kind="card", card={"card_type": "sessions", "sessions": 10})
    base = {"kind": "goods", "title": "蛋白棒", "sku": "bar", "points": 800, "stock": 10, "methods": ["pickup"]}
    bad = [
        ({"sku": "nope"}, 422, "points_mall_invalid_reward"),
        ({"sku": "card"}, 422, "points_mall_invalid_reward"),
        ({"cash_fen": 1_500}, 422, "points_mall_invalid_reward"),
        ({"kind": "coupon", "methods": ["coupon"]}, 422, "points_mall_invalid_reward"),
        ({"kind": "service", "methods": ["delivery"]}, 422, "points_mall_invalid_reward"),
        ({"methods": ["coupon"]}, 422, "points_mall_invalid_reward"),
        ({"coupon_template_id": 1}, 422, "points_mall_invalid_reward"),
        ({"valid_from": "2026-02-01", "valid_until": "2026-01-01"}, 422, "points_mall_invalid_reward"),
        ({"points": 0}, 400, "invalid_request"),
        ({"stock": -1}, 400, "invalid_request"),
        ({"methods": []}, 400, "invalid_request"),
        ({"image_url": "javascript:alert(1)"}, 400, "invalid_request"),
    ]
    for change, status, code in bad:
        problem(await client.post(f"{API}/points-mall/rewards", headers=tenant.headers, json={**base, **change}),
                status, code)
    assert (await client.get(f"{API}/points-mall/rewards", headers=tenant.headers)).json()["items"] == []


async def test_stock_cannot_go_under_what_is_exchanged(client, tenant):
    await enable_mall(client, tenant)
    rwd = await reward(client, tenant, points=100, stock=3)
    member = await member_with(client, tenant, 1_000)
    for _ in range(2):
        await exchanged(client, tenant, rwd, member)
    body = {**{k: rwd[k] for k in ("kind", "title", "sku", "points", "methods")}, "stock": 1}
    problem(await client.put(f"{API}/points-mall/rewards/{rwd['id']}", headers=tenant.headers, json=body), 422,
            "points_mall_invalid_reward")
    assert (await reward_now(client, tenant, rwd))["stock"] == 3
    r = await client.put(f"{API}/points-mall/rewards/{rwd['id']}", headers=tenant.headers, json={**body, "stock": 2})
    assert r.status_code == 200 and r.json()["stock_left"] == 0


async def test_figures_per_reward(client, tenant):
    await enable_mall(client, tenant)
    rwd = await reward(client, tenant, price_fen=2_000, points=100, cash_fen=500)
    member = await member_with(client, tenant, 1_000)
    picked = await exchanged(client, tenant, rwd, member, cash_tender="cash")
    await exchanged(client, tenant, rwd, member, "delivery", cash_tender="cash", recipient="张三", phone="138",
                    address="上海")
    gone = await exchanged(client, tenant, rwd, member, cash_tender="cash")
    await client.post(f"{API}/points-mall/pickups/verify", headers=tenant.headers, json={"code": picked["pickup_code"]})
    await client.post(f"{API}/points-mall/exchanges/{gone['id']}/cancel", headers={**tenant.headers, **key()}, json={})
    f = (await client.get(f"{API}/points-mall/rewards/{rwd['id']}/figures", headers=tenant.headers)).json()
    assert (f["exchanged"], f["refunded"], f["points"], f["cash_fen"]) == (2, 1, 200, 1_000)
    assert (f["collected"], f["to_collect"], f["to_ship"], f["stock_left"]) == (1, 0, 1, 8)


async def test_another_tenants_rewards_and_exchanges_are_not_found(client, tenant, other_tenant):
    await enable_mall(client, tenant)
    await enable_mall(client, other_tenant)
    rwd = await reward(client, tenant, points=100)
    member = await member_with(client, tenant, 100)
    exch = await exchanged(client, tenant, rwd, member)
    r = await client.get(f"{API}/points-mall/rewards/{rwd['id']}", headers=other_tenant.headers)
    problem(r, 404, "not_found")
    problem(await client.get(f"{API}/points-mall/exchanges/{exch['id']}", headers=other_tenant.headers), 404, "not_found")
    r = await client.post(f"{API}/points-mall/pickups/verify", headers=other_tenant.headers, json={"code": exch["pickup_code"]})
    problem(r, 404, "points_mall_pickup_not_found")


async def test_the_demo_gym_gets_sample_rewards(client, tenant):
    await enable_mall(client, tenant)
    for sku, price in (("protein-bar", 1_500), ("group-class", 6_000)):  # the demo gym's items; no water here
        await make_item(client, tenant, sku, price, kind="service" if sku == "group-class" else "goods")
    ctx = await tenant.ctx()
    await ctx.hooks.demo_store_created(ctx=ctx)
    rewards = (await client.get(f"{API}/points-mall/rewards", headers=tenant.headers)).json()["items"]
    assert sorted((r["title"], r["points"], r["cash_fen"]) for r in rewards) == [("团课体验一次", 3_000, 990), ("蛋白棒", 800, 0)]

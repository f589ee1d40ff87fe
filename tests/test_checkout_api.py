"""Checkout at the counter (开单/收银) through the REST API: tenders, holds, refunds, receipts."""

from checkout_helpers import key, ledger_clean, main_store, make_item, make_member, open_order, pay, top_up

from core.ledger import accounts
from core.ledger.schemas import credit, debit
from core.ledger.service import post_entry


async def three_lines(client, tenant):
    water = await make_item(client, tenant, "water", 300)
    bar = await make_item(client, tenant, "bar", 1_250)
    lesson = await make_item(client, tenant, "pt-1", 30_000, kind="service")
    return [{"item_id": water["id"], "quantity": 2}, {"item_id": bar["id"], "quantity": 1},
            {"item_id": lesson["id"], "quantity": 1}]


async def test_member_pays_three_lines_with_stored_value_and_cash(client, tenant):
    member = await make_member(client, tenant)
    await top_up(client, tenant, member["id"], 20_000)
    order = await open_order(client, tenant, await three_lines(client, tenant), member["id"])
    assert order["total_fen"] == 31_850
    r = await pay(client, tenant, order["id"], [
        {"kind": "stored_value", "amount_fen": 20_000},
        {"kind": "cash", "amount_fen": 11_850, "tendered_fen": 12_000},
    ])
    assert r.status_code == 201, r.text
    paid = r.json()
    assert paid["status"] == "paid"
    assert paid == (await client.get(f"/api/v1/orders/{order['id']}", headers=tenant.headers)).json()
    assert [t["change_fen"] for t in paid["tenders"]] == [0, 150]
    sv = (await client.get(f"/api/v1/members/{member['id']}/stored-value", headers=tenant.headers)).json()
    assert sv == {"principal_fen": 0, "bonus_fen": 0}
    receipt = (await client.get(f"/api/v1/orders/{order['id']}/receipt", headers=tenant.headers)).json()
    assert receipt["total_fen"] == 31_850 and len(receipt["lines"]) == 3
    html = await client.get(f"/api/v1/orders/{order['id']}/receipt.html", headers=tenant.headers)
    assert html.status_code == 200 and "找零 Change" in html.text and "¥1.50" in html.text
    assert await ledger_clean(tenant.id)


async def test_tenders_that_do_not_add_up_are_refused_and_post_nothing(client, tenant):
    order = await open_order(client, tenant, await three_lines(client, tenant))
    r = await pay(client, tenant, order["id"], [{"kind": "cash", "amount_fen": 100}])
    assert r.status_code == 422 and r.json()["code"] == "tenders_mismatch"
    again = (await client.get(f"/api/v1/orders/{order['id']}", headers=tenant.headers)).json()
    assert again["status"] == "open" and again["tenders"] == []


async def test_not_enough_stored_value_refuses_the_whole_payment(client, tenant):
    member = await make_member(client, tenant)
    await top_up(client, tenant, member["id"], 1_000)
    order = await open_order(client, tenant, await three_lines(client, tenant), member["id"])
    r = await pay(client, tenant, order["id"], [
        {"kind": "stored_value", "amount_fen": 2_000}, {"kind": "cash", "amount_fen": 29_850}])
    assert r.status_code == 409 and r.json()["code"] == "insufficient_balance"
    again = (await client.get(f"/api/v1/orders/{order['id']}", headers=tenant.headers)).json()
    assert again["status"] == "open" and again["tenders"] == []
    sv = (await client.get(f"/api/v1/members/{member['id']}/stored-value", headers=tenant.headers)).json()
    assert sv["principal_fen"] == 1_000
    assert await ledger_clean(tenant.id)


async def test_paid_order_cannot_be_paid_again_and_a_replay_returns_the_first_answer(client, tenant):
    order = await open_order(client, tenant, await three_lines(client, tenant))
    headers = {**tenant.headers, **key()}
    body = {"tenders": [{"kind": "cash", "amount_fen": 31_850}]}
    first = await client.post(f"/api/v1/orders/{order['id']}/payments", headers=headers, json=body)
    replay = await client.post(f"/api/v1/orders/{order['id']}/payments", headers=headers, json=body)
    assert first.status_code == replay.status_code == 201 and first.json() == replay.json()
    other_body = await client.post(f"/api/v1/orders/{order['id']}/payments", headers=headers,
                                   json={"tenders": [{"kind": "external", "amount_fen": 31_850, "reference": "x"}]})
    assert other_body.status_code == 409 and other_body.json()["code"] == "idempotency_key_reused"
    again = await pay(client, tenant, order["id"], [{"kind": "cash", "amount_fen": 31_850}])
    assert again.status_code == 409 and again.json()["code"] == "order_not_payable"
    store = await main_store(client, tenant)
    summary = (await client.get(f"/api/v1/reports/daily/{store['id']}", headers=tenant.headers)).json()
    assert summary["sales_by_tender"] == {"cash": 31_850} and summary["orders_paid"] == 1


async def test_money_moving_post_without_idempotency_key_is_refused(client, tenant):
    order = await open_order(client, tenant, await three_lines(client, tenant))
    r = await client.post(f"/api/v1/orders/{order['id']}/payments", headers=tenant.headers,
                          json={"tenders": [{"kind": "cash", "amount_fen": 31_850}]})
    assert r.status_code == 422 and r.json()["field"] == "Idempotency-Key"


async def test_held_order_is_paid_only_after_its_till_resumes_it(client, tenant):
    order = await open_order(client, tenant, await three_lines(client, tenant))
    url = f"/api/v1/orders/{order['id']}"
    assert (await client.post(f"{url}/hold", headers=tenant.headers, json={"till": "A"})).json()["status"] == "held"
    r = await pay(client, tenant, order["id"], [{"kind": "cash", "amount_fen": 31_850}])
    assert r.status_code == 409 and r.json()["code"] == "order_held"
    r = await client.post(f"{url}/resume", headers=tenant.headers, json={"till": "B"})
    assert r.status_code == 409 and r.json()["code"] == "order_held"
    assert (await client.post(f"{url}/resume", headers=tenant.headers, json={"till": "A"})).json()["status"] == "open"
    assert (await pay(client, tenant, order["id"], [{"kind": "cash", "amount_fen": 31_850}])).status_code == 201


async def test_partial_refund_by_line_reverses_tenders_in_proportion(client, tenant):
    member = await make_member(client, tenant)
    await top_up(client, tenant, member["id"], 10_000)
    lines = await three_lines(client, tenant)
    order = await open_order(client, tenant, lines, member["id"])
    await pay(client, tenant, order["id"], [
        {"kind": "stored_value", "amount_fen": 10_000}, {"kind": "external", "amount_fen": 21_850, "reference": "POS-1"}])
    lesson_line = next(line for line in (await client.get(f"/api/v1/orders/{order['id']}", headers=tenant.headers)).json()["lines"]
                       if line["sku"] == "pt-1")
    r = await client.post(f"/api/v1/orders/{order['id']}/refunds", headers={**tenant.headers, **key()},
                          json={"lines": [{"line_id": lesson_line["id"], "quantity": 1}], "reason": "课程取消"})
    assert r.status_code == 201, r.text
    refunded = r.json()
    assert refunded["refunded_fen"] == 30_000
    by_kind = {t["kind"]: t["refunded_fen"] for t in refunded["tenders"]}
    # 30000 split over 10000 : 21850 by largest remainder: 9419.15 → 9419, 20580.84 → 20581
    assert by_kind == {"stored_value": 9_419, "external": 20_581}
    sv = (await client.get(f"/api/v1/members/{member['id']}/stored-value", headers=tenant.headers)).json()
    assert sv["principal_fen"] == by_kind["stored_value"]
    too_much = await client.post(f"/api/v1/orders/{order['id']}/refunds", headers={**tenant.headers, **key()},
                                 json={"amount_fen": 1_851})
    assert too_much.status_code == 422 and too_much.json()["code"] == "refund_too_large"
    rest = await client.post(f"/api/v1/orders/{order['id']}/refunds", headers={**tenant.headers, **key()},
                             json={"amount_fen": 1_850})
    assert rest.status_code == 201 and rest.json()["refunded_fen"] == 31_850
    assert await ledger_clean(tenant.id)


async def test_order_of_another_tenant_is_not_found(client, tenant, other_tenant):
    theirs = await open_order(client, other_tenant, [{"item_id": (await make_item(client, other_tenant, "x", 100))["id"]}])
    assert (await client.get(f"/api/v1/orders/{theirs['id']}", headers=tenant.headers)).status_code == 404
    r = await pay(client, tenant, theirs["id"], [{"kind": "cash", "amount_fen": 100}])
    assert r.status_code == 404
    assert (await client.get(f"/api/v1/orders/{theirs['id']}", headers=other_tenant.headers)).json()["status"] == "open"


async def test_till_of_another_store_cannot_take_the_order(client, tenant):
    second = (await client.post("/api/v1/stores", headers=tenant.headers, json={"code": "s2", "name": "二店"})).json()
    order = await open_order(client, tenant, await three_lines(client, tenant))
    r = await pay(client, tenant, order["id"], [{"kind": "cash", "amount_fen": 31_850}],
                  headers={**tenant.headers, "X-Store-Id": str(second["id"])})
    assert r.status_code == 409 and r.json()["code"] == "wrong_store"


async def test_a_page_size_out_of_bounds_is_a_clear_error(client, tenant):
    for url in ("/api/v1/orders?limit=-1", "/api/v1/items?limit=0", "/api/v1/members?limit=100000"):
        r = await client.get(url, headers=tenant.headers)
        assert r.status_code == 422 and r.json()["field"] == "limit", url


async def test_principal_first_is_a_tenant_setting(client, tenant):
    r = await client.patch("/api/v1/tenant", headers=tenant.headers, json={"stored_value_split": "principal_first"})
    assert r.status_code == 200 and r.json()["stored_value_split"] == "principal_first"
    bad = await client.patch("/api/v1/tenant", headers=tenant.headers, json={"stored_value_split": "bonus_first"})
    assert bad.status_code == 400
    member = await make_member(client, tenant)
    await top_up(client, tenant, member["id"], 1_000)
    # a bonus, posted as the stored_value plugin's 充就送 would post it
    await post_entry(await tenant.ctx(), "bonus", [debit(accounts.tenant("marketing_expense"), 500),
                                                   credit(accounts.member(member["id"], "stored_value_bonus"), 500)])
    order = await open_order(client, tenant, [{"item_id": (await make_item(client, tenant, "w", 800))["id"]}], member["id"])
    r = await pay(client, tenant, order["id"], [{"kind": "stored_value", "amount_fen": 800}])
    assert r.json()["tenders"][0]["details"] == {"principal_fen": 800, "bonus_fen": 0}

"""The member's own pages (我的): profile, balances, statements, orders and the member code."""

from __future__ import annotations

from member_helpers import API, bearer, member_session


async def signed_in(client, tenant) -> tuple[int, dict[str, str]]:
    session = await member_session(client, tenant)
    return session["member"]["id"], bearer(session["token"])


async def test_member_changes_name_gender_and_birthday(client, tenant):
    member_id, headers = await signed_in(client, tenant)

    r = await client.patch(f"{API}/me", headers=headers, json={"name": "王五", "gender": "female", "birthday": "1990-05-01"})

    assert r.status_code == 200, r.text
    assert (r.json()["name"], r.json()["gender"], r.json()["birthday"]) == ("王五", "female", "1990-05-01")
    staff_view = (await client.get(f"{API}/members/{member_id}", headers=tenant.headers)).json()
    assert staff_view["name"] == "王五"


async def test_member_cannot_change_phone_or_set_a_future_birthday(client, tenant):
    _, headers = await signed_in(client, tenant)

    phone = await client.patch(f"{API}/me", headers=headers, json={"phone": "13900000000"})
    future = await client.patch(f"{API}/me", headers=headers, json={"birthday": "2030-01-01"})

    assert phone.status_code == 400 and "phone" in phone.text
    assert future.status_code == 422 and future.json()["code"] == "invalid_input"
    assert (await client.get(f"{API}/me", headers=headers)).json()["birthday"] is None


async def test_member_sees_own_balances_and_statement(client, tenant):
    member_id, headers = await signed_in(client, tenant)
    stores = (await client.get(f"{API}/stores", headers=tenant.headers)).json()["items"]
    r = await client.post(f"{API}/members/{member_id}/top-ups", headers={**tenant.headers, "Idempotency-Key": "t1"},
                          json={"amount_fen": 100_000, "tender": "cash", "store_id": stores[0]["id"]})
    assert r.status_code == 201, r.text

    balances = (await client.get(f"{API}/me/balances", headers=headers)).json()["items"]
    statement = await client.get(f"{API}/me/statement", headers=headers, params={"purpose": "stored_value_principal"})

    assert {b["purpose"]: b["balance"] for b in balances}["stored_value_principal"] == 100_000
    assert statement.status_code == 200
    assert [(line["amount"], line["balance_after"]) for line in statement.json()["items"]] == [(100_000, 100_000)]


async def test_statement_needs_a_known_purpose(client, tenant):
    _, headers = await signed_in(client, tenant)

    r = await client.get(f"{API}/me/statement", headers=headers, params={"purpose": "revenue"})

    assert r.status_code == 400


async def test_member_sees_only_own_orders(client, tenant):
    member_id, headers = await signed_in(client, tenant)
    other = (await client.post(f"{API}/members", headers=tenant.headers, json={"phone": "13900139000", "name": "别人"})).json()
    store_id = (await client.get(f"{API}/stores", headers=tenant.headers)).json()["items"][0]["id"]
    item = (await client.post(f"{API}/items", headers=tenant.headers,
                              json={"sku": "W1", "name": "矿泉水", "kind": "goods", "price_fen": 300})).json()
    made = []
    for who in (member_id, other["id"], member_id):
        r = await client.post(f"{API}/orders", headers=tenant.headers,
                              json={"store_id": store_id, "member_id": who, "lines": [{"item_id": item["id"]}]})
        assert r.status_code == 201, r.text
        made.append(r.json()["id"])

    page = (await client.get(f"{API}/me/orders", headers=headers)).json()

    assert [o["id"] for o in page["items"]] == [made[2], made[0]]


async def test_member_code_scans_to_the_member_at_the_desk(client, tenant):
    member_id, headers = await signed_in(client, tenant)

    card = await client.get(f"{API}/me/code", headers=headers)
    scanned = await client.post(f"{API}/members/resolve-code", headers=tenant.headers, json={"code": card.json()["code"]})

    assert card.status_code == 200 and card.json()["qr_svg"].startswith("<svg")
    assert scanned.json()["id"] == member_id


async def test_a_birthday_is_set_once(client, tenant):
    headers = bearer((await member_session(client, tenant))["token"])
    assert (await client.patch(f"{API}/me", headers=headers, json={"birthday": "1990-05-01"})).status_code == 200
    same = await client.patch(f"{API}/me", headers=headers, json={"birthday": "1990-05-01", "name": "王五"})
    assert same.status_code == 200 and same.json()["name"] == "王五"
    moved = await client.patch(f"{API}/me", headers=headers, json={"birthday": "1990-06-01"})
    assert moved.status_code == 409 and moved.json()["code"] == "birthday_already_set"
    assert (await client.get(f"{API}/me", headers=headers)).json()["birthday"] == "1990-05-01"

"""付款 on the member pages and over the member API: a member pays an open order of their own from
stored value, once, whatever is replayed; with too little, the page says how to pay at the counter."""

from __future__ import annotations

from checkout_helpers import key, make_item, make_member, open_order, top_up
from member_helpers import PHONE, member_headers
from test_member_pages import member_sign_in, once_of, post_form

API = "/api/v1"


async def _balance(client, tenant, member_id) -> int:
    r = await client.get(f"{API}/members/{member_id}/stored-value", headers=tenant.headers)
    assert r.status_code == 200, r.text
    return r.json()["principal_fen"] + r.json()["bonus_fen"]


async def _member_order(client, tenant, stored_fen, price_fen=3_000, phone=PHONE):
    member = await make_member(client, tenant, phone=phone)
    if stored_fen:
        await top_up(client, tenant, member["id"], stored_fen)
    item = await make_item(client, tenant, f"SKU-{phone[-4:]}", price_fen, name="蛋白棒")
    order = await open_order(client, tenant, [{"item_id": item["id"], "quantity": 1}], member_id=member["id"])
    return member, order


async def test_a_member_pays_their_open_order_from_stored_value_once(client, tenant):
    member, order = await _member_order(client, tenant, stored_fen=5_000)
    await member_sign_in(client, tenant)
    back = f"/m/{tenant.slug}/mine/orders"
    page = await client.get(f"/m/{tenant.slug}/mine/orders/{order['id']}/pay", params={"next": back})
    assert page.status_code == 200 and 'id="pay-stored-value"' in page.text and "¥30.00" in page.text
    form = {"_once": once_of(page.text), "next": back}
    r = await post_form(client, f"/m/{tenant.slug}/mine/orders/{order['id']}/pay", form)
    assert r.status_code == 303 and r.headers["location"] == back
    assert await _balance(client, tenant, member["id"]) == 2_000
    replay = await post_form(client, f"/m/{tenant.slug}/mine/orders/{order['id']}/pay", form)
    assert replay.status_code == 303 and replay.headers["location"].endswith(f"/mine/orders/{order['id']}")
    assert await _balance(client, tenant, member["id"]) == 2_000  # nothing taken twice
    receipt = await client.get(replay.headers["location"])
    assert "id=\"go-pay\"" not in receipt.text and "储值" in receipt.text


async def test_too_little_stored_value_says_how_much_is_missing_and_how_to_pay_at_the_counter(client, tenant):
    member, order = await _member_order(client, tenant, stored_fen=1_000)
    await member_sign_in(client, tenant)
    page = await client.get(f"/m/{tenant.slug}/mine/orders/{order['id']}/pay")
    assert page.status_code == 200 and 'id="pay-stored-value"' not in page.text
    assert "还差 ¥20.00" in page.text and order["number"] in page.text  # the counter finds it by its number
    r = await post_form(client, f"/m/{tenant.slug}/mine/orders/{order['id']}/pay", {"_once": "x" * 32})
    assert r.status_code == 409 and 'id="pay-error"' in r.text  # a forged form is refused, in Chinese
    assert await _balance(client, tenant, member["id"]) == 1_000


async def test_another_members_order_is_not_found(client, tenant):
    _, order = await _member_order(client, tenant, stored_fen=5_000, phone="13900139000")
    await make_member(client, tenant)
    await member_sign_in(client, tenant)
    page = await client.get(f"/m/{tenant.slug}/mine/orders/{order['id']}/pay")
    assert page.status_code == 404 and "<html" in page.text


async def test_the_member_api_pays_once_per_key_and_never_with_cash(client, tenant):
    member, order = await _member_order(client, tenant, stored_fen=5_000)
    headers = await member_headers(tenant, member["id"])
    cash = await client.post(f"{API}/me/orders/{order['id']}/payments", headers={**headers, **key()},
                             json={"tenders": [{"kind": "cash", "amount_fen": 3_000}]})
    assert cash.status_code == 422 and cash.headers["content-type"].startswith("application/problem+json")
    once = {**headers, **key()}
    first = await client.post(f"{API}/me/orders/{order['id']}/payments", headers=once)
    again = await client.post(f"{API}/me/orders/{order['id']}/payments", headers=once)
    assert first.status_code == 200 and first.json()["status"] == "paid"
    assert again.status_code == 200 and again.headers.get("Idempotent-Replayed") == "true"
    assert await _balance(client, tenant, member["id"]) == 2_000
    other_key = await client.post(f"{API}/me/orders/{order['id']}/payments", headers={**headers, **key()})
    assert other_key.status_code == 409 and other_key.json()["code"] == "order_not_payable"

"""A three-store chain (two direct stores, one franchise): staff limited to stores read and act in
their stores only, and nobody grants more than they hold (docs/permissions.md).

The permission matrix (test_permission_matrix.py) calls every operation; these walk the cases a
chain meets, with what must not have changed afterwards.
"""

from __future__ import annotations

from checkout_helpers import key, make_item, make_member, open_order, pay
from console_helpers import fresh_client, sign_in

API = "/api/v1"


async def chain(client, tenant) -> dict:
    """Stores A (the main store), B and a franchise F, with a cashier of A, a cashier of B and a
    manager of F; an order paid in A."""
    stores = {"A": (await client.get(f"{API}/stores", headers=tenant.headers)).json()["items"][0]["id"]}
    for code in ("B", "F"):
        r = await client.post(f"{API}/stores", headers=tenant.headers, json={"code": code, "name": f"{code}店"})
        stores[code] = r.json()["id"]
    staff = {
        "cashier_a": await tenant.add_staff("cashier-a", "cashier", store_ids=[stores["A"]]),
        "cashier_b": await tenant.add_staff("cashier-b", "cashier", store_ids=[stores["B"]]),
        "manager_f": await tenant.add_staff("manager-f", "manager", store_ids=[stores["F"]]),
    }
    headers = {name: {"Authorization": f"Bearer {token}"} for name, token in staff.items()}
    item = await make_item(client, tenant, "water", 300)
    order = await open_order(client, tenant, [{"item_id": item["id"]}])
    assert (await pay(client, tenant, order["id"], [{"kind": "cash", "amount_fen": 300}])).status_code == 201
    return {"stores": stores, "as": headers, "order": order, "item": item}


def refused(r, code: str = "store_out_of_scope") -> None:
    assert r.status_code == 403, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["code"] == code, r.text


async def drawer(client, tenant, store_id: int) -> int:
    """What store ``store_id``'s cash account holds (the ledger's balance, in fen)."""
    from core.ledger import accounts
    from core.ledger.service import balance

    return await balance(await tenant.ctx(), accounts.store(store_id, "cash"))


async def test_a_cashier_tops_up_only_into_their_own_stores_drawer(client, tenant):
    c = await chain(client, tenant)
    member = await make_member(client, tenant)
    before = await drawer(client, tenant, c["stores"]["B"])
    body = {"amount_fen": 10_000, "tender": "cash", "store_id": c["stores"]["B"]}
    refused(await client.post(f"{API}/members/{member['id']}/top-ups", headers={**c["as"]["cashier_a"], **key()}, json=body))
    assert await drawer(client, tenant, c["stores"]["B"]) == before
    r = await client.get(f"{API}/members/{member['id']}/stored-value", headers=tenant.headers)
    assert r.json()["principal_fen"] == 0
    # Without naming a store, the cashier's own store takes the money.
    body.pop("store_id")
    r = await client.post(f"{API}/members/{member['id']}/top-ups", headers={**c["as"]["cashier_a"], **key()}, json=body)
    assert r.status_code == 201, r.text
    assert await drawer(client, tenant, c["stores"]["A"]) == 300 + 10_000


async def test_a_cashier_registers_members_and_records_visits_in_their_own_store_only(client, tenant):
    c = await chain(client, tenant)
    other_store = {"phone": "13900000001", "name": "李四", "home_store_id": c["stores"]["B"]}
    refused(await client.post(f"{API}/members", headers=c["as"]["cashier_a"], json=other_store))
    assert (await client.get(f"{API}/members", headers=tenant.headers)).json()["items"] == []
    r = await client.post(f"{API}/members", headers=c["as"]["cashier_a"], json={"phone": "13900000001", "name": "李四"})
    assert r.status_code == 201 and r.json()["home_store_id"] == c["stores"]["A"], r.text
    member = r.json()
    refused(await client.post(f"{API}/members/{member['id']}/visits", headers=c["as"]["cashier_a"],
                              json={"store_id": c["stores"]["B"]}))
    refused(await client.patch(f"{API}/members/{member['id']}", headers=c["as"]["cashier_a"],
                               json={"home_store_id": c["stores"]["B"]}))
    r = await client.get(f"{API}/members/{member['id']}", headers=tenant.headers)
    assert r.json()["visit_count"] == 0 and r.json()["home_store_id"] == c["stores"]["A"]
    # Members are the brand's: the cashier of B finds and serves A's member.
    r = await client.post(f"{API}/members/{member['id']}/visits", headers=c["as"]["cashier_b"], json={})
    assert r.status_code == 200 and r.json()["visit_count"] == 1, r.text


async def test_a_cashier_reads_only_their_own_stores_orders(client, tenant):
    c = await chain(client, tenant)
    order_id, store_a = c["order"]["id"], c["stores"]["A"]
    refused(await client.get(f"{API}/orders/{order_id}", headers=c["as"]["cashier_b"]))
    refused(await client.get(f"{API}/orders/{order_id}/receipt", headers=c["as"]["cashier_b"]))
    refused(await client.get(f"{API}/orders", params={"store_id": store_a}, headers=c["as"]["cashier_b"]))
    refused(await client.post(f"{API}/orders/{order_id}/refunds", headers={**c["as"]["cashier_b"], **key()},
                              json={"amount_fen": 300}))
    r = await client.get(f"{API}/orders", headers=c["as"]["cashier_b"])
    assert r.status_code == 200 and r.json()["items"] == []
    r = await client.get(f"{API}/orders", headers=c["as"]["cashier_a"])
    assert [o["id"] for o in r.json()["items"]] == [order_id]
    assert (await client.get(f"{API}/orders/{order_id}", headers=tenant.headers)).json()["refunded_fen"] == 0


async def test_a_franchise_manager_reads_only_the_franchises_report_and_nothing_brand_wide(client, tenant):
    c = await chain(client, tenant)
    refused(await client.get(f"{API}/reports/daily/{c['stores']['A']}", headers=c["as"]["manager_f"]))
    r = await client.get(f"{API}/reports/daily/{c['stores']['F']}", headers=c["as"]["manager_f"])
    assert r.status_code == 200, r.text
    for method, url, body in (("post", f"{API}/plugins/coupons/enable", None),
                              ("post", f"{API}/items", {"sku": "x", "name": "x", "kind": "goods", "price_fen": 1}),
                              ("patch", f"{API}/stores/{c['stores']['F']}", {"name": "改名"}),
                              ("get", f"{API}/members/export", None)):
        refused(await client.request(method.upper(), url, headers=c["as"]["manager_f"], json=body), "forbidden")


async def test_a_franchise_manager_grants_nothing_beyond_the_franchise(client, tenant):
    c = await chain(client, tenant)
    headers, stores = c["as"]["manager_f"], c["stores"]

    def staff(username, role, store_ids):
        return {"username": username, "name": username, "role": role, "password": "password-1", "store_ids": store_ids}

    refused(await client.post(f"{API}/staff", headers=headers, json=staff("x1", "cashier", [stores["A"]])))
    refused(await client.post(f"{API}/staff", headers=headers, json=staff("x2", "manager", [])), "grant_too_wide")
    r = await client.post(f"{API}/staff", headers=headers, json=staff("x3", "owner", []))
    assert r.status_code == 422 and r.json()["field"] == "role", r.text  # only an owner adds an owner
    me = (await client.get(f"{API}/staff", headers=tenant.headers)).json()["items"]
    me = next(s for s in me if s["username"] == "manager-f")
    refused(await client.patch(f"{API}/staff/{me['id']}", headers=headers, json={"store_ids": []}), "grant_too_wide")
    refused(await client.patch(f"{API}/staff/{me['id']}", headers=headers,
                               json={"store_ids": [stores["F"], stores["A"]]}), "grant_too_wide")
    cashier_a = next(s for s in (await client.get(f"{API}/staff", headers=tenant.headers)).json()["items"]
                     if s["username"] == "cashier-a")
    refused(await client.patch(f"{API}/staff/{cashier_a['id']}", headers=headers, json={"store_ids": [stores["F"]]}))
    names = {s["username"] for s in (await client.get(f"{API}/staff", headers=tenant.headers)).json()["items"]}
    assert not names & {"x1", "x2", "x3"}
    after = {s["username"]: s for s in (await client.get(f"{API}/staff", headers=tenant.headers)).json()["items"]}
    assert after["manager-f"]["store_ids"] == [stores["F"]] and after["cashier-a"]["store_ids"] == [stores["A"]]

    # Within the franchise: a cashier for it, seen in the manager's list, which shows no one else's.
    r = await client.post(f"{API}/staff", headers=headers, json=staff("f-cashier", "cashier", [stores["F"]]))
    assert r.status_code == 201, r.text
    seen = {s["username"] for s in (await client.get(f"{API}/staff", headers=headers)).json()["items"]}
    assert seen == {"manager-f", "f-cashier"}


async def test_the_console_keeps_a_store_limited_manager_in_their_store(app, client, tenant):
    c = await chain(client, tenant)
    async with fresh_client(app) as browser:
        r = await sign_in(browser, tenant.slug, "manager-f")
        assert r.status_code in (302, 303), r.text
        r = await browser.get(f"/console/orders/{c['order']['id']}")
        assert r.status_code == 403 and "text/html" in r.headers["content-type"]
        assert (await browser.get("/console/plugins")).status_code == 403
        r = await browser.get("/console/orders")
        assert r.status_code == 200 and c["order"]["number"] not in r.text

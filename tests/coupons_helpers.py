"""REST helpers the coupons plugin's tests share: enable, make a template, issue, attach."""

from checkout_helpers import open_order

API = "/api/v1"


async def enable_coupons(client, tenant, *others):
    for name in ("coupons", *others):
        r = await client.post(f"{API}/plugins/{name}/enable", headers=tenant.headers)
        assert r.status_code == 200, r.text


async def template(client, tenant, **fields):
    body = {"name": "券", "kind": "cash", "value_fen": 1_000, "valid_days": 30, **fields}
    r = await client.post(f"{API}/coupons/templates", headers=tenant.headers, json=body)
    assert r.status_code == 201, r.text
    return r.json()


async def issue(client, tenant, tpl, member):
    r = await client.post(f"{API}/coupons/templates/{tpl['id']}/issue", headers=tenant.headers,
                          json={"member_id": member["id"]})
    assert r.status_code == 201, r.text
    return r.json()


async def attach(client, tenant, order, code, headers=None):
    return await client.post(f"{API}/orders/{order['id']}/coupons", headers=headers or tenant.headers, json={"code": code})


async def order_with(client, tenant, member, items, code):
    order = await open_order(client, tenant, [{"item_id": i["id"]} for i in items], member_id=member["id"])
    r = await attach(client, tenant, order, code)
    assert r.status_code == 201, r.text
    return r.json()


async def coupons_of(client, tenant, member, status=None):
    r = await client.get(f"{API}/members/{member['id']}/coupons", headers=tenant.headers,
                         params={"status": status} if status else None)
    assert r.status_code == 200, r.text
    return r.json()["items"]

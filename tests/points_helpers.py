"""REST helpers the points plugin's tests share: enable with settings, read points, pay, refund, adjust."""

import itertools

from checkout_helpers import key, make_item, open_order, pay

API = "/api/v1"
_skus = itertools.count(1)


async def enable_points(client, tenant, *others, **settings):
    for name in ("points", *others):
        r = await client.post(f"{API}/plugins/{name}/enable", headers=tenant.headers)
        assert r.status_code == 200, r.text
    if settings:
        r = await client.put(f"{API}/plugins/points/settings", headers=tenant.headers, json=settings)
        assert r.status_code == 200, r.text


async def points_of(client, tenant, member):
    r = await client.get(f"{API}/members/{member['id']}/points", headers=tenant.headers)
    assert r.status_code == 200, r.text
    return r.json()


async def balance_of(client, tenant, member):
    return (await points_of(client, tenant, member))["balance"]


async def statement_of(client, tenant, member, **params):
    r = await client.get(f"{API}/members/{member['id']}/points/statement", headers=tenant.headers, params=params)
    assert r.status_code == 200, r.text
    return r.json()


async def adjust(client, tenant, member, points, reason="开业赠送", headers=None):
    return await client.post(f"{API}/members/{member['id']}/points/adjustments",
                             headers={**(headers or tenant.headers), **key()}, json={"points": points, "reason": reason})


async def give(client, tenant, member, points):
    r = await adjust(client, tenant, member, points)
    assert r.status_code == 201, r.text


async def paid_order(client, tenant, member, prices, points_fen=0):
    """An order of one line per price, paid with ``points_fen`` of points and the rest in cash."""
    items = [await make_item(client, tenant, f"sku-{next(_skus)}", price) for price in prices]
    order = await open_order(client, tenant, [{"item_id": item["id"]} for item in items], member_id=member["id"])
    tenders = [{"kind": "points", "amount_fen": points_fen}] if points_fen else []
    if order["total_fen"] > points_fen:
        tenders.append({"kind": "cash", "amount_fen": order["total_fen"] - points_fen})
    r = await pay(client, tenant, order["id"], tenders)
    assert r.status_code == 201, r.text
    return r.json()


async def refund(client, tenant, order, amount_fen):
    r = await client.post(f"{API}/orders/{order['id']}/refunds", headers={**tenant.headers, **key()},
                          json={"amount_fen": amount_fen})
    assert r.status_code == 201, r.text
    return r.json()


async def ledger_balance(tenant, purpose, member_id=None):
    """A balance straight from the ledger (the tests may look; the plugin may not)."""
    from core.ledger import accounts
    from core.ledger.service import balance

    ref = accounts.tenant(purpose) if member_id is None else accounts.member(member_id, purpose)
    return await balance(await tenant.ctx(), ref)


def problem(r, status, code):
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["code"] == code, r.text

"""REST helpers the points mall's tests share: enable, a reward, a member with points, an exchange."""

import itertools

from checkout_helpers import key, main_store, make_item, make_member
from points_helpers import give

API = "/api/v1"
_skus = itertools.count(1)
_phones = itertools.count(1)


async def enable_mall(client, tenant, *others):
    for name in ("points", "points_mall", *others):
        r = await client.post(f"{API}/plugins/{name}/enable", headers=tenant.headers)
        assert r.status_code == 200, r.text


async def reward(client, tenant, price_fen=1_500, **fields):
    """A reward of a fresh catalog item at ``price_fen`` (its value in the books)."""
    item = await make_item(client, tenant, f"mall-{next(_skus)}", price_fen, kind=fields.pop("item_kind", "goods"))
    body = {"kind": "goods", "title": "蛋白棒", "title_en": "Protein bar", "sku": item["sku"], "points": 800,
            "stock": 10, "methods": ["pickup", "delivery"], **fields}
    r = await client.post(f"{API}/points-mall/rewards", headers=tenant.headers, json=body)
    assert r.status_code == 201, r.text
    return r.json()


async def member_with(client, tenant, points, phone=None):
    member = await make_member(client, tenant, phone=phone or f"1390000{next(_phones):04d}")
    if points:
        await give(client, tenant, member, points)
    return member


async def exchange(client, tenant, rwd, member, method="pickup", headers=None, **fields):
    body = {"member_id": member["id"], "method": method, **fields}
    if "store_id" not in body:
        body["store_id"] = (await main_store(client, tenant))["id"]
    return await client.post(f"{API}/points-mall/rewards/{rwd['id']}/exchange",
                             headers={**(headers or tenant.headers), **key()}, json=body)


async def exchanged(client, tenant, rwd, member, method="pickup", **fields):
    r = await exchange(client, tenant, rwd, member, method, **fields)
    assert r.status_code == 201, r.text
    return r.json()


async def reward_now(client, tenant, rwd):
    r = await client.get(f"{API}/points-mall/rewards/{rwd['id']}", headers=tenant.headers)
    assert r.status_code == 200, r.text
    return r.json()


async def order_of(client, tenant, exch):
    r = await client.get(f"{API}/orders/{exch['order_id']}", headers=tenant.headers)
    assert r.status_code == 200, r.text
    return r.json()


ADDRESS = {"recipient": "张三", "phone": "13800138000", "address": "上海市徐汇区漕溪北路 1 号"}

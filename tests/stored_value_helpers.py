"""REST helpers the stored_value plugin's tests share: enable it, add tiers, top up, read the grants."""

from checkout_helpers import key, main_store

API = "/api/v1"


async def enable_bonuses(client, tenant, *others):
    for name in ("stored_value", *others):
        r = await client.post(f"{API}/plugins/{name}/enable", headers=tenant.headers)
        assert r.status_code == 200, r.text


async def add_rule(client, tenant, **rule):
    return await client.post(f"{API}/stored-value/bonus-rules", headers=tenant.headers, json={"name": "活动", **rule})


async def rule(client, tenant, **fields):
    r = await add_rule(client, tenant, **fields)
    assert r.status_code == 201, r.text
    return r.json()


async def rules_of(client, tenant):
    r = await client.get(f"{API}/stored-value/bonus-rules", headers=tenant.headers)
    assert r.status_code == 200, r.text
    return r.json()["items"]


async def top_up_answer(client, tenant, member, amount_fen):
    store = await main_store(client, tenant)
    return await client.post(f"{API}/members/{member['id']}/top-ups", headers={**tenant.headers, **key()},
                             json={"amount_fen": amount_fen, "tender": "cash", "store_id": store["id"]})


async def top_up(client, tenant, member, amount_fen):
    """Top up in cash: the entry and the stored value after it."""
    r = await top_up_answer(client, tenant, member, amount_fen)
    assert r.status_code == 201, r.text
    return r.json()


async def stored_value(client, tenant, member):
    r = await client.get(f"{API}/members/{member['id']}/stored-value", headers=tenant.headers)
    assert r.status_code == 200, r.text
    return r.json()


async def preview(client, tenant, member, amount_fen):
    r = await client.get(f"{API}/stored-value/bonus-preview", headers=tenant.headers,
                         params={"member_id": member["id"], "amount_fen": amount_fen})
    assert r.status_code == 200, r.text
    return r.json()


async def grants_of(client, tenant, member):
    r = await client.get(f"{API}/members/{member['id']}/bonus-grants", headers=tenant.headers)
    assert r.status_code == 200, r.text
    return r.json()["items"]

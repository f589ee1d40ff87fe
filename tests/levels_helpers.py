"""REST helpers the levels plugin's tests share: enable with settings, read a level, save a ladder."""

API = "/api/v1"


async def enable_levels(client, tenant, *others, **settings):
    for name in ("levels", *others):
        r = await client.post(f"{API}/plugins/{name}/enable", headers=tenant.headers)
        assert r.status_code == 200, r.text
    if settings:
        r = await client.put(f"{API}/plugins/levels/settings", headers=tenant.headers, json=settings)
        assert r.status_code == 200, r.text


async def level_of(client, tenant, member):
    r = await client.get(f"{API}/members/{member['id']}/level", headers=tenant.headers)
    assert r.status_code == 200, r.text
    return r.json()


async def history_of(client, tenant, member):
    r = await client.get(f"{API}/members/{member['id']}/level/history", headers=tenant.headers)
    assert r.status_code == 200, r.text
    return r.json()["items"]


async def tiers_of(client, tenant):
    r = await client.get(f"{API}/levels/tiers", headers=tenant.headers)
    assert r.status_code == 200, r.text
    return r.json()["items"]


async def save_tiers(client, tenant, tiers):
    return await client.put(f"{API}/levels/tiers", headers=tenant.headers, json={"tiers": tiers})


def tier(code, name, threshold, **benefits):
    return {"code": code, "name": name, "threshold": threshold, **benefits}

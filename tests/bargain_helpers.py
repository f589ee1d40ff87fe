"""Helpers the bargain tests share: a campaign, starting a bargain, cutting, buying, the sweep."""

import datetime as dt
from itertools import count

API = "/api/v1"
_keys = count(1)


async def enable_bargain(client, tenant, **settings):
    r = await client.post(f"{API}/plugins/bargain/enable", headers=tenant.headers)
    assert r.status_code == 200, r.text
    if settings:
        r = await client.put(f"{API}/plugins/bargain/settings", headers=tenant.headers, json=settings)
        assert r.status_code == 200, r.text


async def make_campaign(client, tenant, clock, item_id, **fields):
    start = clock.now() + dt.timedelta(minutes=fields.pop("starts_in_minutes", 0))
    body = {"name": "砍价免费拿", "item_id": item_id, "floor_fen": 1_000, "helpers_needed": 5, "stock": 10,
            "starts_at": start.isoformat(), "ends_at": (start + dt.timedelta(days=7)).isoformat(), **fields}
    r = await client.post(f"{API}/bargain/campaigns", headers=tenant.headers, json=body)
    assert r.status_code == 201, r.text
    return r.json()


async def start(client, headers, campaign_id):
    return await client.post(f"{API}/me/bargains/campaigns/{campaign_id}/start", headers=headers)


async def cut(client, headers, code):
    return await client.post(f"{API}/me/bargains/shared/{code}/cut", headers=headers)


async def buy(client, headers, bargain_id, key=None, **body):
    return await client.post(f"{API}/me/bargains/{bargain_id}/buy", json=body,
                             headers={**headers, "Idempotency-Key": key or f"buy-{next(_keys)}"})


async def mine(client, headers, bargain_id):
    r = await client.get(f"{API}/me/bargains/{bargain_id}", headers=headers)
    assert r.status_code == 200, r.text
    return r.json()


async def campaign_of(client, tenant, campaign_id):
    r = await client.get(f"{API}/bargain/campaigns/{campaign_id}", headers=tenant.headers)
    assert r.status_code == 200, r.text
    return r.json()


async def run_sweep(tenant):
    from core.scheduler.service import run_for_tenants
    from plugins.bargain.jobs import JOBS

    [job] = JOBS
    await run_for_tenants(job, tenant.manager, tenant.clock)

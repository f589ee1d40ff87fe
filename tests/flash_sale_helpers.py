"""Helpers the flash-sale tests share: a session, members with app sessions made directly (a crowd
of 100 would otherwise wait on SMS limits), taking units, the release job."""

import datetime as dt

from member_helpers import member_headers  # noqa: F401  the flash-sale, group-buy and bargain tests import it here

API = "/api/v1"


async def enable_flash_sale(client, tenant, **settings):
    r = await client.post(f"{API}/plugins/flash_sale/enable", headers=tenant.headers)
    assert r.status_code == 200, r.text
    if settings:
        r = await client.put(f"{API}/plugins/flash_sale/settings", headers=tenant.headers, json=settings)
        assert r.status_code == 200, r.text


def window(clock, starts_in_minutes=0, minutes=60):
    start = clock.now() + dt.timedelta(minutes=starts_in_minutes)
    return {"starts_at": start.isoformat(), "ends_at": (start + dt.timedelta(minutes=minutes)).isoformat()}


async def make_session(client, tenant, clock, items, name="午间秒杀", starts_in_minutes=0, minutes=60):
    r = await client.post(f"{API}/flash-sale/sessions", headers=tenant.headers,
                          json={"name": name, **window(clock, starts_in_minutes, minutes), "items": items})
    assert r.status_code == 201, r.text
    return r.json()


async def take(client, headers, flash_item_id, quantity=1):
    return await client.post(f"{API}/me/flash-sale/items/{flash_item_id}/take", headers=headers,
                             json={"quantity": quantity})


async def run_release(tenant):
    from core.scheduler.service import run_for_tenants
    from plugins.flash_sale.jobs import JOBS

    [job] = JOBS
    await run_for_tenants(job, tenant.manager, tenant.clock)

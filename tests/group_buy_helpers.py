"""Helpers the group-buy tests share: a deal, opening and joining groups as members, paying, the deadline job."""

import datetime as dt

from checkout_helpers import pay

API = "/api/v1"


async def enable_group_buy(client, tenant, **settings):
    r = await client.post(f"{API}/plugins/group_buy/enable", headers=tenant.headers)
    assert r.status_code == 200, r.text
    if settings:
        r = await client.put(f"{API}/plugins/group_buy/settings", headers=tenant.headers, json=settings)
        assert r.status_code == 200, r.text


def deal_form(**fields):
    """The console's new-deal form as a manager types it, with ``fields`` changed."""
    form = {"name": "三人团", "sku": "group-milk", "kind": "multi", "group_size": "3", "price": "12.90",
            "starts_at": "2026-01-15T12:00", "ends_at": "2026-01-18T12:00", "deadline_hours": "24", "stock": "50",
            "limit": "2"}
    return {**form, **fields}


def deal_body(clock, item_id, kind="multi", size=3, price_fen=990, **extra):
    start = clock.now()
    body = {"name": extra.pop("name", "周末拼团"), "item_id": item_id, "kind": kind, "group_price_fen": price_fen,
            "starts_at": start.isoformat(), "ends_at": (start + dt.timedelta(days=3)).isoformat(),
            "stock": extra.pop("stock", 100), **extra}
    if kind != "regular":
        body["group_size"] = size
    return body


async def make_deal(client, tenant, clock, item_id, **kw):
    r = await client.post(f"{API}/group-buy/deals", headers=tenant.headers, json=deal_body(clock, item_id, **kw))
    assert r.status_code == 201, r.text
    return r.json()


async def open_group(client, headers, deal_id):
    r = await client.post(f"{API}/me/group-buy/deals/{deal_id}/groups", headers=headers)
    assert r.status_code == 201, r.text
    return r.json()


async def join(client, headers, code):
    return await client.post(f"{API}/me/group-buy/groups/{code}/join", headers=headers)


async def pay_cash(client, tenant, order_id, amount_fen):
    return await pay(client, tenant, order_id, [{"kind": "cash", "amount_fen": amount_fen}])


async def group_of(client, tenant, group_id):
    r = await client.get(f"{API}/group-buy/groups/{group_id}", headers=tenant.headers)
    assert r.status_code == 200, r.text
    return r.json()


async def run_deadline(tenant):
    from core.scheduler.service import run_for_tenants
    from plugins.group_buy.jobs import JOBS

    [job] = JOBS
    await run_for_tenants(job, tenant.manager, tenant.clock)

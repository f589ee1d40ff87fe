"""REST helpers the referral plugin's tests share: enable with settings, promoters, bindings, balances."""

import datetime as dt

from checkout_helpers import key, move_to
from member_helpers import bearer, member_session

API = "/api/v1"


async def enable_referral(client, tenant, **settings):
    r = await client.post(f"{API}/plugins/referral/enable", headers=tenant.headers)
    assert r.status_code == 200, r.text
    if settings:
        r = await client.put(f"{API}/plugins/referral/settings", headers=tenant.headers, json=settings)
        assert r.status_code == 200, r.text


async def member_promoter(client, tenant, phone, **extra):
    """A member signed in on the H5 page who applied to promote: (session, promoter)."""
    session = await member_session(client, tenant, phone, **extra)
    r = await client.post(f"{API}/me/referral/apply", headers=bearer(session["token"]))
    assert r.status_code == 201, r.text
    return session, r.json()


async def partner(client, tenant, name="隔壁健身房"):
    r = await client.post(f"{API}/referral/promoters", headers=tenant.headers, json={"kind": "partner", "name": name})
    assert r.status_code == 201, r.text
    return r.json()


async def bind(client, tenant, member_id, headers=None, **target):
    return await client.post(f"{API}/referral/bindings", headers=headers or tenant.headers,
                             json={"member_id": member_id, **target})


async def promoter(client, tenant, promoter_id):
    r = await client.get(f"{API}/referral/promoters/{promoter_id}", headers=tenant.headers)
    assert r.status_code == 200, r.text
    return r.json()


async def balances(client, tenant, promoter_id):
    p = await promoter(client, tenant, promoter_id)
    return p["pending_fen"], p["available_fen"], p["paid_fen"], p["owed_fen"]


async def pay_out(client, tenant, promoter_id, amount_fen, method="cash", **extra):
    body = {"amount_fen": amount_fen, "method": method, **extra}
    return await client.post(f"{API}/referral/promoters/{promoter_id}/payouts", headers={**tenant.headers, **key()},
                             json=body)


async def refund_lines(client, tenant, order, picks):
    r = await client.post(f"{API}/orders/{order['id']}/refunds", headers={**tenant.headers, **key()},
                          json={"lines": [{"line_id": line_id, "quantity": q} for line_id, q in picks]})
    assert r.status_code == 201, r.text
    return r.json()


async def days_later(tenant, clock, plugin_manager, days):
    """Move the clock ``days`` on and run the daily job, as the scheduler would."""
    from core.scheduler.service import run_daily

    await move_to(tenant, clock, clock.now() + dt.timedelta(days=days))
    await run_daily(plugin_manager, clock)


async def ledger_promoter(tenant, promoter_id, purpose):
    """A promoter's balance straight from the ledger (the tests may look; the plugin reads its cache)."""
    from sdk import AccountRef, balance

    return await balance(await tenant.ctx(), AccountRef("promoter", promoter_id, purpose))

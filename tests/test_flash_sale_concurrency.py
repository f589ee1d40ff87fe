"""秒杀 under a crowd: 2,000 simultaneous takes of 100 units by 100 members (limit 2 each) sell
exactly 100, with no member above the limit — on the database path and on the Redis path — and a
payment racing the release job pays once or not at all."""

import asyncio
import datetime as dt

import pytest
from checkout_helpers import make_item, move_to, pay
from flash_sale_helpers import enable_flash_sale, make_session, member_headers, run_release, take
from redis_helpers import REDIS_URL, redis_or_skip

API = "/api/v1"
MEMBERS, TAKES, STOCK, LIMIT = 100, 2_000, 100, 2


@pytest.fixture
def with_redis(monkeypatch):
    """The Redis stock path (MENDIAN_REDIS_URL), skipped when no Redis answers here."""
    redis_or_skip()
    monkeypatch.setenv("MENDIAN_REDIS_URL", REDIS_URL)


async def crowd(client, tenant, clock):
    """A session of 100 units, 100 members, and their 2,000 takes fired at once."""
    from sdk.testing import make_member

    await enable_flash_sale(client, tenant)
    item = await make_item(client, tenant, "eggs", 1_590, name="鸡蛋 30 枚")
    session = await make_session(client, tenant, clock, [
        {"item_id": item["id"], "flash_price_fen": 100, "stock": STOCK, "per_member_limit": LIMIT}])
    flash_id = session["items"][0]["id"]
    members = [await make_member(tenant, phone=f"1370000{n:04d}") for n in range(MEMBERS)]
    headers = [await member_headers(tenant, m.id) for m in members]
    answers = await asyncio.gather(*(take(client, headers[n % MEMBERS], flash_id) for n in range(TAKES)))
    return session, answers


async def check_exact(client, tenant, session, answers):
    won = [r.json() for r in answers if r.status_code == 201]
    refused = {r.json()["code"] for r in answers if r.status_code != 201}
    assert len(won) == STOCK, {r.status_code for r in answers}
    assert refused <= {"flash_sold_out", "flash_limit_reached"}, refused
    per_member: dict[int, int] = {}
    for w in won:
        per_member[w["member_id"]] = per_member.get(w["member_id"], 0) + w["quantity"]
    assert max(per_member.values()) <= LIMIT
    item = (await client.get(f"{API}/flash-sale/sessions/{session['id']}", headers=tenant.headers)).json()["items"][0]
    assert (item["taken"], item["left"]) == (STOCK, 0)
    reservations = (await client.get(f"{API}/flash-sale/sessions/{session['id']}/reservations",
                                     headers=tenant.headers, params={"limit": 200})).json()["items"]
    assert len(reservations) == STOCK and len({r["order_id"] for r in reservations}) == STOCK


async def test_two_thousand_takes_of_a_hundred_units_sell_a_hundred_on_the_database(client, tenant, clock):
    session, answers = await crowd(client, tenant, clock)
    await check_exact(client, tenant, session, answers)


async def test_two_thousand_takes_of_a_hundred_units_sell_a_hundred_through_redis(client, tenant, clock, with_redis):
    from core.redis import redis_client

    session, answers = await crowd(client, tenant, clock)
    await check_exact(client, tenant, session, answers)
    from plugins.flash_sale.tables import FlashItem

    key = (await FlashItem.select(FlashItem.stock_key).first())["stock_key"]
    assert await redis_client().get(f"mendian:fs:{key}:left") == "0"


async def test_a_payment_racing_the_release_of_its_lapsed_hold_pays_once_or_not_at_all(client, tenant, clock):
    from sdk.testing import make_member

    await enable_flash_sale(client, tenant, hold_minutes=1)
    item = await make_item(client, tenant, "milk", 990)
    session = await make_session(client, tenant, clock, [{"item_id": item["id"], "flash_price_fen": 100, "stock": 1}])
    member = await make_member(tenant)
    held = (await take(client, await member_headers(tenant, member.id), session["items"][0]["id"])).json()
    await move_to(tenant, clock, clock.now() + dt.timedelta(seconds=59))
    payment, _ = await asyncio.gather(pay(client, tenant, held["order_id"], [{"kind": "cash", "amount_fen": 100}]),
                                      run_release(tenant))
    assert payment.status_code == 201, payment.text  # still within its minute: the release finds nothing due
    await move_to(tenant, clock, clock.now() + dt.timedelta(minutes=5))
    await run_release(tenant)
    [reservation] = (await client.get(f"{API}/flash-sale/sessions/{session['id']}/reservations",
                                      headers=tenant.headers)).json()["items"]
    assert reservation["status"] == "paid"
    stock = (await client.get(f"{API}/flash-sale/sessions/{session['id']}", headers=tenant.headers)).json()["items"][0]
    assert (stock["taken"], stock["sold"]) == (1, 1)

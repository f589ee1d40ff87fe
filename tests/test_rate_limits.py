"""Throttles where guessing is possible: staff sign-in (API and console share one count), scanned
member codes and coupon codes; 429 problem+json with ``Retry-After``; with Redis, every app
instance shares the counts."""

from __future__ import annotations

import asyncio
import uuid

import httpx
import pytest
from checkout_helpers import make_item, make_member, open_order
from console_helpers import sign_in as console_sign_in
from coupons_helpers import attach, enable_coupons, issue, template
from redis_helpers import REDIS_URL, redis_or_skip

from core import db
from core.app import create_app
from core.ratelimit import SIGN_IN_FAILURES_PER_ACCOUNT, SIGN_IN_FAILURES_PER_ADDRESS, WRONG_CODES_PER_ACTOR
from sdk.testing import PASSWORD

SESSIONS = "/api/v1/auth/sessions"
FAILURES = SIGN_IN_FAILURES_PER_ACCOUNT.limit.amount
WRONG_CODES = WRONG_CODES_PER_ACTOR.limit.amount


async def api_sign_in(client, tenant, username="owner", password=PASSWORD):
    return await client.post(SESSIONS, json={"tenant": tenant.slug, "username": username, "password": password})


def assert_throttled(r, code):
    assert r.status_code == 429, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["code"] == code and body["detail"] and body["detail_en"]
    assert 0 < int(r.headers["retry-after"]) <= 15 * 60
    return body


# --- staff sign-in -----------------------------------------------------------------------------


async def test_api_sign_in_locks_after_five_wrong_passwords_even_for_the_right_one(client, tenant):
    for _ in range(FAILURES):
        assert (await api_sign_in(client, tenant, password="wrong-password")).status_code == 401

    body = assert_throttled(await api_sign_in(client, tenant), "too_many_sign_in_attempts")

    assert "登录失败次数过多" in body["detail"] and "Too many failed sign-ins" in body["detail_en"]
    assert (await api_sign_in(client, tenant, "someone-else", "wrong-password")).status_code == 401


async def test_a_burst_of_guesses_at_once_gets_no_more_than_the_limit_through(client, tenant):
    answers = await asyncio.gather(*(api_sign_in(client, tenant, password=f"guess-{i}") for i in range(4 * FAILURES)))

    assert sorted(r.status_code for r in answers) == [401] * FAILURES + [429] * (3 * FAILURES)


async def test_console_and_api_sign_in_share_one_count(client, tenant):
    for _ in range(FAILURES - 2):
        assert (await console_sign_in(client, tenant.slug, "owner", "wrong-password")).status_code == 401
    for _ in range(2):
        assert (await api_sign_in(client, tenant, password="wrong-password")).status_code == 401

    assert_throttled(await api_sign_in(client, tenant), "too_many_sign_in_attempts")
    page = await console_sign_in(client, tenant.slug, "owner")
    assert page.status_code == 429 and "登录失败次数过多" in page.text and int(page.headers["retry-after"]) > 0


async def test_a_good_sign_in_does_not_reset_the_address_count_over_all_accounts(client, tenant):
    cap = SIGN_IN_FAILURES_PER_ADDRESS.limit.amount
    for i in range(cap - 1):  # one failure each for many accounts: none is locked by itself
        assert (await api_sign_in(client, tenant, f"guess-{i}", "wrong-password")).status_code == 401
    assert (await api_sign_in(client, tenant)).status_code == 201
    assert (await api_sign_in(client, tenant, "guess-last", "wrong-password")).status_code == 401

    assert_throttled(await api_sign_in(client, tenant), "too_many_sign_in_attempts")


# --- codes someone could guess -----------------------------------------------------------------


async def test_guessing_member_codes_meets_429_and_other_callers_still_scan(client, tenant):
    member = await make_member(client, tenant)
    card = (await client.post(f"/api/v1/members/{member['id']}/code", headers=tenant.headers)).json()
    forged = card["code"][:-4] + ("AAAA" if not card["code"].endswith("AAAA") else "BBBB")
    scan = "/api/v1/members/resolve-code"
    for _ in range(WRONG_CODES):
        r = await client.post(scan, headers=tenant.headers, json={"code": forged})
        assert r.status_code == 422 and r.json()["code"] == "invalid_member_code"

    assert_throttled(await client.post(scan, headers=tenant.headers, json={"code": card["code"]}),
                     "too_many_wrong_codes")
    cashier = {"Authorization": f"Bearer {await tenant.add_staff('c1', 'cashier')}"}
    assert (await client.post(scan, headers=cashier, json={"code": card["code"]})).status_code == 200


async def test_guessing_coupon_codes_on_an_order_meets_429(client, tenant):
    await enable_coupons(client, tenant)
    member = await make_member(client, tenant)
    coupon = await issue(client, tenant, await template(client, tenant), member)
    order = await open_order(client, tenant, [{"item_id": (await make_item(client, tenant, "tea", 1_000))["id"]}],
                             member_id=member["id"])
    for i in range(WRONG_CODES):
        r = await attach(client, tenant, order, f"GUESS{i:04d}")
        assert r.status_code == 404, r.text

    assert_throttled(await attach(client, tenant, order, coupon["code"]), "too_many_wrong_codes")


# --- several app instances share the counts through Redis ----------------------------------------


@pytest.fixture
def with_redis(monkeypatch):
    """``MENDIAN_REDIS_URL`` set, and keys of this test's own (parallel tests and workers share the Redis)."""
    keys = redis_or_skip()
    prefix = f"mendian-test:{uuid.uuid4().hex}"
    monkeypatch.setenv("MENDIAN_REDIS_URL", REDIS_URL)
    monkeypatch.setenv("MENDIAN_REDIS_PREFIX", prefix)
    yield prefix
    for key in keys.scan_iter(f"{prefix}*"):
        keys.delete(key)


async def test_two_app_instances_share_the_sign_in_count_through_redis(database_url, plugin_manager, clock, tenant,
                                                                     with_redis):
    apps = [create_app(manager=plugin_manager, clock=clock, engine=db.engine()) for _ in range(2)]
    clients = [httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver.local")
               for app in apps]
    async with clients[0] as first, clients[1] as second:
        for i in range(FAILURES):
            r = await api_sign_in((first, second)[i % 2], tenant, password="wrong-password")
            assert r.status_code == 401

        assert_throttled(await api_sign_in(first, tenant), "too_many_sign_in_attempts")
        assert_throttled(await api_sign_in(second, tenant), "too_many_sign_in_attempts")
    import redis

    assert list(redis.Redis.from_url(REDIS_URL).scan_iter(f"{with_redis}*"))  # the counts were in Redis

"""Two ``mendian serve`` processes on two ports, one PostgreSQL database and one Redis, as two hosts
behind a load balancer: a plugin disabled through one is refused by the other at once, and so is
a member signed out; staff sign-in failures split between them are counted together; a day's jobs
replayed from two hosts at the same moment (``mendian jobs run``, beside the two servers' own
schedulers) run once; ``/ready`` turns unready on both when their database stops.

The servers get a database of their own (this test's, cloned from the template) and a Redis
prefix of their own, so parallel tests and other installations on the same Redis do not meet
theirs. "At once": Redis hands a change to the other process in milliseconds; after the change's
response, the other server is asked again in a loop until it refuses, with a deadline well under
the 5 s the caches would otherwise keep an entry (core/cache.py).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import sys
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from urllib.parse import urlparse

import httpx
import pytest

from core.member_auth.service import open_session
from core.scheduler.tables import DailyRun, JobRun
from sdk.testing import PASSWORD, PG_URL_VAR, make_member
from tests.redis_helpers import REDIS_URL, redis_or_skip
from tests.test_serve_url import CONSOLE, Running, environment

pytestmark = pytest.mark.skipif(not os.environ.get(PG_URL_VAR),
                                reason=f"two servers share one database: PostgreSQL only ({PG_URL_VAR} unset)")

AT_ONCE_S = 2.0  # well under the caches' 5 s: only the message can make the other server refuse in time
START_S = 60  # two servers importing the kernel side by side on a busy CI machine
REPLAYED = "2026-11-30"


@pytest.fixture
def server_settings(database_url, tmp_path) -> Iterator[dict[str, str]]:
    keys = redis_or_skip()
    prefix = f"mendian-test:{uuid.uuid4().hex}"
    yield {"MENDIAN_DATABASE_URL": database_url, "MENDIAN_REDIS_URL": REDIS_URL, "MENDIAN_REDIS_PREFIX": prefix,
           "MENDIAN_SECRET_KEY": os.environ["MENDIAN_SECRET_KEY"], "MENDIAN_DB_POOL_SIZE": "4"}
    for key in keys.scan_iter(f"{prefix}*"):
        keys.delete(key)


@pytest.fixture
def two_servers(server_settings, tmp_path) -> Iterator[tuple[str, str]]:
    """Both started together (their schedulers race from the first tick), each at its own port."""
    servers = [Running(tmp_path, "serve", "--port", "0", "--graceful-timeout", "1", "--log-level", "warning",
                       settings=server_settings) for _ in range(2)]
    try:
        sites = [server.line_matching(CONSOLE).group(1) for server in servers]
        for site in sites:
            wait_for(lambda site=site: httpx.get(f"{site}/ready", timeout=5).status_code == 200, START_S,
                     f"{site} ready")
        yield sites[0], sites[1]
    finally:
        for server in servers:
            server.stop()


def wait_for(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            if condition():
                return
        except httpx.TransportError:
            pass  # not listening yet
        assert time.monotonic() < deadline, f"not within {seconds} s: {what}"
        time.sleep(0.05)


async def until(check: Callable[[], Awaitable[bool]], what: str) -> None:
    """Ask again until ``check`` holds, at most ``AT_ONCE_S``."""
    deadline = time.monotonic() + AT_ONCE_S
    while not await check():
        assert time.monotonic() < deadline, f"not within {AT_ONCE_S} s: {what}"
        await asyncio.sleep(0.02)


async def as_admin(*statements: str) -> None:
    """On the tests' own database of the same PostgreSQL server, which stays up for the other tests."""
    import asyncpg

    conn = await asyncpg.connect(os.environ[PG_URL_VAR])
    try:
        for statement in statements:
            await conn.execute(statement)
    finally:
        await conn.close()


async def mendian(settings: dict[str, str], home, *args: str) -> str:
    process = await asyncio.create_subprocess_exec(sys.executable, "-m", "cli.main", *args, cwd=home,
                                                   env=environment(home, settings),
                                                   stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(process.communicate(), START_S)
    assert process.returncode == 0, err.decode()
    return out.decode()


def sign_in_body(tenant, username: str, password: str = PASSWORD) -> dict[str, str]:
    return {"tenant": tenant.slug, "username": username, "password": password}


async def test_two_servers_share_one_database_and_redis(tenant, server_settings, two_servers, tmp_path):
    a, b = two_servers
    await tenant.enable("points", "coupons")
    await tenant.add_staff("cashier", "cashier")
    member = await make_member(tenant, birthday=f"1990-{REPLAYED[5:]}")
    member_token, _ = await open_session(tenant.id, member.id, dt.datetime.now(dt.UTC))  # the servers' clock is the wall's
    as_member = {"Authorization": f"Bearer {member_token}"}
    async with httpx.AsyncClient(timeout=30) as http:
        r = await http.post(f"{a}/api/v1/auth/sessions", json=sign_in_body(tenant, "owner"))
        assert r.status_code == 201, r.text
        as_owner = {"Authorization": f"Bearer {r.json()['token']}"}

        await sign_in_failures_split_between_the_two_are_counted_together(http, a, b, tenant)
        await a_day_replayed_from_two_hosts_at_once_runs_once(http, a, b, tenant, member, as_owner, server_settings,
                                                          tmp_path)
        await a_plugin_disabled_through_one_is_refused_by_the_other_at_once(http, a, b, as_owner, as_member)
        await a_member_signed_out_through_one_is_refused_by_the_other_at_once(http, a, b, as_member)
        await both_turn_unready_when_their_database_stops(http, a, b, server_settings["MENDIAN_DATABASE_URL"])


async def sign_in_failures_split_between_the_two_are_counted_together(http, a, b, tenant) -> None:
    for i in range(5):  # the account's limit: five wrong passwords from one address
        r = await http.post(f"{(a, b)[i % 2]}/api/v1/auth/sessions", json=sign_in_body(tenant, "cashier", "wrong"))
        assert r.status_code == 401, r.text
    for site in (a, b):  # now refused on both, even with the right password
        r = await http.post(f"{site}/api/v1/auth/sessions", json=sign_in_body(tenant, "cashier"))
        assert r.status_code == 429 and r.json()["code"] == "too_many_sign_in_attempts", r.text


async def a_day_replayed_from_two_hosts_at_once_runs_once(http, a, b, tenant, member, as_owner, settings, home) -> None:
    r = await http.post(f"{b}/api/v1/coupons/templates", headers=as_owner,
                        json={"name": "生日券", "kind": "cash", "value_fen": 1_000, "valid_days": 30, "birthday": True})
    assert r.status_code == 201, r.text
    # Replaying a day, as an operator would after downtime, from two hosts at the same moment.
    outputs = await asyncio.gather(
        *(mendian(settings, home, "jobs", "run", "daily", "--tenant", tenant.slug, "--date", REPLAYED)
          for _ in range(2)),
        *(mendian(settings, home, "jobs", "run", "messages.deliver", "--date", REPLAYED) for _ in range(2)))

    daily, deliver = outputs[:2], outputs[2:]
    for pair in (daily, deliver):
        assert sorted(out.startswith("已运行过，未重复 / already ran") for out in pair) == [False, True], pair
        assert any(out.startswith("已运行 / ran") for out in pair), pair
    assert await DailyRun.count().where((DailyRun.tenant_id == tenant.id) & (DailyRun.day == dt.date.fromisoformat(REPLAYED))) == 1
    [run] = await JobRun.select().where((JobRun.job == "messages.deliver") & (JobRun.slot == f"manual:{REPLAYED}"))
    assert run["status"] == "ok"
    r = await http.get(f"{a}/api/v1/members/{member.id}/coupons", headers=as_owner)
    assert r.status_code == 200, r.text
    assert [c["name"] for c in r.json()["items"]] == ["生日券"]  # the day's birthday gift, given once


async def a_plugin_disabled_through_one_is_refused_by_the_other_at_once(http, a, b, as_owner, as_member) -> None:
    r = await http.get(f"{b}/api/v1/me/points", headers=as_member)
    assert r.status_code == 200, r.text  # b now keeps the tenant's plugins a few seconds

    r = await http.post(f"{a}/api/v1/plugins/points/disable", headers=as_owner)
    assert r.status_code == 200, r.text

    async def refused() -> bool:
        return (await http.get(f"{b}/api/v1/me/points", headers=as_member)).status_code == 404

    await until(refused, "the points plugin refused by the other server")


async def a_member_signed_out_through_one_is_refused_by_the_other_at_once(http, a, b, as_member) -> None:
    r = await http.get(f"{b}/api/v1/me", headers=as_member)
    assert r.status_code == 200, r.text  # b now keeps the session a few seconds

    r = await http.delete(f"{a}/api/v1/member-auth/session", headers=as_member)
    assert r.status_code == 204, r.text

    async def refused() -> bool:
        return (await http.get(f"{b}/api/v1/me", headers=as_member)).status_code == 401

    await until(refused, "the signed-out session refused by the other server")


async def both_turn_unready_when_their_database_stops(http, a, b, database_url: str) -> None:
    for site in (a, b):
        assert (await http.get(f"{site}/ready")).status_code == 200
    name = urlparse(database_url).path[1:]
    # This database stops taking connections and loses the ones it has: to the servers it is gone.
    await as_admin(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false',
                    f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'")
    try:
        for site in (a, b):
            async def unready(site: str = site) -> bool:
                r = await http.get(f"{site}/ready")
                return r.status_code == 503 and r.json()["checks"]["database"].startswith("failed")

            await until(unready, f"{site} unready")
            assert (await http.get(f"{site}/health")).status_code == 200  # alive: nothing to restart
    finally:
        await as_admin(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')

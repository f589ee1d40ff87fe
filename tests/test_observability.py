"""What an operator watches: /ready says whether the server may take traffic, /metrics gives
Prometheus its figures (to its token or this host only), and every request carries an id from
its response header into every log line it causes."""

from __future__ import annotations

import dataclasses
import json
import logging
import re
import warnings

import httpx
import pytest
from checkout_helpers import make_item, open_order, pay
from piccolo.apps.migrations.tables import Migration
from prometheus_client.parser import text_string_to_metric_families

from core import db, metrics
from core.app import create_app
from core.logs import JsonFormatter
from core.messages import service as messages
from core.messages.delivery import deliver
from core.messages.providers import OutgoingSms, SendResult
from core.settings import get_settings
from sdk.testing import make_paid_order

API = "/api/v1"
STRANGER = ("203.0.113.9", 40000)  # a documentation address: not this host
TOKEN = "scrape-me-0123456789"


def client_of(app, client=("127.0.0.1", 50000), **kwargs) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=client),
                             base_url="http://testserver.local", **kwargs)


def app_with_token(plugin_manager, clock):
    settings = dataclasses.replace(get_settings(), metrics_token=TOKEN)
    return create_app(settings=settings, manager=plugin_manager, clock=clock, engine=db.engine())


def sample(text: str, name: str, **labels: str) -> float:
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            if s.name == name and all(s.labels.get(k) == v for k, v in labels.items()):
                return s.value
    return 0.0


async def test_ready_names_each_check_when_all_pass(client):
    r = await client.get("/ready")

    assert r.status_code == 200
    assert r.json() == {"status": "ready", "checks": {"database": "ok", "migrations": "ok"}}


@pytest.fixture
def unreachable():
    """An engine for a PostgreSQL where nothing listens (port 1): each query is refused at once.
    Made outside the test's event loop, where piccolo's version check (refused too) runs and ends."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # piccolo's "Unable to connect to database"
        return db.create_engine("postgresql://mendian@127.0.0.1:1/mendian")


async def test_ready_is_503_naming_the_database_when_it_cannot_be_reached(plugin_manager, clock, unreachable):
    app = create_app(manager=plugin_manager, clock=clock, engine=unreachable)
    async with client_of(app) as c:
        r = await c.get("/ready")
        health = await c.get("/health")

    assert r.status_code == 503 and r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["code"] == "not_ready" and body["checks"]["database"].startswith("failed")
    assert body["detail"].startswith("服务未就绪") and "数据库" in body["detail"] and "database" in body["detail_en"]
    assert health.status_code == 200  # alive all the same: restarting it would not bring the database back


async def test_ready_is_503_while_a_migration_is_pending(client):
    last = await Migration.select(Migration.id, Migration.name).order_by(Migration.id, ascending=False).first()
    await Migration.delete().where(Migration.id == last["id"])

    r = await client.get("/ready")

    assert r.status_code == 503 and r.json()["checks"] == {"database": "ok", "migrations": "pending: 1"}
    assert "mendian db migrate" in r.json()["detail"]


async def test_ready_checks_redis_when_it_is_configured(client, monkeypatch):
    from redis_helpers import REDIS_URL, redis_or_skip

    redis_or_skip()
    monkeypatch.setenv("MENDIAN_REDIS_URL", REDIS_URL)

    r = await client.get("/ready")

    assert r.status_code == 200 and r.json()["checks"]["redis"] == "ok"


async def test_ready_is_503_naming_redis_when_it_does_not_answer(client, monkeypatch):
    monkeypatch.setenv("MENDIAN_REDIS_URL", "redis://127.0.0.1:1/0")  # nothing listens on port 1

    r = await client.get("/ready")

    assert r.status_code == 503 and r.json()["checks"]["redis"].startswith("failed")
    assert r.json()["checks"]["database"] == "ok" and "Redis" in r.json()["detail"]


async def test_probes_are_not_in_the_api_schema(client):
    paths = (await client.get("/schema/openapi.json")).json()["paths"]

    assert not {"/health", "/ready", "/metrics"} & set(paths)


async def test_metrics_without_a_token_answer_this_host_only(app):
    async with client_of(app, STRANGER) as stranger, client_of(app) as local:
        hidden = await stranger.get("/metrics")
        proxied = await local.get("/metrics", headers={"X-Forwarded-For": "198.51.100.7"})
        shown = await local.get("/metrics")

    assert hidden.status_code == 404 and hidden.json()["code"] == "not_found"  # as any unknown path
    assert proxied.status_code == 404  # a proxy on this host must not make the world local
    assert shown.status_code == 200 and shown.headers["content-type"].startswith("text/plain")


async def test_metrics_with_a_token_answer_only_that_token(plugin_manager, clock, database_url):
    app = app_with_token(plugin_manager, clock)
    async with client_of(app, STRANGER) as stranger, client_of(app) as local:
        without = await stranger.get("/metrics")
        wrong = await stranger.get("/metrics", headers={"Authorization": "Bearer not-the-token"})
        local_without = await local.get("/metrics")
        right = await stranger.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})

    assert (without.status_code, wrong.status_code, local_without.status_code) == (404, 404, 404)
    assert right.status_code == 200 and "mendian_http_request_duration_seconds" in right.text


async def test_request_latency_is_labelled_by_route_template_not_by_id(client, tenant):
    await client.get(f"{API}/orders/987654", headers=tenant.headers)  # no such order: a 404 from the route
    await client.get("/no/such/path/555")

    text = (await client.get("/metrics")).text

    assert sample(text, "mendian_http_request_duration_seconds_count",
                  route="/api/v1/orders/{order_id}", method="GET", status="4xx") >= 1
    assert sample(text, "mendian_http_request_duration_seconds_count", route="<unmatched>", status="4xx") >= 1
    routes = {s.labels["route"] for family in text_string_to_metric_families(text)
              if family.name == "mendian_http_request_duration_seconds" for s in family.samples}
    assert "/api/v1/orders/{order_id}" in routes
    assert not [route for route in routes if "987654" in route or "555" in route]


async def test_a_payment_counts_once_and_a_refused_one_not_at_all(client, tenant):
    before = (await client.get("/metrics")).text

    await make_paid_order(tenant, [1200])  # through the services, as the CLI and plugins pay
    item = await make_item(client, tenant, "towel", 500)
    order = await open_order(client, tenant, [{"item_id": item["id"], "quantity": 1}])
    refused = await pay(client, tenant, order["id"], [{"kind": "cash", "amount_fen": 499}])  # rolled back
    after = (await client.get("/metrics")).text

    assert refused.status_code == 422 and refused.json()["code"] == "tenders_mismatch"

    def grew(name: str, **labels: str) -> float:
        return sample(after, name, **labels) - sample(before, name, **labels)

    assert grew("mendian_orders_paid_total") == 1
    assert grew("mendian_payments_total", tender="cash") == 1
    assert grew("mendian_orders_created_total") == 2


class Refusing:
    name = "refusing"

    async def send(self, sms: OutgoingSms) -> SendResult:
        return SendResult(ok=False, error="InvalidParameterValue.IncorrectPhoneNumber", permanent=True)


async def test_outbox_backlog_and_delivery_failures(client, tenant, clock, monkeypatch):
    monkeypatch.setattr(metrics, "SCRAPE_CACHE_S", 0)  # every scrape reads the backlog afresh
    before = (await client.get("/metrics")).text
    await messages.enqueue(await tenant.ctx(), to="13800138000", template="member_welcome", params={"tenant": "活力健身"})
    queued = (await client.get("/metrics")).text

    await deliver(Refusing(), clock)
    after = (await client.get("/metrics")).text

    assert (sample(before, "mendian_outbox_backlog"), sample(queued, "mendian_outbox_backlog")) == (0, 1)
    assert sample(after, "mendian_outbox_backlog") == 0
    failed = {"outcome": "failed"}
    assert sample(after, "mendian_outbox_deliveries_total", **failed) == sample(
        before, "mendian_outbox_deliveries_total", **failed) + 1


async def test_pool_gauges_describe_this_workers_postgresql_pool(client):
    text = (await client.get("/metrics")).text

    if db.is_sqlite():
        assert "mendian_db_pool" not in text  # SQLite has no pool to describe
    else:
        assert sample(text, "mendian_db_pool_max") == 20
        assert 1 <= sample(text, "mendian_db_pool_size") <= 20 and sample(text, "mendian_db_pool_in_use") >= 0


async def test_a_sane_request_id_is_passed_through(client):
    r = await client.get("/health", headers={"X-Request-ID": "till-7.req_42"})

    assert r.headers["x-request-id"] == "till-7.req_42"


async def test_an_insane_request_id_is_replaced(client):
    for bad in ("two words", "x" * 65, "semi;colon", ""):
        r = await client.get("/health", headers={"X-Request-ID": bad})
        assert re.fullmatch(r"[0-9a-f]{32}", r.headers["x-request-id"]), bad


async def test_every_response_has_a_request_id_even_an_unknown_paths(client):
    first, second = await client.get("/no/such/path"), await client.get("/no/such/path")

    assert first.status_code == 404
    assert first.headers["x-request-id"] != second.headers["x-request-id"]


async def test_log_records_of_a_request_carry_its_id(client, tenant, caplog):
    caplog.set_level(logging.INFO, logger="mendian.sms.local")

    r = await client.post(f"{API}/member-auth/codes", json={"tenant": tenant.slug, "phone": "13800138000"},
                          headers={"X-Request-ID": "code-request-1"})

    assert r.status_code == 202
    texted = [rec for rec in caplog.records if rec.name == "mendian.sms.local"]
    assert texted and all(rec.request_id == "code-request-1" for rec in texted)


def test_json_log_lines_parse_with_the_request_id():
    import sys

    from core import logs

    logs.install()
    token = logs.begin("abc-123")
    try:
        logs.note_tenant("demo-gym")
        record = logging.getLogger("core.test").makeRecord("core.test", logging.ERROR, __file__, 1, "paid %s", ("¥12.00",),
                                                           None)
        try:
            raise ValueError("boom")
        except ValueError:
            record.exc_info = sys.exc_info()
    finally:
        logs.end(token)

    line = JsonFormatter().format(record)

    assert "\n" not in line
    entry = json.loads(line)
    assert (entry["request_id"], entry["tenant"], entry["level"], entry["logger"]) == ("abc-123", "demo-gym", "ERROR",
                                                                                       "core.test")
    assert entry["message"] == "paid ¥12.00" and "ValueError: boom" in entry["exception"]
    assert entry["time"].endswith("+00:00")


async def test_the_server_warns_at_start_when_postgresql_runs_without_autovacuum(database_url, caplog):
    from core.app import warn_about_database

    with caplog.at_level(logging.WARNING, logger="core.app"):
        await warn_about_database()

    off = not db.is_sqlite() and (await db.fetch("SHOW autovacuum"))[0]["autovacuum"] == "off"
    assert ("autovacuum is off" in caplog.text) == off
    assert ("未开启 autovacuum" in caplog.text) == off

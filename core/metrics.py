"""Prometheus metrics: what the services count, and what ``/metrics`` reads at scrape time.

The domain counts (orders, payments, refunds, outbox deliveries, job runs) are incremented by the
services where each thing happens, so a payment counts alike whether it came over HTTP, from the
CLI or from a job. Each process counts its own; with several uvicorn workers set
``PROMETHEUS_MULTIPROC_DIR`` and every worker's counts are added up at each scrape
(prometheus-client's multiprocess mode). What needs a query (the outbox backlog) or describes
this process (its database pool) is read when scraped.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import os
import time
from collections.abc import Callable, Iterator

from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from core import db

log = logging.getLogger(__name__)

HTTP_DURATION = Histogram(
    "mendian_http_request_duration_seconds", "Time to answer an HTTP request",
    ["route", "method", "status"],  # route: the handler's path template, never a raw path with ids
)
ORDERS_CREATED = Counter("mendian_orders_created", "Orders opened (checkouts begun)")
ORDERS_PAID = Counter("mendian_orders_paid", "Orders paid")
PAYMENTS = Counter("mendian_payments", "Tenders taken in payments, by kind", ["tender"])
REFUNDS = Counter("mendian_refunds", "Refunds made")
OUTBOX_DELIVERIES = Counter("mendian_outbox_deliveries", "Outbox delivery attempts, by outcome", ["outcome"])
JOB_RUNS = Counter("mendian_job_runs", "Scheduled job runs (per tenant for tenant jobs)", ["job"])
JOB_FAILURES = Counter("mendian_job_failures", "Scheduled job runs that raised", ["job"])

SCRAPE_CACHE_S = 5.0  # a scrape every few seconds, from several Prometheus servers, queries at most this often
QUERY_TIMEOUT_S = 2.0

_commit_keys = itertools.count()


def on_commit(count: Callable[[], None]) -> None:
    """Count once the running transaction has committed (not for one that rolls back, nor one whose
    commit fails); at once outside one."""
    settles = db.settling()
    if settles is None:
        count()
        return

    async def counted() -> None:
        count()

    settles.committed[f"metrics:{next(_commit_keys)}"] = counted


def status_class(status: int) -> str:
    return f"{status // 100}xx"


class ScrapeTimeCollector(Collector):
    """Gauges read when scraped: the outbox backlog (cached a few seconds) and this process's pool."""

    def __init__(self) -> None:
        self.engine: Engine | None = None
        self.backlog: int | None = None
        self._read_at = float("-inf")

    async def refresh(self, engine: Engine) -> None:
        """Re-read the backlog if the last read is older than ``SCRAPE_CACHE_S``; a database that does
        not answer leaves the gauge out of this scrape rather than failing it."""
        from core.messages.tables import Message

        if engine is self.engine and time.monotonic() - self._read_at < SCRAPE_CACHE_S:
            return
        self.engine = engine
        try:
            query = Message.count().where(Message.status.is_in(["pending", "sending"]))
            self.backlog = await asyncio.wait_for(query.run(), QUERY_TIMEOUT_S)
        except Exception as exc:  # a scrape must answer even when the database does not
            log.warning("metrics: outbox backlog not read: %s", type(exc).__name__)
            self.backlog = None
        self._read_at = time.monotonic()

    def collect(self) -> Iterator[Metric]:
        if self.backlog is not None:
            yield GaugeMetricFamily("mendian_outbox_backlog", "Outbox messages waiting to be sent (pending or sending)",
                                    value=self.backlog)
        pool = self.engine.pool if isinstance(self.engine, PostgresEngine) else None
        if pool is not None:  # none on SQLite; per worker (the one that answered the scrape)
            size, idle = pool.get_size(), pool.get_idle_size()
            yield GaugeMetricFamily("mendian_db_pool_size", "Open connections in this worker's pool", value=size)
            yield GaugeMetricFamily("mendian_db_pool_in_use", "Connections of this worker's pool in use",
                                    value=size - idle)
            yield GaugeMetricFamily("mendian_db_pool_max", "The most connections this worker's pool opens",
                                    value=pool.get_max_size())


SCRAPED = ScrapeTimeCollector()
REGISTRY.register(SCRAPED)


def exposition() -> tuple[bytes, str]:
    """The text Prometheus reads, and its content type. In multiprocess mode the counts of every
    worker (from the files under ``PROMETHEUS_MULTIPROC_DIR``), with this worker's scrape-time gauges."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
        registry.register(SCRAPED)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST

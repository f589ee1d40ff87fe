"""What operators and their tools ask the server: is it alive (``/health``), may it take traffic
(``/ready``), and its figures (``/metrics``). None of them needs a sign-in, none is in the API schema;
``/metrics`` answers only its token, or this host when no token is set.
"""

from __future__ import annotations

import asyncio
import hmac
import time
from collections.abc import Awaitable
from typing import TypeVar

from litestar import Request, Response, get
from litestar.exceptions import NotFoundException

from core import db, metrics
from core.http.auth import bearer_token
from core.http.problems import problem
from core.migrate import kernel_apps, pending_migrations
from core.redis import redis_client, redis_url

CHECK_TIMEOUT_S = 2.0  # a probe must answer well inside a load balancer's own timeout
PENDING_CACHE_S = 5.0
LOCAL_CLIENTS = frozenset({"127.0.0.1", "::1"})
PROXY_HEADERS = ("x-forwarded-for", "forwarded", "x-real-ip")

OPERATOR = {"exclude_from_auth": True}
T = TypeVar("T")


@get("/health", opt=OPERATOR, operation_id="health", include_in_schema=False)
async def health() -> dict[str, str]:
    """Liveness: the process answers. Reads nothing, so a database outage does not get it restarted."""
    return {"status": "ok"}


class PendingCheck:
    """The pending-migration check, kept a few seconds: probes come often, migrations rarely."""

    def __init__(self) -> None:
        self.pending: list[str] = []
        self._read_at = float("-inf")

    async def read(self, request: Request) -> list[str]:
        if time.monotonic() - self._read_at >= PENDING_CACHE_S:
            self.pending = await pending_migrations([*kernel_apps(), *request.app.state.plugins.apps()])
            self._read_at = time.monotonic()
        return self.pending


async def _checked(check: Awaitable[T]) -> tuple[T | None, str | None]:
    """``check``'s result, or why it failed: "timeout", or the error's kind (never its text: it may
    hold a URL with a password)."""
    try:
        return await asyncio.wait_for(check, CHECK_TIMEOUT_S), None
    except TimeoutError:
        return None, "timeout"
    except Exception as exc:  # any failure of a dependency means not ready; the probe itself must answer
        return None, type(exc).__name__


async def _ping_redis() -> None:
    if (client := redis_client()) is not None:  # made here: a malformed URL is a failed check, not a 500
        await client.ping()


@get("/ready", opt=OPERATOR, operation_id="ready", include_in_schema=False)
async def ready(request: Request) -> Response:
    """Readiness: the database answers, no migration is pending, and Redis answers when configured
    (and this process listens to the other processes' changes through it)."""
    checks: dict[str, str] = {}
    failed: list[tuple[str, str]] = []  # (zh, en) of each failed check
    _, error = await _checked(db.fetch("SELECT 1"))
    if error is not None:
        checks["database"] = f"failed: {error}"
        failed.append(("数据库不可达", "database unreachable"))
    else:
        checks["database"] = "ok"
        pending, error = await _checked(request.app.state.pending_check.read(request))
        if error is not None:
            checks["migrations"] = f"failed: {error}"
            failed.append(("无法读取迁移记录", "migrations could not be read"))
        elif pending:
            checks["migrations"] = f"pending: {len(pending)}"
            failed.append((f"有 {len(pending)} 个迁移未执行（mendian db migrate）",
                           f"{len(pending)} migration(s) pending (mendian db migrate)"))
        else:
            checks["migrations"] = "ok"
    if redis_url() is not None:
        _, error = await _checked(_ping_redis())
        checks["redis"] = "ok" if error is None else f"failed: {error}"
        if error is not None:
            failed.append(("Redis 不可达", "Redis unreachable"))
    if (listener := request.app.state.get("invalidations")) is not None:
        # Not subscribed: changes made through other processes would go unheard here.
        checks["invalidations"] = "ok" if listener.subscribed.is_set() else "failed: not subscribed"
        if not listener.subscribed.is_set():
            failed.append(("未订阅其他进程的变更通知", "not subscribed to other processes' changes"))
    if failed:
        return problem(503, "not_ready", "服务未就绪：" + "；".join(zh for zh, _ in failed),
                       "Not ready: " + "; ".join(en for _, en in failed), request, checks=checks)
    return Response({"status": "ready", "checks": checks})


def _may_scrape(request: Request) -> bool:
    token = request.app.state.settings.metrics_token
    if token is not None:
        given = bearer_token(request)
        return given is not None and hmac.compare_digest(given.encode(), token.encode())
    # No token: this host only, and not through a proxy on it (which would make the world local).
    client = request.client.host if request.client is not None else None
    return client in LOCAL_CLIENTS and not any(h in request.headers for h in PROXY_HEADERS)


@get("/metrics", opt=OPERATOR, operation_id="metrics", include_in_schema=False)
async def prometheus_metrics(request: Request) -> Response:
    """Prometheus's text format; to anyone else a 404 like any unknown path, so it is not advertised."""
    if not _may_scrape(request):
        raise NotFoundException()
    await metrics.SCRAPED.refresh(request.app.state.engine)
    body, content_type = metrics.exposition()
    return Response(body, media_type=content_type)


ROUTES = [health, ready, prometheus_metrics]
